"""A corpus of hostile input, used in every text a person can write into GapMap.

The standard: untrusted text stays text. It is stored verbatim (or refused with a
`GapMapError` code), shown escaped on every screen (never with HTML allowed), escaped in
the HTML report, and neutralised against formula injection in every Excel and CSV
export. Bad files get a clear error with a code (and a line or row), and a refused
attempt loses nothing that was stored before it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import tomllib
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import markupsafe
import openpyxl
import pytest
import yaml
from google.protobuf.json_format import MessageToDict  # type: ignore[import-untyped]
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Dataframe, TextArea, TextInput

from assessment import access, words
from assessment.access import build_report
from assessment.collect import invites
from assessment.collect.responses import (
    Submission,
    record_submissions,
    save_answers,
    start_response,
)
from assessment.collect.transfer import (
    FORMULA_PREFIXES,
    ImportReport,
    RowProblem,
    TransferError,
    export_answers,
    import_responses,
)
from assessment.documents import workshop_report
from assessment.documents.report import render_csv_zip, render_html, render_pdf, render_xlsx
from assessment.errors import GapMapError, ResponseError
from assessment.organisation import auth
from assessment.organisation.assessments import (
    Assessment,
    Team,
    create_assessment,
    create_organisation,
    load_snapshot,
    parse_team_lines,
)
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.questionnaires import (
    MAX_FILE_BYTES,
    load_questionnaire,
    parse_questionnaire,
)
from assessment.storage.store import Store
from assessment.ui.pages import ACCOUNTS, CONSOLE, FACILITATE, LIBRARY, RESULTS
from assessment.ui.state import Results
from assessment.ui.text import escape_markdown
from tests.conftest import MINIMAL_YAML
from tests.test_transfer import GOOD_ROWS, QUESTIONNAIRE, stored, write_csv

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
CONSULTANT = ("casey", "correct horse battery staple")
GENERATED = date(2026, 3, 2)
LONG = "<b>" + "x" * 5000 + "</b>"  # a very long line: 5,007 characters


@dataclass(frozen=True)
class Payload:
    """A hostile text and what GapMap makes of it.

    `text`: a questionnaire text (trimmed); `name`: a name, title or owner (runs of
    whitespace become one space), None where it is too long for every name field;
    `comment`: a survey comment (trimmed, NUL dropped), None where it is too long."""

    id: str
    raw: str
    text: str
    name: str | None
    comment: str | None


CORPUS = [
    Payload(
        "script",
        "<script>alert(1)</script>",
        "<script>alert(1)</script>",
        "<script>alert(1)</script>",
        "<script>alert(1)</script>",
    ),
    Payload(
        "img",
        "<img src=x onerror=alert(1)>",
        "<img src=x onerror=alert(1)>",
        "<img src=x onerror=alert(1)>",
        "<img src=x onerror=alert(1)>",
    ),
    Payload(
        "svg",
        '"><svg onload=alert(1)>',
        '"><svg onload=alert(1)>',
        '"><svg onload=alert(1)>',
        '"><svg onload=alert(1)>',
    ),
    Payload(
        "md-link",
        "[click](javascript:alert(1))",
        "[click](javascript:alert(1))",
        "[click](javascript:alert(1))",
        "[click](javascript:alert(1))",
    ),
    Payload(
        "md-image",
        "![x](http://evil.example/x.png)",
        "![x](http://evil.example/x.png)",
        "![x](http://evil.example/x.png)",
        "![x](http://evil.example/x.png)",
    ),
    Payload(
        "md-styles",
        "**bold** _x_ $\\LaTeX$ :red[x]",
        "**bold** _x_ $\\LaTeX$ :red[x]",
        "**bold** _x_ $\\LaTeX$ :red[x]",
        "**bold** _x_ $\\LaTeX$ :red[x]",
    ),
    Payload(
        "hyperlink",
        '=HYPERLINK("http://evil.example","x")',
        '=HYPERLINK("http://evil.example","x")',
        '=HYPERLINK("http://evil.example","x")',
        '=HYPERLINK("http://evil.example","x")',
    ),
    Payload("plus", "+SUM(1,2)", "+SUM(1,2)", "+SUM(1,2)", "+SUM(1,2)"),
    Payload("minus", "-2+3", "-2+3", "-2+3", "-2+3"),
    Payload("at", "@cmd", "@cmd", "@cmd", "@cmd"),
    Payload("tab", "\t=1+1", "=1+1", "=1+1", "=1+1"),
    Payload("cr", "\r=1", "=1", "=1", "=1"),
    Payload("space", " =1+1", "=1+1", "=1+1", "=1+1"),
    Payload("jinja-expr", "{{ 7*7 }}", "{{ 7*7 }}", "{{ 7*7 }}", "{{ 7*7 }}"),
    Payload("jinja-block", "{% raw %}", "{% raw %}", "{% raw %}", "{% raw %}"),
    Payload("bidi", "abc\u202eevil", "abc\u202eevil", "abc\u202eevil", "abc\u202eevil"),
    Payload(
        "zero-width",
        "a\u200bb\u200dc\ufeffd",
        "a\u200bb\u200dc\ufeffd",
        "a\u200bb\u200dc\ufeffd",
        "a\u200bb\u200dc\ufeffd",
    ),
    Payload("nul", "nul\x00byte", "nul\x00byte", "nul\x00byte", "nulbyte"),
    Payload("long-line", LONG, LONG, None, None),
]
PAYLOADS = [pytest.param(p, id=p.id) for p in CORPUS]
# The texts a worksheet gets: openpyxl cannot store a NUL, so the workbook drops it.
IN_WORKBOOK = {"nul\x00byte": "nulbyte"}


def formula_safe(value: str) -> str:
    """What an export must write for `value`: a leading `'` before a formula character."""
    if value.lstrip().startswith(FORMULA_PREFIXES) or value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


# --- a questionnaire with the payload in every text ---------------------------------------------


def hostile_yaml(text: str) -> str:
    """A valid questionnaire whose every text (title, levels, dimensions, prompts, roles,
    options, items, help, units, "don't know" label, actions) is `text`."""

    def level(threshold: float) -> dict[str, Any]:
        return {"name": text, "description": text, "threshold": threshold}

    def dimension(dim_id: str) -> dict[str, Any]:
        return {
            "id": dim_id,
            "name": text,
            "definition": text,
            "levels": [text, text, text],
            "prompts": [text],
        }

    def action(action_id: str, dim_id: str) -> dict[str, Any]:
        return {
            "id": action_id,
            "title": text,
            "description": text,
            "rationale": text,
            "owner": "boss",
            "effort": "S",
            "impact": "high",
            "when": {"dimension": dim_id, "from_level": 1},
        }

    options = [{"text": text, "score": 1}, {"text": text, "score": 2}, {"text": text, "score": 3}]
    doc = {
        "id": "hostile",
        "version": "1",
        "title": text,
        "description": text,
        "levels": [level(1), level(1.8), level(2.5)],
        "dimensions": [dimension("purpose"), dimension("time")],
        "roles": [
            {"id": "sales", "name": text, "description": text, "perspective": "frontline"},
            {"id": "boss", "name": text, "description": text, "perspective": "leadership"},
        ],
        "scales": {"agree": {"options": options}},
        "items": [
            {
                "id": "p1",
                "dimension": "purpose",
                "type": "likert",
                "text": text,
                "help": text,
                "scale": "agree",
                "pulse": True,
            },
            {
                "id": "t1",
                "dimension": "time",
                "type": "likert",
                "text": text,
                "scale": "agree",
                "pulse": True,
                "dont_know": True,
                "dont_know_label": text,
            },
            {
                "id": "m1",
                "dimension": "time",
                "type": "multi",
                "text": text,
                "required": False,
                "options": [{"text": text}, {"text": "plain"}],
            },
            {
                "id": "n1",
                "dimension": "time",
                "type": "number",
                "text": text,
                "unit": text,
                "min": 0,
                "max": 60,
                "required": False,
            },
            {"id": "c1", "dimension": "time", "type": "text", "text": text},
        ],
        "actions": [action("a1", "purpose"), action("a2", "time")],
    }
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000)


def hostile_questionnaire(text: str) -> Questionnaire:
    result = parse_questionnaire(hostile_yaml(text), "hostile.yaml")
    assert result.errors == []
    assert result.questionnaire is not None
    return result.questionnaire


def every_text(q: Questionnaire) -> list[dict[str, str]]:
    return list(q.iter_texts())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_questionnaire_texts_are_stored_verbatim(payload: Payload) -> None:
    q = hostile_questionnaire(payload.raw)
    texts = every_text(q)
    # 2 + 6 levels + 2 x 6 dimensions + 4 roles + 3 scale options + 5 items + 1 help
    # + 1 "don't know" label + 1 unit + 2 multi options + 2 x 3 actions
    assert len(texts) == 43
    assert [t for t in texts if t != {"en": payload.text}] == [{"en": "plain"}]
    # ... and the snapshot an assessment pins gives back the very same texts
    store = Store()
    org = create_organisation(store, "Acme")
    found = create_assessment(store, org, q, name="Check", source=hostile_yaml(payload.raw))
    assert every_text(load_snapshot(store, found.content_hash)) == texts


# --- what consultants and leaders type -----------------------------------------------------------


def count(store: Store, table: str) -> int:
    row = store.cursor().execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
    assert row is not None
    return int(row[0])


def refused(call: Any) -> str:
    """The code of the GapMapError `call()` raises."""
    with pytest.raises(GapMapError) as caught:
        call()
    return caught.value.code


PLAIN_Q = hostile_questionnaire("Plain text")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_names_titles_and_owners_are_stored_verbatim_or_refused(payload: Payload) -> None:
    store = Store()
    org = create_organisation(store, "Acme")
    base = create_assessment(store, org, PLAIN_Q, name="Base", teams=[Team("t0", "Base team")])
    before = {t: count(store, t) for t in ("organisations", "assessments", "teams", "accounts")}
    raw = payload.raw

    def make_org() -> str:
        return access.create_organisation(store, auth.SYSTEM, raw).name

    def make_assessment() -> str:
        return create_assessment(store, org, PLAIN_Q, name=raw).name

    def make_team() -> str:
        return (
            create_assessment(store, org, PLAIN_Q, name="T", teams=[Team("t1", raw)]).teams[0].name
        )

    def make_account() -> str:
        return access.create_leadership_account(
            store, auth.SYSTEM, org, "leader", "a fine password 1", display_name=raw
        ).display_name

    def make_workshop() -> str:
        return access.start_workshop(store, auth.SYSTEM, base.id, title=raw).title

    def make_action_title() -> str:
        return access.add_agreed_action(store, auth.SYSTEM, base.id, title=raw, owner="Plain").title

    def make_action_owner() -> str:
        return access.add_agreed_action(store, auth.SYSTEM, base.id, title="Plain", owner=raw).owner

    makers = {
        "organisation": make_org,
        "assessment": make_assessment,
        "team": make_team,
        "display name": make_account,
        "workshop title": make_workshop,
        "action title": make_action_title,
        "action owner": make_action_owner,
    }
    if payload.name is not None:
        assert {what: make() for what, make in makers.items()} == dict.fromkeys(
            makers, payload.name
        )
        return
    codes = {what: refused(make) for what, make in makers.items()}
    assert codes == {
        "organisation": "name-too-long",
        "assessment": "name-too-long",
        "team": "name-too-long",
        "display name": "bad-display-name",
        "workshop title": "bad-title",
        "action title": "bad-title",
        "action owner": "bad-owner",
    }
    after = {t: count(store, t) for t in ("organisations", "assessments", "teams", "accounts")}
    assert after == before
    assert count(store, "workshops") == 0
    assert count(store, "agreed_actions") == 0


PURPOSES = {p.id: p.raw.strip() for p in CORPUS if p.name is not None}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_purpose_is_stored_verbatim_or_refused(payload: Payload) -> None:
    store = Store()
    org = create_organisation(store, "Acme")
    if payload.name is None:
        assert refused(lambda: create_assessment(store, org, PLAIN_Q, name="A", purpose=LONG)) == (
            "purpose-too-long"
        )
        assert count(store, "assessments") == 0
        return
    made = create_assessment(store, org, PLAIN_Q, name="A", purpose=f"Why:\n{payload.raw}\nEnd")
    assert made.purpose == f"Why:\n{payload.raw}\nEnd"


# The pasted team list: `name, head-count` per line; what each payload becomes.
PASTED: dict[str, tuple[list[Team], list[str]]] = {
    "hyperlink": (
        [Team("plain", "Plain", 3)],
        [
            "Line 1: expected `team name, head-count`, found 3 fields (a team name cannot "
            "contain a comma)."
        ],
    ),
    "plus": (
        [Team("plain", "Plain", 3)],
        [
            "Line 1: expected `team name, head-count`, found 3 fields (a team name cannot "
            "contain a comma)."
        ],
    ),
    "long-line": (
        [Team("plain", "Plain", 3)],
        ["Line 1: the team name is longer than 120 characters."],
    ),
}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_pasted_team_lines_keep_the_name_or_say_which_line_is_wrong(payload: Payload) -> None:
    teams, problems = parse_team_lines(f"{payload.raw}, 4\nPlain, 3")
    if payload.id in PASTED:
        assert (teams, problems) == PASTED[payload.id]
        return
    assert problems == []
    assert [t.name for t in teams] == [payload.name, "Plain"]
    assert [t.head_count for t in teams] == [4, 3]
    # the link id is made of letters and digits only, whatever the name holds
    assert re.fullmatch(r"[a-z0-9-]+", teams[0].id)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_user_name_is_refused_and_no_account_is_made(payload: Payload) -> None:
    store = Store()
    org = create_organisation(store, "Acme")
    access.create_leadership_account(store, auth.SYSTEM, org, "lead", "a fine password 1")
    code = refused(
        lambda: access.create_leadership_account(
            store, auth.SYSTEM, org, payload.raw, "a fine password 1"
        )
    )
    assert code == "bad-username"
    assert [a.username for a in access.list_accounts(store, auth.SYSTEM)] == ["lead"]


# --- comments ----------------------------------------------------------------------------------


def stored_comments(store: Store) -> list[str]:
    rows = store.cursor().execute("SELECT text FROM comments ORDER BY respondent").fetchall()
    return [str(r[0]) for r in rows]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_comment_is_stored_verbatim_or_refused_keeping_earlier_answers(payload: Payload) -> None:
    store = Store()
    org = create_organisation(store, "Acme")
    a = create_assessment(store, org, PLAIN_Q, name="A")
    started = start_response(store, a.id, role_id="sales", language="en")
    save_answers(store, started.secret, {"p1": 2, "c1": "first comment"})
    if payload.comment is None:
        with pytest.raises(ResponseError) as caught:
            save_answers(store, started.secret, {"p1": 0, "c1": payload.raw})
        assert caught.value.code == "too-long"
        assert caught.value.message == (
            "Your answer is 5,007 characters long; this question takes at most 2,000. "
            "Please shorten it."
        )
        assert stored_comments(store) == ["first comment"]
        return
    save_answers(store, started.secret, {"c1": payload.raw})
    assert stored_comments(store)[-1] == payload.comment


# --- the report, the workshop summary, the poster and every export -------------------------------


@dataclass
class World:
    store: Store
    assessment: Assessment
    workshop_id: str
    q: Questionnaire


_WORLDS: dict[str, World] = {}


def world_of(payload: Payload) -> World:
    """`build_world` once per payload: the report and the export tests read the same one."""
    if payload.id not in _WORLDS:
        _WORLDS[payload.id] = build_world(payload)
    return _WORLDS[payload.id]


def build_world(payload: Payload) -> World:
    """The payload in every text of one assessment: its questionnaire, organisation,
    name, purpose, teams, comments, workshop title and an agreed action; names that are
    too long fall back to plain ones (their refusal is tested above)."""
    store = Store()
    q = hostile_questionnaire(payload.raw)
    name = payload.name or "Plain"
    org = create_organisation(store, name)
    a = create_assessment(
        store,
        org,
        q,
        name=name,
        purpose=payload.raw if payload.name else None,
        teams=[Team("t1", name, 5), Team("t2", "Plain", 5)],
        anonymity_threshold=3,
        comment_threshold=3,
    )
    people = [("sales", "t1")] * 3 + [("boss", "t2")] * 3 + [("sales", "t2")] * 3
    comment = payload.comment or "Plain comment"
    record_submissions(
        store,
        a,
        q,
        [
            Submission(role, team, "en", {"p1": n % 3, "t1": 2, "m1": [0, 1], "c1": comment})
            for n, (role, team) in enumerate(people)
        ],
        channel="survey",
    )
    w = access.start_workshop(store, auth.SYSTEM, a.id, title=name)
    access.agree_action(store, auth.SYSTEM, w.id, title=name, owner=name, dimension_id="purpose")
    return World(store, a, w.id, q)


def assert_inert_html(html: str, forms: Sequence[str | None]) -> None:
    """Each form of the payload is in the page escaped, never as markup; a Jinja2
    expression is printed as it was written, not evaluated."""
    for form in forms:
        if form is not None:
            assert str(markupsafe.escape(form)) in html
    for tag in ("<script>alert", "<img src=x", "<svg onload", "<b>xxx"):
        assert tag not in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_report_summary_and_poster_escape_the_payload(payload: Payload) -> None:
    world = world_of(payload)
    data = build_report(world.store, auth.SYSTEM, world.assessment.id, "en", generated=GENERATED)
    html = render_html(data, charts={})
    assert_inert_html(html, [payload.text, payload.name, payload.comment])
    if payload.id == "script":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    if payload.id == "jinja-expr":
        assert "{{ 7*7 }}" in html
    summary = access.workshop_summary(world.store, auth.SYSTEM, world.workshop_id)
    summary_html = workshop_report.render_summary_html(summary, charts=False)
    assert_inert_html(summary_html, [payload.text, payload.name])  # no comments there
    poster = invites.poster_html(
        world.assessment, world.q, "http://gapmap.example/?a=X", team=world.assessment.teams[0]
    )
    for form in {payload.name, payload.raw.strip() if payload.name else None} - {None}:
        assert str(markupsafe.escape(form)) in poster
    assert "<script>alert" not in poster and "<img src=x" not in poster


def workbook_strings(xlsx: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    return [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    ]


def zip_csv_strings(archive: bytes) -> list[str]:
    out: list[str] = []
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        for name in z.namelist():
            text = z.read(name).decode("utf-8-sig")
            out += [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    return out


NUMBER = re.compile(r"-?\d+(\.\d+)?")


def assert_no_formula(cells: Sequence[str]) -> None:
    """No text cell starts a formula, also after leading spaces (negative numbers are
    numbers, not formulas)."""
    starts = [
        c
        for c in cells
        if (c.startswith(FORMULA_PREFIXES) or c.lstrip().startswith(FORMULA_PREFIXES))
        and not NUMBER.fullmatch(c)
    ]
    assert starts == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_workbook_and_csv_exports_neutralise_the_payload(payload: Payload, tmp_path: Path) -> None:
    world = world_of(payload)
    data = build_report(world.store, auth.SYSTEM, world.assessment.id, "en", generated=GENERATED)
    expected = {formula_safe(IN_WORKBOOK.get(f, f)) for f in (payload.text, payload.name) if f}

    cells = workbook_strings(render_xlsx(data))
    assert_no_formula(cells)
    assert expected <= set(cells)

    cells = zip_csv_strings(render_csv_zip(data))
    assert_no_formula(cells)
    assert {formula_safe(f) for f in (payload.text, payload.name) if f} <= set(cells)

    # the anonymised answers: option texts of a multiple-choice item, never comments
    export_answers(world.store, world.assessment.id, tmp_path / "a.csv", fmt="csv", seed=1)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "a.csv").read_text("utf-8-sig"))))
    assert {r["m1"] for r in rows} == {formula_safe(f"{payload.text}; plain")}
    assert "c1" not in rows[0]


def test_the_pdf_report_prints_the_payloads_as_text() -> None:
    """One PDF (they take a second or two each): the hostile names as printed letters."""
    store = Store()
    q = hostile_questionnaire("Plain")
    org = create_organisation(store, "<script>alert(1)</script>")
    a = create_assessment(
        store,
        org,
        q,
        name="{{ 7*7 }} =HYPERLINK(1)",
        teams=[Team("t1", "<img src=x onerror=alert(1)>", 5), Team("t2", "**bold**", 5)],
        anonymity_threshold=3,
        comment_threshold=3,
    )
    people = [("sales", "t1")] * 3 + [("boss", "t2")] * 3
    record_submissions(
        store,
        a,
        q,
        [
            Submission(role, team, "en", {"p1": n % 3, "t1": 1, "c1": "[click](javascript:x)"})
            for n, (role, team) in enumerate(people)
        ],
    )
    data = build_report(store, auth.SYSTEM, a.id, "en", generated=GENERATED)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(data))).pages)
    for shown in (
        "<script>alert(1)</script>",
        "{{ 7*7 }} =HYPERLINK(1)",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:x)",
    ):
        assert shown in text


# --- the screens ---------------------------------------------------------------------------------

NAMED = [p for p in CORPUS if p.name is not None]
# Every questionnaire text of the screen world holds every payload, one per line.
SCREEN_TEXT = "\n".join(p.raw for p in CORPUS)
SCREEN_LINES = [p.raw.strip() for p in CORPUS]
# Proto fields Streamlit renders as Markdown (a metric's delta too); placeholders and
# select box options are plain text.
MARKDOWN_KEYS = frozenset({"body", "label", "help", "delta", "caption"})


@dataclass(frozen=True)
class ScreenWorld:
    path: Path
    library: Path
    assessment_id: str
    organisation_id: str
    invite_code: str
    token: str


@pytest.fixture(scope="module")
def screens(tmp_path_factory: pytest.TempPathFactory) -> ScreenWorld:
    """A database in which every name, title, owner, display name and comment is a
    payload, and a questionnaire whose every text holds all of them."""
    folder = tmp_path_factory.mktemp("screens")
    library = folder / "library"
    library.mkdir()
    (library / "hostile.yaml").write_text(hostile_yaml(SCREEN_TEXT), encoding="utf-8")
    path = folder / "gapmap.duckdb"
    store = Store(path)
    try:
        auth.create_first_consultant(store, username=CONSULTANT[0], password=CONSULTANT[1])
        consultant = auth.actor_for_account(store, auth.get_account(store, CONSULTANT[0]))
        q = hostile_questionnaire(SCREEN_TEXT)
        orgs = [access.create_organisation(store, consultant, p.raw) for p in NAMED]
        main_org = orgs[0].id
        consultant = auth.actor_for_account(store, auth.get_account(store, CONSULTANT[0]))
        for p in NAMED[1:]:
            access.create_assessment(store, consultant, main_org, q, name=p.raw)
        main = access.create_assessment(
            store,
            consultant,
            main_org,
            q,
            name=NAMED[0].raw,
            purpose="\n".join(p.raw for p in NAMED),
            teams=[Team(f"t{n}", p.raw, 2) for n, p in enumerate(NAMED)],
            anonymity_threshold=3,
            comment_threshold=3,
        )
        record_submissions(
            store,
            main,
            q,
            [
                Submission(role, f"t{n}", "en", {"p1": n % 3, "t1": 2, "c1": p.raw})
                for n, p in enumerate(NAMED)
                for role in ("sales", "boss")
            ],
        )
        for n, p in enumerate(NAMED):
            access.create_leadership_account(
                store, consultant, main_org, f"lead{n}", "a fine password 1", display_name=p.raw
            )
            w = access.start_workshop(store, consultant, main.id, title=p.raw)
            access.agree_action(store, consultant, w.id, title=p.raw, owner=p.raw)
        token = auth.sign_in(store, *CONSULTANT).token
        return ScreenWorld(path, library, main.id, main_org, main.invite_code, token)
    finally:
        store.close()


@dataclass
class Shown:
    """What a page shows: Markdown texts (bodies, labels, radio options), plain-text
    values (select box options, text inputs, table cells) and raw HTML elements."""

    markdown: list[str]
    plain: list[str]
    html: list[str]
    html_allowed: list[str]


def _strings(value: Any, keys: frozenset[str] | None) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if keys is None or key in keys:
                yield from _strings(inner, None)
            else:
                yield from _strings(inner, keys)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner, keys)
    elif isinstance(value, str) and keys is None:
        yield value


def shown(
    at: AppTest, *, leave_out: frozenset[str] = frozenset(), only: str | None = None
) -> Shown:
    out = Shown([], [], [], [])
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        kind = node.type
        if kind in leave_out or (only is not None and kind != only):
            continue
        as_dict = MessageToDict(proto)
        if kind == "html":
            out.html.append(str(proto.body))
            continue
        if getattr(proto, "allow_html", False):
            out.html_allowed.append(str(getattr(proto, "body", "")))
        if isinstance(node, Dataframe):
            frame = node.value
            out.plain += [str(v) for v in frame.to_numpy().ravel()]
            out.plain += [str(c) for c in frame.columns]
            continue
        if kind in ("selectbox", "multiselect"):
            out.plain += list(proto.options)
        if isinstance(node, TextInput | TextArea):
            out.plain.append(str(node.value))
        if kind == "radio":
            out.markdown += list(proto.options)
        out.markdown += list(_strings(as_dict, MARKDOWN_KEYS))
    return out


ACTIVE_MARKUP = ("<script", "<img", "<svg", "<b>", "](", ":red[", "**bold", "$\\LaTeX")


RESULT_TABS = ("overview", "gap_map", "dimensions", "actions", "evidence", "more")


def assert_inert_page(
    at: AppTest, forms: Sequence[str], *, leave_out: frozenset[str] = frozenset()
) -> None:
    """No HTML allowed anywhere; each form shown escaped in Markdown or as plain text;
    nothing of the payloads readable as Markdown or HTML."""
    assert not at.exception, [(e.value, e.stack_trace) for e in at.exception]
    assert_inert(shown(at, leave_out=leave_out), forms)


def assert_inert(seen: Shown, forms: Sequence[str]) -> None:
    assert seen.html_allowed == []
    assert [h for h in seen.html if "alert" in h or "evil" in h or "7*7" in h] == []
    markdown = "\n".join(seen.markdown)
    plain = set(seen.plain)
    missing = [f for f in forms if escape_markdown(f) not in markdown and f not in plain]
    assert missing == []
    readable = [(s, re.sub(r"\\.", "\x1a", s)) for s in seen.markdown]  # what Markdown reads
    assert [s for s, r in readable if any(m in r for m in ACTIVE_MARKUP)] == []


def open_page(
    world: ScreenWorld, monkeypatch: pytest.MonkeyPatch, page: str, **session: str
) -> AppTest:
    monkeypatch.setenv("GAPMAP_DB", str(world.path))
    monkeypatch.setenv("GAPMAP_QUESTIONNAIRES", str(world.library))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["session_token"] = world.token
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(page).run()
    return at


NAMES = [p.name for p in NAMED if p.name is not None]


def test_console_shows_every_hostile_name_and_the_purpose_inertly(
    screens: ScreenWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_page(screens, monkeypatch, CONSOLE.path)
    assert_inert_page(at, NAMES)


def test_results_show_names_texts_comments_and_agreed_actions_inertly(
    screens: ScreenWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_page(screens, monkeypatch, RESULTS.path, results_open=screens.assessment_id)
    seen = Shown([], [], [], [])
    labels = [t.label for t in at.tabs]
    tabs = [tab for tab in RESULT_TABS if words.t(f"dashboard.tab_{tab}", "en") in labels]
    assert len(tabs) == len(labels) >= 5
    for tab in tabs:  # every tab (only the open one is drawn)
        at.session_state[Results.TAB.name] = tab
        at.run()
        assert not at.exception, [(e.value, e.stack_trace) for e in at.exception]
        one = shown(at)
        assert_inert(one, [])
        seen.markdown.extend(one.markdown)
        seen.plain.extend(one.plain)
        seen.html.extend(one.html)
        seen.html_allowed.extend(one.html_allowed)
    assert_inert(seen, NAMES + SCREEN_LINES)


def test_results_metrics_escape_level_names(
    screens: ScreenWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_page(screens, monkeypatch, RESULTS.path, results_open=screens.assessment_id)
    metrics = shown(at, only="metric")
    readable = [re.sub(r"\\.", "\x1a", s) for s in metrics.markdown]
    assert [s for s in readable if any(m in s for m in ACTIVE_MARKUP)] == []


def test_accounts_show_hostile_display_names_inertly(
    screens: ScreenWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_page(screens, monkeypatch, ACCOUNTS.path)
    assert_inert_page(at, NAMES)


def test_workshop_screen_shows_hostile_titles_inertly(
    screens: ScreenWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_page(
        screens, monkeypatch, FACILITATE.path, **{"facilitate-assessment": screens.assessment_id}
    )
    assert_inert_page(at, NAMES)


def test_library_shows_every_questionnaire_text_inertly(
    screens: ScreenWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_page(screens, monkeypatch, LIBRARY.path)
    assert_inert_page(at, SCREEN_LINES)


def test_survey_welcome_shows_the_purpose_and_title_inertly(
    screens: ScreenWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GAPMAP_DB", str(screens.path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["a"] = screens.invite_code
    at.run()
    assert_inert_page(at, NAMES)


# --- oversized input -----------------------------------------------------------------------------

TEN_MB = "=" + "x" * 10_000_000


def test_a_10_mb_comment_is_refused_and_the_earlier_comment_kept() -> None:
    store = Store()
    a = create_assessment(store, create_organisation(store, "Acme"), PLAIN_Q, name="A")
    started = start_response(store, a.id, role_id="sales", language="en")
    save_answers(store, started.secret, {"p1": 2, "c1": "kept"})
    with pytest.raises(ResponseError) as caught:
        save_answers(store, started.secret, {"p1": 0, "c1": TEN_MB})
    assert caught.value.code == "too-long"
    assert stored_comments(store) == ["kept"]
    row = store.cursor().execute("SELECT value FROM answers WHERE NOT superseded").fetchone()
    assert row == (2.0,)


def test_huge_names_are_refused_and_nothing_is_written() -> None:
    store = Store()
    org = create_organisation(store, "Acme")
    huge = "n" * 1_000_000
    assert refused(lambda: create_organisation(store, huge)) == "name-too-long"
    assert refused(lambda: create_assessment(store, org, PLAIN_Q, name=huge)) == "name-too-long"
    teams = [Team("t1", huge)]
    assert refused(lambda: create_assessment(store, org, PLAIN_Q, name="A", teams=teams)) == (
        "name-too-long"
    )
    assert (count(store, "organisations"), count(store, "assessments")) == (1, 0)


def items_yaml(n: int, item: str) -> str:
    head = MINIMAL_YAML.split("items:\n")[0] + "items:\n"
    return head + "".join(item.format(n=i) for i in range(n))


def test_a_questionnaire_with_100000_items_is_refused_for_its_size() -> None:
    text = items_yaml(
        100_000, "  - {{id: i{n}, dimension: time, type: likert, text: Item {n}, scale: agree}}\n"
    )
    result = parse_questionnaire(text, "big.yaml")
    assert [(p.code, p.line) for p in result.errors] == [("too-large", 1)]
    assert result.errors[0].message == "the file is larger than 5 MB"


def test_100000_items_under_5_mb_are_refused_for_their_number_of_values() -> None:
    """Merge keys make each item one short line; the loader stops counting at 500,000
    values instead of building them all."""
    head = MINIMAL_YAML.split("items:\n")[0]
    text = head + "items:\n  - &i {id: i0, dimension: time, type: text, text: x}\n"
    text += "".join(f"  - {{<<: *i, id: i{n}}}\n" for n in range(1, 100_000))
    assert len(text.encode()) < MAX_FILE_BYTES
    result = parse_questionnaire(text, "big.yaml")
    assert [(p.code, p.line, p.message) for p in result.errors] == [
        ("too-large", 41, "the file expands to more than 500,000 values")
    ]


def test_uploads_are_capped_at_20_mb_and_the_domain_refuses_bigger_files(tmp_path: Path) -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == 20
    big = tmp_path / "big.yaml"
    big.write_bytes(b"id: x\n" + b"# padding\n" * 2_100_000)
    assert [(p.code, p.line) for p in load_questionnaire(big).errors] == [("too-large", 1)]
    store = Store()
    a = create_assessment(store, create_organisation(store, "Acme"), PLAIN_Q, name="A")
    answers = tmp_path / "big.csv"
    answers.write_bytes(b"role,p1,t1\n" + b"sales,1,1\n" * 2_100_000)
    with pytest.raises(TransferError) as caught:
        import_responses(store, a.id, answers)
    assert caught.value.code == "file-too-large"
    assert count(store, "respondents") == 0


# --- malformed questionnaire files --------------------------------------------------------------

BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("content", "code", "line"),
    [
        pytest.param(b"id: x\n\tversion: 1\n", "yaml-syntax", 2, id="tab"),
        pytest.param(b'id: x\ntitle: "unclosed\nversion: 1\n', "yaml-syntax", 4, id="quote"),
        pytest.param(BOMB.encode(), "too-large", 1, id="alias-bomb"),
        pytest.param(b"- id: x\n- version: 1\n", "wrong-shape", 1, id="a-list"),
        pytest.param(b"just some words\n", "wrong-shape", 1, id="a-scalar"),
        pytest.param(b"", "wrong-shape", 1, id="empty"),
        pytest.param(bytes(range(256)) * 4, "encoding", 1, id="binary"),
        pytest.param("id: x\ntitle: Prüfung\n".encode("utf-16"), "encoding", 1, id="utf-16"),
        pytest.param("id: x\ntitle: Prüfung\n".encode("latin-1"), "encoding", 1, id="latin-1"),
    ],
)
def test_malformed_questionnaire_files_give_a_code_and_a_line(
    tmp_path: Path, content: bytes, code: str, line: int
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    result = load_questionnaire(path)
    assert result.questionnaire is None
    assert [(p.code, p.line) for p in result.errors] == [(code, line)]


def test_a_duplicate_key_is_reported_on_its_line(minimal_yaml: str) -> None:
    text = minimal_yaml.replace("title: Mini check\n", "title: Mini check\ntitle: Again\n")
    result = parse_questionnaire(text, "dup.yaml")
    assert [(p.code, p.line, p.path) for p in result.errors] == [("duplicate-key", 4, "title")]
    assert result.errors[0].message == "key `title` appears twice here (first on line 3)"


# --- imports: hostile cells, malformed files, and nothing lost ---------------------------------


@pytest.fixture
def imported(tmp_path: Path) -> tuple[Store, Assessment, dict[str, dict[str, Any]]]:
    """An assessment with three imported respondents, and what is stored about them."""
    store = Store()
    org = create_organisation(store, "Example GmbH")
    a = create_assessment(
        store,
        org,
        QUESTIONNAIRE,
        name="CRM check",
        teams=[Team("north", "Nord"), Team("south", "Süd")],
        anonymity_threshold=3,
    )
    report = import_responses(store, a.id, write_csv(tmp_path / "good.csv", GOOD_ROWS))
    assert report.imported == 3
    return store, a, stored(store)


HEADER_ROW = GOOD_ROWS[0]


def row(role: str = "sales", team: str = "north", c1: str = "new", n1: str = "") -> list[str]:
    return [role, team, "Agree", "Agree", "No", "", n1, c1]


def test_hostile_comment_cells_are_imported_verbatim(
    imported: tuple[Store, Assessment, dict[str, dict[str, Any]]], tmp_path: Path
) -> None:
    store, a, _ = imported
    payloads = [p for p in CORPUS if p.id not in ("nul", "long-line")]
    rows = [HEADER_ROW] + [row(c1=p.raw) for p in payloads]
    report = import_responses(store, a.id, write_csv(tmp_path / "hostile.csv", rows))
    assert report == ImportReport(imported=len(payloads), skipped=0, problems=[], warnings=[])
    comments = stored_comments(store)
    assert comments[:3] == ["first", "second", "third"]
    assert comments[3:] == [p.comment for p in payloads]


def test_a_hostile_role_or_team_cell_is_a_row_problem_and_nothing_is_imported(
    imported: tuple[Store, Assessment, dict[str, dict[str, Any]]], tmp_path: Path
) -> None:
    store, a, before = imported
    rows = [HEADER_ROW, row(), row(role="<script>alert(1)</script>"), row(team="=HYPERLINK(1)")]
    report = import_responses(store, a.id, write_csv(tmp_path / "bad.csv", rows))
    assert (report.imported, report.skipped) == (0, 3)
    assert [(p.row, p.column, p.code) for p in report.problems] == [
        (3, "role", "unknown-role"),
        (4, "team", "unknown-team"),
    ]
    assert report.problems[0].message.startswith("'<script>alert(1)</script>' is not a role.")
    assert stored(store) == before


def csv_bytes(rows: Sequence[Sequence[str]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


GOOD_CSV = csv_bytes([HEADER_ROW, row()])


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        pytest.param("a.csv", bytes(range(256)) * 16, "unreadable-file", id="garbage"),
        pytest.param("a.csv", GOOD_CSV.replace(b"new", b"n\x00ew"), "unreadable-file", id="nul"),
        pytest.param("a.csv", csv_bytes([HEADER_ROW, row()], "|"), "no-header", id="pipes"),
        pytest.param("a.csv", csv_bytes([HEADER_ROW]), "no-rows", id="header-only"),
        pytest.param("a.csv", "role,Prüfung\r\n".encode("utf-16"), "unreadable-file", id="utf16"),
        pytest.param("a.csv", csv_bytes([HEADER_ROW, row(c1=TEN_MB)]), "cell-too-long", id="10mb"),
        pytest.param("a.xlsx", b"", "unreadable-file", id="xlsx-zip-of-junk"),
        pytest.param("a.xlsx", GOOD_CSV, "unreadable-file", id="csv-named-xlsx"),
    ],
)
def test_unreadable_imports_give_a_code_and_lose_nothing(
    imported: tuple[Store, Assessment, dict[str, dict[str, Any]]],
    tmp_path: Path,
    name: str,
    content: bytes,
    code: str,
) -> None:
    store, a, before = imported
    path = tmp_path / name
    if name == "a.xlsx" and not content:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("xl/workbook.xml", "junk")
            archive.writestr("[Content_Types].xml", b"\x00\xff" * 64)
    else:
        path.write_bytes(content)
    with pytest.raises(TransferError) as caught:
        import_responses(store, a.id, path)
    assert caught.value.code == code
    assert stored(store) == before


@pytest.mark.parametrize(
    ("rows", "problems"),
    [
        pytest.param(
            [HEADER_ROW[:1] + HEADER_ROW[2:], ["sales", "Agree", "Agree", "No", "", "", "x"]],
            [(1, None, "missing-column")],
            id="no-team-column",
        ),
        pytest.param(
            [HEADER_ROW, row(), row(role="intern")],
            [(3, "role", "unknown-role")],
            id="unknown-role",
        ),
        pytest.param(
            [HEADER_ROW, row(n1="61"), row(n1="1e308")],
            [(2, "n1", "out-of-range"), (3, "n1", "out-of-range")],
            id="out-of-range",
        ),
        pytest.param(
            [HEADER_ROW, row(c1="x" * 100_000)],
            [(2, "c1", "too-long")],
            id="100k-character-cell",
        ),
    ],
)
def test_bad_rows_are_reported_by_row_and_nothing_is_half_imported(
    imported: tuple[Store, Assessment, dict[str, dict[str, Any]]],
    tmp_path: Path,
    rows: list[list[str]],
    problems: list[tuple[int, str | None, str]],
) -> None:
    store, a, before = imported
    report = import_responses(store, a.id, write_csv(tmp_path / "bad.csv", rows))
    assert report.imported == 0
    assert [(p.row, p.column, p.code) for p in report.problems] == problems
    assert stored(store) == before


def test_100000_rows_with_one_bad_row_import_nothing(
    imported: tuple[Store, Assessment, dict[str, dict[str, Any]]], tmp_path: Path
) -> None:
    store, a, before = imported
    rows = [HEADER_ROW] + [row()] * 100_000 + [row(role="nobody")]
    report = import_responses(store, a.id, write_csv(tmp_path / "many.csv", rows))
    assert (report.imported, report.skipped) == (0, 100_001)
    assert report.problems == [
        RowProblem(
            100_002,
            "role",
            "unknown-role",
            "'nobody' is not a role. Use one of: sales (Sales), boss (Leadership).",
        )
    ]
    assert stored(store) == before


def test_extra_columns_and_a_byte_order_mark_are_read_as_a_person_means_them(
    imported: tuple[Store, Assessment, dict[str, dict[str, Any]]], tmp_path: Path
) -> None:
    store, a, before = imported
    rows = [[*HEADER_ROW, "=cmd|' /C calc'!A0"], [*row(c1="extra"), "=1+1", "surplus"]]
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + csv_bytes(rows))
    report = import_responses(store, a.id, path)
    assert report.imported == 1
    assert [str(w) for w in report.warnings] == [
        "Ignored 1 column GapMap does not know; its values were not read: \"=cmd|' /C calc'!A0\"."
    ]
    after = stored(store)
    assert {k: v for k, v in after.items() if k in before} == before
    assert after["extra"]["profile"] == ("sales", "north", "en", "import", True)
