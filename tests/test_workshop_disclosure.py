"""The live workshop under one disclosure rule (issue 16, section 6): one held result per
workshop and dimension, shared by every screen language, the summary and the trend;
every group shown moves only in steps of at least k people (audited with every earlier
release); an erasure pauses what it touched until k further changes; and two looks at
the screen around one participant's change never give that participant's answer.

Scores here are exact: p1 is a 1..5 likert item (score = the answer), t1 a 1..7 scale
(option i scores 1 + 4i/6). Means are compared as Fractions of n x mean."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import flint
import pytest
import yaml

from assessment import access
from assessment.analysis.analysis import trend
from assessment.analysis.scoring import GroupResult, Scores
from assessment.collect import retention, workshop
from assessment.documents.workshop_report import render_summary_html
from assessment.organisation import auth
from assessment.organisation.assessments import Assessment, Team
from assessment.organisation.auth import Actor
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.questionnaires import parse_questionnaire
from assessment.storage.store import Store
from tests.engine import engine_questionnaire, likert


@pytest.fixture(autouse=True)
def release_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Releases as soon as k participants changed, however short the time since the
    last (the pace of releases has its own test)."""
    monkeypatch.setattr(workshop, "RELEASE_SECONDS", 0.0)


@dataclass
class Room:
    store: Store
    assessment: Assessment
    consultant: Actor
    w: workshop.Workshop

    def join(self, role: str = "rep", team: str | None = None) -> str:
        return workshop.join(self.store, self.w.join_code, role_id=role, team_id=team).secret

    def answer(self, secret: str, **answers: Any) -> None:
        workshop.answer(self.store, secret, answers)

    def view(self, language: str | None = None) -> workshop.LiveView:
        return access.live_view(self.store, self.consultant, self.w.id, language=language)

    def held(self) -> Scores:
        """The held results of every dimension, as the trend shows the workshop."""
        q = access.questionnaire_of(self.store, self.consultant, self.assessment)
        return workshop.held_scores(self.store, self.assessment, q, self.w.id)

    def releases(self, dimension_id: str) -> list[tuple[int, dict[str, Any], dict[str, Any]]]:
        rows = self.store.cursor().execute(
            "SELECT number, publication, audit FROM workshop_releases"
            " WHERE workshop_id = ? AND dimension_id = ? ORDER BY number",
            [self.w.id, dimension_id],
        )
        return [(int(n), json.loads(p), json.loads(a)) for n, p, a in rows.fetchall()]


