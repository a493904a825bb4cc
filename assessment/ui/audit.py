"""The audit log: who signed in and who changed what, newest first.

A consultant sees their own entries and everything about the organisations they
manage. Cells are plain text in a dataframe (never Markdown).
"""

from __future__ import annotations

import streamlit as st

from assessment import access
from assessment.errors import GapMapError
from assessment.ui import state

ALL_ACTIONS = "All actions"


def render() -> None:
    st.title("Audit log")
    actor = state.actor()
    if not access.allowed(actor, "read-audit-log"):
        st.error(
            "This page is not allowed for your account: the audit log is for consultants.",
            icon=":material/block:",
        )
        return
    store = state.store()
    try:
        entries = access.audit_log(store, actor)
        org_names = {o.id: o.name for o in access.list_organisations(store, actor)}
        assessment_names = {a.id: a.name for a in access.list_assessments(store, actor)}
    except GapMapError as refused:
        st.error(refused.message)
        return
    actions = sorted({e.action for e in entries})
    chosen = st.selectbox(
        "Action", [ALL_ACTIONS, *actions], key="audit-action", help="Show one kind of entry."
    )
    shown = [e for e in entries if chosen in (ALL_ACTIONS, e.action)]
    st.caption(
        f"{len(shown):,} of the latest {len(entries):,} entries. Times are UTC. Sign-ins of "
        "the leadership accounts of your organisations are included."
    )
    st.dataframe(
        [
            {
                "Time": e.logged_at,
                "User": e.username or "",
                "Action": e.action,
                "Organisation": org_names.get(e.organisation_id or "", e.organisation_id or ""),
                "Assessment": assessment_names.get(e.assessment_id or "", e.assessment_id or ""),
                "Detail": e.detail or "",
            }
            for e in shown
        ],
        hide_index=True,
        width="stretch",
        column_config={"Time": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm:ss")},
    )


if __name__ == "__main__":
    render()
