"""Chart builders read through `chart.to_dict()`: what is drawn, in which colour, with
which words; and every chart renders to SVG offline (the report inlines them)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import altair as alt
import pytest
import vl_convert as vlc

from assessment import words
from assessment.analysis.analysis import Analysis, analyse
from assessment.analysis.distributions import ItemDistribution, item_distributions
from assessment.collect.demo import generate_demo
from assessment.documents import charts
from assessment.organisation.assessments import Team, new_wave
from assessment.storage.store import Store
from tests.engine import answer, likert, setup

DIMENSIONS_EN = ["Purpose", "Ownership", "Communication", "Training", "Time"]


@pytest.fixture(scope="module")
def demo() -> tuple[Analysis, list[ItemDistribution]]:
    store = Store()
    result = generate_demo(store, 300, seed=7)
    return analyse(store, result.assessment_id), item_distributions(store, result.assessment_id)


def _values(chart: alt.TopLevelMixin) -> list[dict[str, Any]]:
    """The chart's main data (shared by its layers, or its first layer's)."""
    spec = chart.to_dict()
    data = spec.get("data") or spec["layer"][0]["data"]
    values: list[dict[str, Any]] = data["values"]
    return values


def _layer_encodings(chart: alt.TopLevelMixin) -> list[dict[str, Any]]:
    return [layer.get("encoding", {}) for layer in chart.to_dict()["layer"]]


def test_gap_map_has_one_cell_per_group_and_dimension(demo: tuple[Analysis, Any]) -> None:
    analysis, _ = demo
    q = analysis.scores.questionnaire
    rows = _values(charts.gap_map(analysis, "role"))
    others = [r for r in rows if r["group"].startswith("Other ")]
    rows = [r for r in rows if not r["group"].startswith("Other ")]

    assert len(rows) == len(q.roles) * (len(q.dimensions) + 1)
    assert len(others) == (len(q.dimensions) + 1) * len(
        {r.perspective for r in analysis.remainders if r.grouping == "other_roles"}
    )
    assert {r["dimension"] for r in rows} == {*DIMENSIONS_EN, "Overall"}
    sales = {r["dimension"]: r for r in rows if r["group"] == "Sales"}
    result = analysis.scores.get("role", "purpose", role="sales")
    assert result.mean is not None and result.level is not None
    assert sales["Purpose"]["mean"] == round(result.mean, 2)
    assert sales["Purpose"]["label"] == f"{result.mean:.1f}"
    assert sales["Purpose"]["n"] == result.n
    assert sales["Purpose"]["fill"] == charts.LEVEL_COLOURS[result.level - 1]
    overall = analysis.scores.overall_of("role", role="sales")
    assert sales["Overall"]["label"] == f"{overall.index:.1f}"


def test_suppressed_cells_carry_no_figures_only_fewer_than_k(
    demo: tuple[Analysis, Any],
) -> None:
    analysis, _ = demo
    rows = _values(charts.gap_map(analysis, "role"))
    hidden = [r for r in rows if r["suppressed"]]
    hidden_results = [r for r in analysis.scores.of("role") if r.suppressed]

    assert hidden and len([r for r in hidden if r["dimension"] != "Overall"]) == len(hidden_results)
    words = {
        "below_k": "fewer than 5 responses",
        "protects_smaller": "hidden to protect a smaller group",
        "empty": "no responses",
    }
    assert {cell["label"] for cell in hidden if cell["dimension"] != "Overall"} == {
        words[r.reason or ""] for r in hidden_results
    }
    for cell in hidden:
        assert cell["label"] in words.values()
        assert cell["fill"] == charts.SUPPRESSED_COLOUR
        assert not {"mean", "n", "level", "gap", "consensus"} & set(cell)


def test_gap_map_tooltips_name_group_dimension_mean_n_level_gap_consensus(
    demo: tuple[Analysis, Any],
) -> None:
    analysis, _ = demo
    cells = _layer_encodings(charts.gap_map(analysis, "team"))[0]
    fields = [t["field"] for t in cells["tooltip"]]
    assert fields == ["group", "dimension", "label", "n", "level_name", "gap_text", "consensus"]
    assert cells["fill"] == {"field": "fill", "type": "nominal", "scale": None}


def test_gap_map_in_german(demo: tuple[Analysis, Any]) -> None:
    analysis, _ = demo
    chart = charts.gap_map(analysis, "role", language="de")
    rows = _values(chart)

    assert {r["dimension"] for r in rows} == {
        "Zweck",
        "Verantwortung",
        "Kommunikation",
        "Schulung",
        "Zeit",
        "Gesamt",
    }
    assert {r["label"] for r in rows if r["suppressed"]} <= {
        "weniger als 5 Antworten",
        "verborgen, um eine kleinere Gruppe zu schützen",
        "keine Antworten",
    }
    assert all("," in r["label"] for r in rows if not r["suppressed"])
    legend = _layer_encodings(chart)[2]["color"]
    assert legend["title"] == "Reifegrad"
    assert legend["scale"]["range"] == list(charts.LEVEL_COLOURS)
    # each level with the score it starts at: a grey print places a figure without shades
    assert legend["scale"]["domain"] == [
        "1 · Totes Archiv",
        "2 · Berichtspflicht (ab 1,8)",
        "3 · Persönliches Werkzeug (ab 2,6)",
        "4 · Gemeinsames Lagebild (ab 3,4)",
        "5 · Gelebte Arbeitsweise (ab 4,2)",
    ]


def _by_width(expr: str) -> tuple[Any, Any]:
    """The phone and the wide value of a `(NARROW ? {...} : {...})[datum.value]` label
    expression, by label."""
    decoder, prefix = json.JSONDecoder(), f"({charts.NARROW} ? "
    assert expr.startswith(prefix)
    narrow, end = decoder.raw_decode(expr, len(prefix))
    assert expr[end : end + 3] == " : "
    wide, end = decoder.raw_decode(expr, end + 3)
    assert expr[end:] == ")[datum.value]"
    return narrow, wide


def test_gap_map_row_labels_are_each_centred_on_their_row(demo: tuple[Analysis, Any]) -> None:
    # Vega puts a label's first line on the row's middle: each label moves up by half of
    # its own extra lines (15 px a line), a one-line label not at all, and none is padded
    # with empty lines (which left a one-line label half a line high beside a two-line one).
    analysis, _ = demo
    axis = charts.gap_map(analysis, "role", "level", "en", phone=True).to_dict()["layer"][0]
    axis = axis["encoding"]["y"]["axis"]
    narrow, wide = _by_width(axis["labelOffset"]["expr"])
    assert narrow == {
        "Sales": 0,
        "Marketing": 0,
        "Customer service and success": -7.5,  # "Customer service", "and success"
        "Team manager": 0,
        "Executive leadership": -7.5,
        "CRM owner or administrator": -7.5,
        "Other front line roles": -7.5,
    }
    assert set(wide.values()) == {0}  # on a desktop or paper every role fits one line
    lines, _ = _by_width(axis["labelExpr"])
    assert (lines["Sales"], lines["Executive leadership"]) == (
        ["Sales"],
        ["Executive", "leadership"],
    )
    assert axis["labelLineHeight"] == charts.LINE_PX
    german = charts.gap_map(analysis, "role", "level", "de", phone=True).to_dict()
    narrow, _ = _by_width(german["layer"][0]["encoding"]["y"]["axis"]["labelOffset"]["expr"])
    assert (narrow["Vertrieb"], narrow["Kundenservice und Customer Success"]) == (0, -15)
    assert narrow["CRM-Verantwortung oder -Administration"] == -22.5  # four lines

    # Drawn as a phone draws it: the middle of each label's text (its first to its last
    # line, 15 px apart) is as far below its row's top as every other's, one line or four
    # (with padding, "Vertrieb" sat at 30.0 beside the four-line label's 37.5).
    spec = json.loads(json.dumps(german).replace(charts.NARROW, "true"))
    svg = vlc.vegalite_to_svg(json.dumps(spec))
    labels = svg[svg.index('role-axis-label"') :]
    found = re.findall(
        r'<text text-anchor="end" transform="translate\([-\d.]+,([\d.]+)\)"[^>]*>(.*?)</text>',
        labels,
    )
    middles = []
    for row, (y, text) in enumerate(found):
        lines = re.findall(r"<tspan[^>/]*(?:/>|>(.*?)</tspan>)", text) or [text]
        shown = [n for n, line in enumerate(lines) if line]
        middle = float(y) + (shown[0] + shown[-1]) * charts.LINE_PX / 2
        middles.append(round(middle - row * spec["height"]["step"], 1))
    assert middles == [37.5] * 7


def test_a_hidden_cell_says_it_short_where_its_reason_would_run_over(
    demo: tuple[Analysis, Any],
) -> None:
    """The cell text's rule, worked out for the 212 px cells of a 1920 px screen: the
    German reason (46 characters) needs 307 px and is said short; "fewer than 5
    responses" (22) needs 151 px and is said in full."""
    layers = charts.gap_map(demo[0], "role", language="de").to_dict()["layer"]
    (text,) = [layer for layer in layers if layer["mark"]["type"] == "text"]
    assert text["mark"]["text"] == {
        "expr": "datum.suppressed && bandwidth('x') < 6.5 * length(datum.label) + 8"
        " ? datum.short : datum.label"
    }

    def needs(label: str) -> float:
        return charts.HIDDEN_CHAR_PX * len(label) + 8

    assert needs("verborgen, um eine kleinere Gruppe zu schützen") == 307.0
    assert needs("hidden to protect a smaller group") == 222.5
    assert needs("fewer than 5 responses") == 151.0


