"""One module decides what a viewer may see: `assessment.analysis.disclosure`. No other module
compares a head-count with the anonymity or comment threshold, or keeps its own rule."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "assessment"

# A comparison with k or a threshold: `n < k`, `x >= s.k`, `< assessment.anonymity_threshold`.
_COMPARES_WITH_K = re.compile(
    r"(<=?|>=?)\s*[\w.]*\b(k|anonymity_threshold|comment_threshold)\b(?!\s*[(=])"
    r"|\b(k|anonymity_threshold|comment_threshold)\s*(<=?|>=?)"
)
# Setting the threshold (validated where an assessment is created) and the schema.
_ALLOWED = {"disclosure.py", "assessments.py", "store.py"}


def test_only_the_disclosure_module_compares_counts_with_the_threshold() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in _ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if _COMPARES_WITH_K.search(code):
                found.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert found == [], "\n".join(found)


def test_the_old_per_grouping_rules_are_gone() -> None:
    names = ("suppress_small_groups", "suppress_counts", "export_suppression", "visible_comments")
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not [n for n in names if n in text], path
    assert not (PACKAGE / "anonymity.py").exists()
