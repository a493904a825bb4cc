"""What the gap report shows, assembled once, in one language, from figures that have
already passed the anonymity rules (`assessment.analysis.analysis`, `assessment.analysis.quality`).

`report_data` is pure: it turns an `Analysis`, a `QualityReport`, the agreed actions,
the item distributions and the comments into sentences, formatted figures and plain
tables (`Table`, one per spreadsheet view). `access.build_report` fetches those with
the reader's rights, so an actor only ever gets a report they may read. Renderers
(`assessment.documents.report.render`) format; they decide nothing about what may be shown.

A suppressed group appears only as "fewer than k responses": never its n or its mean.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from assessment import words
from assessment.analysis.disclosure import hidden_label
from assessment.analysis.gaps import LOW_CONSENSUS_RWG, Finding, PerceptionGap
from assessment.documents.report.evidence import EvidencePage, evidence_page
from assessment.questionnaire.model import Questionnaire

if TYPE_CHECKING:
    from assessment.analysis.actions import Recommendation
    from assessment.analysis.analysis import Analysis
    from assessment.analysis.quality import QualityReport
    from assessment.analysis.scoring import GroupResult, Scores

# Comments printed per dimension (the most frequent first); the rest are counted.
COMMENTS_PER_DIMENSION = 3
# Recommended actions on a dimension's page (the highest ranked); the plan lists all.
ACTIONS_PER_DIMENSION = 3
# Cronbach's alpha from which a dimension's items are read as measuring one thing.
GOOD_ALPHA = 0.7
STRONG_AGREEMENT = 0.7
FEW_DONT_KNOW = 0.05
MANY_DONT_KNOW = 0.2

CellValue = str | int | float | date | None


class AgreedActionLike(Protocol):
    """What the report reads from an agreed action (`assessment.access.AgreedAction`)."""

    @property
    def title(self) -> str: ...
    @property
    def owner(self) -> str: ...
    @property
    def dimension_id(self) -> str | None: ...
    @property
    def due_date(self) -> date | None: ...
    @property
    def status(self) -> str: ...
    @property
    def source_action_id(self) -> str | None: ...


class EarlierLike(Protocol):
    """The wave an assessment follows and its agreed actions (`access.EarlierActions`)."""

    @property
    def wave(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def actions(self) -> Sequence[AgreedActionLike]: ...


# --- what the report holds ----------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """One spreadsheet view: a header row and rows of plain values (numbers rounded)."""

    view: str
    title: str
    header: list[str]
    rows: list[list[CellValue]]


@dataclass(frozen=True)
class ActionItem:
    """A recommended action as the report lists it, in the report's language."""

    rank: int
    id: str
    title: str
    description: str
    reasons: list[str]
    owner: str
    effort: str
    impact: str
    dimension: str | None


@dataclass(frozen=True)
class AgreedItem:
    title: str
    dimension: str
    owner: str
    due: str
    status: str
    due_date: date | None = None  # `due` as a date, for a spreadsheet
    status_key: str = ""  # open, in_progress, done, dropped (for the page's styling)


@dataclass(frozen=True)
class GlanceRow:
    """One dimension on the opening page: now against target, and leaders against the
    front line (figures formatted; a hidden one says why in `now` or `leaders`)."""

    dimension: str
    now: str
    target: str
    to_go: str
    change: str  # since the previous wave ("+0.30"), "-" without a comparison, "" for none
    leaders: str
    frontline: str
    difference: str
    large: bool  # a perception gap worth acting on (`PerceptionGap.large`)
    perception_hidden: bool


@dataclass(frozen=True)
class LeadAction:
    """One of the five actions on the opening page: agreed (with its owner, due date and
    status) or recommended and not agreed yet (its owner role, "to be agreed")."""

    position: int
    title: str
    dimension: str
    owner: str
    due: str
    status: str
    status_key: str  # open, in_progress, done, or proposed (not agreed yet)
    agreed: bool


@dataclass(frozen=True)
class CarriedDimension:
    """A dimension's change since the previous wave and what was agreed on it then."""

    id: str
    name: str
    change: str | None  # the sentence ("Since wave 1: +0.30 (2.18 then, 2.48 now).")
    actions: list[AgreedItem]
    delta: str = ""  # the change alone ("+0.30"; "-" where a wave does not show it)


@dataclass(frozen=True)
class DimensionPage:
    """Everything the report says about one dimension."""

    id: str
    name: str
    definition: str
    visible: bool
    current: str  # "Now: 2.57 of 5, level 2, Reporting duty." or "fewer than 5 responses"
    target: str
    level_description: str | None
    level_heading: str | None
    target_description: str | None
    perception: str
    consensus: list[str]
    dont_know: str | None
    lagging: list[str]  # the teams and roles far below the rest here (findings)
    comments: list[tuple[str, int]]  # (text, how many wrote it), most frequent first
    more_comments: int
    actions: list[ActionItem]
    more_actions: int
    # the next wave: the change since the previous one and what was agreed on it then
    change: str | None = None
    carried: list[AgreedItem] = field(default_factory=list)


