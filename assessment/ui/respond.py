"""The respondent's journey: invite link -> welcome -> role and team -> one dimension per
step -> submit -> personal snapshot. Phones first, English and German.

Display only: starting, saving, resuming and submitting are `assessment.collect.responses`; the
snapshot is `assessment.documents.snapshot`. Every answer is written to DuckDB the moment it is
given (the widgets' callbacks), so a closed tab loses nothing: the resume link (`?r=`)
brings the respondent back to where they were. Questionnaire texts and team names are
untrusted and always pass through `escape_markdown`.

Session state (`state.Respond`) keeps the resume secret and where the respondent is on
the page; answers, role, team and whether the response is submitted are read from the
store on every run. Keys all start with `respond-`; item widgets are `respond-item-<id>`
and their "don't know" boxes `respond-dk-<id>`, so no item id can collide with a control.
"""

from __future__ import annotations

import contextlib
import html
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import streamlit as st

from assessment import words
from assessment.collect import codes, responses
from assessment.collect.responses import DONT_KNOW, AnswerValue, DontKnow, ResponseState
from assessment.documents.snapshot import Snapshot, personal_snapshot, snapshot_chart
from assessment.errors import GapMapError
from assessment.organisation.assessments import Assessment, get_assessment
from assessment.organisation.assessments import questionnaire_of as questionnaire_for
from assessment.questionnaire.model import Dimension, Item, Questionnaire
from assessment.storage.store import Store
from assessment.ui import client, erasure, state
from assessment.ui.i18n import t
from assessment.ui.language import browser_language
from assessment.ui.state import Respond
from assessment.ui.text import escape_markdown, language_name

CODE_REFUSALS = frozenset({"code-required", "code-malformed", "code-unknown", "code-used"})
# Constant CSS, no user text: on a phone a horizontal scale would wrap into a zigzag, so
# it becomes one option per line; every option gets a finger-sized touch target.
PHONE_CSS = """<style>
[class*="st-key-respond-item-"] [role="radiogroup"] label { min-height: 2.5rem; }
[class*="st-key-respond-card-"] { scroll-margin-top: 4.5rem; }
@media (max-width: 640px) {
  [class*="st-key-respond-item-"] [role="radiogroup"] {
    flex-direction: column; align-items: flex-start; gap: 0;
  }
}
</style>"""
# Constant script, no user text: Streamlit keeps the scroll position when the page
# redraws, so after "Next" on a phone the new step would open at its bottom.
SCROLL_TO_TOP = """<script>/* step {step} */
document.querySelector('[data-testid="stMain"]')?.scrollTo({{top: 0}});
window.scrollTo({{top: 0}});
</script>"""
# Constant script, no user text (only two integers): after "Next" with required answers
# missing, bring the first missing question into view (the n-th card of the step);
# again two frames later, once the messages above it have been laid out.
SCROLL_TO_MISSING = """<script>/* missing {nonce} */
(() => {{
  const go = () => document.querySelectorAll('[class*="st-key-respond-card-"]')[{index}]
    ?.scrollIntoView({{block: "start"}});
  go();
  requestAnimationFrame(() => requestAnimationFrame(go));
}})();
</script>"""
# Constant markup and script: a visible "Copy link" button for the link shown in the
# `st.code` block of the container with class `st-key-{box}` (one of ours). The link is
# read from the page, never written into this HTML; the words are ours, escaped. The
# clipboard API needs a secure context (https, localhost); elsewhere the link is
# selected and copied the old way.
COPY_BUTTON = """<button type="button" class="gapmap-copy" data-box="{box}"
  data-done="{done}" data-failed="{failed}">{label}</button>
<span class="gapmap-copy-status" role="status" aria-live="polite"></span>
<style>
.gapmap-copy {{
  font: inherit; min-height: 2.5rem; padding: 0.25rem 0.9rem; border-radius: 0.5rem;
  border: 1px solid rgba(49, 51, 63, 0.25); background: #fff; color: inherit;
  cursor: pointer;
}}
.gapmap-copy:hover {{ border-color: #1f6fb2; color: #1f6fb2; }}
.gapmap-copy-status {{ margin-left: 0.5rem; font-size: 0.875rem; }}
</style>
<script>
(() => {{
  const button = document.querySelector('.gapmap-copy[data-box="{box}"]');
  if (!button || button.dataset.ready) return;
  button.dataset.ready = "1";
  const status = button.nextElementSibling;
  const oldWay = (text) => {{
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }};
  button.addEventListener("click", async () => {{
    const text = document.querySelector(".st-key-{box} code")?.innerText.trim() || "";
    let ok = false;
    try {{
      await navigator.clipboard.writeText(text);
      ok = true;
    }} catch (e) {{
      ok = text !== "" && oldWay(text);
    }}
    status.textContent = ok ? button.dataset.done : button.dataset.failed;
  }});
}})();
</script>"""
MAX_NAMED_MISSING = 3
# Up to this many choices are radio buttons (in sight, one tap); more, a select box.
MAX_RADIO_OPTIONS = 8
SHORT_QUESTION = 40  # characters of a question quoted in the "answers missing" message
PAGE_WIDTH = 760
OPTION_ITEMS = frozenset({"likert", "frequency", "anchored", "choice"})
SCALE_ITEMS = frozenset({"likert", "frequency"})


