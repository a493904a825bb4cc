"""Altair chart builders: data in, chart out. No Streamlit here, so the dashboard, the
respondent's snapshot and the PDF report draw the same charts, and tests read them
through `chart.to_dict()`.

One theme (`gapmap`) for every chart: DejaVu Sans (installed wherever the PDF is
rendered, so SVG labels measure the same as they print), the Okabe-Ito colour-blind-safe
palette, quiet axes. Pages pass `theme=None` to `st.altair_chart` so Streamlit's own
theme does not replace it.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

import altair as alt
from babel.numbers import format_percent, get_decimal_symbol, get_group_symbol

from assessment import words
from assessment.analysis.analysis import Analysis
from assessment.analysis.disclosure import hidden_label
from assessment.analysis.distributions import ItemDistribution
from assessment.analysis.scoring import GroupResult, Overall, overall_indexes
from assessment.analysis.wordlist import WordCount
from assessment.questionnaire.model import Questionnaire

FONT = "DejaVu Sans"

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",
)
PRIMARY = OKABE_ITO[0]
# Leadership vs front line, wherever the two perspectives are drawn side by side.
PERSPECTIVE_COLOURS = {"leadership": "#D55E00", "frontline": "#0072B2", "front_line": "#0072B2"}
# Leaders' and the front line's marks where both share a chart (leaders first): a shape
# each, read without colour on a black-and-white print.
PERSPECTIVE_SHAPES = ("square", "circle")
# Maturity levels 1..5 on one sequential, colour-blind-safe ramp (light to dark blue).
LEVEL_COLOURS = ("#DCEAF5", "#A6CBE5", "#5FA2CE", "#2A77B1", "#08457E")
# Cells hidden by the anonymity rule are drawn in neutral grey with a label, never blank.
SUPPRESSED_COLOUR = "#D9D9D9"
TEXT_COLOUR = "#1F2933"
MUTED_COLOUR = "#6B7280"


def _theme() -> alt.theme.ThemeConfig:
    axis: alt.theme.AxisConfigKwds = {
        "labelFont": FONT,
        "titleFont": FONT,
        "labelColor": TEXT_COLOUR,
        "titleColor": TEXT_COLOUR,
        "labelFontSize": 12,
        "titleFontSize": 12,
        "titleFontWeight": "normal",
        "gridColor": "#E5E7EB",
        "domainColor": "#9CA3AF",
        "tickColor": "#9CA3AF",
    }
    return {
        "config": {
            "font": FONT,
            "background": "#FFFFFF",
            "view": {"stroke": None},
            "axis": axis,
            "legend": {
                "labelFont": FONT,
                "titleFont": FONT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "titleFontWeight": "normal",
                "orient": "bottom",
                # Several legends (one per answer scale) one below the other, left-aligned:
                # side by side they would run off a page or a phone.
                "layout": {"bottom": {"anchor": "start", "direction": "vertical", "margin": 10}},
            },
            "title": {"font": FONT, "fontSize": 15, "color": TEXT_COLOUR, "anchor": "start"},
            "header": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12},
            "text": {"font": FONT, "color": TEXT_COLOUR},
            "range": {"category": list(OKABE_ITO)},
            "bar": {"color": PRIMARY},
            "line": {"color": PRIMARY},
            "point": {"color": PRIMARY, "filled": True},
        }
    }


alt.theme.register("gapmap", enable=True)(_theme)


# --- chart builders ------------------------------------------------------------------------
#
# Every builder takes domain results (already through the anonymity rules) and returns
# an Altair chart with its data inline (`data.values`), so `chart.to_dict()` shows
# exactly what is drawn and `vl_convert.vegalite_to_svg(chart.to_json())` renders it
# offline. Suppressed groups are drawn in SUPPRESSED_COLOUR with the words "fewer than
# k", never with a figure. Chart texts come from `words` (section `chart`);
# questionnaire texts are resolved in the same language.

Language = str | None

# Gap-to-target colours: orange below target, blue at or above (Okabe-Ito ends, colour-
# blind safe), through a light neutral at the target itself.
GAP_COLOURS = ("#D55E00", "#F2F2F2", "#0072B2")
# Answers from the weakest (left) to the best: orange through light grey to blue, for
# every item alike (a reverse-coded item's good answers are blue too).
ANSWER_RAMP = ("#E69F00", "#F2F2F2", "#0072B2")
DONT_KNOW_COLOUR = "#BDBDBD"
# Texts are wrapped, never cut: characters per line of a question on the axis and of an
# answer in a legend, on a page or desktop and on a phone-width chart (below 400 px).
WRAP_WIDE = 52
WRAP_NARROW = 17
LEGEND_WIDE = 56
LEGEND_NARROW = 26
LEGEND_TITLE = 30
LEGEND_ROW = 48  # characters of all a scale's options that still fit in one row
# A phone: the chart's container (the page column) is narrower than 520 px. Printed
# and exported charts have no container, so they always take the wide layout.
NARROW = "containerSize()[0] > 0 && containerSize()[0] < 520"
GROUP_WIDE = 40
GROUP_NARROW = 16
LINE_PX = 15
# A gap map cell's text at 12 px: width of a character, a little generous (DejaVu Sans).
HIDDEN_CHAR_PX = 6.5
# The response-rate chart: its labels' line length and where its x scale ends (past 100 %).
RATE_LABEL_WRAP = 28
RATE_AXIS_END = 1.3
RATE_LINE_PX = 13
BAR_PX = 20
# Labels and legends are wrapped here, in Python, so Vega is told not to cut them at all
# (0: no limit). Any limit makes Vega measure every label against it, and in vl-convert
# (the report's charts) a measurement lays the text out as glyph paths: with a limit of
# 1000 px the report's charts took 40 % longer to draw, for labels it never cut.
NO_LIMIT = 0


def _data(rows: list[dict[str, Any]]) -> alt.Data:
    """Inline data: the spec carries exactly the figures drawn."""
    return alt.Data(values=rows)  # type: ignore[no-untyped-call]


def _layered(
    *layers: alt.Chart, width: int, height: int | alt.Step, language: Language
) -> alt.LayerChart:
    return in_language(alt.LayerChart(layer=list(layers), width=width, height=height), language)


def number_locale(language: Language) -> dict[str, Any]:
    """d3-format's locale for `language`, taken from Babel as `words.number` and
    `words.percent` write figures: German "1.234,5" and "79 %" (no-break space)."""
    locale = words.LOCALES[words.language(language)]
    return {
        "decimal": get_decimal_symbol(locale),
        "thousands": get_group_symbol(locale),
        "grouping": [3],
        "currency": ["", "\u00a0€"] if words.language(language) == "de" else ["£", ""],
        "percent": format_percent(0, locale=locale).removeprefix("0"),
    }


def in_language(chart: alt.LayerChart, language: Language) -> alt.LayerChart:
    """`chart` with its numbers (axes, labels, tooltips) written the way `language` writes
    them: Vega reads `config.locale` wherever the spec is drawn (the browser, vl-convert)."""
    configured: alt.LayerChart = chart.configure(locale=alt.Locale(number=number_locale(language)))
    return configured


def consensus_words(rwg: float | None, language: Language = None) -> str:
    """Agreement (rwg) in words: high from 0.7, low below 0.5 (the low-consensus finding)."""
    if rwg is None:
        return words.NO_FIGURE
    if rwg >= 0.7:
        return words.t("chart.consensus_high", language)
    if rwg >= 0.5:
        return words.t("chart.consensus_moderate", language)
    return words.t("chart.consensus_low", language)


def level_colours(levels: int) -> list[str]:
    """`levels` colours on the LEVEL_COLOURS ramp (the ramp itself for five levels)."""
    if levels == len(LEVEL_COLOURS):
        return list(LEVEL_COLOURS)
    return [_mix(LEVEL_COLOURS, n / (levels - 1) if levels > 1 else 0.0) for n in range(levels)]


def _mix(ramp: tuple[str, ...], at: float) -> str:
    """The colour at `at` (0..1) along `ramp`, interpolated in RGB."""
    position = at * (len(ramp) - 1)
    low = min(int(position), len(ramp) - 2)
    frac = position - low
    a, b = ramp[low], ramp[low + 1]
    channels = [
        round(int(a[i : i + 2], 16) * (1 - frac) + int(b[i : i + 2], 16) * frac) for i in (1, 3, 5)
    ]
    return "#" + "".join(f"{c:02X}" for c in channels)


def _text_on(fill: str) -> str:
    """Dark or white text, whichever reads better on `fill`."""
    r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return TEXT_COLOUR if (0.299 * r + 0.587 * g + 0.114 * b) > 150 else "#FFFFFF"


def _level_name(q: Questionnaire, level: int | None, language: Language) -> str:
    if level is None:
        return words.NO_FIGURE
    return q.level_label(level, language)


def _team_names(analysis: Analysis) -> dict[str, str]:
    return {t.id: t.name for t in analysis.scores.assessment.teams}


def _group_name(
    analysis: Analysis, grouping: str, role: str | None, team: str | None, language: Language
) -> str:
    q = analysis.scores.questionnaire
    role_name = q.t(q.role(role).name, language) if role else ""
    team_name = _team_names(analysis).get(team or "", team or "")
    if grouping == "role_team":
        return f"{team_name} · {role_name}"
    if grouping == "team":
        return team_name
    if grouping == "role":
        return role_name
    return words.t("chart.overall", language)


GapMapGrouping = Literal["role", "team", "role_team"]


def gap_map_rows(
    analysis: Analysis,
    grouping: str = "role",
    colour_by: Literal["level", "gap"] = "level",
    language: Language = None,
    *,
    role: str | None = None,
    team: str | None = None,
) -> list[dict[str, Any]]:
    """The gap map's cells: one per group x dimension, plus one "Overall" per group.

    `role`/`team` keep only that role's/team's groups. With role x team, groups in which
    every cell is suppressed are left out (they would say nothing but "fewer than k")."""
    s = analysis.scores
    q = s.questionnaire
    colours = level_colours(len(q.levels))
    gaps = {(g.grouping, g.role, g.team, g.dimension): g for g in analysis.gaps}
    results = [
        r
        for r in s.of(grouping)
        if (role is None or r.role == role) and (team is None or r.team == team)
    ]
    groups: dict[tuple[str | None, str | None], list[GroupResult]] = {}
    for r in results:
        groups.setdefault((r.role, r.team), []).append(r)
    if grouping == "role_team":
        groups = {key: rs for key, rs in groups.items() if not all(r.suppressed for r in rs)}
        ordered = sorted(
            groups,
            key=lambda key: (
                [t.id for t in s.assessment.teams].index(key[1]) if key[1] else -1,
                [r.id for r in q.roles].index(key[0]) if key[0] else -1,
            ),
        )
    else:
        ordered = list(groups)
    dim_names = {d.id: q.t(d.name, language) for d in q.dimensions}
    overall_name = words.t("chart.overall", language)
    rows: list[dict[str, Any]] = []
    for order, key in enumerate(ordered):
        group = _group_name(analysis, grouping, key[0], key[1], language)
        for r in groups[key]:
            gap = gaps.get((grouping, r.role, r.team, r.dimension))
            distance = -gap.gap_points if gap is not None else None
            rows.append(
                _cell(
                    group,
                    order,
                    dim_names[r.dimension],
                    suppressed=r.suppressed,
                    mean=r.mean,
                    n=r.n,
                    level=r.level,
                    distance=distance,
                    rwg=r.rwg,
                    q=q,
                    colours=colours,
                    colour_by=colour_by,
                    suppressed_text=hidden_label(r.reason, language, s.k),
                    language=language,
                    short_text=hidden_label(r.reason, language, s.k, short=True),
                )
            )
        try:
            overall = s.overall_of(grouping, role=key[0], team=key[1])
        except KeyError:
            continue
        rows.append(
            _cell(
                group,
                order,
                overall_name,
                suppressed=overall.suppressed,
                mean=overall.index,
                n=overall.n,
                level=overall.level,
                distance=None,
                rwg=None,
                q=q,
                colours=colours,
                colour_by=colour_by,
                suppressed_text=hidden_label(overall.reason, language, s.k),
                language=language,
                short_text=hidden_label(overall.reason, language, s.k, short=True),
            )
        )
    rows += _remainder_rows(analysis, grouping, dim_names, colours, colour_by, language, role, team)
    return rows


def _remainder_rows(
    analysis: Analysis,
    grouping: str,
    dim_names: dict[str, str],
    colours: list[str],
    colour_by: str,
    language: Language,
    role: str | None,
    team: str | None,
) -> list[dict[str, Any]]:
    """ "Other roles" / "Other teams" rows, placed after every group: the people whose
    own role or team is hidden, together (differences of figures already shown)."""
    name = {"role": "other_roles", "team": "other_teams"}.get(grouping)
    if name is None or role is not None or team is not None:
        return []
    s = analysis.scores
    q = s.questionnaire
    out: list[dict[str, Any]] = []
    orders: dict[str, int] = {}
    members = [r for r in analysis.remainders if r.grouping == name]
    for r in members:
        hidden = [
            x
            for x in s.of("role" if name == "other_roles" else "team")
            if x.dimension == r.dimension
            and (x.suppressed or x.as_of is not None)
            and x.reason != "empty"
            and (r.perspective is None or x.perspective == r.perspective)
        ]
        names = ", ".join(_group_name(analysis, grouping, x.role, x.team, language) for x in hidden)
        perspective = words.t(f"chart.{r.perspective}", language) if r.perspective else ""
        perspective = perspective if language == "de" else perspective.lower()
        title = words.t(f"chart.{name}", language, names=names, perspective=perspective)
        gap = None
        if r.mean is not None and r.level is not None:
            target = s.assessment.targets.get(r.dimension, q.scale_max)
            gap = r.mean - q.levels[target - 1].threshold
        order = orders.setdefault(title, 10_000 + len(orders))
        out.append(
            _cell(
                title,
                order,
                dim_names[r.dimension],
                suppressed=False,
                mean=r.mean,
                n=r.n,
                level=r.level,
                distance=gap,
                rwg=r.rwg,
                q=q,
                colours=colours,
                colour_by=colour_by,
                suppressed_text="",
                language=language,
            )
        )
        out[-1]["group_key"] = r.key
    if members:  # each remainder's overall index, from its own dimensions
        for overall in overall_indexes(q, members):
            first = next(row for row in out if row.get("group_key") == overall_key(overall))
            out.append(
                _cell(
                    first["group"],
                    first["group_order"],
                    words.t("chart.overall", language),
                    suppressed=overall.suppressed,
                    mean=overall.index,
                    n=overall.n,
                    level=overall.level,
                    distance=None,
                    rwg=None,
                    q=q,
                    colours=colours,
                    colour_by=colour_by,
                    suppressed_text="",
                    language=language,
                )
            )
    for row in out:
        row.pop("group_key", None)
    return out


def overall_key(o: Overall) -> tuple[str | None, str | None, str | None]:
    return (o.perspective, o.role, o.team)


def _cell(
    group: str,
    order: int,
    dimension: str,
    *,
    suppressed: bool,
    mean: float | None,
    n: int | None,
    level: int | None,
    distance: float | None,
    rwg: float | None,
    q: Questionnaire,
    colours: list[str],
    colour_by: str,
    suppressed_text: str,
    language: Language,
    short_text: str = "",
) -> dict[str, Any]:
    if suppressed or mean is None:
        return {
            "group": group,
            "group_order": order,
            "dimension": dimension,
            "suppressed": True,
            "label": suppressed_text,
            "short": wrap_lines(short_text, 9) if short_text else [suppressed_text],
            "fill": SUPPRESSED_COLOUR,
            "outline": "#FFFFFF",
            "text_colour": TEXT_COLOUR,
        }
    if colour_by == "gap":
        fill = _gap_fill(distance) if distance is not None else "#FFFFFF"
    else:
        fill = colours[(level or 1) - 1]
    outline = "#D1D5DB" if fill == "#FFFFFF" else "#FFFFFF"
    return {
        "group": group,
        "group_order": order,
        "dimension": dimension,
        "suppressed": False,
        "label": q.score_text(mean, language),
        "mean": float(q.shown_score(mean, 2)),
        "n": n,
        "level": level,
        "level_name": _level_name(q, level, language),
        "gap": round(distance, 2) if distance is not None else None,
        "gap_text": (
            ("+" if distance >= 0 else "") + words.number(distance, language)
            if distance is not None
            else words.NO_FIGURE
        ),
        "consensus": consensus_words(rwg, language),
        "fill": fill,
        "outline": outline,
        "text_colour": _text_on(fill),
    }


# The gap colour saturates at one and a half points from the target.
_GAP_SPAN = 1.5


def _threshold(at: float, language: Language) -> str:
    """A level's threshold as written in the model ("1.8", "2.25"; German "1,8")."""
    exponent = Decimal(str(at)).normalize().as_tuple().exponent
    return words.number(at, language, max(1, -exponent if isinstance(exponent, int) else 1))