@dataclass(frozen=True)
class ReportData:
    """The report in one language: sentences, formatted figures, tables and, for the
    charts, the analysis and item distributions they are drawn from."""

    language: str
    text: Mapping[str, str]
    organisation: str
    assessment: str
    wave: int
    date: str
    period: str | None
    k: int
    comment_threshold: int
    respondents: int
    scale_max: int
    headline: list[str]
    top_gaps: list[str]
    perception: str
    findings: list[str]  # every finding as a sentence, with its 95% interval
    first_actions: list[ActionItem]
    dimensions: list[DimensionPage]
    actions: list[ActionItem]
    agreed: list[AgreedItem]
    has_trend: bool
    methodology: list[str]
    role_sizes: list[tuple[str, str]]  # (role, "42" or "fewer than 5 responses")
    response_rates: list[tuple[str, str, str, str]]  # (team, responses, head-count, rate)
    reliability: list[tuple[str, str, str]]  # (dimension, alpha, items)
    tables: dict[str, Table]
    analysis: Analysis
    distributions: Sequence[Any] = field(default_factory=list)
    # "What people say and what the CRM shows" (report/evidence.py); None without evidence
    evidence: EvidencePage | None = None
    # the opening page: every dimension against target, leaders against staff, five actions
    glance: list[GlanceRow] = field(default_factory=list)
    lead_actions: list[LeadAction] = field(default_factory=list)
    # the wave this one follows (None for a first wave), what was agreed in it per
    # dimension (`carried`), its agreed actions tied to no dimension, and a count by status
    earlier_wave: int | None = None
    carried: list[CarriedDimension] = field(default_factory=list)
    carried_other: list[AgreedItem] = field(default_factory=list)
    carried_summary: str | None = None
    # the teams the leaders-against-front-line chart leaves out, and why
    leaders_hidden: list[str] = field(default_factory=list)

    def t(self, key: str, **values: Any) -> str:
        """A sentence of the string table, filled in."""
        return words.t(f"report.{key}", self.language, **values)


# --- assembly -----------------------------------------------------------------------------------


def report_language(requested: str | None, assessment_languages: Sequence[str]) -> str:
    """The report's language: the one asked for, else the assessment's first one that the
    report is written in, else English."""
    if requested in words.LANGUAGES:
        return str(requested)
    return next((lang for lang in assessment_languages if lang in words.LANGUAGES), "en")


