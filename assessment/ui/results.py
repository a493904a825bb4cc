"""The results dashboard: headline, gap map, findings, each dimension, actions, trend,
quality.

Everything comes through `assessment.access` with the signed-in actor (a leadership
account sees only its organisation), and every figure has passed the anonymity rules
there; this page only picks, draws and words. Questionnaire texts and chart labels
follow the language switch; the page chrome stays English.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

import altair as alt
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from assessment import access, words
from assessment.analysis.analysis import Analysis
from assessment.documents import charts
from assessment.documents.report import (
    ReportData,
    render_csv_zip,
    render_html,
    render_pdf,
    render_xlsx,
)
from assessment.documents.report.evidence import evidence_page
from assessment.errors import GapMapError
from assessment.organisation.assessments import Assessment, slug
from assessment.organisation.auth import Actor
from assessment.questionnaire.model import Questionnaire
from assessment.ui import state
from assessment.ui.state import Results
from assessment.ui.text import caption, escape_markdown, language_name, paragraph

# Session-state keys, prefixed with the page name.
# Session keys: `state.Results`; these are widget keys only Streamlit reads.
GROUPING = "results_grouping"
COLOUR = "results_colour"
TEAM = "results_team"
ROLE = "results_role"
PERSPECTIVE = "results_perspective"
AGREE_PICK = "results_agree_pick"
AGREE_FORM = "results_agree_form"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

GROUPINGS = {"role": "Role", "team": "Team", "role_team": "Role × team"}
COLOURS = {"level": "Maturity level", "gap": "Gap to target"}
PERSPECTIVES = {"": "Everyone", "leadership": "Leadership", "frontline": "Front line"}
EFFORT = {"S": "small", "M": "medium", "L": "large"}
SHOWN_ACTIONS = 8


def show_chart(chart: alt.LayerChart) -> None:
    """Draw an Altair chart in our theme. The spec is handed over unvalidated: the chart
    tests validate every builder, and validation costs seconds on a cold start."""
    st.vega_lite_chart(chart.to_dict(validate=False), theme=None, width="stretch")


def _open_requested(actor: Actor) -> None:
    """An assessment asked for by id: select it when the actor may read it, else say no."""
    requested = Results.OPEN.take() or st.query_params.get("assessment")
    if not requested:
        return
    try:
        found = access.get_assessment(state.store(), actor, str(requested))
    except GapMapError as refused:
        st.error(refused.message)
        return
    Results.ORG.set(found.organisation_id)
    Results.ASSESSMENT.set(found.id)


def _pick_assessment(actor: Actor) -> Assessment | None:
    store = state.store()
    organisations = access.list_organisations(store, actor)
    if not organisations:
        st.info("There are no results to show yet: no organisation is open to you.")
        return None
    names = {o.id: o.name for o in organisations}
    if Results.ORG.get() not in names:
        Results.ORG.set(organisations[0].id)
    left, middle, right = st.columns([2, 3, 2])
    if len(organisations) > 1:
        ids: list[str] = list(names)
        org = left.selectbox(
            "Organisation", ids, format_func=lambda o: names[o], key=Results.ORG.name
        )
    else:
        org = organisations[0].id
        left.text_input("Organisation", value=names[org], disabled=True)
    found = access.list_assessments(store, actor, org)
    if not found:
        st.info("This organisation has no assessment yet.")
        return None
    by_id = {a.id: a for a in found}
    if Results.ASSESSMENT.get() not in by_id:
        Results.ASSESSMENT.set(_first_with_results(actor, found))
    chosen = middle.selectbox(
        "Assessment (wave)",
        list(by_id),
        format_func=lambda aid: f"{by_id[aid].name} · wave {by_id[aid].wave}",
        key=Results.ASSESSMENT.name,
    )
    assessment = by_id[chosen]
    languages = list(assessment.languages) or ["en"]
    if Results.LANGUAGE.get() not in languages:
        Results.LANGUAGE.set(languages[0])
    right.radio(
        "Language", languages, format_func=language_name, key=Results.LANGUAGE.name, horizontal=True
    )
    return assessment


def _first_with_results(actor: Actor, found: list[Assessment]) -> str:
    """The newest assessment with enough answers to show (else the newest)."""
    for assessment in found:
        if access.tracking(state.store(), actor, assessment.id).release > 0:
            return assessment.id
    return found[0].id


def totals_text(submitted: int, started: int) -> str:
    """The whole assessment's exact totals, live, as the consultant's overview shows them."""
    return (
        f"So far {submitted:,} {'person has' if submitted == 1 else 'people have'} submitted "
        f"and {started:,} started (the whole assessment, live)."
    )


def _headline(analysis: Analysis, q: Questionnaire, language: str) -> None:
    s = analysis.scores
    overall = s.overall_of("organisation")
    head_count = sum(t.head_count or 0 for t in s.assessment.teams)
    rate = (
        f"{words.percent(s.respondents / head_count, language)} of {head_count}"
        if head_count
        else None
    )
    cols = st.columns(4)
    cols[0].metric(
        "Overall index",
        words.number(overall.index, language),
        help=(
            f"Weighted mean of the {'areas' if q.areas else 'dimensions'},"
            f" on the scale 1 to {q.scale_max}."
        ),
    )
    _level_metric(cols[1], "Maturity level", q, overall.level, language)
    weakest = q.t(q.dimension(overall.weakest).name, language) if overall.weakest else "-"
    _level_metric(
        cols[2],
        "Staged level",
        q,
        overall.staged_level,
        language,
        help=f"The weakest dimension decides: {escape_markdown(weakest)}.",
    )
    cols[3].metric(
        "Responses", f"{s.respondents:,}", delta=rate, delta_color="off", delta_arrow="off"
    )
    areas = s.areas_of("organisation")
    if areas:  # the model groups its dimensions into areas: one figure per area
        for column, area in zip(st.columns(len(areas)), areas, strict=True):
            name = escape_markdown(q.t(q.area(area.area).name, language))  # Markdown
            if area.suppressed or area.index is None:
                column.metric(name, "-", help="Shown once every dimension of the area is.")
                continue
            column.metric(
                name,
                words.number(area.index, language),
                delta=escape_markdown(q.level_label(area.level or 1, language)),
                delta_color="off",
                delta_arrow="off",
                help="Weighted mean of the area's dimensions.",
            )
    st.caption(
        f"Release {s.release}: results change only when at least {s.k} responses have "
        "been added or removed since the last release, so no two looks differ by one "
        "person's answers."
    )


def _level_metric(
    column: DeltaGenerator,
    title: str,
    q: Questionnaire,
    level: int | None,
    language: str,
    help: str | None = None,
) -> None:
    """A level as "Level 3" with its name underneath (names are too long for the value)."""
    if level is None:
        column.metric(title, "-", help=help)
        return
    column.metric(
        title,
        f"Level {q.shown_level(level)}",
        delta=escape_markdown(q.t(q.levels[level - 1].name, language)),  # Markdown
        delta_color="off",
        delta_arrow="off",
        help=help,
    )


def _level(q: Questionnaire, level: int | None, language: str) -> str:
    if level is None:
        return "-"
    return q.level_label(level, language)


def _gap_map(analysis: Analysis, q: Questionnaire, language: str) -> None:
    st.subheader("Gap map")
    s = analysis.scores
    controls = st.columns([2, 2, 2, 2])
    grouping = controls[0].radio(
        "Rows", list(GROUPINGS), format_func=GROUPINGS.get, key=GROUPING, horizontal=True
    )
    colour = controls[1].radio(
        "Colour by", list(COLOURS), format_func=COLOURS.get, key=COLOUR, horizontal=True
    )
    teams = {t.id: t.name for t in s.assessment.teams}
    roles = {r.id: q.t(r.name, language) for r in q.roles}
    team = role = None
    if grouping != "role" and teams:
        team = controls[2].selectbox(
            "Team", [None, *teams], format_func=lambda t: teams[t] if t else "All teams", key=TEAM
        )
    if grouping != "team":
        role = controls[3].selectbox(
            "Role", [None, *roles], format_func=lambda r: roles[r] if r else "All roles", key=ROLE
        )
    if grouping == "team" and not teams:
        st.info("This assessment has no teams.")
        return
    show_chart(
        charts.gap_map(
            analysis,
            grouping or "role",
            "gap" if colour == "gap" else "level",
            language,
            role=role,
            team=team,
        )
    )
    view = grouping or "role"
    loss = analysis.information_loss.get(view)
    hidden = f" In this view {loss:.0%} of respondents are in a hidden group." if loss else ""
    others = (
        " The “Other … roles” and “Other teams” rows show the people of the grey rows together."
        if view in ("role", "team") and analysis.remainders
        else ""
    )
    carried = any(r.as_of for r in s.results)
    st.caption(
        f"Grey cells say why they are hidden: fewer than {s.k} responses, or hidden to "
        "protect a smaller group whose figures they would give away.{hidden}{others}".format(
            hidden=hidden, others=others
        )
        + (
            " Some groups still show the figures of an earlier release: a newer figure "
            f"would differ from it by fewer than {s.k} people."
            if carried
            else ""
        )
    )


def _dimensions(analysis: Analysis, q: Questionnaire, language: str, actor: Actor) -> None:
    s = analysis.scores
    store = state.store()
    st.subheader("Dimensions")
    left, right = st.columns(2)
    with left:
        st.markdown("**Current against target** (bar: mean with 95% interval; tick: target)")
        show_chart(charts.dimension_bars(analysis, language))
    with right:
        st.markdown("**Perception gap** (leadership minus front line, same questions)")
        show_chart(charts.perception_gap(analysis, language))

    perspective = st.radio(
        "Answers of",
        list(PERSPECTIVES),
        format_func=PERSPECTIVES.get,
        key=PERSPECTIVE,
        horizontal=True,
    )
    distributions = access.item_distributions(
        store, actor, s.assessment.id, perspective or None, language=language
    )
    comments = access.comments(store, actor, s.assessment.id).get((None, None, None), {})
    perception = {p.dimension: p for p in analysis.perception}
    names = {d.id: q.t(d.name, language) for d in q.dimensions}
    if Results.DIMENSION.get() not in names:
        Results.DIMENSION.set(q.dimensions[0].id)
    chosen = st.radio(
        "Dimension",
        list(names),
        format_func=lambda d: escape_markdown(names[d]),
        key=Results.DIMENSION.name,
        horizontal=True,
    )
    dim = q.dimension(str(chosen))
    with st.container(border=True):
        caption(q.t(dim.definition, language))
        r = s.get("organisation", dim.id)
        target = s.assessment.targets.get(dim.id)
        cols = st.columns(4)
        if r.suppressed:
            cols[0].metric("Current", words.t("chart.fewer_than", "en", k=s.k))
        else:
            cols[0].metric(
                "Current",
                words.number(r.mean, language),
                help=escape_markdown(_level(q, r.level, language)),  # tooltips are Markdown
            )
        _level_metric(cols[1], "Target level", q, target, language)
        cols[2].metric("Don't know", words.percent(r.dont_know_share, language))
        gap = perception.get(dim.id)
        cols[3].metric(
            "Perception gap",
            "hidden"
            if gap is None or gap.difference is None
            else ("+" if gap.difference >= 0 else "") + words.number(gap.difference, language),
            help="Leadership minus front line on the core items.",
        )
        if r.rwg is not None:
            st.markdown(
                f"**Consensus:** {escape_markdown(charts.consensus_words(r.rwg, 'en'))}"
                f" (r_wg {r.rwg:.2f})"
            )
        if any(d.dimension_id == dim.id for d in distributions):
            st.markdown("**How people answered each question**")
            show_chart(charts.item_distribution(distributions, dim.id, language))
        _comments(q, dim.id, comments, language, s.assessment.comment_threshold)


def _comments(
    q: Questionnaire,
    dimension_id: str,
    comments: dict[str, list[str]],
    language: str,
    threshold: int,
) -> None:
    items = [i for i in q.items if i.type == "text" and i.dimension == dimension_id]
    if not items:
        return
    texts = [(item, comments.get(item.id, [])) for item in items]
    total = sum(len(t) for _, t in texts)
    with st.expander(f"Comments ({total})"):
        if not total:
            st.caption(
                f"Comments appear once at least {threshold} people have answered, "
                "and only when someone wrote one."
            )
        for item, said in texts:
            if not said:
                continue
            st.markdown(f"**{escape_markdown(q.t(item.text, language))}**")
            for text in said:
                paragraph(text)


def _findings(analysis: Analysis, language: str) -> None:
    """Every finding in a sentence (teams and roles lagging behind the rest, perception
    gaps, split groups, "don't know", low response), each with its 95% interval."""
    st.subheader("What stands out")
    if not analysis.findings:
        st.caption(
            "No perception gap, lagging team or role, or split group stands out beyond "
            "chance, and no group answered mostly “don't know” or responded poorly."
        )
        return
    lines = []
    for f in analysis.findings:
        text = access.finding_text(analysis.scores, f, language)
        interval = access.finding_interval(f, language)
        sentence = text[:1].upper() + text[1:] + (f" ({interval})" if interval else "")
        lines.append("- " + escape_markdown(sentence))
    st.markdown("\n".join(lines))
    st.caption(
        "A perception gap, a lagging team or role and low agreement are listed only when "
        "their 95% interval clears the threshold, not merely the figure itself."
    )


def _evidence(analysis: Analysis, language: str) -> None:
    """What people say beside what the CRM's records show (imported evidence), per group."""
    page = evidence_page(analysis.evidence, analysis.scores, language)
    if page is None:
        return
    labels = page.labels
    st.subheader(page.title)
    st.caption(escape_markdown(page.intro))
    # (our own words, with a count: nothing untrusted to escape)
    (st.warning if any(c.finding for c in page.comparisons) else st.info)(page.summary)
    st.dataframe(
        [
            {
                labels["group"]: c.group,
                labels["dimension"]: c.dimension,
                labels["said"]: c.said,
                labels["shows"]: c.shows,
                labels["gap"]: c.gap,
            }
            for c in page.comparisons
        ],
        hide_index=True,
    )
    for indicator in page.indicators:
        with st.expander(indicator.name):
            if indicator.tests:
                st.caption(escape_markdown(f"{labels['tests']}: “{indicator.tests}”"))
            st.dataframe(
                [
                    {
                        labels["group"]: group,
                        labels["value"]: value,
                        labels["users"]: users,
                        labels["level"]: level,
                    }
                    for group, value, users, level in indicator.rows
                ],
                hide_index=True,
            )


