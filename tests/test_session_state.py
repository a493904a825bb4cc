"""Session state has one home: the typed registry in `assessment/ui/state.py`."""

from __future__ import annotations

import re
from pathlib import Path

from assessment.ui import state
from assessment.ui.state import Key, KeyFamily

UI = Path(__file__).resolve().parent.parent / "assessment" / "ui"


def _registry() -> list[tuple[str, Key[object] | KeyFamily]]:
    found: list[tuple[str, Key[object] | KeyFamily]] = []
    for page in vars(state).values():
        if not isinstance(page, type) or page.__module__ != state.__name__:
            continue
        for name, value in vars(page).items():
            if isinstance(value, Key | KeyFamily):
                found.append((f"{page.__name__}.{name}", value))
            elif isinstance(value, tuple):
                found.extend((f"{page.__name__}.{name}", v) for v in value if isinstance(v, Key))
    return found


def test_no_page_touches_session_state_but_through_the_registry() -> None:
    offenders = {
        page.name: [
            n
            for n, line in enumerate(page.read_text().splitlines(), 1)
            if re.search(r"session_state|def ss\(", line)
        ]
        for page in UI.glob("*.py")
        if page.name != "state.py"
    }
    assert {name: lines for name, lines in offenders.items() if lines} == {}


def test_every_session_key_has_one_name_and_no_key_falls_in_a_widget_family() -> None:
    entries = _registry()
    names = [v.name for _, v in entries if isinstance(v, Key)]
    prefixes = [v.prefix for _, v in entries if isinstance(v, KeyFamily)]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    assert len(prefixes) == len(set(prefixes))
    assert [n for n in names if n.startswith(tuple(prefixes))] == []
    assert len(entries) > 50


def test_every_registry_entry_is_used_by_a_page() -> None:
    pages = [p.read_text() for p in UI.glob("*.py") if p.name != "state.py"]
    # state.py's own functions (sign-in, the entry link) use `Session`.
    pages.append((UI / "state.py").read_text().split("# --- who is visiting")[1])
    text = "\n".join(pages)
    assert [name for name, _ in _registry() if name not in text] == []


def test_a_mutable_default_is_never_shared() -> None:
    errors = state.Respond.ITEM_ERRORS
    assert errors.default == {}
    assert errors.get() is not errors.get()
