"""The action-led gap report: it opens with one page (every dimension against target,
leaders against the front line, five actions with owner, due date and status), compares
leaders and staff per team on a page of its own, keeps the full action plan for an
appendix, and a next wave says what became of what was agreed last time.

Two waves of the engine model (tests/engine.py: thresholds 1, 1.8, 2.6, 3.4, 4.2;
purpose is p1 alone here, time t1 alone, t1 option 4 of 7 scoring 3.0):

- wave 1: 5 front-line reps (p1 = 2, t1 = 3.0) and 5 leads (p1 = 4, t1 = 3.0):
  purpose 3.00, time 3.00, both level 3 against a target of 4;
- wave 2: 6 reps (p1 = 2, 2, 3, 3, 2, 3; t1 option 5 of 7 = 3.667) and 5 leads
  (p1 = 4, 4, 4, 5, 5; t1 option 3 of 7 = 2.333): purpose 37/11 = 3.36 (reps 2.50,
  leads 4.40), time (22 + 35/3) / 11 = 3.06 (reps 3.67, leads 2.33), both level 3.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

import altair as alt
import pytest
from openpyxl import load_workbook

from assessment import access, words
from assessment.analysis.analysis import analyse
from assessment.documents import charts
from assessment.documents.report import (
    ReportData,
    render_csv,
    render_csv_zip,
    render_html,
    render_xlsx,
)
from assessment.errors import GapMapError
from assessment.organisation.assessments import Assessment, Team, new_wave
from assessment.organisation.auth import SYSTEM
from assessment.storage.store import Store
from tests.engine import answer, likert, setup

GENERATED = date(2026, 12, 3)


@dataclass(frozen=True)
class Waves:
    store: Store
    first: Assessment
    second: Assessment
    data: dict[str, ReportData]
    html: str


def _agree(
    store: Store,
    assessment: Assessment,
    title: str,
    status: access.ActionStatus = "open",
    **settings: object,
) -> access.AgreedAction:
    action = access.add_agreed_action(
        store,
        SYSTEM,
        assessment.id,
        title=title,
        owner=str(settings.pop("owner", "Ops")),
        **settings,  # type: ignore[arg-type]
    )
    if status != "open":
        action = access.set_agreed_action_status(store, SYSTEM, action.id, status)
    return action


@pytest.fixture(scope="module")
def waves() -> Waves:
    store = Store()
    first, q = setup(store, targets={"purpose": 4, "time": 4})
    answer(
        store,
        first,
        q,
        [("rep", None, {"p1": likert(2), "t1": 3})] * 5
        + [("lead", None, {"p1": likert(4), "t1": 3})] * 5,
    )
    _agree(store, first, "Purpose workshop", "done", dimension_id="purpose",
           source_action_id="purpose-up", owner="CEO", due_date=date(2026, 3, 1))  # fmt: skip
    _agree(store, first, "Protect a CRM hour", "in_progress", dimension_id="time",
           source_action_id="time-up", owner="Sales lead")  # fmt: skip
    _agree(store, first, "Fix the single sign-on", owner="IT")
    _agree(store, first, "Quarterly review", "dropped", dimension_id="time")

    second = new_wave(store, first.id)
    answer(
        store,
        second,
        q,
        [("rep", None, {"p1": likert(s), "t1": 4}) for s in (2, 2, 3, 3, 2, 3)]
        + [("lead", None, {"p1": likert(s), "t1": 2}) for s in (4, 4, 4, 5, 5)],
    )
    _agree(store, second, "Coach the CRM hour", "in_progress", dimension_id="time",
           owner="Team leads", due_date=date(2027, 2, 1))  # fmt: skip
    _agree(store, second, "Say what the CRM is for", dimension_id="purpose",
           owner="CEO", due_date=date(2027, 1, 15))  # fmt: skip
    _agree(store, second, "Clean the duplicates", "done", owner="Admin")
    _agree(store, second, "Weekly league table", "dropped", owner="Sales lead")
    data = {
        lang: access.build_report(store, SYSTEM, second.id, lang, generated=GENERATED)
        for lang in ("en", "de")
    }
    return Waves(store, first, second, data, render_html(data["en"]))


def test_the_opener_compares_every_dimension_with_its_target_and_leaders_with_staff(
    waves: Waves,
) -> None:
    rows = [
        (g.dimension, g.now, g.target, g.to_go, g.change, g.leaders, g.frontline, g.difference)
        for g in waves.data["en"].glance
    ]
    assert rows == [
        ("Purpose", "3.36 · level 3", "level 4", "0.04", "+0.36", "4.40", "2.50", "+1.90"),
        ("Time", "3.06 · level 3", "level 4", "0.34", "+0.06", "2.33", "3.67", "-1.33"),
    ]
    de = [(g.now, g.target, g.change, g.difference) for g in waves.data["de"].glance]
    assert de == [
        ("3,36 · Stufe 3", "Stufe 4", "+0,36", "+1,90"),
        ("3,06 · Stufe 3", "Stufe 4", "+0,06", "-1,33"),
    ]


def test_the_opener_leads_with_five_actions_agreed_first_then_the_ranked_recommendations(
    waves: Waves,
) -> None:
    # Ranked by priority: listen (the perception gaps, 1.9 and 1.33 points: 2 x 1.9),
    # time-up ((3.4 - 3.06) x weight 1 = 0.34), purpose-up ((3.4 - 3.36) x 2 = 0.07).
    analysis = access.analysis(waves.store, SYSTEM, waves.second.id)
    assert [(r.action.id, round(r.priority, 3)) for r in analysis.actions] == [
        ("listen", 3.8),
        ("time-up", 0.339),
        ("purpose-up", 0.073),
    ]
    lead = [
        (a.position, a.title, a.dimension, a.owner, a.due, a.status, a.agreed)
        for a in waves.data["en"].lead_actions
    ]
    # wave 2's agreed actions first, none from a recommendation, so by due date (undated
    # last); "Weekly league table" is dropped. Then the recommendations: "time-up" was
    # agreed in wave 1 and is still in progress, so it shows as that action; "purpose-up"
    # (done in wave 1, recommended again) is sixth.
    assert lead == [
        (1, "Say what the CRM is for", "Purpose", "CEO", "15 January 2027", "open", True),
        (2, "Coach the CRM hour", "Time", "Team leads", "1 February 2027", "in progress", True),
        (3, "Clean the duplicates", "", "Admin", "-", "done", True),
        (4, "Listen", "Purpose", "Lead", "-", "to be agreed", False),
        (5, "Protect a CRM hour", "Time", "Sales lead", "-", "in progress (since wave 1)", True),
    ]
    de = [(a.due, a.status) for a in waves.data["de"].lead_actions]
    assert de == [
        ("15. Januar 2027", "offen"),
        ("1. Februar 2027", "in Arbeit"),
        ("-", "erledigt"),
        ("-", "noch zu vereinbaren"),
        ("-", "in Arbeit (seit Welle 1)"),
    ]


def test_each_dimension_says_what_became_of_last_waves_agreed_actions(waves: Waves) -> None:
    en = waves.data["en"]
    assert en.earlier_wave == 1
    carried = {c.id: [(a.title, a.owner, a.due, a.status) for a in c.actions] for c in en.carried}
    assert carried == {
        "purpose": [("Purpose workshop", "CEO", "1 March 2026", "done")],
        "time": [("Protect a CRM hour", "Sales lead", "", "in progress"),
                 ("Quarterly review", "Ops", "", "dropped")],
    }  # fmt: skip
    assert [(a.title, a.status) for a in en.carried_other] == [("Fix the single sign-on", "open")]
    assert en.carried_summary == "Agreed in wave 1: 1 done, 1 in progress, 1 open, 1 dropped."
    pages = {d.id: d for d in en.dimensions}
    assert pages["purpose"].change == "Since wave 1: +0.36 (3.00 then, 3.36 now)."
    assert pages["time"].change == "Since wave 1: +0.06 (3.00 then, 3.06 now)."
    assert [a.title for a in pages["time"].carried] == ["Protect a CRM hour", "Quarterly review"]
    de = {d.id: d for d in waves.data["de"].dimensions}
    assert de["purpose"].change == "Seit Welle 1: +0,36 (damals 3,00, jetzt 3,36)."
    assert [a.status for a in de["time"].carried] == ["in Arbeit", "verworfen"]
    assert waves.data["de"].carried_summary == (
        "In Welle 1 vereinbart: 1 erledigt, 1 in Arbeit, 1 offen, 1 verworfen."
    )


def test_a_first_wave_has_nothing_carried_and_no_change_column(waves: Waves) -> None:
    first = access.build_report(waves.store, SYSTEM, waves.first.id, "en", generated=GENERATED)
    assert (first.earlier_wave, first.carried, first.carried_summary) == (None, [], None)
    assert [g.change for g in first.glance] == ["", ""]
    assert [d.change for d in first.dimensions] == [None, None]
    # wave 1's own agreed actions lead: by recommendation rank, the team's own after them
    assert [(a.title, a.status) for a in first.lead_actions][:3] == [
        ("Purpose workshop", "done"),
        ("Protect a CRM hour", "in progress"),
        ("Fix the single sign-on", "open"),
    ]
    assert "Since wave" not in render_html(first)
    # nor a sheet or CSV file of "agreed last time": there was no last time
    assert "Agreed in wave" not in " ".join(
        load_workbook(io.BytesIO(render_xlsx(first))).sheetnames
    )
    assert (
        "earlier-actions.csv" not in zipfile.ZipFile(io.BytesIO(render_csv_zip(first))).namelist()
    )
    with pytest.raises(GapMapError) as refused:
        render_csv(first, "earlier-actions")
    assert refused.value.code == "unknown-view"


def test_the_workbook_has_a_sheet_of_what_last_wave_agreed_and_its_status_today(
    waves: Waves,
) -> None:
    # In the report's order: by dimension (purpose, time), then the one tied to none.
    en = load_workbook(io.BytesIO(render_xlsx(waves.data["en"])))
    assert en.sheetnames[7:10] == ["Actions", "Agreed actions", "Agreed in wave 1"]
    assert [list(row) for row in en["Agreed in wave 1"].iter_rows(values_only=True)] == [
        ["Action", "Dimension", "Owner", "Due", "Status today"],
        ["Purpose workshop", "Purpose", "CEO", datetime(2026, 3, 1), "done"],
        ["Protect a CRM hour", "Time", "Sales lead", None, "in progress"],
        ["Quarterly review", "Time", "Ops", None, "dropped"],
        ["Fix the single sign-on", None, "IT", None, "open"],
    ]
    de = load_workbook(io.BytesIO(render_xlsx(waves.data["de"])))
    sheet = de["In Welle 1 vereinbart"]  # the engine model names its dimensions in English
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Maßnahme", "Dimension", "Verantwortlich", "Fällig", "Status heute"],
        ["Purpose workshop", "Purpose", "CEO", datetime(2026, 3, 1), "erledigt"],
        ["Protect a CRM hour", "Time", "Sales lead", None, "in Arbeit"],
        ["Quarterly review", "Time", "Ops", None, "verworfen"],
        ["Fix the single sign-on", None, "IT", None, "offen"],
    ]
    assert (sheet["D2"].is_date, sheet["D2"].number_format) == (True, "dd.mm.yyyy")
    # the CSV zip carries the same table, after this wave's agreed actions
    archive = zipfile.ZipFile(io.BytesIO(render_csv_zip(waves.data["de"])))
    names = archive.namelist()
    assert names[names.index("agreed-actions.csv") + 1] == "earlier-actions.csv"
    text = archive.read("earlier-actions.csv").decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [
        ["Maßnahme", "Dimension", "Verantwortlich", "Fällig", "Status heute"],
        ["Purpose workshop", "Purpose", "CEO", "2026-03-01", "erledigt"],
        ["Protect a CRM hour", "Time", "Sales lead", "", "in Arbeit"],
        ["Quarterly review", "Time", "Ops", "", "verworfen"],
        ["Fix the single sign-on", "", "IT", "", "offen"],
    ]


def test_last_waves_actions_in_the_workbook_and_csv_are_never_formulas() -> None:
    # a next wave with no answers yet: its exports still carry what was agreed last time
    store = Store()
    first, _ = setup(store)
    _agree(store, first, '=HYPERLINK("http://x","y")', owner="@SUM(A1)", dimension_id="time")
    second = new_wave(store, first.id)
    data = access.build_report(store, SYSTEM, second.id, "en", generated=GENERATED)
    sheet = load_workbook(io.BytesIO(render_xlsx(data)))["Agreed in wave 1"]
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == [
        ('\'=HYPERLINK("http://x","y")', "Time", "'@SUM(A1)", None, "open"),
    ]
    assert render_csv(data, "earlier-actions").splitlines()[1] == (
        '"\'=HYPERLINK(""http://x"",""y"")",Time,\'@SUM(A1),,open'
    )
    # a wave after one that agreed nothing: the sheet, its header alone
    third = new_wave(store, second.id)
    data = access.build_report(store, SYSTEM, third.id, "en", generated=GENERATED)
    sheet = load_workbook(io.BytesIO(render_xlsx(data)))["Agreed in wave 2"]
    assert list(sheet.iter_rows(values_only=True)) == [
        ("Action", "Dimension", "Owner", "Due", "Status today")
    ]


def test_the_report_opens_with_the_glance_and_ends_with_the_action_plan(waves: Waves) -> None:
    sections = re.findall(r'<section class="[^"]*" id="([\w-]+)"', waves.html)
    assert sections[:5] == ["cover", "glance", "leaders", "summary", "gap-map"]
    assert sections[-2:] == ["methodology", "action-plan"]
    assert "Agreed last time, and what became of it:" in waves.html
    assert "Appendix: action plan" in waves.html


def _two_teams(south_leads: int) -> tuple[Store, str]:
    """North: 5 reps (p1 = 2, t1 = 3.0) and 5 leads (p1 = 4, t1 = 3.0); South: 6 reps
    (p1 = 3, t1 = 3.667) and `south_leads` leads (p1 = 5, t1 = 3.667)."""
    store = Store()
    assessment, q = setup(store, teams=[Team("north", "North", 20), Team("south", "South", 20)])
    answer(
        store,
        assessment,
        q,
        [("rep", "north", {"p1": likert(2), "t1": 3})] * 5
        + [("lead", "north", {"p1": likert(4), "t1": 3})] * 5
        + [("rep", "south", {"p1": likert(3), "t1": 4})] * 6
        + [("lead", "south", {"p1": likert(5), "t1": 4})] * south_leads,
    )
    return store, assessment.id


def _drawn(chart: alt.FacetChart) -> list[tuple[str, str, str, float]]:
    values = chart.to_dict()["data"]["values"]  # validated against the Vega-Lite schema
    return [(v["group"], v["dimension"], v["who"], v["mean"]) for v in values if v["kind"] == "dot"]


def test_the_leaders_chart_draws_only_released_teams_and_the_report_says_why() -> None:
    # South's 2 leads are below k = 5; North's 5 would give them away (all leads less
    # North's), so North is hidden too: only all teams together are drawn.
    store, aid = _two_teams(south_leads=2)
    analysis = analyse(store, aid)
    assert _drawn(charts.leaders_and_front_line(analysis, "en")) == [
        ("All teams", "Purpose", "Leadership", 4.29),  # (20 + 10) / 7
        ("All teams", "Purpose", "Front line", 2.55),  # (10 + 18) / 11
        ("All teams", "Time", "Leadership", 3.19),  # (15 + 2 x 3.667) / 7
        ("All teams", "Time", "Front line", 3.36),  # (15 + 6 x 3.667) / 11
    ]
    data = access.build_report(store, SYSTEM, aid, "en", generated=GENERATED)
    assert data.leaders_hidden == [
        "North (hidden to protect a smaller group)",
        "South (leaders or front line with fewer than 5 responses)",
    ]


def test_the_leaders_chart_draws_a_team_with_both_sides_released() -> None:
    # South has no leader: nothing to give away (the engine model names no German dimension)
    store, aid = _two_teams(south_leads=0)
    drawn = _drawn(charts.leaders_and_front_line(analyse(store, aid), "de"))
    assert drawn[4:] == [
        ("North", "Purpose", "Führung", 4.0),
        ("North", "Purpose", "Basis", 2.0),
        ("North", "Time", "Führung", 3.0),
        ("North", "Time", "Basis", 3.0),
    ]


def test_a_dimension_page_calls_a_real_smaller_gap_neither_large_nor_alike() -> None:
    """The demo's purpose, leaders 3.45 against front line 3.01 (interval 0.20 to 0.68,
    effect below medium), once read "see purpose much alike". Each case in its words."""
    from assessment.analysis.gaps import PerceptionGap
    from assessment.documents.report.data import dimension_perception
    from assessment.questionnaire.questionnaires import QUESTIONNAIRE_DIR, load_or_raise

    q = load_or_raise(QUESTIONNAIRE_DIR / "crm-adoption.yaml")

    def gap(lead: float, front: float, low: float, high: float, d: float) -> PerceptionGap:
        return PerceptionGap(
            "purpose", None, False, lead, front, 12, 40, lead - front, d, ci_low=low, ci_high=high
        )

    modest = gap(3.45, 3.01, 0.20, 0.68, 0.45)
    assert (modest.clear, modest.large) == (True, False)
    assert dimension_perception(modest, "purpose", q, "en", 5) == (
        "Leaders rate purpose 0.44 points higher than front-line staff (3.45 vs 3.01): "
        "a real difference, but smaller than a large perception gap."
    )
    assert dimension_perception(modest, "Zweck", q, "de", 5) == (
        "Führungskräfte bewerten Zweck um 0,44 Punkte höher als Mitarbeitende an der Basis "
        "(3,45 gegenüber 3,01): ein echter Unterschied, aber kleiner als eine große "
        "Wahrnehmungslücke."
    )
    large = gap(3.90, 3.01, 0.55, 1.23, 0.9)
    assert dimension_perception(large, "purpose", q, "en", 5).endswith(
        "(3.90 vs 3.01): a large perception gap. Talk about it before acting on it."
    )
    # a wide interval across 0: a difference that could be chance, said as such ...
    unclear = gap(3.50, 2.90, -0.10, 1.30, 0.5)
    assert dimension_perception(unclear, "purpose", q, "en", 5) == (
        "Leaders rate purpose 0.60 points higher than front-line staff (3.50 vs 2.90), "
        "but with this few answers the difference could be chance."
    )
    # ... and "much alike" only for less than a quarter point that could be chance
    alike = gap(3.10, 2.90, -0.05, 0.45, 0.2)
    assert dimension_perception(alike, "purpose", q, "en", 5) == (
        "Leaders and front-line staff see purpose much alike (3.10 vs 2.90)."
    )
    hidden = PerceptionGap("purpose", None, True, reason="below_k")
    assert dimension_perception(hidden, "purpose", q, "en", 5).startswith(
        "The perception gap is not shown"
    )


def test_leaders_and_front_line_differ_in_shape_not_only_colour() -> None:
    """On a black-and-white print the two sides are told apart by their marks' shape,
    which the page's introduction names."""
    store, aid = _two_teams(south_leads=2)
    spec = charts.leaders_and_front_line(analyse(store, aid), "en").to_dict()
    dots = next(layer for layer in spec["spec"]["layer"] if "shape" in layer["encoding"])
    shape, colour = dots["encoding"]["shape"], dots["encoding"]["color"]
    assert shape["field"] == colour["field"] == "who"
    assert shape["scale"] == {"domain": ["Leadership", "Front line"], "range": ["square", "circle"]}
    intro = words.t("report.leaders_page_intro", "en", max=5, k=5)
    assert "orange square is what leaders answer, the blue circle" in intro
    assert "Das orange Quadrat" in words.t("report.leaders_page_intro", "de", max=5, k=5)


def test_an_agreed_recommendation_reads_in_the_readers_language() -> None:
    """Recorded from English pages with its title unchanged, a recommended action is the
    same action on German pages and in the German report; an edited title stays as
    typed; an action of the team's own has no other language."""
    from assessment.documents.report.data import agreed_item
    from assessment.questionnaire.questionnaires import QUESTIONNAIRE_DIR, load_or_raise

    q = load_or_raise(QUESTIONNAIRE_DIR / "crm-adoption.yaml")
    action = q.actions[0]
    en, de = q.t(action.title, "en"), q.t(action.title, "de")
    assert en != de
    assert q.agreed_title(en, action.id, "de") == de
    assert q.agreed_title(de, action.id, "en") == en
    assert q.agreed_title(f"{en} by March", action.id, "de") == f"{en} by March"
    assert q.agreed_title("Monthly data clean-up", None, "de") == "Monthly data clean-up"
    assert q.agreed_title(en, "no-such-action", "de") == en

    @dataclass
    class Agreed:
        title: str
        owner: str = "Head of Sales"
        dimension_id: str | None = None
        due_date: date | None = None
        status: str = "open"
        source_action_id: str | None = action.id

    assert agreed_item(Agreed(en), q, "de").title == de