def _actions(analysis: Analysis, q: Questionnaire, language: str, actor: Actor) -> None:
    st.subheader("Recommended actions")
    if not analysis.actions:
        st.caption("No action in the model applies to these results.")
    for rank, rec in enumerate(analysis.actions[:SHOWN_ACTIONS], start=1):
        a = rec.action
        title = q.t(a.title, language)
        owner = next((q.t(r.name, language) for r in q.roles if r.id == a.owner), a.owner)
        with st.expander(
            f"{rank}. {escape_markdown(title)} · owner {escape_markdown(owner)} · "
            f"effort {EFFORT.get(a.effort, a.effort)} · impact {a.impact}",
            expanded=rank == 1,
        ):
            paragraph(q.t(a.description, language))
            if rec.reasons:
                st.markdown("**Why:** " + "; ".join(escape_markdown(r) for r in rec.reasons))
            caption(q.t(a.rationale, language))
    if len(analysis.actions) > SHOWN_ACTIONS:
        st.caption(f"{len(analysis.actions) - SHOWN_ACTIONS} more in the gap report.")
    _agreed_actions(analysis, q, language, actor)


def _agreed_actions(
    analysis: Analysis, q: Questionnaire, language: str, actor: Actor, *, recommend: bool = True
) -> None:
    """The actions the team agreed on, and (for a consultant) the form to record one;
    `recommend=False` below the threshold, where no recommendation is made."""
    st.subheader("Agreed actions")
    assessment = analysis.scores.assessment
    may_agree = access.allowed(actor, "agree-actions", assessment.organisation_id)
    if may_agree:
        _agree_form(analysis, q, language, actor, recommend=recommend)
    agreed = access.list_agreed_actions(state.store(), actor, assessment.id)
    if not agreed:
        st.caption(
            "No action has been agreed yet. The consultant records the actions the team "
            "agrees on, with an owner and a due date; they appear here and in the gap report."
        )
        return
    dims = {d.id: q.t(d.name, language) for d in q.dimensions}
    st.dataframe(
        [
            {
                "Action": a.title,
                "Owner": a.owner,
                "Due": a.due_date.isoformat() if a.due_date else "",
                "Status": a.status,
                "Dimension": dims.get(a.dimension_id or "", ""),
            }
            for a in agreed
        ],
        hide_index=True,
        width="stretch",
    )
    if may_agree:
        _status_controls(actor, agreed)


