"""Where GapMap keeps its data: one DuckDB file, chosen by flag, environment or default."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = Path("data") / "gapmap.duckdb"
ENV_DB = "GAPMAP_DB"


def database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The DuckDB file to use: `--db` if given, else `$GAPMAP_DB`, else data/gapmap.duckdb."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(ENV_DB, "").strip()
    if from_env:
        return Path(from_env)
    return DEFAULT_DB


def questionnaire_dir() -> Path:
    """The questionnaire library folder: `$GAPMAP_QUESTIONNAIRES`, else `questionnaires/`."""
    from assessment.questionnaire.questionnaires import QUESTIONNAIRE_DIR

    from_env = os.environ.get("GAPMAP_QUESTIONNAIRES", "").strip()
    return Path(from_env) if from_env else QUESTIONNAIRE_DIR
