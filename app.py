"""GapMap's Streamlit entry point: opens the store, then routes to the visitor's pages."""

from __future__ import annotations

import streamlit as st

from assessment.ui import state
from assessment.ui.pages import pages_for

st.set_page_config(page_title="GapMap", layout="wide")
state.store()

sections: dict[str, list[st.Page]] = {}
for spec in pages_for(signed_in_as=None):
    sections.setdefault(spec.section, []).append(
        st.Page(spec.path, title=spec.title, icon=spec.icon, url_path=spec.url_path)
    )
st.sidebar.caption("GapMap")
st.navigation(sections).run()
