"""How an import reads a number in an answer cell: as an option's score, its position or
its text, and never by a guess (`--values auto|score|position|text`).

Five scales, each a question of its own: 0..4 (0-based), 0 / 0.25 / 0.5 / 1, 1..5, 1..7
and 0..10 labelled with its numbers. Every case is one row answering one question, so
each refusal is pinned to its row and column.
"""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from assessment.cli import app
from assessment.collect.responses import Submission, record_submissions
from assessment.collect.transfer import (
    ImportReport,
    TransferError,
    ValueReading,
    export_answers,
    import_responses,
)
from assessment.organisation.assessments import (
    Assessment,
    create_assessment,
    create_organisation,
)
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.questionnaires import parse_questionnaire
from assessment.storage.store import Store
from tests.conftest import MINIMAL_YAML

SCALES = textwrap.indent(
    textwrap.dedent(
        """\
        zero4:
          options:
            - {text: Never, score: 0}
            - {text: Rarely, score: 1}
            - {text: Sometimes, score: 2}
            - {text: Often, score: 3}
            - {text: Always, score: 4}
        unit:
          options:
            - {text: "No", score: 0}
            - {text: Partly, score: 0.25}
            - {text: Mostly, score: 0.5}
            - {text: "Yes", score: 1}
        five:
          options:
            - {text: Strongly disagree, score: 1}
            - {text: Disagree, score: 2}
            - {text: Neither, score: 3}
            - {text: Agree, score: 4}
            - {text: Strongly agree, score: 5}
        seven:
          options:
            - {text: Not at all, score: 1}
            - {text: Hardly, score: 2}
            - {text: A little, score: 3}
            - {text: Somewhat, score: 4}
            - {text: Quite, score: 5}
            - {text: Very, score: 6}
            - {text: Completely, score: 7}
        eleven:
          options:
        """
    )
    + "".join(f"    - {{text: '{n}', score: {n}}}\n" for n in range(11)),
    "  ",
)
ITEMS = textwrap.indent(
    textwrap.dedent(
        """\
        - {id: z4, dimension: purpose, type: likert, text: Zero to four, scale: zero4, required: false}
        - {id: u1, dimension: purpose, type: choice, text: Zero to one, scale: unit, required: false}
        - {id: f5, dimension: time, type: likert, text: One to five, scale: five, required: false}
        - {id: s7, dimension: time, type: likert, text: One to seven, scale: seven, required: false}
        - {id: e10, dimension: time, type: likert, text: Zero to ten, scale: eleven, required: false}
        - {id: note, dimension: time, type: text, text: Which case}
        """  # noqa: E501
    ),
    "  ",
)
YAML = MINIMAL_YAML.replace("scales:\n", "scales:\n" + SCALES).replace(
    "items:\n", "items:\n" + ITEMS
)
SCALE_ITEMS = ("z4", "u1", "f5", "s7", "e10")


def _questionnaire() -> Questionnaire:
    result = parse_questionnaire(YAML, "values.yaml")
    assert result.questionnaire is not None, result.errors
    return result.questionnaire


Q = _questionnaire()


@pytest.fixture
def store() -> Store:
    return Store()


def _assessment(store: Store) -> Assessment:
    org = create_organisation(store, "Example GmbH")
    return create_assessment(store, org, Q, name="Values", anonymity_threshold=3)


@pytest.fixture
def assessment(store: Store) -> Assessment:
    return _assessment(store)


# (item, cell, what auto, score, position and text make of it): an option's index, or
# the code the cell is refused with.
CASES: list[tuple[str, str, tuple[int | str, int | str, int | str, int | str]]] = [
    # 0..4: "0" is only a score, "5" only a position; 1..4 are both, of different options
    ("z4", "0", (0, 0, "option-not-offered", "number-not-read")),
    ("z4", "1", ("ambiguous-value", 1, 0, "number-not-read")),
    ("z4", "4", ("ambiguous-value", 4, 3, "number-not-read")),
    ("z4", "5", (4, "option-not-offered", 4, "number-not-read")),
    ("z4", "2.5", ("option-not-offered",) * 3 + ("number-not-read",)),
    ("z4", "often", (3, 3, 3, 3)),
    # 0 / 0.25 / 0.5 / 1: "1" is the top score and the first position
    ("u1", "0", (0, 0, "option-not-offered", "number-not-read")),
    ("u1", "0.25", (1, 1, "option-not-offered", "number-not-read")),
    ("u1", "0,25", (1, 1, "option-not-offered", "number-not-read")),
    ("u1", "0.5", (2, 2, "option-not-offered", "number-not-read")),
    ("u1", "1", ("ambiguous-value", 3, 0, "number-not-read")),
    ("u1", "4", (3, "option-not-offered", 3, "number-not-read")),
    ("u1", "0.75", ("option-not-offered",) * 3 + ("number-not-read",)),
    ("u1", "Yes", (3, 3, 3, 3)),
    # 1..5 and 1..7: score and position always name the same option
    ("f5", "1", (0, 0, 0, "number-not-read")),
    ("f5", "5", (4, 4, 4, "number-not-read")),
    ("f5", "3,0", (2, 2, 2, "number-not-read")),
    ("f5", "0", ("option-not-offered",) * 3 + ("number-not-read",)),
    ("f5", "6", ("option-not-offered",) * 3 + ("number-not-read",)),
    ("s7", "7", (6, 6, 6, "number-not-read")),
    ("s7", "4", (3, 3, 3, "number-not-read")),
    ("s7", "8", ("option-not-offered",) * 3 + ("number-not-read",)),
    ("s7", "quite", (4, 4, 4, 4)),
    # 0..10 labelled "0".."10": the text and the score agree, the position does not
    ("e10", "0", (0, 0, "option-not-offered", 0)),
    ("e10", "3", ("ambiguous-value", 3, 2, 3)),
    ("e10", "10", ("ambiguous-value", 10, 9, 10)),
    ("e10", "11", (10, "option-not-offered", 10, "number-not-read")),
]
MODES: tuple[ValueReading, ...] = ("auto", "score", "position", "text")


