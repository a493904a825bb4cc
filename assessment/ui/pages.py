"""Which pages a visitor can open. The entry point turns these into `st.Page`s.

Kept as plain data so tests can smoke-test every page the navigation can reach.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """One page: its script (relative to the entry point), title, icon, URL and section."""

    path: str
    title: str
    icon: str
    url_path: str
    section: str


LIBRARY = PageSpec(
    path="assessment/ui/library.py",
    title="Questionnaire library",
    icon=":material/library_books:",
    url_path="library",
    section="Questionnaires",
)


def pages_for(signed_in_as: str | None = None) -> list[PageSpec]:
    """The pages open to a visitor, in menu order; the first is the default page.

    `signed_in_as` is the visitor's account role (None before sign-in exists); consultant
    and leadership pages will be added here by role.
    """
    del signed_in_as  # every visitor sees the library until accounts exist
    return [LIBRARY]