def test_gap_map_by_gap_is_orange_below_and_blue_above_target(
    demo: tuple[Analysis, Any],
) -> None:
    analysis, _ = demo
    rows = _values(charts.gap_map(analysis, "team", colour_by="gap"))
    gaps = {(g.team, g.dimension): g for g in analysis.gaps if g.grouping == "team"}
    south = next(r for r in rows if r["group"] == "Sales South" and r["dimension"] == "Ownership")
    gap = gaps[("sales-south", "ownership")]

    assert south["gap"] == round(-gap.gap_points, 2) < 0
    red, blue = int(south["fill"][1:3], 16), int(south["fill"][5:7], 16)
    assert red > blue  # orange: below target
    assert charts._gap_fill(-5) == charts.GAP_COLOURS[0]
    assert charts._gap_fill(5) == charts.GAP_COLOURS[2]
    assert all(
        r["fill"] == "#FFFFFF" for r in rows if r["dimension"] == "Overall" and not r["suppressed"]
    )


def test_role_by_team_leaves_out_groups_with_nothing_visible(
    demo: tuple[Analysis, Any],
) -> None:
    analysis, _ = demo
    rows = _values(charts.gap_map(analysis, "role_team"))
    shown = {r["group"] for r in rows}
    visible = {(r.team, r.role) for r in analysis.scores.of("role_team") if not r.suppressed}
    assert len(shown) == len(visible)
    assert "Sales North · Sales" in shown