ACTION_STATUSES = {"open": "Open", "done": "Done", "dropped": "Dropped"}


def _status_controls(actor: Actor, agreed: Sequence[access.AgreedAction]) -> None:
    """A status select per agreed action (open, done, dropped); a change is saved at once."""
    with st.expander("Update the status of an action", icon=":material/task_alt:"):
        for a in agreed:
            st.selectbox(
                escape_markdown(a.title),
                list(ACTION_STATUSES),
                index=list(ACTION_STATUSES).index(a.status),
                format_func=ACTION_STATUSES.__getitem__,
                key=Results.ACTION_STATUS.of(a.id),
                on_change=_on_status,
                args=(actor, a),
            )
    flash = Results.STATUS_FLASH.take()
    if flash:
        st.success(flash, icon=":material/check_circle:")


def _on_status(actor: Actor, action: access.AgreedAction) -> None:
    status = Results.ACTION_STATUS.get(action.id)
    try:
        access.set_agreed_action_status(state.store(), actor, action.id, status)
    except GapMapError as problem:
        Results.STATUS_FLASH.clear()
        Results.ACTION_STATUS.clear(action.id)
        st.toast(problem.message, icon=":material/error:")
        return
    Results.STATUS_FLASH.set(
        f"“{escape_markdown(action.title)}” is now {ACTION_STATUSES[status].lower()}."
    )


