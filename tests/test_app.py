"""Smoke and behaviour tests of the Streamlit app, run headless through AppTest.

The app reads its DuckDB file from `GAPMAP_DB` and its library folder from
`GAPMAP_QUESTIONNAIRES`; both point into the test's tmp dir. `tests/fixtures/ui-sample.yaml`
is a small bilingual questionnaire with every item type and Markdown-laden text.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Element

from assessment.organisation import auth
from assessment.questionnaire.questionnaires import QUESTIONNAIRE_DIR, library, load_questionnaire
from assessment.storage.store import Store
from assessment.ui import language
from assessment.ui.library import questionnaire_label
from assessment.ui.menu import CLOSE_ON_CHOICE
from assessment.ui.pages import (
    ACCOUNTS,
    AUDIT,
    CONSOLE,
    FACILITATE,
    LIBRARY,
    PASSWORD,
    RESET,
    RESPOND,
    RESULTS,
    SETUP,
    SIGN_IN,
    WATCH_WORKSHOP,
    PageSpec,
    pages_for,
    shows_menu,
)
from assessment.ui.text import comments_markdown, escape_markdown
from tests.pagetext import english_left

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SAMPLE = ROOT / "tests" / "fixtures" / "ui-sample.yaml"
BROKEN_YAML = 'id: Broken Id\nversion: "1"\ntitel: typo\n'
TRICKY_EN = "Our CRM is *the* place for <b>deals</b> & [notes](https://example.com) :red[today] $x$"
TRICKY_DE = (
    "Unser CRM ist *der* Ort für <b>Deals</b> & [Notizen](https://example.com) :red[heute] $x$"
)
SALES_ITEMS = [
    "p-why",
    "p-anchor",
    "p-sales-skip",
    "t-enough",
    "t-channels",
    "t-hours",
    "t-comment",
]
LEADERSHIP_ITEMS = ["p-why", "p-anchor", "p-lead-goal", "t-enough", "t-comment"]


CONSULTANT = ("casey", "correct horse battery staple")


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A DuckDB file for the app holding one consultant account; the shipped library
    unless a test says otherwise."""
    path = tmp_path / "gapmap.duckdb"
    store = Store(path)
    auth.create_first_consultant(store, username=CONSULTANT[0], password=CONSULTANT[1])
    store.close()
    monkeypatch.setenv("GAPMAP_DB", str(path))
    monkeypatch.delenv("GAPMAP_QUESTIONNAIRES", raising=False)
    return path


def consultant_token(path: Path) -> str:
    """A fresh session token for the consultant (the app must not hold the file yet)."""
    store = Store(path)
    try:
        return auth.sign_in(store, *CONSULTANT).token
    finally:
        store.close()


@pytest.fixture
def sample_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_path: Path) -> Path:
    """A library folder holding only the UI sample questionnaire."""
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "ui-sample.yaml")
    monkeypatch.setenv("GAPMAP_QUESTIONNAIRES", str(folder))
    return folder


def run_app() -> AppTest:
    """Open the questionnaire library as the signed-in consultant; fail on any exception."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["session_token"] = consultant_token(Path(os.environ["GAPMAP_DB"]))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return rerun(at.switch_page(LIBRARY.path))


def rerun(changed: AppTest | Element) -> AppTest:
    """Rerun after a widget change or page switch and fail on any exception."""
    at = changed.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def tab(at: AppTest, label: str) -> Block:
    """The tab with this label."""
    return next(t for t in at.tabs if t.label == label)


def preview_item_ids(at: AppTest) -> list[str]:
    """Ids of the items in the role preview, in order, read from each card's flag caption."""
    captions = [c.value for c in tab(at, "Preview as a role").caption]
    return [c.split("`")[1] for c in captions if c.startswith("`")]


# --- the app as a whole ------------------------------------------------------------------


def test_app_runs_and_creates_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "new" / "gapmap.duckdb"
    monkeypatch.setenv("GAPMAP_DB", str(path))
    at = rerun(AppTest.from_file(APP, default_timeout=30))
    assert path.exists()
    assert [c.value for c in at.sidebar.caption] == ["GapMap"]


