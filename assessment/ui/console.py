"""The consultant console: organisations, their assessments, invite links and tracking.

Display only: every read and change goes through `assessment.access` (which checks the
actor and writes the audit log); invite URLs, QR codes and posters come from
`assessment.collect.invites`. Names typed by consultants are shown escaped, never as Markdown.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from assessment import access, words
from assessment.access import ImportReport, Organisation, RowProblem, Tracking
from assessment.analysis.disclosure import hidden_label
from assessment.collect import codes, invites
from assessment.errors import GapMapError
from assessment.organisation.assessments import (
    DEFAULT_COMMENT_THRESHOLD,
    DEFAULT_TARGET_LEVEL,
    DEFAULT_THRESHOLD,
    MIN_THRESHOLD,
    PURPOSE_MAX_CHARS,
    Assessment,
    Team,
    parse_team_lines,
)
from assessment.organisation.auth import Actor
from assessment.questionnaire import variants
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.questionnaires import LoadResult, Problem, parse_questionnaire
from assessment.ui import state
from assessment.ui.language import ui_language
from assessment.ui.pages import FACILITATE, RESULTS
from assessment.ui.state import Console, Facilitate, Results
from assessment.ui.text import caption, escape_markdown, language_name, paragraph

# Choices are ids; their labels are words in the session's language.
FROM_LIBRARY, UPLOADED = "library", "upload"
OPEN_LINK, PER_PERSON = "link", "codes"
REFRESH_SECONDS = 10
# The tabs of one assessment, by id (a change comes back to its tab in any language).
TABS = ("overview", "links", "workshop", "settings", "data")


def say(key: str, /, **params: object) -> str:
    """The console's text `key` (words section `console`) in the session's language."""
    return words.t(f"console.{key}", ui_language(), **params)


def whole(n: int) -> str:
    """A count with the session language's digit grouping ("1,234", German "1.234")."""
    return words.number(n, ui_language(), 0)


def day(value: date | datetime) -> str:
    """A day in the session's language ("23 November 2026", "23. November 2026")."""
    return words.date(value.date() if isinstance(value, datetime) else value, ui_language())


def status_name(status: str) -> str:
    key = f"console.status_{status}"
    return words.t(key, ui_language()) if words.has(key) else status


def refusal(error: GapMapError) -> str:
    """A refusal's message in the session's language, safe to show as Markdown."""
    return error.message_in(ui_language(), escape=escape_markdown)


def base_url() -> str:
    """Where invite links point: `GAPMAP_BASE_URL`, else this page's own host."""
    try:
        page_url = st.context.url
    except Exception:  # no browser context (tests, scripts)
        page_url = None
    return invites.base_url_of(os.environ.get("GAPMAP_BASE_URL"), page_url)


def rate_text(rate: float | None) -> str:
    return "–" if rate is None else words.percent(rate, ui_language())


def problem_lines(problems: list[Problem]) -> str:
    """YAML problems as a Markdown list: file:line, field, message and code (escaped)."""
    return "\n".join(
        f"- **{escape_markdown(f'{Path(p.file).name}:{p.line}')}**"
        f"{' · ' + escape_markdown(p.path) if p.path else ''}: "
        f"{escape_markdown(p.message_in(ui_language()))} :gray[{escape_markdown(p.code)}]"
        for p in problems
    )


def _flash() -> None:
    message = Console.FLASH.take()
    if message:
        st.success(escape_markdown(str(message)), icon=":material/check_circle:")


def _apply_pending_selection() -> None:
    """Select what the last run created (widget keys may only change before the widget)."""
    pending = Console.SELECT_NEXT.take()
    if pending:
        org_id, assessment_id = pending
        Console.ORG.set(org_id)
        if assessment_id:
            Console.ASSESSMENT.set(assessment_id)
        Console.CREATING.set(False)


# --- organisations ----------------------------------------------------------------------------


def _new_organisation_form(actor: Actor) -> None:
    with st.form("console-new-org", clear_on_submit=True, border=False):
        name = st.text_input(say("organisation_name"), key="console-new-org-name", max_chars=120)
        if st.form_submit_button(say("create_organisation"), type="primary"):
            try:
                org = access.create_organisation(state.store(), actor, name)
            except GapMapError as refused:
                st.error(refusal(refused))
            else:
                Console.SELECT_NEXT.set((org.id, None))
                Console.FLASH.set(say("organisation_created", name=org.name))
                st.rerun()


def _choose_organisation(actor: Actor) -> Organisation | None:
    orgs = access.list_organisations(state.store(), actor)
    if not orgs:
        st.info(say("no_organisation"), icon=":material/domain_add:")
        _new_organisation_form(actor)
        return None
    by_id = {o.id: o for o in orgs}
    if Console.ORG.get() not in by_id:
        Console.ORG.set(orgs[0].id)
    pick, add = st.columns([4, 1], vertical_alignment="bottom")
    with pick:
        org_id = st.selectbox(
            say("organisation"),
            list(by_id),
            format_func=lambda i: by_id[i].name,
            key=Console.ORG.name,
        )
    with add, st.popover(say("new_organisation"), icon=":material/add:", width="stretch"):
        _new_organisation_form(actor)
    return by_id[str(org_id)]


# --- the assessments of an organisation ----------------------------------------------------------


def _response_counts(actor: Actor, found: list[Assessment]) -> dict[str, str]:
    counts = {}
    for a in found:
        try:
            t = access.tracking(state.store(), actor, a.id)
        except GapMapError:
            counts[a.id] = "–"
            continue
        counts[a.id] = whole(t.submitted)
    return counts


def _assessment_table(actor: Actor, found: list[Assessment]) -> None:
    counts = _response_counts(actor, found)
    rows = [
        {
            say("col_name"): a.name,
            say("col_status"): status_name(a.status()),
            say("col_responses"): counts[a.id],
            say("col_invite_code"): a.invite_code,
            say("col_wave"): a.wave,
            say("col_opens"): day(a.opens_at) if a.opens_at else "",
            say("col_closes"): day(a.closes_at) if a.closes_at else "",
        }
        for a in found
    ]
    st.dataframe(rows, hide_index=True, width="stretch", key="console-table")


