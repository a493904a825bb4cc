"""The `gapmap` command in German: `--language de`, or a German locale, turns every
message, summary and error into German with one form for one and one for many; JSON,
codes, ids and file paths stay as they are."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assessment.cli import app, language_from_environment
from assessment.questionnaire.questionnaires import QUESTIONNAIRE_DIR
from assessment.storage.store import Store
from tests.conftest import MINIMAL_YAML
from tests.engine import answer, likert, setup

runner = CliRunner()

TYPO = ("    reverse: true", "    revers: true")  # one error: an unknown key
TWICE = ("  - id: t1", "  - id: p1")  # one more: an item id used twice
DANGLING = ("    dimension: time\n    type: choice", "    dimension: tyme\n    type: choice")


def _questionnaire(tmp_path: Path, name: str, *changes: tuple[str, str]) -> Path:
    text = MINIMAL_YAML
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_lists_every_error_and_the_warning_in_german(tmp_path: Path) -> None:
    broken = _questionnaire(tmp_path, "broken.yaml", TYPO, TWICE, DANGLING)
    valid = _questionnaire(tmp_path, "mini.yaml")
    result = runner.invoke(app, ["--language", "de", "validate", str(broken), str(valid)])
    assert result.exit_code == 1, result.output
    assert (
        result.stdout
        == f"{valid}: gültig (mini 1: 2 Dimensionen, 2 Rollen, 3 Fragen, 1 Maßnahme)\n"
    )
    assert result.stderr.splitlines() == [
        f"Fehler: {broken}:47: items[1].id: die Fragen-ID `p1` wird mehrfach verwendet"
        " [duplicate-id]",
        f"Fehler: {broken}:54: items[2].dimension: keine Dimension hat die ID `tyme`"
        " [unknown-dimension]",
        f"Fehler: {broken}:57: items[2].revers: unbekannter Schlüssel `revers` (prüfen Sie die"
        " Schreibweise) [unknown-key]",
        f"{broken}: 3 Fehler",
        f"Warnung: {valid}:1: items: die Dimension `time` hat keine Pulsfrage, ein"
        " Live-Workshop überspringt sie [no-pulse-items]",
    ]


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [("en", "1 error", "2 errors"), ("de", "1 Fehler", "2 Fehler")],
)
def test_one_error_and_two_errors(tmp_path: Path, language: str, one: str, two: str) -> None:
    first = _questionnaire(tmp_path, "one.yaml", TYPO)
    second = _questionnaire(tmp_path, "two.yaml", TYPO, TWICE)
    result = runner.invoke(app, ["--language", language, "validate", str(first), str(second)])
    assert result.exit_code == 1, result.output
    counts = [line for line in result.stderr.splitlines() if not line.endswith("]")]
    assert counts == [f"{first}: {one}", f"{second}: {two}"]


def test_the_results_summary_in_german(tmp_path: Path) -> None:
    """Three front-line staff answer p1 = 2 and t1 = s4 (3 on the 1..5 scale), three
    leaders p1 = 4 and t1 = s6 (1 + 5 * 4/6 = 4.33): purpose 3.00 (level 3), time 3.67
    (level 4), the index (2 * 3 + 3.67) / 3 = 3.22; leaders are 2.00 and 1.33 higher."""
    db = tmp_path / "score.duckdb"
    store = Store(db)
    assessment, q = setup(store, k=3)
    rows = [("rep", None, {"p1": likert(2), "t1": 3})] * 3
    answer(store, assessment, q, rows + [("lead", None, {"p1": likert(4), "t1": 5})] * 3)
    store.close()
    result = runner.invoke(app, ["--language", "de", "score", "--db", str(db), "-a", assessment.id])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Engine: 6 Teilnahmen (Freigabe 1)",
        "Gesamtindex 3,22, Stufe 3, Stufe nach schwächster Dimension 3 (schwächste: purpose)",
        "",
        "Dimension       Mittel  Stufe    Ziel      n   rwg",
        "Purpose           3,00      3       4      6  0,40",
        "Time              3,67      4       4      6  0,73",
        "",
        "Wahrnehmungslücke purpose: Führung 4,00, Basis 2,00 (+2,00)",
        "Wahrnehmungslücke time: Führung 4,33, Basis 3,00 (+1,33)",
        "",
        "Befunde:",
        "",
        "empfohlene Maßnahmen:",
        "   1. Purpose up  [lead]",
        # the questionnaire is English only, so are its names and the reasons made of them
        "      Grund: Purpose is at level 3 (Three), target 4",
        "",
        "Qualität: 0 Personen mit überall derselben Antwort, 0 Personen zu schnell,"
        " 0 Teilnahmen markiert von 6 (gezählt, nicht entfernt)",
        "Reliabilität (Cronbachs Alpha): purpose 0,00, time 0,00",
    ]
    unknown = runner.invoke(app, ["--language", "de", "score", "--db", str(db), "-a", "x"])
    assert unknown.exit_code == 1
    assert unknown.stderr == "Fehler: keine Erhebung mit der ID oder dem Einladungscode 'x'\n"


def test_the_demo_in_german(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    result = runner.invoke(app, ["--language", "de", "demo", "--db", str(db), "-n", "10"])
    assert result.exit_code == 0, result.output
    first, ident, code = result.stdout.splitlines()
    assert first == "Demo-Organisation angelegt: 10 abgeschickte Teilnahmen"
    assert re.fullmatch(r"Erhebungs-ID:   [0-9a-f]{32}", ident)
    assert re.fullmatch(r"Einladungscode: [A-Z0-9]{8}", code)


def test_a_refusal_from_the_catalogue_is_in_german_with_its_code(tmp_path: Path) -> None:
    db = tmp_path / "g.duckdb"
    result = runner.invoke(app, ["--language", "de", "user", "reset", "nobody", "--db", str(db)])
    assert (result.exit_code, result.stderr) == (
        1,
        "Fehler: Dieses Konto gibt es nicht. [unknown-account]\n",
    )


def test_a_german_locale_chooses_german_and_language_en_overrides_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("GAPMAP_LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    one = _questionnaire(tmp_path, "one.yaml", TYPO)
    german = runner.invoke(app, ["validate", str(one)])
    assert german.stderr.splitlines()[-1] == f"{one}: 1 Fehler"
    english = runner.invoke(app, ["--language", "en", "validate", str(one)])
    assert english.stderr.splitlines()[-1] == f"{one}: 1 error"
    assert german.exit_code == english.exit_code == 1


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "de_AT"}, "de"),
        ({"LANG": "de_DE.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en_GB.UTF-8", "LC_ALL": "de_CH.UTF-8", "LC_MESSAGES": "en_GB"}, "de"),
        ({"LANG": "", "LC_ALL": ""}, "en"),
        ({"LANG": "de_DE.UTF-8", "GAPMAP_LANGUAGE": "en"}, "en"),
        ({"LANG": "C", "GAPMAP_LANGUAGE": "de"}, "de"),
        ({"GAPMAP_LANGUAGE": "fr"}, "en"),
    ],
)
def test_the_language_comes_from_gapmap_language_then_the_locale(
    environ: dict[str, str], language: str
) -> None:
    assert language_from_environment(environ) == language


def test_an_unknown_language_is_wrong_usage(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--language", "fr", "validate", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert "use en or de" in result.stderr


def test_json_does_not_change_with_the_language(tmp_path: Path) -> None:
    mini = _questionnaire(tmp_path, "mini.yaml")
    outputs = {
        lang: runner.invoke(app, ["--language", lang, "inspect", str(mini), "--json"]).stdout
        for lang in ("en", "de")
    }
    assert outputs["de"] == outputs["en"] and outputs["en"].startswith("{")


def test_inspect_in_german_groups_thousands_and_names_levels_in_german() -> None:
    crm = QUESTIONNAIRE_DIR / "crm-adoption.yaml"
    result = runner.invoke(app, ["--language", "de", "inspect", str(crm)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Reifegrad der CRM-Nutzung — crm-adoption 1.0 (en, de)"
    assert lines[2].startswith("Stufen: 1 Totes Archiv (>= 1), 2 Berichtspflicht (>= 1,8),")
    assert lines[5] == (
        "Zeit auf dem Smartphone (1.000 Buchstaben pro Minute gelesen, dazu das Antworten;"
        " siehe README):"
    )
    assert lines[6] == (
        "  Rolle sales (frontline): 46 Fragen · en 14 Min. (787 s: 1.790 Wörter gelesen in"
        " 452 s, Antworten 335 s) · de 15 Min. (888 s: 1.726 Wörter gelesen in 553 s,"
        " Antworten 335 s)"
    )


def test_accounts_in_german(tmp_path: Path) -> None:
    db = tmp_path / "accounts.duckdb"
    password = "correct horse battery staple"
    added = runner.invoke(
        app,
        ["--language", "de", "user", "add", "ada", "--role", "consultant", "--db", str(db)],
        input=f"{password}\n{password}\n",
    )
    assert added.exit_code == 0, added.output
    assert added.stdout == "Passwort: \nPasswort wiederholen: \nKonto ada (Beratung) angelegt\n"
    listed = runner.invoke(app, ["--language", "de", "user", "list", "--db", str(db)])
    assert listed.stdout == "ada  Beratung  -\n"
    orgs = runner.invoke(app, ["--language", "de", "org", "list", "--db", str(db)])
    assert orgs.stdout == "noch keine Organisationen\n"
