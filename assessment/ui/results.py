"""The results dashboard: headline, gap map, findings, each dimension, actions, trend,
quality.

Everything comes through `assessment.access` with the signed-in actor (a leadership
account sees only its organisation), and every figure has passed the anonymity rules
there; this page only picks, draws and words. The page speaks the staff pages' language
(`ui_language()`, the menu's switch); questionnaire texts, charts and the gap report speak
the language chosen among the assessment's languages (`Results.LANGUAGE`), which starts as
the page's language when the assessment offers it.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, ParamSpec

import altair as alt
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.elements.lib.mutable_tab_container import TabContainer

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
from assessment.documents.report.data import AgreedItem, carried_by_dimension
from assessment.documents.report.evidence import EvidencePage, evidence_page
from assessment.errors import GapMapError
from assessment.organisation.assessments import Assessment, slug
from assessment.organisation.auth import Actor
from assessment.questionnaire.model import Questionnaire
from assessment.ui import client, state
from assessment.ui.language import t, ui_language
from assessment.ui.state import Results
from assessment.ui.text import (
    NARROW_TABLES,
    caption,
    comments_markdown,
    escape_markdown,
    language_name,
    table_markdown,
)

# Session-state keys, prefixed with the page name.
# Session keys: `state.Results`; these are widget keys only Streamlit reads.
GROUPING = Results.GROUPING.name
COLOUR = Results.COLOUR.name
TEAM = Results.TEAM.name
ROLE = Results.ROLE.name
PERSPECTIVE = Results.PERSPECTIVE.name
AGREE_PICK = Results.AGREE_PICK.name
AGREE_FORM = "results_agree_form"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Choices by value; their words are `dashboard.rows_<value>` and so on.
GROUPINGS = ("role", "team", "role_team")
COLOURS = ("level", "gap")
PERSPECTIVES = {"": "everyone", "leadership": "leadership", "frontline": "frontline"}
SHOWN_ACTIONS = 8
FIRST_ACTIONS = 5  # on the overview, as on the report's first page
KEPT_CHOICES = (
    Results.GROUPING,
    Results.COLOUR,
    Results.TEAM,
    Results.ROLE,
    Results.PERSPECTIVE,
    Results.DIMENSION,
)
# The page's tabs; only the open one runs (and is drawn). Words: `dashboard.tab_<id>`.
TABS = ("overview", "gap_map", "dimensions", "actions", "evidence", "more")


Inputs = ParamSpec("Inputs")


def show_chart(
    build: Callable[Inputs, alt.LayerChart | None], *args: Inputs.args, **kwargs: Inputs.kwargs
) -> bool:
    """Draw the chart `build(*args, **kwargs)` makes, in our theme; False when it makes
    none (draws nothing). Its Vega-Lite spec is
    kept per server by a digest of the builder and everything it is given (released
    figures only, the language, the view): building a chart with Altair is most of the
    page's own time, and another session reading the same release gets the same spec.
    The spec is handed over unvalidated: the chart tests validate every builder, and
    validation costs seconds on a cold start."""
    inputs = pickle.dumps((build.__module__, build.__qualname__, args, sorted(kwargs.items())))
    spec = _chart_spec(hashlib.sha256(inputs).hexdigest(), partial(build, *args, **kwargs))
    if spec is None:
        return False
    st.vega_lite_chart(spec, theme=None, width="stretch")
    return True


@st.cache_data(show_spinner=False, max_entries=256)
def _chart_spec(digest: str, _build: Callable[[], alt.LayerChart | None]) -> dict[str, Any] | None:
    """The spec `_build` makes; `digest` covers all it reads (the builders read nothing
    but their arguments), so equal digests mean equal charts."""
    chart = _build()
    return None if chart is None else chart.to_dict(validate=False)


def show_table(rows: Sequence[Mapping[str, str | int | None]], note: str = "") -> None:
    """Rows as a plain table: one Markdown table (an HTML table; `text.table_markdown`
    escapes every text). Its cells wrap on a phone's narrow screen and it prints, where
    `st.dataframe` draws a canvas grid of its own, scrolled sideways on a phone and a
    good part of the page's drawing time; `st.table` makes every cell a Markdown
    element of its own (449 on this page at 10,000 respondents, slower still). A `note`
    (untrusted, escaped) is shown above it in a caption's small grey, in the same
    element."""
    table = table_markdown(rows)
    if note.strip():
        table = f":small[:gray[{escape_markdown(' '.join(note.split()))}]]\n\n{table}"
    st.markdown(table)


def _open_requested(actor: Actor) -> None:
    """An assessment asked for by id: select it when the actor may read it, else say no."""
    requested = Results.OPEN.take() or st.query_params.get("assessment")
    if not requested:
        return
    try:
        found = access.get_assessment(state.store(), actor, str(requested))
    except GapMapError as refused:
        st.error(refused.message_in(ui_language(), escape=escape_markdown))
        return
    Results.ORG.set(found.organisation_id)
    Results.ASSESSMENT.set(found.id)


def _pick_assessment(actor: Actor) -> Assessment | None:
    store = state.store()
    organisations = access.list_organisations(store, actor)
    if not organisations:
        st.info(t("dashboard.no_organisation"))
        return None
    names = {o.id: o.name for o in organisations}
    if Results.ORG.get() not in names:
        Results.ORG.set(organisations[0].id)
    left, middle, right = st.columns([2, 3, 2])
    if len(organisations) > 1:
        ids: list[str] = list(names)
        org = left.selectbox(
            t("dashboard.organisation"), ids, format_func=lambda o: names[o], key=Results.ORG.name
        )
    else:
        org = organisations[0].id
        left.text_input(t("dashboard.organisation"), value=names[org], disabled=True)
    found = access.list_assessments(store, actor, org)
    if not found:
        st.info(t("dashboard.no_assessment"))
        return None
    by_id = {a.id: a for a in found}
    if Results.ASSESSMENT.get() not in by_id:
        Results.ASSESSMENT.set(_first_with_results(actor, found))
    chosen = middle.selectbox(
        t("dashboard.assessment"),
        list(by_id),
        format_func=lambda aid: t(
            "dashboard.assessment_option", name=by_id[aid].name, wave=by_id[aid].wave
        ),
        key=Results.ASSESSMENT.name,
    )
    assessment = by_id[chosen]
    languages = list(assessment.languages) or ["en"]
    page = ui_language()
    if Results.LANGUAGE.get() not in languages or Results.LANGUAGE_OF_PAGE.get() != page:
        # The page's language when the assessment offers it (also after the menu's
        # switch changed it), else the one already chosen, else the assessment's first.
        Results.LANGUAGE_OF_PAGE.set(page)
        if page in languages:
            Results.LANGUAGE.set(page)
        elif Results.LANGUAGE.get() not in languages:
            Results.LANGUAGE.set(languages[0])
    right.radio(
        t("dashboard.report_language"),
        languages,
        format_func=language_name,
        key=Results.LANGUAGE.name,
        horizontal=True,
        help=t("dashboard.report_language_help"),
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
    page = ui_language()
    return t(
        "dashboard.totals_one" if submitted == 1 else "dashboard.totals",
        submitted=words.number(submitted, page, 0),
        started=words.number(started, page, 0),
    )


def _headline(analysis: Analysis, q: Questionnaire, language: str) -> None:
    s = analysis.scores
    page = ui_language()
    overall = s.overall_of("organisation")
    head_count = sum(team.head_count or 0 for team in s.assessment.teams)
    rate = (
        t(
            "dashboard.rate_of",
            share=words.percent(s.respondents / head_count, page),
            head_count=words.number(head_count, page, 0),
        )
        if head_count
        else None
    )
    cols = st.columns(4)
    cols[0].metric(
        t("dashboard.overall_index"),
        q.score_text(overall.index, page),
        help=t(
            "dashboard.overall_help_areas" if q.areas else "dashboard.overall_help_dimensions",
            max=q.scale_max,
        ),
    )
    _level_metric(cols[1], t("dashboard.maturity_level"), q, overall.level, language)
    weakest = q.t(q.dimension(overall.weakest).name, language) if overall.weakest else "-"
    _level_metric(
        cols[2],
        t("dashboard.staged_level"),
        q,
        overall.staged_level,
        language,
        help=t("dashboard.staged_help", weakest=escape_markdown(weakest)),
    )
    cols[3].metric(
        t("dashboard.responses"),
        words.number(s.respondents, page, 0),
        delta=rate,
        delta_color="off",
        delta_arrow="off",
    )
    areas = s.areas_of("organisation")
    if areas:  # the model groups its dimensions into areas: one figure per area
        for column, area in zip(st.columns(len(areas)), areas, strict=True):
            name = escape_markdown(q.t(q.area(area.area).name, language))  # Markdown
            if area.suppressed or area.index is None:
                column.metric(name, "-", help=t("dashboard.area_hidden_help"))
                continue
            column.metric(
                name,
                q.score_text(area.index, page),
                delta=escape_markdown(q.level_label(area.level or 1, language)),
                delta_color="off",
                delta_arrow="off",
                help=t("dashboard.area_help"),
            )
    st.caption(t("dashboard.release_note", release=s.release, k=s.k))


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
        t("dashboard.level", level=q.shown_level(level)),
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
    st.subheader(t("dashboard.gap_map"))
    s = analysis.scores
    page = ui_language()
    controls = st.columns([2, 2, 2, 2])
    grouping = controls[0].radio(
        t("dashboard.rows"),
        GROUPINGS,
        format_func=lambda g: t(f"dashboard.rows_{g}"),
        key=GROUPING,
        horizontal=True,
    )
    colour = controls[1].radio(
        t("dashboard.colour_by"),
        COLOURS,
        format_func=lambda c: t(f"dashboard.colour_{c}"),
        key=COLOUR,
        horizontal=True,
    )
    teams = {team.id: team.name for team in s.assessment.teams}
    roles = {r.id: q.t(r.name, language) for r in q.roles}
    team = role = None
    if grouping != "role" and teams:
        # "" (not None) is "all": a None choice is not sent to the browser again, which
        # then kept "All teams" in English after a switch to German
        team = (
            controls[2].selectbox(
                t("dashboard.team"),
                ["", *teams],
                format_func=lambda i: teams[i] if i else t("dashboard.all_teams"),
                key=TEAM,
            )
            or None
        )
    if grouping != "team":
        role = (
            controls[3].selectbox(
                t("dashboard.role"),
                ["", *roles],
                format_func=lambda r: roles[r] if r else t("dashboard.all_roles"),
                key=ROLE,
            )
            or None
        )
    if grouping == "team" and not teams:
        st.info(t("dashboard.no_teams"))
        return
    show_chart(
        charts.gap_map,
        analysis,
        grouping or "role",
        "gap" if colour == "gap" else "level",
        language,
        role=role,
        team=team,
        phone=client.on_phone(),
    )
    view = grouping or "role"
    loss = analysis.information_loss.get(view)
    carried = any(r.as_of for r in s.results)
    sentences = [t("dashboard.grey_cells", k=s.k)]
    if loss:
        sentences.append(t("dashboard.hidden_share", share=words.percent(loss, page)))
    if view in ("role", "team") and analysis.remainders:
        sentences.append(t("dashboard.other_rows"))
    if carried:
        sentences.append(t("dashboard.carried", k=s.k))
    st.caption(" ".join(sentences))


def _dimensions(analysis: Analysis, q: Questionnaire, language: str, actor: Actor) -> None:
    s = analysis.scores
    store = state.store()
    page = ui_language()
    st.subheader(t("dashboard.dimensions"))
    perspective = st.radio(
        t("dashboard.answers_of"),
        list(PERSPECTIVES),
        format_func=lambda p: t(f"dashboard.{PERSPECTIVES[p]}"),
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
        t("dashboard.dimension"),
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
            cols[0].metric(t("dashboard.current"), words.t("chart.fewer_than", page, k=s.k))
        else:
            cols[0].metric(
                t("dashboard.current"),
                q.score_text(r.mean, page),
                help=escape_markdown(_level(q, r.level, language)),  # tooltips are Markdown
            )
        _level_metric(cols[1], t("dashboard.target_level"), q, target, language)
        cols[2].metric(t("dashboard.dont_know"), words.percent(r.dont_know_share, page))
        gap = perception.get(dim.id)
        cols[3].metric(
            t("dashboard.perception_gap"),
            t("dashboard.perception_hidden")
            if gap is None or gap.difference is None
            else ("+" if gap.difference >= 0 else "") + words.number(gap.difference, page),
            help=t("dashboard.perception_help"),
        )
        if r.rwg is not None:
            st.markdown(
                t(
                    "dashboard.consensus",
                    words=escape_markdown(charts.consensus_words(r.rwg, page)),
                    rwg=words.number(r.rwg, page, 2),
                )
            )
        if any(d.dimension_id == dim.id for d in distributions):
            st.markdown(t("dashboard.how_answered"))
            show_chart(
                charts.item_distribution, distributions, dim.id, language, phone=client.on_phone()
            )
            note = charts.reversed_note(distributions, dim.id, language)
            if note:
                caption(note)
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
    total = sum(len(said) for _, said in texts)
    with st.expander(t("dashboard.comments", n=total)):
        if not total:
            st.caption(t("dashboard.comments_none", k=threshold))
        for item, said in texts:
            if said:
                st.markdown(comments_markdown(q.t(item.text, language), said))


def _findings(analysis: Analysis, language: str) -> None:
    """Every finding in a sentence (teams and roles lagging behind the rest, perception
    gaps, split groups, "don't know", low response), each with its 95% interval."""
    st.subheader(t("dashboard.stands_out"))
    if not analysis.findings:
        st.caption(t("dashboard.nothing_stands_out"))
        return
    lines = []
    for f in analysis.findings:
        sentence = access.finding_sentence(analysis.scores, f, language)
        lines.append("- " + escape_markdown(sentence))
    st.markdown("\n".join(lines))
    st.caption(t("dashboard.findings_note"))


def _evidence(page: EvidencePage) -> None:
    """What people say beside what the CRM's records show (imported evidence), per group."""
    labels = page.labels
    st.subheader(page.title)
    st.caption(escape_markdown(page.intro))
    # (our own words, with a count: nothing untrusted to escape)
    (st.warning if any(c.finding for c in page.comparisons) else st.info)(page.summary)
    rows = [
        (
            c.finding,
            {
                labels["group"]: c.group,
                labels["dimension"]: c.dimension,
                labels["said"]: c.said,
                labels["shows"]: c.shows,
                labels["gap"]: c.gap,
            },
        )
        for c in page.comparisons
    ]
    # The reality gaps in full view; the rest (in the 10,000-respondent demo 33 of 40 rows)
    # a click away, so the gaps are not lost in a long table.
    gaps = [row for finding, row in rows if finding]
    others = [row for finding, row in rows if not finding]
    if not gaps or not others:
        show_table(gaps or others)
    else:
        show_table(gaps)
        n = len(others)
        with st.expander(
            words.plural(
                "dashboard.other_comparisons", n, ui_language(), n=words.number(n, ui_language(), 0)
            )
        ):
            show_table(others)
    for indicator in page.indicators:
        with st.expander(indicator.name):
            show_table(
                [
                    {
                        labels["group"]: group,
                        labels["value"]: value,
                        labels["users"]: users,
                        labels["level"]: level,
                    }
                    for group, value, users, level in indicator.rows
                ],
                note=indicator.tests,
            )