def _choose_assessment(found: list[Assessment]) -> Assessment | None:
    by_id = {a.id: a for a in found}
    if Console.ASSESSMENT.get() not in by_id:
        Console.ASSESSMENT.set(found[0].id)
    chosen = st.selectbox(
        say("assessment"),
        list(by_id),
        format_func=lambda i: say(
            "assessment_option", name=by_id[i].name, wave=by_id[i].wave, code=by_id[i].invite_code
        ),
        key=Console.ASSESSMENT.name,
    )
    return by_id.get(str(chosen))


# --- creating an assessment ----------------------------------------------------------------------


def _questionnaire_source() -> tuple[Questionnaire, str | None, str] | None:
    """The chosen questionnaire, its YAML text and its name; None (with the reason shown)."""
    lang = ui_language()
    sources = {FROM_LIBRARY: say("source_library"), UPLOADED: say("source_upload")}
    source = st.segmented_control(
        say("questionnaire"),
        list(sources),
        format_func=sources.__getitem__,
        default=FROM_LIBRARY,
        key=Console.SOURCE.name,
    )
    if source == UPLOADED:
        upload = st.file_uploader(say("upload_label"), type=["yaml", "yml"], key="console-upload")
        if upload is None:
            st.caption(say("upload_checked"))
            return None
        try:
            text = upload.getvalue().decode("utf-8")
        except UnicodeDecodeError:
            st.error(say("upload_not_utf8"))
            return None
        result = parse_questionnaire(text, upload.name)
        if not result.ok or result.questionnaire is None:
            count = len(result.errors)
            file = escape_markdown(upload.name)
            st.error(
                (
                    say("upload_problem", file=file)
                    if count == 1
                    else say("upload_problems", file=file, count=count)
                )
                + "\n\n"
                + problem_lines(result.errors),
                icon=":material/error:",
            )
            return None
        q = result.questionnaire
        caption(say("upload_valid", file=upload.name, title=q.t(q.title, lang), version=q.version))
        return q, text, upload.name
    valid = [r for r in state.questionnaire_library() if r.ok and r.questionnaire is not None]
    if not valid:
        st.warning(say("no_valid_questionnaire"))
        return None

    def label(r: LoadResult) -> str:
        q = r.questionnaire
        assert q is not None  # noqa: S101 - filtered above
        return f"{q.t(q.title, lang)} · v{q.version} ({Path(r.file).name})"

    files = {r.file: r for r in valid}
    chosen = files[
        str(
            st.selectbox(
                say("source_library"),
                list(files),
                format_func=lambda f: label(files[f]),
                key=Console.LIBRARY_FILE.name,
            )
        )
    ]
    assert chosen.questionnaire is not None  # noqa: S101 - filtered above
    library_text: str | None
    try:
        library_text = Path(chosen.file).read_text(encoding="utf-8")
    except OSError:
        library_text = None  # the snapshot is then written from the model
    return chosen.questionnaire, library_text, Path(chosen.file).name


