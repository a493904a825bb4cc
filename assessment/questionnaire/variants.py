"""Shorter variants of a questionnaire, chosen when an assessment is created.

The only variant is *core only*: the required items every role answers (`roles: core`,
not optional). They are what roles are compared on (the perception gap, consensus), and
a well-formed model has scored core items in every dimension, so every score, level
and gap is still measured; role-specific questions and optional free-text questions
are left out. The variant is an ordinary questionnaire (its version marked `-core`),
snapshotted by the assessment like any other, so answering, scoring and reports need
nothing special.
"""

from __future__ import annotations

import threading

import yaml

from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.questionnaires import parse_questionnaire

FULL, CORE = "full", "core"
VARIANTS = (FULL, CORE)
CORE_SUFFIX = "-core"
MAX_VERSION_CHARS = 40  # as `Questionnaire.version` allows

_cache: dict[str, Questionnaire | None] = {}
_lock = threading.Lock()


def core_items(q: Questionnaire) -> list[str]:
    """Ids of the items the core-only variant keeps, in order."""
    return [item.id for item in q.items if item.is_core and item.is_required]


def core_variant(q: Questionnaire) -> Questionnaire | None:
    """The core-only variant of `q`, validated like any loaded file; None when it would
    be no shorter, when `q` is a variant already, or when it would not be valid (a
    dimension with no required core item, say)."""
    digest = q.content_hash()
    with _lock:
        if digest in _cache:
            return _cache[digest]
    found = _build(q)
    with _lock:
        _cache[digest] = found
    return found


def _build(q: Questionnaire) -> Questionnaire | None:
    kept = set(core_items(q))
    version = f"{q.version}{CORE_SUFFIX}"
    if (
        q.version.endswith(CORE_SUFFIX)
        or len(kept) == len(q.items)
        or len(version) > MAX_VERSION_CHARS
    ):
        return None
    data = q.model_dump(mode="json", exclude_unset=True)
    data["version"] = version
    data["items"] = [item for item in data["items"] if item["id"] in kept]
    for indicator in data.get("evidence", []):  # still evidence for its dimension
        if indicator.get("item") not in kept:
            indicator.pop("item", None)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    result = parse_questionnaire(text, f"{q.id} {version}")
    return result.questionnaire if result.ok else None


def variant(q: Questionnaire, name: str) -> Questionnaire | None:
    """`q` itself for "full", its core-only variant for "core" (None if it has none)."""
    return q if name == FULL else core_variant(q)
