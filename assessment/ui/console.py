"""The consultant console: organisations, their assessments, invite links and tracking.

Display only: every read and change goes through `assessment.access` (which checks the
actor and writes the audit log); invite URLs, QR codes and posters come from
`assessment.collect.invites`. Names typed by consultants are shown escaped, never as Markdown.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import streamlit as st

from assessment import access, words
from assessment.access import Organisation, Tracking
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
from assessment.ui.pages import FACILITATE, RESULTS
from assessment.ui.state import Console, Facilitate, Results
from assessment.ui.text import caption, escape_markdown, language_name, paragraph

STATUS_NAMES = {"open": "Open", "closed": "Closed", "not-yet-open": "Not open yet"}
FROM_LIBRARY, UPLOADED = "From the library", "Upload a YAML file"
OPEN_LINK, PER_PERSON = "Open link", "Per-person codes"
OPEN_LINK_NOTE = (
    "Anyone with the link can answer. Each team takes at most its head-count of submitted "
    "answers; teams without a head-count are not capped."
)
CODES_NOTE = (
    "Each code starts one response, and the open link asks for a code. GapMap keeps only "
    "a fingerprint of each code and whether it was used, never who had it or which "
    "response it started."
)
REFRESH_SECONDS = 10


def base_url() -> str:
    """Where invite links point: `GAPMAP_BASE_URL`, else this page's own host."""
    try:
        page_url = st.context.url
    except Exception:  # no browser context (tests, scripts)
        page_url = None
    return invites.base_url_of(os.environ.get("GAPMAP_BASE_URL"), page_url)


def rate_text(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.0%}"