def minutes_span(q: Questionnaire) -> str:
    """How long the survey takes on a phone, shortest to longest role and language
    ("13–15 min"), as the welcome page rounds it."""
    spans = [
        -(-q.estimated_seconds(role.id, lang) // 60) for role in q.roles for lang in q.languages
    ]
    low, high = min(spans), max(spans)
    return say("minutes", low=low) if low == high else say("minutes_range", low=low, high=high)


def _choose_length(q: Questionnaire, source: str | None) -> tuple[Questionnaire, str | None]:
    """The full questionnaire or its core-only variant (when it has one), with the time
    each takes; the variant's snapshot is written from the model."""
    core = variants.core_variant(q)
    if core is None:
        caption(say("items_time", items=len(q.items), minutes=minutes_span(q)))
        return q, source
    options = {
        variants.FULL: say("length_full", items=len(q.items), minutes=minutes_span(q)),
        variants.CORE: say("length_core", items=len(core.items), minutes=minutes_span(core)),
    }
    picked = st.radio(
        say("length"),
        list(options),
        format_func=options.__getitem__,
        key=Console.LENGTH.name,
        help=say("length_help"),
    )
    return (core, None) if picked == variants.CORE else (q, source)


def _day_start(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time())


def _create_form(actor: Actor, org: Organisation) -> None:
    lang = ui_language()
    st.subheader(say("new_assessment"))
    chosen = _questionnaire_source()
    if chosen is None:
        return
    q, source, _ = chosen
    q, source = _choose_length(q, source)
    max_level = q.scale_max
    default_target = min(DEFAULT_TARGET_LEVEL, max_level)
    # Outside the form, so the advice on per-person codes follows what is typed.
    with st.container(border=True, key="console-who"):
        st.markdown(f"**{say('who_heading')}**")
        teams_text = st.text_area(
            say("teams_label"),
            key="console-teams",
            placeholder=say("teams_placeholder"),
            help=say("teams_help"),
        )
        threshold = st.number_input(
            say("threshold"),
            min_value=MIN_THRESHOLD,
            max_value=50,
            value=DEFAULT_THRESHOLD,
            step=1,
            key="console-threshold",
            help=say("threshold_help"),
        )
        st.caption(say("threshold_note", default=DEFAULT_THRESHOLD, minimum=MIN_THRESHOLD))
        live_teams, live_problems = parse_team_lines(teams_text or "", lang)
        if not live_problems:
            _code_advice(live_teams, len(q.roles), int(threshold))
        ways = {OPEN_LINK: say("access_link"), PER_PERSON: say("access_codes")}
        per_person = (
            st.radio(
                say("access_label"),
                list(ways),
                format_func=ways.__getitem__,
                key=Console.ACCESS.name,
                horizontal=True,
                captions=[say("open_link_note"), say("codes_note")],
            )
            == PER_PERSON
        )
        code_count = None
        if per_person:
            default = codes.default_code_count(live_teams)
            code_count = st.number_input(
                say("code_count"),
                min_value=1,
                max_value=codes.MAX_CODES_PER_ISSUE,
                value=None,
                step=1,
                key="console-code-count",
                placeholder=(
                    say("code_count_default", count=default) if default else say("code_count_ask")
                ),
                help=say("code_count_help"),
            )
    with st.form("console-create"):
        name = st.text_input(
            say("name"), key="console-name", max_chars=120, placeholder=say("name_placeholder")
        )
        purpose = st.text_area(
            say("purpose"),
            key="console-purpose",
            max_chars=PURPOSE_MAX_CHARS,
            placeholder=say("purpose_placeholder"),
        )
        st.markdown(f"**{say('targets_heading')}**")
        level_names = {n: q.level_label(n, lang) for n in range(1, q.scale_max + 1)}
        targets: dict[str, int] = {}
        per_row = 3  # one row of columns per three dimensions: phones stack them in order
        for start in range(0, len(q.dimensions), per_row):
            row = q.dimensions[start : start + per_row]
            for column, dim in zip(st.columns(per_row), row, strict=False):
                with column:
                    picked = st.selectbox(
                        escape_markdown(q.t(dim.name, lang)),
                        list(level_names),
                        index=default_target - 1,
                        format_func=level_names.__getitem__,
                        key=Console.TARGET.of(dim.id),
                    )
                targets[dim.id] = int(picked if picked is not None else default_target)
        opens_col, closes_col = st.columns(2)
        with opens_col:
            opens = st.date_input(
                say("opens"), value=None, key="console-opens", format=say("date_format")
            )
        with closes_col:
            closes = st.date_input(
                say("closes"),
                value=None,
                key="console-closes",
                help=say("closes_help"),
                format=say("date_format"),
            )
        comment_threshold = st.number_input(
            say("comment_threshold"),
            min_value=MIN_THRESHOLD,
            max_value=100,
            value=DEFAULT_COMMENT_THRESHOLD,
            step=1,
            key="console-comment-threshold",
            help=say("comment_threshold_help"),
        )
        languages = st.multiselect(
            say("languages"),
            list(q.languages),
            default=list(q.languages),
            format_func=language_name,
            key=Console.LANGUAGES.name,
        )
        submitted = st.form_submit_button(say("create_assessment"), type="primary")
    if not submitted:
        return
    teams, problems = parse_team_lines(teams_text or "", lang)
    if problems:
        st.error(
            say("team_problems") + "\n\n" + "\n".join(f"- {escape_markdown(p)}" for p in problems),
            icon=":material/error:",
        )
        return
    closes_at = _day_start(closes + timedelta(days=1)) if isinstance(closes, date) else None
    count = int(code_count) if code_count is not None else codes.default_code_count(teams)
    if per_person and not count:
        st.error(say("code_count_missing"), icon=":material/error:")
        return
    try:
        created = access.create_assessment(
            state.store(),
            actor,
            org.id,
            q,
            name=name,
            teams=teams,
            targets=targets,
            opens_at=_day_start(opens) if isinstance(opens, date) else None,
            closes_at=closes_at,
            anonymity_threshold=int(threshold),
            comment_threshold=int(comment_threshold),
            languages=languages,
            source=source,
            purpose=purpose,
            per_person_codes=per_person,
        )
    except GapMapError as refused:
        st.error(refusal(refused), icon=":material/error:")
        return
    flash = say("assessment_created", name=created.name, code=created.invite_code)
    if per_person and count:
        try:
            issued = access.issue_codes(state.store(), actor, created.id, count)
        except GapMapError as refused:
            # The flash is escaped as a whole: the message goes in as plain text.
            flash += " " + say("created_no_codes", reason=refused.message_in(lang))
        else:
            Console.NEW_CODES.set((created.id, issued))
            flash += " " + say("created_codes", count=whole(len(issued)))
    Console.SELECT_NEXT.set((org.id, created.id))
    Console.FLASH.set(flash)
    st.rerun()


def _code_advice(teams: list[Team], role_count: int, k: int) -> bool:
    """Recommend per-person codes where an open link leaves a small group open to
    padding; True when they are recommended."""
    reasons = codes.code_reasons(teams, role_count, k, lang=ui_language())
    if not reasons:
        st.caption(f":material/check: {say('advice_ok', limit=2 * k)}")
        return False
    st.warning(
        f"**{say('advice_title')}** {say('advice_why', limit=2 * k)}\n\n"
        + "\n".join(f"- {escape_markdown(reason)}" for reason in reasons),
        icon=":material/key:",
    )
    return True


# --- one assessment: overview, invite links, settings -------------------------------------------


def _progress_tables(t: Tracking, q: Questionnaire) -> None:
    k = t.k
    with st.container(horizontal=True, gap="large", key="console-totals"):
        st.metric(say("started"), whole(t.started), help=say("started_help"), width="content")
        st.metric(say("submitted"), whole(t.submitted), help=say("submitted_help"), width="content")
        st.metric(say("rate"), rate_text(t.rate), help=say("rate_help"), width="content")
        st.metric(say("pending"), whole(t.pending), help=say("pending_help", k=k), width="content")

    lang = ui_language()

    def released(count: int | None, reason: str | None) -> str:
        return whole(count) if count is not None else hidden_label(reason, lang, k)

    if t.teams:
        st.dataframe(
            [
                {
                    say("col_team"): p.name,
                    say("col_head_count"): p.head_count,
                    say("col_released"): released(p.submitted, p.reason),
                    say("col_rate"): rate_text(p.rate),
                }
                for p in t.teams
            ],
            hide_index=True,
            width="stretch",
        )
    role_names = {r.id: q.t(r.name, lang) for r in q.roles}
    st.dataframe(
        [
            {
                say("col_role"): role_names.get(r.role_id, r.role_id),
                say("col_released"): released(r.submitted, r.reason),
            }
            for r in t.roles
        ],
        hide_index=True,
        width="stretch",
    )
    shown = say("release", n=t.release) if t.release else say("no_release")
    st.caption(say("progress_note", shown=shown, k=k))


def _overview(assessment: Assessment, q: Questionnaire) -> None:
    open_now = assessment.status() == "open"

    @state.live_section(run_every=REFRESH_SECONDS if open_now else None)
    def live(actor: Actor) -> None:
        try:
            t = access.tracking(state.store(), actor, assessment.id)
        except GapMapError as refused:
            st.error(refusal(refused))
            return
        _progress_tables(t, q)

    status = status_name(assessment.status())
    when = []
    now = datetime.now(UTC).replace(tzinfo=None)  # the store's times: naive, UTC
    for key, at in (("opens_at", assessment.opens_at), ("closes_at", assessment.closes_at)):
        if at is not None:  # "opened 23 November", once that day has passed
            tense = "_past" if at <= now else ""
            when.append(say(key + tense, when=f"{day(at)} {at:%H:%M}"))
    st.markdown(f"**{status}**" + (f" · {', '.join(when)}" if when else ""))
    if open_now:
        st.caption(say("live", seconds=REFRESH_SECONDS))
    live()
    with st.container(horizontal=True, gap="small"):
        if st.button(say("refresh"), icon=":material/refresh:", key="console-refresh"):
            st.rerun()
        if st.button(say("open_results"), icon=":material/insights:", key="console-open-results"):
            Results.OPEN.set(assessment.id)
            st.switch_page(RESULTS.path)
    _reminders(assessment, q)


# Constant CSS, no user text: Streamlit shows a code block's copy button only on hover,
# which a touch screen never has; in the reminder it is always shown.
ALWAYS_SHOW_COPY = """<style>
[class*="st-key-console-reminder-"] [data-testid="stCode"] > div:last-child,
[class*="st-key-console-reminder-"] [data-testid="stCode"] > div:last-child * {
  visibility: visible !important; opacity: 1 !important;
}
</style>"""


def _reminders(assessment: Assessment, q: Questionnaire) -> None:
    """A reminder to send, in each of the assessment's languages (copy or download), and
    the links for a mail merge: the same counts as above, as of this look."""
    st.subheader(say("reminder_heading"), anchor=False)
    actor = state.actor()
    try:
        progress = access.tracking(state.store(), actor, assessment.id)
    except GapMapError as refused:
        st.error(refusal(refused))
        return
    base = base_url()
    st.caption(say("reminder_intro"))
    st.html(ALWAYS_SHOW_COPY)
    langs = list(assessment.languages) or ["en"]
    # the page's own language first: the tab that opens is the one the reader writes in
    langs.sort(key=lambda lang: lang != ui_language())
    tabs = st.tabs([language_name(lang) for lang in langs]) if len(langs) > 1 else [st.container()]
    for lang, tab in zip(langs, tabs, strict=True):
        text = invites.reminder_text(assessment, q, progress, base, language=lang)
        with tab, st.container(key=f"console-reminder-{lang}"):
            st.code(text, language=None, wrap_lines=True)
            st.download_button(
                say("reminder_download", language=language_name(lang)),
                text.encode("utf-8"),
                file_name=f"reminder-{assessment.invite_code}-{lang}.txt",
                mime="text/plain",
                icon=":material/download:",
                key=f"console-reminder-txt-{assessment.id}-{lang}",
                on_click="ignore",
            )
    st.download_button(
        say("links_csv"),
        invites.links_csv(assessment, progress, base),
        file_name=f"links-{assessment.invite_code}.csv",
        mime="text/csv",
        icon=":material/table:",
        key=f"console-links-csv-{assessment.id}",
        on_click="ignore",
        help=say("links_csv_help"),
    )


def _download_row(link: invites.InviteLink, make_poster: Callable[[], bytes]) -> None:
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            "PNG",
            invites.qr_png(link.url),
            file_name=f"{link.file_stem}.png",
            mime="image/png",
            icon=":material/download:",
            key=f"console-png-{link.file_stem}",
            on_click="ignore",
        )
        st.download_button(
            "SVG",
            invites.qr_svg(link.url),
            file_name=f"{link.file_stem}.svg",
            mime="image/svg+xml",
            icon=":material/download:",
            key=f"console-svg-{link.file_stem}",
            on_click="ignore",
        )
        st.download_button(
            say("poster_pdf"),
            make_poster,  # rendered only when clicked (about 0.2 s a poster)
            file_name=f"{link.file_stem}-poster.pdf",
            mime="application/pdf",
            icon=":material/picture_as_pdf:",
            key=f"console-poster-{link.file_stem}",
            on_click="ignore",
        )


