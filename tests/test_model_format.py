"""A maturity model as consultants write them: areas above dimensions, levels numbered
from 0, an item kept for context (weight 0). The model is tests/fixtures/
data-governance.yaml; every figure below is worked out by hand in the comments."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from assessment.analysis.analysis import analyse
from assessment.analysis.quality import cronbach_alpha, quality_report
from assessment.analysis.scoring import Scores, score_assessment
from assessment.cli import app
from assessment.collect import responses
from assessment.collect.responses import DONT_KNOW, AnswerValue, Submission, record_submissions
from assessment.documents.report.data import report_data
from assessment.documents.report.render import render_csv_zip, render_xlsx
from assessment.documents.snapshot import personal_snapshot, suggest_actions
from assessment.organisation.assessments import Assessment, create_assessment, create_organisation
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.questionnaires import load_or_raise, parse_questionnaire
from assessment.storage.store import Store
from assessment.ui.respond import snapshot_lines
from tests.conftest import MINIMAL_YAML

MODEL = Path(__file__).parent / "fixtures" / "data-governance.yaml"
MOSTLY, ALWAYS = 2, 3  # option positions of the `how-often` scale (scored 2 and 3 of 0..3)


def _model() -> Questionnaire:
    return load_or_raise(MODEL)


def _responses() -> list[Submission]:
    """Ten people, and an eleventh who answered only quality, with "don't know" twice.

    On the score scale 1..4 an answer 0..3 scores answer + 1, so Mostly is 3, Always 4.
    - ownership and policies: seven stewards Mostly (3), three leads Always (4):
      (7 * 3 + 3 * 4) / 10 = 3.3 each (leads do not see pol-followed).
    - quality and access: three stewards Mostly (3), the other seven Always (4):
      (3 * 3 + 7 * 4) / 10 = 3.7 each.
    - qual-tool (weight 0) is answered by everyone, with the first option (score 1):
      were it counted, quality would fall.
    """
    out = []
    for n in range(10):
        role = "steward" if n < 7 else "lead"
        base = MOSTLY if n < 7 else ALWAYS
        practice = MOSTLY if n < 3 else ALWAYS
        answers: dict[str, AnswerValue] = {
            "own-named": base,
            "own-decides": base,
            "pol-written": base,
            "qual-checked": practice,
            "qual-fixed": practice,
            "qual-tool": 0,
            "acc-reviewed": practice,
            "acc-revoked": practice,
        }
        if role == "steward":
            answers["pol-followed"] = base
        out.append(Submission(role, None, "en", answers))
    eleventh: Mapping[str, AnswerValue] = {
        "qual-checked": DONT_KNOW,
        "qual-fixed": DONT_KNOW,
        "qual-tool": 1,
    }
    out.append(Submission("steward", None, "en", eleventh))
    return out


def _setup(store: Store, k: int = 3) -> tuple[Assessment, Questionnaire]:
    q = _model()
    org = create_organisation(store, "Northwind")
    assessment = create_assessment(
        store, org, q, name="Governance", anonymity_threshold=k, comment_threshold=10
    )
    record_submissions(store, assessment, q, _responses(), channel="survey")
    return assessment, q


@pytest.fixture
def scored() -> Scores:
    store = Store()
    assessment, _ = _setup(store)
    return score_assessment(store, assessment.id)


def test_the_worked_example_loads_with_its_areas_and_numbering() -> None:
    q = _model()
    assert q.first_level == 0
    assert [(a.id, a.weight, a.dimensions) for a in q.areas] == [
        ("foundations", 3.0, ["ownership", "policies"]),
        ("practice", 1.0, ["quality", "access"]),
    ]
    assert q.item("qual-tool").weight == 0 and not q.item("qual-tool").feeds_score
    assert [lv["number"] for lv in q.summary()["levels"]] == [0, 1, 2, 3]


def test_dimension_means_leave_out_the_weight_0_item(scored: Scores) -> None:
    org = {d.id: scored.get("organisation", d.id) for d in scored.questionnaire.dimensions}
    assert {d: r.mean for d, r in org.items()} == {
        "ownership": 3.3,
        "policies": 3.3,
        "quality": 3.7,
        "access": 3.7,
    }
    # The eleventh person gave no weighted score on quality: not counted in its n; their
    # two "don't know" answers count among 2 + 10 * 2 answers to its weighted items.
    assert org["quality"].n == 10
    assert org["quality"].dont_know_share == 2 / 22
    # Stewards on quality: three 3s and four 4s (the eleventh adds nothing): 25 / 7.
    steward = scored.get("role", "quality", role="steward")
    assert steward.n == 7
    assert steward.mean == pytest.approx(25 / 7, abs=1e-15)


def test_area_and_overall_scores_by_hand(scored: Scores) -> None:
    q = scored.questionnaire
    areas = {a.area: a for a in scored.areas_of("organisation")}
    # foundations = (2 * 3.3 + 1 * 3.3) / 3 = 3.3: level 2 "Managed" (2.8 <= 3.3 < 3.4)
    assert areas["foundations"].index == pytest.approx(3.3, abs=1e-15)
    assert areas["foundations"].level is not None
    assert q.level_label(areas["foundations"].level) == "2 · Managed"
    # practice = (3.7 + 3.7) / 2 = 3.7: level 3 "Governed"
    assert areas["practice"].index == 3.7
    assert areas["practice"].level == 4 and q.shown_level(4) == 3
    assert areas["practice"].n == 10
    # overall = (3 * 3.3 + 1 * 3.7) / 4 = 3.4 exactly: reaches the 3.4 threshold of
    # "Governed" although the float sum comes out at 3.3999999999999995.
    overall = scored.overall_of("organisation")
    assert overall.index == pytest.approx(3.4, abs=1e-15)
    assert (overall.level, q.shown_level(overall.level or 0)) == (4, 3)
    # staged: ownership is the first of the weakest dimensions (level 2, shown)
    assert (overall.weakest, overall.staged_level) == ("ownership", 3)
    # the leads: 4 everywhere
    lead = {a.area: a.index for a in scored.areas_of("role", role="lead")}
    assert lead == {"foundations": 4.0, "practice": 4.0}


def test_without_areas_the_overall_score_is_the_weighted_mean_of_dimensions() -> None:
    q = _model().model_copy(update={"areas": []})
    means = {"ownership": 3.3, "policies": 3.3, "quality": 3.7, "access": 3.7}
    # (2 * 3.3 + 3.3 + 3.7 + 3.7) / 5 = 17.3 / 5 = 3.46
    assert q.overall_score(means) == pytest.approx(3.46, abs=1e-15)
    # the same sum, in the model's order, as before areas existed
    assert q.overall_score(means) == (2 * 3.3 + 1 * 3.3 + 1 * 3.7 + 1 * 3.7) / 5


def test_a_score_that_is_exactly_a_threshold_reaches_it() -> None:
    q = _model()
    assert q.level_for(3.3999999999999995) == 4  # 3.4 after float drift
    assert q.level_for(3.4) == 4
    assert q.level_for(3.399999) == 3  # a real difference still counts
    assert q.level_for(2.7999999999999994) == 3
    assert q.level_for(1.0) == 1


def test_alpha_leaves_out_the_weight_0_item() -> None:
    store = Store()
    assessment, _ = _setup(store)
    alpha = {r.dimension: r for r in cronbach_alpha(store, assessment.id)}
    # qual-checked and qual-fixed only (qual-tool has weight 0), answered alike by the
    # ten: alpha = 2 / 1 * (1 - 2v / 4v) = 1
    assert alpha["quality"].items == 2
    assert alpha["quality"].alpha == 1.0


def test_area_results_hide_where_their_dimensions_hide() -> None:
    store = Store()
    assessment, _ = _setup(store, k=4)  # three leads: below k
    scores = score_assessment(store, assessment.id)
    lead = scores.areas_of("role", role="lead")
    assert [(a.area, a.suppressed, a.reason, a.index) for a in lead] == [
        ("foundations", True, "below_k", None),
        ("practice", True, "below_k", None),
    ]
    for area in scores.areas:
        members = [
            r
            for r in scores.results
            if (r.grouping, r.key) == (area.grouping, area.key)
            and r.dimension in scores.questionnaire.area(area.area).dimensions
        ]
        assert area.suppressed == any(r.suppressed for r in members), area
        assert (area.index is None) == area.suppressed


def test_score_json_and_text_carry_areas_and_shown_levels(tmp_path: Path) -> None:
    db = tmp_path / "gm.duckdb"
    store = Store(db)
    assessment, _ = _setup(store)
    store.close()
    runner = CliRunner()
    result = runner.invoke(app, ["score", "--db", str(db), "-a", assessment.id, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["questionnaire"]["first_level"] == 0
    assert [(a["id"], a["weight"], a["dimensions"]) for a in data["areas"]] == [
        ("foundations", 3.0, ["ownership", "policies"]),
        ("practice", 1.0, ["quality", "access"]),
    ]
    org = {
        a["id"]: next(g for g in a["groups"] if g["grouping"] == "organisation")
        for a in data["areas"]
    }
    assert (org["practice"]["index"], org["practice"]["level"]) == (3.7, 4)
    assert data["overall"]["level"] == 4  # positions in JSON; shown = level - 1 + 0
    text = runner.invoke(app, ["score", "--db", str(db), "-a", assessment.id])
    assert text.exit_code == 0, text.output
    assert "overall index 3.40, level 3, staged level 2 (weakest: ownership)" in text.output
    assert "area Foundations: index 3.30, level 2" in text.output
    assert "area Practice: index 3.70, level 3" in text.output


def test_report_shows_areas_and_levels_as_the_model_numbers_them() -> None:
    store = Store()
    assessment, _ = _setup(store)
    analysis = analyse(store, assessment.id, language="de")
    data = report_data(analysis, quality_report(store, assessment.id), [], [], "de")
    assert data.headline[0] == "Gesamtindex 3,40 von 4: Stufe 3, Beherrscht."
    assert data.headline[1:3] == [
        "Grundlagen: 3,30 von 4, Stufe 2, Gesteuert.",
        "Praxis: 3,70 von 4, Stufe 3, Beherrscht.",
    ]
    summary = dict((row[0], row[1]) for row in data.tables["summary"].rows)
    assert (summary["Stufe"], summary["Grundlagen"], summary["Praxis"]) == (3, 3.3, 3.7)
    assert data.tables["areas"].rows == [
        ["Grundlagen", 3.0, 10, 3.3, 2, "Gesteuert"],
        ["Praxis", 1.0, 10, 3.7, 3, "Beherrscht"],
    ]
    # The workbook and the CSV files have them too, beside the dimensions' sheet.
    book = load_workbook(io.BytesIO(render_xlsx(data)))
    assert book.sheetnames[:3] == ["Überblick", "Bereiche", "Dimensionen"]
    assert [[c.value for c in row] for row in book["Bereiche"].iter_rows()] == [
        ["Bereich", "Gewicht", "n", "Mittelwert", "Stufe", "Name der Stufe"],
        ["Grundlagen", 3, 10, 3.3, 2, "Gesteuert"],
        ["Praxis", 1, 10, 3.7, 3, "Beherrscht"],
    ]
    assert "areas.csv" in zipfile.ZipFile(io.BytesIO(render_csv_zip(data))).namelist()
    ownership = next(p for p in data.dimensions if p.id == "ownership")
    assert ownership.level_heading == "So sieht Stufe 2 aus"


def test_actions_name_levels_as_the_model_numbers_them() -> None:
    q = _model()
    # from_level 0 is the first level (position 1); from_level 2 the third
    assert [q.action_level(a.when) for a in q.actions] == [1, 3]
    # written past the last level that has a next one: refused, in the model's numbers
    text = MODEL.read_text().replace("from_level: 2}", "from_level: 3}")
    [found] = parse_questionnaire(text, "dg.yaml").errors
    assert (found.code, found.message) == (
        "level-out-of-range",
        "from_level `3` must be between 0 and 2",
    )


# --- validation of the new rules, by code and line (MINIMAL_YAML, tests/conftest.py) ----

AREAS = """areas:
  - id: one
    name: One
    dimensions: [purpose]
  - id: two
    name: Two
    weight: 2
    dimensions: [time]
