"""How long the survey takes: the letters each role reads, in its language, at a phone's
reading speed, plus answering; and the core-only variant offered when it runs long."""

from __future__ import annotations

import textwrap

import pytest

from assessment.questionnaire import variants
from assessment.questionnaire.model import (
    ANSWER_SECONDS,
    READING_LETTERS_PER_MINUTE,
    STEP_SECONDS,
    WELCOME_SECONDS,
    Questionnaire,
    TimeEstimate,
)
from assessment.questionnaire.questionnaires import (
    QUESTIONNAIRE_DIR,
    load_or_raise,
    parse_questionnaire,
)
from tests.conftest import MINIMAL_YAML

DUO_YAML = textwrap.dedent(
    """\
    id: duo
    version: "1"
    languages: [en, de]
    title: {en: Duo, de: Duo}
    description: {en: Two questions., de: Zwei Fragen.}
    levels:
      - {name: {en: Low, de: Tief}, description: {en: Low., de: Tief.}, threshold: 1}
      - {name: {en: Mid, de: Mitte}, description: {en: Mid., de: Mitte.}, threshold: 1.8}
      - {name: {en: High, de: Hoch}, description: {en: High., de: Hoch.}, threshold: 2.5}
    dimensions:
      - id: purpose
        name: {en: Purpose, de: Zweck}
        definition: {en: Why we use it., de: Wozu es dient.}
        levels:
          - {en: Low, de: Tief}
          - {en: Mid, de: Mitte}
          - {en: High, de: Hoch}
    roles:
      - id: rep
        name: {en: Sales, de: Vertrieb}
        description: {en: Front line., de: Vorne.}
        perspective: frontline
    items:
      - id: p1
        dimension: purpose
        type: likert
        text: {en: I know why., de: Ich weiß warum.}
        options:
          - {text: {en: No, de: Nein}, score: 1}
          - {text: {en: Yes, de: Ja}, score: 3}
      - id: c1
        dimension: purpose
        type: text
        text: {en: Anything else?, de: Sonst noch etwas?}
    """
)


def _parse(text: str) -> Questionnaire:
    result = parse_questionnaire(text)
    assert result.questionnaire is not None, result.errors
    return result.questionnaire


def test_the_constants_are_the_ones_the_readme_justifies() -> None:
    assert READING_LETTERS_PER_MINUTE == 1000
    assert (WELCOME_SECONDS, STEP_SECONDS) == (30, 3)
    assert ANSWER_SECONDS == {
        "likert": 4,
        "frequency": 4,
        "anchored": 6,
        "choice": 4,
        "multi": 6,
        "number": 8,
        "text": 40,
    }


def test_each_role_reads_what_it_is_shown_and_answers_its_items() -> None:
    q = _parse(MINIMAL_YAML)
    # Sales reads: the description (A tiny questionnaire for tests: 26 letters), every
    # role to choose from (Sales, Front line, Leadership, Runs the company: 38), two
    # steps (Purpose, Why we use it, Time, Room to use it well: 36), three items
    # (19 + 23 + 19) and each distinct label once (Disagree, Neutral, Agree, Don't know
    # / not applicable, No, yes: 8 + 7 + 5 + 21 + 2 + 3 = 46): 207 letters, 12.42 s.
    # Answering: 3 items x 4 s, 2 steps x 3 s, the welcome 30 s: 48 s.
    assert q.estimate("sales") == TimeEstimate(
        words=51, letters=207, reading_seconds=12.42, answering_seconds=48.0, seconds=61
    )
    # Leadership is not asked t2 (19 letters) and never sees its labels No, yes (5).
    assert q.estimate("boss") == TimeEstimate(
        words=44, letters=183, reading_seconds=10.98, answering_seconds=44.0, seconds=55
    )
    assert q.estimated_seconds("sales") == 61


def test_each_language_reads_its_own_words_and_optional_items_count_half() -> None:
    q = _parse(DUO_YAML)
    # en: Two questions (12), Sales (5), Front line (9), Purpose (7), Why we use it (10),
    # I know why (8), Anything else (12), No (2), Yes (3) = 68 letters: 4.08 s.
    # The optional comment is read in full but answered by about half: 40 / 2 s.
    en = q.estimate("rep", "en")
    assert en == TimeEstimate(
        words=17, letters=68, reading_seconds=4.08, answering_seconds=57.0, seconds=62
    )
    # de: Zwei Fragen (10), Vertrieb (8), Vorne (5), Zweck (5), Wozu es dient (11),
    # Ich weiß warum (12), Sonst noch etwas (14), Nein (4), Ja (2) = 71 letters: 4.26 s.
    de = q.estimate("rep", "de")
    assert (de.words, de.letters, round(de.reading_seconds, 2)) == (16, 71, 4.26)
    assert de.seconds == 62
    assert q.estimate("rep") == en  # the default language


def test_the_core_variant_keeps_the_required_items_every_role_answers() -> None:
    q = _parse(MINIMAL_YAML)
    core = variants.core_variant(q)
    assert core is not None
    assert (core.id, core.version) == ("mini", "1-core")
    assert [i.id for i in core.items] == ["p1", "t1"]  # t2 is asked of sales only
    assert core.estimated_seconds("sales") == 55  # what leadership read before
    assert variants.variant(q, variants.FULL) is q
    assert variants.variant(q, variants.CORE) == core
    assert variants.core_variant(core) is None  # no variant of a variant


def test_no_core_variant_when_it_would_be_no_shorter_or_not_valid() -> None:
    everyone = MINIMAL_YAML.replace("    roles: [sales]\n", "")
    assert variants.core_variant(_parse(everyone)) is None  # every item is core
    # Time's only scored items would go: the variant would not be a valid questionnaire.
    no_core_time = MINIMAL_YAML.replace(
        "    text: I have time to update the CRM.\n",
        "    text: I have time to update the CRM.\n    roles: [sales, boss]\n",
    )
    assert variants.core_variant(_parse(no_core_time)) is None


@pytest.fixture(scope="module")
def crm() -> Questionnaire:
    return load_or_raise(QUESTIONNAIRE_DIR / "crm-adoption.yaml")


def test_the_crm_model_runs_over_twelve_minutes_and_its_core_variant_does_not(
    crm: Questionnaire,
) -> None:
    full = {
        (r.id, lang): crm.estimated_seconds(r.id, lang) for r in crm.roles for lang in ["en", "de"]
    }
    assert min(full.values()) > 12 * 60  # every role, in either language (README)
    assert max(full.values()) <= 15 * 60
    core = variants.core_variant(crm)
    assert core is not None
    assert len(core.items) == 30  # six scored items per dimension
    assert len(core.evidence) == len(crm.evidence) == 5  # the CRM's records still count
    short = {
        (r.id, lang): core.estimated_seconds(r.id, lang)
        for r in core.roles
        for lang in ["en", "de"]
    }
    assert max(short.values()) <= 12 * 60
    assert {
        lang: max(s for (_, lg), s in short.items() if lg == lang) for lang in ("en", "de")
    } == {
        "en": 554,
        "de": 641,
    }
