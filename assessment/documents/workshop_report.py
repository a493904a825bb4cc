"""The workshop summary: what a live workshop revealed and which actions the room agreed,
as one HTML page or an A4 PDF for the consultant to send round afterwards.

`summary_data` is given the workshop's live view and agreed actions by
`assessment.access` (which checks the reader's rights: its organisation's consultants
and leadership) and takes its figures only from the live view, that is from the
workshop's held results (the last release of each dimension, never a recount of the
final answers), so the summary shows exactly what the shared screen showed: a
dimension's results only once it was revealed **and** released (at least k
participants answered it), the leadership / front-line split only when the disclosure
audit let both sides through, nothing of a dimension paused by an erasure. Every other
dimension is listed with a sentence saying why nothing is shown, never with a figure.

`render_summary_html` / `render_summary_pdf` format; they decide nothing. The template
autoescapes every text (titles, owners, prompts); only our own stylesheet and the SVG
charts that vl-convert draws from our own chart builders are marked safe.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup

from assessment import words
from assessment.analysis.analysis import Analysis
from assessment.analysis.wordlist import WordCount
from assessment.collect import workshop
from assessment.collect.open_question import OpenQuestionView
from assessment.documents.report.data import AgreedActionLike
from assessment.documents.report.render import ENVIRONMENT, TEMPLATES, chart_svg
from assessment.organisation.assessments import organisation_name
from assessment.storage.store import Store

log = logging.getLogger(__name__)

TEMPLATE = "workshop_summary.html.j2"


# --- what the summary holds ---------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionFigures:
    """A shown dimension's results, as the shared screen showed them (means rounded to
    2 decimals; `gap` is the points still missing to the target level, 0 when reached)."""

    n: int
    mean: float
    level: int
    level_name: str
    target: int
    target_name: str
    gap: float
    reached: bool
    consensus: str
    # Leadership, front line and leadership minus front line (from the unrounded means):
    # all three set when both sides were shown, else none.
    leadership_mean: float | None = None
    frontline_mean: float | None = None
    difference: float | None = None


@dataclass(frozen=True)
class DimensionSummary:
    """One dimension in model order. `status` as on the shared screen: hidden (not
    revealed), waiting (revealed, fewer than k answers), paused (an answer it counted
    was deleted since), shown. Only a shown dimension has `figures` and `prompts`; the
    others have a `note` saying why nothing is shown."""

    id: str
    name: str
    revealed: bool
    status: workshop.DimensionStatus
    figures: DimensionFigures | None = None
    prompts: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class AgreedActionItem:
    title: str
    owner: str
    due: str  # long date in the summary's language, "" without one
    dimension: str  # the dimension's name, "" without one


@dataclass(frozen=True)
class OpenQuestionSummary:
    """The room's open question as the shared screen showed it: the grouped answers
    (`words`) only once `answered` reached `threshold`, else None and nothing of them."""

    question: str
    answered: int
    threshold: int
    words: tuple[WordCount, ...] | None
    left_out: int = 0


@dataclass(frozen=True)
class WorkshopSummary:
    """Everything the summary shows, in one language, already anonymised."""

    language: str
    text: Mapping[str, str]
    workshop_id: str
    title: str
    assessment: str
    organisation: str
    date: str  # the day it started, as a long date
    time: str  # "09:00 to 11:30 UTC"
    started: str
    ended: str | None  # None while it runs
    running: bool
    pacing: str
    joined: int
    k: int
    scale_max: int
    dimensions: tuple[DimensionSummary, ...]
    actions: tuple[AgreedActionItem, ...]
    # For the charts: only shown dimensions carry figures (the live view's analysis).
    analysis: Analysis = field(repr=False, compare=False)
    open_question: OpenQuestionSummary | None = None  # None: none was asked

    def t(self, key: str, **values: Any) -> str:
        """A sentence of the string table, filled in."""
        return words.t(f"summary.{key}", self.language, **values)

    @property
    def shown(self) -> tuple[DimensionSummary, ...]:
        return tuple(d for d in self.dimensions if d.figures is not None)

    @property
    def has_perception(self) -> bool:
        return any(d.figures is not None and d.figures.difference is not None for d in self.shown)


# --- assembly -----------------------------------------------------------------------------------


def summary_language(requested: str | None, offered: tuple[str, ...] | list[str]) -> str:
    """The summary's language: the one asked for if the assessment offers it (and the
    summary is written in it), else the assessment's first such language, else English."""
    if requested in words.LANGUAGES and requested in offered:
        return str(requested)
    return next((lang for lang in offered if lang in words.LANGUAGES), "en")