def report_data(
    analysis: Analysis,
    quality: QualityReport,
    agreed: Sequence[AgreedActionLike],
    distributions: Sequence[Any],
    language: str | None = None,
    *,
    comments: Mapping[str, Sequence[str]] | None = None,
    organisation: str = "",
    generated: date | None = None,
    earlier: EarlierLike | None = None,
) -> ReportData:
    """Assemble the report from results that have already passed the anonymity rules.
    `comments` maps a free-text item id to the organisation's visible comments; the
    recommendations' reasons come in the language `analysis` was made with; `earlier` is
    the wave this one follows, with the actions agreed in it."""
    scores = analysis.scores
    a, q = scores.assessment, scores.questionnaire
    lang = report_language(language, a.languages)
    text = words.section("report", lang)
    k = scores.k

    def t(key: str, **values: Any) -> str:
        return words.t(f"report.{key}", lang, **values)

    def num(value: float, digits: int = 2) -> str:
        return words.number(value, lang, digits)

    def score(value: float) -> str:  # a score on the level scale (`Questionnaire.score_text`)
        return q.score_text(value, lang, 2)

    def dim_name(dim_id: str | None) -> str:
        if not dim_id:
            return ""
        try:
            return q.t(q.dimension(dim_id).name, lang)
        except KeyError:  # an agreed action may name a dimension of another model
            return dim_id

    def level_name(level: int) -> str:
        return q.t(q.levels[level - 1].name, lang)

    role_names = {r.id: q.t(r.name, lang) for r in q.roles}
    team_names = {team.id: team.name for team in a.teams}
    scale_max = q.scale_max

    def why(reason: str | None) -> str:
        return hidden_label(reason, lang, k)

    # headline
    overall = scores.overall_of("organisation")
    headline: list[str] = []
    if overall.suppressed or overall.index is None or overall.level is None:
        headline.append(t("no_results", k=k))
    else:
        headline.append(
            t(
                "overall",
                index=score(overall.index),
                max=scale_max,
                level=q.shown_level(overall.level),
                level_name=level_name(overall.level),
            )
        )
        for area_result in scores.areas_of("organisation"):
            area_name = q.t(q.area(area_result.area).name, lang)
            if area_result.suppressed or area_result.index is None:
                headline.append(t("area_hidden", area=area_name, why=why(area_result.reason)))
            elif area_result.level is not None:
                headline.append(
                    t(
                        "area_line",
                        area=area_name,
                        index=score(area_result.index),
                        max=scale_max,
                        level=q.shown_level(area_result.level),
                        level_name=level_name(area_result.level),
                    )
                )
        if overall.staged_level is not None and overall.weakest is not None:
            headline.append(
                t(
                    "staged",
                    level=q.shown_level(overall.staged_level),
                    level_name=level_name(overall.staged_level),
                    weakest=dim_name(overall.weakest),
                )
            )

    org_gaps = sorted(
        (g for g in analysis.gaps if g.grouping == "organisation" and g.gap_points > 0),
        key=lambda g: -g.gap_points,
    )
    top_gaps = [
        t(
            "gap_line",
            dim=dim_name(g.dimension),
            mean=score(g.mean),
            level=q.shown_level(g.level),
            level_name=level_name(g.level),
            target=q.shown_level(g.target),
            target_name=level_name(g.target),
            points=num(g.gap_points),
        )
        for g in org_gaps[:3]
    ]
    if not top_gaps and not overall.suppressed:
        top_gaps = [t("on_target")]

    perception = _perception_summary(analysis.perception, t, num, score, dim_name, lang, k)
    found = [_finding_line(scores, f, lang) for f in analysis.findings]

    actions = [_action_item(n, r, q, lang, t) for n, r in enumerate(analysis.actions, start=1)]

    carried = carried_by_dimension(analysis, earlier, lang)
    carried_of = {c.id: c for c in carried}
    pages = [
        _dimension_page(
            analysis, dim.id, lang, t, num, comments or {}, actions, team_names, carried_of
        )
        for dim in q.dimensions
    ]

    agreed_items = [agreed_item(item, q, lang) for item in agreed]

    methodology = [
        t("sample", n=scores.respondents, max=scale_max),
        t("anonymity", k=k, m=a.comment_threshold),
        t(
            "flagged",
            straight=quality.straight_liners,
            speeders=quality.speeders,
            flagged=quality.flagged,
        ),
    ]

    today = generated or date.today()
    period = None
    if a.opens_at is not None and a.closes_at is not None:
        period = t(
            "period",
            start=words.date(a.opens_at.date(), lang),
            end=words.date(a.closes_at.date(), lang),
        )

    role_sizes = []
    for role in q.roles:
        size = scores.overall_of("role", role=role.id)
        role_sizes.append(
            (
                role_names[role.id],
                why(size.reason) if size.suppressed or size.n is None else str(size.n),
            )
        )
    rates = [
        (
            str(name),
            str(responses) if responses is not None else "",
            str(head) if head is not None else "",
            words.percent(float(rate), lang) if isinstance(rate, float) else "",
        )
        for name, responses, head, rate in response_rate_rows(
            analysis, team_names, why("below_k"), why("protects_smaller")
        )
    ]
    reliability = [
        (
            dim_name(rel.dimension),
            num(rel.alpha) if rel.alpha is not None else t("not_available"),
            str(rel.items),
        )
        for rel in quality.reliability
    ]

    data = ReportData(
        language=lang,
        text=text,
        organisation=organisation,
        assessment=a.name,
        wave=a.wave,
        date=words.date(today, lang),
        period=period,
        k=k,
        comment_threshold=a.comment_threshold,
        respondents=scores.respondents,
        scale_max=scale_max,
        headline=headline,
        top_gaps=top_gaps,
        perception=perception,
        findings=found,
        first_actions=actions[:5],
        dimensions=pages,
        actions=actions,
        agreed=agreed_items,
        has_trend=len(analysis.waves) > 1,
        methodology=methodology,
        role_sizes=role_sizes,
        response_rates=rates,
        reliability=reliability,
        tables={},
        analysis=analysis,
        # The questions every role answered: comparable, and a page stays a page.
        distributions=[d for d in distributions if _is_core(q, getattr(d, "item_id", ""))],
        evidence=evidence_page(analysis.evidence, scores, lang),
        glance=_glance(analysis, lang, earlier),
        lead_actions=lead_actions(analysis, agreed, actions, q, lang, earlier),
        earlier_wave=earlier.wave if earlier is not None else None,
        carried=[c for c in carried if c.id],
        carried_other=next((c.actions for c in carried if not c.id), []),
        carried_summary=_carried_summary(earlier, lang),
        leaders_hidden=_leaders_hidden(analysis, team_names, why, t("side_below_k", k=k)),
    )
    data.tables.update(
        _tables(data, analysis, quality, agreed_items, role_names, team_names, today, why)
    )
    if data.evidence is not None:
        data.tables["evidence"] = _evidence_table(data.evidence, lang)
    return data


def _finding_line(scores: Scores, f: Finding, lang: str) -> str:
    """A finding in one sentence, its 95% interval in brackets where it has one."""
    from assessment.analysis.actions import finding_sentence

    return finding_sentence(scores, f, lang)


def _evidence_table(page: EvidencePage, lang: str) -> Table:
    """The evidence page as a sheet: one row per group, dimension and indicator figure."""

    def e(key: str) -> str:
        return words.t(f"evidence.{key}", lang)

    header = [e("group"), e("dimension"), e("said"), e("shows"), e("gap")]
    rows: list[list[CellValue]] = [
        [c.group, c.dimension, c.said, c.shows, c.gap] for c in page.comparisons
    ]
    rows.append([])
    rows.append([e("indicator"), e("group"), e("value"), e("users"), e("level")])
    for indicator in page.indicators:
        rows.extend([indicator.name, *row] for row in indicator.rows)
    return Table("evidence", e("sheet"), header, rows)


def _is_core(q: Questionnaire, item_id: str) -> bool:
    try:
        return q.item(item_id).is_core
    except (KeyError, ValueError):
        return False


def _perception_summary(
    gaps: Sequence[PerceptionGap],
    t: Any,
    num: Any,
    score: Any,
    dim_name: Any,
    lang: str,
    k: int,
) -> str:
    visible = [g for g in gaps if not g.suppressed and g.difference is not None]
    if not visible:
        return str(t("perception_hidden", k=k))
    widest = max(visible, key=lambda g: abs(g.difference or 0.0))
    diff = widest.difference or 0.0
    name = dim_name(widest.dimension)
    name = name if lang == "de" else name.lower()
    if widest.large:
        return str(
            t(
                "perception_large",
                dim=name,
                diff=num(abs(diff)),
                direction=t("higher" if diff >= 0 else "lower"),
                lead=score(widest.leadership_mean or 0.0),
                front=score(widest.frontline_mean or 0.0),
            )
        )
    return str(t("perception_small", diff=num(abs(diff)), dim=name))