def _actions(analysis: Analysis, q: Questionnaire, language: str, actor: Actor) -> None:
    st.subheader(t("dashboard.recommended"))
    if not analysis.actions:
        st.caption(t("dashboard.no_action"))
    for rank, rec in enumerate(analysis.actions[:SHOWN_ACTIONS], start=1):
        a = rec.action
        title = q.t(a.title, language)
        owner = _owner(q, a.owner, language)
        with st.expander(
            t(
                "dashboard.action_line",
                rank=rank,
                title=escape_markdown(title),
                owner=escape_markdown(owner),
                effort=t(f"dashboard.effort_{a.effort}"),
                impact=t(f"dashboard.impact_{a.impact}"),
            ),
            expanded=rank == 1,
        ):
            st.markdown(_action_markdown(rec, q, language))
    if len(analysis.actions) > SHOWN_ACTIONS:
        st.caption(t("dashboard.more_actions", n=len(analysis.actions) - SHOWN_ACTIONS))
    _agreed_actions(analysis, q, language, actor)


def _action_markdown(rec: access.Recommendation, q: Questionnaire, language: str) -> str:
    """A recommended action's description, why it is recommended and its rationale (in
    the small grey of a caption) as ONE Markdown text, every untrusted text escaped: one
    element per action instead of three (each element costs the browser a React mount
    and a Markdown parse)."""
    parts = [escape_markdown(q.t(rec.action.description, language))]
    if rec.reasons:
        said = "; ".join(rec.reasons)  # a sentence of its own: capitalised
        parts.append(t("dashboard.why", reasons=escape_markdown(said[:1].upper() + said[1:])))
    rationale = escape_markdown(q.t(rec.action.rationale, language))
    if rationale:
        parts.append(f":small[:gray[{rationale}]]")
    return "\n\n".join(parts)


