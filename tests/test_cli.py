"""The `gapmap` command line: exit codes, error listings and the stable inspect JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assessment.cli import app
from assessment.questionnaire.questionnaires import QUESTIONNAIRE_DIR, load_or_raise
from tests.conftest import MINIMAL_YAML

runner = CliRunner()


@pytest.fixture
def mini_file(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL_YAML, encoding="utf-8")
    return path


@pytest.fixture
def broken_file(tmp_path: Path) -> Path:
    """A typo'd key, a duplicate id and a dangling dimension reference."""
    text = (
        MINIMAL_YAML.replace("    reverse: true", "    revers: true")
        .replace("  - id: t1", "  - id: p1")
        .replace("    dimension: time\n    type: choice", "    dimension: tyme\n    type: choice")
    )
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_valid_file_exits_zero(mini_file: Path) -> None:
    result = runner.invoke(app, ["validate", str(mini_file)])
    assert result.exit_code == 0, result.output
    assert "valid (mini 1: 2 dimensions, 2 roles, 3 items, 1 action)" in result.output


def test_validate_lists_every_error_with_its_line(broken_file: Path) -> None:
    result = runner.invoke(app, ["validate", str(broken_file)])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {broken_file}:47: items[1].id: item id `p1` is used more than once [duplicate-id]",
        f"error: {broken_file}:54: items[2].dimension: no dimension has the id `tyme` "
        "[unknown-dimension]",
        f"error: {broken_file}:57: items[2].revers: unknown key `revers` (check the spelling) "
        "[unknown-key]",
    ]


def test_validate_many_files_fails_if_any_fails(mini_file: Path, broken_file: Path) -> None:
    result = runner.invoke(app, ["validate", str(mini_file), str(broken_file)])
    assert result.exit_code == 1
    assert f"{mini_file}: valid" in result.output
    assert f"{broken_file}: 3 errors" in result.output


def test_validate_missing_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "absent.yaml")])
    assert result.exit_code == 1
    assert "[unreadable]" in result.output
    assert "Traceback" not in result.output


def test_validate_shipped_library() -> None:
    files = sorted(str(p) for p in QUESTIONNAIRE_DIR.glob("*.yaml"))
    result = runner.invoke(app, ["validate", *files])
    assert result.exit_code == 0, result.output


