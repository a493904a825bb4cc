"""Load and validate questionnaire YAML; report every problem at once with file and line.

`parse_questionnaire(text, filename)` is pure: it returns a `LoadResult` holding the
model (when valid) and a list of `Problem`s, each with a stable `code`, the file, the
1-based line, the field path and a plain message. Nothing here raises on bad input.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from assessment import errors
from assessment.questionnaire.model import (
    FIRST_LEVELS,
    OPTION_TYPES,
    SCORED_TYPES,
    Questionnaire,
    Scale,
    check_options,
)

QUESTIONNAIRE_DIR = Path(__file__).resolve().parents[2] / "questionnaires"
MAX_FILE_BYTES = 5_000_000
MAX_NODES = 500_000
MAX_DEPTH = 50

Path_ = tuple[str | int, ...]

# pydantic's own error types, renamed to the stable codes authors see: (code, variant).
PYDANTIC_PROBLEMS: dict[str, tuple[str, str]] = {
    "extra_forbidden": ("unknown-key", ""),
    "missing": ("missing-field", ""),
    "float_parsing": ("not-a-number", ""),
    "float_type": ("not-a-number", ""),
    "finite_number": ("not-a-number", ""),
    "int_parsing": ("not-an-integer", ""),
    "int_type": ("not-an-integer", ""),
    "int_from_float": ("not-an-integer", ""),
    "bool_parsing": ("not-a-boolean", ""),
    "bool_type": ("not-a-boolean", ""),
    "literal_error": ("invalid-choice", ""),
    "string_type": ("not-text", ""),
    "string_pattern_mismatch": ("invalid-id", ""),
    "string_too_short": ("empty-value", ""),
    "string_too_long": ("too-long", ""),
    "too_short": ("wrong-count", "too-few"),
    "too_long": ("wrong-count", "too-many"),
    "greater_than": ("out-of-range", "gt"),
    "greater_than_equal": ("out-of-range", "ge"),
    "less_than_equal": ("out-of-range", "le"),
    "dict_type": ("wrong-shape", ""),
    "model_type": ("wrong-shape", ""),
    "model_attributes_type": ("wrong-shape", ""),
    "list_type": ("not-a-list", ""),
}
# Any other pydantic error: the value and the library's own words.
OTHER_PROBLEM = ("invalid-value", "")


def _shown(value: Any) -> str:
    """A wrong value as a message shows it: short, on one line."""
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:59] + "…"


def _pydantic_problem(err: Any, loc: Path_) -> tuple[str, str, dict[str, Any]]:
    """(code, variant, the values its message names) for one of pydantic's errors:
    our own problems (model.py) carry theirs; the library's name the wrong value."""
    kind = str(err["type"])
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    if kind in errors.PROBLEMS:  # raised by the model itself (model._problem)
        code, _, variant = kind.partition(".")
        return code, variant, ctx
    code, variant = PYDANTIC_PROBLEMS.get(kind, OTHER_PROBLEM)
    key = str(loc[-1]) if loc else ""
    params: dict[str, Any] = {"key": key, "value": _shown(err.get("input"))}
    if code == "invalid-id" and loc[:1] in (("languages",), ("default_language",)):
        code = "invalid-language"
    elif code == "invalid-choice":
        params["expected"] = ctx.get("expected", "")
    elif code in ("too-long", "empty-value"):
        params["limit"] = ctx.get("max_length", ctx.get("min_length", ""))
    elif code == "wrong-count":
        params["limit"] = ctx.get("min_length", ctx.get("max_length", ""))
        params["count"] = ctx.get("actual_length", "")
    elif code == "out-of-range":
        limit = ctx.get(variant, "")
        # a float field's bound comes back as 0.0: show it as written, 0
        params["limit"] = int(limit) if isinstance(limit, float) and limit.is_integer() else limit
    elif code == "invalid-value":
        params["detail"] = err["msg"]
    return code, variant, params