def _invite_links(actor: Actor, assessment: Assessment, q: Questionnaire) -> None:
    base = base_url()
    _access_section(actor, assessment, q, base)
    st.caption(say("links_point", base=escape_markdown(base)))
    if assessment.per_person_codes:
        st.caption(say("links_ask_code"))
    if assessment.status() != "open":
        st.warning(say("links_not_open"), icon=":material/info:")
    for link in invites.invite_links(assessment, base):
        with st.container(border=True, key=f"console-link-{link.file_stem}"):
            image, details = st.columns([1, 3])
            with image:
                st.image(invites.qr_png(link.url, scale=6), width=150)
            with details:
                if link.team is None:
                    st.markdown(say("link_whole"))
                else:
                    st.markdown(f"**{say('link_team', team=escape_markdown(link.team.name))}**")
                st.code(link.url, language=None, wrap_lines=True)

                def make_poster(link: invites.InviteLink = link) -> bytes:
                    return invites.poster_pdf(assessment, q, link.url, team=link.team)

                _download_row(link, make_poster)
    if not assessment.teams:
        st.caption(say("link_one"))


def _settings(actor: Actor, assessment: Assessment, q: Questionnaire) -> None:
    lang = ui_language()
    paragraph(say("settings_questionnaire", title=q.t(q.title, lang), version=q.version))
    st.markdown(
        say(
            "settings_thresholds",
            k=assessment.anonymity_threshold,
            c=assessment.comment_threshold,
            languages=", ".join(language_name(code) for code in assessment.languages),
        )
    )
    st.markdown(say("settings_codes" if assessment.per_person_codes else "settings_link"))
    if assessment.purpose:
        st.markdown(say("settings_purpose"))
        caption(assessment.purpose)
    targets = [
        {
            say("col_dimension"): q.t(d.name, lang),
            say("col_target"): q.level_label(target, lang)
            if (target := assessment.targets.get(d.id))
            else None,
        }
        for d in q.dimensions
    ]
    teams = [
        {say("col_team"): t.name, say("col_link_id"): t.id, say("col_head_count"): t.head_count}
        for t in assessment.teams
    ]
    left, right = st.columns(2)
    left.dataframe(targets, hide_index=True, width="stretch")
    if teams:
        right.dataframe(teams, hide_index=True, width="stretch")
    _edit_settings(actor, assessment, q)
    _edit_teams(actor, assessment)
    _questionnaire_setting(actor, assessment, q)
    st.divider()
    closed = assessment.status() == "closed"
    close_col, wave_col = st.columns(2)
    with close_col:
        label = say("reopen") if closed else say("close")
        with st.popover(label, icon=":material/lock_open:" if closed else ":material/lock:"):
            st.markdown(_midway_text(actor, assessment, closed))
            if st.button(
                say("reopen_yes") if closed else say("close_yes"),
                type="primary",
                key=f"console-confirm-close-{assessment.id}",
            ):
                _change(
                    lambda: access.set_closed(state.store(), actor, assessment.id, not closed),
                    say("reopened_done") if closed else say("closed_done"),
                    assessment.organisation_id,
                )
    with wave_col, st.popover(say("new_wave"), icon=":material/replay:"):
        st.markdown(say("new_wave_note"))
        wave_name = st.text_input(say("wave_name"), key=f"console-wave-name-{assessment.id}")
        if st.button(say("wave_create"), type="primary", key=f"console-wave-{assessment.id}"):
            _change(
                lambda: access.new_wave(
                    state.store(), actor, assessment.id, name=wave_name.strip() or None
                ),
                say("wave_created"),
                assessment.organisation_id,
            )
    _retention_setting(actor, assessment)


