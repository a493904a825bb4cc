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

from assessment import words
from assessment.questionnaire.model import Action, Item, Questionnaire
from assessment.questionnaire.questionnaires import LoadResult, Problem
from assessment.storage.config import questionnaire_dir
from assessment.ui import state
from assessment.ui.language import t, ui_language
from assessment.ui.state import Library
from assessment.ui.text import caption, escape_markdown, language_name, paragraph

# The tabs, by their words (`library.tab_<name>`).
TABS = ("levels", "dimensions", "preview", "actions")


def questionnaire_label(q: Questionnaire) -> str:
    """How a questionnaire is named in the picker: title and version (plain text)."""
    return f"{q.t(q.title)} · v{q.version}"


def problem_list(problems: list[Problem]) -> str:
    """Problems as a Markdown list, one line each: where, field, message (in the page's
    language) and code (escaped)."""
    lang = ui_language()
    return "\n".join(
        f"- **{escape_markdown(f'{Path(p.file).name}:{p.line}')}**"
        f"{' · ' + escape_markdown(p.path) if p.path else ''}: "
        f"{escape_markdown(p.message_in(lang))} :gray[{escape_markdown(p.code)}]"
        for p in problems
    )


def _show_broken_files(broken: list[LoadResult], expanded: bool) -> None:
    count = len(broken)
    label = t("library.broken_one") if count == 1 else t("library.broken", n=count)
    with st.expander(label, expanded=expanded, icon=":material/error:", key="library-broken"):
        st.caption(t("library.broken_fix"))
        for result in broken:
            n = len(result.errors)
            problems = t("library.problems_one") if n == 1 else t("library.problems", n=n)
            st.markdown(f"**{escape_markdown(Path(result.file).name)}** · {problems}")
            st.markdown(problem_list(result.errors))


def _choose_questionnaire(
    valid: list[tuple[LoadResult, Questionnaire]],
) -> tuple[LoadResult, Questionnaire]:
    by_file = {result.file: (result, q) for result, q in valid}
    chosen: str = st.selectbox(
        t("library.questionnaire"),
        list(by_file),
        format_func=lambda file: questionnaire_label(by_file[file][1]),
        key=Library.QUESTIONNAIRE.name,
    )
    return by_file[chosen]


def _choose_language(q: Questionnaire) -> str:
    if len(q.languages) == 1:
        st.caption(t("library.language_only", language=language_name(q.languages[0])))
        return q.languages[0]
    page = ui_language()
    language: str = st.segmented_control(
        t("library.language"),
        q.languages,
        default=page if page in q.languages else q.language,
        required=True,
        format_func=language_name,
        key=Library.LANGUAGE.of(q.id),
    )
    return language


def _show_overview(result: LoadResult, q: Questionnaire, language: str) -> None:
    st.header(escape_markdown(q.t(q.title, language)), anchor=False)
    languages = ", ".join(language_name(code) for code in q.languages)
    st.caption(
        t(
            "library.overview",
            version=escape_markdown(q.version),
            languages=languages,
            hash=f"`{q.content_hash()[:12]}`",
            file=escape_markdown(Path(result.file).name),
        )
    )
    paragraph(q.t(q.description, language))
    with st.container(horizontal=True, gap="small", key="library-counts"):
        for label in counts(q):
            st.badge(label, color="gray")
    if result.warnings:
        n = len(result.warnings)
        with st.expander(
            t("library.warnings_one") if n == 1 else t("library.warnings", n=n),
            icon=":material/warning:",
        ):
            st.markdown(problem_list(result.warnings))


def _show_levels(q: Questionnaire, language: str) -> None:
    st.caption(t("library.levels_intro", max=q.scale_max))
    page = ui_language()
    st.table(
        [
            {
                t("library.col_level"): str(q.shown_level(n)),
                t("library.col_name"): escape_markdown(q.t(level.name, language)),
                t("library.col_from"): _figure(level.threshold, page),
                t("library.col_description"): escape_markdown(q.t(level.description, language)),
            }
            for n, level in enumerate(q.levels, start=1)
        ],
        hide_index=True,
    )