def _gap_fill(distance: float) -> str:
    at = max(-1.0, min(1.0, distance / _GAP_SPAN))
    return _mix(GAP_COLOURS, (at + 1) / 2)


def gap_map(
    analysis: Analysis,
    grouping: str = "role",
    colour_by: Literal["level", "gap"] = "level",
    language: str | None = None,
    *,
    role: str | None = None,
    team: str | None = None,
    phone: bool = False,
) -> alt.LayerChart:
    """Heatmap of groups (rows) by dimensions (columns, model order, then "Overall"):
    each cell shows the mean, coloured by maturity level or by the distance to the
    target (orange below, blue above); suppressed cells are grey and say "fewer than k".

    Colours are computed here (`fill` in the data) so the map, its legend and the PDF
    agree exactly; the legend is drawn from the same list."""
    s = analysis.scores
    q = s.questionnaire
    rows = gap_map_rows(analysis, grouping, colour_by, language, role=role, team=team)
    columns = [q.t(d.name, language) for d in q.dimensions] + [words.t("chart.overall", language)]
    groups = list(dict.fromkeys(r["group"] for r in rows))
    data = _data(rows)
    x = alt.X(
        "dimension:N",
        sort=columns,
        title=None,
        axis=alt.Axis(
            orient="top",
            # narrow screens (a phone): slanted dimension names, so none is cut or overlaps
            labelAngle=alt.ExprRef(expr="bandwidth('x') < 80 ? -40 : 0"),
            labelAlign=alt.ExprRef(expr="bandwidth('x') < 80 ? 'left' : 'center'"),
            labelLimit=NO_LIMIT,
            domain=False,
            ticks=False,
        ),
    )
    # Group names whole, in lines (role × team: the team, then the role), narrower on a
    # phone-width chart; `phone` makes the rows tall enough for that wrap.
    lines = {g: _group_lines(g, grouping) for g in groups}
    tallest = max((len(pair[1] if phone else pair[0]) for pair in lines.values()), default=1)
    y = alt.Y(
        "group:N",
        sort=groups,
        title=None,
        axis=alt.Axis(
            **_band_labels(lines),
            labelFontSize=alt.ExprRef(expr=f"{NARROW} ? 11 : 12"),
            domain=False,
            ticks=False,
        ),
    )
    tooltip = [
        alt.Tooltip("group:N", title=_grouping_title(grouping, language)),
        alt.Tooltip("dimension:N", title=words.t("chart.dimension", language)),
        alt.Tooltip("label:N", title=words.t("chart.mean", language, max=q.scale_max)),
        alt.Tooltip("n:Q", title=words.t("chart.n", language)),
        alt.Tooltip("level_name:N", title=words.t("chart.level", language)),
        alt.Tooltip("gap_text:N", title=words.t("chart.gap", language)),
        alt.Tooltip("consensus:N", title=words.t("chart.consensus", language)),
    ]
    legend_domain: list[Any]
    if colour_by == "gap":
        legend_values = [-_GAP_SPAN, -0.5, 0.0, 0.5, _GAP_SPAN]
        legend_domain = [-_GAP_SPAN, _GAP_SPAN]
        legend = alt.Color(
            "legend_value:Q",
            title=words.t("chart.gap_legend", language),
            scale=alt.Scale(domain=[-_GAP_SPAN, 0, _GAP_SPAN], range=list(GAP_COLOURS), clamp=True),
            legend=alt.Legend(
                values=legend_values, format="+.1f", gradientLength=200, titleLimit=400
            ),
        )
    else:
        names = [_level_name(q, n, language) for n in range(1, len(q.levels) + 1)]
        # each level with the score it starts at, so that a figure on a grey print is
        # placed on its level without telling the shades apart
        names = [names[0]] + [
            words.t("chart.level_from", language, level=name, score=_threshold(at, language))
            for name, at in zip(names[1:], q.thresholds[1:], strict=True)
        ]
        legend_domain = names
        legend = alt.Color(
            "legend_value:N",
            title=words.t("chart.level_legend", language),
            scale=alt.Scale(domain=names, range=level_colours(len(q.levels))),
            legend=alt.Legend(
                columns=alt.ExprRef(expr=f"{NARROW} ? 1 : 3"),
                symbolType="square",
                labelLimit=NO_LIMIT,
            ),
        )
    cells = (
        alt.Chart(data)
        .mark_rect(strokeWidth=2, cornerRadius=2)
        .encode(
            x=x,
            y=y,
            fill=alt.Fill("fill:N", scale=None),
            stroke=alt.Stroke("outline:N", scale=None),
            tooltip=tooltip,
        )
    )
    # An invisible layer that only carries the legend (the cells' colours are exact).
    key = (
        alt.Chart(_data([{"legend_value": v} for v in legend_domain]))
        .mark_point(opacity=0, size=0)
        .encode(color=legend)
    )
    # In cells narrower than its full reason a hidden cell says it short, in two lines
    # ("fewer / than 5", "protects / a group"); the caption under the map says why. On
    # a phone (six columns in 390 px: cells about 40 px) at 9 px, so "protects" (37 px
    # in DejaVu Sans) stays inside its cell instead of running into the next. The full
    # reason needs about HIDDEN_CHAR_PX a character: "verborgen, um eine kleinere Gruppe
    # zu schützen" ran over its neighbours in the 212 px cells of a 1920 px screen.
    text = (
        alt.Chart(data)
        .mark_text(
            fontSize=alt.ExprRef(expr="bandwidth('x') < 50 ? 9 : bandwidth('x') < 80 ? 10 : 12"),
            lineHeight=13,
            text=alt.ExprRef(
                expr=f"datum.suppressed && bandwidth('x') < {HIDDEN_CHAR_PX} * "
                "length(datum.label) + 8 ? datum.short : datum.label"
            ),
        )
        .encode(
            x=x,
            y=y,
            color=alt.Color("text_colour:N", scale=None),
            tooltip=tooltip,
        )
    )
    step = max(34, tallest * LINE_PX + 10)
    chart = _layered(
        cells,
        text,
        key,
        width=max(360, 96 * len(columns)),
        height=alt.Step(step),
        language=language,
    )
    chart.resolve = alt.Resolve(scale=alt.ScaleResolveMap(color="independent"))
    return chart


