"""What an import warns about, worded in words' TRANSFER section in English and German, one
and many: the staff console shows a warning in the page's language, the CLI in English."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from assessment.cli import app
from assessment.collect.evidence import import_evidence
from assessment.collect.transfer import ImportWarning, import_responses
from assessment.storage.store import Store
from tests.test_evidence import crm
from tests.test_evidence import make_assessment as evidence_assessment
from tests.test_transfer import GOOD_ROWS, make_assessment, write_csv


def worded(warning: ImportWarning) -> tuple[str, str, str]:
    return warning.key, warning.message_in("en"), warning.message_in("de")


def responses(tmp_path: Path, rows: list[list[str]], **csv: str) -> list[ImportWarning]:
    store = Store()
    path = write_csv(tmp_path / "answers.csv", rows, **csv)
    report = import_responses(store, make_assessment(store).id, path)
    assert report.problems == [] and report.imported == len(rows) - 1
    return report.warnings


def without(columns: set[str]) -> list[list[str]]:
    keep = [i for i, header in enumerate(GOOD_ROWS[0]) if header not in columns]
    return [[row[i] for i in keep] for row in GOOD_ROWS]


def test_a_file_that_is_not_utf8_is_read_as_windows_1252_with_a_warning(tmp_path: Path) -> None:
    rows = [
        ["Rolle", "Team", "p1", "t1", "t2", "m1", "n1", "c1"],
        ["Vertrieb", "Süd", "3", "1", "1", "", "", "Grüße"],
    ]
    (warning,) = responses(tmp_path, rows, delimiter=";", encoding="cp1252")
    assert worded(warning) == (
        "warn_not_utf8",
        "answers.csv is not UTF-8; it was read as Windows-1252 (Western European). Check "
        "accented letters in the imported answers, or save it as 'CSV UTF-8'.",
        "answers.csv ist nicht in UTF-8 gespeichert; die Datei wurde als Windows-1252 "
        "(westeuropäisch) gelesen. Prüfen Sie Umlaute und Akzente in den importierten "
        "Antworten, oder speichern Sie die Datei als „CSV UTF-8“.",
    )
    assert str(warning) == warning.message_in("en")


def test_missing_optional_questions_are_named_one_or_several(tmp_path: Path) -> None:
    (one,) = responses(tmp_path, without({"m1"}))
    assert worded(one) == (
        "warn_optional",
        "No column for the optional question m1; left unanswered.",
        "Keine Spalte für die optionale Frage m1; sie bleibt unbeantwortet.",
    )
    (two,) = responses(tmp_path, without({"m1", "n1"}))
    assert worded(two) == (
        "warn_optional",
        "No column for the optional questions m1, n1; left unanswered.",
        "Keine Spalten für die optionalen Fragen m1, n1; sie bleiben unbeantwortet.",
    )


def test_unknown_and_unheaded_columns_are_named_and_counted(tmp_path: Path) -> None:
    rows = [[*GOOD_ROWS[0], "Email", ""], *([*r, "a@example.com", "x"] for r in GOOD_ROWS[1:])]
    unknown, unheaded = responses(tmp_path, rows)
    assert worded(unknown) == (
        "warn_unknown",
        "Ignored 1 column GapMap does not know; its values were not read: 'Email'.",
        "1 Spalte, die GapMap nicht kennt, wurde übergangen; ihre Werte wurden nicht "
        "gelesen: 'Email'.",
    )
    assert worded(unheaded) == (
        "warn_unheaded",
        "Ignored 1 column without a header; its values were not read.",
        "1 Spalte ohne Überschrift wurde übergangen; ihre Werte wurden nicht gelesen.",
    )
    rows = [[*GOOD_ROWS[0], "", ""], *([*r, "x", "y"] for r in GOOD_ROWS[1:])]
    (unheaded,) = responses(tmp_path, rows)
    assert worded(unheaded) == (
        "warn_unheaded",
        "Ignored 2 columns without a header; their values were not read.",
        "2 Spalten ohne Überschrift wurden übergangen; ihre Werte wurden nicht gelesen.",
    )


def test_a_gapmap_export_is_read_by_scores_with_a_warning(tmp_path: Path) -> None:
    export = ["row", "wave", "perspective", "channel"]
    rows = [
        [*export, "role", "team", "p1", "t1", "t2", "m1", "n1", "c1"],
        ["1", "1", "frontline", "web", "sales", "north", "3", "1", "1", "", "", "first"],
    ]
    unknown, as_export = responses(tmp_path, rows)
    assert worded(as_export) == (
        "warn_export_scores",
        "This file has the columns of a GapMap export (row, wave, perspective, channel), "
        "so its numbers were read as option scores.",
        "Diese Datei hat die Spalten eines GapMap-Exports (row, wave, perspective, channel), "
        "daher wurden ihre Zahlen als Werte der Optionen gelesen.",
    )
    assert worded(unknown)[1:] == (
        "Ignored 4 columns GapMap does not know; their values were not read: "
        "'row', 'wave', 'perspective', 'channel'.",
        "4 Spalten, die GapMap nicht kennt, wurden übergangen; ihre Werte wurden nicht "
        "gelesen: 'row', 'wave', 'perspective', 'channel'.",
    )


def test_evidence_names_the_columns_it_did_not_read_in_german_too(tmp_path: Path) -> None:
    path = tmp_path / "crm.csv"
    path.write_text("team;users;logins;Owner *Id;Notes\nSales North;3;18;u1;x\n", encoding="utf-8")
    store = Store()
    report = import_evidence(store, evidence_assessment(store, crm()).id, path)
    (warning,) = report.warnings
    assert worded(warning) == (
        "warn_unknown",
        "Ignored 2 columns GapMap does not know; their values were not read: 'Owner *Id', 'Notes'.",
        "2 Spalten, die GapMap nicht kennt, wurden übergangen; ihre Werte wurden nicht "
        "gelesen: 'Owner *Id', 'Notes'.",
    )


def test_the_cli_prints_a_warning_in_english(tmp_path: Path) -> None:
    db = tmp_path / "g.duckdb"
    store = Store(db)
    a = evidence_assessment(store, crm())
    store.close()
    file = tmp_path / "crm.csv"
    file.write_text("team,logins,Notes\nSales North,18,x\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evidence", "import", str(file), "-a", a.id, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert (
        "warning: Ignored 1 column GapMap does not know; its values were not read: 'Notes'."
    ) in result.output
