"""Errors the domain raises on purpose: a stable code for programs, a message for people."""

from __future__ import annotations


class GapMapError(Exception):
    """A refused request. `code` is stable (tests and pages branch on it); `message` is
    written for the person who made the request and says what to do."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{message} [{code}]")
        self.code = code
        self.message = message


class AssessmentError(GapMapError):
    """An assessment that does not exist, is set up wrongly, or cannot take answers now."""


class ResponseError(GapMapError):
    """An answer or a submission that cannot be accepted."""
