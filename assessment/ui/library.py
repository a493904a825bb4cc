"""The questionnaire library: review each questionnaire and preview it as a role would.

Display only: the questionnaires, their problems and what a role sees all come from
`assessment.questionnaires` and `assessment.model`. Every questionnaire text goes through
`assessment.ui.text`, so it is shown literally, never as Markdown or HTML.
"""

from __future__ import annotations

import math
from pathlib import Path

import streamlit as st

from assessment.config import questionnaire_dir
from assessment.model import Action, Item, Questionnaire
from assessment.questionnaires import LoadResult, Problem
from assessment.ui import state
from assessment.ui.text import caption, escape_markdown, language_name, paragraph

TABS = ["Maturity levels", "Dimensions", "Preview as a role", "Actions"]

TYPE_NAMES: dict[str, str] = {
    "likert": "Agreement scale",
    "frequency": "Frequency scale",
    "anchored": "Anchored maturity choice",
    "choice": "Single choice",
    "multi": "Multiple choice",
    "number": "Number",
    "text": "Free text",
}
EFFORT_NAMES: dict[str, str] = {"S": "Small", "M": "Medium", "L": "Large"}
FINDING_NAMES: dict[str, str] = {
    "perception_gap": "Perception gap",
    "low_consensus": "Low consensus",
    "dont_know": "Many “don't know” answers",
    "low_response": "Low response",
}


def questionnaire_label(result: LoadResult) -> str:
    """How a questionnaire is named in the picker: title and version (plain text)."""
    q = result.questionnaire
    if q is None:
        return Path(result.file).name
    return f"{q.t(q.title)} · v{q.version}"


def problem_rows(problems: list[Problem]) -> list[dict[str, str]]:
    """Problems as table rows (where, field, problem, code), Markdown-escaped for st.table."""
    return [
        {
            "Where": escape_markdown(f"{Path(p.file).name}:{p.line}"),
            "Field": escape_markdown(p.path or "(whole file)"),
            "Problem": escape_markdown(p.message),
            "Code": escape_markdown(p.code),
        }
        for p in problems
    ]


def _show_broken_files(broken: list[LoadResult], expanded: bool) -> None:
    count = len(broken)
    label = f"{count} file{'s' if count != 1 else ''} in the library could not be loaded"
    with st.expander(label, expanded=expanded, icon=":material/error:", key="library-broken"):
        st.caption("Fix these problems in the YAML file; the page picks up the change.")
        for result in broken:
            n = len(result.errors)
            st.markdown(
                f"**{escape_markdown(Path(result.file).name)}** · "
                f"{n} problem{'s' if n != 1 else ''}"
            )
            st.table(problem_rows(result.errors), hide_index=True)


def _choose_questionnaire(valid: list[LoadResult]) -> LoadResult:
    by_file = {r.file: r for r in valid}
    chosen: str = st.selectbox(
        "Questionnaire",
        list(by_file),
        format_func=lambda file: questionnaire_label(by_file[file]),
        key="library-questionnaire",
    )
    return by_file[chosen]


def _choose_language(q: Questionnaire) -> str:
    if len(q.languages) == 1:
        st.caption(f"Language: {language_name(q.languages[0])}")
        return q.languages[0]
    language: str = st.segmented_control(
        "Language",
        q.languages,
        default=q.language,
        required=True,
        format_func=language_name,
        key=f"library-language-{q.id}",
    )
    return language


def _show_overview(result: LoadResult, q: Questionnaire, language: str) -> None:
    st.header(escape_markdown(q.t(q.title, language)), anchor=False)
    languages = ", ".join(language_name(code) for code in q.languages)
    st.caption(
        f"Version {escape_markdown(q.version)} · {languages} · "
        f"content hash `{q.content_hash()[:12]}` · {escape_markdown(Path(result.file).name)}"
    )
    paragraph(q.t(q.description, language))
    core = sum(1 for i in q.items if i.is_core)
    with st.grid(columns="auto", min_column_width=104, key="library-counts"):
        st.metric("Levels", len(q.levels), border=True)
        st.metric("Dimensions", len(q.dimensions), border=True)
        st.metric("Roles", len(q.roles), border=True)
        st.metric("Items", len(q.items), border=True, help=f"{core} core items seen by every role")
        st.metric("Actions", len(q.actions), border=True)
    if result.warnings:
        n = len(result.warnings)
        with st.expander(
            f"{n} warning{'s' if n != 1 else ''} for the author", icon=":material/warning:"
        ):
            st.table(problem_rows(result.warnings), hide_index=True)


