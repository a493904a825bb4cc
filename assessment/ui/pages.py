"""Which pages a visitor can open. The entry point turns these into `st.Page`s.

Kept as plain data so tests can smoke-test every page the navigation can reach.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assessment.auth import Actor


@dataclass(frozen=True)
class PageSpec:
    """One page: its script (relative to the entry point), title, icon, URL and section."""

    path: str
    title: str
    icon: str
    url_path: str
    section: str


RESPOND = PageSpec(
    "assessment/ui/respond.py", "Answer a survey", ":material/edit_note:", "respond", "Survey"
)
SETUP = PageSpec("assessment/ui/setup.py", "Set up GapMap", ":material/rocket_launch:", "setup", "")
SIGN_IN = PageSpec("assessment/ui/signin.py", "Sign in", ":material/login:", "sign-in", "Account")
CONSOLE = PageSpec(
    "assessment/ui/console.py", "Assessments", ":material/assignment:", "console", "Console"
)
ACCOUNTS = PageSpec(
    "assessment/ui/accounts.py", "Accounts", ":material/group:", "accounts", "Console"
)
AUDIT = PageSpec("assessment/ui/audit.py", "Audit log", ":material/history:", "audit", "Console")
RESULTS = PageSpec(
    "assessment/ui/results.py", "Results", ":material/insights:", "results", "Results"
)
LIBRARY = PageSpec(
    path="assessment/ui/library.py",
    title="Questionnaire library",
    icon=":material/library_books:",
    url_path="library",
    section="Questionnaires",
)

# Query parameters that make a visitor a respondent: an assessment or team invite link
# (`?a=CODE`, `?a=CODE&t=TEAM`) or a resume link (`?r=SECRET`).
RESPONDENT_PARAMS = ("a", "r")


def is_respondent_visit(entry: Mapping[str, str]) -> bool:
    return any(entry.get(key) for key in RESPONDENT_PARAMS)


def pages_for(
    actor: Actor | None = None,
    *,
    has_accounts: bool = True,
    entry: Mapping[str, str] | None = None,
) -> list[PageSpec]:
    """The pages open to a visitor, in menu order; the first is the default page.

    A visitor who came by an invite or resume link lands on the survey (and sees
    nothing else); a new install with no account offers the first-run setup; signed-out
    visitors can sign in; leadership reads results; consultants get the console too.
    """
    entry = entry or {}
    kind = actor.kind if actor is not None else "anonymous"
    if is_respondent_visit(entry) and kind not in ("consultant", "leadership"):
        return [RESPOND]
    if kind == "consultant":
        return [CONSOLE, ACCOUNTS, AUDIT, RESULTS, LIBRARY, RESPOND]
    if kind == "leadership":
        return [RESULTS]
    if not has_accounts:
        return [SETUP, RESPOND]
    return [SIGN_IN, RESPOND]


def shows_menu(pages: list[PageSpec]) -> bool:
    """Respondents get a full-width page without the sidebar menu (phones first)."""
    return pages != [RESPOND]