def _midway_text(actor: Actor, assessment: Assessment, closed: bool) -> str:
    """What closing or reopening does, with the exact number of people midway."""
    try:
        midway = access.midway_count(state.store(), actor, assessment.id)
    except GapMapError:
        midway = 0
    how = "none" if not midway else "one" if midway == 1 else "many"
    return say(f"{'reopen' if closed else 'close'}_{how}", n=whole(midway))


def _closing_day(closes_at: datetime | None) -> date | None:
    """The last day answers are accepted (the create form closes at the next midnight)."""
    if closes_at is None:
        return None
    return (
        (closes_at - timedelta(days=1)).date() if closes_at.time() == time() else closes_at.date()
    )


def _edit_settings(actor: Actor, assessment: Assessment, q: Questionnaire) -> None:
    """Purpose, targets, closing date and languages, changed after launch (each change
    audited with its old and new value)."""
    st.subheader(say("change_settings"), anchor=False)
    lang = ui_language()
    aid = assessment.id
    with st.form(f"console-edit-{aid}"):
        purpose = st.text_area(
            say("purpose"),
            value=assessment.purpose or "",
            max_chars=PURPOSE_MAX_CHARS,
            key=f"console-edit-purpose-{aid}",
        )
        level_names = {n: q.level_label(n, lang) for n in range(1, q.scale_max + 1)}
        targets: dict[str, int] = {}
        per_row = 3
        for start in range(0, len(q.dimensions), per_row):
            row = q.dimensions[start : start + per_row]
            for column, dim in zip(st.columns(per_row), row, strict=False):
                current = assessment.targets.get(dim.id, DEFAULT_TARGET_LEVEL)
                with column:
                    picked = st.selectbox(
                        say("target_of", dimension=escape_markdown(q.t(dim.name, lang))),
                        list(level_names),
                        index=current - 1,
                        format_func=level_names.__getitem__,
                        key=Console.EDIT_TARGET.of(f"{aid}-{dim.id}"),
                    )
                targets[dim.id] = int(picked if picked is not None else current)
        closes = st.date_input(
            say("closes_edit"),
            value=_closing_day(assessment.closes_at),
            key=f"console-edit-closes-{aid}",
            help=say("closes_help"),
            format=say("date_format"),
        )
        languages = st.multiselect(
            say("languages"),
            list(q.languages),
            default=list(assessment.languages),
            format_func=language_name,
            key=Console.EDIT_LANGUAGES.of(aid),
            help=say("languages_help"),
        )
        saved = st.form_submit_button(
            say("save_changes"), type="primary", key=f"console-edit-save-{aid}"
        )
    if not saved:
        return
    closes_at = _day_start(closes + timedelta(days=1)) if isinstance(closes, date) else None
    store = state.store()

    def save() -> Assessment:
        access.set_purpose(store, actor, aid, purpose)
        access.set_targets(store, actor, aid, targets)
        access.set_close_date(store, actor, aid, closes_at)
        return access.set_languages(store, actor, aid, languages)

    _change(save, say("settings_saved"), assessment.organisation_id)


