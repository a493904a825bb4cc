"""Every refusal GapMap raises has its message in the catalogue (`assessment.errors`), in
every language, and the catalogue holds nothing that is never raised."""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from assessment import errors, words
from assessment.errors import MESSAGES, AssessmentError, GapMapError, ResponseError

PACKAGE = Path(errors.__file__).parent
# First arguments that re-raise a refusal already raised (and checked) elsewhere.
RE_RAISED = {"err.code", "str(reply.get('code'))"}
# Refusals with a code of their own, given in their `super().__init__`.
OWN_CODE = {"MissingAnswers"}


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _error_classes() -> set[str]:
    """GapMapError and every class that derives from it, by name."""
    bases: dict[str, set[str]] = {}
    for _, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {ast.unparse(b).split(".")[-1] for b in node.bases}
    found = {"GapMapError"}
    while True:
        more = {name for name, of in bases.items() if of & found} - found
        if not more:
            return found
        found |= more


def _constants(node: ast.expr) -> list[str] | None:
    """The strings `node` can be: a literal, or a conditional between literals; None
    when it is computed."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _constants(node.body), _constants(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def _raised() -> tuple[set[str], set[str], list[str]]:
    """(message keys raised, codes raised with a computed variant, problems found)."""
    classes = _error_classes()
    keys: set[str] = set()
    any_variant: set[str] = set()
    problems: list[str] = []
    for path, tree in _modules():
        in_error_class = {
            id(call)
            for cls in ast.walk(tree)
            if isinstance(cls, ast.ClassDef) and cls.name in classes
            for call in ast.walk(cls)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            is_super = (
                name == "__init__"
                and isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Call)
                and ast.unparse(func.value.func) == "super"
                and id(node) in in_error_class
            )
            if (name not in classes or name in OWN_CODE) and not is_super:
                continue
            where = f"{path.relative_to(PACKAGE)}:{node.lineno}"
            if not node.args:
                continue
            first = node.args[0]
            if len(node.args) > 1:
                problems.append(f"{where}: a message is passed, not taken from the catalogue")
            named = {k.arg: k.value for k in node.keywords if k.arg}
            if "prefix" in named:
                prefixes = _constants(named["prefix"])
                if prefixes is not None:
                    keys.update(p for p in prefixes if p)
            codes = _constants(first)
            if codes is None:
                if ast.unparse(first) not in RE_RAISED and not is_super:
                    problems.append(f"{where}: the code is computed ({ast.unparse(first)})")
                continue
            variants: list[str] | None = [""]
            if "variant" in named:
                variants = _constants(named["variant"])
            for code in codes:
                if variants is None:
                    any_variant.add(code)
                    continue
                keys.update(f"{code}.{v}" if v else code for v in variants)
    return keys, any_variant, problems


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_refusal_is_raised_by_code_without_a_message_of_its_own() -> None:
    _, _, problems = _raised()
    assert problems == []


def test_every_raised_code_is_in_the_catalogue() -> None:
    keys, any_variant, _ = _raised()
    assert sorted(keys - set(MESSAGES)) == []
    for code in any_variant:
        assert any(key.startswith(f"{code}.") for key in MESSAGES), code


def test_no_catalogue_entry_is_unused() -> None:
    keys, any_variant, _ = _raised()
    for module in ("transfer.py", "evidence.py"):
        row_keys, row_any_variant, _ = _row_problem_keys(module)
        keys, any_variant = keys | row_keys, any_variant | row_any_variant
    unused = {k for k in MESSAGES if k not in keys and k.split(".")[0] not in any_variant}
    assert sorted(unused) == []


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_exists_in_every_language(key: str) -> None:
    for lang in words.LANGUAGES:
        assert getattr(MESSAGES[key], lang).strip(), f"{key} is empty in {lang}"


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_language_takes_the_same_placeholders(key: str) -> None:
    english = _placeholders(MESSAGES[key].en)
    for lang in words.LANGUAGES:
        assert _placeholders(getattr(MESSAGES[key], lang)) == english, f"{key} in {lang}"


def test_a_refusal_reads_in_the_language_asked_for() -> None:
    refused = ResponseError("out-of-range", low=1, high=5)
    assert refused.code == "out-of-range"
    assert refused.message == "Please give a number from 1 to 5."
    assert refused.message_in("de") == "Bitte geben Sie eine Zahl von 1 bis 5 ein."
    assert str(refused) == "Please give a number from 1 to 5. [out-of-range]"


def test_a_code_raised_from_two_places_reads_the_same() -> None:
    from assessment.collect.transfer import TransferError

    assert TransferError("assessment-closed").message == ResponseError("assessment-closed").message


def test_a_variant_and_a_prefix_pick_their_own_messages() -> None:
    refused = AssessmentError("empty-name", variant="team")
    assert refused.message == "Give the team a name."
    within = ResponseError("unknown-team", variant="none", prefix="in-response", response=3)
    assert within.message == "Response 3: This assessment has no teams; leave team empty."
    assert within.message_in("de").startswith("Antwort 3: ")


def test_an_unknown_code_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        GapMapError("no-such-code")


# --- an import's row problems ---------------------------------------------------------------

# Where transfer.py makes its row problems: the row, the column, then the code.
ROW_PROBLEM_MAKER = "_row_problem"
# Codes of refusals a row is given as a survey answer would be (raised, and checked, above).
ROW_REFUSED = {"err.code"}


def _row_problem_keys(module: str = "transfer.py") -> tuple[set[str], set[str], list[str]]:
    """(message keys of the problems an import (collect/`module`) reports per row and
    column, codes reported with a computed variant, problems found)."""
    tree = ast.parse((PACKAGE / "collect" / module).read_text(encoding="utf-8"))
    in_maker = {
        id(node)
        for fn in ast.walk(tree)
        if isinstance(fn, ast.FunctionDef) and fn.name == ROW_PROBLEM_MAKER
        for node in ast.walk(fn)
    }
    keys: set[str] = set()
    any_variant: set[str] = set()
    problems: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        where = f"{module}:{node.lineno}"
        if name == "RowProblem" and id(node) not in in_maker:
            problems.append(f"{where}: a row problem made with a message of its own")
        if name != ROW_PROBLEM_MAKER:
            continue
        if len(node.args) != 3:
            problems.append(f"{where}: give the row, the column and the code, then values")
            continue
        named = {k.arg: k.value for k in node.keywords if k.arg}
        if "prefix" in named:
            prefixes = _constants(named["prefix"])
            keys.update(p for p in prefixes or [] if p)
        codes = _constants(node.args[2])
        if codes is None:
            if ast.unparse(node.args[2]) not in ROW_REFUSED:
                problems.append(f"{where}: the code is computed ({ast.unparse(node.args[2])})")
            continue
        variants: list[str] | None = [""]
        if "variant" in named:
            variants = _constants(named["variant"])
        for code in codes:
            if variants is None:
                any_variant.add(code)
            else:
                keys.update(f"{code}.{v}" if v else code for v in variants)
    return keys, any_variant, problems


@pytest.mark.parametrize(
    ("module", "made"),
    [("transfer.py", "missing-column.role"), ("evidence.py", "missing-column.evidence")],
)
def test_every_row_problem_is_reported_by_code_without_a_message_of_its_own(
    module: str, made: str
) -> None:
    keys, _, problems = _row_problem_keys(module)
    assert problems == []
    assert made in keys  # the scan finds them


@pytest.mark.parametrize("module", ["transfer.py", "evidence.py"])
def test_every_row_problem_is_in_the_catalogue(module: str) -> None:
    keys, any_variant, _ = _row_problem_keys(module)
    assert sorted(keys - set(MESSAGES)) == []
    for code in any_variant:
        assert any(key.startswith(f"{code}.") for key in MESSAGES), code


def test_a_row_problem_reads_in_the_language_asked_for() -> None:
    from assessment.collect.transfer import _row_problem

    found = _row_problem(1, None, "missing-column", variant="role")
    assert (found.code, found.message) == (
        "missing-column",
        "The file has no role column: add one headed role.",
    )
    assert found.message_in("de").startswith("Die Datei hat keine Spalte für die Rolle")
    assert found.message_in("fr") == found.message
    refused = ResponseError("unknown-role", variant="import", value="'x'", roles="sales")
    cell = _row_problem(
        3, "role", refused.code, variant=refused.variant, prefix=refused.prefix, **refused.params
    )
    assert cell.message == refused.message
    assert cell.message_in("de") == refused.message_in("de")
    assert cell.message_in("en", escape=str.upper) == "'X' is not a role. Use one of: SALES."


def test_a_number_in_a_refusal_is_written_the_way_its_language_writes_it() -> None:
    from assessment.collect.responses import _fmt

    refused = ResponseError("out-of-range", low=_fmt(0.5), high=_fmt(10.0))
    assert refused.message == "Please give a number from 0.5 to 10."
    assert refused.message_in("de") == "Bitte geben Sie eine Zahl von 0,5 bis 10 ein."
    unbounded = ResponseError("out-of-range", low=_fmt(None), high=_fmt(2.25))
    assert unbounded.message_in("de") == "Bitte geben Sie eine Zahl von beliebig bis 2,25 ein."


# --- questionnaire problems ------------------------------------------------------------------

PROBLEM_MODULES = (
    "questionnaire/questionnaires.py",
    "questionnaire/model.py",
    "questionnaire/evidence.py",
)
# Calls that make a problem: the code first, then where and what it names.
PROBLEM_CALLS = {"_problem", "add", "_YamlShapeError", "Problem"}


def _problem_keys() -> tuple[set[str], set[str]]:
    """(problem keys made, codes made with a computed variant)."""
    from assessment.questionnaire import questionnaires

    keys = {f"{c}.{v}" if v else c for c, v in questionnaires.PYDANTIC_PROBLEMS.values()}
    code, variant = questionnaires.OTHER_PROBLEM
    keys.add(f"{code}.{variant}" if variant else code)
    any_variant: set[str] = set()
    for name in PROBLEM_MODULES:
        tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            found: tuple[ast.expr, dict[str, ast.expr]] | None = None
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if called in PROBLEM_CALLS and node.args:
                    found = (node.args[0], {k.arg: k.value for k in node.keywords if k.arg})
            elif isinstance(node, ast.Tuple) and len(node.elts) >= 2:
                # (code, {values...}, path) in the cross-checks and the YAML reader
                first, second = node.elts[0], node.elts[1]
                if isinstance(second, ast.Dict) and _constants(first):
                    named = {
                        k.value: v
                        for k, v in zip(second.keys, second.values, strict=True)
                        if isinstance(k, ast.Constant) and isinstance(k.value, str)
                    }
                    found = (first, named)
            elif isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "code":
                keys.update(_constants(node.value) or [])
            elif isinstance(node, ast.Dict):  # a prefix given with a problem's values
                for k, v in zip(node.keys, node.values, strict=True):
                    if isinstance(k, ast.Constant) and k.value == "prefix":
                        keys.update(_constants(v) or [])
            if found is None:
                continue
            first, named = found
            codes = _constants(first)
            if codes is None:
                continue
            variants: list[str] | None = [""]
            if "variant" in named:
                variants = _constants(named["variant"])
            prefixes = _constants(named["prefix"]) if "prefix" in named else None
            keys.update(p for p in prefixes or [] if p)
            for code in codes:
                if variants is None:
                    any_variant.add(code)
                else:
                    keys.update(f"{code}.{v}" if v else code for v in variants)
    return keys, any_variant


def test_every_questionnaire_problem_is_in_the_catalogue() -> None:
    keys, any_variant = _problem_keys()
    assert sorted(keys - set(errors.PROBLEMS)) == []
    for code in any_variant:
        assert any(key.startswith(f"{code}.") for key in errors.PROBLEMS), code


def test_no_questionnaire_problem_is_unused() -> None:
    keys, any_variant = _problem_keys()
    unused = {k for k in errors.PROBLEMS if k not in keys and k.split(".")[0] not in any_variant}
    assert sorted(unused) == []


@pytest.mark.parametrize("key", sorted(errors.PROBLEMS))
def test_every_problem_exists_in_every_language_with_the_same_placeholders(key: str) -> None:
    english = _placeholders(errors.PROBLEMS[key].en)
    for lang in words.LANGUAGES:
        text = getattr(errors.PROBLEMS[key], lang)
        assert text.strip(), f"{key} is empty in {lang}"
        assert _placeholders(text) == english, f"{key} in {lang}"


def test_a_validation_problem_names_the_wrong_value() -> None:
    from assessment.questionnaire.questionnaires import parse_questionnaire

    result = parse_questionnaire("id: model-1.1.0\n", "m.yaml")
    wrong_id = next(p for p in result.errors if p.code == "invalid-id")
    assert wrong_id.message.startswith("`model-1.1.0` is not an id: ")
    assert wrong_id.message_in("de").startswith("`model-1.1.0` ist keine ID: ")