def test_library_shows_its_title_and_who_is_signed_in(db_path: Path) -> None:
    at = run_app()
    assert [t.value for t in at.title] == ["Questionnaire library"]
    assert [c.value for c in at.sidebar.caption] == ["GapMap", "Signed in as casey"]


CONSULTANT_PAGES = pages_for(auth.Actor("consultant", "id", "casey"))


@pytest.mark.parametrize("page", CONSULTANT_PAGES, ids=lambda p: p.url_path)
def test_every_consultant_page_runs(db_path: Path, page: PageSpec) -> None:
    at = run_app()
    rerun(at.switch_page(page.path))
    assert [e.value for e in at.error] == []


# --- who sees which pages ----------------------------------------------------------------


def test_new_install_offers_the_first_run_setup() -> None:
    assert pages_for(auth.ANONYMOUS, has_accounts=False) == [SETUP, RESPOND]


def test_signed_out_visitor_can_sign_in_or_answer_a_survey() -> None:
    # A workshop's phones have a page of their own (ui/phone.py, /w/CODE), not a menu item.
    assert pages_for(auth.ANONYMOUS, has_accounts=True) == [SIGN_IN, RESPOND]


@pytest.mark.parametrize("entry", [{"a": "CODE"}, {"a": "CODE", "t": "sales"}, {"r": "secret"}])
@pytest.mark.parametrize("has_accounts", [True, False])
def test_an_invite_or_resume_link_leads_only_to_the_survey(
    entry: dict[str, str], has_accounts: bool
) -> None:
    pages = pages_for(auth.ANONYMOUS, has_accounts=has_accounts, entry=entry)
    assert pages == [RESPOND]
    assert not shows_menu(pages)


def test_leadership_reads_results_and_changes_its_password_only() -> None:
    leader = auth.Actor("leadership", "id", "dana", organisation_ids=frozenset({"org"}))
    assert pages_for(leader) == [RESULTS, PASSWORD, WATCH_WORKSHOP]
    assert pages_for(leader, entry={"a": "CODE"}) == [RESULTS, PASSWORD, WATCH_WORKSHOP]
    # the workshop page is theirs only for its projector view: not in their menu
    assert [p.title_in("en") for p in pages_for(leader) if p.visible] == [
        "Results",
        "Your password",
    ]
    assert WATCH_WORKSHOP.url_path == FACILITATE.url_path == "workshop"


@pytest.mark.parametrize(
    "actor", [auth.ANONYMOUS, auth.Actor("consultant", "id", "casey")], ids=["out", "in"]
)
def test_a_password_reset_link_leads_only_to_its_page(actor: auth.Actor) -> None:
    pages = pages_for(actor, has_accounts=True, entry={"reset": "token", "a": "CODE"})
    assert pages == [RESET]
    assert not shows_menu(pages)


def test_consultant_gets_the_console_first() -> None:
    assert CONSULTANT_PAGES[0] == CONSOLE
    assert {LIBRARY, RESULTS, ACCOUNTS, AUDIT, FACILITATE, PASSWORD} <= set(CONSULTANT_PAGES)


