"""Who and what is assessed: organisations, assessments, teams, accounts, sessions and
the audit events."""
