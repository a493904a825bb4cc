"""A scoring test model and helpers shared by the engine tests.

The model has five levels (thresholds 1, 1.8, 2.6, 3.4, 4.2) and item scales chosen so
every normalisation is easy to compute by hand:
- p1: likert 1..5, so a score s stays s;
- p2: options scored 0 / 0.25 / 0.5 / 1, weight 2: s -> 1 + 4 s (0.5 -> 3);
- p3: likert 1..5, reverse-coded: s -> 6 - s;
- t1: a 1..7 scale: s -> 1 + (s - 1) * 4 / 6 (4 -> 3, 7 -> 5);
- t2: likert 1..5 with "don't know";
- t3: likert 1..5, asked of `rep` only (a role item).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

from assessment.collect.responses import AnswerValue, Submission, record_submissions
from assessment.organisation.assessments import (
    Assessment,
    Team,
    create_assessment,
    create_organisation,
)
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.questionnaires import parse_questionnaire
from assessment.storage.store import Store

ENGINE_YAML = textwrap.dedent(
    """\
    id: engine
    version: "1"
    title: Engine test
    description: Hand-computable scores.
    levels:
      - {name: One, description: L1, threshold: 1}
      - {name: Two, description: L2, threshold: 1.8}
      - {name: Three, description: L3, threshold: 2.6}
      - {name: Four, description: L4, threshold: 3.4}
      - {name: Five, description: L5, threshold: 4.2}
    dimensions:
      - id: purpose
        name: Purpose
        definition: Why.
        weight: 2
        levels: [a, b, c, d, e]
      - id: time
        name: Time
        definition: When.
        levels: [a, b, c, d, e]
    roles:
      - {id: rep, name: Rep, description: Front line., perspective: frontline}
      - {id: lead, name: Lead, description: Leader., perspective: leadership}
    scales:
      five:
        options:
          - {text: one, score: 1}
          - {text: two, score: 2}
          - {text: three, score: 3}
          - {text: four, score: 4}
          - {text: five, score: 5}
    items:
      - {id: p1, dimension: purpose, type: likert, text: P one, scale: five, pulse: true}
      - id: p2
        dimension: purpose
        type: choice
        text: P two
        weight: 2
        required: false
        options:
          - {text: none, score: 0}
          - {text: quarter, score: 0.25}
          - {text: half, score: 0.5}
          - {text: all, score: 1}
      - {id: p3, dimension: purpose, type: likert, text: P three, scale: five, reverse: true,
         required: false}
      - id: t1
        dimension: time
        type: likert
        text: T one
        pulse: true
        options:
          - {text: s1, score: 1}
          - {text: s2, score: 2}
          - {text: s3, score: 3}
          - {text: s4, score: 4}
          - {text: s5, score: 5}
          - {text: s6, score: 6}
          - {text: s7, score: 7}
      - {id: t2, dimension: time, type: likert, text: T two, scale: five, dont_know: true,
         required: false}
      - {id: t3, dimension: time, type: likert, text: T three, scale: five, roles: [rep],
         required: false}
      - {id: note, dimension: time, type: text, text: Anything else?}
    actions:
      - {id: purpose-up, title: Purpose up, description: d, rationale: r, owner: lead,
         effort: S, impact: high, when: {dimension: purpose, from_level: 3}}
      - {id: purpose-up-2, title: Purpose from two, description: d, rationale: r,
         owner: lead, effort: S, impact: high, when: {dimension: purpose, from_level: 2}}
      - {id: time-up, title: Time up, description: d, rationale: r, owner: lead,
         effort: M, impact: medium, when: {dimension: time, from_level: 3}}
      - {id: time-up-2, title: Time from two, description: d, rationale: r, owner: lead,
         effort: M, impact: medium, when: {dimension: time, from_level: 2}}
      - {id: listen, title: Listen, description: d, rationale: r, owner: lead, effort: S,
         impact: high, when: {finding: perception_gap}}
      - {id: agree, title: Agree, description: d, rationale: r, owner: lead, effort: S,
         impact: low, when: {finding: low_consensus, dimension: time}}
    """
)


def engine_questionnaire() -> Questionnaire:
    result = parse_questionnaire(ENGINE_YAML, "engine.yaml")
    assert result.questionnaire is not None, [str(p) for p in result.errors]
    return result.questionnaire


def setup(
    store: Store,
    *,
    teams: Sequence[Team] = (),
    k: int = 5,
    targets: dict[str, int] | None = None,
) -> tuple[Assessment, Questionnaire]:
    q = engine_questionnaire()
    org = create_organisation(store, "Acme")
    assessment = create_assessment(
        store,
        org,
        q,
        name="Engine",
        teams=teams,
        anonymity_threshold=k,
        comment_threshold=max(k, 10),
        targets=targets,
    )
    return assessment, q


# One submitted response: (role, team, answers).
Row = tuple[str, str | None, Mapping[str, AnswerValue]]


def answer(
    store: Store, assessment: Assessment, q: Questionnaire, rows: Sequence[Row]
) -> list[str]:
    """Record (role, team, answers) rows as submitted responses."""
    return record_submissions(
        store,
        assessment,
        q,
        [Submission(role, team, "en", answers) for role, team, answers in rows],
        channel="survey",
    )


def likert(score: int) -> int:
    """The option index of a 1..5 likert score."""
    return score - 1
