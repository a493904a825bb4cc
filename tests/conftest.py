"""Shared fixtures: a tiny valid questionnaire every test can start from and change."""

from __future__ import annotations

import textwrap

import pytest

# A minimal valid questionnaire: 3 levels, 2 dimensions, 2 roles. Line numbers matter to
# tests that assert where an error is reported, so edit with care.
MINIMAL_YAML = textwrap.dedent(
    """\
    id: mini
    version: "1"
    title: Mini check
    description: A tiny questionnaire for tests.
    levels:
      - name: Archive
        description: Nobody looks at it.
        threshold: 1
      - name: Tool
        description: Some use it.
        threshold: 1.8
      - name: Habit
        description: Everyone uses it.
        threshold: 2.5
    dimensions:
      - id: purpose
        name: Purpose
        definition: Why we use it.
        levels: [Unclear, Partly clear, Clear]
      - id: time
        name: Time
        definition: Room to use it well.
        weight: 2
        levels: [None, Some, Enough]
    roles:
      - id: sales
        name: Sales
        description: Front line.
        perspective: frontline
      - id: boss
        name: Leadership
        description: Runs the company.
        perspective: leadership
    scales:
      agree:
        options:
          - {text: Disagree, score: 1}
          - {text: Neutral, score: 2}
          - {text: Agree, score: 3}
    items:
      - id: p1
        dimension: purpose
        type: likert
        text: I know why we use the CRM.
        scale: agree
        pulse: true
      - id: t1
        dimension: time
        type: likert
        text: I have time to update the CRM.
        scale: agree
        dont_know: true
      - id: t2
        dimension: time
        type: choice
        text: Do you enter data twice?
        reverse: true
        options:
          - {text: No, score: 1}
          - {text: yes, score: 3}
        roles: [sales]
    actions:
      - id: explain-why
        title: Explain why
        description: Tell people what the CRM is for.
        rationale: People use what they understand.
        owner: boss
        effort: S
        impact: high
        when: {dimension: purpose, from_level: 1}
    """
)


@pytest.fixture
def minimal_yaml() -> str:
    """The text of a minimal valid questionnaire."""
    return MINIMAL_YAML


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """The `gapmap` command speaks English in tests unless a test asks otherwise, so a
    German locale on the machine that runs them changes nothing."""
    monkeypatch.setenv("GAPMAP_LANGUAGE", "en")
