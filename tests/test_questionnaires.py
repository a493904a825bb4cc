"""Questionnaire validation: every rule has a failing example, asserted by code and line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.questionnaires import (
    QUESTIONNAIRE_DIR,
    QuestionnaireError,
    library,
    load_or_raise,
    load_questionnaire,
    parse_questionnaire,
)
from tests.conftest import MINIMAL_YAML


def variant(*replacements: tuple[str, str]) -> str:
    """MINIMAL_YAML with exact text replacements; each `old` must occur exactly once."""
    text = MINIMAL_YAML
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def problems(text: str) -> list[tuple[str, int]]:
    """(code, line) of every error found in `text`."""
    result = parse_questionnaire(text, "q.yaml")
    return [(p.code, p.line) for p in result.errors]


def test_minimal_questionnaire_is_valid() -> None:
    result = parse_questionnaire(MINIMAL_YAML, "q.yaml")
    assert result.errors == []
    assert result.ok
    q = result.questionnaire
    assert q is not None
    assert [d.id for d in q.dimensions] == ["purpose", "time"]
    assert q.scale_max == 3


def test_every_library_questionnaire_validates() -> None:
    results = library(QUESTIONNAIRE_DIR)
    assert results, "the library folder holds no questionnaire"
    for result in results:
        assert result.errors == [], "\n".join(str(p) for p in result.errors)


def test_yaml_keeps_answer_texts_as_strings() -> None:
    q = parse_questionnaire(MINIMAL_YAML, "q.yaml").questionnaire
    assert q is not None
    assert [o.text["en"] for o in q.options_of(q.item("t2"))] == ["No", "yes"]
    assert [lvl["en"] for lvl in q.dimension("time").levels] == ["None", "Some", "Enough"]
    assert q.item("t2").reverse is True
    assert q.version == "1"


# (name, replacements, expected (code, line)) — one rule per row.
RULES: list[tuple[str, list[tuple[str, str]], tuple[str, int]]] = [
    ("unknown key", [("    reverse: true", "    revers: true")], ("unknown-key", 57)),
    ("missing field", [("    definition: Why we use it.\n", "")], ("missing-field", 16)),
    ("duplicate item id", [("  - id: t1", "  - id: p1")], ("duplicate-id", 47)),
    ("duplicate role id", [("  - id: boss", "  - id: sales")], ("duplicate-id", 30)),
    (
        "dangling dimension",
        [("    dimension: time\n    type: choice", "    dimension: tyme\n    type: choice")],
        ("unknown-dimension", 54),
    ),
    ("dangling role in item", [("roles: [sales]", "roles: [salez]")], ("unknown-role", 61)),
    ("dangling action owner", [("owner: boss", "owner: ceo")], ("unknown-role", 67)),
    (
        "dangling action dimension",
        [("when: {dimension: purpose", "when: {dimension: porpose")],
        ("unknown-dimension", 70),
    ),
    (
        "action level out of range",
        [("from_level: 1}", "from_level: 3}")],
        ("level-out-of-range", 70),
    ),
    ("action without condition", [("when: {dimension: purpose, ", "when: {")], ("action-when", 70)),
    (
        "dangling scale",
        [("    scale: agree\n    pulse", "    scale: agre\n    pulse")],
        ("unknown-scale", 45),
    ),
    (
        "score not numeric",
        [("{text: yes, score: 3}", "{text: yes, score: high}")],
        ("not-a-number", 60),
    ),
    ("score missing", [("{text: yes, score: 3}", "{text: yes}")], ("option-score-missing", 58)),
    (
        "scores all equal",
        [("{text: yes, score: 3}", "{text: yes, score: 1}")],
        ("scores-constant", 58),
    ),
    ("one option only", [("      - {text: yes, score: 3}\n", "")], ("too-few-options", 58)),
    (
        "thresholds not increasing",
        [("threshold: 2.5", "threshold: 1.5")],
        ("thresholds-not-increasing", 14),
    ),
    (
        "first threshold above scale minimum",
        [("threshold: 1\n", "threshold: 1.2\n")],
        ("first-threshold", 8),
    ),
    ("threshold above scale", [("threshold: 2.5", "threshold: 3.5")], ("out-of-range", 14)),
    (
        "too few levels",
        [("  - name: Habit\n    description: Everyone uses it.\n    threshold: 2.5\n", "")],
        ("wrong-count", 5),
    ),
    (
        "dimension level count",
        [("[None, Some, Enough]", "[None, Some]")],
        ("dimension-level-count", 24),
    ),
    ("unknown item type", [("    type: choice", "    type: slider")], ("invalid-choice", 55)),
    ("bad perspective", [("perspective: frontline", "perspective: front")], ("invalid-choice", 29)),
    ("bad id", [("  - id: t2", "  - id: T 2")], ("invalid-id", 53)),
    ("weight not positive", [("    weight: 2", "    weight: 0")], ("out-of-range", 23)),
    ("flag not boolean", [("    pulse: true", "    pulse: maybe")], ("not-a-boolean", 46)),
    (
        "options and scale",
        [
            (
                "    scale: agree\n    dont_know",
                "    scale: agree\n    options: "
                "[{text: a, score: 1}, {text: b, score: 2}]\n    dont_know",
            )
        ],
        ("options-and-scale", 52),
    ),
    (
        "options missing",
        [("    scale: agree\n    dont_know: true", "    dont_know: true")],
        ("options-missing", 47),
    ),
    (
        "reverse on unscored item",
        [("    type: choice\n", "    type: text\n")],
        ("unexpected-options", 58),
    ),
    (
        "number without range",
        [
            ("    type: likert\n    text: I have time", "    type: number\n    text: I have time"),
            ("    scale: agree\n    dont_know", "    dont_know"),
        ],
        ("number-range", 49),
    ),
    (
        "dont-know label without dont_know",
        [("    dont_know: true", "    dont_know_label: Unsure")],
        ("dont-know-label", 52),
    ),
    (
        "unit on a likert item",
        [("    pulse: true", "    pulse: true\n    unit: hours")],
        ("not-for-type", 47),
    ),
    (
        "duplicate language",
        [('version: "1"\n', 'version: "1"\nlanguages: [en, en]\n')],
        ("duplicate-language", 3),
    ),
    (
        "bad language code",
        [('version: "1"\n', 'version: "1"\nlanguages: [english]\n')],
        ("invalid-language", 3),
    ),
    ("roles not a list", [("roles: [sales]", "roles: sales")], ("invalid-roles", 61)),
    ("roles empty", [("roles: [sales]", "roles: []")], ("empty-roles", 61)),
    ("text not text", [("title: Mini check", "title: [a, b]")], ("not-text", 3)),
    (
        "list expected",
        [("levels: [Unclear, Partly clear, Clear]", "levels: Clear")],
        ("not-a-list", 19),
    ),
    (
        "duplicate key",
        [("    name: Time\n", "    name: Time\n    name: Tyme\n")],
        ("duplicate-key", 22),
    ),
    (
        "role without items",
        [("    dimension: purpose\n    type: likert", "    dimension: time\n    type: likert")],
        ("role-without-items", 26),
    ),
    (
        "anchored option count",
        [("    type: choice\n", "    type: anchored\n")],
        ("anchored-option-count", 58),
    ),
    ("yaml syntax", [("  - id: t2", "  - id: [t2")], ("yaml-syntax", 54)),
]


@pytest.mark.parametrize(
    ("replacements", "expected"), [(r, e) for _, r, e in RULES], ids=[n for n, _, _ in RULES]
)
def test_rule_reports_code_and_line(
    replacements: list[tuple[str, str]], expected: tuple[str, int]
) -> None:
    found = problems(variant(*replacements))
    assert expected in found, found


def test_all_errors_are_reported_at_once() -> None:
    text = variant(
        ("    reverse: true", "    revers: true"),
        ("  - id: t1", "  - id: p1"),
        ("    dimension: time\n    type: choice", "    dimension: tyme\n    type: choice"),
    )
    result = parse_questionnaire(text, "typo.yaml")
    assert [(p.code, p.line, p.path) for p in result.errors] == [
        ("duplicate-id", 47, "items[1].id"),
        ("unknown-dimension", 54, "items[2].dimension"),
        ("unknown-key", 57, "items[2].revers"),
    ]
    assert str(result.errors[2]) == (
        "typo.yaml:57: items[2].revers: unknown key `revers` (check the spelling) [unknown-key]"
    )
    assert result.questionnaire is None


def bilingual(text: str) -> str:
    return text.replace('version: "1"\n', 'version: "1"\nlanguages: [en, de]\n', 1)


def test_missing_translation_is_reported_for_every_text() -> None:
    result = parse_questionnaire(bilingual(MINIMAL_YAML), "q.yaml")
    missing = [p for p in result.errors if p.code == "missing-translation"]
    # Every human-readable text is plain English, so each one lacks German.
    assert len(missing) > 20
    assert ("missing-translation", 4, "title") in [(p.code, p.line, p.path) for p in missing]
    assert all("de" in p.message for p in missing)


def test_translated_text_resolves_per_language() -> None:
    text = bilingual(MINIMAL_YAML)
    result = parse_questionnaire(text, "q.yaml")
    assert result.errors  # untranslated
    lines = text.replace("title: Mini check", "title: {en: Mini check, de: Minicheck}")
    result = parse_questionnaire(lines, "q.yaml")
    assert ("missing-translation", 4) not in [(p.code, p.line) for p in result.errors]


def test_text_in_undeclared_language_is_refused() -> None:
    text = variant(("title: Mini check", "title: {en: Mini check, fr: Mini}"))
    assert ("unknown-language", 3) in problems(text)


def test_default_language_must_be_declared() -> None:
    text = variant(('version: "1"\n', 'version: "1"\ndefault_language: de\n'))
    assert ("unknown-language", 3) in problems(text)


def test_not_a_mapping_is_refused() -> None:
    assert problems("- just\n- a list\n") == [("wrong-shape", 1)]
    assert problems("") == [("wrong-shape", 1)]


def test_alias_bomb_is_refused_without_expanding() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    # 10**9 leaves if expanded; refused after MAX_NODES values, at the first anchor.
    assert problems("\n".join(lines)) == [("too-large", 1)]


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    missing = load_questionnaire(tmp_path / "nope.yaml")
    assert [p.code for p in missing.errors] == ["unreadable"]
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title: Gr\xfc\xdfe".encode("latin-1"))
    assert [p.code for p in load_questionnaire(latin).errors] == ["encoding"]


def test_load_or_raise_names_the_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(variant(("    reverse: true", "    revers: true")), encoding="utf-8")
    with pytest.raises(QuestionnaireError) as info:
        load_or_raise(bad)
    assert "bad.yaml:57" in str(info.value)
    good = tmp_path / "good.yaml"
    good.write_text(MINIMAL_YAML, encoding="utf-8")
    assert isinstance(load_or_raise(good), Questionnaire)


def test_warning_for_dimension_without_pulse_items() -> None:
    result = parse_questionnaire(MINIMAL_YAML, "q.yaml")
    assert [(w.code, w.path) for w in result.warnings] == [("no-pulse-items", "items")]


def test_null_means_not_set() -> None:
    text = variant(
        (
            "    text: I know why we use the CRM.\n",
            "    text: I know why we use the CRM.\n    help: ~\n    roles: null\n",
        ),
    )
    result = parse_questionnaire(text, "q.yaml")
    assert result.errors == []
    assert result.questionnaire is not None
    item = result.questionnaire.item("p1")
    assert item.help is None
    assert item.roles == "core"
    empty_score = variant(("{text: yes, score: 3}", "{text: yes, score: }"))
    assert problems(empty_score) == [("option-score-missing", 58)]


def test_one_mistake_gives_one_error() -> None:
    assert problems(variant(("roles: [sales]", "roles: [Sales]"))) == [("unknown-role", 61)]
    assert problems(variant(("from_level: 1}", "from_level: 0}"))) == [("level-out-of-range", 70)]


def test_content_hash_follows_content_not_formatting() -> None:
    def hash_of(text: str) -> str:
        q = parse_questionnaire(text, "q.yaml").questionnaire
        assert q is not None
        return q.content_hash()

    base = hash_of(MINIMAL_YAML)
    assert len(base) == 64
    assert hash_of("# a comment\n" + MINIMAL_YAML.replace("weight: 2", "weight:   2")) == base
    assert hash_of(MINIMAL_YAML.replace("I know why", "I know how")) != base


def test_multi_items_take_no_scoring_keys() -> None:
    multi = variant(("    type: choice\n", "    type: multi\n"))
    assert problems(multi) == [("reverse-unscored", 57)]
    weighted = multi.replace("    reverse: true\n", "    weight: 2\n")
    assert problems(weighted) == [("not-for-type", 57)]


# 50,000 levels in 100 KB: the C composer recursed once per level and crashed the process.
DEEP_FILES = {
    "flow": "[" * 50_000,
    "block-sequence": "- " * 50_000 + "x\n",
    "flow-mapping": "a: " + "{b: " * 25_000 + "\n",
    # Block mappings one space deeper per line: 3,000 levels fit in 4.5 MB.
    "block-mapping": "".join(" " * depth + "a:\n" for depth in range(3_000)),
}


@pytest.mark.parametrize("kind", DEEP_FILES)
def test_deep_nesting_is_refused_before_it_is_composed(kind: str) -> None:
    line = 51 if kind == "block-mapping" else 1
    assert problems(DEEP_FILES[kind]) == [("too-deep", line)]


def test_nesting_at_the_limit_is_allowed_and_one_more_is_refused() -> None:
    def nested(levels: int) -> str:  # the root mapping is level 0
        return "a: " + "[" * (levels - 1) + "x" + "]" * (levels - 1) + "\n"

    assert ("too-deep", 1) not in problems(nested(50))
    assert problems(nested(51)) == [("too-deep", 1)]


def test_alias_expanded_below_the_limit_is_counted_where_it_is_used() -> None:
    text = "x: &a [[1]]\ny: " + "[" * 48 + "*a" + "]" * 48 + "\n"
    assert problems(text) == [("too-deep", 1)]


def test_deep_upload_is_refused_and_the_process_survives(tmp_path: Path) -> None:
    """The console hands an upload's text to `parse_questionnaire`: in a process of its
    own, it must answer with the problem, not die of a signal."""
    script = (
        "import sys\n"
        "from assessment.questionnaire.questionnaires import parse_questionnaire\n"
        "for name in sys.argv[1:]:\n"
        "    text = open(name, encoding='utf-8').read()\n"
        "    print(*[(p.code, p.line) for p in parse_questionnaire(text, name).errors])\n"
    )
    files = []
    for kind, text in DEEP_FILES.items():
        files.append(tmp_path / f"{kind}.yaml")
        files[-1].write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", script, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "('too-deep', 1)",
        "('too-deep', 1)",
        "('too-deep', 1)",
        "('too-deep', 51)",
    ]


CONSOLE_UPLOAD = """
import os, sys
from pathlib import Path
from tests.test_console_app import open_app, plain, run, seed