def _group_lines(group: str, grouping: str) -> tuple[list[str], list[str]]:
    """A gap map row's name in lines, on a page and on a phone: role × team as the team
    above the role, each wrapped, so no name is cut."""
    parts = group.split(" · ", 1) if grouping == "role_team" else [group]
    return (
        [line for part in parts for line in wrap_lines(part, GROUP_WIDE)],
        [line for part in parts for line in wrap_lines(part, GROUP_NARROW)],
    )


def _wrapped_axis(names: list[str]) -> alt.Axis:
    """A band axis whose names are shown whole, wrapped (dimensions, teams)."""
    lines = {name: _group_lines(name, "") for name in names}
    return alt.Axis(**_band_labels(lines))


def _grouping_title(grouping: str, language: Language) -> str:
    if grouping == "team":
        return words.t("chart.team", language)
    if grouping == "role_team":
        return f"{words.t('chart.team', language)} · {words.t('chart.role', language)}"
    return words.t("chart.role", language)


# The share of the scale a dimension bar needs to hold its mean inside ("3,1" at 12 px
# and its margin: about 40 px of the 480 px plot).
INSIDE_LABEL_SHARE = 0.1


def dimension_bars(
    analysis: Analysis,
    language: str | None = None,
    *,
    hidden_labels: Mapping[str, str] | None = None,
) -> alt.LayerChart:
    """The organisation's mean per dimension (bar from 1, with its 95% interval) and
    the target level's threshold as a tick; suppressed dimensions say "fewer than k",
    or what `hidden_labels` says for them (a workshop's "not revealed yet")."""
    s = analysis.scores
    q = s.questionnaire
    colours = level_colours(len(q.levels))
    names = [q.t(d.name, language) for d in q.dimensions]
    top = float(q.scale_max)
    rows: list[dict[str, Any]] = []
    for dim, name in zip(q.dimensions, names, strict=True):
        r = s.get("organisation", dim.id)
        target = s.assessment.targets.get(dim.id)
        target_score = q.levels[target - 1].threshold if target else None
        row: dict[str, Any] = {
            "dimension": name,
            "base": 1,
            "target": target_score,
            "target_name": _level_name(q, target, language),
        }
        if r.suppressed or r.mean is None:
            row.update(
                suppressed=True,
                label=(hidden_labels or {}).get(dim.id) or hidden_label(r.reason, language, s.k),
                fill=SUPPRESSED_COLOUR,
                mean=None,
                label_at=1,
                label_colour=TEXT_COLOUR,
            )
        else:
            row.update(
                suppressed=False,
                mean=float(q.shown_score(r.mean, 2)),
                label=q.score_text(r.mean, language),
                ci_low=round(r.ci_low, 2) if r.ci_low is not None else None,
                ci_high=round(r.ci_high, 2) if r.ci_high is not None else None,
                n=r.n,
                level_name=_level_name(q, r.level, language),
                consensus=consensus_words(r.rwg, language),
                fill=colours[(r.level or 1) - 1],
            )
            # The mean inside its own bar, at its start: written beside the target tick
            # it read as the target's value. A bar too short to hold it has it just
            # right of its interval instead.
            fits = (r.mean - 1) >= INSIDE_LABEL_SHARE * (top - 1)
            row.update(
                label_at=1 if fits else round(max(r.mean, r.ci_high or r.mean), 2),
                label_colour=_text_on(row["fill"]) if fits else TEXT_COLOUR,
            )
        rows.append(row)
    data = _data(rows)
    x_scale = alt.Scale(domain=[1, top], nice=False, zero=False)
    y = alt.Y("dimension:N", sort=names, title=None, axis=_wrapped_axis(names))
    tooltip = [
        alt.Tooltip("dimension:N", title=words.t("chart.dimension", language)),
        alt.Tooltip("label:N", title=words.t("chart.mean", language, max=q.scale_max)),
        alt.Tooltip("n:Q", title=words.t("chart.n", language)),
        alt.Tooltip("level_name:N", title=words.t("chart.level", language)),
        alt.Tooltip("target_name:N", title=words.t("chart.target_level", language)),
        alt.Tooltip("ci_low:Q", title=f"{words.t('chart.ci', language)} ↓", format=".2f"),
        alt.Tooltip("ci_high:Q", title=f"{words.t('chart.ci', language)} ↑", format=".2f"),
        alt.Tooltip("consensus:N", title=words.t("chart.consensus", language)),
    ]
    bars = (
        alt.Chart(data)
        .transform_filter("!datum.suppressed")
        .mark_bar(height={"band": 0.6}, stroke="#9CA3AF", strokeWidth=0.5)
        .encode(
            x=alt.X(
                "base:Q", scale=x_scale, title=words.t("chart.score", language, max=q.scale_max)
            ),
            x2="mean:Q",
            y=y,
            fill=alt.Fill("fill:N", scale=None),
            tooltip=tooltip,
        )
    )
    hidden = (
        alt.Chart(data)
        .transform_filter("datum.suppressed")
        .mark_bar(height={"band": 0.6}, color=SUPPRESSED_COLOUR)
        .encode(x=alt.X("base:Q", scale=x_scale), x2=alt.X2(datum=top), y=y, tooltip=tooltip)
    )
    error = (
        alt.Chart(data)
        .transform_filter("datum.ci_low != null")
        .mark_rule(color=TEXT_COLOUR, strokeWidth=1.5)
        .encode(x=alt.X("ci_low:Q", scale=x_scale), x2="ci_high:Q", y=y, tooltip=tooltip)
    )
    target = (
        alt.Chart(data)
        .transform_filter("datum.target != null")
        .transform_calculate(what=json.dumps(words.t("chart.target", language)))
        .mark_tick(thickness=3, size=26)
        .encode(
            x=alt.X("target:Q", scale=x_scale),
            y=y,
            color=alt.Color(
                "what:N",
                title=None,
                scale=alt.Scale(domain=[words.t("chart.target", language)], range=[OKABE_ITO[5]]),
                legend=alt.Legend(
                    # a short vertical stroke, drawn like the tick it stands for
                    symbolType="M0,-1L0,1",
                    symbolStrokeColor=OKABE_ITO[5],
                    symbolStrokeWidth=3,
                    symbolSize=120,
                ),
            ),
            tooltip=[
                alt.Tooltip("dimension:N", title=words.t("chart.dimension", language)),
                alt.Tooltip("target_name:N", title=words.t("chart.target_level", language)),
            ],
        )
    )
    text = (
        alt.Chart(data)
        .mark_text(align="left", dx=6, fontSize=12)
        .encode(
            x=alt.X("label_at:Q", scale=x_scale),
            y=y,
            text="label:N",
            color=alt.Color("label_colour:N", scale=None),
        )
    )
    return _layered(
        bars, hidden, error, target, text, width=480, height=alt.Step(40), language=language
    )