def _show_levels(q: Questionnaire, language: str) -> None:
    st.caption(f"A score on the 1 to {q.scale_max} scale reaches a level from its threshold up.")
    st.table(
        [
            {
                "Level": str(n),
                "Name": escape_markdown(q.t(level.name, language)),
                "From score": f"{level.threshold:g}",
                "Description": escape_markdown(q.t(level.description, language)),
            }
            for n, level in enumerate(q.levels, start=1)
        ],
        hide_index=True,
    )


def _show_dimensions(q: Questionnaire, language: str) -> None:
    level_names = [q.t(level.name, language) for level in q.levels]
    for dim in q.dimensions:
        with st.container(border=True, key=f"dimension-{dim.id}"):
            st.subheader(escape_markdown(q.t(dim.name, language)), anchor=False)
            st.caption(f"Weight {dim.weight:g} · id `{dim.id}`")
            paragraph(q.t(dim.definition, language))
            st.markdown(
                "\n".join(
                    f"{n}. **{escape_markdown(name)}**: {escape_markdown(q.t(text, language))}"
                    for n, (name, text) in enumerate(
                        zip(level_names, dim.levels, strict=True), start=1
                    )
                )
            )
            if dim.prompts:
                st.markdown("**Workshop prompts**")
                st.markdown(
                    "\n".join(f"- {escape_markdown(q.t(p, language))}" for p in dim.prompts)
                )


def item_flags(q: Questionnaire, item: Item, language: str) -> str:
    """The consultant's notes on an item: id, type, audience and scoring flags."""
    if item.is_core:
        audience = "core item"
    else:
        audience = "only " + ", ".join(q.t(q.role(r).name, language) for r in item.roles)
    flags = [f"`{item.id}`", TYPE_NAMES[item.type], escape_markdown(audience)]
    if item.reverse:
        flags.append("reverse-coded")
    if item.weight != 1:
        flags.append(f"weight {item.weight:g}")
    if item.pulse:
        flags.append("pulse")
    if not item.is_required:
        flags.append("optional")
    return " · ".join(flags)


def _preview_number(q: Questionnaire, item: Item, language: str, label: str, key: str) -> None:
    unit = q.t(item.unit, language)
    low, high = item.min, item.max
    if low is not None and high is not None and low.is_integer() and high.is_integer():
        st.number_input(
            label,
            int(low),
            int(high),
            value=None,
            placeholder=unit or None,
            key=key,
            disabled=True,
            label_visibility="collapsed",
        )
    else:
        st.number_input(
            label,
            low,
            high,
            value=None,
            placeholder=unit or None,
            key=key,
            disabled=True,
            label_visibility="collapsed",
        )
    st.caption(escape_markdown(f"From {low:g} to {high:g} {unit}".strip()))


def _preview_item(q: Questionnaire, item: Item, language: str) -> None:
    key = f"preview-{q.id}-{item.id}"
    text = q.t(item.text, language)
    label = escape_markdown(text)
    with st.container(border=True, key=f"{key}-card"):
        st.caption(item_flags(q, item, language))
        st.markdown(f"**{label}**")
        if item.help:
            caption(q.t(item.help, language))
        options = [q.t(o.text, language) for o in q.options_of(item)]
        if item.type in ("likert", "frequency", "anchored", "choice"):
            shown = [escape_markdown(o) for o in options]
            st.radio(
                label,
                range(len(shown)),
                format_func=lambda i: shown[i],
                index=None,
                horizontal=item.type in ("likert", "frequency"),
                key=key,
                disabled=True,
                label_visibility="collapsed",
            )
        elif item.type == "multi":
            st.multiselect(
                label,
                range(len(options)),
                format_func=lambda i: options[i],
                placeholder="Choose all that apply",
                key=key,
                disabled=True,
                label_visibility="collapsed",
            )
            st.caption("Choices: " + " · ".join(escape_markdown(o) for o in options))
        elif item.type == "number":
            _preview_number(q, item, language, label, key)
        else:
            st.text_area(
                label,
                max_chars=item.max_length,
                placeholder="Your answer",
                height=96,
                key=key,
                disabled=True,
                label_visibility="collapsed",
            )
        dont_know = q.dont_know_label(item, language)
        if dont_know is not None:
            st.checkbox(escape_markdown(dont_know), disabled=True, key=f"{key}-dont-know")


