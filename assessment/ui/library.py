"""The questionnaire library: review each questionnaire and preview it as a role would.

Display only: the questionnaires, their problems and what a role sees all come from
`assessment.questionnaire.questionnaires` and `assessment.questionnaire.model`. Every
questionnaire text goes through `assessment.ui.text`, so it is shown literally, never as
Markdown or HTML.
"""

from __future__ import annotations

import math
from pathlib import Path

import streamlit as st

from assessment.questionnaire.model import Action, Item, Questionnaire
from assessment.questionnaire.questionnaires import LoadResult, Problem
from assessment.storage.config import questionnaire_dir
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


def questionnaire_label(q: Questionnaire) -> str:
    """How a questionnaire is named in the picker: title and version (plain text)."""
    return f"{q.t(q.title)} · v{q.version}"


def problem_list(problems: list[Problem]) -> str:
    """Problems as a Markdown list, one line each: where, field, message and code (escaped)."""
    return "\n".join(
        f"- **{escape_markdown(f'{Path(p.file).name}:{p.line}')}**"
        f"{' · ' + escape_markdown(p.path) if p.path else ''}: "
        f"{escape_markdown(p.message)} :gray[{escape_markdown(p.code)}]"
        for p in problems
    )


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
            st.markdown(problem_list(result.errors))


def _choose_questionnaire(
    valid: list[tuple[LoadResult, Questionnaire]],
) -> tuple[LoadResult, Questionnaire]:
    by_file = {result.file: (result, q) for result, q in valid}
    chosen: str = st.selectbox(
        "Questionnaire",
        list(by_file),
        format_func=lambda file: questionnaire_label(by_file[file][1]),
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
    with st.container(horizontal=True, gap="small", key="library-counts"):
        for label in counts(q):
            st.badge(label, color="gray")
    if result.warnings:
        n = len(result.warnings)
        with st.expander(
            f"{n} warning{'s' if n != 1 else ''} for the author", icon=":material/warning:"
        ):
            st.markdown(problem_list(result.warnings))


def _show_levels(q: Questionnaire, language: str) -> None:
    st.caption(f"A score on the 1 to {q.scale_max} scale reaches a level from its threshold up.")
    st.table(
        [
            {
                "Level": str(q.shown_level(n)),
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
    area_of = {d: q.t(a.name, language) for a in q.areas for d in a.dimensions}
    for dim in q.dimensions:
        with st.container(border=True, key=f"dimension-{dim.id}"):
            st.subheader(escape_markdown(q.t(dim.name, language)), anchor=False)
            area = f" · area {escape_markdown(area_of[dim.id])}" if dim.id in area_of else ""
            st.caption(f"Weight {dim.weight:g}{area} · id `{dim.id}`")
            paragraph(q.t(dim.definition, language))
            st.markdown(
                "\n".join(
                    f"{n}. **{escape_markdown(name)}**: {escape_markdown(q.t(text, language))}"
                    for n, (name, text) in enumerate(
                        zip(level_names, dim.levels, strict=True), start=q.first_level
                    )
                )
            )
            if dim.prompts:
                st.markdown("**Workshop prompts**")
                st.markdown(
                    "\n".join(f"- {escape_markdown(q.t(p, language))}" for p in dim.prompts)
                )


def counts(q: Questionnaire) -> list[str]:
    """The questionnaire's size in words: levels, dimensions, roles, items, actions."""

    def n(count: int, noun: str) -> str:
        return f"{count} {noun}{'' if count == 1 else 's'}"

    core = sum(1 for i in q.items if i.is_core)
    return [
        n(len(q.levels), "level"),
        n(len(q.dimensions), "dimension"),
        n(len(q.roles), "role"),
        n(len(q.items), "item") + f" ({core} core)",
        n(len(q.actions), "action"),
    ]


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
    # Whole-number bounds step by one and show no decimals (a count of calls, not 3.00).
    whole = low is not None and high is not None and low.is_integer() and high.is_integer()
    st.number_input(
        label,
        min_value=low,
        max_value=high,
        value=None,
        step=1.0 if whole else None,
        format="%.0f" if whole else None,
        placeholder=unit or None,
        key=key,
        disabled=True,
        label_visibility="collapsed",
        width=240,
    )
    st.caption(escape_markdown(f"Range {low:g}–{high:g} {unit}".strip()))


def _preview_item(q: Questionnaire, item: Item, language: str) -> None:
    # Keys start with what they name, so no item id can make two keys collide.
    key = f"item-{q.id}-{item.id}"
    label = escape_markdown(q.t(item.text, language))
    with st.container(border=True, key=f"card-{q.id}-{item.id}"):
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
                placeholder="",  # the preview shows respondents no English chrome
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
                height=96,
                key=key,
                disabled=True,
                label_visibility="collapsed",
            )
        dont_know = q.dont_know_label(item, language)
        if dont_know is not None:
            with st.container(gap="xxsmall", key=f"dontknow-row-{q.id}-{item.id}"):
                st.divider()
                st.checkbox(
                    escape_markdown(dont_know), disabled=True, key=f"dontknow-{q.id}-{item.id}"
                )


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
    minutes = max(1, math.ceil(q.estimated_seconds(role_id, language) / 60))
    core = sum(1 for i in items if i.is_core)
    with st.grid(3, min_column_width=96, key="preview-counts"):
        st.metric("Items", len(items), border=True)
        st.metric("Minutes", f"≈ {minutes}", border=True)
        st.metric("Core", core, border=True)
    role_only = len(items) - core
    st.caption(
        "Core items are asked of every role, so roles can be compared; "
        + ("1 item here is" if role_only == 1 else f"{role_only} items here are")
        + " not asked of every role."
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
    return f"{dimension}: level {when.from_level} → {(when.from_level or 0) + 1}"  # as written


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
        height="content",
        column_config={
            "Action": st.column_config.TextColumn(width="large"),
            "Owner": st.column_config.TextColumn(width="small"),
            "Effort": st.column_config.TextColumn(width="small"),
            "Impact": st.column_config.TextColumn(width="small"),
            "When": st.column_config.TextColumn(width="medium"),
        },
        on_select="rerun",
        selection_mode="single-row",
        key=f"library-actions-{q.id}",
    )
    selected = event.selection.rows
    if not selected:
        st.caption("Select a row to read what the action involves and why it helps.")
        return
    action, row = q.actions[selected[0]], rows[selected[0]]
    with st.container(border=True, key=f"library-action-{q.id}"):
        st.markdown(f"**{escape_markdown(row['Action'])}**")
        st.caption(
            escape_markdown(
                f"{row['When']} · owner {row['Owner']} · effort {row['Effort']} · "
                f"impact {row['Impact']}"
            )
        )
        paragraph(q.t(action.description, language))
        st.markdown(f"**Why:** {escape_markdown(q.t(action.rationale, language))}")


def render() -> None:
    """Draw the library page."""
    st.title("Questionnaire library", anchor=False)
    folder = questionnaire_dir()
    results = state.questionnaire_library()
    valid = [(r, r.questionnaire) for r in results if r.ok and r.questionnaire is not None]
    broken = [r for r in results if not r.ok]
    st.caption(
        "Questionnaires are YAML files in the "
        f"{escape_markdown(folder.name)} folder. Review the maturity model, the dimensions "
        "and the action library, and see the questionnaire as each role will."
    )
    if broken:
        _show_broken_files(broken, expanded=not valid)
    if not valid:
        st.info("No valid questionnaire in the library yet.")
        return
    pick, switch = st.columns([3, 1], vertical_alignment="bottom")
    with pick:
        result, q = _choose_questionnaire(valid)
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