at = open_app(seed(Path(os.environ["GAPMAP_DB"])))
run(at.toggle(key="console-creating").set_value(True))
at.button_group(key="console-source").set_value("upload")
run(at)
for name in sys.argv[1:]:
    text = Path(name).read_bytes()
    at.file_uploader(key="console-upload").upload(Path(name).name, text, "text/yaml")
    run(at)
    print(*[line for e in plain(at.error) for line in e.splitlines() if "too-deep" in line])
"""


def test_deep_console_upload_shows_the_problem_and_the_server_survives(tmp_path: Path) -> None:
    """The console's upload, in a Streamlit app of its own process (a crash there would
    take the process down, not this test run)."""
    files = []
    for kind in ("flow", "block-sequence"):
        files.append(tmp_path / f"{kind}.yaml")
        files[-1].write_text(DEEP_FILES[kind], encoding="utf-8")
    library = tmp_path / "library"
    library.mkdir()
    (library / "ui-sample.yaml").write_bytes(
        (Path(__file__).parent / "fixtures" / "ui-sample.yaml").read_bytes()
    )
    env = {
        **os.environ,
        "GAPMAP_DB": str(tmp_path / "gapmap.duckdb"),
        "GAPMAP_QUESTIONNAIRES": str(library),
    }
    env.pop("GAPMAP_BASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", CONSOLE_UPLOAD, *map(str, files)],
        cwd=Path(__file__).parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "- **flow.yaml:1**: nesting is deeper than 50 levels :gray[too-deep]",
        "- **block-sequence.yaml:1**: nesting is deeper than 50 levels :gray[too-deep]",
    ]