def problem_lines(problems: list[Problem]) -> str:
    """YAML problems as a Markdown list: file:line, field, message and code (escaped)."""
    return "\n".join(
        f"- **{escape_markdown(f'{Path(p.file).name}:{p.line}')}**"
        f"{' · ' + escape_markdown(p.path) if p.path else ''}: "
        f"{escape_markdown(p.message)} :gray[{escape_markdown(p.code)}]"
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
        name = st.text_input("Organisation name", key="console-new-org-name", max_chars=120)
        if st.form_submit_button("Create organisation", type="primary"):
            try:
                org = access.create_organisation(state.store(), actor, name)
            except GapMapError as refused:
                st.error(refused.message)
            else:
                Console.SELECT_NEXT.set((org.id, None))
                Console.FLASH.set(f"Organisation {org.name} created.")
                st.rerun()


def _choose_organisation(actor: Actor) -> Organisation | None:
    orgs = access.list_organisations(state.store(), actor)
    if not orgs:
        st.info(
            "You manage no organisation yet. Create the first one: its assessments, "
            "invite links and leadership accounts all belong to it.",
            icon=":material/domain_add:",
        )
        _new_organisation_form(actor)
        return None
    by_id = {o.id: o for o in orgs}
    if Console.ORG.get() not in by_id:
        Console.ORG.set(orgs[0].id)
    pick, add = st.columns([4, 1], vertical_alignment="bottom")
    with pick:
        org_id = st.selectbox(
            "Organisation", list(by_id), format_func=lambda i: by_id[i].name, key=Console.ORG.name
        )
    with add, st.popover("New organisation", icon=":material/add:", width="stretch"):
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
        counts[a.id] = f"{t.submitted:,}"
    return counts


def _assessment_table(actor: Actor, found: list[Assessment]) -> None:
    counts = _response_counts(actor, found)
    rows = [
        {
            "Name": a.name,
            "Status": STATUS_NAMES.get(a.status(), a.status()),
            "Responses": counts[a.id],
            "Invite code": a.invite_code,
            "Wave": a.wave,
            "Opens": f"{a.opens_at:%Y-%m-%d}" if a.opens_at else "",
            "Closes": f"{a.closes_at:%Y-%m-%d}" if a.closes_at else "",
        }
        for a in found
    ]
    st.dataframe(rows, hide_index=True, width="stretch", key="console-table")


def _choose_assessment(found: list[Assessment]) -> Assessment | None:
    by_id = {a.id: a for a in found}
    if Console.ASSESSMENT.get() not in by_id:
        Console.ASSESSMENT.set(found[0].id)
    chosen = st.selectbox(
        "Assessment",
        list(by_id),
        format_func=lambda i: f"{by_id[i].name} · wave {by_id[i].wave} · {by_id[i].invite_code}",
        key=Console.ASSESSMENT.name,
    )
    return by_id.get(str(chosen))


# --- creating an assessment ----------------------------------------------------------------------


def _questionnaire_source() -> tuple[Questionnaire, str | None, str] | None:
    """The chosen questionnaire, its YAML text and its name; None (with the reason shown)."""
    source = st.segmented_control(
        "Questionnaire", [FROM_LIBRARY, UPLOADED], default=FROM_LIBRARY, key="console-source"
    )
    if source == UPLOADED:
        upload = st.file_uploader(
            "Questionnaire file (YAML)", type=["yaml", "yml"], key="console-upload"
        )
        if upload is None:
            st.caption("The file is checked before anything is saved.")
            return None
        try:
            text = upload.getvalue().decode("utf-8")
        except UnicodeDecodeError:
            st.error("The file is not UTF-8 text. Save it as UTF-8 and upload it again.")
            return None
        result = parse_questionnaire(text, upload.name)
        if not result.ok or result.questionnaire is None:
            count = len(result.errors)
            st.error(
                f"{escape_markdown(upload.name)} has {count} problem{'s' if count != 1 else ''}; "
                "nothing was saved. Fix them and upload the file again.\n\n"
                + problem_lines(result.errors),
                icon=":material/error:",
            )
            return None
        q = result.questionnaire
        caption(f"{upload.name}: {q.t(q.title)} · v{q.version} · valid")
        return q, text, upload.name
    valid = [r for r in state.questionnaire_library() if r.ok and r.questionnaire is not None]
    if not valid:
        st.warning("No valid questionnaire in the library: upload a YAML file instead.")
        return None

    def label(r: LoadResult) -> str:
        q = r.questionnaire
        assert q is not None  # noqa: S101 - filtered above
        return f"{q.t(q.title)} · v{q.version} ({Path(r.file).name})"

    files = {r.file: r for r in valid}
    chosen = files[
        str(
            st.selectbox(
                "From the library",
                list(files),
                format_func=lambda f: label(files[f]),
                key="console-library-file",
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
    return f"{low} min" if low == high else f"{low}–{high} min"


def _choose_length(q: Questionnaire, source: str | None) -> tuple[Questionnaire, str | None]:
    """The full questionnaire or its core-only variant (when it has one), with the time
    each takes; the variant's snapshot is written from the model."""
    core = variants.core_variant(q)
    if core is None:
        caption(f"{len(q.items)} items · about {minutes_span(q)} on a phone")
        return q, source
    options = {
        variants.FULL: f"Full: {len(q.items)} items, about {minutes_span(q)} on a phone",
        variants.CORE: (
            f"Core only: the {len(core.items)} required items every role answers, about "
            f"{minutes_span(core)}"
        ),
    }
    picked = st.radio(
        "Length",
        list(options),
        format_func=options.__getitem__,
        key="console-length",
        help="Core only leaves out the questions asked of one role and the optional "
        "comments; every dimension is still scored and roles are still compared. The "
        "time is read from the words each role sees, in each language (gapmap inspect).",
    )
    return (core, None) if picked == variants.CORE else (q, source)


def _day_start(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time())


def _create_form(actor: Actor, org: Organisation) -> None:
    st.subheader("New assessment")
    chosen = _questionnaire_source()
    if chosen is None:
        return
    q, source, _ = chosen
    q, source = _choose_length(q, source)
    max_level = q.scale_max
    default_target = min(DEFAULT_TARGET_LEVEL, max_level)
    # Outside the form, so the advice on per-person codes follows what is typed.
    with st.container(border=True, key="console-who"):
        st.markdown("**Who takes part, and how they get in**")
        teams_text = st.text_area(
            "Teams: one per line, `team name, head-count`",
            key="console-teams",
            placeholder="Sales North, 12\nCustomer Service, 9",
            help="Paste from a spreadsheet (comma, semicolon or tab). The head-count (the "
            "number of people invited in the team) gives the response rate and caps an "
            "open link; leave it empty if unknown.",
        )
        threshold = st.number_input(
            "Anonymity threshold",
            min_value=MIN_THRESHOLD,
            max_value=50,
            value=DEFAULT_THRESHOLD,
            step=1,
            key="console-threshold",
            help="Results of any group (team, role, team x role) with fewer respondents "
            "are never shown, nor can they be worked out from other figures.",
        )
        st.caption(
            "The anonymity threshold protects respondents: results of a group with fewer "
            f"people show no figures at all. {DEFAULT_THRESHOLD} is usual; it cannot be "
            f"below {MIN_THRESHOLD}."
        )
        live_teams, live_problems = parse_team_lines(teams_text or "")
        if not live_problems:
            _code_advice(live_teams, len(q.roles), int(threshold))
        per_person = (
            st.radio(
                "How respondents get in",
                [OPEN_LINK, PER_PERSON],
                key="console-access",
                horizontal=True,
                captions=[OPEN_LINK_NOTE, CODES_NOTE],
            )
            == PER_PERSON
        )
        code_count = None
        if per_person:
            default = codes.default_code_count(live_teams)
            code_count = st.number_input(
                "Number of codes",
                min_value=1,
                max_value=codes.MAX_CODES_PER_ISSUE,
                value=None,
                step=1,
                key="console-code-count",
                placeholder=(
                    f"{default} (the teams' head-counts)" if default else "How many people?"
                ),
                help="One code per person invited; empty: the sum of the teams' head-counts. "
                "You can add more codes later.",
            )
    with st.form("console-create"):
        name = st.text_input(
            "Name", key="console-name", max_chars=120, placeholder="CRM adoption 2026"
        )
        purpose = st.text_area(
            "Purpose (shown to respondents)",
            key="console-purpose",
            max_chars=PURPOSE_MAX_CHARS,
            placeholder="Why we do this, and how the results will be used.",
        )
        st.markdown("**Target level per dimension**")
        level_names = {n: q.level_label(n) for n in range(1, q.scale_max + 1)}
        targets: dict[str, int] = {}
        per_row = 3  # one row of columns per three dimensions: phones stack them in order
        for start in range(0, len(q.dimensions), per_row):
            row = q.dimensions[start : start + per_row]
            for column, dim in zip(st.columns(per_row), row, strict=False):
                with column:
                    picked = st.selectbox(
                        escape_markdown(q.t(dim.name)),
                        list(level_names),
                        index=default_target - 1,
                        format_func=level_names.__getitem__,
                        key=f"console-target-{dim.id}",
                    )
                targets[dim.id] = int(picked if picked is not None else default_target)
        opens_col, closes_col = st.columns(2)
        with opens_col:
            opens = st.date_input("Opens on (optional)", value=None, key="console-opens")
        with closes_col:
            closes = st.date_input(
                "Closes after (optional)",
                value=None,
                key="console-closes",
                help="Answers are accepted until the end of this day (UTC).",
            )
        comment_threshold = st.number_input(
            "Comment threshold",
            min_value=MIN_THRESHOLD,
            max_value=100,
            value=DEFAULT_COMMENT_THRESHOLD,
            step=1,
            key="console-comment-threshold",
            help="Free-text comments are shown only for groups at least this large "
            "(never below the anonymity threshold).",
        )
        languages = st.multiselect(
            "Languages",
            list(q.languages),
            default=list(q.languages),
            format_func=language_name,
            key="console-languages",
        )
        submitted = st.form_submit_button("Create assessment", type="primary")
    if not submitted:
        return
    teams, problems = parse_team_lines(teams_text or "")
    if problems:
        st.error(
            "The team list has problems; nothing was saved.\n\n"
            + "\n".join(f"- {escape_markdown(p)}" for p in problems),
            icon=":material/error:",
        )
        return
    closes_at = _day_start(closes + timedelta(days=1)) if isinstance(closes, date) else None
    count = int(code_count) if code_count is not None else codes.default_code_count(teams)
    if per_person and not count:
        st.error(
            "Say how many codes to issue: no team has a head-count to count them from; "
            "nothing was saved.",
            icon=":material/error:",
        )
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
        st.error(refused.message, icon=":material/error:")
        return
    flash = f"Assessment {created.name} created. Its invite code is {created.invite_code}."
    if per_person and count:
        try:
            issued = access.issue_codes(state.store(), actor, created.id, count)
        except GapMapError as refused:
            flash += f" No codes were issued ({refused.message}); add them on Invite links."
        else:
            Console.NEW_CODES.set((created.id, issued))
            flash += (
                f" {len(issued):,} per-person codes are ready to download on the Invite "
                "links tab, once: GapMap keeps no copy of them."
            )
    Console.SELECT_NEXT.set((org.id, created.id))
    Console.FLASH.set(flash)
    st.rerun()


def _code_advice(teams: list[Team], role_count: int, k: int) -> bool:
    """Recommend per-person codes where an open link leaves a small group open to
    padding; True when they are recommended."""
    reasons = codes.code_reasons(teams, role_count, k)
    if not reasons:
        st.caption(
            f":material/check: No team has fewer than {2 * k} people invited, and the "
            "head-counts leave every role room for that many: an open link is reasonable. "
            "GapMap is not told how many people hold each role, though: a role held by one "
            "or two people is safe only with per-person codes."
        )
        return False
    st.warning(
        f"**Per-person codes are recommended.** With an open link, one person can answer "
        f"several times and fill a group of fewer than {2 * k} people (twice the anonymity "
        "threshold) with answers they know, then read that group's figures.\n\n"
        + "\n".join(f"- {escape_markdown(reason)}" for reason in reasons),
        icon=":material/key:",
    )
    return True


# --- one assessment: overview, invite links, settings -------------------------------------------


def _progress_tables(t: Tracking, q: Questionnaire) -> None:
    k = t.k
    with st.container(horizontal=True, gap="large", key="console-totals"):
        st.metric(
            "Started",
            f"{t.started:,}",
            help="Everyone who began, submitted or not: the whole assessment, live.",
            width="content",
        )
        st.metric(
            "Submitted",
            f"{t.submitted:,}",
            help="The whole assessment, live; leadership's Results page shows the same.",
            width="content",
        )
        st.metric(
            "Response rate",
            rate_text(t.rate),
            help="Submitted answers against the sum of the teams' head-counts.",
            width="content",
        )
        st.metric(
            "Waiting for the next release",
            f"{t.pending:,}",
            help=f"Results change only in releases of at least {k} added or removed "
            "responses, so nobody can compare two looks and read one person's answers.",
            width="content",
        )

    def released(count: int | None, reason: str | None) -> str:
        return f"{count:,}" if count is not None else hidden_label(reason, "en", k)

    if t.teams:
        st.dataframe(
            [
                {
                    "Team": p.name,
                    "Head-count": p.head_count,
                    "Submitted (released)": released(p.submitted, p.reason),
                    "Response rate": rate_text(p.rate),
                }
                for p in t.teams
            ],
            hide_index=True,
            width="stretch",
        )
    role_names = {r.id: q.t(r.name) for r in q.roles}
    st.dataframe(
        [
            {
                "Role": role_names.get(r.role_id, r.role_id),
                "Submitted (released)": released(r.submitted, r.reason),
            }
            for r in t.roles
        ],
        hide_index=True,
        width="stretch",
    )
    shown = f"release {t.release}" if t.release else "no release yet"
    st.caption(
        f"The totals are live and exact, for the whole assessment. Teams and roles show the "
        f"current release ({shown}), as leadership sees them: a count below {k} reads "
        f"“fewer than {k} responses”, and a count that the total and the others would give "
        "away is hidden to protect it."
    )


def _overview(assessment: Assessment, q: Questionnaire) -> None:
    open_now = assessment.status() == "open"

    @state.live_section(run_every=REFRESH_SECONDS if open_now else None)
    def live(actor: Actor) -> None:
        try:
            t = access.tracking(state.store(), actor, assessment.id)
        except GapMapError as refused:
            st.error(refused.message)
            return
        _progress_tables(t, q)

    status = STATUS_NAMES.get(assessment.status(), assessment.status())
    when = []
    if assessment.opens_at:
        when.append(f"opens {assessment.opens_at:%Y-%m-%d %H:%M} UTC")
    if assessment.closes_at:
        when.append(f"closes {assessment.closes_at:%Y-%m-%d %H:%M} UTC")
    st.markdown(f"**{status}**" + (f" · {', '.join(when)}" if when else ""))
    if open_now:
        st.caption(f"Live: the counts refresh every {REFRESH_SECONDS} seconds.")
    live()
    with st.container(horizontal=True, gap="small"):
        if st.button("Refresh now", icon=":material/refresh:", key="console-refresh"):
            st.rerun()
        if st.button("Open results", icon=":material/insights:", key="console-open-results"):
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
    st.subheader("Chase responses", anchor=False)
    actor = state.actor()
    try:
        progress = access.tracking(state.store(), actor, assessment.id)
    except GapMapError as refused:
        st.error(refused.message)
        return
    base = base_url()
    st.caption(
        "A reminder to send to everyone invited: the answers so far, each team's progress "
        "as published (hidden teams say why, never a number), how long it takes, and the "
        "links. Copy it with the button at its top right, or download it."
    )
    st.html(ALWAYS_SHOW_COPY)
    langs = list(assessment.languages) or ["en"]
    tabs = st.tabs([language_name(lang) for lang in langs]) if len(langs) > 1 else [st.container()]
    for lang, tab in zip(langs, tabs, strict=True):
        text = invites.reminder_text(assessment, q, progress, base, language=lang)
        with tab, st.container(key=f"console-reminder-{lang}"):
            st.code(text, language=None, wrap_lines=True)
            st.download_button(
                f"Download the reminder ({language_name(lang)}, .txt)",
                text.encode("utf-8"),
                file_name=f"reminder-{assessment.invite_code}-{lang}.txt",
                mime="text/plain",
                icon=":material/download:",
                key=f"console-reminder-txt-{assessment.id}-{lang}",
                on_click="ignore",
            )
    st.download_button(
        "Links for a mail merge (CSV)",
        invites.links_csv(assessment, progress, base),
        file_name=f"links-{assessment.invite_code}.csv",
        mime="text/csv",
        icon=":material/table:",
        key=f"console-links-csv-{assessment.id}",
        on_click="ignore",
        help="One row per link and language: team, link, whether it asks for a personal "
        "code, and the team's progress as published. Per-person codes are in the CSV you "
        "download when you issue them (GapMap keeps no copy).",
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
            "Poster (PDF)",
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
    st.caption(
        f"Links point to {escape_markdown(base)}. Set the GAPMAP_BASE_URL environment "
        "variable if respondents reach GapMap at another address."
    )
    if assessment.per_person_codes:
        st.caption(
            "These links open a page that asks for a personal code; a code's own link "
            "(in the downloads above) goes straight to the survey."
        )
    if assessment.status() != "open":
        st.warning(
            "This assessment is not open: the links work, but respondents cannot answer yet "
            "(or any more).",
            icon=":material/info:",
        )
    for link in invites.invite_links(assessment, base):
        with st.container(border=True, key=f"console-link-{link.file_stem}"):
            image, details = st.columns([1, 3])
            with image:
                st.image(invites.qr_png(link.url, scale=6), width=150)
            with details:
                if link.team is None:
                    st.markdown("**Whole assessment**: respondents pick their team")
                else:
                    st.markdown(f"**Team: {escape_markdown(link.team.name)}**")
                st.code(link.url, language=None, wrap_lines=True)

                def make_poster(link: invites.InviteLink = link) -> bytes:
                    return invites.poster_pdf(assessment, q, link.url, team=link.team)

                _download_row(link, make_poster)
    if not assessment.teams:
        st.caption("This assessment has no teams, so there is one link for everybody.")


def _settings(actor: Actor, assessment: Assessment, q: Questionnaire) -> None:
    paragraph(f"Questionnaire: {q.t(q.title)} · v{q.version}")
    st.markdown(
        f"Anonymity threshold **{assessment.anonymity_threshold}** · comment threshold "
        f"**{assessment.comment_threshold}** · languages "
        f"{', '.join(language_name(lang) for lang in assessment.languages)}"
    )
    st.markdown(
        "How respondents get in: **per-person codes**"
        if assessment.per_person_codes
        else "How respondents get in: **open link**, capped per team at its head-count"
    )
    if assessment.purpose:
        st.markdown("**Purpose** (shown to respondents)")
        caption(assessment.purpose)
    targets = [
        {
            "Dimension": q.t(d.name),
            "Target level": q.level_label(target)
            if (target := assessment.targets.get(d.id))
            else None,
        }
        for d in q.dimensions
    ]
    teams = [
        {"Team": t.name, "Link id": t.id, "Head-count": t.head_count} for t in assessment.teams
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
        label = "Reopen the assessment" if closed else "Close the assessment"
        with st.popover(label, icon=":material/lock_open:" if closed else ":material/lock:"):
            st.markdown(_midway_text(actor, assessment, closed))
            if st.button(
                "Yes, reopen it" if closed else "Yes, close it",
                type="primary",
                key=f"console-confirm-close-{assessment.id}",
            ):
                _change(
                    lambda: access.set_closed(state.store(), actor, assessment.id, not closed),
                    "Assessment reopened." if closed else "Assessment closed.",
                    assessment.organisation_id,
                )
    with wave_col, st.popover("Start a new wave", icon=":material/replay:"):
        st.markdown(
            "A copy with the same questionnaire, teams, targets and thresholds, and a new "
            "invite code. Its results are compared with this one's."
        )
        wave_name = st.text_input(
            "Name of the new wave (optional)", key=f"console-wave-name-{assessment.id}"
        )
        if st.button("Create the new wave", type="primary", key=f"console-wave-{assessment.id}"):
            _change(
                lambda: access.new_wave(
                    state.store(), actor, assessment.id, name=wave_name.strip() or None
                ),
                "New wave created.",
                assessment.organisation_id,
            )
    _retention_setting(actor, assessment)


def _midway_text(actor: Actor, assessment: Assessment, closed: bool) -> str:
    """What closing or reopening does, with the exact number of people midway."""
    try:
        midway = access.midway_count(state.store(), actor, assessment.id)
    except GapMapError:
        midway = 0
    people = f"{midway} {'person' if midway == 1 else 'people'}"
    if closed:
        if not midway:
            return "Respondents can answer again."
        return (
            f"Respondents can answer again, and the **{people} midway** (started, not "
            "submitted) can finish with their “continue later” link."
        )
    if not midway:
        return "No more answers are accepted. No one is midway (started, not submitted)."
    return (
        f"No more answers are accepted. **{people} {'is' if midway == 1 else 'are'} "
        "midway** (started, not submitted): "
        "their answers are kept, marked incomplete and not counted in any result. Reopen "
        "the assessment and they can finish with their “continue later” link."
    )


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
    st.subheader("Change settings", anchor=False)
    aid = assessment.id
    with st.form(f"console-edit-{aid}"):
        purpose = st.text_area(
            "Purpose (shown to respondents)",
            value=assessment.purpose or "",
            max_chars=PURPOSE_MAX_CHARS,
            key=f"console-edit-purpose-{aid}",
        )
        level_names = {n: q.level_label(n) for n in range(1, q.scale_max + 1)}
        targets: dict[str, int] = {}
        per_row = 3
        for start in range(0, len(q.dimensions), per_row):
            row = q.dimensions[start : start + per_row]
            for column, dim in zip(st.columns(per_row), row, strict=False):
                current = assessment.targets.get(dim.id, DEFAULT_TARGET_LEVEL)
                with column:
                    picked = st.selectbox(
                        f"Target: {escape_markdown(q.t(dim.name))}",
                        list(level_names),
                        index=current - 1,
                        format_func=level_names.__getitem__,
                        key=f"console-edit-target-{aid}-{dim.id}",
                    )
                targets[dim.id] = int(picked if picked is not None else current)
        closes = st.date_input(
            "Closes after (empty: no closing date)",
            value=_closing_day(assessment.closes_at),
            key=f"console-edit-closes-{aid}",
            help="Answers are accepted until the end of this day (UTC).",
        )
        languages = st.multiselect(
            "Languages",
            list(q.languages),
            default=list(assessment.languages),
            format_func=language_name,
            key=f"console-edit-languages-{aid}",
            help="Removing a language keeps the answers given in it.",
        )
        saved = st.form_submit_button(
            "Save changes", type="primary", key=f"console-edit-save-{aid}"
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

    _change(save, "Settings saved.", assessment.organisation_id)


def _edit_teams(actor: Actor, assessment: Assessment) -> None:
    """Add a team; rename one, change its head-count, merge it into another or remove it."""
    st.subheader("Teams", anchor=False)
    aid, store, org = assessment.id, state.store(), assessment.organisation_id
    with st.form(f"console-team-add-{aid}", clear_on_submit=True):
        name_col, count_col = st.columns([3, 1])
        name = name_col.text_input("New team", max_chars=120, key=f"console-team-add-name-{aid}")
        count = count_col.number_input(
            "Head-count", min_value=0, value=None, step=1, key=f"console-team-add-count-{aid}"
        )
        if st.form_submit_button("Add the team", key=f"console-team-add-save-{aid}"):
            _change(
                lambda: access.add_team(
                    store, actor, aid, name, None if count is None else int(count)
                ),
                f"Team {' '.join(name.split())} added.",
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
        "Change a team",
        ids,
        index=ids.index(last) if last in names else 0,
        format_func=names.__getitem__,
        key=f"console-team-pick-{aid}-{signature}",
    )
    Console.TEAM_PICKED.set(aid, picked)
    team = assessment.team(str(picked)) if picked in names else assessment.teams[0]
    with st.container(border=True):
        name_col, count_col = st.columns([3, 1])
        new_name = name_col.text_input(
            "Name", value=team.name, max_chars=120, key=f"console-team-name-{aid}-{team.id}"
        )
        new_count = count_col.number_input(
            "Head-count",
            min_value=0,
            value=team.head_count,
            step=1,
            key=f"console-team-count-{aid}-{team.id}",
        )
        st.caption(
            f"Its link id stays `{team.id}`, so the links and QR codes already handed out "
            "keep working."
        )
        if st.button("Save the team", key=f"console-team-save-{aid}"):

            def save() -> Assessment:
                access.rename_team(store, actor, aid, team.id, new_name)
                count = None if new_count is None else int(new_count)
                return access.set_head_count(store, actor, aid, team.id, count)

            _change(save, "Team saved.", org)
        others = {t.id: t.name for t in assessment.teams if t.id != team.id}
        merge_col, remove_col = st.columns(2)
        if others:
            with merge_col.popover("Merge into another team", icon=":material/merge:"):
                into = st.selectbox(
                    "Merge into",
                    list(others),
                    format_func=others.__getitem__,
                    key=f"console-team-into-{aid}",
                )
                st.markdown(
                    f"Every response of {escape_markdown(team.name)} moves to the team chosen, "
                    "the head-counts add up, and this team disappears. Results already "
                    "published stay as they were; a merged team's figures change only "
                    "where that gives no small group away."
                )
                if st.button("Merge", type="primary", key=f"console-team-merge-{aid}"):
                    _change(
                        lambda: access.merge_teams(store, actor, aid, team.id, str(into)),
                        f"{team.name} merged into {others.get(str(into), '')}.",
                        org,
                    )
        with remove_col.popover("Remove the team", icon=":material/delete:"):
            st.markdown(
                "Only a team no one has answered in can be removed; merge a team with "
                "responses into another instead."
            )
            if st.button("Remove", key=f"console-team-remove-{aid}"):
                _change(
                    lambda: access.remove_team(store, actor, aid, team.id),
                    f"Team {team.name} removed.",
                    org,
                )


def _questionnaire_setting(actor: Actor, assessment: Assessment, q: Questionnaire) -> None:
    """Another questionnaire while no one has answered; after, the way to a new wave."""
    st.subheader("Questionnaire", anchor=False)
    try:
        answered = access.response_count(state.store(), actor, assessment.id)
    except GapMapError as refused:
        st.error(refused.message)
        return
    if answered:
        st.info(
            "The questionnaire is fixed once answers exist, so every answer is scored "
            "against the questions it answered. **A new version of the questionnaire means "
            "a new wave**: use *Start a new wave* below, then change the new wave's "
            "questionnaire before anyone answers it.",
            icon=":material/lock:",
        )
        return
    valid = [r for r in state.questionnaire_library() if r.ok and r.questionnaire is not None]
    files = {r.file: r for r in valid}
    if not files:
        return

    def label(file: str) -> str:
        found = files[file].questionnaire
        assert found is not None  # noqa: S101 - filtered above
        return f"{found.t(found.title)} · v{found.version} ({Path(file).name})"

    chosen = st.selectbox(
        "No one has answered yet, so the questionnaire can still change",
        list(files),
        format_func=label,
        key=f"console-edit-questionnaire-{assessment.id}",
    )
    picked = files[str(chosen)].questionnaire if chosen in files else None
    if picked is None or picked.content_hash() == assessment.content_hash:
        return
    if st.button("Use this questionnaire", key=f"console-edit-questionnaire-save-{assessment.id}"):
        try:
            source: str | None = Path(str(chosen)).read_text(encoding="utf-8")
        except OSError:
            source = None
        _change(
            lambda: access.set_questionnaire(state.store(), actor, assessment.id, picked, source),
            "Questionnaire changed.",
            assessment.organisation_id,
        )


def _retention_setting(actor: Actor, assessment: Assessment) -> None:
    """How long responses that are never submitted are kept (then deleted for good)."""
    days = assessment.unsubmitted_days
    with st.popover(
        f"Unsubmitted responses are kept {days} day{'s' if days != 1 else ''}",
        icon=":material/auto_delete:",
    ):
        st.markdown(
            "A response that is started but never submitted is deleted this many days "
            "after it was started, with its answers; its start time is kept only to the "
            "hour after two hours. Submitted responses are not affected."
        )
        chosen = st.number_input(
            "Days",
            min_value=1,
            max_value=3650,
            value=days,
            step=1,
            key=f"console-unsubmitted-days-{assessment.id}",
        )
        if st.button("Save", type="primary", key=f"console-unsubmitted-save-{assessment.id}"):
            _change(
                lambda: access.set_unsubmitted_days(
                    state.store(), actor, assessment.id, int(chosen)
                ),
                f"Unsubmitted responses are now kept {int(chosen)} days.",
                assessment.organisation_id,
            )


def _change(do: Callable[[], Assessment], message: str, org_id: str, tab: str = "Settings") -> None:
    try:
        changed = do()
    except GapMapError as refused:
        st.error(refused.message)
        return
    Console.TAB.set((changed.id, tab))  # the page reruns: come back to the same tab
    Console.SELECT_NEXT.set((org_id, changed.id))
    Console.FLASH.set(f"{message} ({changed.name})")
    st.rerun()


def _assessment_panel(actor: Actor, assessment: Assessment) -> None:
    try:
        q = access.questionnaire_of(state.store(), actor, assessment)
    except GapMapError as refused:
        st.error(refused.message)
        return
    if not assessment.per_person_codes:
        teams = list(assessment.teams)
        if codes.code_reasons(teams, len(q.roles), assessment.anonymity_threshold):
            st.warning(
                "**Per-person codes are recommended** for this assessment: it runs on an "
                "open link, and a group is small enough for one person answering several "
                "times to fill it. See why, and switch, on the *Invite links* tab.",
                icon=":material/key:",
            )
    kept = Console.TAB.get()
    overview, links, live, settings, data = st.tabs(
        ["Overview", "Invite links", "Live workshop", "Settings", "Data and erasure"],
        default=kept[1] if kept and kept[0] == assessment.id else None,
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


RETENTION_SCOPES = {"before": "Responses given before a date", "all": "Every response"}
# How numbers in an imported file's answer cells are meant (`gapmap import --values`).
VALUE_READING_LABELS = {
    "auto": "Decide per cell; refuse a number that could mean two options",
    "score": "Option scores (as in the questionnaire)",
    "position": "Option positions, counted from 1",
    "text": "Not options: read answers by their text only",
}


def _import_section(actor: Actor, assessment: Assessment) -> None:
    """Import a .csv or .xlsx file of responses, saying how its numbers are meant."""
    st.subheader("Import responses", anchor=False)
    st.caption(
        "One row per respondent, as a Microsoft Forms or Google Forms export or a typed-up "
        "paper survey gives it: a role column, a team column, one column per question "
        "(its id or its text). Every problem is listed with its row; nothing is imported "
        "unless every row is valid, or you choose to import the valid rows only."
    )
    with st.form(key=f"import-{assessment.id}", border=True, clear_on_submit=True):
        upload = st.file_uploader(
            "Responses file (.csv or .xlsx)",
            type=["csv", "xlsx"],
            key=f"import-file-{assessment.id}",
        )
        values = st.radio(
            "Numbers in answer cells are",
            list(VALUE_READING_LABELS),
            format_func=VALUE_READING_LABELS.__getitem__,
            key=f"import-values-{assessment.id}",
            help=(
                "On a scale scored 0 / 0.25 / 0.5 / 1, the number 1 is the top option's "
                "score and the first option's position. “Decide per cell” reads a number "
                "only where that cannot be mistaken."
            ),
        )
        skip_bad = st.checkbox(
            "Import the valid rows and skip the others", key=f"import-skip-{assessment.id}"
        )
        if not st.form_submit_button("Import", icon=":material/upload_file:"):
            return
    if upload is None:
        st.error("Choose a .csv or .xlsx file first.")
        return
    name = Path(upload.name).name[-120:] or "responses.csv"
    try:
        with TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_bytes(upload.getvalue())
            report = access.import_responses(
                state.store(),
                actor,
                assessment.id,
                path,
                skip_bad=skip_bad,
                values=values if values in access.VALUE_READINGS else "auto",
            )
    except GapMapError as refused:
        st.error(refused.message)
        return
    for warning in report.warnings:
        st.warning(escape_markdown(warning))
    if report.imported:
        st.success(
            f"Imported {report.imported} response(s), skipped {report.skipped}.",
            icon=":material/check:",
        )
    else:
        st.error(
            f"Nothing was imported: {len(report.problems)} problem(s) in "
            f"{escape_markdown(name)}. Fix them and import the file again."
        )
    if report.problems:
        st.dataframe(
            [
                {"Row": p.row, "Column": p.column or "", "Problem": p.message, "Code": p.code}
                for p in report.problems
            ],
            hide_index=True,
            width="stretch",
        )


# The console speaks English for now; the evidence form's texts are in words.py in
# every language, ready for when it does not.
CONSOLE_LANGUAGE = words.DEFAULT_LANGUAGE


def _evidence_section(actor: Actor, assessment: Assessment) -> None:
    """Import the CRM's own records (usage per user or team) as the assessment's
    evidence, beside what people say (`access.import_evidence`)."""
    lang = CONSOLE_LANGUAGE

    def say(key: str, **values: object) -> str:
        return words.t(f"evidence.{key}", lang, **values)

    st.subheader(say("import_title"), anchor=False)
    st.caption(say("import_intro"))
    with st.form(key=f"evidence-{assessment.id}", border=True, clear_on_submit=True):
        upload = st.file_uploader(
            say("import_file"), type=["csv", "xlsx"], key=f"evidence-file-{assessment.id}"
        )
        skip_bad = st.checkbox(say("import_skip"), key=f"evidence-skip-{assessment.id}")
        if not st.form_submit_button(say("import_button"), icon=":material/upload_file:"):
            return
    if upload is None:
        st.error(say("import_no_file"))
        return
    name = Path(upload.name).name[-120:] or "evidence.csv"
    try:
        with TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_bytes(upload.getvalue())
            report = access.import_evidence(
                state.store(), actor, assessment.id, path, skip_bad=skip_bad
            )
    except GapMapError as refused:
        st.error(refused.message)
        return
    for warning in report.warnings:
        st.warning(escape_markdown(warning))
    if report.imported:
        st.success(
            say("import_done", imported=report.imported, skipped=report.skipped),
            icon=":material/check:",
        )
    else:
        st.error(say("import_nothing", count=len(report.problems), file=escape_markdown(name)))
    if report.problems:
        st.dataframe(
            [
                {
                    say("row"): p.row,
                    say("column"): p.column or "",
                    say("problem"): p.message,
                    say("code"): p.code,
                }
                for p in report.problems
            ],
            hide_index=True,
            width="stretch",
        )


def _data_tab(actor: Actor, assessment: Assessment) -> None:
    """Importing responses and CRM evidence, retention (delete responses, all or before
    a date) and one respondent's erasure."""
    _import_section(actor, assessment)
    _evidence_section(actor, assessment)
    st.markdown(
        "Responses are kept until you delete them here. A deletion is for good: answers, "
        "comments and scores go, results and reports are worked out again without them, "
        "and the audit log records what was deleted and how much, never whose."
    )
    st.subheader("Delete responses", anchor=False)
    with st.form(key=f"retention-{assessment.id}", border=True):
        scope = st.radio(
            "Which responses",
            list(RETENTION_SCOPES),
            format_func=RETENTION_SCOPES.__getitem__,
            horizontal=True,
            key=f"retention-scope-{assessment.id}",
        )
        before = st.date_input(
            "Given before (for “before a date”)",
            value=date.today() - timedelta(days=365),
            key=f"retention-before-{assessment.id}",
            help="A response counts from its submission, or its start if never submitted.",
        )
        typed = st.text_input(
            f"To confirm, type the assessment's name: {escape_markdown(assessment.name)}",
            key=f"retention-confirm-{assessment.id}",
        )
        if st.form_submit_button("Delete responses", icon=":material/delete_forever:"):
            if typed.strip() != assessment.name.strip():
                st.error("The name does not match, so nothing was deleted.")
            else:
                cutoff = before if scope == "before" and isinstance(before, date) else None
                try:
                    erased = access.delete_responses(
                        state.store(), actor, assessment.id, before=cutoff
                    )
                except GapMapError as refused:
                    st.error(refused.message)
                else:
                    st.success(
                        f"Deleted {erased.respondents} response(s): {erased.answers} "
                        f"answer(s) and {erased.comments} comment(s).",
                        icon=":material/check:",
                    )
    st.subheader("Erase one person's answers", anchor=False)
    st.caption(
        "A respondent who wants their answers erased sends you their “continue later” "
        "link (or, from a workshop, the address on their phone). Nothing else leads to "
        "their answers: GapMap does not know who answered what. They can also delete "
        "them themselves, on their survey page."
    )
    with st.form(key=f"erasure-{assessment.id}", border=True, clear_on_submit=True):
        link = st.text_input(
            "Their link",
            placeholder="https://…/?r=…",
            key=f"erasure-link-{assessment.id}",
        )
        if st.form_submit_button("Erase these answers", icon=":material/person_remove:"):
            try:
                erased = access.erase_respondent(state.store(), actor, link)
            except GapMapError as refused:
                st.error(refused.message)
            else:
                st.success(
                    f"Erased {erased.answers} answer(s) and {erased.comments} comment(s).",
                    icon=":material/check:",
                )
    st.caption(
        "Backups taken before a deletion still hold the deleted answers until they are "
        "themselves deleted: keep backups only as long as your retention rule allows "
        "(see “Running GapMap for an organisation” in the README)."
    )


# --- how respondents get in: the open link or per-person codes ------------------------------------


def _access_section(actor: Actor, assessment: Assessment, q: Questionnaire, base: str) -> None:
    with st.container(border=True, key=f"console-access-{assessment.id}"):
        if assessment.per_person_codes:
            _codes_panel(actor, assessment, base)
            return
        st.markdown(f"**How respondents get in: open link.** {OPEN_LINK_NOTE}")
        recommended = _code_advice(
            list(assessment.teams), len(q.roles), assessment.anonymity_threshold
        )
        with st.popover(
            "Switch to per-person codes",
            icon=":material/key:",
            type="primary" if recommended else "secondary",
        ):
            st.markdown(
                "From then on the open link asks for a personal code, and each code "
                "starts one response. Responses already started carry on. Issue the codes "
                "next, here."
            )
            if st.button("Yes, use per-person codes", key=f"console-codes-on-{assessment.id}"):
                _change(
                    lambda: access.set_per_person_codes(state.store(), actor, assessment.id, True),
                    "Per-person codes switched on; issue them on Invite links.",
                    assessment.organisation_id,
                    "Invite links",
                )


def _codes_panel(actor: Actor, assessment: Assessment, base: str) -> None:
    try:
        counted = access.code_counts(state.store(), actor, assessment.id)
    except GapMapError as refused:
        st.error(refused.message)
        return
    st.markdown(f"**How respondents get in: per-person codes.** {CODES_NOTE}")
    st.markdown(
        f"**{counted.issued:,}** codes issued · **{counted.used:,}** used · "
        f"**{counted.unused:,}** not used yet"
    )
    pending = Console.NEW_CODES.get()
    if pending and pending[0] == assessment.id:
        _new_codes_downloads(assessment, pending[1], base)
    default = codes.default_code_count(assessment.teams) if not counted.issued else None
    with st.form(key=f"console-issue-{assessment.id}", border=False):
        count = st.number_input(
            "Add codes",
            min_value=1,
            max_value=codes.MAX_CODES_PER_ISSUE,
            value=default or 1,
            step=1,
            key=f"console-issue-count-{assessment.id}",
            help="New codes for people not yet invited; the download holds only these.",
        )
        if st.form_submit_button("Issue codes", icon=":material/add:"):
            try:
                issued = access.issue_codes(state.store(), actor, assessment.id, int(count))
            except GapMapError as refused:
                st.error(refused.message)
            else:
                Console.NEW_CODES.set((assessment.id, issued))
                Console.FLASH.set(
                    f"{_codes_text(len(issued))} issued for {assessment.name}: download "
                    "them now, GapMap keeps no copy."
                )
                st.rerun()
    with st.popover("Switch back to the open link", icon=":material/link:"):
        st.markdown(
            "Anyone with the link could then answer again, up to each team's head-count, "
            "and a small group could be filled with answers one person knows. Unused codes "
            "stay valid if you switch back to codes later."
        )
        if st.button("Yes, use the open link", key=f"console-codes-off-{assessment.id}"):
            _change(
                lambda: access.set_per_person_codes(state.store(), actor, assessment.id, False),
                "Switched to the open link.",
                assessment.organisation_id,
                "Invite links",
            )


def _codes_text(n: int) -> str:
    return "1 new code" if n == 1 else f"{n:,} new codes"


def _new_codes_downloads(assessment: Assessment, issued: list[str], base: str) -> None:
    """The codes issued last in this session: download them now (they are not stored)."""
    st.warning(
        f"**{_codes_text(len(issued))}.** Download them now: GapMap keeps only a fingerprint "
        "of each, so they cannot be shown again once you leave this page or issue more.",
        icon=":material/download:",
    )
    stem = f"codes-{assessment.invite_code}-{len(issued)}"
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            "Codes for a mail merge (CSV)",
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
                f"Printable slips (PDF, {language_name(lang)})",
                make_sheet,  # rendered only when clicked
                file_name=f"{stem}-{lang}.pdf",
                mime="application/pdf",
                icon=":material/content_cut:",
                key=f"console-codes-pdf-{assessment.id}-{lang}",
                on_click="ignore",
            )
    if st.button("I have downloaded them", key=f"console-codes-done-{assessment.id}"):
        Console.NEW_CODES.take()
        st.rerun()


def _workshop_link(assessment: Assessment, q: Questionnaire) -> None:
    pulse = len(q.pulse_items())
    st.markdown(
        "Run a live workshop on this assessment: participants join on their phones with a "
        "code or a QR code, answer the questionnaire's "
        f"{pulse} pulse questions, and the results appear on your shared screen one "
        "dimension at a time, when you reveal them. Their answers count as a wave of "
        "their own, next to the survey's."
    )
    if not pulse:
        st.warning(
            "This questionnaire marks no pulse questions, so it cannot hold a workshop.",
            icon=":material/block:",
        )
        return
    if st.button("Open the workshop screen", icon=":material/co_present:", type="primary"):
        # The workshop page preselects this assessment (its own session key).
        Facilitate.ASSESSMENT.set(assessment.id)
        Facilitate.WORKSHOP.take()
        st.switch_page(FACILITATE.path)


def render() -> None:
    st.title("Assessments")
    actor = state.actor()
    if not access.allowed(actor, "create-organisation"):
        st.error(
            "This page is not allowed for your account: the console is for consultants.",
            icon=":material/block:",
        )
        return
    _apply_pending_selection()
    _flash()
    try:
        org = _choose_organisation(actor)
        if org is None:
            return
        found = access.list_assessments(state.store(), actor, org.id)
    except GapMapError as refused:
        st.error(refused.message)
        return
    creating = st.toggle("New assessment", key=Console.CREATING.name)
    if creating:
        _create_form(actor, org)
        return
    if not found:
        st.info(
            "This organisation has no assessment yet. Switch on “New assessment” above.",
            icon=":material/post_add:",
        )
        return
    _assessment_table(actor, found)
    assessment = _choose_assessment(found)
    if assessment is not None:
        _assessment_panel(actor, assessment)


if __name__ == "__main__":
    render()