"""


def _with(*replacements: tuple[str, str], areas: str = "") -> str:
    text = MINIMAL_YAML
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text.replace("dimensions:\n  - id: purpose", areas + "dimensions:\n  - id: purpose")


def _problems(text: str) -> list[tuple[str, int, str]]:
    return [(p.code, p.line, p.message) for p in parse_questionnaire(text, "q.yaml").errors]


def test_minimal_with_areas_is_valid() -> None:
    result = parse_questionnaire(_with(areas=AREAS), "q.yaml")
    assert result.errors == []
    assert result.questionnaire is not None
    # (1 * purpose + 2 * time) / 3 with areas of one dimension each: weights of areas
    assert result.questionnaire.overall_score({"purpose": 1.5, "time": 3.0}) == 2.5


@pytest.mark.parametrize(
    ("areas", "replacements", "expected"),
    [
        (
            AREAS.replace("dimensions: [time]", "dimensions: [time, purpose]"),
            (),
            [
                (
                    "dimension-in-two-areas",
                    22,
                    "dimension `purpose` is already in area `one`; a dimension belongs to one area",
                )
            ],
        ),
        (
            AREAS.replace("dimensions: [time]", "dimensions: [tyme]"),
            (),
            [
                ("unknown-dimension", 22, "no dimension has the id `tyme`"),
                (
                    "dimension-without-area",
                    28,
                    "dimension `time` is in no area; with areas, every dimension is in one",
                ),
            ],
        ),
        (
            AREAS.replace("    weight: 2\n", "    weight: -1\n"),
            (),
            [("out-of-range", 21, "`-1` must be greater than 0")],
        ),
        (
            AREAS.replace("  - id: two", "  - id: one"),
            (),
            [("duplicate-id", 19, "area id `one` is used more than once")],
        ),
        (
            "",
            (('version: "1"\n', 'version: "1"\nfirst_level: 2\n'),),
            [
                (
                    "first-level",
                    3,
                    "first_level `2` is neither 0 nor 1: levels are numbered from 0 or from 1",
                )
            ],
        ),
        (
            "",
            (("    pulse: true\n  - id: t1", "    pulse: true\n    weight: -0.5\n  - id: t1"),),
            [("out-of-range", 47, "`-0.5` must be at least 0")],
        ),
        (
            "",
            (("    scale: agree\n    pulse: true\n", "    scale: agree\n    weight: 0\n"),),
            [
                (
                    "zero-weight-dimension",
                    16,
                    "every scored item of dimension `purpose` has weight 0, so it can have no "
                    "score",
                )
            ],
        ),
        (
            "",
            (("  - id: t2", "  - id: model-1.1.0"),),
            [
                (
                    "invalid-id",
                    53,
                    "`model-1.1.0` is not an id: lower-case letters, digits, `-` or `_`, "
                    "starting with a letter (at most 64 characters)",
                )
            ],
        ),
        (
            "",
            (("roles: [sales]", "roles: sales"),),
            [
                (
                    "invalid-roles",
                    61,
                    "roles `sales` is neither `core` (every role) nor a list of role ids",
                )
            ],
        ),
    ],
    ids=[
        "dimension in two areas",
        "unknown dimension in an area, and one in none",
        "negative area weight",
        "duplicate area id",
        "first level neither 0 nor 1",
        "negative item weight",
        "all items of a dimension weight 0",
        "invalid id named",
        "invalid roles named",
    ],
)
def test_new_rules_report_code_line_and_the_value(
    areas: str, replacements: tuple[tuple[str, str], ...], expected: list[tuple[str, int, str]]
) -> None:
    assert _problems(_with(*replacements, areas=areas)) == expected


def test_weight_0_item_is_accepted_and_asked() -> None:
    text = _with(("    reverse: true\n", "    reverse: true\n    weight: 0\n"))
    result = parse_questionnaire(text, "q.yaml")
    assert result.errors == []
    q = result.questionnaire
    assert q is not None
    t2 = q.item("t2")
    assert t2.weight == 0 and not t2.feeds_score
    assert t2 in q.items_for_role("sales")[1][1]  # still asked


def test_problem_messages_are_worded_in_german_too() -> None:
    text = _with(areas=AREAS.replace("dimensions: [time]", "dimensions: [time, purpose]"))
    [found] = parse_questionnaire(text, "q.yaml").errors
    assert found.message_in("de") == (
        "die Dimension `purpose` gehört schon zum Bereich `one`; eine Dimension gehört zu "
        "einem Bereich"
    )


def test_snapshot_and_suggested_actions_number_levels_from_0() -> None:
    store = Store()
    assessment, q = _setup(store)
    started = responses.start_response(store, assessment.id, role_id="steward", language="en")
    never = dict.fromkeys((i.id for i in q.items if i.scale == "how-often"), 0)
    responses.submit(store, started.secret, {**never, "qual-tool": 1})
    snap = personal_snapshot(store, started.secret)
    # every answer "Never" scores 1: the first level, shown as 0; the target (the top
    # level, by default) is shown as 3
    assert "**Ownership**: you 1.0 (level 0, Ad hoc) · target level 3" in snapshot_lines(snap, "en")
    # A steward weakest on ownership (level 0) and access (level 2): their own action on
    # access first, then the action written `from_level: 0` for ownership
    own = {"ownership": 1.0, "policies": 3.0, "quality": 3.0, "access": 2.9}
    assert [a.id for a in suggest_actions(q, "steward", own)] == ["review-access", "name-owners"]