# Errors an object raises about itself point at the key that is most likely wrong.
_FOCUS_KEY: dict[str, tuple[str, ...]] = {
    "option-score-missing": ("options",),
    "scores-constant": ("options",),
    "too-few-options": ("options",),
    "options-and-scale": ("options",),
    "unexpected-options": ("options", "scale"),
    "reverse-unscored": ("reverse",),
    "number-range": ("min", "max", "type"),
    "unexpected-range": ("min", "max"),
    "dont-know-label": ("dont_know_label",),
    "not-for-type": ("unit", "max_length", "weight", "dont_know"),
    "evidence-band-range": ("bands",),
    "evidence-bands-order": ("bands",),
}


@dataclass(frozen=True)
class Problem:
    """One validation problem: stable `code`, where it is, and what to do about it.
    `message` is in English; `message_in` words it in another language."""

    code: str
    message: str
    file: str
    line: int
    path: str
    # Where its words are in `errors.PROBLEMS` (the code, or "code.variant"), the values
    # they name, and a problem put before them (a scale's, found at an item).
    key: str = field(default="", compare=False, repr=False)
    params: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    prefix: str = field(default="", compare=False, repr=False)

    def message_in(self, lang: str | None) -> str:
        """The message in `lang` (English for a language GapMap does not speak)."""
        text = errors.problem(self.key or self.code, lang, **self.params)
        if self.prefix:
            return f"{errors.problem(self.prefix, lang, **self.params)} {text}"
        return text

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        field_ = f" {self.path}:" if self.path else ""
        return f"{where}:{field_} {self.message} [{self.code}]"


