"""Every text a person reads is in `assessment/words.py`, complete in every language, and
numbers, percentages and dates are written one way for each language."""

from __future__ import annotations

import ast
import re
import string
from datetime import date
from pathlib import Path

import pytest

from assessment import words

PACKAGE = Path(words.__file__).parent
# Synthetic respondents' comments in the demo organisation: data, not words.
DATA_MODULES = {"demo.py"}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(words.WORDS))
def test_every_text_exists_in_every_language(key: str) -> None:
    text = words.WORDS[key]
    for lang in words.LANGUAGES:
        assert getattr(text, lang).strip(), f"{key} is empty in {lang}"


@pytest.mark.parametrize("key", sorted(words.WORDS))
def test_every_language_takes_the_same_placeholders(key: str) -> None:
    text = words.WORDS[key]
    english = _placeholders(text.en)
    for lang in words.LANGUAGES:
        assert _placeholders(getattr(text, lang)) == english, f"{key} in {lang}"


def test_a_text_is_filled_in_in_its_language() -> None:
    assert words.t("hidden.below_k", "de", k=5) == "weniger als 5 Antworten"
    assert words.t("hidden.below_k", "en", k=5) == "fewer than 5 responses"


def test_a_language_gapmap_does_not_speak_reads_english() -> None:
    assert words.t("hidden.below_k", "fr", k=5) == "fewer than 5 responses"
    assert words.t("hidden.below_k", None, k=5) == "fewer than 5 responses"


def test_an_unknown_key_is_an_error() -> None:
    assert not words.has("report.no-such-text")
    with pytest.raises(KeyError):
        words.t("report.no-such-text", "en")


def test_a_section_gives_every_text_of_it_for_a_template() -> None:
    section = words.section("poster", "de")
    assert section["code"] == "Einladungscode"
    assert set(section) == set(words.SECTIONS["poster"])


@pytest.mark.parametrize(
    ("value", "digits", "en", "de"),
    [
        (3.5, 1, "3.5", "3,5"),
        (3.456, 2, "3.46", "3,46"),
        (4.0, 2, "4.00", "4,00"),
        (-1.25, 2, "-1.25", "-1,25"),
        (2.25, 1, "2.2", "2,2"),  # halves round to even, as Python's own formatting
        (7.6, 0, "8", "8"),
        (None, 1, "-", "-"),
        # Thousands are grouped as each language groups them.
        (0, 0, "0", "0"),
        (999, 0, "999", "999"),
        (1000, 0, "1,000", "1.000"),
        (1234567, 0, "1,234,567", "1.234.567"),
        (-1234, 0, "-1,234", "-1.234"),
        (10000.5, 1, "10,000.5", "10.000,5"),
        (-1234567.891, 2, "-1,234,567.89", "-1.234.567,89"),
    ],
)
def test_numbers(value: float | None, digits: int, en: str, de: str) -> None:
    assert words.number(value, "en", digits) == en
    assert words.number(value, "de", digits) == de


@pytest.mark.parametrize(
    ("value", "en", "de"),
    [(10000, "10000", "10000"), (1234.5, "1234.5", "1234,5"), (-1000, "-1000", "-1000")],
)
def test_a_number_a_person_types_back_is_not_grouped(value: float, en: str, de: str) -> None:
    # German "10.000" typed into an answer would be read as ten.
    digits = 0 if float(value).is_integer() else 1
    assert words.number(value, "en", digits, grouped=False) == en
    assert words.number(value, "de", digits, grouped=False) == de


def test_a_count_put_into_a_text_is_grouped_in_its_language() -> None:
    assert words.t("audit_event.codes", "en", n=1200) == "1,200 codes"
    assert words.t("audit_event.codes", "de", n=1200) == "1.200 Codes"
    assert words.t("hidden.below_k", "de", k=10000) == "weniger als 10.000 Antworten"
    # True is not a count; a number in a text of its own format keeps that format.
    assert words.fill(words.Text(en="{x}", de="{x}"), "de", x=True) == "True"
    assert words.fill(words.Text(en="{x:g}", de="{x:g}"), "de", x=1500) == "1500"


def test_a_number_that_names_something_is_passed_as_text_and_not_grouped() -> None:
    assert words.t("audit_event.codes", "de", n="1200") == "1200 Codes"


@pytest.mark.parametrize(
    ("value", "en", "de"),
    [
        (12.345, "1,234%", "1.234\u00a0%"),
        (0.79, "79%", "79\u00a0%"),
        (0.0, "0%", "0\u00a0%"),
        (1.0, "100%", "100\u00a0%"),
        (0.125, "12%", "12\u00a0%"),
        (None, "-", "-"),
    ],
)
def test_percentages(value: float | None, en: str, de: str) -> None:
    assert words.percent(value, "en") == en
    assert words.percent(value, "de") == de


def test_dates() -> None:
    assert words.date(date(2026, 11, 3), "en") == "3 November 2026"
    assert words.date(date(2026, 11, 3), "de") == "3. November 2026"
    assert words.date(date(2026, 3, 23), "de") == "23. März 2026"


def test_no_other_module_keeps_a_table_of_translations() -> None:
    """A dict literal keyed by exactly GapMap's languages is a translation table: those
    belong in words.py."""
    languages = set(words.LANGUAGES)
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in DATA_MODULES or path == Path(words.__file__):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                if keys == languages:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert found == []


def test_plural_says_one_thing_and_many_things_in_each_language() -> None:
    assert words.plural("evidence.gap_levels", 1, "en", gap=1) == "1 level"
    assert words.plural("evidence.gap_levels", 2, "en", gap=2) == "2 levels"
    assert words.plural("evidence.gap_levels", 1, "de", gap=1) == "1 Stufe"
    assert words.plural("evidence.gap_levels", 2, "de", gap=2) == "2 Stufen"
    assert words.plural("evidence.finding_count", 0, "de", count=0) == (
        "0 Realitätslücken: Die Befragten sehen eine Dimension höher, als die Daten zeigen."
    )
    assert words.plural("open.left_out", 1, "de", n=1) == (
        "1 Wort, das nur eine Person verwendet hat, wird nicht gezeigt."
    )


def test_no_text_hedges_its_plural_with_brackets() -> None:
    """ "level(s)", "Stufe(n)", "Wort/Wörter": a text for one and one for many instead
    (`words.plural`)."""
    from assessment import errors

    hedged = re.compile(r"\w\((s|n|e|en)\)|Wort/Wörter")
    texts = {
        **words.WORDS,
        **{f"error.{k}": v for k, v in errors.MESSAGES.items()},
        **{f"problem.{k}": v for k, v in errors.PROBLEMS.items()},
    }
    assert [
        (key, lang)
        for key, text in texts.items()
        for lang in words.LANGUAGES
        if hedged.search(getattr(text, lang))
    ] == []
