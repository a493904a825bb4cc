"""Import of responses from CSV/XLSX and anonymised export of answers."""

from __future__ import annotations

import csv
import io
import random
import textwrap
import zipfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from assessment.collect import transfer
from assessment.collect.responses import (
    DONT_KNOW,
    AnswerValue,
    Submission,
    record_submissions,
    save_answers,
    start_response,
    submit,
)
from assessment.collect.transfer import (
    ImportReport,
    RowProblem,
    TransferError,
    export_answers,
    import_responses,
    neutralise_cell,
)
from assessment.organisation.assessments import (
    Assessment,
    Team,
    create_assessment,
    create_organisation,
    questionnaire_of,
    set_closed,
)
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.questionnaires import parse_questionnaire
from assessment.storage.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "transfer"

# Two languages, both roles, every item type; m1's last four options look like formulas.
QUESTIONNAIRE_YAML = textwrap.dedent(
    """\
    id: transfer
    version: "1"
    title: {en: Transfer check, de: Transferprüfung}
    description: {en: Import and export tests., de: Import- und Exporttests.}
    languages: [en, de]
    levels:
      - {name: {en: Archive, de: Archiv}, description: {en: Unused., de: Ungenutzt.}, threshold: 1}
      - {name: {en: Tool, de: Werkzeug}, description: {en: Used., de: Genutzt.}, threshold: 1.8}
      - {name: {en: Habit, de: Gewohnheit}, description: {en: Lived., de: Gelebt.}, threshold: 2.5}
    dimensions:
      - id: purpose
        name: {en: Purpose, de: Zweck}
        definition: {en: Why we use it., de: Warum wir es nutzen.}
        levels: [{en: Unclear, de: Unklar}, {en: Partly, de: Teils}, {en: Clear, de: Klar}]
      - id: time
        name: {en: Time, de: Zeit}
        definition: {en: Room to use it., de: Raum dafür.}
        levels: [{en: None, de: Keine}, {en: Some, de: Etwas}, {en: Enough, de: Genug}]
    roles:
      - id: sales
        name: {en: Sales, de: Vertrieb}
        description: {en: Front line., de: Front.}
        perspective: frontline
      - id: boss
        name: {en: Leadership, de: Geschäftsleitung}
        description: {en: Runs the company., de: Leitet die Firma.}
        perspective: leadership
    scales:
      agree:
        options:
          - {text: {en: Disagree, de: Stimme nicht zu}, score: 1}
          - {text: {en: Neutral, de: Neutral}, score: 2}
          - {text: {en: Agree, de: Stimme zu}, score: 3}
    items:
      - id: p1
        dimension: purpose
        type: likert
        text: {en: "I know why we use the CRM.", de: "Ich weiß, warum wir das CRM nutzen."}
        scale: agree
        pulse: true
      - id: t1
        dimension: time
        type: likert
        text: {en: "I have time to update the CRM.", de: "Ich habe Zeit, das CRM zu pflegen."}
        scale: agree
        dont_know: true
        pulse: true
      - id: t2
        dimension: time
        type: choice
        text: {en: Do you enter data twice?, de: Erfassen Sie Daten doppelt?}
        reverse: true
        roles: [sales]
        options:
          - {text: {en: "No", de: Nein}, score: 1}
          - {text: {en: "Yes", de: Ja}, score: 3}
      - id: m1
        dimension: purpose
        type: multi
        text: {en: What do you record in the CRM?, de: Was erfassen Sie im CRM?}
        required: false
        options:
          - {text: {en: Calls, de: Anrufe}}
          - {text: {en: E-mails, de: E-Mails}}
          - {text: {en: "=1+2", de: "=1+2"}}
          - {text: {en: "@SUM(A1)", de: "@SUM(A1)"}}
          - {text: {en: "-3", de: "-3"}}
          - {text: {en: "+x", de: "+x"}}
      - id: n1
        dimension: time
        type: number
        text: {en: Hours a week in the CRM?, de: Stunden pro Woche im CRM?}
        required: false
        dont_know: true
        min: -10
        max: 60
      - id: c1
        dimension: time
        type: text
        text: {en: Anything else?, de: Sonst noch etwas?}
    """
)