def _figure(value: float, lang: str) -> str:
    """A number as written in the model, with no trailing zeros, in `lang` ("2,5")."""
    return words.number(value, lang, 0 if value.is_integer() else len(f"{value:g}".split(".")[1]))


def _show_dimensions(q: Questionnaire, language: str) -> None:
    level_names = [q.t(level.name, language) for level in q.levels]
    area_of = {d: q.t(a.name, language) for a in q.areas for d in a.dimensions}
    for dim in q.dimensions:
        with st.container(border=True, key=f"dimension-{dim.id}"):
            st.subheader(escape_markdown(q.t(dim.name, language)), anchor=False)
            page = ui_language()
            meta = [t("library.weight", weight=_figure(dim.weight, page))]
            if dim.id in area_of:
                meta.append(t("library.area", area=escape_markdown(area_of[dim.id])))
            st.caption(" · ".join([*meta, f"id `{dim.id}`"]))
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
                st.markdown(t("library.prompts"))
                st.markdown(
                    "\n".join(f"- {escape_markdown(q.t(p, language))}" for p in dim.prompts)
                )


def counts(q: Questionnaire) -> list[str]:
    """The questionnaire's size in words: levels, dimensions, roles, items, actions."""

    def n(count: int, noun: str, **params: object) -> str:
        if count == 1:
            return t(f"library.count_{noun}_one", **params)
        return t(f"library.count_{noun}", n=count, **params)

    core = sum(1 for i in q.items if i.is_core)
    return [
        n(len(q.levels), "level"),
        n(len(q.dimensions), "dimension"),
        n(len(q.roles), "role"),
        n(len(q.items), "item", core=core),
        n(len(q.actions), "action"),
    ]


def item_flags(q: Questionnaire, item: Item, language: str) -> str:
    """The consultant's notes on an item: id, type, audience and scoring flags."""
    if item.is_core:
        audience = t("library.core_item")
    else:
        roles = ", ".join(q.t(q.role(r).name, language) for r in item.roles)
        audience = t("library.only_roles", roles=roles)
    flags = [f"`{item.id}`", t(f"library.type_{item.type}"), escape_markdown(audience)]
    if item.reverse:
        flags.append(t("library.reverse"))
    if item.weight != 1:
        flags.append(t("library.item_weight", weight=_figure(item.weight, ui_language())))
    if item.pulse:
        flags.append(t("library.pulse"))
    if not item.is_required:
        flags.append(t("library.optional"))
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
    page = ui_language()
    shown = t(
        "library.range",
        low=words.NO_FIGURE if low is None else _figure(low, page),
        high=words.NO_FIGURE if high is None else _figure(high, page),
        unit=unit,
    )
    st.caption(escape_markdown(shown.strip()))


def _preview_item(q: Questionnaire, item: Item, language: str) -> None:
    # Keys start with what they name, so no item id can make two keys collide.
    key = Library.PREVIEW_ITEM.of(f"{q.id}-{item.id}")
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
            st.caption(
                t("library.choices", choices=" · ".join(escape_markdown(o) for o in options))
            )
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
        t("library.preview_as"),
        list(role_names),
        default=q.roles[0].id,
        required=True,
        format_func=lambda rid: escape_markdown(role_names[rid]),
        key=Library.ROLE.of(q.id),
    )
    role = q.role(role_id)
    caption(q.t(role.description, language))
    pages = q.items_for_role(role_id)
    items = [item for _, dim_items in pages for item in dim_items]
    minutes = max(1, math.ceil(q.estimated_seconds(role_id, language) / 60))
    core = sum(1 for i in items if i.is_core)
    with st.grid(3, min_column_width=96, key="preview-counts"):
        st.metric(t("library.metric_items"), len(items), border=True)
        st.metric(t("library.metric_minutes"), f"≈ {minutes}", border=True)
        st.metric(t("library.metric_core"), core, border=True)
    role_only = len(items) - core
    st.caption(
        t("library.core_note_one") if role_only == 1 else t("library.core_note", n=role_only)
    )
    for dim, dim_items in pages:
        st.subheader(escape_markdown(q.t(dim.name, language)), anchor=False)
        caption(q.t(dim.definition, language))
        if not dim_items:
            st.caption(t("library.no_item"))
        for item in dim_items:
            _preview_item(q, item, language)