@dataclass
class LoadResult:
    """The outcome of loading one file: a model when valid, and every problem found."""

    file: str
    questionnaire: Questionnaire | None = None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Valid: a model was built and no error was found."""
        return self.questionnaire is not None and not self.errors


class QuestionnaireError(Exception):
    """Raised by `load_or_raise` when a questionnaire does not validate."""

    def __init__(self, result: LoadResult) -> None:
        self.result = result
        lines = "\n".join(str(p) for p in result.errors)
        super().__init__(f"{result.file} is not a valid questionnaire:\n{lines}")


# --- YAML with line numbers ------------------------------------------------------------


def _problem(
    code: str,
    file: str,
    line: int,
    path: str = "",
    *,
    variant: str = "",
    prefix: str = "",
    **params: Any,
) -> Problem:
    """A problem worded from `errors.PROBLEMS`."""
    key = f"{code}.{variant}" if variant else code
    found = Problem(code, "", file, line, path, key, params, prefix)
    return replace(found, message=found.message_in("en"))


class _YamlShapeError(Exception):
    def __init__(self, code: str, line: int, *, variant: str = "", **params: Any) -> None:
        super().__init__(code)
        self.code, self.line, self.variant, self.params = code, line, variant, params


@dataclass
class _Document:
    data: Any
    lines: dict[Path_, int]
    problems: list[tuple[str, dict[str, Any], int, Path_]]


_NULL_TAG = "tag:yaml.org,2002:null"
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _check_nesting(text: str, loader: type[Any]) -> None:
    """Refuse nesting deeper than MAX_DEPTH before anything composes the text.

    PyYAML's C composer recurses once per level on the C stack: a 100 KB file of
    `[[[[...` or `- - - ...` crashes the whole process (a segfault, not an exception).
    The parser underneath (libyaml's, or PyYAML's pure-Python one) keeps its state in
    heap stacks and hands out one event at a time, so the open collections are counted
    here, stopping at the first node deeper than the limit. (The pure-Python parser
    alone cannot decide: it refuses valid YAML libyaml takes, such as `?` in a flow
    text.) Aliases add no nesting while composing; `build` counts them where expanded.
    """
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.NodeEvent):
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark else 1
                raise _YamlShapeError("too-deep", line, limit=MAX_DEPTH)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _compose(text: str) -> _Document:
    """Parse YAML into plain dicts/lists/strings, recording the line of every node.

    Every scalar stays a string (`No`, `yes`, `on` are answer texts, not booleans);
    pydantic converts numbers and flags where a field asks for them. Duplicate keys,
    which a plain YAML load silently overwrites, are reported.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    _check_nesting(text, loader)
    root = yaml.compose(text, Loader=loader)
    lines: dict[Path_, int] = {}
    problems: list[tuple[str, dict[str, Any], int, Path_]] = []
    budget = [MAX_NODES]

    def build(node: yaml.Node, path: Path_, depth: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise _YamlShapeError(
                "too-large", node.start_mark.line + 1, variant="values", limit=MAX_NODES
            )
        if depth > MAX_DEPTH:
            raise _YamlShapeError("too-deep", node.start_mark.line + 1, limit=MAX_DEPTH)
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _NULL_TAG and not node.style:
                return None
            return str(node.value)
        if isinstance(node, yaml.SequenceNode):
            return [build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG:
                    merged = build(value_node, path, depth + 1)
                    for part in merged if isinstance(merged, list) else [merged]:
                        if isinstance(part, dict):
                            for k, v in part.items():
                                result.setdefault(k, v)
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _YamlShapeError(
                        "wrong-shape", key_node.start_mark.line + 1, variant="key"
                    )
                key = str(key_node.value)
                key_line = key_node.start_mark.line + 1
                if key in seen:
                    problems.append(
                        (
                            "duplicate-key",
                            {"key": key, "first": str(seen[key])},
                            key_line,
                            (*path, key),
                        )
                    )
                seen[key] = key_line
                lines[(*path, key)] = key_line
                result[key] = build(value_node, (*path, key), depth + 1)
            return result
        raise _YamlShapeError("wrong-shape", node.start_mark.line + 1, variant="node")

    data = build(root, (), 0) if root is not None else None
    return _Document(data, lines, problems)


def _line_for(lines: dict[Path_, int], path: Path_) -> int:
    """The line of the deepest known node on `path` (a missing key points at its parent)."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 1


def _format_path(path: Iterable[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --- validation ---------------------------------------------------------------------------


def parse_questionnaire(text: str, filename: str = "<questionnaire>") -> LoadResult:
    """Validate questionnaire YAML text; never raises for bad input."""
    result = LoadResult(file=filename)

    def add(code: str, line: int, path: Path_ = (), **params: Any) -> None:
        result.errors.append(_problem(code, filename, line, _format_path(path), **params))

    if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
        add("too-large", 1, limit=MAX_FILE_BYTES // 1_000_000)
        return result
    try:
        doc = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        add("yaml-syntax", line, detail=exc.problem or exc.context)
        return result
    except yaml.YAMLError as exc:
        add("yaml-syntax", 1, detail=exc)
        return result
    except _YamlShapeError as exc:
        add(exc.code, exc.line, variant=exc.variant, **exc.params)
        return result
    except RecursionError:
        add("too-deep", 1, limit=MAX_DEPTH)
        return result

    for code, params, line, path in doc.problems:
        add(code, line, path, **params)
    data = doc.data
    if not isinstance(data, dict):
        add("wrong-shape", 1, variant="document")
        return result

    languages = data.get("languages")
    if not (
        isinstance(languages, list) and languages and all(isinstance(x, str) for x in languages)
    ):
        languages = ["en"]
    default_language = data.get("default_language")
    if not isinstance(default_language, str) or default_language not in languages:
        if default_language is not None:
            add(
                "unknown-language",
                _line_for(doc.lines, ("default_language",)),
                ("default_language",),
                variant="default",
                value=default_language,
                languages=languages,
            )
        default_language = languages[0]
    context = {"languages": languages, "default_language": default_language}

    model: Questionnaire | None = None
    try:
        model = Questionnaire.model_validate(data, context=context)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc: Path_ = tuple(err["loc"])
            code, variant, params = _pydantic_problem(err, loc)
            for focus in _FOCUS_KEY.get(code, ()):
                if (*loc, focus) in doc.lines:
                    loc = (*loc, focus)
                    break
            add(code, _line_for(doc.lines, loc), loc, variant=variant, **params)

    languages_raw = data.get("languages")
    if isinstance(languages_raw, list):
        for i, lang in enumerate(languages_raw):
            if lang in languages_raw[:i]:
                add(
                    "duplicate-language",
                    _line_for(doc.lines, ("languages", i)),
                    ("languages", i),
                    value=lang,
                )
    for code, params, path in _cross_checks(data, context):
        add(code, _line_for(doc.lines, path), path, **params)

    result.errors.sort(key=lambda p: (p.line, p.code))
    if model is not None and not result.errors:
        result.questionnaire = model
        result.warnings.extend(_warnings(model, doc.lines, filename))
    return result


def _entries(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]


def _cross_checks(
    data: dict[str, Any], context: dict[str, Any]
) -> list[tuple[str, dict[str, Any], Path_]]:
    """Checks that need the whole document. Tolerant of shape errors reported elsewhere.
    Each problem is (code, the values its message names, path)."""
    out: list[tuple[str, dict[str, Any], Path_]] = []

    for collection in ("areas", "dimensions", "roles", "items", "actions", "evidence"):
        counts = Counter(
            e.get("id") for _, e in _entries(data, collection) if isinstance(e.get("id"), str)
        )
        first: set[str] = set()
        for i, entry in _entries(data, collection):
            ident = entry.get("id")
            if isinstance(ident, str) and counts[ident] > 1:
                if ident in first:
                    out.append(
                        (
                            "duplicate-id",
                            {"variant": collection.removesuffix("s"), "value": ident},
                            (collection, i, "id"),
                        )
                    )
                first.add(ident)

    dimensions = [e.get("id") for _, e in _entries(data, "dimensions")]
    roles = [e.get("id") for _, e in _entries(data, "roles")]
    raw_scales = data.get("scales")
    scales: dict[str, Any] = raw_scales if isinstance(raw_scales, dict) else {}
    raw_levels = data.get("levels")
    levels: list[Any] = raw_levels if isinstance(raw_levels, list) else []
    n_levels = len(levels)

    first_level = _first_level_of(data)

    out.extend(_area_checks(data, dimensions))

    thresholds: list[tuple[int, float]] = []
    for i, lvl in enumerate(levels):
        if isinstance(lvl, dict):
            try:
                thresholds.append((i, float(lvl.get("threshold"))))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                continue
    for (_, prev), (i, cur) in itertools.pairwise(thresholds):
        if cur <= prev:
            out.append(
                (
                    "thresholds-not-increasing",
                    {"value": cur, "previous": prev},
                    ("levels", i, "threshold"),
                )
            )
    if thresholds and n_levels:
        i0, t0 = thresholds[0]
        if i0 == 0 and t0 > 1:
            out.append(("first-threshold", {"value": t0}, ("levels", 0, "threshold")))
        for i, t in thresholds:
            if t < 1 or t > n_levels:
                out.append(
                    ("out-of-range", {"value": t, "top": n_levels}, ("levels", i, "threshold"))
                )

    for i, dim_entry in _entries(data, "dimensions"):
        dim_levels = dim_entry.get("levels")
        if isinstance(dim_levels, list) and n_levels and len(dim_levels) != n_levels:
            out.append(
                (
                    "dimension-level-count",
                    {"count": len(dim_levels), "levels": n_levels},
                    ("dimensions", i, "levels"),
                )
            )

    scored_by_role_dim: set[tuple[str, str]] = set()
    # Dimensions with scored items, and those with a scored item of weight above 0.
    scored_dims: set[str] = set()
    weighted_dims: set[str] = set()
    # Many items share a scale: check each scale once per item type, not once per item.
    scale_problems: dict[tuple[str, str], tuple[str, dict[str, Any]] | None] = {}
    for i, item in _entries(data, "items"):
        dim = item.get("dimension")
        if isinstance(dim, str) and dim not in dimensions:
            out.append(("unknown-dimension", {"value": dim}, ("items", i, "dimension")))
        scale = item.get("scale")
        if isinstance(scale, str) and scale not in scales:
            out.append(("unknown-scale", {"value": scale}, ("items", i, "scale")))
        item_roles = item.get("roles", "core")
        if isinstance(item_roles, list):
            for j, role in enumerate(item_roles):
                if isinstance(role, str) and role not in roles:
                    out.append(("unknown-role", {"value": role}, ("items", i, "roles", j)))
        item_type = item.get("type")
        options = item.get("options")
        if isinstance(scale, str) and isinstance(scales.get(scale), dict) and options is None:
            options = scales[scale].get("options")
            if isinstance(item_type, str) and item_type in OPTION_TYPES:
                key = (scale, item_type)
                if key not in scale_problems:
                    scale_problems[key] = _scale_problem(scales[scale], item_type, context)
                problem = scale_problems[key]
                if problem is not None:
                    found, params = problem
                    code, _, variant = found.partition(".")
                    named = {**params, "variant": variant, "prefix": "in-scale", "scale": scale}
                    out.append((code, named, ("items", i, "scale")))
        n_options = len(options) if isinstance(options, list) else 0
        if item_type == "anchored" and n_options and n_levels and n_options != n_levels:
            out.append(
                (
                    "anchored-option-count",
                    {"levels": n_levels, "count": n_options},
                    ("items", i, "options"),
                )
            )
        if item_type in SCORED_TYPES and isinstance(dim, str):
            scored_dims.add(dim)
            if _weight_of(item) == 0:
                continue  # context only: no score for anyone
            weighted_dims.add(dim)
            if isinstance(item_roles, list):
                for role in item_roles:
                    scored_by_role_dim.add((str(role), dim))
            elif item_roles in (None, "core"):
                for role in roles:
                    scored_by_role_dim.add((str(role), dim))

    unweighted = scored_dims - weighted_dims
    for i, dim_entry in _entries(data, "dimensions"):
        if dim_entry.get("id") in unweighted:
            out.append(
                ("zero-weight-dimension", {"value": dim_entry["id"]}, ("dimensions", i, "id"))
            )
    for i, role in enumerate(roles):
        if not isinstance(role, str):
            continue
        for dim in dimensions:
            if dim in unweighted:
                continue  # reported once, at the dimension
            if isinstance(dim, str) and (role, dim) not in scored_by_role_dim:
                out.append(
                    ("role-without-items", {"role": role, "dimension": dim}, ("roles", i, "id"))
                )

    for i, action in _entries(data, "actions"):
        owner = action.get("owner")
        if isinstance(owner, str) and owner not in roles:
            out.append(("unknown-role", {"value": owner}, ("actions", i, "owner")))
        when = action.get("when")
        if isinstance(when, dict):
            dim = when.get("dimension")
            if isinstance(dim, str) and dim not in dimensions:
                out.append(
                    ("unknown-dimension", {"value": dim}, ("actions", i, "when", "dimension"))
                )
            try:
                from_level = int(when.get("from_level"))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                continue
            if n_levels and not first_level <= from_level < first_level + n_levels - 1:
                out.append(
                    (
                        "level-out-of-range",
                        {
                            "value": from_level,
                            "bottom": first_level,
                            "top": first_level + n_levels - 2,
                        },
                        ("actions", i, "when", "from_level"),
                    )
                )
    out.extend(_evidence_checks(data, dimensions, n_levels))
    return out


def _evidence_checks(
    data: dict[str, Any], dimensions: list[Any], n_levels: int
) -> list[tuple[str, dict[str, Any], Path_]]:
    """An evidence indicator names a dimension, has one band per level above the first,
    and tests (if it says so) a scored item of the same dimension."""
    out: list[tuple[str, dict[str, Any], Path_]] = []
    items = {e.get("id"): e for _, e in _entries(data, "items")}
    for i, entry in _entries(data, "evidence"):
        dim = entry.get("dimension")
        if isinstance(dim, str) and dim not in dimensions:
            out.append(("unknown-dimension", {"value": dim}, ("evidence", i, "dimension")))
        bands = entry.get("bands")
        if isinstance(bands, list) and n_levels and len(bands) != n_levels - 1:
            out.append(
                (
                    "evidence-band-count",
                    {"count": len(bands), "expected": n_levels - 1, "levels": n_levels},
                    ("evidence", i, "bands"),
                )
            )
        item_id = entry.get("item")
        if isinstance(item_id, str):
            item = items.get(item_id)
            if item is None:
                out.append(("evidence-item", {"value": item_id}, ("evidence", i, "item")))
            elif item.get("type") not in SCORED_TYPES or item.get("dimension") != dim:
                out.append(
                    (
                        "evidence-item",
                        {"variant": "unscored", "value": item_id, "dimension": dim},
                        ("evidence", i, "item"),
                    )
                )
    return out


def _first_level_of(data: dict[str, Any]) -> int:
    """The number the first level is shown with, as written (1 when unset or wrong; a
    wrong value is reported by the model)."""
    try:
        value = int(data.get("first_level", 1))
    except (TypeError, ValueError):
        return 1
    return value if value in FIRST_LEVELS else 1


def _weight_of(item: dict[str, Any]) -> float | None:
    """An item's weight as written (1 when unset; None when not a number)."""
    try:
        return float(item.get("weight", 1))
    except (TypeError, ValueError):
        return None


def _area_checks(
    data: dict[str, Any], dimensions: list[Any]
) -> list[tuple[str, dict[str, Any], Path_]]:
    """With areas, every dimension is in exactly one area, and an area names only
    declared dimensions."""
    out: list[tuple[str, dict[str, Any], Path_]] = []
    areas = _entries(data, "areas")
    if not areas:
        return out
    area_of: dict[str, Any] = {}
    for i, area in areas:
        members = area.get("dimensions")
        if not isinstance(members, list):
            continue
        for j, dim in enumerate(members):
            if not isinstance(dim, str):
                continue
            path: Path_ = ("areas", i, "dimensions", j)
            if dim not in dimensions:
                out.append(("unknown-dimension", {"value": dim}, path))
            elif dim in area_of:
                out.append(("dimension-in-two-areas", {"value": dim, "area": area_of[dim]}, path))
            else:
                area_of[dim] = area.get("id")
    for i, dim_entry in _entries(data, "dimensions"):
        dim = dim_entry.get("id")
        if isinstance(dim, str) and dim not in area_of:
            out.append(("dimension-without-area", {"value": dim}, ("dimensions", i, "id")))
    return out


def _scale_problem(
    raw_scale: dict[str, Any], item_type: str, context: dict[str, Any]
) -> tuple[str, dict[str, Any]] | None:
    """(problem key, its values) if a scale's options do not suit an item type, else None."""
    try:
        parsed = Scale.model_validate(raw_scale, context=context)
        check_options(item_type, parsed.options)
    except PydanticCustomError as exc:
        return exc.type, dict(exc.context or {})
    except ValidationError:
        return None  # reported at the scale itself
    return None


def _warnings(q: Questionnaire, lines: dict[Path_, int], filename: str) -> list[Problem]:
    """Things that are legal but probably not meant."""
    found: list[Problem] = []
    for i, item in enumerate(q.items):
        if item.pulse and item.type not in SCORED_TYPES:
            path: Path_ = ("items", i, "pulse")
            found.append(
                _problem("pulse-unscored", filename, _line_for(lines, path), _format_path(path))
            )
    for dim in q.dimensions:
        if not any(i.pulse for i in q.items if i.dimension == dim.id):
            found.append(_problem("no-pulse-items", filename, 1, "items", dimension=dim.id))
    return found


# --- files and the library ----------------------------------------------------------------


def load_questionnaire(path: str | Path) -> LoadResult:
    """Read and validate one file. Unreadable files become a problem, not an exception."""
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return LoadResult(
            name, errors=[_problem("unreadable", name, 1, reason=exc.strerror or exc)]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return LoadResult(name, errors=[_problem("encoding", name, 1)])
    return parse_questionnaire(text, name)


def load_or_raise(path: str | Path) -> Questionnaire:
    """Load a questionnaire that must be valid (e.g. one shipped in the library)."""
    result = load_questionnaire(path)
    if not result.ok or result.questionnaire is None:
        raise QuestionnaireError(result)
    return result.questionnaire


def library(directory: str | Path = QUESTIONNAIRE_DIR) -> list[LoadResult]:
    """Every questionnaire file in the library folder, valid or not, sorted by file name."""
    folder = Path(directory)
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    return [load_questionnaire(f) for f in files]
