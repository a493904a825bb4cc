"""`gapmap demo`, `score`, `import` and `export` on a database file."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assessment.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    db = tmp_path_factory.mktemp("cli") / "demo.duckdb"
    result = runner.invoke(app, ["demo", "--db", str(db), "--respondents", "400", "--json"])
    assert result.exit_code == 0, result.output
    return db, json.loads(result.output)


def test_demo_prints_the_assessment_id_and_invite_code(
    demo_db: tuple[Path, dict[str, str]],
) -> None:
    _, ids = demo_db
    assert set(ids) == {"assessment_id", "invite_code"}
    assert len(ids["assessment_id"]) == 32 and len(ids["invite_code"]) == 8


def test_score_json_finds_the_planted_gaps(demo_db: tuple[Path, dict[str, str]]) -> None:
    db, ids = demo_db
    result = runner.invoke(app, ["score", "--db", str(db), "-a", ids["invite_code"], "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["respondents"] == 400
    assert data["overall"]["suppressed"] is False
    gaps = {g["dimension"]: g for g in data["perception_gaps"]}
    # the demo plants leaders rating communication about 1.2 points above the front line
    assert gaps["communication"]["difference"] > 0.8
    kinds = {(f["kind"], f["dimension"]) for f in data["findings"]}
    assert ("perception_gap", "communication") in kinds
    assert data["actions"][0]["rank"] == 1 and data["actions"][0]["reasons"]
    for dim in data["dimensions"]:
        for group in dim["groups"]:
            if group["suppressed"]:
                assert group["n"] is None and group["mean"] is None


def test_score_text_output(demo_db: tuple[Path, dict[str, str]]) -> None:
    db, ids = demo_db
    result = runner.invoke(app, ["score", "--db", str(db), "-a", ids["assessment_id"]])
    assert result.exit_code == 0, result.output
    assert "overall index" in result.output and "recommended actions:" in result.output


def test_unknown_assessment_is_a_clear_error(demo_db: tuple[Path, dict[str, str]]) -> None:
    db, _ = demo_db
    result = runner.invoke(app, ["score", "--db", str(db), "-a", "NOPE"])
    assert result.exit_code == 1
    assert "no assessment with the id or invite code 'NOPE'" in result.output


def test_export_writes_anonymised_csv(demo_db: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    db, ids = demo_db
    out = tmp_path / "answers.csv"
    result = runner.invoke(
        app, ["export", "--db", str(db), "-a", ids["assessment_id"], "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 400
    assert "respondent_id" not in rows[0] and "row" in rows[0]


def test_import_reports_bad_rows_and_imports_nothing(
    demo_db: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    db, ids = demo_db
    bad = tmp_path / "bad.csv"
    bad.write_text("role,team\nnot-a-role,nowhere\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(bad), "--db", str(db), "-a", ids["assessment_id"]])
    assert result.exit_code == 1
    assert "bad.csv:2" in result.output
    assert "nothing was imported" in result.output


def test_command_line_imports_and_exports_are_audited(
    demo_db: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    import duckdb

    def audit_log() -> list[tuple[str, str, str, str]]:
        with duckdb.connect(str(db), read_only=True) as con:
            return con.execute(
                "SELECT username, action, assessment_id, detail FROM audit_log ORDER BY seq"
            ).fetchall()

    db, ids = demo_db
    earlier = len(audit_log())
    out = tmp_path / "audited.csv"
    bad = tmp_path / "audited-bad.csv"
    bad.write_text("role,team\nnot-a-role,nowhere\n", encoding="utf-8")
    exported = runner.invoke(
        app, ["export", "--db", str(db), "-a", ids["invite_code"], "-o", str(out)]
    )
    assert exported.exit_code == 0, exported.output
    runner.invoke(app, ["import", str(bad), "--db", str(db), "-a", ids["assessment_id"]])
    assert audit_log()[earlier:] == [
        ("(command line)", "answers-exported", ids["assessment_id"], "csv"),
        (
            "(command line)",
            "responses-imported",
            ids["assessment_id"],
            "0 responses imported from audited-bad.csv",
        ),
    ]


def test_score_json_carries_the_quality_figures(tmp_path: Path) -> None:
    from assessment.collect.responses import AnswerValue, Submission, record_submissions
    from assessment.organisation.assessments import Team
    from assessment.storage.store import Store
    from tests.engine import setup

    db = tmp_path / "quality.duckdb"
    store = Store(db)
    # two teams of 2 below k = 3: hidden, so nothing may be said of them
    assessment, q = setup(store, k=3, teams=[Team("north", "North"), Team("south", "South")])
    estimate = q.estimated_seconds("lead")
    # purpose: p1 the same for everyone, so its alpha cannot be computed (no variance).
    # time: t1 and t2 mapped to 0..1 are (0, 1, .5, .5) and (0, .5, .5, 1): variances
    # 1/6 each, covariance 1/12, so alpha = 2 * (1 - (1/3) / (1/2)) = 2/3.
    people: list[tuple[str, dict[str, AnswerValue], int | None]] = [
        ("north", {"p1": 2, "t1": 0, "t2": 0}, estimate),
        ("north", {"p1": 2, "t1": 6, "t2": 2}, estimate // 10),  # a speeder
        ("south", {"p1": 2, "t1": 3, "t2": 2}, estimate),
        ("south", {"p1": 2, "t1": 3, "t2": 4}, None),  # no time (as imported)
    ]
    record_submissions(
        store,
        assessment,
        q,
        [Submission("lead", team, "en", a, duration_seconds=d) for team, a, d in people],
    )
    store.close()

    result = runner.invoke(app, ["score", "--db", str(db), "-a", assessment.id, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    quality = data["quality"]
    assert quality.pop("reliability") == [
        {"dimension": "purpose", "alpha": None, "items": 3, "n": 4},
        {"dimension": "time", "alpha": pytest.approx(2 / 3, abs=1e-12), "items": 2, "n": 4},
    ]
    rates = quality.pop("response_rates")
    assert rates == data["response_rates"]
    assert quality == {"respondents": 4, "straight_liners": 0, "speeders": 1, "flagged": 1}
    # hidden teams are marked, with no figure
    assert [(r["team"], r["suppressed"], r["responses"], r["rate"]) for r in rates] == [
        ("north", True, None, None),
        ("south", True, None, None),
    ]

    text = runner.invoke(app, ["score", "--db", str(db), "-a", assessment.id])
    assert text.exit_code == 0, text.output
    assert "quality: 0 straight-liners, 1 speeder, 1 response flagged of 4" in text.output
    assert "reliability (Cronbach's alpha): purpose -, time 0.67" in text.output


def test_score_json_has_no_quality_before_the_first_release(tmp_path: Path) -> None:
    from assessment.storage.store import Store
    from tests.engine import answer, setup

    db = tmp_path / "early.duckdb"
    store = Store(db)
    assessment, q = setup(store, k=5)
    answer(store, assessment, q, [("lead", None, {"p1": 2, "t1": 3})] * 4)  # 4 < k
    store.close()
    result = runner.invoke(app, ["score", "--db", str(db), "-a", assessment.id, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["release"], data["quality"]) == (0, None)