def _show_preview(q: Questionnaire, language: str) -> None:
    role_names = {r.id: q.t(r.name, language) for r in q.roles}
    role_id: str = st.pills(
        "Preview as",
        list(role_names),
        default=q.roles[0].id,
        required=True,
        format_func=lambda rid: escape_markdown(role_names[rid]),
        key=f"library-role-{q.id}",
    )
    role = q.role(role_id)
    caption(q.t(role.description, language))
    pages = q.items_for_role(role_id)
    items = [item for _, dim_items in pages for item in dim_items]
    minutes = max(1, math.ceil(q.estimated_seconds(role_id) / 60))
    with st.grid(columns="auto", min_column_width=104, key="preview-counts"):
        st.metric("Items", len(items), border=True)
        st.metric("Minutes", f"≈ {minutes}", border=True, help="Estimated time to complete")
        st.metric(
            "Role items",
            sum(1 for i in items if not i.is_core),
            border=True,
            help="Items only some roles see; the rest are core items every role answers",
        )
    for dim, dim_items in pages:
        st.subheader(escape_markdown(q.t(dim.name, language)), anchor=False)
        caption(q.t(dim.definition, language))
        if not dim_items:
            st.caption("This role sees no item in this dimension.")
        for item in dim_items:
            _preview_item(q, item, language)


def action_when(q: Questionnaire, action: Action, language: str) -> str:
    """When an action is recommended, in words (plain text)."""
    when = action.when
    dimension = q.t(q.dimension(when.dimension).name, language) if when.dimension else None
    if when.finding is not None:
        finding = FINDING_NAMES.get(when.finding, when.finding)
        return f"{finding} in {dimension}" if dimension else finding
    return f"{dimension}: level {when.from_level} → {(when.from_level or 0) + 1}"


def _show_actions(q: Questionnaire, language: str) -> None:
    if not q.actions:
        st.info("This questionnaire has no action library yet.")
        return
    rows = [
        {
            "Action": q.t(a.title, language),
            "Owner": q.t(q.role(a.owner).name, language),
            "Effort": EFFORT_NAMES[a.effort],
            "Impact": a.impact.capitalize(),
            "When": action_when(q, a, language),
        }
        for a in q.actions
    ]
    event = st.dataframe(
        rows,
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key=f"library-actions-{q.id}",
    )
    selected = event.selection.rows
    if not selected:
        st.caption("Select a row to read what the action involves and why it helps.")
        return
    action = q.actions[selected[0]]
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(q.t(action.title, language))}**")
        paragraph(q.t(action.description, language))
        st.markdown(f"**Why:** {escape_markdown(q.t(action.rationale, language))}")


def render() -> None:
    """Draw the library page."""
    st.title("Questionnaire library", anchor=False)
    folder = questionnaire_dir()
    results = state.questionnaire_library()
    valid = [r for r in results if r.ok and r.questionnaire is not None]
    broken = [r for r in results if not r.ok]
    st.caption(
        "Questionnaires are YAML files in "
        f"{escape_markdown(str(folder))}. Review the maturity model, the dimensions "
        "and the action library, and see the questionnaire as each role will."
    )
    if broken:
        _show_broken_files(broken, expanded=not valid)
    if not valid:
        st.info("No valid questionnaire in the library yet.")
        return
    pick, switch = st.columns([3, 1], vertical_alignment="bottom")
    with pick:
        result = _choose_questionnaire(valid)
    q = result.questionnaire
    if q is None:  # only valid results are offered
        return
    with switch:
        language = _choose_language(q)
    _show_overview(result, q, language)
    levels, dimensions, preview, actions = st.tabs(TABS, key="library-tabs")
    with levels:
        _show_levels(q, language)
    with dimensions:
        _show_dimensions(q, language)
    with preview:
        _show_preview(q, language)
    with actions:
        _show_actions(q, language)


if __name__ == "__main__":
    render()