@dataclass(frozen=True)
class Survey:
    """What this run knows about the assessment the respondent came for."""

    assessment: Assessment
    q: Questionnaire
    team_preset: str | None


def lang_of(survey: Survey | None) -> str:
    """The respondent's language: chosen, else the browser's if offered, else the
    questionnaire's default if offered. Without a survey (a code that leads nowhere):
    chosen, else the browser's."""
    chosen = Respond.LANGUAGE.get()
    browser = browser_language()
    if survey is None:
        return words.language(chosen or browser)
    offered = survey.assessment.languages
    for wanted in (chosen, browser, survey.q.language):
        if wanted in offered:
            return str(wanted)
    return offered[0]


# --- entry: which survey, or why there is none -------------------------------------------


def render() -> None:
    """Draw the respondent page for the link this session arrived by."""
    store = state.store()
    # A reading column: full width on a phone, centred and no wider than a page on a
    # desktop (the app's layout is wide for the dashboards).
    with (
        st.container(horizontal_alignment="center", key="respond-page"),
        st.container(width=PAGE_WIDTH, key="respond-column"),
    ):
        try:
            _route(store, state.entry())
        except GapMapError as err:
            lang = lang_of(None)
            st.title(t("problem_title", lang), anchor=False)
            st.error(_error_text(err, lang))
            st.caption(t("try_again", lang))


def _route(store: Store, entry: Mapping[str, str]) -> None:
    if Respond.ERASED.get():
        _message_page(None, "erased_title", "erased_body")
        return
    secret = Respond.SECRET.get()
    if secret is None and entry.get("r"):
        if not _load_resume(store, entry["r"]):
            _message_page(None, "bad_secret_title", "bad_secret_body", code_box=True)
            return
        secret = Respond.SECRET.get()
    if secret is not None:
        mine = _mine(store)
        if mine is None:  # deleted meanwhile (a consultant erased the link's answers)
            _message_page(None, "bad_secret_title", "bad_secret_body", code_box=True)
            return
        assessment = get_assessment(store, mine.assessment_id)
        survey = Survey(assessment, questionnaire_for(store, assessment), None)
        if mine.submitted:
            _snapshot_page(store, survey, secret)
        elif not _is_open(survey):
            return
        else:
            _survey_page(store, survey, mine)
        return
    code = entry.get("a", "")
    if not code:
        _code_page(None)
        return
    # The invite code, or a personal code's link (`?a=` carries the code itself).
    try:
        leads_to = codes.find_survey(store, code, address=client.address())
    except GapMapError as err:
        if err.code != "too-many-attempts":
            raise
        lang = _language_switch(None)
        st.title(t("problem_title", lang), anchor=False)
        st.error(_error_text(err, lang), icon=":material/hourglass_top:")
        _code_form(lang)
        return
    if leads_to is None:
        _code_page(code)
        return
    found, link_code = leads_to
    survey = Survey(found, questionnaire_for(store, found), entry.get("t") or None)
    if not _is_open(survey):
        return
    if found.per_person_codes and not _has_person_code(store, survey, link_code):
        return
    _survey_page(store, survey, None)


def _mine(store: Store) -> ResponseState | None:
    """The respondent's response as stored now (None before it starts, or once deleted)."""
    secret = Respond.SECRET.get()
    if secret is None:
        return None
    try:
        return responses.resume(store, secret)
    except GapMapError as err:
        if err.code != "bad-secret":
            raise
        state.forget(Respond.PREFIX)
        return None


# --- per-person codes ------------------------------------------------------------------------


def _has_person_code(store: Store, survey: Survey, link_code: str | None) -> bool:
    """Whether the respondent holds an unused personal code for this survey; if not,
    ask for one. A code in the link is checked once, so a refusal is shown only once."""
    if Respond.PERSON_CODE.get() is None and link_code and not Respond.LINK_CODE_READ.get():
        Respond.LINK_CODE_READ.set(True)
        try:
            Respond.PERSON_CODE.set(
                codes.check_code(store, survey.assessment.id, link_code, address=client.address())
            )
        except GapMapError as err:
            Respond.CODE_ERROR.set(_error_text(err, lang_of(survey)))
    if Respond.PERSON_CODE.get() is not None:
        return True
    _person_code_page(store, survey)
    return False


def _person_code_page(store: Store, survey: Survey) -> None:
    lang = _language_switch(survey)
    st.title(escape_markdown(survey.assessment.name), anchor=False)
    st.subheader(t("person_code_title", lang), anchor=False)
    st.markdown(t("person_code_intro", lang))
    problem = Respond.CODE_ERROR.take()
    if problem:  # already Markdown-safe (`_error_text`)
        st.error(problem, icon=":material/error:")
    with st.form("respond-person-code-form", border=False, enter_to_submit=True):
        typed = st.text_input(
            t("person_code_label", lang),
            max_chars=40,
            placeholder=t("person_code_placeholder", lang),
            key="respond-person-code-input",
        )
        if st.form_submit_button(t("person_code_button", lang), type="primary", width="stretch"):
            try:
                Respond.PERSON_CODE.set(
                    codes.check_code(store, survey.assessment.id, typed, address=client.address())
                )
            except GapMapError as err:
                Respond.CODE_ERROR.set(_error_text(err, lang))
            st.rerun()
    st.caption(f":material/lock: {t('person_code_private', lang)}")


