"""Every choice widget on the staff and survey pages (radio, select box, multiselect,
select slider, segmented control, pills) has its key declared as a choice in
`ui/state.py`, so a language switch sends its value again in the new labels
(`state.resend_choices`). Read from the code (ast): a widget whose key is not declared
would show no choice at all after a switch."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assessment.ui import state

UI = Path(state.__file__).parent
CHOICE_WIDGETS = {
    "radio",
    "selectbox",
    "multiselect",
    "select_slider",
    "segmented_control",
    "pills",
}
# Widgets whose value Streamlit refuses to have set through session state.
NOT_SETTABLE = {
    "button",
    "form_submit_button",
    "download_button",
    "file_uploader",
    "data_editor",
    "camera_input",
    "audio_input",
}
ID = "some-id"  # stands for the id a family's key ends with


def _attribute_of_state(node: ast.expr) -> object:
    """`Results.ORG` read from ui/state.py."""
    if isinstance(node, ast.Name):
        return getattr(state, node.id)
    if isinstance(node, ast.Attribute):
        return getattr(_attribute_of_state(node.value), node.attr)
    raise LookupError(ast.unparse(node))


class _Scope:
    """What a name in a key expression stands for: a local assignment, a parameter's
    default, or a module constant."""

    def __init__(self, module: ast.Module, function: ast.FunctionDef | None) -> None:
        self.module = module
        self.function = function

    def lookup(self, name: str) -> ast.expr:
        places: list[ast.AST] = [self.function] if self.function else []
        for place in [*places, self.module]:
            body = ast.walk(place) if place is self.function else iter(self.module.body)
            for node in body:
                if isinstance(node, ast.Assign) and any(
                    isinstance(target, ast.Name) and target.id == name for target in node.targets
                ):
                    return node.value
        if self.function is not None:
            args = self.function.args
            positional = [*args.posonlyargs, *args.args]
            with_default = positional[len(positional) - len(args.defaults) :]
            defaults = dict(zip([a.arg for a in with_default], args.defaults, strict=True))
            if name in defaults:
                return defaults[name]
        raise LookupError(name)


def _key(node: ast.expr, scope: _Scope) -> str | None:
    """The key the expression makes (a family's with `ID` for its id); None for none."""
    if isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, str)):
        return node.value
    if isinstance(node, ast.Name):
        return _key(scope.lookup(node.id), scope)
    if isinstance(node, ast.Attribute) and node.attr == "name":
        if isinstance(node.value, ast.Name) and not hasattr(state, node.value.id):
            return _key(ast.Attribute(scope.lookup(node.value.id), "name"), scope)
        declared = _attribute_of_state(node.value)
        assert isinstance(declared, state.Key), ast.unparse(node)
        return declared.name
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "of"
    ):
        family = _attribute_of_state(node.func.value)
        assert isinstance(family, state.KeyFamily), ast.unparse(node)
        return family.of(ID)
    if isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
        return str(node.values[0].value) + ID
    raise LookupError(ast.unparse(node))


def _calls(node: ast.AST, function: ast.FunctionDef | None) -> Iterator[tuple[ast.Call, Any]]:
    """Every call under `node`, with the innermost function it is made in."""
    for child in ast.iter_child_nodes(node):
        inner = child if isinstance(child, ast.FunctionDef) else function
        if isinstance(child, ast.Call):
            yield child, function
        yield from _calls(child, inner)


def _widgets() -> list[tuple[str, str, str | None]]:
    """(place, widget, key) for every Streamlit call in ui/ that is given a key."""
    found = []
    for path in sorted(UI.glob("*.py")):
        module = ast.parse(path.read_text(encoding="utf-8"))
        for call, function in _calls(module, None):
            if not isinstance(call.func, ast.Attribute):
                continue
            keys = [k.value for k in call.keywords if k.arg == "key"]
            widget = call.func.attr
            if not keys and widget not in CHOICE_WIDGETS:
                continue
            try:
                key = _key(keys[0], _Scope(module, function)) if keys else None
            except LookupError as unknown:
                key = f"<unresolved {unknown}>"
            found.append((f"{path.name}:{call.lineno}", widget, key))
    return sorted(set(found))


WIDGETS = _widgets()


def test_the_scan_finds_the_pages_choice_widgets() -> None:
    keys = {key for _, widget, key in WIDGETS if widget in CHOICE_WIDGETS}
    assert {"results_grouping", "results_team", "ui-language-switch", "accounts-org"} <= keys
    assert f"results_action_status_{ID}" in keys
    assert f"console-target-{ID}" in keys


@pytest.mark.parametrize(("place", "widget", "key"), [w for w in WIDGETS if w[1] in CHOICE_WIDGETS])
def test_every_choice_widget_has_a_key_declared_as_a_choice(
    place: str, widget: str, key: str | None
) -> None:
    # A widget without a key is drawn afresh in the new language (its first option);
    # one with a key keeps its value, and must be sent again to show it.
    if key is not None:
        assert state.is_choice(key), f"{place}: st.{widget} key {key!r} is not a state.choice"


@pytest.mark.parametrize(("place", "widget", "key"), [w for w in WIDGETS if w[1] in NOT_SETTABLE])
def test_no_button_or_upload_has_a_key_taken_for_a_choice(
    place: str, widget: str, key: str | None
) -> None:
    # Sending a button's value again is refused by Streamlit.
    if key is not None and not key.startswith("<unresolved"):
        assert not state.is_choice(key), f"{place}: st.{widget} key {key!r} reads as a choice"


def test_a_family_declares_every_key_it_makes_and_a_name_only_itself() -> None:
    assert state.is_choice(state.Results.ACTION_STATUS.of("a1"))
    assert state.is_choice(state.Results.GROUPING.name)
    assert not state.is_choice(state.Results.GROUPING.name + "-other")
    assert not state.is_choice(state.Results.OPEN.name)  # not a widget