def _action_item(rank: int, r: Recommendation, q: Questionnaire, lang: str, t: Any) -> ActionItem:
    owner = r.action.owner
    try:
        owner_name = q.t(q.role(owner).name, lang)
    except (KeyError, ValueError):
        owner_name = owner
    return ActionItem(
        rank=rank,
        id=r.action.id,
        title=q.t(r.action.title, lang),
        description=q.t(r.action.description, lang),
        reasons=list(r.reasons),
        owner=owner_name,
        effort=str(t(f"effort_{r.action.effort}")),
        impact=str(t(f"impact_{r.action.impact}")),
        dimension=q.t(q.dimension(r.dimension).name, lang) if r.dimension else None,
    )


# Leaders and front line "see a dimension much alike" only when their means are less
# than a quarter point apart (and the difference could be chance): a third of a level's
# width on the default model, where levels are 0.8 apart.
ALIKE_POINTS = 0.25


def dimension_perception(
    gap: PerceptionGap | None, name: str, q: Questionnaire, lang: str, k: int
) -> str:
    """A dimension page's sentence on leaders against the front line: a large gap, a
    real but smaller one (its interval excludes 0), a difference that could be chance,
    or the two seeing it much alike (under `ALIKE_POINTS`, and it could be chance);
    hidden when a side is below `k`. Scores and the
    difference with two decimals, as the summary's table gives them."""
    if gap is None or gap.suppressed or gap.difference is None:
        return words.t("report.perception_hidden", lang, k=k)
    lead = q.score_text(gap.leadership_mean or 0.0, lang, 2)
    front = q.score_text(gap.frontline_mean or 0.0, lang, 2)
    if not gap.clear and abs(gap.difference) < ALIKE_POINTS:
        return words.t("report.dim_perception_small", lang, dim=name, lead=lead, front=front)
    key = "large" if gap.large else "modest" if gap.clear else "unclear"
    return words.t(
        f"report.dim_perception_{key}",
        lang,
        dim=name,
        diff=words.number(abs(gap.difference), lang, 2),
        direction=words.t("report.higher" if gap.difference >= 0 else "report.lower", lang),
        lead=lead,
        front=front,
    )


def _dimension_page(
    analysis: Analysis,
    dim_id: str,
    lang: str,
    t: Any,
    num: Any,
    comments: Mapping[str, Sequence[str]],
    actions: list[ActionItem],
    team_names: Mapping[str, str],
    carried: Mapping[str, CarriedDimension],
) -> DimensionPage:
    scores = analysis.scores
    q = scores.questionnaire
    a = scores.assessment
    k = scores.k
    dim = q.dimension(dim_id)

    def score(value: float) -> str:  # a score on the level scale (`Questionnaire.score_text`)
        return q.score_text(value, lang, 2)

    name = q.t(dim.name, lang)
    name_in_sentence = name if lang == "de" else name.lower()
    org = scores.get("organisation", dim_id)
    target = a.targets.get(dim_id, q.scale_max)
    target_name = q.t(q.levels[target - 1].name, lang)

    def describe(level: int) -> str | None:
        return q.t(dim.levels[level - 1], lang) if 0 < level <= len(dim.levels) else None

    visible = not org.suppressed and org.mean is not None and org.level is not None
    consensus: list[str] = []
    dont_know = None
    level_description = level_heading = None
    if visible and org.mean is not None and org.level is not None:
        current = t(
            "current_line",
            mean=score(org.mean),
            max=q.scale_max,
            level=q.shown_level(org.level),
            level_name=q.t(q.levels[org.level - 1].name, lang),
        )
        points = q.levels[target - 1].threshold - org.mean
        shown_target = q.shown_level(target)
        target_line = (
            t("target_met", target=shown_target, target_name=target_name)
            if org.level >= target
            else t("target_line", target=shown_target, target_name=target_name, points=num(points))
        )
        level_description = describe(org.level)
        level_heading = t("looks_like_now", level=q.shown_level(org.level))
        if org.rwg is not None:
            key = (
                "agree_strong"
                if org.rwg >= STRONG_AGREEMENT
                else "agree_moderate"
                if org.rwg >= LOW_CONSENSUS_RWG
                else "agree_low"
            )
            consensus.append(t(key, rwg=num(org.rwg)))
        split = [
            team_names.get(f.team, f.team)
            if f.team
            else q.t(q.role(f.role).name, lang)
            if f.role
            else ""
            for f in analysis.findings
            if f.kind == "low_consensus" and f.dimension == dim_id and f.grouping != "organisation"
        ]
        split = list(dict.fromkeys(s for s in split if s))  # a team split on both sides
        if split:
            consensus.append(t("split_in", groups=", ".join(split)))
        share = org.dont_know_share or 0.0
        dk_key = (
            "dk_few"
            if share < FEW_DONT_KNOW
            else "dk_some"
            if share < MANY_DONT_KNOW
            else "dk_many"
        )
        dont_know = t(dk_key, share=words.percent(share, lang))
    else:
        current = t("fewer_than", k=k)
        target_line = t("target_only", target=q.shown_level(target), target_name=target_name)

    gap = next((g for g in analysis.perception if g.dimension == dim_id), None)
    perception = dimension_perception(gap, name_in_sentence, q, lang, k)

    texts: Counter[str] = Counter()
    for item_id, item_texts in comments.items():
        try:
            item = q.item(item_id)
        except (KeyError, ValueError):
            continue
        if item.dimension == dim_id:
            texts.update(s.strip() for s in item_texts if s.strip())
    ranked = sorted(texts.items(), key=lambda pair: (-pair[1], pair[0]))
    shown = ranked[:COMMENTS_PER_DIMENSION]
    more = sum(n for _, n in ranked[COMMENTS_PER_DIMENSION:])

    lagging = [
        _finding_line(scores, f, lang)
        for f in analysis.findings
        if f.kind == "lagging_group" and f.dimension == dim_id
    ]
    mine = [item for item in actions if item.dimension == name]
    return DimensionPage(
        id=dim_id,
        name=name,
        definition=q.t(dim.definition, lang),
        visible=visible,
        current=current,
        target=target_line,
        level_description=level_description,
        level_heading=level_heading,
        target_description=describe(target) if target != (org.level or 0) else None,
        perception=perception,
        consensus=consensus,
        dont_know=dont_know,
        lagging=lagging,
        comments=shown,
        more_comments=more,
        actions=mine[:ACTIONS_PER_DIMENSION],
        more_actions=max(0, len(mine) - ACTIONS_PER_DIMENSION),
        change=carried[dim_id].change if dim_id in carried else None,
        carried=carried[dim_id].actions if dim_id in carried else [],
    )