def _on_other_code() -> None:
    Respond.PERSON_CODE.take()


def _load_resume(store: Store, secret: str) -> bool:
    """Load a resumed response into the session; False when the secret is unknown."""
    try:
        resumed = responses.resume(store, secret)
    except GapMapError as err:
        if err.code == "bad-secret":
            return False
        raise
    Respond.SECRET.set(secret)
    Respond.LANGUAGE.set(resumed.language)  # the page's language, seeded from the store
    assessment = get_assessment(store, resumed.assessment_id)
    steps = _steps(questionnaire_for(store, assessment), resumed.role_id)
    Respond.STEP.set(resume_step(steps, resumed.answers))
    return True


def resume_step(steps: list[tuple[Dimension, list[Item]]], answers: Mapping[str, Any]) -> int:
    """Where a resumed respondent carries on: the first step with a required item
    unanswered, else the last step (steps count from 1; 0 is the welcome)."""
    for n, (_, items) in enumerate(steps, start=1):
        if any(i.is_required and answers.get(i.id) is None for i in items):
            return n
    return len(steps)


def _is_open(survey: Survey) -> bool:
    """Show why a survey takes no answers now; True when it does."""
    status = survey.assessment.status()
    if status == "closed":
        _message_page(survey, "closed_title", "closed_body")
        return False
    if status == "not-yet-open":
        opens = survey.assessment.opens_at
        lang = lang_of(survey)
        date = f"{words.date(opens.date(), lang)}, {opens:%H:%M} UTC" if opens else ""
        _message_page(survey, "not_open_title", "not_open_body", date=date)
        return False
    return True


def _message_page(
    survey: Survey | None, title: str, body: str, *, code_box: bool = False, **fmt: str
) -> None:
    lang = _language_switch(survey)
    st.title(t(title, lang), anchor=False)
    st.info(t(body, lang, **fmt), icon=":material/info:")
    if code_box:
        _code_form(lang)


def _code_page(unknown: str | None) -> None:
    """No invite link, or one whose code leads nowhere: explain and offer a code box."""
    lang = _language_switch(None)
    if unknown is None:
        st.title(t("page_title", lang), anchor=False)
        st.markdown(t("code_intro", lang))
    else:
        st.title(t("unknown_title", lang), anchor=False)
        st.warning(
            t("unknown_body", lang, code=escape_markdown(unknown)), icon=":material/search_off:"
        )
    _code_form(lang)


def _code_form(lang: str) -> None:
    with st.form("respond-code-form", border=False, enter_to_submit=True):
        code = st.text_input(
            t("code_label", lang),
            max_chars=32,
            placeholder=t("code_placeholder", lang),
            key="respond-code",
        )
        if st.form_submit_button(t("code_button", lang), type="primary", width="stretch"):
            if not code.strip():
                st.error(t("code_empty", lang))
                return
            state.set_entry(a=code.strip())
            # The address bar shows the code in use (a reload or a shared link opens it).
            st.query_params.from_dict({"a": code.strip()})
            st.rerun()


# --- the survey -----------------------------------------------------------------------------


def _steps(q: Questionnaire, role_id: str) -> list[tuple[Dimension, list[Item]]]:
    """The dimensions this role answers, in order (dimensions without items skipped)."""
    return [(dim, items) for dim, items in q.items_for_role(role_id) if items]


def _language_switch(survey: Survey | None) -> str:
    """The switch among the survey's languages (every language GapMap speaks on a page
    without a survey); the page's language."""
    offered = list(survey.assessment.languages) if survey else list(words.LANGUAGES)
    lang = lang_of(survey)
    if len(offered) < 2:
        return lang
    Respond.LANGUAGE_SWITCH.set(lang)
    with st.container(horizontal=True, horizontal_alignment="right", key="respond-top"):
        st.segmented_control(
            t("language", lang),
            offered,
            format_func=language_name,
            required=True,
            key=Respond.LANGUAGE_SWITCH.name,
            on_change=_on_language,
            args=(survey,),
            label_visibility="collapsed",
        )
    return lang_of(survey)


def _on_language(survey: Survey | None) -> None:
    chosen = Respond.LANGUAGE_SWITCH.get()
    if not chosen or chosen == Respond.LANGUAGE.get():
        return
    Respond.LANGUAGE.set(chosen)
    # Widget labels change with the language: rebuild them from the stored answers.
    state.forget(Respond.ITEM.prefix)
    state.forget(Respond.DONT_KNOW.prefix)
    Respond.ITEM_ERRORS.clear()  # written in the other language
    secret = Respond.SECRET.get()
    if secret is None:
        return
    store = state.store()
    # The language is a preference: failing to store it changes no answer.
    with contextlib.suppress(GapMapError):
        mine = responses.resume(store, secret)
        if not mine.submitted:
            responses.update_profile(
                store, secret, role_id=mine.role_id, team_id=mine.team_id, language=chosen
            )