def _agree_form(
    analysis: Analysis, q: Questionnaire, language: str, actor: Actor, *, recommend: bool
) -> None:
    """A consultant records an action the team agreed on: a recommended one or their own.
    What was typed stays after a refusal; the form is emptied once the action is recorded."""
    recommended = {rec.action.id: rec for rec in analysis.actions} if recommend else {}
    dims = {d.id: q.t(d.name, language) for d in q.dimensions}
    with st.expander("Record an agreed action", icon=":material/add_task:"):
        picked = st.selectbox(
            "Start from a recommended action (optional)",
            ["", *recommended],
            format_func=lambda i: (
                "Write my own"
                if not i
                else escape_markdown(q.t(recommended[i].action.title, language))
            ),
            key=AGREE_PICK,
        )
        rec = recommended.get(picked)
        flash = Results.AGREE_FLASH.take()
        if flash:
            st.success(flash, icon=":material/check_circle:")
        # A new form key after each recorded action empties the fields; a refusal keeps them.
        with st.form(f"{AGREE_FORM}-{picked}-{Results.AGREE_ROUND.get()}", clear_on_submit=False):
            title = st.text_input(
                "Action",
                value=q.t(rec.action.title, language) if rec else "",
                max_chars=200,
            )
            owner = st.text_input("Owner (a person or a role)", max_chars=100)
            left, right = st.columns(2)
            due = left.date_input("Due date", value=None)
            dimension = right.selectbox(
                "Dimension",
                ["", *dims],
                index=([None, *dims].index(rec.dimension) if rec and rec.dimension in dims else 0),
                format_func=lambda d: escape_markdown(dims[d]) if d else "None in particular",
            )
            if st.form_submit_button("Record the action", type="primary"):
                try:
                    access.add_agreed_action(
                        state.store(),
                        actor,
                        analysis.scores.assessment.id,
                        title=title,
                        owner=owner,
                        due_date=due,
                        dimension_id=dimension or None,
                        source_action_id=rec.action.id if rec else None,
                    )
                except GapMapError as problem:
                    st.error(problem.message)
                else:
                    Results.AGREE_ROUND.set(Results.AGREE_ROUND.get() + 1)
                    Results.AGREE_FLASH.set("Recorded. It is part of the gap report from now on.")
                    st.rerun()


