"""Evidence from the CRM's own records: the `evidence:` format, the import (three CRMs'
export shapes, per user and per team, hostile files), disclosure, and the reality gap."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assessment import access
from assessment.analysis import disclosure
from assessment.analysis.analysis import analyse
from assessment.cli import app
from assessment.collect.evidence import import_evidence
from assessment.collect.responses import Submission, record_submissions
from assessment.collect.transfer import TransferError
from assessment.organisation import auth
from assessment.organisation.assessments import (
    Assessment,
    Team,
    create_assessment,
    create_organisation,
)
from assessment.questionnaire.evidence import level_of
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.questionnaires import load_or_raise, parse_questionnaire
from assessment.storage.store import Store
from tests.conftest import MINIMAL_YAML

FIXTURES = Path(__file__).parent / "fixtures" / "evidence"
CRM = Path(__file__).parent.parent / "questionnaires" / "crm-adoption.yaml"

# Three levels, so two bands each; appended to the minimal questionnaire's actions.
EVIDENCE_YAML = """\
  - id: look-at-the-records
    title: Look at the records together
    description: Put the CRM's figures beside the survey.
    rationale: Records are neutral ground.
    owner: boss
    effort: S
    impact: high
    when: {finding: reality_gap}
evidence:
  - id: stale
    dimension: purpose
    indicator: stale_deal_share
    direction: lower_is_better
    bands: [0.5, 0.2]
    item: p1
    name: Share of open deals untouched for 30 days
  - id: active
    dimension: time
    indicator: active_days
    direction: higher_is_better
    bands: [8, 15]
    name: Active days in the last 30
"""
TEAMS = [
    Team("north", "Sales North"),
    Team("south", "Sales South"),
    Team("service", "Customer Service"),
]
PEOPLE = ("Anna Berger", "anna.berger@nordwind.example", "0058d00000A1bcQ", "51234001")


@functools.cache
def crm() -> Questionnaire:
    """The CRM adoption model, loaded once for the file."""
    return load_or_raise(CRM)


def mini_with_evidence() -> Questionnaire:
    result = parse_questionnaire(MINIMAL_YAML + EVIDENCE_YAML, "mini.yaml")
    assert result.ok, [str(p) for p in result.errors]
    assert result.questionnaire is not None
    return result.questionnaire


def make_assessment(store: Store, q: Questionnaire, k: int = 3) -> Assessment:
    org = create_organisation(store, "Nordwind")
    return create_assessment(store, org, q, name="Wave 1", teams=TEAMS, anonymity_threshold=k)


def stored(store: Store, assessment_id: str) -> dict[tuple[str, str], tuple[int, float, float]]:
    rows = (
        store.cursor()
        .execute(
            "SELECT team_id, indicator, users, total, base FROM evidence WHERE assessment_id = ?",
            [assessment_id],
        )
        .fetchall()
    )
    return {(t, i): (u, round(total, 6), round(base, 6)) for t, i, u, total, base in rows}


# --- the format --------------------------------------------------------------------------------


def problems(extra: str) -> list[tuple[int, str, str]]:
    result = parse_questionnaire(MINIMAL_YAML + extra, "mini.yaml")
    return [(p.line, p.path, p.code) for p in result.errors]


def test_valid_evidence_indicators_load() -> None:
    q = mini_with_evidence()
    assert [(e.id, e.indicator, e.direction, e.bands, e.item) for e in q.evidence] == [
        ("stale", "stale_deal_share", "lower_is_better", [0.5, 0.2], "p1"),
        ("active", "active_days", "higher_is_better", [8.0, 15.0], None),
    ]


def test_each_evidence_problem_has_its_line_and_code() -> None:
    extra = """\