def _survey_page(store: Store, survey: Survey, mine: ResponseState | None) -> None:
    lang = _language_switch(survey)
    step = Respond.STEP.get()
    steps = _steps(survey.q, mine.role_id) if mine else None
    total = len(steps) + 1 if steps is not None else len(_steps(survey.q, survey.q.roles[0].id)) + 1
    if step == 0 or mine is None or steps is None:
        _progress(1, total, lang)
        _welcome(store, survey, lang, mine)
        return
    step = min(step, len(steps))
    _progress(step + 1, total, lang)
    dim, items = steps[step - 1]
    _dimension_step(store, survey, lang, step, len(steps), dim, items, mine.answers)


def _progress(n: int, total: int, lang: str) -> None:
    st.progress(n / total, text=t("step", lang, n=n, total=total))


def _welcome(store: Store, survey: Survey, lang: str, mine: ResponseState | None) -> None:
    q, assessment = survey.q, survey.assessment
    st.title(escape_markdown(assessment.name), anchor=False)
    st.subheader(t("why_heading", lang), anchor=False)
    st.markdown(escape_markdown(assessment.purpose or t("default_purpose", lang)))
    st.caption(escape_markdown(q.t(q.description, lang)))
    st.subheader(t("privacy_heading", lang), anchor=False)
    privacy = [
        t("privacy_threshold", lang, k=assessment.anonymity_threshold),
        t("privacy_comments", lang, c=assessment.comment_threshold),
        t("privacy_no_names", lang),
        t("privacy_not_linked", lang),
    ]
    if assessment.per_person_codes:
        privacy.append(t("privacy_code", lang))
    elif any(team.head_count is not None for team in assessment.teams):
        privacy.append(t("privacy_capped", lang))
    st.markdown("\n".join(f"- {line}" for line in privacy))
    st.subheader(t("about_you", lang), anchor=False)
    profile = (mine.role_id, mine.team_id) if mine else None
    role_id = _role_choice(q, lang, profile)
    team_id, team_ok = _team_choice(survey, lang, profile)
    if role_id is not None:
        minutes = max(1, math.ceil(q.estimated_seconds(role_id, lang) / 60))
        st.markdown(f":material/schedule: {t('duration', lang, minutes=minutes)}")
    else:
        spans = [max(1, math.ceil(q.estimated_seconds(r.id, lang) / 60)) for r in q.roles]
        low, high = min(spans), max(spans)
        text = (
            t("duration", lang, minutes=low)
            if low == high
            else t("duration_range", lang, low=low, high=high)
        )
        st.markdown(f":material/schedule: {text}")
    started = mine is not None
    person_code = Respond.PERSON_CODE.get()
    if person_code is not None and not started:
        with st.container(horizontal=True, vertical_alignment="center", key="respond-code-ok"):
            st.markdown(
                f":material/key: {t('person_code_ok', lang, code=codes.format_code(person_code))}"
            )
            st.button(
                t("person_code_change", lang),
                key="respond-other-code",
                type="tertiary",
                on_click=_on_other_code,
            )
    ready = role_id is not None and team_ok
    st.button(
        t("continue" if started else "start", lang),
        type="primary",
        width="stretch",
        key="respond-start",
        disabled=not ready,
        on_click=_on_start,
        args=(store, survey, role_id, team_id, lang),
    )
    problem = Respond.START_ERROR.take()
    if problem:  # already Markdown-safe (`_error_text`)
        st.error(problem, icon=":material/error:")
    if role_id is None:
        st.caption(t("choose_role", lang))
    elif not team_ok:
        st.caption(t("choose_team", lang))


def _role_choice(q: Questionnaire, lang: str, profile: tuple[str, str | None] | None) -> str | None:
    roles = [r.id for r in q.roles]
    if not Respond.ROLE.is_set() and profile:
        Respond.ROLE.set(profile[0])
    chosen: str | None = st.radio(
        t("role_label", lang),
        roles,
        index=None,
        format_func=lambda rid: escape_markdown(q.t(q.role(rid).name, lang)),
        captions=[escape_markdown(q.t(r.description, lang)) for r in q.roles],
        help=t("role_help", lang),
        key=Respond.ROLE.name,
    )
    return chosen


def _team_choice(
    survey: Survey, lang: str, profile: tuple[str, str | None] | None
) -> tuple[str | None, bool]:
    """The team (None when the assessment has none) and whether the choice is complete."""
    teams = survey.assessment.teams
    if not teams:
        return None, True
    names = {team.id: team.name for team in teams}
    preset = survey.team_preset
    if profile is None and preset in names:
        st.markdown(t("team_preset", lang, team=escape_markdown(names[preset])))
        return preset, True
    if preset and preset not in names and profile is None:
        st.caption(t("team_unknown", lang))
    if not Respond.TEAM.is_set() and profile:
        Respond.TEAM.set(profile[1])
    chosen: str | None
    if len(names) <= MAX_RADIO_OPTIONS:
        # Radio buttons: every team in sight, one tap each, nothing to open or close.
        chosen = st.radio(
            t("team_label", lang),
            list(names),
            index=None,
            format_func=lambda tid: escape_markdown(names[tid]),
            key=Respond.TEAM.name,
        )
    else:
        chosen = st.selectbox(
            t("team_label", lang),
            list(names),
            index=None,
            format_func=lambda tid: names[tid],  # selectbox options are plain text
            placeholder=t("team_placeholder", lang),
            key=Respond.TEAM.name,
        )
    return chosen, chosen is not None