def test_gap_map_filtered_to_one_team(demo: tuple[Analysis, Any]) -> None:
    analysis, _ = demo
    rows = _values(charts.gap_map(analysis, "role_team", team="sales-north"))
    assert {r["group"].split(" · ")[0] for r in rows} == {"Sales North"}


def test_dimension_bars_show_mean_interval_and_target(demo: tuple[Analysis, Any]) -> None:
    analysis, _ = demo
    rows = _values(charts.dimension_bars(analysis))
    org = {r.dimension: r for r in analysis.scores.of("organisation")}

    assert [r["dimension"] for r in rows] == DIMENSIONS_EN
    purpose = rows[0]
    assert purpose["mean"] == round(org["purpose"].mean or 0, 2)
    assert purpose["ci_low"] == round(org["purpose"].ci_low or 0, 2)
    assert purpose["target"] == 3.4  # target level 4: its threshold
    assert purpose["target_name"] == "4 · Shared picture"


def test_perception_gap_is_leaders_minus_front_line_with_sign(
    demo: tuple[Analysis, Any],
) -> None:
    analysis, _ = demo
    rows = {r["dimension"]: r for r in _values(charts.perception_gap(analysis))}
    gap = next(p for p in analysis.perception if p.dimension == "communication")

    assert gap.difference is not None and gap.difference > 0
    assert rows["Communication"]["difference"] == round(gap.difference, 2)
    assert rows["Communication"]["label"] == f"+{gap.difference:.1f}"
    assert rows["Communication"]["side"] == "Leaders rate higher"


def test_item_distribution_one_full_bar_per_item(demo: tuple[Analysis, Any]) -> None:
    _, distributions = demo
    chart = charts.item_distribution(distributions, "purpose")
    rows = _values(chart)
    items = [d for d in distributions if d.dimension_id == "purpose"]

    assert len({r["item"] for r in rows}) == len(items)
    for position, d in enumerate(items, start=1):
        mine = [r for r in rows if r["text"] == d.text]
        if d.suppressed:
            assert mine == [
                {
                    "item": f"Q{position}",
                    "text": d.text,
                    "suppressed": True,
                    "share": 1.0,
                    "label": "fewer than 5 responses",
                    "order": 0,
                }
            ]
        else:
            assert sum(r["count"] for r in mine) == d.n
            assert sum(r["share"] for r in mine) == pytest.approx(1, abs=1e-3)
            assert mine[-1]["x1"] == pytest.approx(1, abs=1e-3)  # the segments fill the bar


def _answer_colours(chart: alt.TopLevelMixin) -> dict[str, dict[str, str]]:
    """Each answer legend's title (its lines joined) -> option text -> colour."""
    out = {}
    for encoding in _layer_encodings(chart):
        colour = encoding.get("color", {})
        if colour.get("field") == "answer":
            title = " ".join(colour.get("title") or [])
            scale = colour["scale"]
            out[title] = dict(zip(scale["domain"], scale["range"], strict=True))
    return out


def _reversed_demo(language: str) -> alt.LayerChart:
    """Purpose in the engine questionnaire: p1 (five options), p2 (its own four) and p3,
    reverse-coded on p1's scale; five people give p1 and p3 their best answers."""
    store = Store()
    assessment, q = setup(store)
    answer(store, assessment, q, [("rep", None, {"p1": likert(5), "p3": likert(1)})] * 5)
    found = item_distributions(store, assessment.id, language=language)
    return charts.item_distribution(found, "purpose", language=language)