def _edit_teams(actor: Actor, assessment: Assessment) -> None:
    """Add a team; rename one, change its head-count, merge it into another or remove it."""
    st.subheader(say("teams_heading"), anchor=False)
    aid, store, org = assessment.id, state.store(), assessment.organisation_id
    with st.form(f"console-team-add-{aid}", clear_on_submit=True):
        name_col, count_col = st.columns([3, 1])
        name = name_col.text_input(
            say("new_team"), max_chars=120, key=f"console-team-add-name-{aid}"
        )
        count = count_col.number_input(
            say("head_count"), min_value=0, value=None, step=1, key=f"console-team-add-count-{aid}"
        )
        if st.form_submit_button(say("add_team"), key=f"console-team-add-save-{aid}"):
            _change(
                lambda: access.add_team(
                    store, actor, aid, name, None if count is None else int(count)
                ),
                say("team_added", name=" ".join(name.split())),
                org,
            )
    if not assessment.teams:
        return
    names = {t.id: t.name for t in assessment.teams}
    # A browser keeps a select box's option labels while its key stays the same, so the
    # key follows the names (a renamed team is listed by its new name) and the team
    # picked last stays picked.
    signature = zlib.crc32("\n".join(names.values()).encode())
    ids = list(names)
    last = Console.TEAM_PICKED.get(aid)
    picked = st.selectbox(
        say("change_team"),
        ids,
        index=ids.index(last) if last in names else 0,
        format_func=names.__getitem__,
        key=Console.TEAM_PICK.of(f"{aid}-{signature}"),
    )
    Console.TEAM_PICKED.set(aid, picked)
    team = assessment.team(str(picked)) if picked in names else assessment.teams[0]
    with st.container(border=True):
        name_col, count_col = st.columns([3, 1])
        new_name = name_col.text_input(
            say("name"), value=team.name, max_chars=120, key=f"console-team-name-{aid}-{team.id}"
        )
        new_count = count_col.number_input(
            say("head_count"),
            min_value=0,
            value=team.head_count,
            step=1,
            key=f"console-team-count-{aid}-{team.id}",
        )
        st.caption(say("link_id_note", id=team.id))
        if st.button(say("save_team"), key=f"console-team-save-{aid}"):

            def save() -> Assessment:
                access.rename_team(store, actor, aid, team.id, new_name)
                count = None if new_count is None else int(new_count)
                return access.set_head_count(store, actor, aid, team.id, count)

            _change(save, say("team_saved"), org)
        others = {t.id: t.name for t in assessment.teams if t.id != team.id}
        merge_col, remove_col = st.columns(2)
        if others:
            with merge_col.popover(say("merge_team"), icon=":material/merge:"):
                into = st.selectbox(
                    say("merge_into"),
                    list(others),
                    format_func=others.__getitem__,
                    key=Console.TEAM_INTO.of(aid),
                )
                st.markdown(say("merge_note", team=escape_markdown(team.name)))
                if st.button(say("merge"), type="primary", key=f"console-team-merge-{aid}"):
                    _change(
                        lambda: access.merge_teams(store, actor, aid, team.id, str(into)),
                        say("team_merged", team=team.name, into=others.get(str(into), "")),
                        org,
                    )
        with remove_col.popover(say("remove_team"), icon=":material/delete:"):
            st.markdown(say("remove_note"))
            if st.button(say("remove"), key=f"console-team-remove-{aid}"):
                _change(
                    lambda: access.remove_team(store, actor, aid, team.id),
                    say("team_removed", name=team.name),
                    org,
                )


def _questionnaire_setting(actor: Actor, assessment: Assessment, q: Questionnaire) -> None:
    """Another questionnaire while no one has answered; after, the way to a new wave."""
    st.subheader(say("questionnaire"), anchor=False)
    lang = ui_language()
    try:
        answered = access.response_count(state.store(), actor, assessment.id)
    except GapMapError as refused:
        st.error(refusal(refused))
        return
    if answered:
        st.info(say("questionnaire_fixed"), icon=":material/lock:")
        return
    valid = [r for r in state.questionnaire_library() if r.ok and r.questionnaire is not None]
    files = {r.file: r for r in valid}
    if not files:
        return

    def label(file: str) -> str:
        found = files[file].questionnaire
        assert found is not None  # noqa: S101 - filtered above
        return f"{found.t(found.title, lang)} · v{found.version} ({Path(file).name})"

    chosen = st.selectbox(
        say("questionnaire_change"),
        list(files),
        format_func=label,
        key=Console.EDIT_QUESTIONNAIRE.of(assessment.id),
    )
    picked = files[str(chosen)].questionnaire if chosen in files else None
    if picked is None or picked.content_hash() == assessment.content_hash:
        return
    if st.button(say("questionnaire_use"), key=f"console-questionnaire-save-{assessment.id}"):
        try:
            source: str | None = Path(str(chosen)).read_text(encoding="utf-8")
        except OSError:
            source = None
        _change(
            lambda: access.set_questionnaire(state.store(), actor, assessment.id, picked, source),
            say("questionnaire_changed"),
            assessment.organisation_id,
        )


def _retention_setting(actor: Actor, assessment: Assessment) -> None:
    """How long responses that are never submitted are kept (then deleted for good)."""
    days = assessment.unsubmitted_days
    with st.popover(
        say("unsubmitted_kept_one") if days == 1 else say("unsubmitted_kept", days=whole(days)),
        icon=":material/auto_delete:",
    ):
        st.markdown(say("unsubmitted_note"))
        chosen = st.number_input(
            say("days"),
            min_value=1,
            max_value=3650,
            value=days,
            step=1,
            key=f"console-unsubmitted-days-{assessment.id}",
        )
        if st.button(say("save"), type="primary", key=f"console-unsubmitted-save-{assessment.id}"):
            _change(
                lambda: access.set_unsubmitted_days(
                    state.store(), actor, assessment.id, int(chosen)
                ),
                say("unsubmitted_saved", days=whole(int(chosen))),
                assessment.organisation_id,
            )


def _change(do: Callable[[], Assessment], message: str, org_id: str, tab: str = "settings") -> None:
    try:
        changed = do()
    except GapMapError as refused:
        st.error(refusal(refused))
        return
    Console.TAB.set((changed.id, tab))  # the page reruns: come back to the same tab
    Console.SELECT_NEXT.set((org_id, changed.id))
    Console.FLASH.set(f"{message} ({changed.name})")
    st.rerun()


def _assessment_panel(actor: Actor, assessment: Assessment) -> None:
    try:
        q = access.questionnaire_of(state.store(), actor, assessment)
    except GapMapError as refused:
        st.error(refusal(refused))
        return
    if not assessment.per_person_codes:
        teams = list(assessment.teams)
        if codes.code_reasons(teams, len(q.roles), assessment.anonymity_threshold):
            st.warning(say("codes_recommended"), icon=":material/key:")
    kept = Console.TAB.get()
    labels = {tab: say(f"tab_{tab}") for tab in TABS}
    overview, links, live, settings, data = st.tabs(
        list(labels.values()),
        default=labels.get(kept[1]) if kept and kept[0] == assessment.id else None,
    )
    with overview:
        _overview(assessment, q)
    with links:
        _invite_links(actor, assessment, q)
    with live:
        _workshop_link(assessment, q)
    with settings:
        _settings(actor, assessment, q)
    with data:
        _data_tab(actor, assessment)