def _on_start(
    store: Store, survey: Survey, role_id: str | None, team_id: str | None, lang: str
) -> None:
    if role_id is None:
        return
    secret = Respond.SECRET.get()
    try:
        if secret is None:
            started = responses.start_response(
                store,
                survey.assessment.id,
                role_id=role_id,
                team_id=team_id,
                language=lang,
                channel="survey",
                code=Respond.PERSON_CODE.get(),
                address=client.address(),
            )
            Respond.PERSON_CODE.clear()  # used up: the session keeps no copy
            Respond.SECRET.set(started.secret)
            # A reload of the page now resumes this response instead of starting anew.
            st.query_params.from_dict({"r": started.secret})
        else:
            mine = responses.resume(store, secret)
            if (mine.role_id, mine.team_id) != (role_id, team_id):
                responses.update_profile(
                    store, secret, role_id=role_id, team_id=team_id, language=lang
                )
    except GapMapError as err:
        if err.code in CODE_REFUSALS:  # back to the code page, saying why
            Respond.PERSON_CODE.take()
            Respond.CODE_ERROR.set(_error_text(err, lang))
            return
        Respond.START_ERROR.set(_error_text(err, lang))
        return
    Respond.LANGUAGE.set(lang)
    Respond.STEP.set(1)
    Respond.MISSING.set([])


# --- one dimension per step -----------------------------------------------------------------


def _dimension_step(
    store: Store,
    survey: Survey,
    lang: str,
    step: int,
    last: int,
    dim: Dimension,
    items: list[Item],
    answers: Mapping[str, AnswerValue],
) -> None:
    q = survey.q
    arriving = Respond.SHOWN_STEP.get() != step
    if arriving:
        # Arriving on a step: its widgets start from the stored answers, never from
        # state left over from an earlier visit.
        for item in items:
            Respond.ITEM.clear(item.id)
            Respond.DONT_KNOW.clear(item.id)
        Respond.SHOWN_STEP.set(step)
    st.header(escape_markdown(q.t(dim.name, lang)), anchor=False)
    st.caption(escape_markdown(q.t(dim.definition, lang)))
    st.html(PHONE_CSS)
    flagged = [i for i in items if i.id in Respond.MISSING.get()]
    missing = [i for i in flagged if answers.get(i.id) is None]
    # Nothing above a question moves while a person answers the flagged ones, so a quick
    # tap lands where it was aimed: the summary says what was missing when they went on
    # (it keeps its words; only its colour turns once all are answered), and a flagged
    # question's note turns from "please answer" into "answered", a line of the same
    # height. The box is always drawn (empty when nothing is flagged), so the items
    # below keep their place and the browser never shows an item twice while redrawing.
    summary = st.container(key="respond-missing-summary")
    if flagged:
        was_missing = _missing_text(q, items, flagged, lang, past=True)
        if missing:
            summary.error(was_missing, icon=":material/error:")
        else:
            summary.info(was_missing, icon=":material/check_circle:")
    for number, item in enumerate(items, start=1):
        _item_card(
            store,
            q,
            item,
            lang,
            number=number,
            flagged=item in flagged,
            answer=answers.get(item.id),
        )
    # What is still missing, beside the button that was tapped: the tap visibly did
    # something, and the count goes down as the questions are answered.
    near = st.container(key="respond-missing-near")
    if missing:
        near.error(_missing_text(q, items, missing, lang), icon=":material/error:")
    elif flagged:
        near.success(t("missing_all_answered", lang), icon=":material/check_circle:")
    answered = sum(1 for item in items if answers.get(item.id) is not None)
    with st.container(horizontal=True, vertical_alignment="center", key="respond-nav"):
        st.button(
            t("back", lang),
            key="respond-back",
            width="stretch",
            icon=":material/arrow_back:",
            on_click=_on_move,
            args=(store, items, step - 1, False),
        )
        with st.container(width="content", key="respond-answered"):
            st.markdown(
                t("answered_count", lang, n=answered, m=len(items)), text_alignment="center"
            )
        if step < last:
            st.button(
                t("next", lang),
                key="respond-next",
                type="primary",
                width="stretch",
                icon=":material/arrow_forward:",
                icon_position="right",
                on_click=_on_move,
                args=(store, items, step + 1, True),
            )
        else:
            st.button(
                t("submitting" if Respond.SUBMIT_CLICKED.get() else "submit", lang),
                key="respond-submit",
                type="primary",
                width="stretch",
                icon=":material/send:",
                disabled=bool(Respond.SUBMIT_CLICKED.get()),
                on_click=_on_submit,
                args=(store, survey, items),
            )
    problem = Respond.SUBMIT_ERROR.take()
    if problem:  # already Markdown-safe (`_error_text`)
        st.error(problem, icon=":material/error:")
    st.caption(f":material/cloud_done: {t('saved_note', lang)}")
    _continue_later(lang)
    _erase_box(store, lang)
    # Last on the page, so they move nothing above them.
    nonce = Respond.SCROLL_TO_MISSING.take()
    if nonce and missing:
        first = items.index(missing[0])
        st.html(SCROLL_TO_MISSING.format(nonce=nonce, index=first), unsafe_allow_javascript=True)
    elif arriving:
        st.html(SCROLL_TO_TOP.format(step=step), unsafe_allow_javascript=True)