def _downloads(actor: Actor, assessment: Assessment, language: str) -> None:
    """The gap report, built when a button is pressed (a PDF takes a few seconds)."""
    store = state.store()
    stem = f"gap-report-{slug(assessment.name) or 'assessment'}-{language}"

    def build() -> ReportData:
        return access.build_report(store, actor, assessment.id, language)

    st.subheader("Gap report")
    st.caption(
        "The report for leadership: executive summary, gap map, a page per dimension, "
        "the action plan, and how the figures were made. The same anonymity rules apply."
    )
    formats: list[tuple[str, Callable[[], bytes | str], str, str, str]] = [
        ("PDF", lambda: render_pdf(build()), "pdf", "application/pdf", "picture_as_pdf"),
        ("Web page (HTML)", lambda: render_html(build()), "html", "text/html", "html"),
        ("Excel tables", lambda: render_xlsx(build()), "xlsx", XLSX_MIME, "table_view"),
        ("CSV tables (zip)", lambda: render_csv_zip(build()), "zip", "application/zip",
         "folder_zip"),
    ]  # fmt: skip
    for column, (label, render, extension, mime, icon) in zip(
        st.columns(len(formats)), formats, strict=True
    ):
        column.download_button(
            label,
            data=render,
            file_name=f"{stem}.{extension}",
            mime=mime,
            icon=f":material/{icon}:",
            on_click="ignore",  # building starts on the click, without a rerun
            key=f"results-download-{extension}",
            width="stretch",
        )