def perception_gap(analysis: Analysis, language: str | None = None) -> alt.LayerChart:
    """Leadership minus front line per dimension (core items): bars right of zero mean
    leaders see it better; suppressed dimensions say "fewer than k" at zero."""
    s = analysis.scores
    q = s.questionnaire
    names = [q.t(d.name, language) for d in q.dimensions]
    by_dim = {p.dimension: p for p in analysis.perception if p.team is None}
    rows: list[dict[str, Any]] = []
    for dim, name in zip(q.dimensions, names, strict=True):
        p = by_dim.get(dim.id)
        if p is None or p.suppressed or p.difference is None:
            rows.append(
                {
                    "dimension": name,
                    "suppressed": True,
                    "difference": 0,
                    "label": hidden_label(p.reason if p else None, language, s.k),
                }
            )
            continue
        higher = p.difference >= 0
        rows.append(
            {
                "dimension": name,
                "suppressed": False,
                "difference": round(p.difference, 2),
                "label": ("+" if higher else "") + words.number(p.difference, language),
                "side": words.t(
                    "chart.leaders_higher" if higher else "chart.front_higher", language
                ),
                "leadership": q.score_text(p.leadership_mean, language),
                "frontline": q.score_text(p.frontline_mean, language),
                "leadership_n": p.leadership_n,
                "frontline_n": p.frontline_n,
            }
        )
    data = _data(rows)
    widest = max([abs(float(r["difference"])) for r in rows] + [1.0])
    x_scale = alt.Scale(domain=[-widest - 0.4, widest + 0.4], nice=False)
    y = alt.Y("dimension:N", sort=names, title=None, axis=_wrapped_axis(names))
    sides = [words.t("chart.leaders_higher", language), words.t("chart.front_higher", language)]
    tooltip = [
        alt.Tooltip("dimension:N", title=words.t("chart.dimension", language)),
        alt.Tooltip("label:N", title=words.t("chart.difference", language)),
        alt.Tooltip("leadership:N", title=words.t("chart.leadership", language)),
        alt.Tooltip("leadership_n:Q", title=f"{words.t('chart.leadership', language)}: n"),
        alt.Tooltip("frontline:N", title=words.t("chart.frontline", language)),
        alt.Tooltip("frontline_n:Q", title=f"{words.t('chart.frontline', language)}: n"),
    ]
    bars = (
        alt.Chart(data)
        .transform_filter("!datum.suppressed")
        .mark_bar(height={"band": 0.6})
        .encode(
            x=alt.X("difference:Q", scale=x_scale, title=words.t("chart.difference", language)),
            y=y,
            color=alt.Color(
                "side:N",
                title=None,
                scale=alt.Scale(
                    domain=sides,
                    range=[PERSPECTIVE_COLOURS["leadership"], PERSPECTIVE_COLOURS["frontline"]],
                ),
                legend=alt.Legend(
                    columns=alt.ExprRef(expr=f"{NARROW} ? 1 : 2"), labelLimit=NO_LIMIT
                ),
            ),
            tooltip=tooltip,
        )
    )
    zero = (
        alt.Chart(_data([{"zero": 0}]))
        .mark_rule(color=MUTED_COLOUR)
        .encode(x=alt.X("zero:Q", scale=x_scale))
    )
    right = (
        alt.Chart(data)
        .transform_filter("!datum.suppressed && datum.difference >= 0")
        .mark_text(fontSize=12, align="left", dx=6)
        .encode(x=alt.X("difference:Q", scale=x_scale), y=y, text="label:N")
    )
    left = (
        alt.Chart(data)
        .transform_filter("!datum.suppressed && datum.difference < 0")
        .mark_text(fontSize=12, align="right", dx=-6)
        .encode(x=alt.X("difference:Q", scale=x_scale), y=y, text="label:N")
    )
    hidden = (
        alt.Chart(data)
        .transform_filter("datum.suppressed")
        .mark_text(fontSize=12, color=MUTED_COLOUR, align="left", dx=6)
        .encode(x=alt.X("difference:Q", scale=x_scale), y=y, text="label:N")
    )
    return _layered(
        bars, zero, right, left, hidden, width=480, height=alt.Step(40), language=language
    )