def _short(text: str) -> str:
    """A question cut to about `SHORT_QUESTION` characters at a word, for a message."""
    if len(text) <= SHORT_QUESTION:
        return text
    cut = text[:SHORT_QUESTION].rsplit(" ", 1)[0].rstrip(" ,.;:")
    return f"{cut} …"


def _missing_text(
    q: Questionnaire, items: list[Item], missing: list[Item], lang: str, *, past: bool = False
) -> str:
    """ "2 answers missing: question 3 (“…”), question 7 (“…”)" ("2 answers were missing"
    with `past`, said of the moment the person went on): the step's questions by
    their number on the page, quoted when there are few (Markdown-safe; "" for none)."""
    if not missing:
        return ""
    numbers = [items.index(item) + 1 for item in missing]
    if len(missing) <= MAX_NAMED_MISSING:
        named = ", ".join(
            t(
                "missing_question",
                lang,
                n=number,
                text=escape_markdown(_short(q.t(item.text, lang))),
            )
            for number, item in zip(numbers, missing, strict=True)
        )
    else:
        named = t("missing_questions", lang, numbers=", ".join(str(n) for n in numbers))
    key = "missing_count_one" if len(missing) == 1 else "missing_count_many"
    if past:
        key += "_past"
    return t(key, lang, n=len(missing), items=named)


def _widget_value(item: Item, answer: AnswerValue) -> Any:
    """The value an item's widget shows for a stored answer."""
    if isinstance(answer, DontKnow):
        answer = None
    if item.type == "multi":
        return list(answer) if isinstance(answer, list) else []
    if item.type == "text":
        return answer if isinstance(answer, str) else ""
    if item.type == "number":
        return float(answer) if isinstance(answer, int | float) else None
    return answer if isinstance(answer, int) else None


def _answer_from_widgets(item: Item) -> AnswerValue:
    """The answer the item's widgets hold now (None: no answer)."""
    if Respond.DONT_KNOW.get(item.id):
        return DONT_KNOW
    value = Respond.ITEM.get(item.id)
    if item.type == "multi":
        return sorted(int(v) for v in value) if value else None
    if item.type == "text":
        return value.strip() or None if isinstance(value, str) else None
    if item.type == "number":
        return float(value) if value is not None else None
    return int(value) if value is not None else None


def _save(store: Store, item: Item, value: AnswerValue) -> None:
    """Write one answer now; keep the reason when it cannot be taken."""
    errors = Respond.ITEM_ERRORS.setdefault()
    secret = Respond.SECRET.get()
    if secret is None:
        return
    try:
        responses.save_answers(store, secret, {item.id: value})
    except GapMapError as err:
        errors[item.id] = _error_text(err, lang_of(None))
        return
    errors.pop(item.id, None)


def _stored(store: Store) -> dict[str, AnswerValue]:
    """The respondent's answers as stored now."""
    mine = _mine(store)
    return dict(mine.answers) if mine else {}


def _error_text(err: GapMapError, lang: str) -> str:
    """The refusal in the respondent's language, as Markdown-safe text."""
    return err.message_in(lang, escape=escape_markdown)


def _on_item(store: Store, item: Item) -> None:
    if Respond.ITEM.get(item.id) not in (None, [], ""):
        Respond.DONT_KNOW.set(item.id, False)
    _save(store, item, _answer_from_widgets(item))


def _on_dont_know(store: Store, item: Item) -> None:
    if Respond.DONT_KNOW.get(item.id):
        Respond.ITEM.set(item.id, _widget_value(item, None))
    _save(store, item, _answer_from_widgets(item))


def _sync(store: Store, items: list[Item]) -> None:
    """Save any widget value not saved yet (a callback that has not run, e.g. a number
    typed and Next tapped at once). Only for the step on screen: the state of widgets
    of other steps is gone or stale."""
    stored = _stored(store)
    for item in items:
        if Respond.ITEM.is_set(item.id) or Respond.DONT_KNOW.is_set(item.id):
            value = _answer_from_widgets(item)
            if value != stored.get(item.id):
                _save(store, item, value)


def _on_move(store: Store, items: list[Item], to_step: int, check: bool) -> None:
    _sync(store, items)
    if check:
        answers = _stored(store)
        missing = [i.id for i in items if i.is_required and answers.get(i.id) is None]
        if missing:
            Respond.MISSING.set(missing)
            _scroll_to_missing()
            return
    Respond.MISSING.set([])
    Respond.STEP.set(max(0, to_step))