def _trend(analysis: Analysis, language: str) -> None:
    st.subheader("Trend")
    chart = charts.trend(analysis, language)
    if chart is None:
        st.caption("The trend appears once this assessment has been repeated (a second wave).")
    else:
        show_chart(chart)


def _workshops(actor: Actor, assessment: Assessment, language: str) -> None:
    """The assessment's ended workshops, each with its summary (what the room saw)."""
    store = state.store()
    ended = [w for w in access.list_workshops(store, actor, assessment.id) if not w.running]
    if not ended:
        return
    st.subheader("Workshops")
    st.caption(
        "Live workshops held on this assessment. Their answers count as a wave of their own "
        "in the trend above, never in the survey's figures."
    )
    for w in ended:
        with st.container(border=True, horizontal=True, vertical_alignment="center"):
            when = f"{w.ended_at:%Y-%m-%d}" if w.ended_at else ""
            st.markdown(f"**{escape_markdown(w.title)}** · {when}")
            st.download_button(
                "Summary (PDF)",
                data=partial(access.workshop_summary_pdf, store, actor, w.id, language=language),
                file_name=f"workshop-{slug(w.title) or 'summary'}-{language}.pdf",
                mime="application/pdf",
                icon=":material/picture_as_pdf:",
                on_click="ignore",
                key=f"results-workshop-{w.id}",
            )


def _quality(analysis: Analysis, q: Questionnaire, language: str, actor: Actor) -> None:
    st.subheader("Assessment quality")
    report = access.quality(state.store(), actor, analysis.scores.assessment.id)
    cols = st.columns(3)
    cols[0].metric("Straight-lining", report.straight_liners, help="Same answer everywhere.")
    cols[1].metric("Speeders", report.speeders, help="Under a third of the expected time.")
    cols[2].metric("Flagged responses", report.flagged, help="Counted, not removed.")
    left, right = st.columns(2)
    with left:
        st.markdown("**Response rate per team**")
        if analysis.response_rates:
            show_chart(charts.response_rates(analysis, language))
        else:
            st.caption("No teams with head-counts.")
    with right:
        st.markdown("**Reliability (Cronbach's alpha)**")
        st.dataframe(
            [
                {
                    "Dimension": q.t(q.dimension(r.dimension).name, language),
                    "Alpha": None if r.alpha is None else round(r.alpha, 2),
                    "Items": r.items,
                    "People": r.n,
                }
                for r in report.reliability
            ],
            hide_index=True,
            width="stretch",
        )
        st.caption("0.7 or more: the questions of a dimension measure one thing.")


def main() -> None:
    st.title("Results")
    actor = state.actor()
    if not actor.signed_in:
        st.info("Please sign in to see results.")
        return
    store = state.store()
    try:
        _open_requested(actor)
        assessment = _pick_assessment(actor)
        if assessment is None:
            return
        language = Results.LANGUAGE.get() or "en"
        with st.spinner("Scoring…"):
            analysis = access.analysis(store, actor, assessment.id, language=language)
        q = analysis.scores.questionnaire
        s = analysis.scores
        progress = access.tracking(store, actor, assessment.id)
        if s.overall_of("organisation").suppressed:
            st.info(
                f"Results appear once at least {s.k} people have answered, and then change "
                f"in steps of at least {s.k} responses, so that no one's answers can be "
                "told apart by comparing two looks. "
                + totals_text(progress.submitted, progress.started)
            )
            # What the team agreed and the workshops held (their results obey the
            # disclosure rules of their own) do not wait for the survey's count.
            _agreed_actions(analysis, q, language, actor, recommend=False)
            _workshops(actor, assessment, language)
            return
        _headline(analysis, q, language)
        caption(
            totals_text(progress.submitted, progress.started)
            + f" The figures below are release {s.release}, of {s.respondents:,} responses."
        )
        _downloads(actor, assessment, language)
        _gap_map(analysis, q, language)
        _findings(analysis, language)
        _dimensions(analysis, q, language, actor)
        _evidence(analysis, language)
        _actions(analysis, q, language, actor)
        _trend(analysis, language)
        _workshops(actor, assessment, language)
        _quality(analysis, q, language, actor)
    except GapMapError as refused:
        st.error(refused.message)


main()
