"""Collecting answers: surveys, invite links and codes, live workshops, imports,
retention, the demo organisation."""