def _scroll_to_missing() -> None:
    """Have the next run bring the step's first missing question into view (a new
    number each time, so a second tap on Next scrolls again)."""
    Respond.SCROLL_TO_MISSING.set(Respond.MISSING_TAPS.get() + 1)
    Respond.MISSING_TAPS.set(Respond.MISSING_TAPS.get() + 1)


def _on_submit(store: Store, survey: Survey, items: list[Item]) -> None:
    if Respond.SUBMIT_CLICKED.get():
        return
    mine = _mine(store)
    if mine is None:
        return
    steps = _steps(survey.q, mine.role_id)
    _sync(store, items)
    try:
        responses.submit(store, Respond.SECRET.get() or "")
    except responses.MissingAnswers as missing:
        Respond.MISSING.set(missing.item_ids)
        answers = {**_stored(store), **dict.fromkeys(missing.item_ids)}
        Respond.STEP.set(resume_step(steps, answers))
        _scroll_to_missing()
        return
    except GapMapError as err:
        Respond.SUBMIT_ERROR.set(_error_text(err, lang_of(None)))
        return
    Respond.SUBMIT_CLICKED.set(True)
    Respond.MISSING.set([])


def _item_card(
    store: Store,
    q: Questionnaire,
    item: Item,
    lang: str,
    *,
    number: int,
    flagged: bool,
    answer: AnswerValue,
) -> None:
    key = Respond.ITEM.of(item.id)
    dk_key = Respond.DONT_KNOW.of(item.id)
    if not Respond.ITEM.is_set(item.id):  # seeded from the store
        Respond.ITEM.set(item.id, _widget_value(item, answer))
    dont_know = q.dont_know_label(item, lang)
    if dont_know is not None and not Respond.DONT_KNOW.is_set(item.id):
        Respond.DONT_KNOW.set(item.id, isinstance(answer, DontKnow))
    label = escape_markdown(q.t(item.text, lang))
    on_change: Callable[..., None] = _on_item
    with st.container(border=True, key=f"respond-card-{item.id}"):
        st.markdown(f"**{number}. {label}**")
        notes = []
        if not item.is_required:
            notes.append(t("optional", lang))
        if item.help:
            notes.append(escape_markdown(q.t(item.help, lang)))
        if item.type == "multi":
            notes.append(t("multi_hint", lang))
        if notes:
            st.caption(" · ".join(notes))
        if flagged and answer is None:
            st.error(t("missing_item", lang), icon=":material/priority_high:")
        elif flagged:  # the same height as the note it replaces: nothing below moves
            st.success(t("missing_item_answered", lang), icon=":material/check:")
        error = Respond.ITEM_ERRORS.get().get(item.id)
        if error:
            st.error(error, icon=":material/error:")
        options = [escape_markdown(q.t(o.text, lang)) for o in q.options_of(item)]
        if item.type in OPTION_ITEMS:
            st.radio(
                label,
                range(len(options)),
                format_func=lambda i: options[i],
                horizontal=item.type in SCALE_ITEMS,
                key=key,
                on_change=on_change,
                args=(store, item),
                label_visibility="collapsed",
            )
        elif item.type == "multi":
            st.pills(
                label,
                range(len(options)),
                selection_mode="multi",
                format_func=lambda i: options[i],
                key=key,
                on_change=on_change,
                args=(store, item),
                label_visibility="collapsed",
            )
        elif item.type == "number":
            whole = item.min is not None and item.max is not None
            whole = (
                whole and float(item.min or 0).is_integer() and float(item.max or 0).is_integer()
            )
            unit = q.t(item.unit, lang)
            st.number_input(
                label,
                min_value=item.min,
                max_value=item.max,
                step=1.0 if whole else None,
                format="%.0f" if whole else None,
                placeholder=unit or None,
                key=key,
                on_change=on_change,
                args=(store, item),
                label_visibility="collapsed",
            )
            range_text = t("number_range", lang, low=f"{item.min:g}", high=f"{item.max:g}")
            st.caption(f"{range_text} {escape_markdown(unit)}".strip())
        else:
            st.text_area(
                label,
                max_chars=item.max_length,
                height=110,
                key=key,
                on_change=on_change,
                args=(store, item),
                label_visibility="collapsed",
            )
        if dont_know is not None:
            st.checkbox(
                escape_markdown(dont_know),
                key=dk_key,
                on_change=_on_dont_know,
                args=(store, item),
            )


def resume_url(secret: str) -> str:
    """The link that brings the respondent back: this app's address with `?r=SECRET`."""
    try:
        current = st.context.url
    except AttributeError:  # pragma: no cover - older Streamlit
        current = None
    if not current:
        return f"?r={secret}"
    parts = urlsplit(current)
    path = parts.path
    if path.rstrip("/").endswith("/respond"):
        path = path.rstrip("/")[: -len("respond")]
    return urlunsplit((parts.scheme, parts.netloc, path or "/", f"r={secret}", ""))