RETENTION_SCOPES = ("before", "all")
# How numbers in an imported file's answer cells are meant (`gapmap import --values`).
VALUE_READINGS = ("auto", "score", "position", "text")


def _import_section(actor: Actor, assessment: Assessment) -> None:
    """Import a .csv or .xlsx file of responses, saying how its numbers are meant."""
    st.subheader(say("import_title"), anchor=False)
    st.caption(say("import_intro"))
    with st.form(key=f"import-{assessment.id}", border=True, clear_on_submit=True):
        upload = st.file_uploader(
            say("import_file"),
            type=["csv", "xlsx"],
            key=f"import-file-{assessment.id}",
        )
        values = st.radio(
            say("import_values"),
            VALUE_READINGS,
            format_func=lambda reading: say(f"values_{reading}"),
            key=Console.IMPORT_VALUES.of(assessment.id),
            help=say("import_values_help"),
        )
        skip_bad = st.checkbox(say("import_skip"), key=f"import-skip-{assessment.id}")
        if not st.form_submit_button(say("import_button"), icon=":material/upload_file:"):
            return
    _run_import(
        upload,
        "responses.csv",
        lambda path: access.import_responses(
            state.store(),
            actor,
            assessment.id,
            path,
            skip_bad=skip_bad,
            values=values if values in access.VALUE_READINGS else "auto",
        ),
        done="console.imported",
        nothing="console.import_nothing",
    )


def _run_import(
    upload: UploadedFile | None,
    fallback_name: str,
    run: Callable[[Path], ImportReport],
    *,
    done: str,
    nothing: str,
) -> None:
    """Import an uploaded .csv or .xlsx file with `run` (given the file's path) and show
    what came of it: the refusal, the file's warnings, the rows imported (text `done`) or
    nothing imported (text `nothing`), and every problem with its row."""
    if upload is None:
        st.error(say("import_no_file"))
        return
    name = Path(upload.name).name[-120:] or fallback_name
    try:
        with TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_bytes(upload.getvalue())
            report = run(path)
    except GapMapError as refused:
        st.error(refusal(refused))
        return
    lang = ui_language()
    for warning in report.warnings:
        st.warning(escape_markdown(warning.message_in(lang)))
    if report.imported:
        st.success(
            words.plural(
                done,
                report.imported,
                lang,
                imported=whole(report.imported),
                skipped=whole(report.skipped),
            ),
            icon=":material/check:",
        )
    else:
        st.error(
            words.plural(
                nothing,
                len(report.problems),
                lang,
                count=whole(len(report.problems)),
                file=escape_markdown(name),
            )
        )
    if report.problems:
        _problem_table(report.problems)


def _problem_table(problems: list[RowProblem]) -> None:
    """An imported file's problems, one row each, in the session's language."""
    lang = ui_language()
    st.dataframe(
        [
            {
                words.t("evidence.row", lang): p.row,
                words.t("evidence.column", lang): p.column or "",
                words.t("evidence.problem", lang): p.message_in(lang),
                words.t("evidence.code", lang): p.code,
            }
            for p in problems
        ],
        hide_index=True,
        width="stretch",
    )


def _evidence_section(actor: Actor, assessment: Assessment) -> None:
    """Import the CRM's own records (usage per user or team) as the assessment's
    evidence, beside what people say (`access.import_evidence`)."""
    lang = ui_language()

    def ev(key: str, **values: object) -> str:
        return words.t(f"evidence.{key}", lang, **values)

    st.subheader(ev("import_title"), anchor=False)
    st.caption(ev("import_intro"))
    with st.form(key=f"evidence-{assessment.id}", border=True, clear_on_submit=True):
        upload = st.file_uploader(
            ev("import_file"), type=["csv", "xlsx"], key=f"evidence-file-{assessment.id}"
        )
        skip_bad = st.checkbox(say("import_skip"), key=f"evidence-skip-{assessment.id}")
        if not st.form_submit_button(ev("import_button"), icon=":material/upload_file:"):
            return
    _run_import(
        upload,
        "evidence.csv",
        lambda path: access.import_evidence(
            state.store(), actor, assessment.id, path, skip_bad=skip_bad
        ),
        done="evidence.import_done",
        nothing="evidence.import_nothing",
    )


def _data_tab(actor: Actor, assessment: Assessment) -> None:
    """Importing responses and CRM evidence, retention (delete responses, all or before
    a date) and one respondent's erasure."""
    _import_section(actor, assessment)
    _evidence_section(actor, assessment)
    st.markdown(say("retention_intro"))
    st.subheader(say("delete_heading"), anchor=False)
    with st.form(key=f"retention-{assessment.id}", border=True):
        scope = st.radio(
            say("delete_which"),
            RETENTION_SCOPES,
            format_func=lambda scope: say(f"scope_{scope}"),
            horizontal=True,
            key=Console.RETENTION_SCOPE.of(assessment.id),
        )
        before = st.date_input(
            say("delete_before"),
            value=date.today() - timedelta(days=365),
            key=f"retention-before-{assessment.id}",
            help=say("delete_before_help"),
            format=say("date_format"),
        )
        typed = st.text_input(
            say("delete_confirm", name=escape_markdown(assessment.name)),
            key=f"retention-confirm-{assessment.id}",
        )
        if st.form_submit_button(say("delete_button"), icon=":material/delete_forever:"):
            if typed.strip() != assessment.name.strip():
                st.error(say("delete_mismatch"))
            else:
                cutoff = before if scope == "before" and isinstance(before, date) else None
                try:
                    erased = access.delete_responses(
                        state.store(), actor, assessment.id, before=cutoff
                    )
                except GapMapError as refused:
                    st.error(refusal(refused))
                else:
                    st.success(
                        say(
                            "deleted",
                            respondents=whole(erased.respondents),
                            answers=whole(erased.answers),
                            comments=whole(erased.comments),
                        ),
                        icon=":material/check:",
                    )
    st.subheader(say("erase_heading"), anchor=False)
    st.caption(say("erase_intro"))
    with st.form(key=f"erasure-{assessment.id}", border=True, clear_on_submit=True):
        link = st.text_input(
            say("erase_link"),
            placeholder="https://…/?r=…",
            key=f"erasure-link-{assessment.id}",
        )
        if st.form_submit_button(say("erase_button"), icon=":material/person_remove:"):
            try:
                erased = access.erase_respondent(state.store(), actor, link)
            except GapMapError as refused:
                st.error(refusal(refused))
            else:
                st.success(
                    say("erased", answers=whole(erased.answers), comments=whole(erased.comments)),
                    icon=":material/check:",
                )
    st.caption(say("backups_note"))