# --- leading with actions: the opening page, the next wave ---------------------------------


def agreed_item(item: AgreedActionLike, q: Questionnaire, lang: str) -> AgreedItem:
    """An agreed action as the report lists it, in `lang`."""
    try:
        dimension = q.t(q.dimension(item.dimension_id).name, lang) if item.dimension_id else ""
    except KeyError:  # a dimension of another model (an earlier wave's questionnaire)
        dimension = item.dimension_id or ""
    return AgreedItem(
        title=q.agreed_title(item.title, item.source_action_id, lang),
        dimension=dimension,
        owner=item.owner,
        due=words.date(item.due_date, lang) if item.due_date else "",
        status=words.t(f"report.status_{item.status}", lang)
        if words.has(f"report.status_{item.status}")
        else item.status,
        due_date=item.due_date,
        status_key=item.status,
    )


def _signed(value: float, lang: str) -> str:
    """A change with its sign, as shown: "+0.30", "-0.12", "±0.00"."""
    shown = words.number(value, lang, 2)
    if shown.lstrip("-") == words.number(0.0, lang, 2):
        return "±" + shown.lstrip("-")
    return shown if shown.startswith("-") else "+" + shown


def _previous(analysis: Analysis, earlier: EarlierLike | None) -> Any:
    """The previous survey wave's released organisation results (`analysis.waves`), or
    None: the wave `earlier` names, else the latest survey wave before this one."""
    current = analysis.scores.assessment.wave
    before = [w for w in analysis.waves if w.kind == "survey" and w.wave < current]
    if earlier is not None:
        before = [w for w in before if w.wave == earlier.wave]
    return before[-1] if before else None


def _change(analysis: Analysis, dim_id: str, previous: Any) -> tuple[float, float, float] | None:
    """(before, now, now - before) of a dimension's organisation mean, when both waves
    show it: the figures as shown (`Questionnaire.shown_score`, two decimals), so the
    change is the difference a reader can check."""
    if previous is None:
        return None
    q = analysis.scores.questionnaire
    now = analysis.scores.get("organisation", dim_id)
    then = next((r for r in previous.dimensions if r.dimension == dim_id), None)
    if then is None or then.suppressed or then.mean is None:
        return None
    if now.suppressed or now.mean is None:
        return None
    before, after = q.shown_score(then.mean, 2), q.shown_score(now.mean, 2)
    return float(before), float(after), float(after - before)


def carried_by_dimension(
    analysis: Analysis, earlier: EarlierLike | None, lang: str
) -> list[CarriedDimension]:
    """Per dimension of this wave's model: its change since the previous wave (a
    sentence) and the actions agreed on it then, with their status today; last, with id
    "", the earlier actions tied to no dimension of this model. Empty for a first wave."""
    if earlier is None:
        return []
    scores = analysis.scores
    q, k = scores.questionnaire, scores.k
    previous = _previous(analysis, earlier)
    out: list[CarriedDimension] = []
    for dim in q.dimensions:
        moved = _change(analysis, dim.id, previous)
        delta = _signed(moved[2], lang) if moved is not None else words.NO_FIGURE
        if moved is not None:
            before, now, diff = moved
            change = words.t(
                "report.change_line",
                lang,
                wave=earlier.wave,
                change=_signed(diff, lang),
                before=words.number(before, lang, 2),  # shown already
                now=words.number(now, lang, 2),
            )
        else:
            change = words.t(
                "report.change_hidden", lang, wave=earlier.wave, why=hidden_label(None, lang, k)
            )
        out.append(
            CarriedDimension(
                dim.id,
                q.t(dim.name, lang),
                change,
                [agreed_item(x, q, lang) for x in earlier.actions if x.dimension_id == dim.id],
                delta,
            )
        )
    known = {d.id for d in q.dimensions}
    other = [agreed_item(x, q, lang) for x in earlier.actions if x.dimension_id not in known]
    if other:
        out.append(CarriedDimension("", words.t("report.carried_other", lang), None, other))
    return out