def _continue_later(lang: str) -> None:
    secret = Respond.SECRET.get()
    if secret is None:
        return
    with st.expander(t("later_label", lang), icon=":material/bookmark:", key="respond-later"):
        st.caption(t("later_body", lang))
        _link_box(secret, lang, "respond-later-link")


def mail_to_self(url: str, lang: str) -> str:
    """A `mailto:` link (no recipient: the respondent's own mail app asks) whose subject
    and body carry nothing but our words and the resume link, URL-encoded."""
    subject = quote(t("mail_subject", lang), safe="")
    body = quote(t("mail_body", lang, url=url), safe="")
    return f"mailto:?subject={subject}&body={body}"


def _link_box(secret: str, lang: str, box: str) -> None:
    """The resume link with a visible copy button and a "send it to myself" mail link.
    `box` is a constant of ours: the copy button finds the link by it."""
    url = resume_url(secret)
    with st.container(key=box):
        st.code(url, language=None, wrap_lines=True)
        with st.container(horizontal=True, vertical_alignment="center", key=f"{box}-actions"):
            st.html(
                COPY_BUTTON.format(
                    box=box,
                    label=html.escape(t("copy_link", lang)),
                    done=html.escape(t("copy_done", lang)),
                    failed=html.escape(t("copy_failed", lang)),
                ),
                width="content",
                unsafe_allow_javascript=True,
            )
            st.link_button(t("mail_link", lang), mail_to_self(url, lang), icon=":material/mail:")


def _erase_box(store: Store, lang: str) -> None:
    """The respondent's right to erasure: their secret is the only authority needed."""
    secret = Respond.SECRET.get()
    if secret is None:
        return
    words = erasure.Words(
        t("erase_label", lang),
        t("erase_body", lang),
        t("erase_confirm", lang),
        t("erase_button", lang),
        t("erase_confirm_first", lang),
    )
    erasure.erase_box(
        store,
        "respond-erase",
        secret,
        words,
        describe=lambda err: _error_text(err, lang),
        forget=lambda: _forget_response(lang),
    )


def _forget_response(lang: str) -> None:
    state.forget(Respond.PREFIX)
    Respond.ERASED.set(True)
    Respond.LANGUAGE.set(lang)


# --- after submitting ---------------------------------------------------------------------


def _snapshot_page(store: Store, survey: Survey, secret: str) -> None:
    lang = _language_switch(survey)
    snap = personal_snapshot(store, secret, lang)
    st.title(t("snapshot_title", lang), anchor=False)
    st.markdown(t("snapshot_intro", lang))
    # No Vega menu, and room above the chart for Streamlit's toolbar (it floats over
    # the chart's top edge), so neither covers the words above.
    chart = snapshot_chart(snap, lang).properties(usermeta={"embedOptions": {"actions": False}})
    with st.container(key="respond-snapshot-chart"):
        st.space("small")
        st.altair_chart(chart, theme=None, width="stretch")
    st.caption(t("snapshot_chart_label", lang))
    st.markdown(snapshot_lines(snap, lang))
    if snap.role_hidden:
        st.info(t("snapshot_role_wait", lang, k=snap.k), icon=":material/group:")
    if snap.organisation_hidden:
        st.info(t("snapshot_org_wait", lang, k=snap.k), icon=":material/groups:")
    if snap.actions:
        st.subheader(t("snapshot_actions", lang), anchor=False)
        st.caption(t("snapshot_actions_intro", lang))
        for action in snap.actions:
            with st.container(border=True, key=f"respond-action-{action.id}"):
                st.markdown(f"**{escape_markdown(action.title)}**")
                st.markdown(escape_markdown(action.description))
                st.caption(t("snapshot_action_owner", lang, owner=escape_markdown(action.owner)))
    st.caption(t("snapshot_keep", lang))
    _link_box(secret, lang, "respond-keep-link")
    _erase_box(store, lang)
    if not Respond.SNAPSHOT_SHOWN.get():
        Respond.SNAPSHOT_SHOWN.set(True)
        st.html(SCROLL_TO_TOP.format(step="snapshot"), unsafe_allow_javascript=True)


def snapshot_lines(snap: Snapshot, lang: str) -> str:
    """The snapshot in words, one Markdown list line per dimension (names escaped)."""
    lines = []
    for d in snap.dimensions:
        name = escape_markdown(d.name)
        if d.own is None or d.own_level is None:
            line = t("snapshot_dimension_unscored", lang, name=name)
        else:
            line = t(
                "snapshot_dimension",
                lang,
                name=name,
                own=snap.score_text(d.own, lang),
                level=snap.shown_level(d.own_level),
                level_name=escape_markdown(snap.level_name(d.own_level)),
                target=snap.shown_level(d.target),
            )
        extra = []
        if d.role is not None:
            extra.append(t("snapshot_role", lang, value=snap.score_text(d.role, lang)))
        if d.organisation is not None:
            extra.append(
                t("snapshot_organisation", lang, value=snap.score_text(d.organisation, lang))
            )
        if extra:
            line += " · " + " · ".join(extra)
        lines.append(f"- {line}")
    return "\n".join(lines)


if __name__ == "__main__":
    render()
