"""Storage: where data lives, the DuckDB store and its migrations, backups."""