def answer_goodness(d: ItemDistribution) -> list[float]:
    """Each option's place from the weakest answer (0) to the best (1), by its score;
    a reverse-coded item's mirrored, so its first options are its good ones."""
    scores = list(d.scores) if len(d.scores) == len(d.options) else list(range(len(d.options)))
    low, high = min(scores, default=0.0), max(scores, default=0.0)
    places = [(score - low) / (high - low) if high > low else 1.0 for score in scores]
    return [1.0 - p for p in places] if d.reverse else places


def answer_colour(goodness: float) -> str:
    """The colour of an answer `goodness` (0..1) of the way from the weakest to the best."""
    return _mix(ANSWER_RAMP, goodness)


def wrap_lines(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` characters (a longer word keeps its own line):
    questions and answers are shown whole, never cut."""
    return textwrap.wrap(" ".join(text.split()), width, break_long_words=False) or [""]


def _lines_by_width(lines: Mapping[str, tuple[list[str], list[str]]]) -> str:
    """A Vega expression giving a label's lines: the narrow wrap on a phone-width chart,
    the wide one on a page or a desktop (`datum.value` is the label's key)."""
    narrow = json.dumps({key: pair[1] for key, pair in lines.items()}, ensure_ascii=False)
    wide = json.dumps({key: pair[0] for key, pair in lines.items()}, ensure_ascii=False)
    return f"({NARROW} ? {narrow} : {wide})[datum.value]"


def _band_labels(
    lines: Mapping[str, tuple[list[str], list[str]]], line_px: int = LINE_PX
) -> dict[str, Any]:
    """A band axis's labels in lines, each centred on its band: Vega puts a label's
    first line at the band's middle and the rest below, so each label is moved up by
    half its own height less one line (`labelOffset` per label, on a phone and wide).
    Padding every label to one height instead left a one-line label half a line high
    wherever the tallest had an even number of lines."""

    def up(wrap: int) -> str:
        return json.dumps(
            {key: -(len(pair[wrap]) - 1) * line_px / 2 for key, pair in lines.items()},
            ensure_ascii=False,
        )

    return {
        "labelExpr": _lines_by_width(lines),
        "labelOffset": alt.ExprRef(expr=f"({NARROW} ? {up(1)} : {up(0)})[datum.value]"),
        "labelLineHeight": line_px,
        "labelLimit": NO_LIMIT,
    }


def reversed_note(
    distributions: list[ItemDistribution], dimension_id: str, language: Language = None
) -> str | None:
    """The note beside an item chart with reverse-coded questions (None without any):
    what "(reversed)" means and that blue is always the good end."""
    if not any(d.reverse for d in distributions if d.dimension_id == dimension_id):
        return None
    return words.t("chart.reversed_note", language, mark=words.t("chart.reversed", language))


def _item_numbers(positions: list[int], language: Language) -> str:
    shown = [str(p) for p in positions]
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " " + words.t("chart.and", language) + " " + shown[-1]


@dataclass(frozen=True)
class Segment:
    """One answer's part of an item's bar: `start` and `share` of the answers (0..1)."""

    answer: str
    count: int
    start: float
    share: float
    colour: str
    text_colour: str
    label: str  # the share as the language writes it ("" for no answers)
    legend: str  # which legend names it: "scale0", "scale1", ... or "dont_know"


@dataclass(frozen=True)
class ItemBar:
    """One question's bar: numbered, its text whole; `hidden` says why a bar too small a
    group answered shows no figures (then it has no segments)."""

    key: str  # "Q1", "Q2", ... in the dimension's order
    number: int
    text: str
    reverse: bool
    label: str  # "1. The question (reversed)"
    n: int | None  # people who answered it ("don't know" included); None when hidden
    segments: tuple[Segment, ...]
    hidden: str | None


@dataclass(frozen=True)
class AnswerLegend:
    """One answer scale's options, weakest first, with their colours; `title` names
    the questions it is for when a dimension has more than one scale."""

    key: str
    title: str
    options: tuple[tuple[str, str], ...]  # (answer, colour)


@dataclass(frozen=True)
class ItemBars:
    """A dimension's answers, item by item: what the item chart draws, and what the
    printed report lays out as text and coloured bars."""

    items: tuple[ItemBar, ...]
    legends: tuple[AnswerLegend, ...]  # the scales', then "don't know" when answered


def item_bars(
    distributions: list[ItemDistribution], dimension_id: str, language: str | None = None
) -> ItemBars:
    """A dimension's scored items as 100% bars: each option's share of the answers, from
    the weakest answer (orange, first) to the best (blue, last), and "don't know" as its
    own grey segment at the end. One legend per answer scale and direction names its
    options ("Answers to 1, 2 and 4"); a reverse-coded item is marked "(reversed)",
    its good answers blue and last like every other, with its own legend, so the same
    blue always means the good end. An item whose group is too small has no segments,
    only the reason (`hidden`)."""
    items = [d for d in distributions if d.dimension_id == dimension_id]
    dont_know = words.t("chart.dont_know", language)
    mark = words.t("chart.reversed", language)

    # One legend per scale and direction: the options from the weakest to the best.
    scales: dict[tuple[tuple[str, ...], tuple[float, ...]], list[int]] = {}
    orders: list[list[int]] = []
    for position, d in enumerate(items, start=1):
        goodness = answer_goodness(d)
        order = sorted(range(len(d.options)), key=lambda i: (goodness[i], i))
        orders.append(order)
        scale = (tuple(d.options[i] for i in order), tuple(goodness[i] for i in order))
        scales.setdefault(scale, []).append(position)
    legend_of = {
        position: f"scale{number}"
        for number, positions in enumerate(scales.values())
        for position in positions
    }

    bars: list[ItemBar] = []
    for position, (d, order) in enumerate(zip(items, orders, strict=True), start=1):
        marked = f"{d.text} {mark}" if d.reverse else d.text
        if d.suppressed or d.counts is None or not d.n:
            segments: list[Segment] = []
            hidden: str | None = hidden_label(d.reason, language, d.k)
        else:
            hidden = None
            places = answer_goodness(d)
            parts = [(d.options[i], d.counts[i], places[i], legend_of[position]) for i in order]
            if d.dont_know_offered or d.dont_know:
                parts.append((dont_know, d.dont_know or 0, -1.0, "dont_know"))
            segments, start = [], 0
            for option, count, good, legend in parts:
                fill = DONT_KNOW_COLOUR if good < 0 else answer_colour(good)
                segments.append(
                    Segment(
                        answer=option,
                        count=count,
                        start=start / d.n,
                        share=count / d.n,
                        colour=fill,
                        text_colour=_text_on(fill),
                        label=words.percent(count / d.n, language) if count else "",
                        legend=legend,
                    )
                )
                start += count
        bars.append(
            ItemBar(
                key=f"Q{position}",
                number=position,
                text=d.text,
                reverse=d.reverse,
                label=f"{position}. {marked}",
                n=None if hidden else d.n,
                segments=tuple(segments),
                hidden=hidden,
            )
        )

    legends: list[AnswerLegend] = []
    for number, ((options, goodness_of), positions) in enumerate(scales.items()):
        if len(scales) == 1:
            title = words.t("chart.answer", language)
        else:
            title = words.t("chart.answers_to", language, items=_item_numbers(positions, language))
        if any(items[p - 1].reverse for p in positions):
            title += f" {mark}"
        named = tuple((o, answer_colour(g)) for o, g in zip(options, goodness_of, strict=True))
        legends.append(AnswerLegend(f"scale{number}", title, named))
    if any(s.legend == "dont_know" for bar in bars for s in bar.segments):
        # a legend of its own, titled, so that it is not read as the last scale's
        where = words.t("chart.dont_know_where", language)
        legends.append(AnswerLegend("dont_know", where, ((dont_know, DONT_KNOW_COLOUR),)))
    return ItemBars(tuple(bars), tuple(legends))


def item_distribution(
    distributions: list[ItemDistribution],
    dimension_id: str,
    language: str | None = None,
    *,
    numbered: bool = False,
    phone: bool = False,
    width: int = 520,
    projector: bool = False,
    legend_columns: int = 2,
) -> alt.LayerChart:
    """The dimension's `item_bars` as 100% stacked bars, one per scored item, with one
    legend per answer scale; items whose group is too small are a grey bar saying
    "fewer than k".

    Questions are numbered and shown whole, wrapped (narrower on a phone-width chart;
    `phone` leaves room for that wrap). `numbered` labels the bars Q1, Q2, ... (a
    projector screen lists the full questions beside them). `projector`: type for a room
    (PROJECTOR_TEXT_SIZE), questions wrapped in PROJECTOR_WRAP characters, bars and rows
    tall enough for it (the projector), the legend in `legend_columns` (1 for a narrow
    column). Nothing needs a tooltip."""
    line_px = PROJECTOR_LINE_PX if projector else LINE_PX
    bar_px = PROJECTOR_BAR_PX if projector else BAR_PX
    found = item_bars(distributions, dimension_id, language)
    mark = words.t("chart.reversed", language)

    rows: list[dict[str, Any]] = []
    keys: list[str] = []
    lines: dict[str, tuple[list[str], list[str]]] = {}
    for bar in found.items:
        key = bar.key
        keys.append(key)
        if numbered:
            label = f"{key} {mark}" if bar.reverse else key
            lines[key] = ([label], [label])
        else:
            wide = wrap_lines(bar.label, PROJECTOR_WRAP if projector else WRAP_WIDE)
            lines[key] = (wide, wrap_lines(bar.label, WRAP_NARROW))
        if bar.hidden is not None:
            rows.append(
                {
                    "item": key,
                    "text": bar.text,
                    "suppressed": True,
                    "share": 1.0,
                    "label": bar.hidden,
                    "order": 0,
                }
            )
            continue
        for index, s in enumerate(bar.segments):
            rows.append(
                {
                    "item": key,
                    "text": bar.text,
                    "suppressed": False,
                    "legend": s.legend,
                    "answer": s.answer,
                    "count": s.count,
                    "n": bar.n,
                    "share": round(s.share, 4),
                    "x0": round(s.start, 4),
                    "x1": round(s.start + s.share, 4),
                    "middle": round(s.start + s.share / 2, 4),
                    "label": s.label,
                    "label_colour": s.text_colour,
                    "order": index,
                }
            )

    data = _data(rows)
    height = max(len(pair[1] if phone else pair[0]) for pair in lines.values()) if lines else 1
    y = alt.Y(
        "item:N",
        sort=keys,
        title=None,
        axis=alt.Axis(
            **_band_labels(lines, line_px),
            labelFontSize=PROJECTOR_TEXT_SIZE
            if projector
            else alt.ExprRef(expr=f"{NARROW} ? 11 : 12"),
            labelPadding=8,
            domain=False,
            ticks=False,
        ),
    )
    x_scale = alt.Scale(domain=[0, 1], nice=False)
    x = alt.X(
        "x0:Q",
        scale=x_scale,
        title=words.t("chart.share", language),
        axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1]),
    )
    layers: list[alt.Chart] = []
    for legend in found.legends:
        dont_know = legend.key == "dont_know"
        layers.append(
            _answer_bars(
                data,
                legend.key,
                [option for option, _ in legend.options],
                [colour for _, colour in legend.options],
                wrap_lines(legend.title, LEGEND_TITLE),
                x,
                y,
                projector=projector,
                **({} if dont_know else {"columns": legend_columns}),
            )
        )
    text = (
        alt.Chart(data)
        .transform_filter("!datum.suppressed")
        .mark_text(
            fontSize=11,
            # a figure only where it fits inside its segment
            text=alt.ExprRef(expr="(datum.x1 - datum.x0) * width >= 34 ? datum.label : ''"),
        )
        .encode(
            x=alt.X("middle:Q", scale=x_scale),
            y=y,
            color=alt.Color("label_colour:N", scale=None),
        )
    )
    hidden = (
        alt.Chart(data)
        .transform_filter("datum.suppressed")
        .mark_bar(height=bar_px, color=SUPPRESSED_COLOUR)
        .encode(x=alt.X("share:Q", scale=x_scale), y=y)
    )
    hidden_text = (
        alt.Chart(data)
        .transform_filter("datum.suppressed")
        .mark_text(fontSize=11, color=TEXT_COLOUR)
        .encode(x=alt.datum(0.5), y=y, text="label:N")
    )
    chart = _layered(
        *layers,
        hidden,
        text,
        hidden_text,
        width=width,
        height=alt.Step(max(30, height * line_px + (10 if projector else 6), bar_px + 16)),
        language=language,
    )
    chart.resolve = alt.Resolve(scale=alt.ScaleResolveMap(color="independent"))
    return chart


def _answer_bars(
    data: alt.Data,
    legend: str,
    options: list[str],
    colours: list[str],
    title: list[str],
    x: alt.X,
    y: alt.Y,
    *,
    projector: bool = False,
    columns: int = 2,
) -> alt.Chart:
    """One answer scale's segments, with that scale's own legend: its options in full
    (wrapped), weakest first. On a projector at PROJECTOR_TEXT_SIZE, in `columns` (one
    for long options), which fit beneath bars that leave room for whole questions."""
    wide = PROJECTOR_LEGEND_WRAP if projector else LEGEND_WIDE
    lines = {o: (wrap_lines(o, wide), wrap_lines(o, LEGEND_NARROW)) for o in options}
    # On a page, short options in one row (weakest to best, left to right, like the
    # bars), or in rows of three; long ones, and any on a phone, one per line.
    one_row = sum(len(o) for o in options) <= LEGEND_ROW and not projector
    if projector:
        shown: int | alt.ExprRef = columns if max(len(o) for o in options) <= wide else 1
    elif one_row:
        shown = alt.ExprRef(expr=f"{NARROW} ? 1 : {len(options)}")
    elif max(len(o) for o in options) <= LEGEND_NARROW:
        shown = alt.ExprRef(expr=f"{NARROW} ? 1 : 3")
    else:
        shown = 1
    bars: alt.Chart = (
        alt.Chart(data)
        .transform_filter(f"datum.legend == {json.dumps(legend)}")
        .mark_bar(
            height=PROJECTOR_BAR_PX if projector else BAR_PX, stroke="#FFFFFF", strokeWidth=0.5
        )
        .encode(
            x=x,
            x2="x1:Q",
            y=y,
            color=alt.Color(
                "answer:N",
                title=title or None,
                scale=alt.Scale(domain=options, range=colours),
                legend=alt.Legend(
                    columns=shown,
                    labelExpr=_lines_by_width(lines),
                    labelLimit=NO_LIMIT,
                    labelFontSize=PROJECTOR_TEXT_SIZE
                    if projector
                    else alt.ExprRef(expr=f"{NARROW} ? 11 : 12"),
                    titleLimit=1000,
                    symbolType="square",
                    symbolStrokeColor="#9CA3AF",
                    symbolStrokeWidth=0.5,
                    # in one row each option as wide as its own text; else in columns
                    gridAlign="none" if one_row else "each",
                ),
            ),
        )
    )
    return bars


# Type sizes (px) for a chart on a projector, read from the back of a room at 1920×1080:
# whole questions in lines of PROJECTOR_WRAP characters (about 420 px at 24 px DejaVu
# Sans, beside bars on a 1920 px screen), lines PROJECTOR_LINE_PX apart.
PROJECTOR_TEXT_SIZE = 24
PROJECTOR_WRAP = 30
PROJECTOR_LEGEND_WRAP = 28
PROJECTOR_LINE_PX = 30
PROJECTOR_BAR_PX = 44
PROJECTOR_LABEL_LIMIT = 520  # px of an axis label on a projector
PROJECTOR_LEGEND_LIMIT = 900  # px of a legend entry


def for_projector(chart: alt.LayerChart) -> alt.LayerChart:
    """`chart` as a room reads it from the back: every text mark (the figures in and
    beside the bars), the axes and the legend at PROJECTOR_TEXT_SIZE and in the dark
    text colour, and no tooltip (a mouse left over a projected chart would pop one up
    in front of the room; nothing on a projector may need hovering)."""
    big: alt.LayerChart = chart.copy(deep=True)
    for layer in big.layer:
        mark = layer.mark
        if isinstance(mark, alt.MarkDef):
            mark.tooltip = False  # Streamlit would otherwise list the fields under a mouse
            if mark.type == "text":
                mark.fontSize = PROJECTOR_TEXT_SIZE
                if mark.color == MUTED_COLOUR:  # grey figures fade at the back of a room
                    mark.color = TEXT_COLOUR
        encoding = layer.encoding
        if not isinstance(encoding, alt.FacetedEncoding):
            continue
        encoding.tooltip = alt.Undefined
        # a chart's own limits and sizes are set for a laptop's 12 px: at 24 px a limit
        # would cut "Kommunikation" to "Kommunik…"; no limit (0) or a wider one stays
        for channel, part, limit in (
            ("x", "axis", PROJECTOR_LABEL_LIMIT),
            ("y", "axis", PROJECTOR_LABEL_LIMIT),
            ("color", "legend", PROJECTOR_LEGEND_LIMIT),
        ):
            field = encoding[channel]
            guide = field[part] if isinstance(field, alt.SchemaBase) else None
            if not isinstance(guide, alt.Axis | alt.Legend):
                continue
            current = guide.labelLimit
            if not (isinstance(current, int | float) and (current == 0 or current >= limit)):
                guide.labelLimit = limit
            if isinstance(guide.labelFontSize, alt.ExprRef):  # 11 or 12 px by width
                guide.labelFontSize = PROJECTOR_TEXT_SIZE
    size = PROJECTOR_TEXT_SIZE
    big = big.configure_axis(
        labelFontSize=size,
        titleFontSize=size,
        labelLimit=PROJECTOR_LABEL_LIMIT,
        titleLimit=1200,
        labelColor=TEXT_COLOUR,
        titleColor=TEXT_COLOUR,
    )
    big = big.configure_legend(
        labelFontSize=size,
        titleFontSize=size,
        labelLimit=PROJECTOR_LEGEND_LIMIT,
        titleLimit=1600,
        symbolSize=320,
        labelColor=TEXT_COLOUR,
        titleColor=TEXT_COLOUR,
    )
    return big


def word_counts(
    counted: Sequence[WordCount], language: str | None = None, *, projector: bool = False
) -> alt.LayerChart:
    """The room's words for an open question: a bar per word or phrase, as long as the
    number of people who used it, that number beside it, most people first. Words are
    drawn as text (never HTML), whole (`projector`: rows tall enough for room type)."""
    people = words.t("open.people", language)
    rows = [{"word": w.word, "people": w.people, "order": n} for n, w in enumerate(counted)]
    step = PROJECTOR_BAR_PX if projector else 26
    most = max((w.people for w in counted), default=1)
    y = alt.Y(
        "word:N",
        sort=alt.EncodingSortField("order"),
        title=None,
        axis=alt.Axis(labelLimit=NO_LIMIT, ticks=False, domain=False),
    )
    x = alt.X(
        "people:Q",
        title=people,
        # whole people only, and room beside the longest bar for its figure
        scale=alt.Scale(domain=[0, most * 1.15], nice=False),
        axis=alt.Axis(format="d", tickMinStep=1, values=list(range(0, most + 1))),
    )
    bars = alt.Chart(_data(rows)).mark_bar(color=LEVEL_COLOURS[2]).encode(x=x, y=y)
    counts = (
        alt.Chart(_data(rows))
        .mark_text(align="left", dx=6, color=TEXT_COLOUR, fontSize=13)
        .encode(x=x, y=y, text="people:Q")
    )
    return _layered(bars, counts, width=620, height=alt.Step(step), language=language)


def trend(analysis: Analysis, language: str | None = None) -> alt.LayerChart | None:
    """The overall index and each dimension's mean by wave (lines with points), each
    wave named with how many answered; a workshop is an open diamond, joined to no line.
    None when the assessment has fewer than two waves: there is no trend to draw.
    Suppressed results of a wave are left out (a gap in the line), never drawn as a
    figure."""
    waves = analysis.waves
    if len(waves) < 2:
        return None
    q = analysis.scores.questionnaire
    overall = words.t("chart.overall", language)
    names = {d.id: q.t(d.name, language) for d in q.dimensions}
    series = [overall, *names.values()]
    rows: list[dict[str, Any]] = []
    wave_names = []
    for w in waves:
        wave_name = f"{words.t('chart.wave', language)} {w.wave}"
        if w.kind == "workshop":
            wave_name += f" · {words.t('chart.workshop', language)}"
        base, n = wave_name, 1
        while wave_name in wave_names:  # two workshops in one wave
            n += 1
            wave_name = f"{base} {n}"
        # how many answered, on the axis: 400 people and a room of 6 are not alike
        wave_name = words.t(
            "chart.wave_answers",
            language,
            wave=wave_name,
            n=words.number(w.respondents, language, 0),
        )
        wave_names.append(wave_name)
        kind = "workshop" if w.kind == "workshop" else "survey"
        if not w.overall.suppressed and w.overall.index is not None:
            rows.append(
                {
                    "wave": wave_name,
                    "kind": kind,
                    "name": w.name,
                    "series": overall,
                    "mean": float(q.shown_score(w.overall.index, 2)),
                    "label": q.score_text(w.overall.index, language),
                    "n": w.respondents,
                }
            )
        for r in w.dimensions:
            if r.suppressed or r.mean is None:
                continue
            rows.append(
                {
                    "wave": wave_name,
                    "kind": kind,
                    "name": w.name,
                    "series": names.get(r.dimension, r.dimension),
                    "mean": float(q.shown_score(r.mean, 2)),
                    "label": q.score_text(r.mean, language),
                    "n": r.n,
                }
            )
    data = _data(rows)
    encoding: dict[str, Any] = {
        "x": alt.X(
            "wave:N",
            sort=wave_names,
            title=None,
            # "Wave 1 · workshop · 6 answered" over three lines, never cut
            axis=alt.Axis(labelAngle=0, labelLimit=NO_LIMIT, labelExpr="split(datum.label, ' · ')"),
        ),
        "y": alt.Y(
            "mean:Q",
            scale=alt.Scale(domain=[1, q.scale_max], nice=False, zero=False),
            title=words.t("chart.mean", language, max=q.scale_max),
        ),
        "color": alt.Color(
            "series:N",
            sort=series,
            title=None,
            scale=alt.Scale(domain=series, range=[TEXT_COLOUR, *OKABE_ITO[: len(series) - 1]]),
            legend=alt.Legend(columns=alt.ExprRef(expr=f"{NARROW} ? 2 : 3"), labelLimit=NO_LIMIT),
        ),
        "tooltip": [
            alt.Tooltip("wave:N", title=words.t("chart.wave", language)),
            alt.Tooltip("name:N", title=words.t("chart.assessment", language)),
            alt.Tooltip("series:N", title=words.t("chart.dimension", language)),
            alt.Tooltip("label:N", title=words.t("chart.mean", language, max=q.scale_max)),
            alt.Tooltip("n:Q", title=words.t("chart.n", language)),
        ],
    }
    # Lines join the survey's waves only: a workshop is a room of its own, not the same
    # people later, so its figures are open points beside the line, never on it.
    lines = (
        alt.Chart(data)
        .transform_filter("datum.kind == 'survey'")
        .mark_line(strokeWidth=2)
        .encode(**encoding)
    )
    points = (
        alt.Chart(data)
        .transform_filter("datum.kind == 'survey'")
        .mark_point(size=60, filled=True)
        .encode(**encoding)
    )
    rooms = (
        alt.Chart(data)
        .transform_filter("datum.kind == 'workshop'")
        .mark_point(size=70, filled=False, strokeWidth=2, shape="diamond")
        .encode(**encoding)
    )
    return _layered(lines, points, rooms, width=520, height=280, language=language)


def response_rates(analysis: Analysis, language: str | None = None) -> alt.LayerChart:
    """Each team's responses against its head-count, as a percentage. Teams below the
    anonymity threshold show no rate (a rate and a head-count give the count), only
    "fewer than k"; teams whose results are hidden say so."""
    s = analysis.scores
    teams = _team_names(analysis)
    hidden_teams = {r.team for r in s.of("team") if r.suppressed}
    rows: list[dict[str, Any]] = []
    names: list[str] = []
    for rate in analysis.response_rates:
        name = teams.get(rate["team"], rate["team"])
        names.append(name)
        if rate["suppressed"]:
            rows.append(
                {
                    "team": name,
                    "suppressed": True,
                    "rate": 0,
                    "label": hidden_label(rate.get("reason"), language, s.k),
                    "head_count": rate["head_count"],
                }
            )
            continue
        responses = int(rate["responses"])
        share = rate["rate"]
        text = (
            f"{words.percent(share, language)} ({words.number(responses, language, 0)}/"
            f"{words.number(rate['head_count'], language, 0)})"
            if share is not None
            else words.number(responses, language, 0)
        )
        if rate["team"] in hidden_teams:
            text += f" · {words.t('chart.results_hidden', language)}"
        rows.append(
            {
                "team": name,
                "suppressed": False,
                "rate": round(min(share, 1.0), 4) if share is not None else None,
                "label": text,
                "responses": responses,
                "head_count": rate["head_count"],
            }
        )
    for row in rows:
        # "verborgen, um eine kleinere Gruppe zu schützen" in two lines: whole on a phone
        lines = wrap_lines(row["label"], RATE_LABEL_WRAP)
        row["text"], row["lines"] = "\n".join(lines), len(lines)
    data = _data(rows)
    y = alt.Y("team:N", sort=names, title=None, axis=_wrapped_axis(names))
    # the axis ends at 100 %; the room right of it keeps the label of a full team whole
    x_scale = alt.Scale(domain=[0, RATE_AXIS_END], nice=False)
    tooltip = [
        alt.Tooltip("team:N", title=words.t("chart.team", language)),
        alt.Tooltip("label:N", title=words.t("chart.response_rate", language)),
        alt.Tooltip("head_count:Q", title=words.t("chart.head_count", language)),
    ]
    bars = (
        alt.Chart(data)
        .transform_filter("!datum.suppressed && datum.rate != null")
        .mark_bar(height={"band": 0.6}, color=PRIMARY)
        .encode(
            x=alt.X(
                "rate:Q",
                scale=x_scale,
                title=words.t("chart.response_rate", language),
                axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1]),
            ),
            y=y,
            tooltip=tooltip,
        )
    )
    encoding: dict[str, Any] = {
        "x": alt.X("rate:Q", scale=x_scale),
        "y": y,
        "text": "text:N",
        "color": alt.condition("datum.suppressed", alt.value(MUTED_COLOUR), alt.value(TEXT_COLOUR)),
        "tooltip": tooltip,
    }
    text = (
        alt.Chart(data)
        .transform_filter("datum.lines == 1")
        .mark_text(align="left", dx=6, fontSize=12)
        .encode(**encoding)
    )
    # Vega sets a text's first line on the row's middle: two lines move up half a line
    two_lines = (
        alt.Chart(data)
        .transform_filter("datum.lines > 1")
        .mark_text(
            align="left",
            dx=6,
            dy=-RATE_LINE_PX / 2,
            fontSize=12,
            lineHeight=RATE_LINE_PX,
            lineBreak="\n",
        )
        .encode(**encoding)
    )
    return _layered(bars, text, two_lines, width=480, height=alt.Step(30), language=language)


def leaders_and_front_line(analysis: Analysis, language: str | None = None) -> alt.FacetChart:
    """Leaders against the front line per dimension (a column each) and per team (a row
    each, all teams together first): the leaders' mean and the front line's as two dots
    joined by a line, on the scale 1 to max. Only released perception gaps are drawn
    (`analysis.perception`, `analysis.perception_by_team`); a team hidden on every
    dimension is left out (the report names it and why), one hidden on a dimension shows
    a grey dash there."""
    s = analysis.scores
    q = s.questionnaire
    dims = [q.t(d.name, language) for d in q.dimensions]
    dim_names = dict(zip((d.id for d in q.dimensions), dims, strict=True))
    leaders, front = words.t("chart.leadership", language), words.t("chart.frontline", language)
    all_teams = words.t("report.all_teams", language)
    teams = _team_names(analysis)
    gaps = [*analysis.perception, *analysis.perception_by_team]
    shown = {None} | {
        g.team for g in analysis.perception_by_team if not g.suppressed and g.difference is not None
    }
    groups = [all_teams] + [teams.get(t.id, t.id) for t in s.assessment.teams if t.id in shown]
    rows: list[dict[str, Any]] = []
    for g in gaps:
        if g.team not in shown or g.dimension not in dim_names:
            continue
        where = {
            "group": teams.get(g.team, g.team) if g.team else all_teams,
            "dimension": dim_names[g.dimension],
        }
        lead, line = g.leadership_mean, g.frontline_mean
        if g.suppressed or lead is None or line is None:
            mid = (1 + q.scale_max) / 2
            rows.append({**where, "kind": "hidden", "at": mid, "label": words.NO_FIGURE})
            continue
        rows.append({**where, "kind": "line", "low": round(min(lead, line), 2),
                     "high": round(max(lead, line), 2)})  # fmt: skip
        rows.append({**where, "kind": "dot", "who": leaders, "mean": round(lead, 2),
                     "label": q.score_text(lead, language, 2)})  # fmt: skip
        rows.append({**where, "kind": "dot", "who": front, "mean": round(line, 2),
                     "label": q.score_text(line, language, 2)})  # fmt: skip
    scale = alt.Scale(domain=[1, q.scale_max], nice=False)
    # 1, the middle and the top of the scale: whole numbers for ticks that never crowd
    axis = alt.Axis(values=sorted({1, (1 + q.scale_max) // 2, q.scale_max}), title=None, format="d")
    y = alt.Y("group:N", sort=groups, title=None, axis=alt.Axis(labelLimit=170))
    line_layer = (
        alt.Chart()
        .transform_filter("datum.kind == 'line'")
        .mark_rule(color=MUTED_COLOUR, strokeWidth=2)
        .encode(x=alt.X("low:Q", scale=scale, axis=axis), x2="high:Q", y=y)
    )
    dots = (
        alt.Chart()
        .transform_filter("datum.kind == 'dot'")
        .mark_point(filled=True, size=90, opacity=1)
        .encode(
            x=alt.X("mean:Q", scale=scale, axis=axis),
            y=y,
            color=alt.Color(
                "who:N",
                title=None,
                scale=alt.Scale(
                    domain=[leaders, front],
                    range=[PERSPECTIVE_COLOURS["leadership"], PERSPECTIVE_COLOURS["frontline"]],
                ),
            ),
            # a shape each as well, so that the sides are told apart in black and white
            shape=alt.Shape(
                "who:N",
                title=None,
                scale=alt.Scale(domain=[leaders, front], range=list(PERSPECTIVE_SHAPES)),
            ),
            tooltip=[
                alt.Tooltip("group:N", title=words.t("chart.team", language)),
                alt.Tooltip("who:N", title=words.t("chart.group", language)),
                alt.Tooltip("label:N", title=words.t("chart.mean", language, max=q.scale_max)),
            ],
        )
    )
    hidden = (
        alt.Chart()
        .transform_filter("datum.kind == 'hidden'")
        .mark_text(fontSize=12, color=MUTED_COLOUR)
        .encode(x=alt.X("at:Q", scale=scale, axis=axis), y=y, text="label:N")
    )
    # One column per dimension, as wide as a page allows (an A4 column is ~640 px).
    width = max(56, min(110, 480 // max(1, len(dims))))
    chart: alt.FacetChart = (
        alt.layer(line_layer, dots, hidden, data=_data(rows))
        .properties(width=width, height=alt.Step(30))
        .facet(
            column=alt.Column(
                "dimension:N",
                sort=dims,
                title=None,
                header=alt.Header(
                    labelFontSize=11,
                    labelLimit=0,
                    # a name of several words goes over two lines rather than being cut
                    labelExpr="split(datum.label, ' ')",
                ),
            ),
            spacing=14,
        )
        .configure(locale=alt.Locale(number=number_locale(language)))  # as `in_language`
    )
    return chart