def _carried_summary(earlier: EarlierLike | None, lang: str) -> str | None:
    """ "Agreed in wave 1: 2 done, 1 in progress, 1 open." (statuses in their order)."""
    if earlier is None or not earlier.actions:
        return None
    counts = Counter(x.status for x in earlier.actions)
    order = ("done", "in_progress", "open", "dropped")
    said = [
        words.t(
            "report.carried_count", lang, n=counts[s], status=words.t(f"report.status_{s}", lang)
        )
        for s in (*order, *sorted(set(counts) - set(order)))
        if counts[s] and words.has(f"report.status_{s}")
    ]
    return words.t("report.carried_summary", lang, wave=earlier.wave, counts=", ".join(said))


def _glance(analysis: Analysis, lang: str, earlier: EarlierLike | None) -> list[GlanceRow]:
    """Every dimension against its target and leaders against the front line, as the
    opening page's table shows them (released figures only)."""
    scores = analysis.scores
    q, a, k = scores.questionnaire, scores.assessment, scores.k
    previous = _previous(analysis, earlier) if earlier is not None else None
    perception = {p.dimension: p for p in analysis.perception if p.team is None}
    rows = []
    for dim in q.dimensions:
        org = scores.get("organisation", dim.id)
        target = a.targets.get(dim.id, q.scale_max)
        visible = not org.suppressed and org.mean is not None and org.level is not None
        if visible and org.mean is not None and org.level is not None:
            now = words.t(
                "report.glance_now_cell",
                lang,
                mean=q.score_text(org.mean, lang, 2),  # never another level's figure
                level=q.shown_level(org.level),
            )
            points = q.levels[target - 1].threshold - org.mean
            to_go = (
                words.t("report.glance_met", lang)
                if org.level >= target
                else words.number(points, lang, 2)
            )
        else:
            now, to_go = hidden_label(org.reason, lang, k), ""
        moved = _change(analysis, dim.id, previous)
        change = (
            ""
            if earlier is None
            else _signed(moved[2], lang)
            if moved is not None
            else words.NO_FIGURE
        )
        gap = perception.get(dim.id)
        if gap is None or gap.suppressed or gap.difference is None:
            leaders = hidden_label(gap.reason if gap else None, lang, k)
            front = difference = ""
            hidden = True
        else:
            leaders = q.score_text(gap.leadership_mean, lang, 2)
            front = q.score_text(gap.frontline_mean, lang, 2)
            difference = _signed(gap.difference, lang)
            hidden = False
        rows.append(
            GlanceRow(
                dimension=q.t(dim.name, lang),
                now=now,
                target=words.t("report.glance_target_cell", lang, level=q.shown_level(target)),
                to_go=to_go,
                change=change,
                leaders=leaders,
                frontline=front,
                difference=difference,
                large=gap is not None and gap.large,
                perception_hidden=hidden,
            )
        )
    return rows


LEAD_ACTIONS = 5


def lead_actions(
    analysis: Analysis,
    agreed: Sequence[AgreedActionLike],
    recommended: Sequence[ActionItem],
    q: Questionnaire,
    lang: str,
    earlier: EarlierLike | None = None,
) -> list[LeadAction]:
    """The five actions the report opens with: the agreed ones that still stand (not
    dropped) by the rank of the recommendation they came from, the team's own after
    those (as listed: by due date); then the highest-ranked recommendations no agreed
    action came from (a dropped one counts: it was decided on). A recommendation that
    the previous wave agreed on and is still open or in progress shows as that action."""
    rank = {r.action.id: n for n, r in enumerate(analysis.actions)}
    standing = sorted(
        (x for x in agreed if x.status != "dropped"),
        key=lambda x: rank.get(x.source_action_id or "", len(rank)),
    )
    decided = {x.source_action_id for x in agreed if x.source_action_id}
    running = {
        x.source_action_id: x
        for x in (earlier.actions if earlier is not None else [])
        if x.source_action_id and x.status in ("open", "in_progress")
    }

    def from_agreed(x: AgreedActionLike, wave: int | None = None) -> LeadAction:
        item = agreed_item(x, q, lang)
        status = item.status
        if wave is not None:
            status = words.t("report.lead_since_wave", lang, status=status, wave=wave)
        return LeadAction(0, item.title, item.dimension, item.owner,
                          item.due or words.NO_FIGURE, status, x.status, True)  # fmt: skip

    out = [from_agreed(x) for x in standing]
    for item in recommended:
        if item.id in decided:
            continue
        if item.id in running and earlier is not None:
            out.append(from_agreed(running.pop(item.id), earlier.wave))
            continue
        out.append(
            LeadAction(
                position=0,
                title=item.title,
                dimension=item.dimension or "",
                owner=item.owner,
                due=words.NO_FIGURE,
                status=words.t("report.status_proposed", lang),
                status_key="proposed",
                agreed=False,
            )
        )
    return [replace(x, position=n) for n, x in enumerate(out[:LEAD_ACTIONS], start=1)]


def _leaders_hidden(
    analysis: Analysis,
    team_names: Mapping[str, str],
    why: Callable[[str | None], str],
    side_below_k: str,
) -> list[str]:
    """The teams whose leaders and front line are not compared (on some dimension), each
    with why, as the release says."""
    hidden: dict[str, str | None] = {}
    for gap in analysis.perception_by_team:
        if gap.team and (gap.suppressed or gap.difference is None):
            hidden.setdefault(gap.team, gap.reason)
    # A gap compares two sides: "fewer than k" is said of one of them, not of the team
    # (whose head count and responses the method page shows).
    return [
        f"{team_names.get(team, team)} ({side_below_k if reason == 'below_k' else why(reason)})"
        for team, reason in hidden.items()
    ]


