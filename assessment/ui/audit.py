"""The audit log: who signed in and who changed what, newest first.

A consultant sees their own entries and everything about the organisations they
manage. Cells are plain text in a dataframe (never Markdown).
"""

from __future__ import annotations

import streamlit as st

from assessment import access, words
from assessment.errors import GapMapError
from assessment.ui import state
from assessment.ui.language import t, ui_language
from assessment.ui.state import AuditLog
from assessment.ui.text import escape_markdown

ALL_ACTIONS = ""  # the select's first option: every kind of entry


def action_name(action: str, lang: str) -> str:
    """What a kind of entry is called in `lang`; one with no text (written by a later
    version) as it is stored."""
    key = f"audit_event.action_{action}"
    return words.t(key, lang) if words.has(key) else action


def render() -> None:
    st.title(t("audit.title"))
    actor = state.actor()
    if not access.allowed(actor, "read-audit-log"):
        st.error(t("audit.not_allowed"), icon=":material/block:")
        return
    store = state.store()
    try:
        entries = access.audit_log(store, actor)
        org_names = {o.id: o.name for o in access.list_organisations(store, actor)}
        assessment_names = {a.id: a.name for a in access.list_assessments(store, actor)}
    except GapMapError as refused:
        st.error(refused.message_in(ui_language(), escape=escape_markdown))
        return
    page = ui_language()
    actions = sorted({e.action for e in entries}, key=lambda a: action_name(a, page))
    chosen = st.selectbox(
        t("audit.action"),
        [ALL_ACTIONS, *actions],
        format_func=lambda a: action_name(a, page) if a else t("audit.all_actions"),
        key=AuditLog.ACTION.name,
        help=t("audit.action_help"),
    )
    shown = [e for e in entries if chosen in (ALL_ACTIONS, e.action)]
    st.caption(
        t(
            "audit.shown",
            shown=words.number(len(shown), page, 0),
            total=words.number(len(entries), page, 0),
        )
    )
    time = t("audit.col_time")
    st.dataframe(
        [
            {
                time: e.logged_at,
                t("audit.col_user"): e.who(page),
                t("audit.col_action"): action_name(e.action, page),
                t("audit.col_organisation"): org_names.get(
                    e.organisation_id or "", e.organisation_id or ""
                ),
                t("audit.col_assessment"): assessment_names.get(
                    e.assessment_id or "", e.assessment_id or ""
                ),
                t("audit.col_detail"): e.description(page) or "",
            }
            for e in shown
        ],
        hide_index=True,
        width="stretch",
        column_config={
            time: st.column_config.DatetimeColumn(
                format="DD.MM.YYYY HH:mm:ss" if page == "de" else "YYYY-MM-DD HH:mm:ss"
            )
        },
    )


if __name__ == "__main__":
    render()