def _agreed_actions(
    analysis: Analysis, q: Questionnaire, language: str, actor: Actor, *, recommend: bool = True
) -> None:
    """The actions the team agreed on, and (for a consultant) the form to record one;
    `recommend=False` below the threshold, where no recommendation is made."""
    st.subheader(t("dashboard.agreed"))
    assessment = analysis.scores.assessment
    may_agree = access.allowed(actor, "agree-actions", assessment.organisation_id)
    if may_agree:
        _agree_form(analysis, q, language, actor, recommend=recommend)
    agreed = access.list_agreed_actions(state.store(), actor, assessment.id)
    if not agreed:
        st.caption(t("dashboard.agreed_none"))
        return
    dims = {d.id: q.t(d.name, language) for d in q.dimensions}
    titles = {a.id: q.agreed_title(a.title, a.source_action_id, language) for a in agreed}
    show_table(
        [
            {
                t("dashboard.col_action"): titles[a.id],
                t("dashboard.col_owner"): a.owner,
                t("dashboard.col_due"): words.date(a.due_date, ui_language()) if a.due_date else "",
                t("dashboard.col_status"): t(f"dashboard.status_{a.status}"),
                t("dashboard.col_dimension"): dims.get(a.dimension_id or "", ""),
            }
            for a in agreed
        ]
    )
    if access.allowed(actor, "set-action-status", assessment.organisation_id):
        _status_controls(actor, agreed, titles)