def summary_data(
    store: Store,
    view: workshop.LiveView,
    agreed: Sequence[AgreedActionLike],
    *,
    language: str | None = None,
    asked: OpenQuestionView | None = None,
) -> WorkshopSummary:
    """The summary of a workshop from its live `view`, the actions `agreed` in it and
    its open question as `asked` (`access.workshop_summary` fetches them with the
    reader's rights; the open question's answers only past its threshold)."""
    w, a, q = view.workshop, view.assessment, view.questionnaire
    lang = summary_language(language, a.languages)
    text = words.section("summary", lang)

    def t(key: str, **values: Any) -> str:
        return words.t(f"summary.{key}", lang, **values)

    def level_name(level: int) -> str:
        return q.t(q.levels[level - 1].name, lang)

    dimensions: list[DimensionSummary] = []
    for dim in q.dimensions:
        live = view.dimension(dim.id)
        name = q.t(dim.name, lang)
        revealed = dim.id in w.revealed
        r = live.result
        # Figures only for what the screen showed: revealed, and at least k answers.
        if (
            live.status != "shown"
            or r is None
            or r.suppressed
            or r.mean is None
            or r.n is None
            or r.level is None
        ):
            note = {
                "waiting": t("too_few", k=view.k),
                "paused": t("paused", k=view.k),
            }.get(live.status, t("not_revealed"))
            dimensions.append(DimensionSummary(dim.id, name, revealed, live.status, note=note))
            continue
        target = a.targets.get(dim.id, q.scale_max)
        sides = {
            p.perspective: p.mean
            for p in live.perspectives
            if not p.suppressed and p.mean is not None
        }
        lead, front = sides.get("leadership"), sides.get("frontline")
        both = lead is not None and front is not None
        figures = DimensionFigures(
            n=r.n,
            mean=float(q.shown_score(r.mean, 2)),
            level=q.shown_level(r.level),
            level_name=level_name(r.level),
            target=q.shown_level(target),
            target_name=level_name(target),
            gap=round(max(0.0, q.levels[target - 1].threshold - r.mean), 2),
            reached=r.level >= target,
            consensus=_consensus_words(r.rwg, lang),
            leadership_mean=float(q.shown_score(lead, 2)) if both and lead is not None else None,
            frontline_mean=float(q.shown_score(front, 2)) if both and front is not None else None,
            difference=round(lead - front, 2) if lead is not None and front is not None else None,
        )
        dimensions.append(
            DimensionSummary(
                dim.id,
                name,
                revealed,
                live.status,
                figures=figures,
                prompts=tuple(q.t(p, lang) for p in dim.prompts),
            )
        )

    def dim_name(dim_id: str | None) -> str:
        if not dim_id:
            return ""
        try:
            return q.t(q.dimension(dim_id).name, lang)
        except KeyError:  # an action may name a dimension the model no longer has
            return dim_id

    actions = tuple(
        AgreedActionItem(
            title=item.title,
            owner=item.owner,
            due=words.date(item.due_date, lang) if item.due_date else "",
            dimension=dim_name(item.dimension_id),
        )
        for item in agreed
    )

    started = w.started_at
    ended = w.ended_at
    if ended is None:
        time = t("time_open", start=_clock(started))
    elif ended.date() == started.date():
        time = t("time_range", start=_clock(started), end=_clock(ended))
    else:
        time = t("time_range", start=_at(started, lang), end=_at(ended, lang))

    return WorkshopSummary(
        language=lang,
        text=text,
        workshop_id=w.id,
        title=w.title,
        assessment=a.name,
        organisation=organisation_name(store, a.organisation_id),
        date=words.date(started.date(), lang),
        time=time,
        started=t("at_time", date=words.date(started.date(), lang), time=_clock(started)),
        ended=(
            t("at_time", date=words.date(ended.date(), lang), time=_clock(ended))
            if ended is not None
            else None
        ),
        running=w.running,
        pacing=t(f"pacing_{w.pacing}"),
        joined=view.joined,
        k=view.k,
        scale_max=q.scale_max,
        dimensions=tuple(dimensions),
        actions=actions,
        open_question=_open_summary(asked),
        analysis=view.analysis,
    )


