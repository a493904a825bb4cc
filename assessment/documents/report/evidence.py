"""The report page "What people say and what the CRM shows": the survey beside the CRM's
own records, per group and dimension, and each indicator's figures, worded for a reader.
Everything comes from `analysis.evidence`, after the disclosure rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment import words
from assessment.analysis.disclosure import hidden_label
from assessment.analysis.evidence import EvidenceFigure, EvidenceView
from assessment.analysis.scoring import Scores

# Indicators that are shares, shown as percentages; the rest are counts or days.
SHARES = frozenset({"stale_deal_share", "required_fields"})


@dataclass(frozen=True)
class Comparison:
    """One row: a group's dimension, what people say, what the records show, the gap."""

    group: str
    dimension: str
    said: str
    shows: str
    gap: str
    finding: bool


@dataclass(frozen=True)
class IndicatorRows:
    """One indicator: its name, the statement it tests (worded: "Tests the statement
    “…”"), and per group its figure or why it is hidden: (group, value, users, level)."""

    name: str
    tests: str
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class EvidencePage:
    title: str
    intro: str
    summary: str
    comparisons: list[Comparison]
    indicators: list[IndicatorRows]
    labels: dict[str, str] = field(default_factory=dict)  # column headings, in its language


def _t(key: str, lang: str, **values: object) -> str:
    return words.t(f"evidence.{key}", lang, **values)


def value_text(indicator: str, value: float, lang: str) -> str:
    """A figure as a reader reads it: a share as a percentage, else one decimal."""
    if indicator in SHARES:
        return words.percent(value, lang)
    return words.number(value, lang, 1)


def hidden_text(figure: EvidenceFigure, k: int, lang: str) -> str:
    """Why an evidence figure is not shown."""
    if figure.reason == "below_k":
        return _t("hidden_below_k", lang, k=k)  # users, not responses
    return hidden_label("protects_smaller", lang, k)


def evidence_page(view: EvidenceView, scores: Scores, lang: str) -> EvidencePage | None:
    """The page, or None when the assessment has no evidence to show."""
    q = scores.questionnaire
    if not view.figures:
        return None
    teams = {t.id: t.name for t in scores.assessment.teams}

    def group(team: str | None) -> str:
        return _t("organisation", lang) if team is None else teams.get(team, team)

    comparisons = [
        Comparison(
            group(c.team),
            q.t(q.dimension(c.dimension).name, lang),
            _t(
                "level_of",
                lang,
                level=q.shown_level(c.said_level),
                mean=words.number(c.said_mean, lang, 2),
            ),
            _t("level_is", lang, level=q.shown_level(c.evidence_level)),
            words.plural("evidence.gap_levels", c.gap, lang, gap=c.gap)
            if c.is_finding
            else _t("no_gap", lang),
            c.is_finding,
        )
        # the reality gaps first: what a reader should see before the rest
        for c in sorted(view.comparisons, key=lambda c: not c.is_finding)
    ]
    indicators = []
    for spec in q.evidence:
        figures = [f for f in view.figures if f.evidence_id == spec.id]
        if not figures:
            continue
        rows = []
        for f in figures:
            if f.value is None or f.level is None:
                rows.append((group(f.team), hidden_text(f, scores.k, lang), "", ""))
            else:
                shown = value_text(spec.indicator, f.value, lang)
                level = str(q.shown_level(f.level))
                rows.append((group(f.team), shown, str(f.users), level))
        tests = _t("tests_line", lang, text=q.t(q.item(spec.item).text, lang)) if spec.item else ""
        indicators.append(IndicatorRows(q.t(spec.name, lang), tests, rows))
    imported = words.date(view.imported_at.date(), lang) if view.imported_at else ""
    intro = _t("intro", lang, date=imported)
    measured = {spec.dimension for spec in q.evidence}
    unmeasured = [q.t(d.name, lang) for d in q.dimensions if d.id not in measured]
    if unmeasured:  # said, so that a dimension missing from the table is not a puzzle
        intro += " " + words.plural(
            "evidence.unmeasured", len(unmeasured), lang, dims=", ".join(unmeasured)
        )
    return EvidencePage(
        _t("title", lang),
        intro,
        words.plural("evidence.finding_count", len(view.findings), lang, count=len(view.findings)),
        comparisons,
        indicators,
        words.section("evidence", lang),
    )