def _status_controls(
    actor: Actor, agreed: Sequence[access.AgreedAction], titles: Mapping[str, str]
) -> None:
    """A status select per agreed action (open, in progress, done, dropped), labelled
    with its title as the table shows it (`titles`); a change is saved at once, and
    audited."""
    statuses = list(access.ACTION_STATUSES)
    with st.expander(t("dashboard.update_status"), icon=":material/task_alt:"):
        for a in agreed:
            # the stored status, set before the box is drawn (a change by someone else
            # shows on the next run); no `index` as well, which Streamlit warns about
            # once the key has a value ("created with a default value but also had its
            # value set via Session State")
            Results.ACTION_STATUS.set(a.id, a.status)
            st.selectbox(
                escape_markdown(titles[a.id]),
                statuses,
                format_func=lambda status: t(f"dashboard.status_{status}"),
                key=Results.ACTION_STATUS.of(a.id),
                on_change=_on_status,
                args=(actor, a, titles[a.id]),
            )
    flash = Results.STATUS_FLASH.take()
    if flash:
        st.success(flash, icon=":material/check_circle:")


def _on_status(actor: Actor, action: access.AgreedAction, title: str) -> None:
    status = Results.ACTION_STATUS.get(action.id)
    try:
        access.set_agreed_action_status(state.store(), actor, action.id, status)
    except GapMapError as problem:
        Results.STATUS_FLASH.clear()
        Results.ACTION_STATUS.clear(action.id)
        st.toast(problem.message_in(ui_language(), escape=escape_markdown), icon=":material/error:")
        return
    Results.STATUS_FLASH.set(
        t(
            "dashboard.status_now",
            title=escape_markdown(title),
            status=t(f"dashboard.now_{status}"),
        )
    )