GOOD_ROWS = [
    ["role", "team", "p1", "t1", "t2", "m1", "n1", "c1"],
    ["sales", "north", "Agree", "3", "no", "Calls;E-mails", "2,5", "first"],
    ["Sales", "Süd", "disagree", "Don't know / not applicable", "2", "", "-1.5", "second"],
    ["boss", "NORTH", "2", "Neutral", "", "E-mails;", "", "third"],
]


def parse(text: str) -> Questionnaire:
    result = parse_questionnaire(text, "transfer.yaml")
    assert result.questionnaire is not None, result.errors
    return result.questionnaire


QUESTIONNAIRE = parse(QUESTIONNAIRE_YAML)


@pytest.fixture
def store() -> Store:
    return Store()


def make_assessment(store: Store, *, teams: bool = True, threshold: int = 3) -> Assessment:
    org = create_organisation(store, "Example GmbH")
    return create_assessment(
        store,
        org,
        QUESTIONNAIRE,
        name="CRM check",
        teams=[Team("north", "Nord"), Team("south", "Süd")] if teams else [],
        anonymity_threshold=threshold,
    )


@pytest.fixture
def assessment(store: Store) -> Assessment:
    return make_assessment(store)


def write_csv(
    path: Path, rows: Sequence[Sequence[str]], *, delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def stored(store: Store) -> dict[str, dict[str, Any]]:
    """Every respondent's profile and latest answers, keyed by their c1 comment."""
    cur = store.cursor()
    people = cur.execute(
        "SELECT r.id, r.num, r.role_id, r.team_id, r.language, r.channel,"
        " r.submitted_hour IS NOT NULL, c.text"
        " FROM respondents r LEFT JOIN comments c ON c.respondent = r.num"
    ).fetchall()
    result: dict[str, dict[str, Any]] = {}
    for rid, num, role, team, language, channel, submitted, comment in people:
        answers: dict[str, Any] = {}
        for item_id, value, choices, dont_know in cur.execute(
            "SELECT i.item_id, a.value, a.choices, a.dont_know FROM answers a"
            " JOIN respondents r ON r.num = a.respondent"
            " JOIN assessments s ON s.id = r.assessment_id"
            " JOIN questionnaire_items i ON i.content_hash = s.content_hash"
            " AND i.position = a.item"
            " WHERE a.respondent = ?",
            [num],
        ).fetchall():
            answers[item_id] = "dk" if dont_know else (choices if choices is not None else value)
        result[comment or rid] = {
            "profile": (role, team, language, channel, submitted),
            **answers,
        }
    return result


def count_respondents(store: Store) -> int:
    row = store.cursor().execute("SELECT count(*) FROM respondents").fetchone()
    assert row is not None
    return int(row[0])


def codes(report: ImportReport) -> list[tuple[int, str | None, str]]:
    return [(p.row, p.column, p.code) for p in report.problems]


# --- import: good files ------------------------------------------------------------------------


def test_good_csv_imports_every_row_with_its_answers(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "answers.csv", GOOD_ROWS)
    report = import_responses(store, assessment.id, path)
    assert report == ImportReport(imported=3, skipped=0, problems=[], warnings=[])
    assert stored(store) == {
        "first": {
            "profile": ("sales", "north", "en", "import", True),
            "p1": 2.0,
            "t1": 2.0,
            "t2": 0.0,
            "m1": [0, 1],
            "n1": 2.5,
        },
        "second": {
            "profile": ("sales", "south", "en", "import", True),
            "p1": 0.0,
            "t1": "dk",
            "t2": 1.0,
            "n1": -1.5,
        },
        "third": {
            "profile": ("boss", "north", "en", "import", True),
            "p1": 1.0,
            "t1": 1.0,
            "m1": [1],
        },
    }


def test_headers_may_be_the_question_texts_in_english(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    q = QUESTIONNAIRE
    header = ["Role", "TEAM"] + [q.t(q.item(i).text, "en") for i in ("p1", "t1", "t2", "c1")]
    path = write_csv(
        tmp_path / "en.csv", [header, ["Leadership", "Süd", " agree ", "NEUTRAL", "", "en row"]]
    )
    report = import_responses(store, assessment.id, path)
    assert (report.imported, report.problems) == (1, [])
    assert stored(store)["en row"] == {
        "profile": ("boss", "south", "en", "import", True),
        "p1": 2.0,
        "t1": 1.0,
    }


def test_semicolon_csv_with_bom_and_german_headers(store: Store, assessment: Assessment) -> None:
    # Excel's German "CSV UTF-8": BOM, ';', decimal comma, headers containing commas.
    report = import_responses(store, assessment.id, FIXTURES / "excel-de.csv")
    assert (report.imported, report.skipped, report.problems) == (2, 0, [])
    by_role = {v["profile"][0]: v for v in stored(store).values()}
    assert by_role["sales"] == {
        "profile": ("sales", "north", "de", "import", True),
        "p1": 2.0,
        "t1": 1.0,
        "t2": 1.0,
        "n1": 2.5,
    }
    assert by_role["boss"] == {
        "profile": ("boss", "south", "de", "import", True),
        "p1": 0.0,
        "t1": "dk",
    }


def test_windows_1252_file_is_read_with_a_warning(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "ansi.csv",
        [["Rolle", "Team", "p1", "t1", "c1"], ["Geschäftsleitung", "süd", "3", "1", "Grüße"]],
        delimiter=";",
        encoding="cp1252",
    )
    report = import_responses(store, assessment.id, path)
    assert (report.imported, report.problems) == (1, [])
    assert any("Windows-1252" in str(warning) for warning in report.warnings)
    assert stored(store)["Grüße"]["profile"][:2] == ("boss", "south")


def test_xlsx_first_sheet_values_only_and_formulas_never_evaluated(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.append(["Role", "Team", "p1", "t1", "t2", "n1", "c1", "Start time"])
    sheet.append(["Sales", "north", 3, "Agree", "No", -1.5, "=1+2", "2026-03-02 09:00"])
    sheet["G2"].data_type = "s"  # the text "=1+2", as a person typed it
    sheet.append(["boss", "south", 1, 2, None, 12, '=HYPERLINK("http://evil.example","x")', None])
    other = workbook.create_sheet("Ignored")
    other.append(["role", "team", "p1"])
    other.append(["sales", "north", "Agree"])
    path = tmp_path / "answers.xlsx"
    workbook.save(path)

    report = import_responses(store, assessment.id, path)
    assert (report.imported, report.problems) == (2, [])
    rows = stored(store)
    assert rows["=1+2"] == {
        "profile": ("sales", "north", "en", "import", True),
        "p1": 2.0,
        "t1": 2.0,
        "t2": 0.0,
        "n1": -1.5,
    }
    # A real formula has no cached value in a file nobody opened in Excel: it is empty,
    # never computed, so the boss row has no comment at all.
    boss = [v for v in rows.values() if v["profile"][0] == "boss"]
    assert len(boss) == 1 and boss[0]["n1"] == 12.0
    assert store.cursor().execute("SELECT count(*) FROM comments").fetchone() == (1,)


def test_forms_export_columns_are_ignored_and_never_stored(
    store: Store, assessment: Assessment
) -> None:
    report = import_responses(store, assessment.id, FIXTURES / "forms-export.csv")
    assert (report.imported, report.skipped, report.problems) == (2, 0, [])
    assert [str(w) for w in report.warnings] == [
        "Ignored 5 columns GapMap does not know; their values were not read: "
        "'ID', 'Start time', 'Completion time', 'Email', 'Name'."
    ]
    assert [w.message_in("de") for w in report.warnings] == [
        "5 Spalten, die GapMap nicht kennt, wurden übergangen; ihre Werte wurden nicht "
        "gelesen: 'ID', 'Start time', 'Completion time', 'Email', 'Name'."
    ]
    everything = dump_database(store)
    assert "More training please" in everything  # the scan finds what was stored
    for secret in ("anna.schmidt@example.com", "Anna Schmidt", "bernd.meier", "9:04:12"):
        assert secret not in everything
        assert secret not in repr(report)
    # A formula-looking comment is kept as text, exactly.
    assert ('=HYPERLINK("http://evil.example","click")',) in store.cursor().execute(
        "SELECT text FROM comments"
    ).fetchall()


def dump_database(store: Store) -> str:
    cur = store.cursor()
    tables = [r[0] for r in cur.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
    assert "respondents" in tables and "answers" in tables
    return "\n".join(
        repr(cur.execute(f'SELECT * FROM "{name}"').fetchall())  # noqa: S608
        for name in tables
    )


def test_column_map_names_a_forms_question_as_the_role(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "forms.csv",
        [
            ["What is your role?", "Which team?", "p1", "t1", "t2"],
            ["Vertrieb", "Nord", "1", "1", "1"],
        ],
    )
    report = import_responses(
        store,
        assessment.id,
        path,
        column_map={"What is your role?": "role", "Which team?": "team"},
    )
    assert (report.imported, report.problems) == (1, [])


def test_assessment_without_teams_needs_no_team_column(store: Store, tmp_path: Path) -> None:
    plain = make_assessment(store, teams=False)
    path = write_csv(tmp_path / "a.csv", [["role", "p1", "t1", "t2"], ["sales", "1", "1", "1"]])
    assert import_responses(store, plain.id, path).imported == 1
    wrong = write_csv(tmp_path / "b.csv", [["role", "team", "p1", "t1"], ["boss", "x", "1", "1"]])
    assert codes(import_responses(store, plain.id, wrong)) == [(2, "team", "unknown-team")]


# --- import: bad rows --------------------------------------------------------------------------

BAD_ROWS = [
    ["role", "team", "p1", "t1", "t2", "n1"],
    ["chef", "north", "Agree", "Agree", "No", "5"],  # 2: unknown role
    ["sales", "west", "Agree", "Agree", "No", "5"],  # 3: unknown team
    ["sales", "north", "Maybe", "Agree", "No", "5"],  # 4: option not offered
    ["sales", "north", "Agree", "Agree", "No", "61"],  # 5: number out of range
    ["sales", "north", "Agree", "", "No", ""],  # 6: missing required t1
    ["boss", "north", "Agree", "Agree", "No", ""],  # 7: t2 is not asked of leadership
    ["sales", "south", "4", "Agree", "yes", "abc"],  # 8: option 4 of 3, not a number
    ["sales", "north", "Agree", "1", "Yes", "-1.5"],  # 9: good
]
BAD_CODES = [
    (2, "role", "unknown-role"),
    (3, "team", "unknown-team"),
    (4, "p1", "option-not-offered"),
    (5, "n1", "out-of-range"),
    (6, "t1", "missing-required"),
    (7, "t2", "item-not-for-role"),
    (8, "p1", "option-not-offered"),
    (8, "n1", "not-a-number"),
]


def test_every_bad_row_is_reported_and_nothing_imported(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    rows = [[*r, r[2]] for r in BAD_ROWS]  # the p1 column again, headed by p1's text
    rows[0][-1] = "I know why we use the CRM."
    report = import_responses(store, assessment.id, write_csv(tmp_path / "bad.csv", rows))
    assert codes(report) == [(1, "I know why we use the CRM.", "duplicate-column"), *BAD_CODES]
    assert (report.imported, report.skipped, report.bad_rows) == (0, 8, 7)
    assert all(isinstance(p, RowProblem) and p.message for p in report.problems)
    assert count_respondents(store) == 0


def test_skip_bad_imports_only_the_good_rows(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "bad.csv", BAD_ROWS)
    refused = import_responses(store, assessment.id, path)
    assert codes(refused) == BAD_CODES
    assert (refused.imported, refused.skipped) == (0, 8)
    assert count_respondents(store) == 0

    report = import_responses(store, assessment.id, path, skip_bad=True)
    assert codes(report) == BAD_CODES
    assert (report.imported, report.skipped) == (1, 7)
    (only,) = stored(store).values()
    assert only == {
        "profile": ("sales", "north", "en", "import", True),
        "p1": 2.0,
        "t1": 0.0,
        "t2": 1.0,
        "n1": -1.5,
    }


def test_skip_bad_does_not_override_a_header_problem(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "dup.csv",
        [["role", "team", "p1", "p1", "t1", "t2"], ["sales", "north", "3", "3", "1", "1"]],
    )
    report = import_responses(store, assessment.id, path, skip_bad=True)
    assert codes(report) == [(1, "p1", "duplicate-column")]
    assert (report.imported, report.skipped) == (0, 1)
    assert count_respondents(store) == 0


def test_missing_role_team_or_required_column(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "a.csv", [["p1", "t2"], ["Agree", "No"]])
    assert codes(import_responses(store, assessment.id, path)) == [
        (1, None, "missing-column"),  # role
        (1, None, "missing-column"),  # team
        (1, None, "missing-column"),  # t1, asked of every role
    ]
    assert count_respondents(store) == 0


def test_a_row_problem_reads_in_german_and_names_the_wrong_value(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    rows = [[*r, r[0]] for r in BAD_ROWS]  # the role again, headed in German
    rows[0][-1] = "Rolle"
    report = import_responses(store, assessment.id, write_csv(tmp_path / "bad.csv", rows))
    assert codes(report) == [(1, "Rolle", "duplicate-column"), *BAD_CODES]
    german = {(p.row, p.column): p.message_in("de") for p in report.problems}
    assert german[1, "Rolle"] == (
        "Die Spalten 'Rolle' und 'role' geben beide die Rolle an; behalten Sie eine davon."
    )
    assert german[2, "role"].startswith("'chef' ist keine Rolle. Verwenden Sie eine von: ")
    assert german[5, "n1"] == "Bitte geben Sie eine Zahl von -10 bis 60 ein."
    assert german[6, "t1"] == (
        "Die Frage t1 ist für die Rolle sales Pflicht, hat aber keine Antwort."
    )
    assert report.problems[0].message == (
        "Column 'Rolle' and column 'role' both give the role; keep one of them."
    )
    assert all(p.message_in("de") != p.message for p in report.problems)


def test_multi_accepts_option_texts_and_numbers_separated_by_semicolons(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    rows = [
        ["role", "team", "p1", "t1", "t2", "m1", "c1"],
        ["sales", "north", "1", "1", "1", " calls ; 2 ;", "a"],
        ["sales", "north", "1", "1", "1", "Anrufe;Faxes", "b"],
    ]
    report = import_responses(store, assessment.id, write_csv(tmp_path / "m.csv", rows))
    assert codes(report) == [(3, "m1", "option-not-offered")]
    report = import_responses(
        store, assessment.id, write_csv(tmp_path / "m.csv", rows[:2]), skip_bad=True
    )
    assert report.imported == 1
    assert stored(store)["a"]["m1"] == [0, 1]


# --- import: files that are not spreadsheets ---------------------------------------------------


GARBAGE = random.Random(7).randbytes(4096)  # noqa: S311 (fixed test data, not a secret)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("garbage.csv", GARBAGE, "unreadable-file"),
        ("garbage.xlsx", GARBAGE, "unreadable-file"),
        ("empty.csv", b"", "empty-file"),
        ("blank.csv", b" \r\n\r\n", "empty-file"),
        ("answers.txt", b"role,team\nsales,north\n", "unsupported-format"),
        ("answers.xls", b"\xd0\xcf\x11\xe0", "unsupported-format"),
        ("header-only.csv", b"role,team,p1,t1\r\n", "no-rows"),
        ("no-header.csv", b"sales,north,Agree,Agree\r\nboss,south,1,1\r\n", "no-header"),
        ("blank-header.csv", b",,\r\nsales,north,1\r\n", "no-header"),
        ("zip.csv", b"PK\x03\x04" + bytes(100), "unreadable-file"),
        ("zip.xlsx", b"PK\x03\x04" + bytes(100), "unreadable-file"),
        ("docx.xlsx", b"", "unreadable-file"),  # a real zip, but not a workbook
    ],
)
def test_files_that_are_not_spreadsheets_are_refused_with_a_code(
    store: Store, assessment: Assessment, tmp_path: Path, name: str, content: bytes, code: str
) -> None:
    path = tmp_path / name
    if name == "docx.xlsx":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
    else:
        path.write_bytes(content)
    with pytest.raises(TransferError) as caught:
        import_responses(store, assessment.id, path)
    assert caught.value.code == code
    assert count_respondents(store) == 0


def test_pdf_renamed_to_xlsx_is_refused(store: Store, assessment: Assessment) -> None:
    with pytest.raises(TransferError) as caught:
        import_responses(store, assessment.id, FIXTURES / "renamed-pdf.xlsx")
    assert caught.value.code == "unreadable-file"
    assert "PDF" in caught.value.message


def test_missing_file(store: Store, assessment: Assessment, tmp_path: Path) -> None:
    with pytest.raises(TransferError) as caught:
        import_responses(store, assessment.id, tmp_path / "nowhere.csv")
    assert caught.value.code == "file-not-found"


def test_size_and_row_limits(
    store: Store, assessment: Assessment, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "many.csv", GOOD_ROWS)
    monkeypatch.setattr(transfer, "MAX_ROWS", 2)
    with pytest.raises(TransferError) as caught:
        import_responses(store, assessment.id, path)
    assert caught.value.code == "too-many-rows"
    monkeypatch.setattr(transfer, "MAX_FILE_BYTES", 50)
    with pytest.raises(TransferError) as caught:
        import_responses(store, assessment.id, path)
    assert caught.value.code == "file-too-large"
    assert count_respondents(store) == 0


def test_closed_assessment_refuses_imports(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    set_closed(store, assessment.id, True)
    with pytest.raises(TransferError) as caught:
        import_responses(store, assessment.id, write_csv(tmp_path / "a.csv", GOOD_ROWS))
    assert caught.value.code == "assessment-closed"
    assert count_respondents(store) == 0


# --- export ------------------------------------------------------------------------------------


def record(
    store: Store, assessment: Assessment, people: Sequence[tuple[str, str | None, dict[str, Any]]]
) -> None:
    q = questionnaire_of(store, assessment)
    subs = [Submission(role, team, "en", answers) for role, team, answers in people]
    record_submissions(store, assessment, q, subs)


def sales(n1: AnswerValue, **more: AnswerValue) -> dict[str, AnswerValue]:
    return {"p1": 2, "t1": 1, "t2": 0, "n1": n1, **more}


def boss(n1: AnswerValue, **more: AnswerValue) -> dict[str, AnswerValue]:
    return {"p1": 0, "t1": DONT_KNOW, "n1": n1, **more}


def read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


HEADER = ["row", "wave", "role", "perspective", "team", "channel", "language"]


def test_export_csv_writes_scores_texts_and_numbers_without_ids(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    record(
        store,
        assessment,
        [
            ("sales", "north", sales(-1.5, m1=[2], c1="=1+2 secret comment")),
            ("sales", "north", sales(None, m1=[3, 4, 5])),
            ("sales", "north", sales(0, m1=[0, 1])),
            ("boss", "north", boss(10.25, m1=[4])),
            ("boss", "north", boss(DONT_KNOW)),
            ("boss", "north", boss(60)),
        ],
    )
    out = tmp_path / "answers.csv"
    report = export_answers(store, assessment.id, out, fmt="csv", seed=1)
    assert (report.rows, report.columns, report.blanked_cells, report.path) == (6, 12, 0, out)
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == ",".join([*HEADER, "p1", "t1", "t2", "m1", "n1"])
    for (rid,) in store.cursor().execute("SELECT id FROM respondents").fetchall():
        assert rid not in text
    assert "secret comment" not in text and "c1" not in text

    rows = read_csv(out)
    assert sorted(r["row"] for r in rows) == ["1", "2", "3", "4", "5", "6"]
    assert {(r["wave"], r["team"], r["channel"], r["language"]) for r in rows} == {
        ("1", "north", "import", "en")
    }
    got = sorted(
        (r["role"], r["perspective"], r["p1"], r["t1"], r["t2"], r["m1"], r["n1"]) for r in rows
    )
    assert got == sorted(
        [
            ("sales", "frontline", "3", "2", "1", "'=1+2", "-1.5"),
            ("sales", "frontline", "3", "2", "1", "'@SUM(A1); -3; +x", ""),
            ("sales", "frontline", "3", "2", "1", "Calls; E-mails", "0"),
            ("boss", "leadership", "1", "dont_know", "", "'-3", "10.25"),
            ("boss", "leadership", "1", "dont_know", "", "", "dont_know"),
            ("boss", "leadership", "1", "dont_know", "", "", "60"),
        ]
    )


def test_export_rows_are_shuffled(store: Store, assessment: Assessment, tmp_path: Path) -> None:
    record(store, assessment, [("sales", "north", sales(float(n))) for n in range(8)])
    out = tmp_path / "a.csv"
    export_answers(store, assessment.id, out, fmt="csv", seed=3)
    order = [float(r["n1"]) for r in sorted(read_csv(out), key=lambda r: int(r["row"]))]
    assert sorted(order) == [float(n) for n in range(8)]
    assert order != sorted(order)
    export_answers(store, assessment.id, out, fmt="csv", seed=3)
    assert [float(r["n1"]) for r in sorted(read_csv(out), key=lambda r: int(r["row"]))] == order


def test_export_parquet_is_typed_and_neutralised(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    record(
        store,
        assessment,
        [
            ("sales", "north", sales(-1.5, m1=[2])),
            ("sales", "north", sales(2, m1=[5])),
            ("sales", "north", sales(None, t1=DONT_KNOW)),
        ],
    )
    out = tmp_path / "answers.parquet"
    report = export_answers(store, assessment.id, out, fmt="parquet", seed=1)
    assert (report.rows, report.columns, report.blanked_cells) == (3, 14, 0)
    con = duckdb.connect()
    schema = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(out)]).fetchall()
    assert [(c[0], c[1]) for c in schema] == [
        ("row", "INTEGER"),
        ("wave", "INTEGER"),
        ("role", "VARCHAR"),
        ("perspective", "VARCHAR"),
        ("team", "VARCHAR"),
        ("channel", "VARCHAR"),
        ("language", "VARCHAR"),
        ("p1", "DOUBLE"),
        ("t1", "DOUBLE"),
        ("t1__dont_know", "BOOLEAN"),
        ("t2", "DOUBLE"),
        ("m1", "VARCHAR"),
        ("n1", "DOUBLE"),
        ("n1__dont_know", "BOOLEAN"),
    ]
    rows = con.execute(
        "SELECT p1, t1, t1__dont_know, m1, n1 FROM read_parquet(?) ORDER BY n1 NULLS LAST",
        [str(out)],
    ).fetchall()
    assert rows == [
        (3.0, 2.0, False, "'=1+2", -1.5),
        (3.0, 2.0, False, "'+x", 2.0),
        (3.0, None, True, None, None),
    ]


def test_export_blanks_small_groups_and_what_subtraction_would_reveal(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    # k = 3. sales: north 4, south 4; boss: north 3, south 1. The release shows team
    # north (7), both roles and no role x team cell. A row-level export that kept
    # (sales, north) would let the reader take north - 4 = 3 bosses in north and then
    # boss - 3 = the one boss in south: every team is blanked, the roles stay.
    people = (
        [("sales", "north", sales(1))] * 4
        + [("sales", "south", sales(2))] * 4
        + [("boss", "north", boss(3))] * 3
        + [("boss", "south", boss(4))]
    )
    record(store, assessment, people)
    out = tmp_path / "a.csv"
    report = export_answers(store, assessment.id, out, fmt="csv", seed=1)
    assert (report.rows, report.blanked_cells) == (12, 12)
    got = Counter((r["role"], r["perspective"], r["team"], r["n1"]) for r in read_csv(out))
    assert got == Counter(
        {
            ("sales", "frontline", "(hidden)", "1"): 4,
            ("sales", "frontline", "(hidden)", "2"): 4,
            ("boss", "leadership", "(hidden)", "3"): 3,
            ("boss", "leadership", "(hidden)", "4"): 1,
        }
    )


def test_a_row_whose_role_is_hidden_leaves_role_only_items_empty(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    # t2 is asked of sales only: its answers beside a hidden role would name the role.
    record(store, assessment, [("sales", "north", sales(1))] * 5 + [("boss", "north", boss(2))])
    rows = read_csv(_export(store, assessment, tmp_path))
    assert {r["role"] for r in rows} == {"(hidden)"}
    assert [r["t2"] for r in rows] == [""] * 6


def _export(store: Store, assessment: Assessment, tmp_path: Path) -> Path:
    out = tmp_path / "x.csv"
    export_answers(store, assessment.id, out, fmt="csv", seed=1)
    return out


def test_a_lone_leader_blanks_every_role_and_perspective(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    # One leader: showing "frontline" anywhere would leave the leader's row as the rest.
    record(store, assessment, [("sales", "north", sales(1))] * 5 + [("boss", "north", boss(2))])
    out = tmp_path / "a.csv"
    report = export_answers(store, assessment.id, out, fmt="csv", seed=1)
    assert report.blanked_cells == 6 * 3
    rows = read_csv(out)
    assert {(r["role"], r["perspective"], r["team"]) for r in rows} == {("(hidden)",) * 3}
    assert sorted(r["t2"] for r in rows) == [""] * 6  # t2 is asked of sales only


def test_channel_is_blanked_everywhere_when_one_channel_group_is_small(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    record(store, assessment, [("sales", "north", sales(1))] * 4)
    started = start_response(store, assessment.id, role_id="sales", team_id="north")
    submit(store, started.secret, {"p1": 0, "t1": 0, "t2": 0})
    out = tmp_path / "a.csv"
    report = export_answers(store, assessment.id, out, fmt="csv", seed=1)
    assert report.blanked_cells == 5
    assert {(r["team"], r["channel"], r["language"]) for r in read_csv(out)} == {
        ("north", "(hidden)", "en")
    }


def test_export_leaves_out_unsubmitted_and_cleared_answers(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    record(store, assessment, [("sales", "north", sales(1))] * 3)
    started = start_response(store, assessment.id, role_id="sales", team_id="north")
    save_answers(store, started.secret, {"p1": 0, "t1": 0, "t2": 0, "n1": 7.0})
    save_answers(store, started.secret, {"n1": None})  # cleared again
    out = tmp_path / "a.csv"
    assert export_answers(store, assessment.id, out, fmt="csv", seed=1).rows == 3
    submit(store, started.secret)
    # the export moves with the releases: one more response waits for k = 3 changes
    assert export_answers(store, assessment.id, out, fmt="csv", seed=1).rows == 3
    record(store, assessment, [("sales", "north", sales(1))] * 2)
    assert export_answers(store, assessment.id, out, fmt="csv", seed=1).rows == 6
    assert sorted(r["n1"] for r in read_csv(out)) == ["", "1", "1", "1", "1", "1"]


def test_export_refuses_fewer_respondents_than_the_threshold(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    record(store, assessment, [("sales", "north", sales(1))] * 2)
    with pytest.raises(TransferError) as caught:
        export_answers(store, assessment.id, tmp_path / "a.csv", fmt="csv")
    assert caught.value.code == "too-few-responses"
    assert not (tmp_path / "a.csv").exists()


def test_imported_file_exports_and_imports_back(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    rows = [GOOD_ROWS[0]] + [GOOD_ROWS[1]] * 3
    import_responses(store, assessment.id, write_csv(tmp_path / "in.csv", rows))
    out = tmp_path / "out.csv"
    export_answers(store, assessment.id, out, fmt="csv", seed=1)
    assert {(r["p1"], r["t1"], r["m1"], r["n1"]) for r in read_csv(out)} == {
        ("3", "3", "Calls; E-mails", "2.5")
    }


# --- the pieces --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-3", "'-3"),
        ("+x", "'+x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("＝1+2", "'＝1+2"),
        (" =1+2", "' =1+2"),
        ("  -3", "'  -3"),
        ("\u00a0@SUM(A1)", "'\u00a0@SUM(A1)"),
        ("plain", "plain"),
        (" plain", " plain"),
        ("a=1", "a=1"),
        ("", ""),
    ],
)
def test_neutralise_cell(value: str, expected: str) -> None:
    assert neutralise_cell(value) == expected


def test_export_to_a_missing_folder_is_a_clear_error(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    record(store, assessment, [("sales", "north", sales(1))] * 3)
    for fmt in ("csv", "parquet"):
        with pytest.raises(TransferError) as caught:
            export_answers(store, assessment.id, tmp_path / "no" / "a.x", fmt=fmt)
        assert caught.value.code == "cannot-write"


def test_language_column_and_excel_sep_line(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    path = tmp_path / "sep.csv"
    path.write_bytes(
        b"sep=;\r\nrole;team;Sprache;p1;t1;t2;c1\r\n"
        b"sales;north;DE;1;1;1;a\r\nsales;north;fr;1;1;1;b\r\n"
    )
    report = import_responses(store, assessment.id, path)
    assert codes(report) == [(3, "Sprache", "unknown-language")]  # row 1 is the header
    path.write_bytes(b"sep=;\r\nrole;team;Sprache;p1;t1;t2;c1\r\nsales;north;DE;1;1;1;a\r\n")
    assert import_responses(store, assessment.id, path).imported == 1
    assert stored(store)["a"]["profile"][2] == "de"


def test_the_export_blanks_no_more_than_the_release_needs(tmp_path: Path) -> None:
    # The 120-person demo: the release shows the sales and service roles and both
    # perspectives; one admin (1 person) hides marketing as a role. The export keeps
    # exactly that much: sales and service by role, everyone else by perspective.
    from assessment.collect.demo import generate_demo

    store = Store()
    demo = generate_demo(store, 120, seed=7)
    out = tmp_path / "demo.csv"
    export_answers(store, demo.assessment_id, out, fmt="csv", seed=1)
    got = Counter((r["role"], r["perspective"], r["team"]) for r in read_csv(out))
    assert got == Counter(
        {
            ("sales", "frontline", "(hidden)"): 53,
            ("service", "frontline", "(hidden)"): 32,
            ("(hidden)", "frontline", "(hidden)"): 15,
            ("(hidden)", "leadership", "(hidden)"): 20,
        }
    )
