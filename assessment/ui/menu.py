"""The sidebar menu on a narrow screen: choosing a page closes it.

Streamlit closes its sidebar after a menu choice only when the browser's user agent
says "mobile"; a phone asking for the desktop site, or a narrow window, keeps the menu
over the page it just opened. This script closes it by its own "Collapse sidebar"
button whenever a menu link is chosen below Streamlit's `md` breakpoint (768 px, where
the sidebar overlays the page). No user text, nothing from the visitor."""

from __future__ import annotations

import streamlit as st

NARROW = "(max-width: 767.98px)"
# One document-wide listener (the flag keeps reruns from adding more). It looks after
# Streamlit's own handler has run: a menu Streamlit closed already is left alone.
CLOSE_ON_CHOICE = """<script>
if (!window.gapmapMenuCloses) {
  window.gapmapMenuCloses = true;
  document.addEventListener("click", (event) => {
    if (!event.target.closest('[data-testid="stSidebarNav"] a')) return;
    if (!window.matchMedia("NARROW").matches) return;
    setTimeout(() => {
      const sidebar = document.querySelector('[data-testid="stSidebar"]');
      if (sidebar && sidebar.dataset.collapsed === "false") {
        sidebar.querySelector('[data-testid="stSidebarCollapseButton"] button')?.click();
      }
    }, 0);
  });
}
</script>""".replace("NARROW", NARROW)


def close_on_choice() -> None:
    """Draw the script (invisible) that closes the menu after a choice on a phone."""
    st.html(CLOSE_ON_CHOICE, unsafe_allow_javascript=True)