def _questionnaire(languages: tuple[str, ...]) -> Questionnaire:
    """The engine test model, every text also in German ("<text> DE") when asked."""
    data: dict[str, Any] = engine_questionnaire().model_dump(mode="json", exclude_defaults=True)

    def translated(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {"en"} and isinstance(value["en"], str):
                return {lang: value["en"] + ("" if lang == "en" else " DE") for lang in languages}
            return {key: translated(v) for key, v in value.items()}
        if isinstance(value, list):
            return [translated(v) for v in value]
        return value

    data = translated(data)
    data["languages"] = list(languages)
    parsed = parse_questionnaire(yaml.safe_dump(data, allow_unicode=True), "engine.yaml")
    assert parsed.questionnaire is not None, [str(p) for p in parsed.errors]
    return parsed.questionnaire


def _room(
    k: int = 3,
    *,
    path: str | Path = ":memory:",
    teams: tuple[Team, ...] = (),
    ask_team: bool = False,
    languages: tuple[str, ...] = ("en",),
) -> Room:
    store = Store(path)
    q = _questionnaire(languages)
    org = access.create_organisation(store, auth.SYSTEM, "Org").id
    assessment = access.create_assessment(
        store,
        auth.SYSTEM,
        org,
        q,
        name="Adoption",
        anonymity_threshold=k,
        teams=teams,
        languages=languages,
        targets={"purpose": 4, "time": 3},
    )
    consultant = Actor("consultant", "ca", "cons-a", organisation_ids=frozenset({org}))
    w = access.start_workshop(
        store, consultant, assessment.id, pacing="self", ask_team=ask_team, title="Kick-off"
    )
    access.set_revealed(store, consultant, w.id, None)  # everything revealed
    return Room(store, assessment, consultant, w)


def _sum(r: GroupResult) -> Fraction:
    """n x mean as the viewer reads it off the screen: exactly (the scores are
    rationals with small denominators)."""
    assert r.n is not None and r.mean is not None
    return Fraction(r.n * r.mean).limit_denominator(1000)


def _shown(view: workshop.LiveView, dimension_id: str) -> dict[str, tuple[int, Fraction]]:
    """Every group the screen shows of a dimension: name -> (n, n x mean)."""
    live = view.dimension(dimension_id)
    out = {}
    if live.result is not None:
        out["room"] = (live.result.n or 0, _sum(live.result))
    for side in live.perspectives:
        out[str(side.perspective)] = (side.n or 0, _sum(side))
    return out


# --- (1) one held result for every language -----------------------------------------------------


def test_the_held_result_is_shared_across_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    room = _room(3, languages=("en", "de"))
    for score in (1, 2, 4):
        room.answer(room.join(), p1=likert(score))
    access.go_to_step(room.store, room.consultant, room.w.id, 1)
    english = room.view("en")
    assert _shown(english, "purpose") == {"room": (3, Fraction(7))}
    # One more answer (fewer than k since the release): no screen may show it, in any
    # language; a German screen opened now reads the same held result.
    room.answer(room.join(), p1=likert(5))

    def no_recount(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a screen recomputed the results")

    monkeypatch.setattr(workshop, "score_workshop", no_recount)
    views = [room.view("de"), room.view("en"), room.view("de")]
    for view in views:
        assert _shown(view, "purpose") == {"room": (3, Fraction(7))}
        assert view.dimension("purpose").release == 1
        assert view.dimension("purpose").pending == 1
        (p1,) = view.distributions
        assert (p1.counts, p1.n) == ([1, 1, 0, 1, 0], 3)
    # Only the texts follow the language; the figures are the same object's.
    assert views[0].distributions[0].text != views[1].distributions[0].text
    assert views[0].analysis.scores.results == english.analysis.scores.results
    assert len(room.releases("purpose")) == 1


def test_the_held_result_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "gapmap.duckdb"
    room = _room(3, path=db)
    for score in (2, 2, 5):
        room.answer(room.join(), p1=likert(score))
    assert _shown(room.view(), "purpose") == {"room": (3, Fraction(9))}
    room.answer(room.join(), p1=likert(1))  # held back: fewer than k since
    room.store.close()
    store = Store(db)  # a restarted server: empty memo, same database
    try:
        view = access.live_view(store, room.consultant, room.w.id)
        assert _shown(view, "purpose") == {"room": (3, Fraction(9))}
        assert view.dimension("purpose").pending == 1
    finally:
        store.close()


# --- (2) the leadership / front-line split moves only in steps of k -------------------------------


def test_the_perspective_split_cannot_move_by_fewer_than_k() -> None:
    room = _room(5)
    leaders = [2, 3, 3, 4, 5]  # 17
    front = [1, 2, 2, 3, 3]  # 11
    for score in leaders:
        room.answer(room.join("lead"), p1=likert(score))
    for score in front:
        room.answer(room.join("rep"), p1=likert(score))
    first = room.view()
    assert _shown(first, "purpose") == {
        "room": (10, Fraction(28)),
        "leadership": (5, Fraction(17)),
        "frontline": (5, Fraction(11)),
    }
    # The room moves by k = 5: one new leader (5 -> 6) and four front-line people.
    room.answer(room.join("lead"), p1=likert(1))
    for score in (4, 4, 5, 5):
        room.answer(room.join("rep"), p1=likert(score))
    second = room.view()
    purpose = second.dimension("purpose")
    # Exactly this is shown: the room, moved by 5 people. Leadership 6 minus the 5 shown
    # before would be the new leader's answer; front line moved by only 4: both hidden,
    # each saying it protects a smaller group (neither is below k itself).
    assert _shown(second, "purpose") == {"room": (15, Fraction(47))}
    assert purpose.perspectives == ()
    assert {(r.perspective, r.reason) for r in purpose.hidden} == {
        ("leadership", "protects_smaller"),
        ("frontline", "protects_smaller"),
    }
    (gap,) = [p for p in second.analysis.perception if p.dimension == "purpose"]
    assert gap.suppressed and gap.difference is None
    # Everything stored as published agrees: only the room has figures in release 2.
    _, publication, _ = room.releases("purpose")[1]
    assert [(r["grouping"], r["n"]) for r in publication["results"] if not r["suppressed"]] == [
        ("organisation", 15)
    ]
    # Five more leaders: the room moves by 5, but the lone leader of release 2 could
    # still be worked out (leadership now, less the leaders of release 1, less the five
    # new ones the room's step gives): the split stays hidden.
    for score in (2, 2, 2, 2, 2):
        room.answer(room.join("lead"), p1=likert(score))
    third = room.view().dimension("purpose")
    assert third.result is not None and (third.result.n, _sum(third.result)) == (20, Fraction(57))
    assert third.perspectives == ()
    # Four leaders and one front-line person: the lone leader is now in a step of five
    # leaders (and the four of release 2 in a step of five front-line people): both back.
    for role in ("lead", "lead", "lead", "lead", "rep"):
        room.answer(room.join(role), p1=likert(1))
    fourth = room.view()
    assert _shown(fourth, "purpose") == {
        "room": (25, Fraction(62)),
        "leadership": (15, Fraction(32)),
        "frontline": (10, Fraction(30)),
    }
    # Between any two looks, each side shown moved by 0 or at least k people.
    sides = [_shown(view, "purpose") for view in (first, second, fourth)]
    for side in ("leadership", "frontline"):
        counts = [look[side][0] for look in sides if side in look]
        assert all(b - a == 0 or b - a >= 5 for a, b in itertools.pairwise(counts))


def test_a_team_below_k_is_hidden_and_so_is_the_team_that_would_give_it_away() -> None:
    teams = (Team("north", "North"), Team("south", "South"))
    room = _room(3, teams=teams, ask_team=True)
    for score in (1, 2, 3, 4):
        room.answer(room.join("rep", "north"), p1=likert(score))
    for score in (5, 5):
        room.answer(room.join("rep", "south"), p1=likert(score))
    view = room.view()
    assert _shown(view, "purpose")["room"] == (6, Fraction(20))
    held = room.held()
    south = held.get("team", "purpose", team="south")
    north = held.get("team", "purpose", team="north")
    assert (south.suppressed, south.reason) == (True, "below_k")
    assert (north.suppressed, north.reason) == (True, "protects_smaller")


# --- (3) the summary and the trend read the held result -----------------------------------------


def test_the_summary_and_the_trend_show_the_held_figures() -> None:
    room = _room(3)
    for score in (1, 2, 3):
        room.answer(room.join(), p1=likert(score), t1=6)
    assert _shown(room.view(), "purpose") == {"room": (3, Fraction(6))}
    # Two answers after the last release (fewer than k): never in the summary or trend.
    for _ in range(2):
        room.answer(room.join(), p1=likert(5), t1=0)
    access.end_workshop(room.store, room.consultant, room.w.id)
    data = access.workshop_summary(room.store, room.consultant, room.w.id)
    purpose = next(d for d in data.dimensions if d.id == "purpose")
    assert purpose.figures is not None
    assert (purpose.figures.n, purpose.figures.mean) == (3, 2.0)
    page = render_summary_html(data, charts=False)
    assert "from 3 answers" in page and "from 5 answers" not in page
    waves = trend(room.store, room.assessment.id, held=workshop.held_scores)
    (wave,) = [w for w in waves if w.kind == "workshop"]
    assert wave.respondents == 3
    means = {r.dimension: (r.n, _sum(r)) for r in wave.dimensions}
    assert means == {"purpose": (3, Fraction(6)), "time": (3, Fraction(15))}
    # The facilitator's screen after the end shows the same.
    assert _shown(room.view(), "purpose") == {"room": (3, Fraction(6))}


# --- (4) an erasure pauses what it touched ------------------------------------------------------


def test_after_an_erasure_the_dimensions_that_person_answered_show_nothing_until_k_changes() -> (
    None
):
    room = _room(3)
    phones = []
    for score in (1, 1, 2, 2):
        secret = room.join()
        room.answer(secret, p1=likert(score), t1=6)
        phones.append(secret)
    gone = room.join()
    room.answer(gone, p1=likert(5))  # purpose only
    access.go_to_step(room.store, room.consultant, room.w.id, 1)
    assert _shown(room.view(), "purpose") == {"room": (5, Fraction(11))}
    assert _shown(room.view(), "time") == {"room": (4, Fraction(20))}

    retention.erase_respondent(room.store, gone)
    view = room.view()
    purpose = view.dimension("purpose")
    assert (purpose.status, purpose.result, purpose.perspectives) == ("paused", None, ())
    assert view.distributions == ()
    assert all(r.suppressed for r in view.analysis.scores.results if r.dimension == "purpose")
    assert view.dimension("time").status == "shown"  # they never answered time
    assert _shown(view, "time") == {"room": (4, Fraction(20))}
    paused = room.held()
    assert paused.get("organisation", "purpose").suppressed
    data = access.workshop_summary(room.store, room.consultant, room.w.id)
    assert next(d for d in data.dimensions if d.id == "purpose").status == "paused"

    # Two further changes are not enough; the third makes a release without them.
    room.answer(phones[0], p1=likert(4))
    room.answer(room.join(), p1=likert(3))
    assert room.view().dimension("purpose").status == "paused"
    room.answer(room.join(), p1=likert(3))
    back = room.view()
    assert back.dimension("purpose").status == "shown"
    # 1 (changed to 4), 1, 2, 2 and the two new 3s: 15 from 6; the erased 5 is gone.
    assert _shown(back, "purpose") == {"room": (6, Fraction(15))}
    (p1,) = back.distributions
    assert (p1.counts, p1.n) == ([1, 2, 2, 1, 0], 6)
    # The erased participant's era cell is recorded as departed at release 2, as is the
    # changed answer's old cell; no one's answer is stored.
    _, _, audit = room.releases("purpose")[1]
    departed = [(cell[3], cell[4], cell[5][0]) for cell in audit["cells"] if cell[4] is not None]
    assert departed == [(1, 2, 2)]  # era 1, left at release 2, two people (erased, changed)


# --- (5) an attacker comparing two looks --------------------------------------------------------


def _determined(rows: list[list[int]], target: list[int]) -> bool:
    """Whether `target` is a combination of `rows`: exact, in rational arithmetic."""
    if not rows:
        return False
    width = len(target)
    known = flint.fmpq_mat(len(rows), width, [x for row in rows for x in row])
    asked = flint.fmpq_mat(len(rows) + 1, width, [x for row in [*rows, target] for x in row])
    return bool(known.rank() == asked.rank())


def test_two_looks_around_one_participants_change_do_not_give_their_answer() -> None:
    """A viewer who watched who tapped, and so knows which answers each look counts,
    holds one equation per figure shown; solved exactly, no person's answer, and no
    person's change, follows from any run of looks."""
    room = _room(3)
    first = {"lead0": 2, "lead1": 3, "lead2": 5, "rep0": 1, "rep1": 1, "rep2": 4}
    phones = {name: room.join(name[:-1]) for name in first}  # role: lead or rep
    for name, score in first.items():
        room.answer(phones[name], p1=likert(score))
    looks = [room.view()]
    # rep0 changes 1 -> 3: the answer to protect is 3 (and the change +2).
    room.answer(phones["rep0"], p1=likert(3))
    looks.append(room.view())
    # Two more change (rep2 4 -> 2, lead1 3 -> 4): k changes, a release.
    room.answer(phones["rep2"], p1=likert(2))
    room.answer(phones["lead1"], p1=likert(4))
    looks.append(room.view())
    # A new leader: held back again.
    phones["lead3"] = room.join("lead")
    room.answer(phones["lead3"], p1=likert(5))
    looks.append(room.view())

    # The unknowns: each answer version (first, changed); what each look counted.
    versions = {
        "lead0": [2],
        "lead1": [3, 4],
        "lead2": [5],
        "rep0": [1, 3],
        "rep1": [1],
        "rep2": [4, 2],
        "lead3": [5],
    }
    index = {
        (name, n): i
        for i, (name, n) in enumerate(
            (name, n) for name, values in versions.items() for n in range(len(values))
        )
    }
    counted = [
        {name: 0 for name in first},  # release 1
        {name: 0 for name in first},  # still release 1: one change is not a step
        {**{name: 0 for name in first}, "rep0": 1, "rep2": 1, "lead1": 1},  # release 2
        {**{name: 0 for name in first}, "rep0": 1, "rep2": 1, "lead1": 1},
    ]
    assert _shown(looks[1], "purpose") == _shown(looks[0], "purpose")
    assert _shown(looks[0], "purpose") == {
        "room": (6, Fraction(16)),
        "leadership": (3, Fraction(10)),
        "frontline": (3, Fraction(6)),
    }
    # Release 2 moves the room by three changes; each side would move by fewer than k
    # changes (leadership by one: its difference would be lead1's change), so only the
    # room is shown.
    assert _shown(looks[2], "purpose") == {"room": (6, Fraction(17))}
    assert _shown(looks[3], "purpose") == _shown(looks[2], "purpose")

    rows = []
    for look, members in zip(looks, counted, strict=True):
        for group, (n, total) in _shown(look, "purpose").items():
            side = {"room": "", "leadership": "lead", "frontline": "rep"}[group]
            row = [0] * len(index)
            truth = Fraction(0)
            for name, version in members.items():
                if name.startswith(side):
                    row[index[(name, version)]] = 1
                    truth += versions[name][version]
            assert (n, total) == (sum(row), truth)  # the viewer's model is the screen's
            rows.append(row)
    for (name, n), i in index.items():
        alone = [int(j == i) for j in range(len(index))]
        assert not _determined(rows, alone), (name, n)
        if n:
            change = [int(j == i) - int(j == index[(name, n - 1)]) for j in range(len(index))]
            assert not _determined(rows, change), (name, "change")


# --- the pace of releases -----------------------------------------------------------------------


def test_releases_come_at_most_every_release_seconds_while_the_workshop_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workshop, "RELEASE_SECONDS", 10.0)
    clock = [datetime(2026, 11, 23, 9, 0, 0)]
    monkeypatch.setattr(workshop, "utcnow", lambda: clock[0])
    room = _room(3)
    for score in (1, 1, 1):
        room.answer(room.join(), p1=likert(score))
    assert _shown(room.view(), "purpose") == {"room": (3, Fraction(3))}  # the first at once
    for score in (5, 5, 5):
        room.answer(room.join(), p1=likert(score))
    clock[0] += timedelta(seconds=9)
    purpose = room.view().dimension("purpose")
    assert (purpose.release, purpose.pending) == (1, 3)  # k changed, but too soon
    clock[0] += timedelta(seconds=1)
    assert _shown(room.view(), "purpose") == {"room": (6, Fraction(18))}
    # Ending the workshop makes the last release at once (its answers are final).
    for score in (2, 2, 2):
        room.answer(room.join(), p1=likert(score))
    access.end_workshop(room.store, room.consultant, room.w.id)
    assert _shown(room.view(), "purpose") == {"room": (9, Fraction(24))}