evidence:
  - id: a
    dimension: purpose
    indicator: stale_deal_share
    direction: lower_is_better
    bands: [0.2, 0.5]
    name: Wrong order
  - id: a
    dimension: tyme
    indicator: active_days
    direction: higher_is_better
    bands: [8, 15, 20]
    item: t2
    name: Too many bands, unknown dimension
  - id: c
    dimension: time
    indicator: pageviews
    direction: higher_is_better
    bands: [8, 45]
    item: nope
    name: Unknown indicator and item
  - id: d
    dimension: time
    indicator: active_days
    direction: higher_is_better
    bands: [8, 45]
    name: Band beyond 30 days
"""
    assert problems(extra) == [
        (76, "evidence[0].bands", "evidence-bands-order"),
        (78, "evidence[1].id", "duplicate-id"),
        (79, "evidence[1].dimension", "unknown-dimension"),
        (82, "evidence[1].bands", "evidence-band-count"),
        (83, "evidence[1].item", "evidence-item"),
        (87, "evidence[2].indicator", "invalid-choice"),
        (90, "evidence[2].item", "evidence-item"),
        (96, "evidence[3].bands", "evidence-band-range"),
    ]


def test_evidence_problems_are_worded_in_german_too() -> None:
    extra = "evidence:\n  - {id: a, dimension: time, indicator: active_days,"
    extra += " direction: higher_is_better, bands: [8], name: One band}\n"
    result = parse_questionnaire(MINIMAL_YAML + extra, "mini.yaml")
    (problem,) = result.errors
    assert problem.message_in("de") == (
        "hat 1 Grenzen; ein Modell mit 3 Stufen braucht 2 (wo jede Stufe ab 2 beginnt)"
    )


def test_bands_place_a_value_on_the_levels() -> None:
    assert [level_of(v, [4, 8, 13, 18], "higher_is_better") for v in (0, 4, 12.9, 13, 30)] == [
        1,
        2,
        3,
        4,
        5,
    ]
    assert [
        level_of(v, [0.6, 0.4, 0.25, 0.1], "lower_is_better") for v in (0.75, 0.6, 0.2, 0.1)
    ] == [
        1,
        2,
        4,
        5,
    ]


def test_the_crm_adoption_model_has_evidence_in_english_and_german() -> None:
    q = crm()
    assert [(e.dimension, e.indicator) for e in q.evidence] == [
        ("purpose", "active_days"),
        ("ownership", "stale_deal_share"),
        ("ownership", "required_fields"),
        ("communication", "days_in_stage"),
        ("training", "records_touched"),
    ]
    assert all(set(e.name) == {"en", "de"} for e in q.evidence)
    gap_actions = [a.id for a in q.actions if a.when.finding == "reality_gap"]
    assert gap_actions == [
        "reality-gap-look-at-the-records-together",
        "reality-gap-ownership-stale-deal-review",
        "reality-gap-purpose-one-daily-reason",
    ]


# --- the import: three CRMs' shapes ----------------------------------------------------------

# The six users of every fixture, added up by hand per team (users, total, base).
EXPECTED = {
    ("north", "active_days"): (3, 45.0, 3.0),
    ("north", "logins"): (3, 55.0, 3.0),
    ("north", "records_touched"): (3, 180.0, 3.0),
    ("north", "open_deals"): (3, 20.0, 3.0),
    ("north", "stale_deal_share"): (3, 4.0, 20.0),
    ("north", "days_in_stage"): (3, 620.0, 20.0),  # 20x10 + 50x6 + 30x4
    ("north", "required_fields"): (3, 2.7, 3.0),
    ("south", "active_days"): (2, 8.0, 2.0),
    ("south", "logins"): (2, 10.0, 2.0),
    ("south", "records_touched"): (2, 20.0, 2.0),
    ("south", "open_deals"): (2, 20.0, 2.0),
    ("south", "stale_deal_share"): (2, 15.0, 20.0),
    ("south", "days_in_stage"): (2, 1840.0, 20.0),  # 80x8 + 100x12
    ("south", "required_fields"): (2, 1.1, 2.0),
    ("service", "active_days"): (1, 22.0, 1.0),
    ("service", "logins"): (1, 30.0, 1.0),
    ("service", "records_touched"): (1, 120.0, 1.0),
    ("service", "required_fields"): (1, 0.95, 1.0),
    # service has no open deals: no stale share and no days in stage; its open deals
    # per user are 0 over 1 user
    ("service", "open_deals"): (1, 0.0, 1.0),
}


@pytest.mark.parametrize(
    "fixture", ["salesforce-user-activity.csv", "hubspot-users.csv", "dynamics-users.xlsx"]
)
def test_each_crm_export_shape_adds_up_to_the_same_team_evidence(fixture: str) -> None:
    store = Store()
    a = make_assessment(store, crm())
    report = import_evidence(store, a.id, FIXTURES / fixture, by=auth.SYSTEM)
    assert (report.imported, report.skipped, report.problems) == (6, 0, [])
    assert stored(store, a.id) == EXPECTED
    (detail,) = (
        store.cursor()
        .execute("SELECT detail FROM audit_log WHERE action = 'evidence-imported'")
        .fetchone()
        or ()
    )
    assert detail == f"6 rows for 3 teams imported from {fixture}"


def test_dynamics_checksum_columns_are_ignored_with_a_warning() -> None:
    store = Store()
    a = make_assessment(store, crm())
    report = import_evidence(store, a.id, FIXTURES / "dynamics-users.xlsx")
    assert [str(w) for w in report.warnings] == [
        "Ignored 2 columns GapMap does not know; their values were not read: "
        "'(Do Not Modify) Row Checksum', '(Do Not Modify) Modified On'."
    ]


def test_team_rows_give_averages_per_user_and_deal_totals() -> None:
    store = Store()
    a = make_assessment(store, crm())
    report = import_evidence(store, a.id, FIXTURES / "gapmap-teams.csv")
    assert (report.imported, report.problems) == (2, [])
    got = stored(store, a.id)
    assert got[("north", "active_days")] == (3, 45.0, 3.0)
    assert got[("north", "logins")] == (3, 54.0, 3.0)
    assert got[("north", "open_deals")] == (3, 20.0, 3.0)
    assert got[("north", "stale_deal_share")] == (3, 4.0, 20.0)
    assert got[("north", "days_in_stage")] == (3, 620.0, 20.0)
    assert got[("north", "required_fields")] == (3, 2.7, 3.0)
    assert got[("south", "required_fields")] == (2, 1.1, 2.0)
    assert got[("south", "days_in_stage")] == (2, 1840.0, 20.0)


def test_names_emails_and_ids_never_reach_the_database_file(tmp_path: Path) -> None:
    path = tmp_path / "e.duckdb"
    store = Store(path)
    a = make_assessment(store, crm())
    for fixture in ("salesforce-user-activity.csv", "hubspot-users.csv", "dynamics-users.xlsx"):
        assert import_evidence(store, a.id, FIXTURES / fixture, by=auth.SYSTEM).imported == 6
    store.checkpoint()
    store.close()
    data = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    for needle in (*PEOPLE, "Berger", "nordwind.example", "7f3c2a1e"):
        assert needle.encode() not in data, needle
    assert b"Sales North" in data  # the scan does see the file's text: the team's name


def bad_rows(
    tmp_path: Path, text: str, *, skip_bad: bool = False
) -> list[tuple[int, str | None, str]]:
    store = Store()
    a = make_assessment(store, crm())
    file = tmp_path / "usage.csv"
    file.write_text(text, encoding="utf-8")
    report = import_evidence(store, a.id, file, skip_bad=skip_bad)
    if not skip_bad:
        assert report.imported == 0 and stored(store, a.id) == {}
    return [(p.row, p.column, p.code) for p in report.problems]


def test_every_bad_row_is_reported_with_row_column_and_code(tmp_path: Path) -> None:
    text = (
        "Email,Team,Active days,Open deals,Open deals without activity (30 days),"
        "Required fields filled\n"
        "a@x.example,Sales North,31,4,1,0.5\n"
        "b@x.example,Atlantis,3,4,1,0.5\n"
        "c@x.example,,3,4,5,0.5\n"
        "a@x.example,Sales North,3,4,1,150\n"
        "d@x.example,Sales South,three,=SUM(A1:A9),1,0.5\n"
        "e@x.example,Sales South,3,4,1,0.5\n"
    )
    assert bad_rows(tmp_path, text) == [
        (2, "Active days", "evidence-out-of-range"),
        (3, "Team", "unknown-team"),
        (4, "Team", "unknown-team"),
        (4, "Open deals without activity (30 days)", "evidence-stale-exceeds-open"),
        (5, "Required fields filled", "evidence-out-of-range"),
        (5, "Email", "evidence-duplicate-user"),
        (6, "Active days", "not-a-number"),
        (6, "Open deals", "formula-cell"),
    ]


def test_skip_bad_imports_the_good_rows(tmp_path: Path) -> None:
    store = Store()
    a = make_assessment(store, crm())
    file = tmp_path / "usage.csv"
    file.write_text("team,active_days\nSales North,10\nAtlantis,3\nSales North,20\n")
    report = import_evidence(store, a.id, file, skip_bad=True)
    assert (report.imported, report.skipped) == (2, 1)
    assert stored(store, a.id) == {("north", "active_days"): (2, 30.0, 2.0)}


def test_header_problems_stop_the_import(tmp_path: Path) -> None:
    text = "name,Active days,Days active (last 30 days),Department\nx,1,2,3\n"
    assert bad_rows(tmp_path, text) == [
        (1, "Days active (last 30 days)", "duplicate-column"),
        (1, None, "missing-column"),
    ]
    assert bad_rows(tmp_path, "team,colour\nSales North,blue\n") == [(1, None, "missing-column")]


def test_team_rows_need_a_whole_number_of_users(tmp_path: Path) -> None:
    text = "team,users,active_days\nSales North,0,5\nSales South,2.5,5\nCustomer Service,,5\n"
    assert bad_rows(tmp_path, text) == [
        (2, "users", "evidence-users"),
        (3, "users", "evidence-users"),
        (4, "users", "evidence-users"),
    ]


# --- hostile files -----------------------------------------------------------------------------


def test_formulas_in_every_column_are_refused_and_never_evaluated(tmp_path: Path) -> None:
    text = (
        "team,active_days,logins,required_fields\n"
        '"=HYPERLINK(""http://evil.example"",""Sales North"")",=1+1,@SUM(1),＝0.5\n'
    )
    assert bad_rows(tmp_path, text) == [
        (2, "team", "unknown-team"),
        (2, "active_days", "formula-cell"),
        (2, "logins", "formula-cell"),
        (2, "required_fields", "formula-cell"),
    ]


def test_a_file_with_nul_bytes_is_refused_whole(tmp_path: Path) -> None:
    store = Store()
    a = make_assessment(store, crm())
    file = tmp_path / "usage.csv"
    file.write_bytes(b"team,active_days\nSales North,1\x00\x00\nSales South,2\n")
    with pytest.raises(TransferError) as caught:
        import_evidence(store, a.id, file)
    assert (caught.value.code, caught.value.variant) == ("unreadable-file", "not-text")
    assert stored(store, a.id) == {}


def test_100k_rows_with_one_bad_row_import_nothing(tmp_path: Path) -> None:
    store = Store()
    a = make_assessment(store, crm())
    file = tmp_path / "big.csv"
    lines = ["team,active_days,open_deals,stale_deals"]
    lines += ["Sales North,12,4,1"] * 100_000
    lines[77_778] = "Sales North,12,4,9"  # row 77,779: more stale deals than open ones
    file.write_text("\n".join(lines) + "\n")
    report = import_evidence(store, a.id, file)
    assert (report.imported, report.skipped) == (0, 100_000)
    assert [(p.row, p.column, p.code) for p in report.problems] == [
        (77_779, "stale_deals", "evidence-stale-exceeds-open")
    ]
    assert stored(store, a.id) == {}


def test_an_assessment_without_teams_cannot_take_evidence() -> None:
    store = Store()
    org = create_organisation(store, "Solo")
    a = create_assessment(store, org, crm(), name="No teams")
    with pytest.raises(TransferError) as caught:
        import_evidence(store, a.id, FIXTURES / "hubspot-users.csv")
    assert caught.value.code == "evidence-no-teams"


# --- disclosure --------------------------------------------------------------------------------


def test_a_team_hidden_in_the_survey_is_hidden_in_evidence_too() -> None:
    assert disclosure.evidence_hidden({"north": 6, "west": 4}, {"west"}, 3) == (
        {"west": "protects_smaller"},
        None,
    )


def test_the_organisation_figure_cannot_be_subtracted_down_to_a_small_team() -> None:
    # north shown (3), south hidden (2): the organisation (5) minus north gives south
    assert disclosure.evidence_hidden({"north": 3, "south": 2}, set(), 3) == (
        {"south": "below_k"},
        "protects_smaller",
    )
    # two hidden teams of 2 together hold 4 >= 3: the organisation may show them together
    assert disclosure.evidence_hidden({"north": 3, "south": 2, "east": 2}, set(), 3) == (
        {"south": "below_k", "east": "below_k"},
        None,
    )
    assert disclosure.evidence_hidden({"south": 2}, set(), 3) == ({"south": "below_k"}, "below_k")


# --- the reality gap ---------------------------------------------------------------------------


def surveyed(store: Store) -> Assessment:
    """North says purpose is a habit (3.0), south 'neutral' (2.0); both agree on time."""
    q = mini_with_evidence()
    a = make_assessment(store, q)
    subs = [
        Submission("sales", team, "en", {"p1": p1, "t1": 2, "t2": 0})
        for team, p1 in (("north", 2), ("south", 1))
        for _ in range(3)
    ]
    record_submissions(store, a, q, subs, channel="survey")
    return a


USAGE = (
    "Email,Team,Active days,Open deals,Open deals without activity (30 days)\n"
    "n1@x.example,Sales North,20,10,6\n"
    "n2@x.example,Sales North,20,10,5\n"
    "n3@x.example,Sales North,20,10,4\n"
    "s1@x.example,Sales South,20,10,1\n"
    "s2@x.example,Sales South,20,10,1\n"
    "s3@x.example,Sales South,20,10,1\n"
    "v1@x.example,Customer Service,2,,\n"
    "v2@x.example,Customer Service,4,,\n"
)


def test_perception_above_the_records_is_a_reality_gap(tmp_path: Path) -> None:
    store = Store()
    a = surveyed(store)
    file = tmp_path / "usage.csv"
    file.write_text(USAGE)
    assert import_evidence(store, a.id, file).imported == 8
    result = analyse(store, a.id)
    ev = result.evidence
    figures = {(f.evidence_id, f.team): (f.users, f.value, f.level, f.reason) for f in ev.figures}
    assert figures == {
        # organisation: 18 stale of 60 open deals = 0.3, level 2 (<= 0.5, not <= 0.2)
        ("stale", None): (6, 0.3, 2, None),
        ("stale", "north"): (3, 0.5, 2, None),  # 15 of 30
        ("stale", "south"): (3, 0.1, 3, None),  # 3 of 30
        # service's 2 users are fewer than k = 3, and the organisation minus the two
        # teams shown would give them away
        ("active", None): (None, None, None, "protects_smaller"),
        ("active", "north"): (3, 20.0, 3, None),
        ("active", "south"): (3, 20.0, 3, None),
        ("active", "service"): (None, None, None, "below_k"),
    }
    gaps = {(c.team, c.dimension): (c.said_level, c.evidence_level, c.gap) for c in ev.comparisons}
    assert gaps == {
        (None, "purpose"): (3, 2, 1),  # the organisation says 2.5: level 3
        ("north", "purpose"): (3, 2, 1),
        ("south", "purpose"): (2, 3, -1),
        ("north", "time"): (3, 3, 0),
        ("south", "time"): (3, 3, 0),
    }
    found = [(f.kind, f.grouping, f.team, f.dimension, f.severity) for f in result.findings]
    assert [f for f in found if f[0] == "reality_gap"] == [
        ("reality_gap", "organisation", None, "purpose", 1.0),
        ("reality_gap", "team", "north", "purpose", 1.0),
    ]
    (rec,) = [r for r in result.actions if r.action.id == "look-at-the-records"]
    assert rec.reasons == [
        "people rate purpose at level 3, the CRM's records show level 2",
        "people in team Sales North rate purpose at level 3, the CRM's records show level 2",
    ]


def test_a_new_import_replaces_the_evidence(tmp_path: Path) -> None:
    store = Store()
    a = make_assessment(store, mini_with_evidence())
    file = tmp_path / "usage.csv"
    file.write_text("team,users,active_days\nSales North,4,10\n")
    import_evidence(store, a.id, file)
    file.write_text("team,users,active_days\nSales South,5,12\n")
    import_evidence(store, a.id, file)
    assert stored(store, a.id) == {("south", "active_days"): (5, 60.0, 5.0)}


# --- access and the command line -------------------------------------------------------------


def test_leadership_may_not_import_evidence() -> None:
    store = Store()
    a = make_assessment(store, crm())
    boss = auth.Actor("leadership", "acc-1", "dana", "Dana", frozenset({a.organisation_id}))
    with pytest.raises(auth.PermissionDenied):
        access.import_evidence(store, boss, a.id, FIXTURES / "hubspot-users.csv")
    assert stored(store, a.id) == {}


def test_cli_imports_evidence_and_score_json_shows_the_reality_gap(tmp_path: Path) -> None:
    db = tmp_path / "g.duckdb"
    store = Store(db)
    a = surveyed(store)
    store.close()
    file = tmp_path / "usage.csv"
    file.write_text(USAGE)
    runner = CliRunner()
    result = runner.invoke(app, ["evidence", "import", str(file), "-a", a.id, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "imported 8 rows of evidence, skipped 0" in result.output
    result = runner.invoke(app, ["score", "--json", "-a", a.id, "--db", str(db)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    gaps = [g for g in data["evidence"]["reality_gaps"] if g["finding"]]
    assert [(g["team"], g["dimension"], g["gap"]) for g in gaps] == [
        (None, "purpose", 1),
        ("north", "purpose", 1),
    ]
    assert [f["team"] for f in data["findings"] if f["kind"] == "reality_gap"] == [None, "north"]


def test_cli_reports_bad_rows_and_exits_1(tmp_path: Path) -> None:
    db = tmp_path / "g.duckdb"
    store = Store(db)
    a = make_assessment(store, crm())
    store.close()
    file = tmp_path / "usage.csv"
    file.write_text("team,active_days\nAtlantis,3\n")
    result = CliRunner().invoke(app, ["evidence", "import", str(file), "-a", a.id, "--db", str(db)])
    assert result.exit_code == 1
    assert "usage.csv:2: column 'team': 'Atlantis' is not a team." in result.output
    assert "[unknown-team]" in result.output


# --- the report page ---------------------------------------------------------------------------


def test_the_report_page_puts_what_people_say_beside_what_the_crm_shows(tmp_path: Path) -> None:
    from assessment.documents.report.render import render_html

    store = Store()
    a = surveyed(store)
    file = tmp_path / "usage.csv"
    file.write_text(USAGE)
    import_evidence(store, a.id, file)
    data = access.build_report(store, auth.SYSTEM, a.id, "en")
    page = data.evidence
    assert page is not None
    assert page.summary == ("2 reality gaps: people rate a dimension higher than the records show.")
    assert [(c.group, c.dimension, c.said, c.shows, c.gap) for c in page.comparisons] == [
        ("Whole organisation", "Purpose", "level 3 (2.50)", "level 2", "1 level"),
        ("Sales North", "Purpose", "level 3 (3.00)", "level 2", "1 level"),
        ("Sales North", "Time", "level 3 (3.00)", "level 3", "none"),
        ("Sales South", "Purpose", "level 2 (2.00)", "level 3", "none"),
        ("Sales South", "Time", "level 3 (3.00)", "level 3", "none"),
    ]
    stale, active = page.indicators
    assert (stale.name, stale.tests) == (
        "Share of open deals untouched for 30 days",
        "Tests the statement “I know why we use the CRM.”",
    )
    assert stale.rows == [
        ("Whole organisation", "30%", "6", "2"),
        ("Sales North", "50%", "3", "2"),
        ("Sales South", "10%", "3", "3"),
    ]
    assert active.rows == [
        ("Whole organisation", "hidden to protect a smaller group", "", ""),
        ("Sales North", "20.0", "3", "3"),
        ("Sales South", "20.0", "3", "3"),
        ("Customer Service", "fewer than 3 users", "", ""),
    ]
    html = render_html(data, charts={})
    assert "<h1>What people say and what the CRM shows</h1>" in html
    assert '<td>Customer Service</td><td class="num suppressed">fewer than 3 users</td>' in html
    de = access.build_report(store, auth.SYSTEM, a.id, "de").evidence
    assert de is not None and de.title == "Was die Befragten sagen und was das CRM zeigt"
    # German words throughout: one and many said properly, German quotation marks.
    assert de.summary == (
        "2 Realitätslücken: Die Befragten sehen eine Dimension höher, als die Daten zeigen."
    )
    assert [c.gap for c in de.comparisons] == ["1 Stufe", "1 Stufe", "keine", "keine", "keine"]
    # both sides of the comparison say "level": never a level beside a bare number
    assert (de.comparisons[0].said, de.comparisons[0].shows) == ("Stufe 3 (2,50)", "Stufe 2")
    assert de.indicators[0].tests.startswith("Prüft die Aussage „")
    assert de.indicators[0].tests.endswith("“")
    assert '<p class="muted">Prüft die Aussage „' in render_html(
        access.build_report(store, auth.SYSTEM, a.id, "de"), charts={}
    )
    sheet = data.tables["evidence"]
    assert sheet.rows[0] == [
        "Whole organisation",
        "Purpose",
        "level 3 (2.50)",
        "level 2",
        "1 level",
    ]


# --- the demo ----------------------------------------------------------------------------------


def test_the_demo_plants_a_reality_gap_in_sales_north() -> None:
    from datetime import datetime

    from assessment.collect.demo import generate_demo

    store = Store()
    demo = generate_demo(store, 400, seed=7, now=datetime(2026, 12, 3, 20, 0))
    result = analyse(store, demo.assessment_id, with_trend=False)
    gaps = [
        (f.team, f.dimension, f.detail["said_level"], f.detail["evidence_level"])
        for f in result.findings
        if f.kind == "reality_gap"
    ]
    assert gaps == [("sales-north", "ownership", 3, 1)]
    stale = result.evidence.figure("evidence-stale-deals", "sales-north")
    assert stale is not None and (stale.users, stale.value, stale.level) == (91, 0.65, 1)
    # Sales South's records are as weak as what its people say: no reality gap there
    south = [c for c in result.evidence.comparisons if c.team == "sales-south"]
    assert [(c.dimension, c.said_level, c.evidence_level) for c in south][:2] == [
        ("purpose", 3, 3),
        ("ownership", 2, 2),
    ]