def test_a_reverse_coded_item_has_its_best_answer_in_the_good_end_colour() -> None:
    chart = _reversed_demo("en")
    colours = _answer_colours(chart)
    blue, orange = charts.ANSWER_RAMP[2], charts.ANSWER_RAMP[0]

    # p1: "five" is best; p3 is reverse-coded, so there "one" is best, and both are blue.
    assert colours["Answers to 1"]["five"] == blue
    assert colours["Answers to 1"]["one"] == orange
    assert colours["Answers to 3 (reversed)"]["one"] == blue
    assert colours["Answers to 3 (reversed)"]["five"] == orange
    # Each legend lists its options from the weakest to the best, as the bars run.
    assert list(colours["Answers to 3 (reversed)"]) == ["five", "four", "three", "two", "one"]
    assert list(colours["Answers to 2"]) == ["none", "quarter", "half", "all"]
    # Everyone gave p3 its best answer: one segment over the whole bar, on the right end.
    p3 = [r for r in _values(chart) if r["text"] == "P three" and r["count"]]
    assert [(r["answer"], r["x0"], r["x1"], r["label"]) for r in p3] == [("one", 0.0, 1.0, "100%")]
    labels = chart.to_dict()["layer"][0]["encoding"]["y"]["axis"]["labelExpr"]
    assert '"Q3": ["3. P three (reversed)"]' in labels


def test_reverse_coded_items_are_marked_and_explained_in_german() -> None:
    chart = _reversed_demo("de")

    assert list(_answer_colours(chart)) == [
        "Antworten zu 1",
        "Antworten zu 2",
        "Antworten zu 3 (umgekehrt)",
    ]
    labels = chart.to_dict()["layer"][0]["encoding"]["y"]["axis"]["labelExpr"]
    assert '"Q3": ["3. P three (umgekehrt)"]' in labels
    store = Store()
    assessment, q = setup(store)
    answer(store, assessment, q, [("rep", None, {"p1": likert(5), "p3": likert(1)})] * 5)
    found = item_distributions(store, assessment.id)
    assert charts.reversed_note(found, "time", "de") is None
    assert charts.reversed_note(found, "purpose", "de") == (
        "Mit (umgekehrt) markierte Aussagen beschreiben etwas, das das CRM bremst: Zustimmung oder "
        "„oft“ ist hier die schwache Antwort. Ihre Farben sind entsprechend gedreht: In "
        "jedem Balken ist Blau (rechts) das gute Ende und Orange (links) das schwache."
    )


def test_item_distribution_has_one_legend_per_scale_naming_its_options() -> None:
    store = Store()
    assessment, q = setup(store)
    answer(store, assessment, q, [("rep", None, {"p1": likert(2), "t1": 1})] * 5)
    found = item_distributions(store, assessment.id)
    chart = charts.item_distribution(found, "time", language="de")
    rows = _values(chart)

    t2 = [r for r in rows if r["text"] == "T two"]
    assert t2[0]["label"] == "keine Antworten"  # nobody answered t2
    # t1 (seven options) and t2/t3 (five) differ: each scale its own legend, naming its
    # options in full, so the chart reads without a tooltip (paper has none).
    assert _answer_colours(chart) == {
        "Antworten zu 1": dict(
            zip(
                ["s1", "s2", "s3", "s4", "s5", "s6", "s7"],
                [charts.answer_colour(n / 6) for n in range(7)],
                strict=True,
            )
        ),
        "Antworten zu 2 und 3": dict(
            zip(
                ["one", "two", "three", "four", "five"],
                # halfway orange-grey and grey-blue, channel by channel (rounded to even)
                ["#E69F00", "#ECC879", "#F2F2F2", "#79B2D2", "#0072B2"],
                strict=True,
            )
        ),
    }  # nobody answered t2 (not even "don't know"): no legend for it
    assert "hover" not in chart.to_json().lower()
    t1 = [(r["answer"], r["count"]) for r in rows if r["text"] == "T one"]
    assert t1[:2] == [("s1", 0), ("s2", 5)]


def test_questions_are_wrapped_whole_never_cut() -> None:
    text = "In the last month, when I made a decision about a customer, I looked at the CRM first."
    wide = charts.wrap_lines(text, charts.WRAP_WIDE)
    narrow = charts.wrap_lines(text, charts.WRAP_NARROW)

    assert wide == [
        "In the last month, when I made a decision about a",
        "customer, I looked at the CRM first.",
    ]
    assert narrow == [
        "In the last",
        "month, when I",
        "made a decision",
        "about a customer,",
        "I looked at the",
        "CRM first.",
    ]
    assert "…" not in "".join(wide + narrow)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _label_limits(value: Any) -> list[Any]:
    if isinstance(value, dict):
        found = [v for k, v in value.items() if k == "labelLimit"]
        return found + [x for v in value.values() for x in _label_limits(v)]
    if isinstance(value, list):
        return [x for v in value for x in _label_limits(v)]
    return []