def _open_summary(asked: OpenQuestionView | None) -> OpenQuestionSummary | None:
    if asked is None or asked.question is None:
        return None
    shown = asked.words
    return OpenQuestionSummary(
        question=asked.question,
        answered=asked.answered,
        threshold=asked.threshold,
        words=shown.words if shown is not None else None,
        left_out=shown.left_out if shown is not None else 0,
    )


def _clock(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def _at(moment: datetime, lang: str) -> str:
    return f"{words.date(moment.date(), lang)}, {_clock(moment)}"


def _consensus_words(rwg: float | None, language: str) -> str:
    from assessment.documents import charts

    return charts.consensus_words(rwg, language)


# --- HTML and PDF -------------------------------------------------------------------------------


def _safely(build: Callable[[], Any], language: str) -> Markup | None:
    """One chart as SVG, or None when there is none or drawing it fails: the summary
    still renders without it."""
    try:
        return chart_svg(build(), language)
    except Exception:  # a chart bug must not cost the reader the whole summary
        log.exception("workshop summary chart failed")
        return None


def summary_charts(data: WorkshopSummary) -> dict[str, Markup | None]:
    """The summary's charts as SVG images: the dimension bars once any dimension was
    shown, the perception gap once any dimension showed both sides."""
    from assessment.documents import charts

    a, lang = data.analysis, data.language
    # Unrevealed dimensions say so on their grey bar (not "fewer than k").
    hidden = {d.id: data.t("bar_not_revealed") for d in data.dimensions if d.status == "hidden"}
    hidden |= {d.id: data.t("bar_paused") for d in data.dimensions if d.status == "paused"}
    return {
        "dimensions": _safely(
            lambda: charts.dimension_bars(a, language=lang, hidden_labels=hidden), lang
        )
        if data.shown
        else None,
        "perception": _safely(lambda: charts.perception_gap(a, language=lang), lang)
        if data.has_perception
        else None,
    }


def render_summary_html(data: WorkshopSummary, *, charts: bool = True) -> str:
    """The summary as one self-contained HTML document (inline CSS, charts as images)."""
    template = ENVIRONMENT.get_template(TEMPLATE)
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")

    def num(value: float) -> str:
        return words.number(value, data.language, 2)

    return template.render(
        s=data,
        t=data.text,
        open_t=words.section("open", data.language),  # the room's open question, as on screen
        num=num,
        css=Markup(css),  # noqa: S704 - our own stylesheet, no user text
        charts=summary_charts(data) if charts else {"dimensions": None, "perception": None},
    )


def render_summary_pdf(data: WorkshopSummary, *, html: str | None = None) -> bytes:
    """The summary as an A4 PDF (the HTML through WeasyPrint)."""
    import weasyprint

    document = weasyprint.HTML(string=html if html is not None else render_summary_html(data))
    pdf = document.write_pdf()  # without a target: the bytes
    return bytes(pdf or b"")
