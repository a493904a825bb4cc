"""Load and validate questionnaire YAML; report every problem at once with file and line.

`parse_questionnaire(text, filename)` is pure: it returns a `LoadResult` holding the
model (when valid) and a list of `Problem`s, each with a stable `code`, the file, the
1-based line, the field path and a plain message. Nothing here raises on bad input.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from assessment.model import OPTION_TYPES, SCORED_TYPES, Questionnaire, Scale, check_options

QUESTIONNAIRE_DIR = Path(__file__).resolve().parent.parent / "questionnaires"
MAX_FILE_BYTES = 5_000_000
MAX_NODES = 500_000

Path_ = tuple[str | int, ...]

# pydantic's own error types, renamed to the stable codes authors see.
_PYDANTIC_CODES: dict[str, str] = {
    "extra_forbidden": "unknown-key",
    "missing": "missing-field",
    "float_parsing": "not-a-number",
    "float_type": "not-a-number",
    "finite_number": "not-a-number",
    "int_parsing": "not-an-integer",
    "int_type": "not-an-integer",
    "int_from_float": "not-an-integer",
    "bool_parsing": "not-a-boolean",
    "bool_type": "not-a-boolean",
    "literal_error": "invalid-choice",
    "string_type": "not-text",
    "string_pattern_mismatch": "invalid-id",
    "string_too_short": "empty-value",
    "string_too_long": "too-long",
    "too_short": "wrong-count",
    "too_long": "wrong-count",
    "greater_than": "out-of-range",
    "greater_than_equal": "out-of-range",
    "less_than_equal": "out-of-range",
    "dict_type": "wrong-shape",
    "model_type": "wrong-shape",
    "model_attributes_type": "wrong-shape",
    "list_type": "not-a-list",
}


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
}


@dataclass(frozen=True)
class Problem:
    """One validation problem: stable `code`, where it is, and what to do about it."""

    code: str
    message: str
    file: str
    line: int
    path: str

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


class _YamlShapeError(Exception):
    def __init__(self, code: str, message: str, line: int) -> None:
        super().__init__(message)
        self.code, self.message, self.line = code, message, line


@dataclass
class _Document:
    data: Any
    lines: dict[Path_, int]
    problems: list[tuple[str, str, int, Path_]]


_NULL_TAG = "tag:yaml.org,2002:null"
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _compose(text: str) -> _Document:
    """Parse YAML into plain dicts/lists/strings, recording the line of every node.

    Every scalar stays a string (`No`, `yes`, `on` are answer texts, not booleans);
    pydantic converts numbers and flags where a field asks for them. Duplicate keys,
    which a plain YAML load silently overwrites, are reported.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    root = yaml.compose(text, Loader=loader)
    lines: dict[Path_, int] = {}
    problems: list[tuple[str, str, int, Path_]] = []
    budget = [MAX_NODES]

    def build(node: yaml.Node, path: Path_, depth: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise _YamlShapeError(
                "too-large",
                f"the file expands to more than {MAX_NODES:,} values",
                node.start_mark.line + 1,
            )
        if depth > 50:
            raise _YamlShapeError(
                "too-deep", "nesting is deeper than 50 levels", node.start_mark.line + 1
            )
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
                        "wrong-shape", "a key must be plain text", key_node.start_mark.line + 1
                    )
                key = str(key_node.value)
                key_line = key_node.start_mark.line + 1
                if key in seen:
                    problems.append(
                        (
                            "duplicate-key",
                            f"key `{key}` appears twice here (first on line {seen[key]})",
                            key_line,
                            (*path, key),
                        )
                    )
                seen[key] = key_line
                lines[(*path, key)] = key_line
                result[key] = build(value_node, (*path, key), depth + 1)
            return result
        raise _YamlShapeError("wrong-shape", "unsupported YAML node", node.start_mark.line + 1)

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

    def add(code: str, message: str, line: int, path: Path_ = ()) -> None:
        result.errors.append(Problem(code, message, filename, line, _format_path(path)))

    if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
        add("too-large", f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB", 1)
        return result
    try:
        doc = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        add("yaml-syntax", f"YAML syntax error: {exc.problem or exc.context}", line)
        return result
    except yaml.YAMLError as exc:
        add("yaml-syntax", f"YAML syntax error: {exc}", 1)
        return result
    except _YamlShapeError as exc:
        add(exc.code, exc.message, exc.line)
        return result
    except RecursionError:
        add("too-deep", "the file nests too deeply", 1)
        return result

    for code, message, line, path in doc.problems:
        add(code, message, line, path)
    data = doc.data
    if not isinstance(data, dict):
        add("wrong-shape", "a questionnaire is a mapping with keys such as id, levels, items", 1)
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
                f"default_language `{default_language}` is not among languages {languages}",
                _line_for(doc.lines, ("default_language",)),
                ("default_language",),
            )
        default_language = languages[0]
    context = {"languages": languages, "default_language": default_language}

    model: Questionnaire | None = None
    try:
        model = Questionnaire.model_validate(data, context=context)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc: Path_ = tuple(err["loc"])
            code = _PYDANTIC_CODES.get(err["type"], err["type"])
            for focus in _FOCUS_KEY.get(code, ()):
                if (*loc, focus) in doc.lines:
                    loc = (*loc, focus)
                    break
            if code == "unknown-key":
                message = f"unknown key `{loc[-1]}` (check the spelling)"
            elif code == "missing-field":
                message = f"`{loc[-1]}` is required"
            elif code == "invalid-id" and loc[:1] in (("languages",), ("default_language",)):
                code = "invalid-language"
                message = "a language is a two-letter code such as `en` or `de`"
            elif code == "invalid-id":
                message = (
                    "an id is lower-case letters, digits, `-` or `_`, starting with a letter "
                    "(at most 64 characters)"
                )
            else:
                message = err["msg"]
            add(code, message, _line_for(doc.lines, loc), loc)

    languages_raw = data.get("languages")
    if isinstance(languages_raw, list):
        for i, lang in enumerate(languages_raw):
            if lang in languages_raw[:i]:
                add(
                    "duplicate-language",
                    f"language `{lang}` is listed twice",
                    _line_for(doc.lines, ("languages", i)),
                    ("languages", i),
                )
    for code, message, path in _cross_checks(data, context):
        add(code, message, _line_for(doc.lines, path), path)

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


