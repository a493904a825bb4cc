"""Untrusted text stays text on every page: organisation, assessment and team names,
the purpose text and comments with HTML and formula payloads, shown through AppTest as a
consultant (console, results) and as a respondent (the survey's welcome page).

No element may be rendered with HTML allowed, and every payload must arrive escaped
(Markdown-escaped text, or a plain-text widget value)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment import access
from assessment.collect.demo import default_questionnaire, generate_demo
from assessment.organisation import auth
from assessment.organisation.assessments import Team, create_assessment
from assessment.storage.store import Store
from assessment.ui.console import ALWAYS_SHOW_COPY
from assessment.ui.menu import CLOSE_ON_CHOICE
from assessment.ui.pages import CONSOLE, RESULTS
from assessment.ui.state import STEADY_CSS, Console
from assessment.ui.text import NARROW_TABLES
from tests.pagetext import markdown_table

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src=x onerror="alert(2)">'
FORMULA = '=HYPERLINK("http://evil.example","click")'
CONSULTANT = ("casey", "correct horse battery staple")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A demo organisation named with a script tag, and an assessment in it whose name,
    purpose and teams carry the other payloads."""
    path = tmp_path_factory.mktemp("hostile") / "gapmap.duckdb"
    store = Store(path)
    account = auth.create_first_consultant(store, username=CONSULTANT[0], password=CONSULTANT[1])
    demo = generate_demo(store, 40, seed=3, name=f"Org {SCRIPT}")
    access.grant_organisation(store, auth.SYSTEM, account.id, demo.organisation_id)
    q, source = default_questionnaire()
    survey = create_assessment(
        store,
        demo.organisation_id,
        q,
        name=f"Survey {IMAGE}",
        purpose=f"Why: {SCRIPT} **bold** [link](http://evil.example)",
        teams=[Team("t1", f"Team {FORMULA}", 6), Team("t2", f"Team {IMAGE}", 4)],
        source=source,
    )
    store.close()
    return path, demo.assessment_id, survey.invite_code


def _texts_with_html_allowed(at: AppTest) -> list[str]:
    allowed = []
    for kind in ("markdown", "caption", "info", "error", "warning", "success"):
        for element in getattr(at, kind):
            proto = element.proto
            body = getattr(proto, "body", None) or getattr(proto, "value", "")
            if getattr(proto, "allow_html", False):
                allowed.append(str(body))
    return allowed


def _unescaped_tags(text: str) -> list[str]:
    """Every `<` that Markdown would read as the start of a tag (not backslash-escaped)."""
    return re.findall(r"(?<!\\)<[a-z/!][^>]{0,40}", text)


def _all_text(at: AppTest) -> str:
    parts = [str(e.value) for kind in ("markdown", "caption", "title", "header", "subheader")
             for e in getattr(at, kind)]  # fmt: skip
    parts += [str(e.value) for e in at.info] + [str(e.value) for e in at.error]
    return "\n".join(parts)


def _run_as_consultant(
    path: Path, monkeypatch: pytest.MonkeyPatch, page: str, **state: str
) -> AppTest:
    monkeypatch.setenv("GAPMAP_DB", str(path))
    store = Store(path)
    try:
        token = auth.sign_in(store, *CONSULTANT).token
    finally:
        store.close()
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["session_token"] = token
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_console_shows_hostile_names_as_text(
    hostile: tuple[Path, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _, _ = hostile
    at = _run_as_consultant(path, monkeypatch, CONSOLE.path)

    assert _texts_with_html_allowed(at) == []
    # only our own constant HTML: the menu's script, the reminder's copy-button CSS and
    # the live overview's steady CSS
    ours = (CLOSE_ON_CHOICE, ALWAYS_SHOW_COPY, STEADY_CSS)
    assert [h.value for h in at.html if h.value not in ours] == []
    assert _unescaped_tags(_all_text(at)) == []
    # option texts of a select box are shown as plain text, never as Markdown or HTML
    assert f"Org {SCRIPT}" in at.selectbox(key=Console.ORG.name).options


@pytest.mark.parametrize(
    "tab", ["overview", "gap_map", "dimensions", "actions", "evidence", "more"]
)
def test_results_show_hostile_names_as_text(
    hostile: tuple[Path, str, str], monkeypatch: pytest.MonkeyPatch, tab: str
) -> None:
    path, demo_id, _ = hostile
    at = _run_as_consultant(path, monkeypatch, RESULTS.path, results_open=demo_id, results_tab=tab)
    assert len(at.tabs) == 6

    assert _texts_with_html_allowed(at) == []
    # only our own constant HTML: the menu's script and the tables' phone-width CSS
    assert [h.value for h in at.html if h.value not in (CLOSE_ON_CHOICE, NARROW_TABLES)] == []
    assert _unescaped_tags(_all_text(at)) == []


def test_an_agreed_actions_hostile_title_and_owner_are_text_in_the_table(
    hostile: tuple[Path, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The results page's tables are Markdown tables: every cell is escaped, so HTML,
    Markdown, a formula and a pipe (a cell separator) in a title or owner stay text."""
    path, demo_id, _ = hostile
    title = "<b>x</b> **bold** =1+1 | [link](http://evil.example)"
    owner = f"{SCRIPT} :red[owner]"
    store = Store(path)
    try:
        consultant = auth.sign_in(store, *CONSULTANT).actor
        access.add_agreed_action(store, consultant, demo_id, title=title, owner=owner)
    finally:
        store.close()
    at = _run_as_consultant(
        path, monkeypatch, RESULTS.path, results_open=demo_id, results_tab="actions"
    )

    assert _texts_with_html_allowed(at) == []
    assert _unescaped_tags(_all_text(at)) == []
    (table,) = [m.value for m in at.markdown if "| Owner |" in m.value]
    row = (
        r"| \<b\>x\<\/b\> \*\*bold\*\* \=1\+1 \| \[link\]\(http\:\/\/evil\.example\)"
        r" | \<script\>alert\(1\)\<\/script\> \:red\[owner\] |  | Open |  |"
    )
    assert row in table.splitlines()
    assert [(r["Action"], r["Owner"]) for r in markdown_table(at, "Owner")] == [(title, owner)]


def test_welcome_page_escapes_the_purpose_and_names(
    hostile: tuple[Path, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _, code = hostile
    monkeypatch.setenv("GAPMAP_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["a"] = code
    at.run()
    assert not at.exception, [e.value for e in at.exception]

    assert _texts_with_html_allowed(at) == []
    text = _all_text(at)
    assert _unescaped_tags(text) == []
    assert r"Why\: \<script\>alert\(1\)\<\/script\> \*\*bold\*\* \[link\]" in text
    # st.html is used only for the page's own constant CSS and scroll script
    assert all("alert" not in str(h.proto.body) for h in at.html)