# --- tables (the workbook and the CSV files) ----------------------------------------------------


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _s(q: Questionnaire, value: float | None) -> float | None:
    """A score for a table: two decimals, rounded as every score is shown
    (`Questionnaire.shown_score`), so a spreadsheet never shows one level's figure
    beside another level."""
    return None if value is None else float(q.shown_score(value, 2))


def _group_rows(
    results: Sequence[GroupResult],
    labels: Any,
    q: Questionnaire,
    lang: str,
    targets: Mapping[str, int],
    why: Callable[[str | None], str],
) -> list[list[CellValue]]:
    rows: list[list[CellValue]] = []
    for r in results:
        dim = q.t(q.dimension(r.dimension).name, lang)
        head = [*labels(r), dim]
        if r.suppressed or r.mean is None:
            rows.append([*head, why(r.reason), *([None] * 10)])
            continue
        target = targets.get(r.dimension, q.scale_max)
        rows.append(
            [
                *head,
                r.n,
                _s(q, r.mean),
                q.shown_level(r.level) if r.level else None,
                q.t(q.levels[r.level - 1].name, lang) if r.level else None,
                q.shown_level(target),
                _r(q.levels[target - 1].threshold - r.mean),
                _r(r.sd),
                _r(r.ci_low),
                _r(r.ci_high),
                _r(r.rwg),
                _r(r.dont_know_share, 3),
            ]
        )
    return rows