# --- how respondents get in: the open link or per-person codes ------------------------------------


def _access_section(actor: Actor, assessment: Assessment, q: Questionnaire, base: str) -> None:
    with st.container(border=True, key=f"console-access-{assessment.id}"):
        if assessment.per_person_codes:
            _codes_panel(actor, assessment, base)
            return
        st.markdown(f"**{say('access_open_heading')}** {say('open_link_note')}")
        recommended = _code_advice(
            list(assessment.teams), len(q.roles), assessment.anonymity_threshold
        )
        with st.popover(
            say("to_codes"),
            icon=":material/key:",
            type="primary" if recommended else "secondary",
        ):
            st.markdown(say("to_codes_note"))
            if st.button(say("to_codes_yes"), key=f"console-codes-on-{assessment.id}"):
                _change(
                    lambda: access.set_per_person_codes(state.store(), actor, assessment.id, True),
                    say("codes_on"),
                    assessment.organisation_id,
                    "links",
                )


def _codes_panel(actor: Actor, assessment: Assessment, base: str) -> None:
    try:
        counted = access.code_counts(state.store(), actor, assessment.id)
    except GapMapError as refused:
        st.error(refusal(refused))
        return
    st.markdown(f"**{say('access_codes_heading')}** {say('codes_note')}")
    st.markdown(
        say(
            "code_counts",
            issued=whole(counted.issued),
            used=whole(counted.used),
            unused=whole(counted.unused),
        )
    )
    pending = Console.NEW_CODES.get()
    if pending and pending[0] == assessment.id:
        _new_codes_downloads(assessment, pending[1], base)
    default = codes.default_code_count(assessment.teams) if not counted.issued else None
    with st.form(key=f"console-issue-{assessment.id}", border=False):
        count = st.number_input(
            say("add_codes"),
            min_value=1,
            max_value=codes.MAX_CODES_PER_ISSUE,
            value=default or 1,
            step=1,
            key=f"console-issue-count-{assessment.id}",
            help=say("add_codes_help"),
        )
        if st.form_submit_button(say("issue_codes"), icon=":material/add:"):
            try:
                issued = access.issue_codes(state.store(), actor, assessment.id, int(count))
            except GapMapError as refused:
                st.error(refusal(refused))
            else:
                Console.NEW_CODES.set((assessment.id, issued))
                Console.FLASH.set(
                    say("codes_issued", codes=_codes_text(len(issued)), name=assessment.name)
                )
                st.rerun()
    with st.popover(say("to_link"), icon=":material/link:"):
        st.markdown(say("to_link_note"))
        if st.button(say("to_link_yes"), key=f"console-codes-off-{assessment.id}"):
            _change(
                lambda: access.set_per_person_codes(state.store(), actor, assessment.id, False),
                say("to_link_done"),
                assessment.organisation_id,
                "links",
            )


def _codes_text(n: int) -> str:
    return say("new_code") if n == 1 else say("new_codes", count=whole(n))


def _new_codes_downloads(assessment: Assessment, issued: list[str], base: str) -> None:
    """The codes issued last in this session: download them now (they are not stored)."""
    st.warning(
        f"**{_codes_text(len(issued))}.** {say('codes_download')}", icon=":material/download:"
    )
    stem = f"codes-{assessment.invite_code}-{len(issued)}"
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            say("codes_csv"),
            invites.codes_csv(issued, base),
            file_name=f"{stem}.csv",
            mime="text/csv",
            icon=":material/table:",
            key=f"console-codes-csv-{assessment.id}",
            on_click="ignore",
        )
        for lang in assessment.languages:

            def make_sheet(lang: str = lang) -> bytes:
                return invites.code_sheet_pdf(assessment, issued, base, language=lang)

            st.download_button(
                say("slips_pdf", language=language_name(lang)),
                make_sheet,  # rendered only when clicked
                file_name=f"{stem}-{lang}.pdf",
                mime="application/pdf",
                icon=":material/content_cut:",
                key=f"console-codes-pdf-{assessment.id}-{lang}",
                on_click="ignore",
            )
    if st.button(say("codes_done"), key=f"console-codes-done-{assessment.id}"):
        Console.NEW_CODES.take()
        st.rerun()


def _workshop_link(assessment: Assessment, q: Questionnaire) -> None:
    pulse = len(q.pulse_items())
    st.markdown(say("workshop_intro", pulse=pulse))
    if not pulse:
        st.warning(say("no_pulse"), icon=":material/block:")
        return
    if st.button(say("open_workshop"), icon=":material/co_present:", type="primary"):
        # The workshop page preselects this assessment (its own session key).
        Facilitate.ASSESSMENT.set(assessment.id)
        Facilitate.WORKSHOP.take()
        st.switch_page(FACILITATE.path)


def render() -> None:
    st.title(words.t("nav.console", ui_language()))
    actor = state.actor()
    if not access.allowed(actor, "create-organisation"):
        st.error(say("not_allowed"), icon=":material/block:")
        return
    _apply_pending_selection()
    _flash()
    try:
        org = _choose_organisation(actor)
        if org is None:
            return
        found = access.list_assessments(state.store(), actor, org.id)
    except GapMapError as refused:
        st.error(refusal(refused))
        return
    creating = st.toggle(say("new_assessment"), key=Console.CREATING.name)
    if creating:
        _create_form(actor, org)
        return
    if not found:
        st.info(say("no_assessment"), icon=":material/post_add:")
        return
    _assessment_table(actor, found)
    assessment = _choose_assessment(found)
    if assessment is not None:
        _assessment_panel(actor, assessment)


if __name__ == "__main__":
    render()