def action_when(q: Questionnaire, action: Action, language: str) -> str:
    """When an action is recommended, in words (plain text)."""
    when = action.when
    dimension = q.t(q.dimension(when.dimension).name, language) if when.dimension else None
    if when.finding is not None:
        key = f"library.finding_{when.finding}"
        finding = t(key) if words.has(key) else when.finding
        return (
            t("library.when_finding", finding=finding, dimension=dimension)
            if dimension
            else finding
        )
    low = when.from_level
    return t("library.when_level", dimension=dimension, low=low, high=(low or 0) + 1)  # as written


def _show_actions(q: Questionnaire, language: str) -> None:
    if not q.actions:
        st.info(t("library.no_actions"))
        return
    col = {
        name: t(f"library.col_{name}") for name in ("action", "owner", "effort", "impact", "when")
    }
    rows = [
        {
            col["action"]: q.t(a.title, language),
            col["owner"]: q.t(q.role(a.owner).name, language),
            col["effort"]: t(f"library.effort_{a.effort}"),
            col["impact"]: t(f"library.impact_{a.impact}"),
            col["when"]: action_when(q, a, language),
        }
        for a in q.actions
    ]
    event = st.dataframe(
        rows,
        hide_index=True,
        height="content",
        column_config={
            col["action"]: st.column_config.TextColumn(width="large"),
            col["owner"]: st.column_config.TextColumn(width="small"),
            col["effort"]: st.column_config.TextColumn(width="small"),
            col["impact"]: st.column_config.TextColumn(width="small"),
            col["when"]: st.column_config.TextColumn(width="medium"),
        },
        on_select="rerun",
        selection_mode="single-row",
        key=f"library-actions-{q.id}",
    )
    selected = event.selection.rows
    if not selected:
        st.caption(t("library.select_row"))
        return
    action, row = q.actions[selected[0]], rows[selected[0]]
    with st.container(border=True, key=f"library-action-{q.id}"):
        st.markdown(f"**{escape_markdown(row[col['action']])}**")
        st.caption(
            escape_markdown(
                t(
                    "library.action_meta",
                    when=row[col["when"]],
                    owner=row[col["owner"]],
                    effort=row[col["effort"]],
                    impact=row[col["impact"]],
                )
            )
        )
        paragraph(q.t(action.description, language))
        st.markdown(t("library.why", rationale=escape_markdown(q.t(action.rationale, language))))


def render() -> None:
    """Draw the library page."""
    st.title(t("library.title"), anchor=False)
    folder = questionnaire_dir()
    results = state.questionnaire_library()
    valid = [(r, r.questionnaire) for r in results if r.ok and r.questionnaire is not None]
    broken = [r for r in results if not r.ok]
    st.caption(t("library.intro", folder=escape_markdown(folder.name)))
    if broken:
        _show_broken_files(broken, expanded=not valid)
    if not valid:
        st.info(t("library.none_valid"))
        return
    pick, switch = st.columns([3, 1], vertical_alignment="bottom")
    with pick:
        result, q = _choose_questionnaire(valid)
    with switch:
        language = _choose_language(q)
    _show_overview(result, q, language)
    levels, dimensions, preview, actions = st.tabs(
        [t(f"library.tab_{tab}") for tab in TABS], key="library-tabs"
    )
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