def _tables(
    data: ReportData,
    analysis: Analysis,
    quality: QualityReport,
    agreed: Sequence[AgreedItem],
    role_names: Mapping[str, str],
    team_names: Mapping[str, str],
    today: date,
    why: Callable[[str | None], str],
) -> dict[str, Table]:
    scores = analysis.scores
    q, a = scores.questionnaire, scores.assessment
    lang = data.language

    def t(key: str) -> str:
        return words.t(f"report.{key}", lang)

    def dim_name(dim_id: str) -> str:
        return q.t(q.dimension(dim_id).name, lang)

    figures = [
        t("n"),
        t("mean"),
        t("level"),
        t("level_name"),
        t("target"),
        t("gap_points"),
        t("sd"),
        t("ci_low"),
        t("ci_high"),
        t("rwg"),
        t("dont_know"),
    ]
    tables: dict[str, Table] = {}

    def add(view: str, header: list[str], rows: list[list[CellValue]]) -> None:
        tables[view] = Table(view, t(f"view_{view}"), header, rows)

    overall = scores.overall_of("organisation")
    summary: list[list[CellValue]] = [
        [t("organisation"), data.organisation],
        [t("assessment"), a.name],
        [t("wave_label"), a.wave],
        [t("date"), today],
        [t("respondents"), scores.respondents],
        [t("k"), scores.k],
    ]
    if overall.suppressed or overall.index is None:
        summary.append([t("overall_index"), why(overall.reason)])
    else:
        summary += [
            [t("overall_index"), _s(q, overall.index)],
            [t("level"), q.shown_level(overall.level or 1)],
            [t("level_name"), q.t(q.levels[(overall.level or 1) - 1].name, lang)],
            [t("staged_level"), q.shown_level(overall.staged_level or 1)],
            [t("weakest"), dim_name(overall.weakest) if overall.weakest else None],
        ]
    org_areas = scores.areas_of("organisation")
    for area_result in org_areas:  # each area's index, beside the overall one
        name = q.t(q.area(area_result.area).name, lang)
        hidden = area_result.suppressed or area_result.index is None
        summary.append([name, why(area_result.reason) if hidden else _s(q, area_result.index)])
    add("summary", [t("field"), t("value")], summary)
    if org_areas:
        area_rows: list[list[CellValue]] = []
        for area_result in org_areas:
            area = q.area(area_result.area)
            area_head: list[CellValue] = [q.t(area.name, lang), area.weight]
            if area_result.suppressed or area_result.index is None or area_result.level is None:
                area_rows.append([*area_head, why(area_result.reason), None, None, None])
                continue
            area_rows.append(
                [
                    *area_head,
                    area_result.n,
                    _s(q, area_result.index),
                    q.shown_level(area_result.level),
                    q.t(q.levels[area_result.level - 1].name, lang),
                ]
            )
        add(
            "areas",
            [t("area"), t("weight"), t("n"), t("mean"), t("level"), t("level_name")],
            area_rows,
        )

    add(
        "dimensions",
        [t("dimension"), t("weight"), *figures],
        [
            [row[0], q.dimension(r.dimension).weight, *row[1:]]
            for r, row in zip(
                scores.of("organisation"),
                _group_rows(scores.of("organisation"), lambda r: [], q, lang, a.targets, why),
                strict=True,
            )
        ],
    )
    perspective_names = {"leadership": t("leadership"), "frontline": t("frontline")}
    add(
        "roles",
        [t("role"), t("perspective"), t("dimension"), *figures],
        _group_rows(
            scores.of("role"),
            lambda r: [role_names.get(r.role, r.role), perspective_names.get(r.perspective, "")],
            q,
            lang,
            a.targets,
            why,
        ),
    )
    add(
        "teams",
        [t("team"), t("dimension"), *figures],
        _group_rows(
            scores.of("team"),
            lambda r: [team_names.get(r.team, r.team)],
            q,
            lang,
            a.targets,
            why,
        ),
    )
    add(
        "role-team",
        [t("role"), t("team"), t("dimension"), *figures],
        _group_rows(
            scores.of("role_team"),
            lambda r: [role_names.get(r.role, r.role), team_names.get(r.team, r.team)],
            q,
            lang,
            a.targets,
            why,
        ),
    )

    perception_rows: list[list[CellValue]] = []
    for gap in [*analysis.perception, *analysis.perception_by_team]:
        head: list[CellValue] = [
            team_names.get(gap.team, gap.team) if gap.team else t("all_teams"),
            dim_name(gap.dimension),
        ]
        if gap.suppressed or gap.difference is None:
            perception_rows.append([*head, why(gap.reason), None, None, None, None])
        else:
            perception_rows.append(
                [
                    *head,
                    _s(q, gap.leadership_mean),
                    _s(q, gap.frontline_mean),
                    _r(gap.difference),
                    _r(gap.effect_size),
                    t("yes") if gap.large else t("no"),
                ]
            )
    add(
        "perception-gap",
        [
            t("team"),
            t("dimension"),
            t("leadership_mean"),
            t("frontline_mean"),
            t("difference"),
            t("effect_size"),
            t("large"),
        ],
        perception_rows,
    )

    add(
        "findings",
        [
            t("finding_kind"),
            t("dimension"),
            t("finding_group"),
            t("finding"),
            t("ci_low"),
            t("ci_high"),
        ],
        [
            [
                t(f"kind_{f.kind}"),
                dim_name(f.dimension) if f.dimension else "",
                team_names.get(f.team, f.team)
                if f.team
                else role_names.get(f.role, f.role)
                if f.role
                else t("all_teams"),
                line,
                _r(f.detail.get("ci_low")),
                _r(f.detail.get("ci_high")),
            ]
            for f, line in zip(analysis.findings, data.findings, strict=True)
        ],
    )
    add(
        "actions",
        [
            t("rank"),
            t("action"),
            t("dimension"),
            t("owner"),
            t("effort"),
            t("impact"),
            t("priority"),
            t("why"),
            t("description"),
        ],
        [
            [
                item.rank,
                item.title,
                item.dimension,
                item.owner,
                item.effort,
                item.impact,
                _r(rec.priority, 3),
                "; ".join(item.reasons),
                item.description,
            ]
            for item, rec in zip(data.actions, analysis.actions, strict=True)
        ],
    )
    add(
        "agreed-actions",
        [t("action"), t("dimension"), t("owner"), t("due"), t("status")],
        [[x.title, x.dimension, x.owner, x.due_date, x.status] for x in agreed],
    )
    if data.earlier_wave is not None:
        # A next wave: what the wave it follows agreed, in the report's order (by
        # dimension, then those tied to none), with its status today. A first wave has no
        # such sheet: there was no "last time" (as the PDF and the Results page say nothing).
        earlier = [*(x for c in data.carried for x in c.actions), *data.carried_other]
        tables["earlier-actions"] = Table(
            "earlier-actions",
            words.t("report.view_earlier-actions", lang, wave=data.earlier_wave),
            [t("action"), t("dimension"), t("owner"), t("due"), t("status_today")],
            [[x.title, x.dimension, x.owner, x.due_date, x.status] for x in earlier],
        )

    add(
        "response-rates",
        [t("team"), t("respondents"), t("head_count"), t("rate")],
        response_rate_rows(analysis, team_names, why("below_k"), why("protects_smaller")),
    )

    quality_rows: list[list[CellValue]] = [
        [dim_name(rel.dimension), _r(rel.alpha, 3), rel.items, rel.n] for rel in quality.reliability
    ]
    quality_rows += [
        [t("respondents"), None, None, quality.respondents],
        [t("straight_liners"), None, None, quality.straight_liners],
        [t("speeders"), None, None, quality.speeders],
        [t("flagged_total"), None, None, quality.flagged],
    ]
    add("quality", [t("dimension"), t("alpha"), t("item_count"), t("n")], quality_rows)

    trend_rows: list[list[CellValue]] = []
    for wave in analysis.waves:
        means = {r.dimension: r for r in wave.dimensions}
        trend_rows.append(
            [
                wave.wave,
                wave.name,
                wave.respondents,
                why(wave.overall.reason) if wave.overall.suppressed else _s(q, wave.overall.index),
                *[
                    why(means[d.id].reason if d.id in means else None)
                    if d.id not in means or means[d.id].suppressed
                    else _s(q, means[d.id].mean)
                    for d in q.dimensions
                ],
            ]
        )
    add(
        "trend",
        [
            t("wave_label"),
            t("name"),
            t("respondents"),
            t("overall_index"),
            *[dim_name(d.id) for d in q.dimensions],
        ],
        trend_rows,
    )
    return tables


def response_rate_rows(
    analysis: Analysis, team_names: Mapping[str, str], fewer: str, hidden: str
) -> list[list[CellValue]]:
    """Responses and rate per team; a count of 1..k-1 says "fewer than k", and where it
    could be worked out from the total, the smallest other count is hidden too."""
    rows: list[list[CellValue]] = []
    for rate in analysis.response_rates:
        team = str(rate["team"])
        name = team_names.get(team, team)
        head = rate["head_count"]
        if rate["suppressed"]:
            reason = rate.get("reason")
            rows.append([name, fewer if reason == "below_k" else hidden, head, None])
        else:
            rows.append([name, int(rate["responses"]), head, _r(rate["rate"], 3)])
    return rows
