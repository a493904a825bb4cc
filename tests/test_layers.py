"""Imports point one way: from the pages and the command line, through `access`, down to
the documents, collecting, analysis, organisation, storage and questionnaire packages, and
the two modules everything may use (`errors`, `words`). The README's Architecture section
draws the same picture; this test holds the code to it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "assessment"

# Lowest first. A module may import its own part and any part below it, never above.
LAYERS: list[tuple[str, ...]] = [
    ("words",),
    ("errors",),
    ("questionnaire",),
    ("storage",),
    ("organisation",),
    ("analysis",),
    ("collect",),
    ("documents",),
    ("policy",),
    ("access",),
    ("cli",),
    ("ui",),
]
RANK = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}


def part_of(module: str) -> str:
    """`assessment.analysis.scoring` -> "analysis"; `assessment.access` -> "access"."""
    return module.split(".")[1]


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        if len(parts) > 1:
            found.append((".".join(parts), path))
    return found


KNOWN = {m for m, _ in modules()}


def imports_of(path: Path, module: str) -> set[str]:
    """Every `assessment.*` module imported anywhere in the file (functions and
    TYPE_CHECKING blocks included), each as a dotted name."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("assessment.")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            if base == "assessment" or base.startswith("assessment."):
                # `from assessment.collect import workshop` imports a module: name it.
                named = {f"{base}.{a.name}" for a in node.names}
                found |= (named & KNOWN) or ({base} if base != "assessment" else named)
    return found


def test_every_module_belongs_to_a_layer() -> None:
    assert sorted({part_of(m) for m, _ in modules()} - set(RANK)) == []


@pytest.mark.parametrize("module,path", modules(), ids=[m for m, _ in modules()])
def test_imports_point_down(module: str, path: Path) -> None:
    own = part_of(module)
    upward = sorted(
        imported
        for imported in imports_of(path, module)
        if part_of(imported) != own and RANK[part_of(imported)] >= RANK[own]
    )
    assert upward == [], f"{module} imports from its own level or above: {upward}"


def test_no_import_cycles_between_modules() -> None:
    graph = {m: {i for i in imports_of(p, m) if i != m} for m, p in modules()}
    known = set(graph)
    graph = {m: {i for i in deps if i in known} for m, deps in graph.items()}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, trail: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle.extend([*trail, node, nxt])
                return True
            if nxt not in state and visit(nxt, [*trail, node]):
                return True
        state[node] = 2
        return False

    for start in sorted(graph):
        if start not in state and visit(start, []):
            break
    assert cycle == []