def _cross_checks(data: dict[str, Any], context: dict[str, Any]) -> list[tuple[str, str, Path_]]:
    """Checks that need the whole document. Tolerant of shape errors reported elsewhere."""
    out: list[tuple[str, str, Path_]] = []

    for collection in ("dimensions", "roles", "items", "actions"):
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
                            f"{collection[:-1]} id `{ident}` is used more than once",
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
                    f"threshold {cur:g} is not above the previous level's {prev:g}",
                    ("levels", i, "threshold"),
                )
            )
    if thresholds and n_levels:
        i0, t0 = thresholds[0]
        if i0 == 0 and t0 > 1:
            out.append(
                (
                    "first-threshold",
                    f"the first level's threshold must be 1 (the lowest score), not {t0:g}",
                    ("levels", 0, "threshold"),
                )
            )
        for i, t in thresholds:
            if t < 1 or t > n_levels:
                out.append(
                    (
                        "out-of-range",
                        f"threshold {t:g} is outside the score scale 1..{n_levels}",
                        ("levels", i, "threshold"),
                    )
                )

    for i, dim_entry in _entries(data, "dimensions"):
        dim_levels = dim_entry.get("levels")
        if isinstance(dim_levels, list) and n_levels and len(dim_levels) != n_levels:
            out.append(
                (
                    "dimension-level-count",
                    f"describes {len(dim_levels)} levels, the model has {n_levels}",
                    ("dimensions", i, "levels"),
                )
            )

    scored_by_role_dim: set[tuple[str, str]] = set()
    # Many items share a scale: check each scale once per item type, not once per item.
    scale_problems: dict[tuple[str, str], tuple[str, str] | None] = {}
    for i, item in _entries(data, "items"):
        dim = item.get("dimension")
        if isinstance(dim, str) and dim not in dimensions:
            out.append(
                ("unknown-dimension", f"no dimension has the id `{dim}`", ("items", i, "dimension"))
            )
        scale = item.get("scale")
        if isinstance(scale, str) and scale not in scales:
            out.append(("unknown-scale", f"no scale is named `{scale}`", ("items", i, "scale")))
        item_roles = item.get("roles", "core")
        if isinstance(item_roles, list):
            for j, role in enumerate(item_roles):
                if isinstance(role, str) and role not in roles:
                    out.append(
                        ("unknown-role", f"no role has the id `{role}`", ("items", i, "roles", j))
                    )
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
                    code, message = problem
                    out.append((code, f"scale `{scale}`: {message}", ("items", i, "scale")))
        n_options = len(options) if isinstance(options, list) else 0
        if item_type == "anchored" and n_options and n_levels and n_options != n_levels:
            out.append(
                (
                    "anchored-option-count",
                    f"an anchored item needs one option per level ({n_levels}), it has {n_options}",
                    ("items", i, "options"),
                )
            )
        if item_type in SCORED_TYPES and isinstance(dim, str):
            if isinstance(item_roles, list):
                for role in item_roles:
                    scored_by_role_dim.add((str(role), dim))
            elif item_roles in (None, "core"):
                for role in roles:
                    scored_by_role_dim.add((str(role), dim))

    for i, role in enumerate(roles):
        if not isinstance(role, str):
            continue
        for dim in dimensions:
            if isinstance(dim, str) and (role, dim) not in scored_by_role_dim:
                out.append(
                    (
                        "role-without-items",
                        f"role `{role}` sees no scored item in dimension `{dim}`",
                        ("roles", i, "id"),
                    )
                )

    for i, action in _entries(data, "actions"):
        owner = action.get("owner")
        if isinstance(owner, str) and owner not in roles:
            out.append(("unknown-role", f"no role has the id `{owner}`", ("actions", i, "owner")))
        when = action.get("when")
        if isinstance(when, dict):
            dim = when.get("dimension")
            if isinstance(dim, str) and dim not in dimensions:
                out.append(
                    (
                        "unknown-dimension",
                        f"no dimension has the id `{dim}`",
                        ("actions", i, "when", "dimension"),
                    )
                )
            try:
                from_level = int(when.get("from_level"))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                continue
            if n_levels and not 1 <= from_level < n_levels:
                out.append(
                    (
                        "level-out-of-range",
                        f"from_level {from_level} must be between 1 and {n_levels - 1}",
                        ("actions", i, "when", "from_level"),
                    )
                )
    return out


def _scale_problem(
    raw_scale: dict[str, Any], item_type: str, context: dict[str, Any]
) -> tuple[str, str] | None:
    """(code, message) if a scale's options do not suit an item type, else None."""
    try:
        parsed = Scale.model_validate(raw_scale, context=context)
        check_options(item_type, parsed.options)
    except PydanticCustomError as exc:
        return exc.type, exc.message()
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
                Problem(
                    "pulse-unscored",
                    "a pulse item that is not scored shows no result in a workshop",
                    filename,
                    _line_for(lines, path),
                    _format_path(path),
                )
            )
    for dim in q.dimensions:
        if not any(i.pulse for i in q.items if i.dimension == dim.id):
            found.append(
                Problem(
                    "no-pulse-items",
                    f"dimension `{dim.id}` has no pulse item, so a live workshop skips it",
                    filename,
                    1,
                    "items",
                )
            )
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
            name,
            errors=[
                Problem("unreadable", f"cannot read the file: {exc.strerror or exc}", name, 1, "")
            ],
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return LoadResult(
            name, errors=[Problem("encoding", "the file is not UTF-8 text", name, 1, "")]
        )
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