def test_inspect_json_has_the_stable_shape(mini_file: Path) -> None:
    result = runner.invoke(app, ["inspect", str(mini_file), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == [
        "id",
        "version",
        "languages",
        "first_level",
        "levels",
        "areas",
        "dimensions",
        "roles",
        "items",
        "actions",
        "time",
    ]
    assert data["id"] == "mini"
    assert data["version"] == "1"
    assert data["languages"] == ["en"]
    assert data["levels"][1] == {"number": 2, "name": "Tool", "threshold": 1.8}
    assert (data["first_level"], data["areas"]) == (1, [])
    assert data["dimensions"][1] == {"id": "time", "name": "Time", "weight": 2.0}
    assert data["roles"][0] == {
        "id": "sales",
        "name": "Sales",
        "perspective": "frontline",
        "items": 3,
        "estimated_seconds": 61,  # tests/test_estimate.py works it out
    }
    assert data["items"][0] == {
        "id": "p1",
        "dimension": "purpose",
        "type": "likert",
        "roles": "core",
        "pulse": True,
        "reverse": False,
        "weight": 1.0,
        "scores": [1.0, 2.0, 3.0],
    }
    assert data["items"][2]["roles"] == ["sales"]
    assert data["items"][2]["reverse"] is True
    assert data["actions"] == [
        {"id": "explain-why", "dimension": "purpose", "from_level": 1, "finding": None}
    ]


def test_inspect_prints_the_time_per_role_and_language_and_the_core_variant(
    mini_file: Path,
) -> None:
    result = runner.invoke(app, ["inspect", str(mini_file)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = lines.index(
        "time on a phone (reading 1,000 letters a minute, plus answering; see the README):"
    )
    assert lines[start + 1 :] == [
        "  role sales (frontline): 3 items · en 2 min (61 s: 51 words read in 12 s, "
        "answering 48 s)",
        "  role boss (leadership): 2 items · en 1 min (55 s: 44 words read in 11 s, "
        "answering 44 s)",
        "core only (2 items: the required ones every role answers; a choice when creating "
        "an assessment):",
        "  role sales (frontline): 2 items · en 1 min (55 s: 44 words read in 11 s, "
        "answering 44 s)",
        "  role boss (leadership): 2 items · en 1 min (55 s: 44 words read in 11 s, "
        "answering 44 s)",
    ]
    data = json.loads(runner.invoke(app, ["inspect", str(mini_file), "--json"]).output)
    assert data["time"] == {
        "full": {"sales": {"en": 61}, "boss": {"en": 55}},
        "core": {"sales": {"en": 55}, "boss": {"en": 55}},
    }


def test_inspect_says_when_a_role_runs_over_twelve_minutes() -> None:
    crm = QUESTIONNAIRE_DIR / "crm-adoption.yaml"
    result = runner.invoke(app, ["inspect", str(crm)])
    assert result.exit_code == 0, result.output
    assert (
        "  role sales (frontline): 46 items · en 14 min (787 s: 1,790 words read in 452 s, "
        "answering 335 s) · de 15 min (888 s: 1,726 words read in 553 s, answering 335 s)"
    ) in result.output.splitlines()
    assert result.output.splitlines()[-1] == (
        "note: the longest role takes 15 min, over 12 minutes; the core-only variant is shorter"
    )


def test_inspect_invalid_file_exits_one(broken_file: Path) -> None:
    result = runner.invoke(app, ["inspect", str(broken_file), "--json"])
    assert result.exit_code == 1
    assert "[unknown-key]" in result.output


def test_preview_shows_what_the_role_sees(mini_file: Path) -> None:
    sales = runner.invoke(app, ["preview", str(mini_file), "--role", "sales"])
    assert sales.exit_code == 0, sales.output
    assert "Sales: 3 items" in sales.output
    assert "Do you enter data twice?" in sales.output
    assert "( ) Don't know / not applicable" in sales.output
    boss = runner.invoke(app, ["preview", str(mini_file), "--role", "boss"])
    assert boss.exit_code == 0, boss.output
    assert "Leadership: 2 items" in boss.output
    assert "Do you enter data twice?" not in boss.output


def test_preview_unknown_role_or_language(mini_file: Path) -> None:
    result = runner.invoke(app, ["preview", str(mini_file), "--role", "cfo"])
    assert result.exit_code == 1
    assert "roles are: sales, boss" in result.output
    result = runner.invoke(app, ["preview", str(mini_file), "--role", "sales", "--lang", "de"])
    assert result.exit_code == 1
    assert "not written in `de`" in result.output


def test_preview_in_german() -> None:
    shipped = [load_or_raise(f) for f in sorted(QUESTIONNAIRE_DIR.glob("*.yaml"))]
    bilingual = [q for q in shipped if "de" in q.languages]
    assert bilingual, "the library should ship a German questionnaire"
    q = bilingual[0]
    path = next(f for f in QUESTIONNAIRE_DIR.glob("*.yaml") if load_or_raise(f).id == q.id)
    role = q.roles[0].id
    first_item = q.items_for_role(role)[0][1][0]
    de = runner.invoke(app, ["preview", str(path), "--role", role, "--lang", "de"])
    assert de.exit_code == 0, de.output
    assert de.output.splitlines()[0] == f"{q.t(q.title, 'de')} ({q.version})"
    assert q.t(first_item.text, "de") in de.output
    assert q.t(first_item.text, "en") not in de.output


def test_info_creates_the_database_named_by_db(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "g.duckdb"
    result = runner.invoke(app, ["info", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert path.exists()
    assert f"database: {path.resolve()}" in result.output


def test_info_uses_gapmap_db_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "env.duckdb"
    monkeypatch.setenv("GAPMAP_DB", str(path))
    result = runner.invoke(app, ["info"])
    assert result.exit_code == 0, result.output
    assert path.exists()


def test_info_on_a_file_held_by_another_process_says_why(tmp_path: Path) -> None:
    path = tmp_path / "held.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]);"
            "print('ready', flush=True); time.sleep(60)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        result = runner.invoke(app, ["info", "--db", str(path)])
        assert result.exit_code == 1
        assert "Is the app running on this file?" in result.output
        assert "Traceback" not in result.output
    finally:
        holder.kill()
        holder.communicate()  # reaps it and closes its pipe


@pytest.mark.parametrize(
    "text",
    ["[" * 50_000, "- " * 50_000 + "x\n"],
    ids=["flow", "block"],
)
def test_validate_refuses_a_file_nested_50000_deep_without_crashing(
    tmp_path: Path, text: str
) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "assessment.cli", "validate", str(deep)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr  # a signal would be negative
    assert done.stderr.splitlines()[0] == (
        f"error: {deep}:1: nesting is deeper than 50 levels [too-deep]"
    )


def test_the_command_list_wraps_each_summary_as_one_paragraph() -> None:
    """A command's summary written over two source lines reads as one paragraph in
    `gapmap --help` (it broke after "actions," and "nothing is" in Typer's default
    markup mode): at 200 columns each summary fits on one line."""
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "200", "TERMINAL_WIDTH": "200"})
    assert result.exit_code == 0
    lines = [" ".join(line.strip("│ ").split()) for line in result.output.splitlines()]
    assert (
        "score Score an assessment: overall index, dimensions by group, gaps, findings,"
        " actions, and the assessment's quality (reliability, straight-liners, speeders)."
    ) in lines
    assert (
        "import Import responses (e.g. a Microsoft Forms or Google Forms export); nothing is"
        " imported unless every row is valid, or --skip-bad is given."
    ) in lines
