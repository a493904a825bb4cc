"""Documents: charts, the respondent's snapshot, the gap report, the workshop summary."""