@pytest.mark.parametrize("language", ["en", "de"])
def test_no_chart_of_the_demo_cuts_a_label_or_says_hover(
    demo: tuple[Analysis, list[ItemDistribution]], language: str
) -> None:
    analysis, distributions = demo
    built = [builder(analysis, distributions, language) for builder in BUILDERS.values()]
    built += [
        charts.item_distribution(distributions, dim, language, phone=True)
        for dim in ("purpose", "time")
    ]
    built += [charts.gap_map(analysis, "role_team", "gap", language, phone=True)]
    for chart in built:
        assert chart is not None
        spec = chart.to_dict(validate=False)  # test_every_chart_renders_to_svg validates
        assert [s for s in _strings(spec) if s.endswith("…") or "hover" in s.lower()] == []
        # Vega cuts a label longer than its limit with "…": no label has a limit (0).
        assert {limit for limit in _label_limits(spec) if limit != charts.NO_LIMIT} == set()


def test_no_text_of_gapmap_asks_to_hover() -> None:
    for lang in words.LANGUAGES:
        found = [key for key, text in words.WORDS.items() if "hover" in words.fill(text, lang)]
        assert found == []
        assert [k for k, t in words.WORDS.items() if "Maus" in words.fill(t, lang)] == []


def test_for_projector_sets_every_text_to_24_px() -> None:
    store = Store()
    assessment, q = setup(store)
    answer(store, assessment, q, [("rep", None, {"p1": likert(2), "t1": 1})] * 5)
    chart = charts.for_projector(
        charts.item_distribution(item_distributions(store, assessment.id), "time")
    )
    spec = chart.to_dict()
    text_marks = [layer["mark"] for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert [m["fontSize"] for m in text_marks] == [24, 24]
    assert (spec["config"]["axis"]["labelFontSize"], spec["config"]["legend"]["labelFontSize"]) == (
        24,
        24,
    )


LONG_DE = "Ich weiß, wofür wir das CRM nutzen und was es mir persönlich bringt, wenn ich es täglich pflege."  # noqa: E501
SHORT_DE = "Entscheidungen in meinem Team werden mit Zahlen aus dem CRM begründet."


def test_a_projected_chart_labels_each_bar_with_its_whole_question_wrapped() -> None:
    options = ["Stimme überhaupt nicht zu", "Teils, teils", "Stimme voll und ganz zu"]
    items = [
        ItemDistribution("q1", "purpose", LONG_DE, options, [1, 2, 2], None, 5, False),
        ItemDistribution("q2", "purpose", SHORT_DE, options, [0, 1, 4], None, 5, False),
    ]
    chart = charts.for_projector(charts.item_distribution(items, "purpose", "de", projector=True))
    spec = chart.to_dict()
    y_axis = spec["layer"][0]["encoding"]["y"]["axis"]
    # at 1920 px (wider than a phone): whole questions in lines of at most 30 characters
    wide = y_axis["labelExpr"].split(" : ", 1)[1]
    assert wide == (
        '{"Q1": ["1. Ich weiß, wofür wir das CRM", "nutzen und was es mir", '
        '"persönlich bringt, wenn ich es", "täglich pflege."], '
        '"Q2": ["2. Entscheidungen in meinem", "Team werden mit Zahlen aus dem", '
        '"CRM begründet."]})[datum.value]'
    )
    # each question moved up by half of its lines beyond the first, so it sits centred
    assert _by_width(y_axis["labelOffset"]["expr"])[1] == {"Q1": -45, "Q2": -30}
    assert "…" not in y_axis["labelExpr"]
    assert (y_axis["labelFontSize"], y_axis["labelLineHeight"], y_axis["labelLimit"]) == (
        24,
        30,
        charts.NO_LIMIT,
    )
    assert spec["height"] == {"step": 4 * 30 + 10}  # the longest question's four lines
    legend = spec["layer"][0]["encoding"]["color"]["legend"]
    assert (legend["labelFontSize"], legend["columns"]) == (24, 2)
    beside_menu = charts.item_distribution(
        items, "purpose", "de", projector=True, legend_columns=1
    ).to_dict()
    assert beside_menu["layer"][0]["encoding"]["color"]["legend"]["columns"] == 1
    config_axis, config_legend = spec["config"]["axis"], spec["config"]["legend"]
    assert (config_axis["labelColor"], config_legend["labelColor"]) == ("#1F2933", "#1F2933")
    assert (config_legend["titleColor"], config_legend["titleFontSize"]) == ("#1F2933", 24)
    # nothing on a projector pops up under a mouse
    assert all("tooltip" not in layer.get("encoding", {}) for layer in spec["layer"])
    assert [layer["mark"]["tooltip"] for layer in spec["layer"]] == [False] * 4
    assert "hover" not in chart.to_json().lower()
    drawn = re.sub(r"<[^>]+>", "|", vlc.vegalite_to_svg(chart.to_json()))  # texts only
    assert "…" not in drawn and "Q1" not in drawn
    assert "|persönlich bringt, wenn ich es|" in drawn


def test_projector_labels_of_dimension_bars_are_not_cut(demo: tuple[Analysis, Any]) -> None:
    analysis, _ = demo
    chart = charts.for_projector(charts.dimension_bars(analysis, "de"))
    y_axes = [e["y"]["axis"] for e in _layer_encodings(chart) if "axis" in e.get("y", {})]
    # no limit (0), kept over the projector theme's 520 px
    assert y_axes and {a["labelLimit"] for a in y_axes} == {charts.NO_LIMIT}
    texts = [layer["mark"] for layer in chart.to_dict()["layer"] if layer["mark"]["type"] == "text"]
    assert texts and all(m.get("color") != charts.MUTED_COLOUR for m in texts)
    assert "…" not in vlc.vegalite_to_svg(chart.to_json())


def test_trend_needs_two_waves() -> None:
    store = Store()
    assessment, q = setup(store)
    answer(store, assessment, q, [("rep", None, {"p1": likert(2), "t1": 1})] * 5)
    assert charts.trend(analyse(store, assessment.id)) is None

    second = new_wave(store, assessment.id)
    answer(store, second, q, [("rep", None, {"p1": likert(4), "t1": 1})] * 5)
    chart = charts.trend(analyse(store, second.id), language="de")

    assert chart is not None
    rows = _values(chart)
    purpose = [(r["wave"], r["kind"], r["mean"]) for r in rows if r["series"] == "Purpose"]
    assert purpose == [
        ("Welle 1 · 5 Antworten", "survey", 2.0),
        ("Welle 2 · 5 Antworten", "survey", 4.0),
    ]
    # lines and filled points join the survey's waves; a workshop is an open diamond
    layers = chart.to_dict()["layer"]
    assert [layer["transform"] for layer in layers] == [
        [{"filter": "datum.kind == 'survey'"}],
        [{"filter": "datum.kind == 'survey'"}],
        [{"filter": "datum.kind == 'workshop'"}],
    ]
    assert [layer["mark"]["type"] for layer in layers] == ["line", "point", "point"]
    assert (layers[2]["mark"]["shape"], layers[2]["mark"]["filled"]) == ("diamond", False)


def test_response_rates_hide_small_teams_and_what_would_reveal_them() -> None:
    store = Store()
    teams = [Team("north", "North", 10), Team("south", "South", 8), Team("west", "West", 9)]
    assessment, q = setup(store, teams=teams)
    rows = [("rep", "north", {"p1": likert(3), "t1": 1})] * 6
    rows += [("rep", "south", {"p1": likert(3), "t1": 1})] * 2
    rows += [("rep", "west", {"p1": likert(3), "t1": 1})] * 7
    answer(store, assessment, q, rows)

    analysis = analyse(store, assessment.id)
    chart = charts.response_rates(analysis)
    values = {r["team"]: r for r in _values(chart)}

    # South's 2 are hidden; North (the smallest visible team) is hidden too, or the
    # total of 15 minus West's 7 minus North's 6 would give South's count away.
    assert values["West"]["rate"] == 0.7778
    assert values["West"]["label"] == "78% (7/9)"
    assert (values["West"]["text"], values["West"]["lines"]) == ("78% (7/9)", 1)
    assert values["North"] == {
        "team": "North",
        "suppressed": True,
        "rate": 0,
        "label": "hidden to protect a smaller group",
        "text": "hidden to protect a smaller\ngroup",  # two lines, whole on a phone
        "lines": 2,
        "head_count": 10,
    }
    assert values["South"] == {
        "team": "South",
        "suppressed": True,
        "rate": 0,
        "label": "fewer than 5 responses",
        "text": "fewer than 5 responses",
        "lines": 1,
        "head_count": 8,
    }
    german = {r["team"]: r for r in _values(charts.response_rates(analysis, "de"))}
    # cut after "zu" on a 390 px phone before the label was wrapped
    assert german["North"]["text"] == "verborgen, um eine kleinere\nGruppe zu schützen"
    # the axis ends at 100 %, and the scale runs on to leave the labels room
    layers = chart.to_dict()["layer"]
    assert layers[0]["encoding"]["x"]["scale"] == {"domain": [0, 1.3], "nice": False}
    assert layers[0]["encoding"]["x"]["axis"]["values"] == [0, 0.25, 0.5, 0.75, 1]
    # one line on the row's middle; two lines half a line (13 px) higher, centred too
    assert layers[1]["transform"] == [{"filter": "datum.lines == 1"}]
    assert "dy" not in layers[1]["mark"]
    assert layers[2]["transform"] == [{"filter": "datum.lines > 1"}]
    assert {k: layers[2]["mark"][k] for k in ("dy", "lineHeight", "lineBreak")} == {
        "dy": -6.5,
        "lineHeight": 13,
        "lineBreak": "\n",
    }


BUILDERS: dict[str, Callable[[Analysis, list[ItemDistribution], str], alt.TopLevelMixin | None]] = {
    "gap_map_role": lambda a, _, lang: charts.gap_map(a, "role", "level", lang),
    "gap_map_team_gap": lambda a, _, lang: charts.gap_map(a, "team", "gap", lang),
    "gap_map_role_team": lambda a, _, lang: charts.gap_map(a, "role_team", "level", lang),
    "dimension_bars": lambda a, _, lang: charts.dimension_bars(a, lang),
    "perception_gap": lambda a, _, lang: charts.perception_gap(a, lang),
    "item_distribution": lambda _, d, lang: charts.item_distribution(d, "training", lang),
    "response_rates": lambda a, _, lang: charts.response_rates(a, lang),
}


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_chart_renders_to_svg(
    demo: tuple[Analysis, list[ItemDistribution]], name: str, language: str
) -> None:
    chart = BUILDERS[name](*demo, language)
    assert chart is not None
    svg = vlc.vegalite_to_svg(chart.to_json())
    assert svg.startswith("<svg") and "DejaVu Sans" in svg


def test_trend_renders_to_svg() -> None:
    store = Store()
    assessment, q = setup(store)
    answer(store, assessment, q, [("rep", None, {"p1": likert(2), "t1": 1})] * 5)
    second = new_wave(store, assessment.id)
    answer(store, second, q, [("rep", None, {"p1": likert(4), "t1": 1})] * 5)
    chart = charts.trend(analyse(store, second.id))
    assert chart is not None
    assert vlc.vegalite_to_svg(chart.to_json()).startswith("<svg")


def test_other_roles_are_the_perspective_minus_the_roles_shown(
    demo: tuple[Analysis, Any],
) -> None:
    analysis, _ = demo
    s = analysis.scores
    for other in [r for r in analysis.remainders if r.grouping == "other_roles"]:
        parent = s.get("perspective", other.dimension, perspective=other.perspective)
        shown = [
            r
            for r in s.of("role")
            if r.dimension == other.dimension
            and r.perspective == other.perspective
            and not r.suppressed
            and r.as_of is None
        ]
        assert other.n == (parent.n or 0) - sum(r.n or 0 for r in shown) >= s.k
        total = (parent.n or 0) * (parent.mean or 0) - sum(
            (r.n or 0) * (r.mean or 0) for r in shown
        )
        assert other.mean == pytest.approx(total / other.n)


GERMAN_NUMBERS = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["", "\u00a0€"],
    "percent": "\u00a0%",
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_a_german_chart_carries_the_german_number_locale(
    demo: tuple[Analysis, list[ItemDistribution]], name: str
) -> None:
    german = BUILDERS[name](*demo, "de")
    english = BUILDERS[name](*demo, "en")
    assert german is not None and english is not None

    assert german.to_dict()["config"]["locale"] == {"number": GERMAN_NUMBERS}
    english_numbers = english.to_dict()["config"]["locale"]["number"]
    assert (english_numbers["decimal"], english_numbers["thousands"]) == (".", ",")
    assert english_numbers["percent"] == "%"


def _svg_texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_german_axes_write_percent_with_a_space_and_english_without(
    demo: tuple[Analysis, list[ItemDistribution]],
) -> None:
    analysis, _ = demo
    german = _svg_texts(vlc.vegalite_to_svg(charts.response_rates(analysis, "de").to_json()))
    english = _svg_texts(vlc.vegalite_to_svg(charts.response_rates(analysis, "en").to_json()))

    assert {"0\u00a0%", "25\u00a0%", "50\u00a0%", "75\u00a0%", "100\u00a0%"} <= set(german)
    assert {"0%", "25%", "50%", "75%", "100%"} <= set(english)


def test_the_projector_keeps_the_german_number_locale(
    demo: tuple[Analysis, list[ItemDistribution]],
) -> None:
    big = charts.for_projector(charts.dimension_bars(demo[0], "de"))
    assert big.to_dict()["config"]["locale"] == {"number": GERMAN_NUMBERS}


def test_item_bars_order_each_bar_weakest_first_with_one_legend_per_scale() -> None:
    a = ItemDistribution(
        item_id="a",
        dimension_id="d",
        text="Question a?",
        options=["a1", "a2", "a3"],
        counts=[1, 2, 5],
        dont_know=2,
        n=10,
        suppressed=False,
        dont_know_offered=True,
        scores=(1.0, 2.0, 3.0),
    )
    b = ItemDistribution(
        item_id="b",
        dimension_id="d",
        text="Question b?",
        options=["b1", "b2", "b3"],
        counts=[6, 3, 1],
        dont_know=None,
        n=10,
        suppressed=False,
        scores=(1.0, 2.0, 3.0),
        reverse=True,
    )
    c = ItemDistribution(
        item_id="c",
        dimension_id="d",
        text="Question c?",
        options=["a1", "a2", "a3"],
        counts=None,
        dont_know=None,
        n=None,
        suppressed=True,
        reason="below_k",
        k=5,
        scores=(1.0, 2.0, 3.0),
    )
    other = ItemDistribution(
        item_id="o", dimension_id="elsewhere", text="Not here", options=["x"], counts=[5],
        dont_know=None, n=5, suppressed=False,
    )  # fmt: skip

    found = charts.item_bars([a, other, b, c], "d", "en")

    seg = charts.Segment
    orange, grey, blue, white, dark = "#E69F00", "#F2F2F2", "#0072B2", "#FFFFFF", "#1F2933"
    assert [bar.label for bar in found.items] == [
        "1. Question a?",
        "2. Question b? (reversed)",
        "3. Question c?",
    ]
    assert found.items[0].segments == (
        seg("a1", 1, 0.0, 0.1, orange, dark, "10%", "scale0"),
        seg("a2", 2, 0.1, 0.2, grey, dark, "20%", "scale0"),
        seg("a3", 5, 0.3, 0.5, blue, white, "50%", "scale0"),
        seg("Don't know", 2, 0.8, 0.2, charts.DONT_KNOW_COLOUR, dark, "20%", "dont_know"),
    )
    # reversed: its first option is the good one, so it comes last, in blue
    assert found.items[1].segments == (
        seg("b3", 1, 0.0, 0.1, orange, dark, "10%", "scale1"),
        seg("b2", 3, 0.1, 0.3, grey, dark, "30%", "scale1"),
        seg("b1", 6, 0.4, 0.6, blue, white, "60%", "scale1"),
    )
    assert found.items[2].segments == ()
    assert found.items[2].hidden == "fewer than 5 responses"
    assert [(legend.title, legend.options) for legend in found.legends] == [
        ("Answers to 1 and 3", (("a1", orange), ("a2", grey), ("a3", blue))),
        ("Answers to 2 (reversed)", (("b3", orange), ("b2", grey), ("b1", blue))),
        ("Where offered", (("Don't know", charts.DONT_KNOW_COLOUR),)),
    ]
    german = charts.item_bars([a, b, c], "d", "de")
    assert [s.label for s in german.items[0].segments] == [
        "10\xa0%",
        "20\xa0%",
        "50\xa0%",
        "20\xa0%",
    ]
    assert german.legends[1].title == "Antworten zu 2 (umgekehrt)"


def test_a_hidden_gap_map_cell_keeps_its_words_inside_it_on_a_phone(
    demo: tuple[Analysis, Any],
) -> None:
    # Six columns on a 390 px phone leave cells about 40 px wide: the short reason
    # ("protects / a group") is drawn at 9 px there, where "protects" takes 37 px, not
    # at the 10 px (41 px) that ran it into the next cell.
    analysis, _ = demo
    spec = charts.gap_map(analysis, "role", "level", "en", phone=True).to_dict()
    for width, size in ((6 * 40, "9px"), (6 * 70, "10px"), (6 * 96, "12px")):
        spec["width"] = width
        svg = vlc.vegalite_to_svg(json.dumps(spec).replace(charts.NARROW, "true"))
        cell_texts = re.findall(r'<text[^>]*font-size="(\d+px)"[^>]*>(?:<tspan[^>]*>)?(\w+)', svg)
        hidden = [found for found, word in cell_texts if word in ("protects", "fewer")]
        assert hidden and set(hidden) == {size}, (width, hidden)


def test_a_dimensions_mean_is_written_inside_its_bar_not_beside_the_target(
    demo: tuple[Analysis, Any],
) -> None:
    # Written right of the target tick, "3.1" read as the target's value.
    analysis, _ = demo
    rows = _values(charts.dimension_bars(analysis))
    purpose = rows[0]
    assert (purpose["label_at"], purpose["label"]) == (1, "3.2")  # at the bar's start
    assert purpose["label_colour"] == charts._text_on(purpose["fill"])
    # a bar too short to hold its figure has it right of its interval, in dark text
    store = Store()
    assessment, q = setup(store)
    answer(store, assessment, q, [("rep", None, {"p1": likert(1), "p2": likert(1)})] * 4)
    answer(store, assessment, q, [("rep", None, {"p1": likert(2), "p2": likert(1)})])
    low = _values(charts.dimension_bars(analyse(store, assessment.id)))[0]
    assert low["mean"] < 1.4  # under a tenth of the 1-5 scale
    assert low["label_at"] == max(low["mean"], low["ci_high"]) > 1
    assert low["label_colour"] == charts.TEXT_COLOUR


def test_the_rooms_words_are_bars_of_whole_people_with_their_words_whole() -> None:
    from assessment.analysis.wordlist import WordCount

    found = [WordCount("Zu wenig Zeit für die Pflege", 3), WordCount("=1+1", 2)]
    chart = charts.word_counts(found, "de", projector=True)
    rows = _values(chart)
    assert [(r["word"], r["people"]) for r in rows] == [
        ("Zu wenig Zeit für die Pflege", 3),
        ("=1+1", 2),
    ]
    spec = chart.to_dict()
    x = spec["layer"][0]["encoding"]["x"]
    assert (x["title"], x["axis"]["values"], x["axis"]["format"]) == ("Personen", [0, 1, 2, 3], "d")
    assert spec["layer"][0]["encoding"]["y"]["axis"]["labelLimit"] == 0  # never cut
    assert spec["height"] == {"step": charts.PROJECTOR_BAR_PX}