def _carried(actor: Actor, analysis: Analysis, language: str) -> None:
    """The next wave: what was agreed in the wave this one follows, with its status
    today, beside each dimension's change since then (released figures only)."""
    store = state.store()
    earlier = access.earlier_agreed_actions(store, actor, analysis.scores.assessment.id)
    if earlier is None:
        return
    st.subheader(t("dashboard.carried_actions"))
    caption(t("dashboard.carried_intro", wave=earlier.wave, name=earlier.name))
    if not earlier.actions:
        caption(t("dashboard.carried_nothing", wave=earlier.wave))
        return
    rows: list[dict[str, str | int | None]] = []
    for dim in carried_by_dimension(analysis, earlier, language):
        shown: list[AgreedItem | None] = [*dim.actions] or [None]  # a row even for none
        for item in shown:
            rows.append(
                {
                    t("dashboard.col_dimension"): dim.name,
                    t("dashboard.col_since_wave", wave=earlier.wave): dim.delta if dim.id else "",
                    t("dashboard.col_action"): item.title if item else "",
                    t("dashboard.col_owner"): item.owner if item else "",
                    t("dashboard.col_due"): item.due if item else "",
                    t("dashboard.col_status"): t(f"dashboard.status_{item.status_key}")
                    if item and words.has(f"dashboard.status_{item.status_key}")
                    else "",
                }
            )
    show_table(rows)