def write_csv(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def _rows(cases: Sequence[tuple[str, str]], first: int = 0) -> list[list[str]]:
    """A file with one row per (item, cell): a leader answering p1, t1 and that item,
    noting "case N" (counted from `first`)."""
    header = ["role", "p1", "t1", *SCALE_ITEMS, "note"]
    rows = [header]
    for n, (item, cell) in enumerate(cases, start=first):
        answers = [cell if i == item else "" for i in SCALE_ITEMS]
        rows.append(["boss", "Agree", "Agree", *answers, f"case {n}"])
    return rows


def stored(store: Store) -> dict[str, dict[str, float]]:
    """Each imported row's answers to the scale items (option indexes), by its note."""
    rows = (
        store.cursor()
        .execute(
            "SELECT c.text, i.item_id, a.value FROM answers a"
            " JOIN respondents r ON r.num = a.respondent"
            " JOIN comments c ON c.respondent = r.num"
            " JOIN assessments s ON s.id = r.assessment_id"
            " JOIN questionnaire_items i ON i.content_hash = s.content_hash"
            " AND i.position = a.item"
            " WHERE i.item_id NOT IN ('p1', 't1')"
        )
        .fetchall()
    )
    found: dict[str, dict[str, float]] = {}
    for note, item, value in rows:
        found.setdefault(note, {})[item] = value
    return found


def codes(report: ImportReport) -> list[tuple[int, str | None, str]]:
    return [(p.row, p.column, p.code) for p in report.problems]


@pytest.mark.parametrize("mode", MODES)
def test_each_reading_of_numbers_on_five_scales(
    store: Store, assessment: Assessment, tmp_path: Path, mode: ValueReading
) -> None:
    # one file per case: under auto, a column's cells are also judged together (below)
    column = MODES.index(mode)
    for n, (item, cell, outcome) in enumerate(CASES):
        expected = outcome[column]
        path = write_csv(tmp_path / f"{mode}-{n}.csv", _rows([(item, cell)], first=n))
        report = import_responses(store, assessment.id, path, values=mode)
        if isinstance(expected, str):
            assert codes(report) == [(2, item, expected)], (item, cell)
            assert report.imported == 0
        else:
            assert codes(report) == [], (item, cell)
            assert stored(store)[f"case {n}"] == {item: float(expected)}, (item, cell)


def test_an_ambiguous_number_names_both_meanings_in_english_and_german(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "a.csv", _rows([("u1", "1"), ("e10", "3")]))
    report = import_responses(store, assessment.id, path)
    assert codes(report) == [(2, "u1", "ambiguous-value"), (3, "e10", "ambiguous-value")]
    assert (report.imported, report.skipped) == (0, 2)
    first, second = report.problems
    assert first.message == (
        "'1' in u1 could mean 'Yes' (the option scored 1) or 'No' (option number 1), so it "
        "was not read. Say how the file's numbers are meant: values score, position or text."
    )
    assert second.message_in("de") == (
        "'3' in e10 kann '3' (die Option mit diesem Text) oder '2' (Option Nummer 3) "
        "bedeuten und wurde daher nicht gelesen. Geben Sie an, wie die Zahlen der Datei "
        "gemeint sind: Werte score, position oder text."
    )


def test_a_refused_score_lists_the_scores_as_each_language_writes_them(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "a.csv", _rows([("u1", "0.75")]))
    (problem,) = import_responses(store, assessment.id, path, values="score").problems
    assert problem.message == (
        "'0.75' is not the score of an option of u1 (numbers are read as scores): use one "
        "of 0 / 0.25 / 0.5 / 1, or an option's text (No, Partly, Mostly, Yes)."
    )
    assert "0 / 0,25 / 0,5 / 1" in problem.message_in("de")


def test_a_column_that_mixes_scores_and_positions_is_refused(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    # "0" can only be a score and "5" only a position: the file numbers both ways
    path = write_csv(tmp_path / "a.csv", _rows([("z4", "0"), ("z4", "2.5"), ("z4", "5")]))
    report = import_responses(store, assessment.id, path, skip_bad=True)
    assert codes(report) == [
        (2, "z4", "mixed-values"),
        (3, "z4", "option-not-offered"),
        (4, "z4", "mixed-values"),
    ]
    assert report.problems[0].message.startswith(
        "'0' in z4 can only be an option's score, but '5' in row 4 can only be an option's "
        "number, so neither was read."
    )
    assert report.imported == 0
    # said outright, each is read its way
    report = import_responses(store, assessment.id, path, values="position", skip_bad=True)
    assert codes(report) == [(2, "z4", "option-not-offered"), (3, "z4", "option-not-offered")]
    assert stored(store) == {"case 2": {"z4": 4.0}}


def test_xlsx_numbers_are_read_as_numbers(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["role", "p1", "t1", *SCALE_ITEMS, "note"])
    sheet.append(["boss", "Agree", "Agree", None, 0.25, None, None, None, "quarter"])
    sheet.append(["boss", "Agree", "Agree", None, None, 5, None, None, "int"])
    sheet.append(["boss", "Agree", "Agree", None, None, None, 7.0, None, "float"])
    sheet.append(["boss", "Agree", "Agree", None, 1, None, None, None, "one"])
    path = tmp_path / "a.xlsx"
    book.save(path)
    report = import_responses(store, assessment.id, path, skip_bad=True)
    assert codes(report) == [(5, "u1", "ambiguous-value")]
    assert stored(store) == {"quarter": {"u1": 1.0}, "int": {"f5": 4.0}, "float": {"s7": 6.0}}


def test_export_imports_back_identically_under_the_default(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    # Every option of every scale, so each score the export writes is read back.
    people: list[dict[str, Any]] = [
        {"p1": 2, "t1": 1, "z4": n % 5, "u1": n % 4, "f5": n % 5, "s7": n % 7, "e10": n}
        for n in range(11)
    ]
    record_submissions(store, assessment, Q, [Submission("boss", None, "en", a) for a in people])
    out = tmp_path / "export.csv"
    export_answers(store, assessment.id, out, fmt="csv", seed=1)

    copy = _assessment(store)
    report = import_responses(store, copy.id, out)
    assert report.problems == [] and report.imported == 11
    assert str(report.warnings[-1]) == (
        "This file has the columns of a GapMap export (row, wave, perspective, channel), "
        "so its numbers were read as option scores."
    )

    def answers(assessment_id: str) -> list[tuple[Any, ...]]:
        rows = (
            store.cursor()
            .execute(
                "SELECT list(a.value ORDER BY a.item) FROM answers a"
                " JOIN respondents r ON r.num = a.respondent WHERE r.assessment_id = ?"
                " GROUP BY r.num",
                [assessment_id],
            )
            .fetchall()
        )
        return sorted(tuple(r[0]) for r in rows)

    assert answers(copy.id) == answers(assessment.id)


def test_an_unknown_reading_is_refused(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "a.csv", _rows([("f5", "1")]))
    with pytest.raises(TransferError) as caught:
        import_responses(store, assessment.id, path, values="guess")  # type: ignore[arg-type]
    assert caught.value.code == "unknown-value-reading"


def test_command_line_values_flag(tmp_path: Path) -> None:
    db = tmp_path / "v.duckdb"
    store = Store(db)
    assessment = _assessment(store)
    store.close()
    path = write_csv(tmp_path / "a.csv", _rows([("u1", "1"), ("u1", "0.25")]))
    runner = CliRunner()
    base = ["import", str(path), "--db", str(db), "-a", assessment.id]

    refused = runner.invoke(app, base)
    assert refused.exit_code == 1
    assert f"{path}:2: column 'u1': '1' in u1 could mean 'Yes'" in refused.output
    assert "[ambiguous-value]" in refused.output

    wrong = runner.invoke(app, [*base, "--values", "guess"])
    assert wrong.exit_code == 2
    assert "--values must be auto, score, position or text" in wrong.output

    done = runner.invoke(app, [*base, "--values", "score"])
    assert done.exit_code == 0, done.output
    assert "imported 2 responses, skipped 0" in done.output
    store = Store(db)
    assert stored(store) == {"case 0": {"u1": 3.0}, "case 1": {"u1": 1.0}}
    store.close()
