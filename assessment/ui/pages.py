"""Which pages a visitor can open. The entry point turns these into `st.Page`s.

Kept as plain data so tests can smoke-test every page the navigation can reach.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from assessment import words
from assessment.organisation.auth import RESET_PARAM, Actor


@dataclass(frozen=True)
class PageSpec:
    """One page: its script (relative to the entry point), icon, URL and menu section
    (a key of `nav.section_*`, "" for none); `visible`: listed in the menu (a hidden page
    opens only by its address)."""

    path: str
    icon: str
    url_path: str
    section: str
    visible: bool = True

    def title_in(self, lang: str) -> str:
        """The page's title in `lang`, for the menu and the browser tab."""
        return words.t(f"nav.{self.url_path}", lang)

    def section_in(self, lang: str) -> str:
        """The page's menu section in `lang` ("" for none)."""
        return words.t(f"nav.section_{self.section}", lang) if self.section else ""


# The pages, by script, icon, address and menu section; their titles are words
# (`nav.<address>`), in the session's language.
RESPOND = PageSpec("assessment/ui/respond.py", ":material/edit_note:", "respond", "Survey")
SETUP = PageSpec("assessment/ui/setup.py", ":material/rocket_launch:", "setup", "")
SIGN_IN = PageSpec("assessment/ui/signin.py", ":material/login:", "sign-in", "Account")
CONSOLE = PageSpec("assessment/ui/console.py", ":material/assignment:", "console", "Console")
ACCOUNTS = PageSpec("assessment/ui/accounts.py", ":material/group:", "accounts", "Console")
AUDIT = PageSpec("assessment/ui/audit.py", ":material/history:", "audit", "Console")
RESULTS = PageSpec("assessment/ui/results.py", ":material/insights:", "results", "Results")
FACILITATE = PageSpec("assessment/ui/facilitate.py", ":material/co_present:", "workshop", "Console")
# The workshop page for leadership: not in their menu, opened by the projector link on
# the Results page (`/workshop?workshop=ID&view=projector`); it shows them that read-only
# view of their organisation's workshops and nothing else (facilitate.render).
WATCH_WORKSHOP = replace(FACILITATE, visible=False)
PASSWORD = PageSpec("assessment/ui/password.py", ":material/password:", "password", "Account")
RESET = PageSpec("assessment/ui/reset.py", ":material/key:", "set-password", "")
LIBRARY = PageSpec(
    "assessment/ui/library.py", ":material/library_books:", "library", "Questionnaires"
)

# Query parameters that make a visitor a respondent: an assessment or team invite link
# (`?a=CODE`, `?a=CODE&t=TEAM`) or a resume link (`?r=SECRET`).
RESPONDENT_PARAMS = ("a", "r")


def is_respondent_visit(entry: Mapping[str, str]) -> bool:
    return any(entry.get(key) for key in RESPONDENT_PARAMS)


def is_reset_visit(entry: Mapping[str, str]) -> bool:
    """A password-reset link (`?reset=TOKEN`): its page only, whoever is signed in."""
    return bool(entry.get(RESET_PARAM))


def pages_for(
    actor: Actor | None = None,
    *,
    has_accounts: bool = True,
    entry: Mapping[str, str] | None = None,
) -> list[PageSpec]:
    """The pages open to a visitor, in menu order; the first is the default page.

    A visitor who came by an invite or resume link lands on the survey (and sees
    nothing else); a new install with no account offers the first-run setup;
    signed-out visitors can sign in or answer a survey (a workshop's phones have their
    own page, `ui/phone.py` at `/w/CODE`, which the sign-in page's code box leads to);
    leadership reads results (and may open its workshops' projector view, a page not in
    its menu); consultants get the console and the workshop screen too; both can
    change their password. A password-reset link opens its own page and nothing else.
    """
    entry = entry or {}
    if is_reset_visit(entry):
        return [RESET]
    kind = actor.kind if actor is not None else "anonymous"
    if kind not in ("consultant", "leadership") and is_respondent_visit(entry):
        return [RESPOND]
    if kind == "consultant":
        return [CONSOLE, FACILITATE, ACCOUNTS, AUDIT, RESULTS, LIBRARY, RESPOND, PASSWORD]
    if kind == "leadership":
        return [RESULTS, PASSWORD, WATCH_WORKSHOP]
    if not has_accounts:
        return [SETUP, RESPOND]
    return [SIGN_IN, RESPOND]


def shows_menu(pages: list[PageSpec]) -> bool:
    """Respondents get a full-width page without the sidebar menu (phones first), as
    does a password-reset link."""
    return pages not in ([RESPOND], [RESET])