def _agree_form(
    analysis: Analysis, q: Questionnaire, language: str, actor: Actor, *, recommend: bool
) -> None:
    """A consultant records an action the team agreed on: a recommended one or their own.
    What was typed stays after a refusal; the form is emptied once the action is recorded."""
    recommended = {rec.action.id: rec for rec in analysis.actions} if recommend else {}
    dims = {d.id: q.t(d.name, language) for d in q.dimensions}
    if Results.AGREE_EMPTY.take():
        Results.AGREE_PICK.set("")
    with st.expander(t("dashboard.record_expander"), icon=":material/add_task:"):
        picked = st.selectbox(
            t("dashboard.start_from"),
            ["", *recommended],
            format_func=lambda i: (
                t("dashboard.write_own")
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
                t("dashboard.field_action"),
                value=q.t(rec.action.title, language) if rec else "",
                max_chars=200,
            )
            owner = st.text_input(t("dashboard.field_owner"), max_chars=100)
            left, right = st.columns(2)
            due = left.date_input(
                t("dashboard.field_due"),
                value=None,
                format="DD.MM.YYYY" if ui_language() == "de" else "YYYY/MM/DD",
            )
            dimension = right.selectbox(
                t("dashboard.field_dimension"),
                ["", *dims],
                index=([None, *dims].index(rec.dimension) if rec and rec.dimension in dims else 0),
                format_func=lambda d: (
                    escape_markdown(dims[d]) if d else t("dashboard.no_dimension")
                ),
            )
            if st.form_submit_button(t("dashboard.record_button"), type="primary"):
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
                    st.error(problem.message_in(ui_language(), escape=escape_markdown))
                else:
                    Results.AGREE_ROUND.set(Results.AGREE_ROUND.get() + 1)
                    Results.AGREE_FLASH.set(t("dashboard.recorded"))
                    Results.AGREE_EMPTY.set(True)
                    st.rerun()


def _downloads(actor: Actor, assessment: Assessment, language: str) -> None:
    """The gap report, built when a button is pressed (a PDF takes a few seconds)."""
    store = state.store()
    stem = f"gap-report-{slug(assessment.name) or 'assessment'}-{language}"

    def build() -> ReportData:
        return access.build_report(store, actor, assessment.id, language)

    st.subheader(t("dashboard.gap_report"))
    st.caption(t("dashboard.gap_report_caption"))
    formats: list[tuple[str, Callable[[], bytes | str], str, str, str]] = [
        (t("dashboard.download_pdf"), lambda: render_pdf(build()), "pdf", "application/pdf",
         "picture_as_pdf"),
        (t("dashboard.download_html"), lambda: render_html(build()), "html", "text/html",
         "html"),
        (t("dashboard.download_xlsx"), lambda: render_xlsx(build()), "xlsx", XLSX_MIME,
         "table_view"),
        (t("dashboard.download_zip"), lambda: render_csv_zip(build()), "zip",
         "application/zip", "folder_zip"),
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
    st.subheader(t("dashboard.trend"))
    if not show_chart(charts.trend, analysis, language):
        st.caption(t("dashboard.trend_none"))
    elif any(w.kind == "workshop" for w in analysis.waves):
        st.caption(t("dashboard.trend_note"))


def _workshops(actor: Actor, assessment: Assessment, language: str) -> None:
    """The assessment's workshops: a running one with its projector view (results only,
    read-only, in the room's language), an ended one with its summary (what the room saw)."""
    from assessment.ui.facilitate import projector_url

    store = state.store()
    held = access.list_workshops(store, actor, assessment.id)
    if not held:
        return
    st.subheader(t("dashboard.workshops"))
    st.caption(t("dashboard.workshops_caption"))
    for w in held:
        with st.container(border=True, horizontal=True, vertical_alignment="center"):
            if w.running:
                running = t("projector.running_since", at=f"{w.started_at:%H:%M}")
                st.markdown(f"**{escape_markdown(w.title)}** · {escape_markdown(running)}")
                st.link_button(
                    t("projector.open_view"),
                    projector_url(w.id, ui_language()),
                    icon=":material/connected_tv:",
                    help=t("projector.open_view_help"),
                )
                continue
            when = words.date(w.ended_at.date(), ui_language()) if w.ended_at else ""
            st.markdown(f"**{escape_markdown(w.title)}** · {when}")
            st.download_button(
                t("dashboard.workshop_summary"),
                data=partial(access.workshop_summary_pdf, store, actor, w.id, language=language),
                file_name=f"workshop-{slug(w.title) or 'summary'}-{language}.pdf",
                mime="application/pdf",
                icon=":material/picture_as_pdf:",
                on_click="ignore",
                key=f"results-workshop-{w.id}",
            )


def _quality(analysis: Analysis, q: Questionnaire, language: str, actor: Actor) -> None:
    st.subheader(t("dashboard.quality"))
    report = access.quality(state.store(), actor, analysis.scores.assessment.id)
    page = ui_language()
    cols = st.columns(3)
    cols[0].metric(
        t("dashboard.straight_lining"),
        words.number(report.straight_liners, page, 0),
        help=t("dashboard.straight_lining_help"),
    )
    cols[1].metric(
        t("dashboard.speeders"),
        words.number(report.speeders, page, 0),
        help=t("dashboard.speeders_help"),
    )
    cols[2].metric(
        t("dashboard.flagged"),
        words.number(report.flagged, page, 0),
        help=t("dashboard.flagged_help"),
    )
    left, right = st.columns(2)
    with left:
        st.markdown(t("dashboard.response_rate"))
        if analysis.response_rates:
            show_chart(charts.response_rates, analysis, language)
        else:
            st.caption(t("dashboard.no_head_counts"))
    with right:
        st.markdown(t("dashboard.reliability"))
        show_table(
            [
                {
                    t("dashboard.col_dimension"): q.t(q.dimension(r.dimension).name, language),
                    t("dashboard.col_alpha"): (
                        None if r.alpha is None else words.number(r.alpha, page, 2)
                    ),
                    t("dashboard.col_items"): r.items,
                    t("dashboard.col_people"): words.number(r.n, page, 0),
                }
                for r in report.reliability
            ]
        )
        st.caption(t("dashboard.alpha_note", good=words.number(0.7, page)))


def _owner(q: Questionnaire, owner: str, language: str) -> str:
    """An action's owner: the role's name when it names a role, else as written."""
    return next((q.t(r.name, language) for r in q.roles if r.id == owner), owner)


def _where_we_stand(analysis: Analysis, language: str) -> None:
    """Each dimension against its target, and leaders against the front line."""
    left, right = st.columns(2)
    with left:
        st.markdown(t("dashboard.current_against_target"))
        show_chart(charts.dimension_bars, analysis, language)
    with right:
        st.markdown(t("dashboard.perception_heading"))
        show_chart(charts.perception_gap, analysis, language)


def _first_actions(analysis: Analysis, q: Questionnaire, language: str) -> None:
    """The first recommended actions in a line each (the Actions tab says why)."""
    st.subheader(t("dashboard.first_actions"))
    if not analysis.actions:
        st.caption(t("dashboard.no_action"))
        return
    lines = []
    for rank, rec in enumerate(analysis.actions[:FIRST_ACTIONS], start=1):
        a = rec.action
        owner = _owner(q, a.owner, language)
        lines.append(
            f"{rank}. "
            + t(
                "dashboard.first_action_line",
                title=escape_markdown(q.t(a.title, language)),
                owner=escape_markdown(owner),
            )
        )
    st.markdown("\n".join(lines))
    st.caption(t("dashboard.first_actions_note"))


def _tabs(shown: Sequence[str]) -> dict[str, TabContainer]:
    """The page's tabs (`shown` of `TABS`); which one is open. Only the open tab's
    content is run and sent, so the first view draws two charts, not six."""
    page = ui_language()
    labels = {tab: t(f"dashboard.tab_{tab}") for tab in shown}
    if Results.TAB.get() not in labels:
        Results.TAB.set(shown[0])
    key = Results.TAB_WIDGET.of(page)
    by_label = {label: tab for tab, label in labels.items()}

    def opened() -> None:
        Results.TAB.set(by_label.get(str(Results.TAB_WIDGET.get(page)), shown[0]))

    # A widget not drawn on a run loses its value; the tabs' choices are set again so
    # that the gap map's rows, say, are as they were when its tab is opened again.
    for kept in KEPT_CHOICES:
        if kept.is_set():
            kept.set(kept.get())
    if Results.TAB_WIDGET.get(page) != labels[Results.TAB.get()]:
        # `Results.TAB` leads (a link, a test, the other language's tabs); a click on a
        # tab sets it through `opened`
        Results.TAB_WIDGET.set(page, labels[Results.TAB.get()])
    containers = st.tabs(list(labels.values()), key=key, on_change=opened)
    return dict(zip(labels, containers, strict=True))


def main() -> None:
    st.title(t("dashboard.title"))
    actor = state.actor()
    if not actor.signed_in:
        st.info(t("dashboard.sign_in_first"))
        return
    store = state.store()
    try:
        _open_requested(actor)
        assessment = _pick_assessment(actor)
        if assessment is None:
            return
        language = Results.LANGUAGE.get() or "en"
        with st.spinner(t("dashboard.scoring")):
            analysis = access.analysis(store, actor, assessment.id, language=language)
        q = analysis.scores.questionnaire
        s = analysis.scores
        progress = access.tracking(store, actor, assessment.id)
        if s.overall_of("organisation").suppressed:
            st.info(
                t("dashboard.below_threshold", k=s.k)
                + " "
                + totals_text(progress.submitted, progress.started)
            )
            st.html(NARROW_TABLES)
            # What the team agreed and the workshops held (their results obey the
            # disclosure rules of their own) do not wait for the survey's count.
            _agreed_actions(analysis, q, language, actor, recommend=False)
            _carried(actor, analysis, language)
            _workshops(actor, assessment, language)
            return
        st.html(NARROW_TABLES)
        _headline(analysis, q, language)
        caption(
            totals_text(progress.submitted, progress.started)
            + " "
            + t(
                "dashboard.release_of",
                release=s.release,
                n=words.number(s.respondents, ui_language(), 0),
            )
        )
        evidence = evidence_page(analysis.evidence, s, language)
        tabs = _tabs([tab for tab in TABS if tab != "evidence" or evidence is not None])
        open_tab = next(tab for tab, container in tabs.items() if container.open)
        with tabs[open_tab]:
            if open_tab == "overview":
                _where_we_stand(analysis, language)
                _findings(analysis, language)
                _first_actions(analysis, q, language)
                _downloads(actor, assessment, language)
            elif open_tab == "gap_map":
                _gap_map(analysis, q, language)
            elif open_tab == "dimensions":
                _dimensions(analysis, q, language, actor)
            elif open_tab == "actions":
                _actions(analysis, q, language, actor)
                _carried(actor, analysis, language)
            elif open_tab == "evidence" and evidence is not None:
                _evidence(evidence)
            else:
                _trend(analysis, language)
                _workshops(actor, assessment, language)
                _quality(analysis, q, language, actor)
    except GapMapError as refused:
        st.error(refused.message_in(ui_language(), escape=escape_markdown))


main()