def test_signed_in_consultant_lands_on_the_console(db_path: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["session_token"] = consultant_token(db_path)
    rerun(at)
    assert at.session_state["actor"].username == "casey"
    assert "Sign out" in [b.label for b in at.sidebar.button]


def test_unknown_session_token_signs_the_visitor_out(db_path: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["session_token"] = "forged-token"
    rerun(at)
    assert at.session_state["actor"] == auth.ANONYMOUS
    assert at.session_state["session_notice"] == "Your session has ended. Please sign in again."


def test_invite_code_is_kept_when_the_query_is_cleared(db_path: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["a"] = "abcd2345"
    at.query_params["t"] = "sales"
    at.query_params["ignored"] = "x"
    rerun(at)
    assert at.session_state["entry"] == {"a": "abcd2345", "t": "sales"}


def test_questionnaire_text_is_never_rendered_as_html(sample_library: Path) -> None:
    at = run_app()
    # The only HTML is the menu's constant script (assessment/ui/menu.py).
    assert [h.value for h in at.html if h.value != CLOSE_ON_CHOICE] == []
    assert [m.value for m in at.markdown if m.proto.allow_html] == []
    assert [c.value for c in at.caption if c.proto.allow_html] == []


def test_escape_markdown_makes_markdown_and_html_literal() -> None:
    assert escape_markdown("*a* <b>x</b> [l](u) :red[r] $x$ #1") == (
        r"\*a\* \<b\>x\<\/b\> \[l\]\(u\) \:red\[r\] \$x\$ \#1"
    )
    assert escape_markdown("line one\n    indented\n- item") == "line one  \nindented  \n\\- item"
    assert escape_markdown("") == ""


def test_comments_are_one_escaped_markdown_text_with_repeats_counted() -> None:
    """The Results page shows a question's comments as one element (a thousand
    elements at 10k respondents took tens of seconds to draw)."""
    said = ["Too slow", "*bold* <b>", "Too slow ", "ok", "Too slow"]
    assert comments_markdown("Why *so*?", said) == (
        "**Why \\*so\\*\\?**\n\nToo slow (×3)\n\n\\*bold\\* \\<b\\>\n\nok"
    )


# --- library -------------------------------------------------------------------------------


def test_library_lists_the_shipped_questionnaires(db_path: Path) -> None:
    shipped = library(QUESTIONNAIRE_DIR)
    assert shipped, "no questionnaire is shipped in questionnaires/"
    assert [str(p) for r in shipped for p in r.errors] == []
    at = run_app()
    picker = at.selectbox(key="library-questionnaire")
    assert picker.options == [
        questionnaire_label(r.questionnaire) for r in shipped if r.questionnaire
    ]
    first = shipped[0].questionnaire
    assert first is not None
    assert [h.value for h in at.header] == [escape_markdown(first.t(first.title))]
    assert [e.label for e in at.expander if "could not be loaded" in e.label] == []


def test_picker_names_title_and_version(sample_library: Path) -> None:
    at = run_app()
    assert at.selectbox(key="library-questionnaire").options == ["GapMap UI sample · v2.1"]


def test_overview_shows_version_languages_hash_and_counts(sample_library: Path) -> None:
    sample = load_questionnaire(SAMPLE).questionnaire
    assert sample is not None
    at = run_app()
    assert [h.value for h in at.header] == ["GapMap UI sample"]
    captions = [c.value for c in at.caption]
    assert (
        f"Version 2\\.1 · English, Deutsch · content hash `{sample.content_hash()[:12]}` · "
        "ui\\-sample\\.yaml"
    ) in captions
    markdown = [m.value for m in at.markdown]
    assert "A compact questionnaire that exercises every item type\\." in markdown
    badges = [m for m in markdown if "badge[" in m]
    assert badges == [
        ":gray-badge[3 levels]",
        ":gray-badge[2 dimensions]",
        ":gray-badge[2 roles]",
        ":gray-badge[8 items (4 core)]",
        ":gray-badge[2 actions]",
    ]


def test_overview_lists_the_authors_warnings(sample_library: Path) -> None:
    at = run_app()
    warnings = next(e for e in at.expander if e.label == "1 warning for the author")
    assert [m.value for m in warnings.markdown] == [
        "- **ui\\-sample\\.yaml\\:1** · items: dimension \\`training\\` has no pulse item\\, "
        "so a live workshop skips it :gray[no\\-pulse\\-items]"
    ]


def test_levels_tab_shows_number_name_threshold_and_description(sample_library: Path) -> None:
    at = run_app()
    rows = tab(at, "Maturity levels").table[0].value.to_dict("records")
    assert rows == [
        {
            "Level": "1",
            "Name": "Address book",
            "From score": "1",
            "Description": "The CRM stores contacts and little else\\.",
        },
        {
            "Level": "2",
            "Name": "Team tool",
            "From score": "1.8",
            "Description": "Teams record their work in the CRM\\.",
        },
        {
            "Level": "3",
            "Name": "Operating system",
            "From score": "2.6",
            "Description": "The business runs on the CRM\\.",
        },
    ]


def test_dimensions_tab_shows_weight_definition_and_each_level(sample_library: Path) -> None:
    at = run_app()
    dims = tab(at, "Dimensions")
    assert [s.value for s in dims.subheader] == ["Purpose", "Training"]
    assert [c.value for c in dims.caption] == [
        "Weight 1.5 · id `purpose`",
        "Weight 1 · id `training`",
    ]
    markdown = [m.value for m in dims.markdown]
    assert markdown == [
        "Everyone knows why the CRM exists\\.",
        "1. **Address book**: Nobody can say why\\.\n"
        "2. **Team tool**: Managers can say why\\.\n"
        "3. **Operating system**: Everyone can say why\\.",
        "**Workshop prompts**",
        "- What would we lose without the CRM\\?",
        "People learn the CRM continuously\\.",
        "1. **Address book**: One launch session\\.\n"
        "2. **Team tool**: Training on request\\.\n"
        "3. **Operating system**: Continuous learning\\.",
    ]


def test_actions_tab_lists_title_owner_effort_impact_and_when(sample_library: Path) -> None:
    at = run_app()
    rows = tab(at, "Actions").dataframe[0].value.to_dict("records")
    assert rows == [
        {
            "Action": "Tell the CRM story",
            "Owner": "Leadership",
            "Effort": "Small",
            "Impact": "High",
            "When": "Purpose: level 1 → 2",
        },
        {
            "Action": "Listen to the front line",
            "Owner": "Leadership",
            "Effort": "Medium",
            "Impact": "Medium",
            "When": "Perception gap",
        },
    ]


# --- preview as a role --------------------------------------------------------------------


def test_preview_shows_the_items_of_the_first_role(sample_library: Path) -> None:
    at = run_app()
    assert at.pills(key="library-role-ui-sample").value == "sales"
    assert preview_item_ids(at) == SALES_ITEMS
    preview = tab(at, "Preview as a role")
    assert [m.value for m in preview.metric] == ["7", "≈ 3", "4"]
    assert (
        "Core items are asked of every role, so roles can be compared; "
        "3 items here are not asked of every role."
    ) in [c.value for c in preview.caption]
    assert [s.value for s in preview.subheader] == ["Purpose", "Training"]


def test_switching_role_changes_the_items_shown(sample_library: Path) -> None:
    at = run_app()
    rerun(at.pills(key="library-role-ui-sample").set_value("leadership"))
    assert preview_item_ids(at) == LEADERSHIP_ITEMS
    preview = tab(at, "Preview as a role")
    # 111 s for leadership in English (`Questionnaire.estimate`), 125 s for sales
    assert [m.value for m in preview.metric] == ["5", "≈ 2", "4"]
    assert (
        "Core items are asked of every role, so roles can be compared; "
        "1 item here is not asked of every role."
    ) in [c.value for c in preview.caption]
    assert [r.label for r in preview.radio] == [
        escape_markdown(TRICKY_EN),
        "Which sentence describes your team best\\?",
        "Have you written down what the CRM should achieve\\?",
        "I got enough training to use the CRM well\\.",
    ]
    assert [w.label for w in preview.multiselect] == []
    assert [w.label for w in preview.number_input] == []
    assert [w.label for w in preview.text_area] == ["What would help you most\\?"]


def test_preview_uses_each_item_types_widget_disabled(sample_library: Path) -> None:
    at = run_app()
    preview = tab(at, "Preview as a role")
    radios = {r.key: r for r in preview.radio}
    agree = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
    likert = radios["item-ui-sample-p-why"]
    assert (likert.options, likert.horizontal, likert.disabled, likert.value) == (
        agree,
        True,
        True,
        None,
    )
    anchored = radios["item-ui-sample-p-anchor"]
    assert anchored.options == [
        "We enter data because we are told to\\.",
        "We use the CRM to plan our own week\\.",
        "We could not work without the CRM\\.",
    ]
    assert (anchored.horizontal, anchored.disabled) == (False, True)
    frequency = radios["item-ui-sample-p-sales-skip"]
    assert (frequency.options, frequency.horizontal) == (["Never", "Sometimes", "Often"], True)

    multi = preview.multiselect(key="item-ui-sample-t-channels")
    assert (multi.options, multi.disabled) == (["Colleagues", "Videos", "Classroom"], True)
    hours = preview.number_input(key="item-ui-sample-t-hours")
    assert (hours.proto.min, hours.proto.max, hours.value, hours.disabled) == (0, 40, None, True)
    captions = [c.value for c in preview.caption]
    assert "Choices: Colleagues · Videos · Classroom" in captions
    assert "Range 0–40 hours" in captions
    comment = preview.text_area(key="item-ui-sample-t-comment")
    assert (comment.proto.max_chars, comment.disabled) == (2000, True)

    assert [(c.key, c.label, c.disabled) for c in preview.checkbox] == [
        ("dontknow-ui-sample-p-why", "Don\\'t know \\/ not applicable", True),
        ("dontknow-ui-sample-t-enough", "I have not been trained yet", True),
    ]


def test_preview_flags_scoring_details_for_the_consultant(sample_library: Path) -> None:
    at = run_app()
    flags = [c.value for c in tab(at, "Preview as a role").caption if c.value.startswith("`")]
    assert flags == [
        "`p-why` · Agreement scale · core item · pulse",
        "`p-anchor` · Anchored maturity choice · core item",
        "`p-sales-skip` · Frequency scale · only Sales · reverse-coded",
        "`t-enough` · Agreement scale · core item · weight 2",
        "`t-channels` · Multiple choice · only Sales",
        "`t-hours` · Number · only Sales · optional",
        "`t-comment` · Free text · core item · optional",
    ]


# --- languages ------------------------------------------------------------------------------


def test_switching_language_to_german_shows_german_text(sample_library: Path) -> None:
    at = run_app()
    switch = at.segmented_control(key="library-language-ui-sample")
    assert switch.options == ["English", "Deutsch"]
    rerun(switch.set_value("de"))
    assert [h.value for h in at.header] == ["GapMap UI\\-Beispiel"]
    assert "Ein kompakter Fragebogen\\, der jeden Fragetyp verwendet\\." in [
        m.value for m in at.markdown
    ]
    levels = tab(at, "Maturity levels").table[0].value
    assert list(levels["Name"]) == ["Adressbuch", "Teamwerkzeug", "Betriebssystem"]
    assert [s.value for s in tab(at, "Dimensions").subheader] == ["Zweck", "Schulung"]
    preview = tab(at, "Preview as a role")
    assert at.pills(key="library-role-ui-sample").options == ["Vertrieb", "Geschäftsleitung"]
    assert preview.radio[0].label == escape_markdown(TRICKY_DE)
    assert preview.radio[0].options == [
        "Stimme gar nicht zu",
        "Stimme nicht zu",
        "Neutral",
        "Stimme zu",
        "Stimme voll zu",
    ]
    assert [c.label for c in preview.checkbox] == [
        "Weiß nicht \\/ trifft nicht zu",
        "Ich wurde noch nicht geschult",
    ]
    actions = tab(at, "Actions").dataframe[0].value
    assert list(actions["Action"]) == ["Die CRM-Geschichte erzählen", "Der Front zuhören"]
    assert list(actions["When"]) == ["Zweck: level 1 → 2", "Perception gap"]


def test_a_german_page_shows_the_library_in_german(
    sample_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's words follow the page's language, and the questionnaire starts in it."""
    monkeypatch.setattr(language, "browser_language", lambda: "de")
    at = run_app()

    assert [t.value for t in at.title] == ["Fragebogen-Bibliothek"]
    assert [t.label for t in at.tabs] == [
        "Reifegrade", "Dimensionen", "Vorschau als Rolle", "Maßnahmen",
    ]  # fmt: skip
    assert at.segmented_control(key="library-language-ui-sample").value == "de"
    levels = tab(at, "Reifegrade").table[0].value
    assert list(levels.columns) == ["Stufe", "Name", "Ab Wert", "Beschreibung"]
    assert list(levels["Ab Wert"]) == ["1", "1,8", "2,6"]
    actions = tab(at, "Maßnahmen").dataframe[0].value
    assert list(actions.columns) == ["Maßnahme", "Verantwortlich", "Aufwand", "Wirkung", "Wann"]
    assert list(actions["Wann"]) == ["Zweck: Stufe 1 → 2", "Wahrnehmungslücke"]
    assert list(actions["Aufwand"]) == ["Gering", "Mittel"]
    preview = tab(at, "Vorschau als Rolle")
    assert [m.label for m in preview.metric] == ["Fragen", "Minuten", "Kern"]
    assert english_left(at, "library", "nav") == []


# --- files that fail validation -------------------------------------------------------------


def test_invalid_file_is_listed_with_each_problem(sample_library: Path) -> None:
    broken = sample_library / "broken.yaml"
    broken.write_text(BROKEN_YAML, encoding="utf-8")
    problems = load_questionnaire(broken).errors
    at = run_app()
    box = next(e for e in at.expander if e.key == "library-broken")
    assert box.label == "1 file in the library could not be loaded"
    assert [m.value for m in box.markdown] == [
        f"**broken\\.yaml** · {len(problems)} problems",
        "\n".join(
            f"- **broken\\.yaml\\:{p.line}** · {escape_markdown(p.path)}: "
            f"{escape_markdown(p.message)} :gray[{escape_markdown(p.code)}]"
            for p in problems
        ),
    ]
    assert (
        "- **broken\\.yaml\\:3** · titel: unknown key \\`titel\\` \\(check the spelling\\) "
        ":gray[unknown\\-key]"
    ) in box.markdown[1].value.splitlines()
    assert at.selectbox(key="library-questionnaire").options == ["GapMap UI sample · v2.1"]


def test_a_german_page_words_each_problem_in_german(
    sample_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The problems of a broken file are worded in the page's language; code, file, line
    and field stay as they are (they name the file, not the reader's language)."""
    (sample_library / "broken.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    monkeypatch.setattr(language, "browser_language", lambda: "de")
    at = run_app()
    box = next(e for e in at.expander if e.key == "library-broken")
    assert box.markdown[1].value.splitlines() == [
        "- **broken\\.yaml\\:1** · id: \\`Broken Id\\` ist keine ID\\: Kleinbuchstaben\\, "
        "Ziffern\\, \\`\\-\\` oder \\`\\_\\`\\, am Anfang ein Buchstabe \\(höchstens 64 Zeichen\\) "
        ":gray[invalid\\-id]",
        "- **broken\\.yaml\\:1** · title: \\`title\\` fehlt :gray[missing\\-field]",
        "- **broken\\.yaml\\:1** · description: \\`description\\` fehlt :gray[missing\\-field]",
        "- **broken\\.yaml\\:1** · levels: \\`levels\\` fehlt :gray[missing\\-field]",
        "- **broken\\.yaml\\:1** · dimensions: \\`dimensions\\` fehlt :gray[missing\\-field]",
        "- **broken\\.yaml\\:1** · roles: \\`roles\\` fehlt :gray[missing\\-field]",
        "- **broken\\.yaml\\:1** · items: \\`items\\` fehlt :gray[missing\\-field]",
        "- **broken\\.yaml\\:3** · titel: unbekannter Schlüssel \\`titel\\` \\(prüfen Sie die "
        "Schreibweise\\) :gray[unknown\\-key]",
    ]


def test_library_with_only_invalid_files_says_so(sample_library: Path) -> None:
    (sample_library / "ui-sample.yaml").unlink()
    (sample_library / "broken.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    at = run_app()
    assert [e.label for e in at.expander] == ["1 file in the library could not be loaded"]
    assert [i.value for i in at.info] == ["No valid questionnaire in the library yet."]
    assert len(at.selectbox) == 0


def test_missing_library_folder_shows_an_empty_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    monkeypatch.setenv("GAPMAP_QUESTIONNAIRES", str(tmp_path / "nowhere"))
    at = run_app()
    assert [i.value for i in at.info] == ["No valid questionnaire in the library yet."]


def test_only_ui_modules_import_streamlit() -> None:
    package = ROOT / "assessment"
    importers = [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*.py"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith(("import streamlit", "from streamlit"))
    ]
    assert [p for p in importers if not p.startswith("ui/")] == []


# Pages and the command line reach an organisation's data only through
# `assessment.access`, which checks the acting user. What they may import from the
# modules underneath: types, constants and pure helpers; the respondent's page also
# opens its own assessment by invite code or resume secret (the code or secret is the
# respondent's credential), as does a workshop phone by its join code.
UI_MAY_IMPORT: dict[str, set[str]] = {
    "assessment.organisation.assessments": {
        "Assessment",
        "Team",
        "DEFAULT_COMMENT_THRESHOLD",
        "DEFAULT_TARGET_LEVEL",
        "DEFAULT_THRESHOLD",
        "MIN_THRESHOLD",
        "PURPOSE_MAX_CHARS",
        "parse_team_lines",
        "slug",
    },
    "assessment.analysis.analysis": {"Analysis"},
}
RESPONDENT_PAGE_MAY_IMPORT = {"find_by_invite_code", "get_assessment", "questionnaire_of"}
UI_MUST_NOT_IMPORT = {
    "assessment.analysis.scoring",
    "assessment.analysis.gaps",
    "assessment.analysis.quality",
    "assessment.collect.transfer",
    "assessment.analysis.distributions",
    "assessment.analysis.actions",
}


def test_pages_reach_organisation_data_only_through_access() -> None:
    import ast

    problems = []
    shells = [*sorted((ROOT / "assessment" / "ui").glob("*.py")), ROOT / "assessment" / "cli.py"]
    for path in shells:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                problems += [
                    f"{path.name}: import {a.name}"
                    for a in node.names
                    if a.name in UI_MUST_NOT_IMPORT
                ]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = {a.name for a in node.names}
                if node.module in UI_MUST_NOT_IMPORT:
                    problems.append(f"{path.name}: from {node.module} import {sorted(names)}")
                allowed = UI_MAY_IMPORT.get(node.module)
                if allowed is not None:
                    if path.name == "respond.py":
                        allowed = allowed | RESPONDENT_PAGE_MAY_IMPORT
                    extra = names - allowed
                    if extra:
                        problems.append(f"{path.name}: from {node.module} import {sorted(extra)}")
                if node.module == "assessment":
                    problems += [
                        f"{path.name}: from assessment import {n}"
                        for n in names
                        if f"assessment.{n}" in UI_MUST_NOT_IMPORT
                        or n in {"assessments", "analysis"}
                    ]
    assert problems == []


def test_no_module_underneath_imports_access_or_refuses_an_actor() -> None:
    """`access` is the only way in; the domain modules underneath never call it back,
    and only `policy` decides who may (`auth` refuses a session that has ended)."""
    import ast

    package = ROOT / "assessment"
    shells = {package / "access.py", package / "cli.py"}
    importers, refusers = [], []
    for path in sorted(package.rglob("*.py")):
        if path in shells or path.parent.name == "ui":
            continue
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import):
                importers += [path.name for a in node.names if a.name == "assessment.access"]
            elif isinstance(node, ast.ImportFrom):
                names = {a.name for a in node.names}
                if node.module == "assessment.access" or (
                    node.module == "assessment" and "access" in names
                ):
                    importers.append(path.name)
        if "PermissionDenied(" in text and path.name not in {"policy.py", "auth.py"}:
            refusers.append(path.name)
    assert importers == []
    assert refusers == []
