"""The authorised API: who may read and change what (a permission matrix), the audit
trail of every change, lists filtered by organisation, and response tracking that never
shows a count below the anonymity threshold."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from assessment import access, policy
from assessment.collect.responses import start_response
from assessment.errors import AssessmentError
from assessment.organisation import auth
from assessment.organisation.assessments import Assessment, Team
from assessment.organisation.auth import Actor, AuthError, PermissionDenied
from assessment.questionnaire.model import Questionnaire
from assessment.storage.store import Store
from tests.engine import answer, engine_questionnaire, likert
from tests.test_workshop import MATRIX as WORKSHOP_MATRIX

TEAMS = (Team("north", "North", 10), Team("mid", "Mid", 4), Team("south", "South", 8))
PASSWORD = "a long passphrase 42"


@dataclass
class World:
    """Two organisations, A (with an open assessment, answers and an agreed action) and B."""

    store: Store
    q: Questionnaire
    org_a: str
    org_b: str
    assessment: Assessment
    assessment_b: Assessment
    action_id: str
    tmp: Path
    actors: dict[str, Actor]
    secret: str  # a respondent's "continue later" secret in assessment A
    consultant_id: str  # a consultant account that manages no organisation yet


def _answers(rows: list[tuple[str, str]]) -> list[tuple[str, str | None, dict[str, Any]]]:
    return [
        (role, team, {"p1": likert(4), "t1": 3, "note": "More time please."}) for role, team in rows
    ]


def _world(tmp: Path) -> World:
    store = Store()
    q = engine_questionnaire()
    org_a = access.create_organisation(store, auth.SYSTEM, "Org A").id
    org_b = access.create_organisation(store, auth.SYSTEM, "Org B").id
    assessment = access.create_assessment(
        store, auth.SYSTEM, org_a, q, name="Adoption A", teams=TEAMS, comment_threshold=5
    )
    assessment_b = access.create_assessment(store, auth.SYSTEM, org_b, q, name="Adoption B")
    answer(store, assessment, q, _answers([("rep", "north")] * 6 + [("lead", "south")] * 5))
    action = access.add_agreed_action(
        store, auth.SYSTEM, assessment.id, title="Weekly CRM hour", owner="Sales lead"
    )
    secret = start_response(store, assessment.id, role_id="rep", team_id="north").secret
    csv = tmp / "answers.csv"
    csv.write_text("role,team,p1,t1,note\nrep,north,four,s4,fine\n", encoding="utf-8")
    (tmp / "evidence.csv").write_text("team,users,active_days\nnorth,5,10\n", encoding="utf-8")
    consultant = access.create_account(
        store, auth.SYSTEM, username="cons-x", password=PASSWORD, role="consultant"
    )
    access.create_account(  # a consultant who manages organisation A
        store, auth.SYSTEM, username="cons-y", password=PASSWORD, role="consultant",
        manages=frozenset({org_a}),
    )  # fmt: skip
    access.create_account(
        store,
        auth.SYSTEM,
        username="boss-x",
        password=PASSWORD,
        role="leadership",
        organisation_id=org_a,
    )
    actors = {
        "respondent": auth.RESPONDENT,
        "leadership A": Actor("leadership", "la", "lead-a", organisation_ids=frozenset({org_a})),
        "leadership B": Actor("leadership", "lb", "lead-b", organisation_ids=frozenset({org_b})),
        "consultant A": Actor("consultant", "ca", "cons-a", organisation_ids=frozenset({org_a})),
        "consultant B": Actor("consultant", "cb", "cons-b", organisation_ids=frozenset({org_b})),
        "signed out": auth.ANONYMOUS,
        "system": auth.SYSTEM,
    }
    return World(
        store, q, org_a, org_b, assessment, assessment_b, action.id, tmp, actors, secret,
        consultant.id,
    )  # fmt: skip


@pytest.fixture
def world(tmp_path: Path) -> World:
    return _world(tmp_path)


@pytest.fixture(scope="module")
def shared_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """For calls that change nothing (reads, and refusals): one world is enough."""
    return _world(tmp_path_factory.mktemp("shared"))


def _questionnaire_stays_fixed(w: World, a: Actor) -> None:
    """Allowed, then refused for what it is: assessment A has answers."""
    with pytest.raises(AssessmentError) as fixed:
        access.set_questionnaire(w.store, a, w.assessment.id, w.q)
    assert fixed.value.code == "questionnaire-fixed"


def _change_own_password(w: World, a: Actor) -> None:
    """Allowed, the actors here (not real accounts) get as far as the password check."""
    try:
        access.change_own_password(
            w.store, a, "not it", "a new long passphrase", session_token=None
        )
    except PermissionDenied:
        raise
    except AuthError as refused:
        assert refused.code == "bad-current-password"


# Every function of access.py, called on organisation A's data.
CALLS: dict[str, Callable[[World, Actor], object]] = {
    "list_organisations": lambda w, a: access.list_organisations(w.store, a),
    "create_organisation": lambda w, a: access.create_organisation(w.store, a, "Org C"),
    "create_leadership_account": lambda w, a: access.create_leadership_account(
        w.store, a, w.org_a, "boss-a", "a long passphrase 42"
    ),
    "create_account": lambda w, a: access.create_account(
        w.store, a, username="boss-a", password=PASSWORD, role="leadership", organisation_id=w.org_a
    ),
    "create_account consultant": lambda w, a: access.create_account(
        w.store, a, username="cons-c", password=PASSWORD, role="consultant"
    ),
    "grant_organisation": lambda w, a: access.grant_organisation(
        w.store, a, w.consultant_id, w.org_a
    ),
    "list_accounts": lambda w, a: access.list_accounts(w.store, a),
    "set_disabled": lambda w, a: access.set_disabled(w.store, a, "boss-x", True),
    "set_disabled consultant": lambda w, a: access.set_disabled(w.store, a, "cons-x", True),
    "set_disabled consultant of A": lambda w, a: access.set_disabled(w.store, a, "cons-y", True),
    "issue_password_reset": lambda w, a: access.issue_password_reset(w.store, a, "boss-x"),
    "issue_password_reset consultant": lambda w, a: access.issue_password_reset(
        w.store, a, "cons-x"
    ),
    "issue_password_reset consultant of A": lambda w, a: access.issue_password_reset(
        w.store, a, "cons-y"
    ),
    "change_own_password": lambda w, a: _change_own_password(w, a),
    "create_demo_organisation": lambda w, a: access.create_demo_organisation(w.store, a, 10),
    "audit_log": lambda w, a: access.audit_log(w.store, a),
    "list_assessments": lambda w, a: access.list_assessments(w.store, a),
    "list_assessments of A": lambda w, a: access.list_assessments(w.store, a, w.org_a),
    "get_assessment": lambda w, a: access.get_assessment(w.store, a, w.assessment.id),
    "find_assessment": lambda w, a: access.find_assessment(w.store, a, w.assessment.invite_code),
    "questionnaire_of": lambda w, a: access.questionnaire_of(w.store, a, w.assessment),
    "create_assessment": lambda w, a: access.create_assessment(
        w.store, a, w.org_a, w.q, name="Second"
    ),
    "set_closed": lambda w, a: access.set_closed(w.store, a, w.assessment.id, True),
    "set_unsubmitted_days": lambda w, a: access.set_unsubmitted_days(
        w.store, a, w.assessment.id, 7
    ),
    "new_wave": lambda w, a: access.new_wave(w.store, a, w.assessment.id),
    "set_purpose": lambda w, a: access.set_purpose(w.store, a, w.assessment.id, "Why we ask"),
    "set_targets": lambda w, a: access.set_targets(w.store, a, w.assessment.id, {"time": 5}),
    "set_close_date": lambda w, a: access.set_close_date(
        w.store, a, w.assessment.id, datetime(2031, 1, 1)
    ),
    "set_languages": lambda w, a: access.set_languages(w.store, a, w.assessment.id, ["en"]),
    "set_questionnaire": lambda w, a: _questionnaire_stays_fixed(w, a),
    "add_team": lambda w, a: access.add_team(w.store, a, w.assessment.id, "West", 3),
    "rename_team": lambda w, a: access.rename_team(w.store, a, w.assessment.id, "mid", "Centre"),
    "set_head_count": lambda w, a: access.set_head_count(w.store, a, w.assessment.id, "mid", 5),
    "remove_team": lambda w, a: access.remove_team(w.store, a, w.assessment.id, "mid"),
    "merge_teams": lambda w, a: access.merge_teams(w.store, a, w.assessment.id, "south", "north"),
    "response_count": lambda w, a: access.response_count(w.store, a, w.assessment.id),
    "midway_count": lambda w, a: access.midway_count(w.store, a, w.assessment.id),
    "tracking": lambda w, a: access.tracking(w.store, a, w.assessment.id),
    "submitted_count": lambda w, a: access.submitted_count(w.store, a, w.assessment.id),
    "analysis": lambda w, a: access.analysis(w.store, a, w.assessment.id, with_trend=False),
    "quality": lambda w, a: access.quality(w.store, a, w.assessment.id),
    "comments": lambda w, a: access.comments(w.store, a, w.assessment.id),
    "item_distributions": lambda w, a: access.item_distributions(w.store, a, w.assessment.id),
    "build_report": lambda w, a: access.build_report(w.store, a, w.assessment.id, "en"),
    "issue_codes": lambda w, a: access.issue_codes(w.store, a, w.assessment.id, 2),
    "code_counts": lambda w, a: access.code_counts(w.store, a, w.assessment.id),
    "set_per_person_codes": lambda w, a: access.set_per_person_codes(
        w.store, a, w.assessment.id, True
    ),
    "export_answers": lambda w, a: access.export_answers(
        w.store, a, w.assessment.id, w.tmp / "out.csv", fmt="csv", seed=1
    ),
    "import_responses": lambda w, a: access.import_responses(
        w.store, a, w.assessment.id, w.tmp / "answers.csv", skip_bad=True
    ),
    "import_evidence": lambda w, a: access.import_evidence(
        w.store, a, w.assessment.id, w.tmp / "evidence.csv"
    ),
    "add_agreed_action": lambda w, a: access.add_agreed_action(
        w.store, a, w.assessment.id, title="Train the trainers", owner="HR"
    ),
    "list_agreed_actions": lambda w, a: access.list_agreed_actions(w.store, a, w.assessment.id),
    "set_agreed_action_status": lambda w, a: access.set_agreed_action_status(
        w.store, a, w.action_id, "done"
    ),
    "earlier_agreed_actions": lambda w, a: access.earlier_agreed_actions(
        w.store, a, w.assessment.id
    ),
    "delete_responses": lambda w, a: access.delete_responses(
        w.store, a, w.assessment.id, before=date(2000, 1, 1)
    ),
    "erase_respondent": lambda w, a: access.erase_respondent(
        w.store, a, f"https://gapmap.example/?r={w.secret}"
    ),
}

ACTORS = (
    "respondent",
    "leadership A",
    "leadership B",
    "consultant A",
    "consultant B",
    "signed out",
    "system",
)
# ok: allowed; no: refused `forbidden`; in: refused `not-signed-in`.
# fmt: off
MATRIX: dict[str, tuple[str, ...]] = {
    #                             resp  lead A lead B cons A cons B  out  system
    "list_organisations":        ("in", "ok", "ok", "ok", "ok", "in", "ok"),
    "create_organisation":       ("in", "no", "no", "ok", "ok", "in", "ok"),
    "create_leadership_account": ("in", "no", "no", "ok", "no", "in", "ok"),
    "create_account":            ("in", "no", "no", "ok", "no", "in", "ok"),
    "create_account consultant": ("in", "no", "no", "ok", "ok", "in", "ok"),
    "grant_organisation":        ("in", "no", "no", "ok", "no", "in", "ok"),
    "list_accounts":             ("in", "no", "no", "ok", "ok", "in", "ok"),
    "set_disabled":              ("in", "no", "no", "ok", "no", "in", "ok"),
    "set_disabled consultant":   ("in", "no", "no", "ok", "ok", "in", "ok"),
    "set_disabled consultant of A": ("in", "no", "no", "ok", "no", "in", "ok"),
    "issue_password_reset":      ("in", "no", "no", "ok", "no", "in", "ok"),
    "issue_password_reset consultant": ("in", "no", "no", "ok", "ok", "in", "ok"),
    "issue_password_reset consultant of A": ("in", "no", "no", "ok", "no", "in", "ok"),
    "change_own_password":       ("in", "ok", "ok", "ok", "ok", "in", "no"),
    "create_demo_organisation":  ("in", "no", "no", "ok", "ok", "in", "ok"),
    "audit_log":                 ("in", "no", "no", "ok", "ok", "in", "ok"),
    "list_assessments":          ("in", "ok", "ok", "ok", "ok", "in", "ok"),
    "list_assessments of A":     ("in", "ok", "no", "ok", "no", "in", "ok"),
    "get_assessment":            ("in", "ok", "no", "ok", "no", "in", "ok"),
    "find_assessment":           ("in", "ok", "no", "ok", "no", "in", "ok"),
    "questionnaire_of":          ("in", "ok", "no", "ok", "no", "in", "ok"),
    "create_assessment":         ("in", "no", "no", "ok", "no", "in", "ok"),
    "set_closed":                ("in", "no", "no", "ok", "no", "in", "ok"),
    "set_unsubmitted_days":      ("in", "no", "no", "ok", "no", "in", "ok"),
    "new_wave":                  ("in", "no", "no", "ok", "no", "in", "ok"),
    "set_purpose":               ("in", "no", "no", "ok", "no", "in", "ok"),
    "set_targets":               ("in", "no", "no", "ok", "no", "in", "ok"),
    "set_close_date":            ("in", "no", "no", "ok", "no", "in", "ok"),
    "set_languages":             ("in", "no", "no", "ok", "no", "in", "ok"),
    "set_questionnaire":         ("in", "no", "no", "ok", "no", "in", "ok"),
    "add_team":                  ("in", "no", "no", "ok", "no", "in", "ok"),
    "rename_team":               ("in", "no", "no", "ok", "no", "in", "ok"),
    "set_head_count":            ("in", "no", "no", "ok", "no", "in", "ok"),
    "remove_team":               ("in", "no", "no", "ok", "no", "in", "ok"),
    "merge_teams":               ("in", "no", "no", "ok", "no", "in", "ok"),
    "response_count":            ("in", "no", "no", "ok", "no", "in", "ok"),
    "midway_count":              ("in", "no", "no", "ok", "no", "in", "ok"),
    "tracking":                  ("in", "ok", "no", "ok", "no", "in", "ok"),
    "submitted_count":           ("in", "ok", "no", "ok", "no", "in", "ok"),
    "analysis":                  ("in", "ok", "no", "ok", "no", "in", "ok"),
    "quality":                   ("in", "ok", "no", "ok", "no", "in", "ok"),
    "comments":                  ("in", "ok", "no", "ok", "no", "in", "ok"),
    "item_distributions":        ("in", "ok", "no", "ok", "no", "in", "ok"),
    "build_report":              ("in", "ok", "no", "ok", "no", "in", "ok"),
    "issue_codes":               ("in", "no", "no", "ok", "no", "in", "ok"),
    "code_counts":               ("in", "no", "no", "ok", "no", "in", "ok"),
    "set_per_person_codes":      ("in", "no", "no", "ok", "no", "in", "ok"),
    "export_answers":            ("in", "no", "no", "ok", "no", "in", "ok"),
    "import_responses":          ("in", "no", "no", "ok", "no", "in", "ok"),
    "import_evidence":           ("in", "no", "no", "ok", "no", "in", "ok"),
    "add_agreed_action":         ("in", "no", "no", "ok", "no", "in", "ok"),
    "list_agreed_actions":       ("in", "ok", "no", "ok", "no", "in", "ok"),
    "set_agreed_action_status":  ("in", "ok", "no", "ok", "no", "in", "ok"),
    "earlier_agreed_actions":    ("in", "ok", "no", "ok", "no", "in", "ok"),
    "delete_responses":          ("in", "no", "no", "ok", "no", "in", "ok"),
    "erase_respondent":          ("in", "no", "no", "ok", "no", "in", "ok"),
}
# fmt: on
REFUSAL = {"no": "forbidden", "in": "not-signed-in"}
CHANGES = {
    "create_organisation",
    "create_leadership_account",
    "create_account",
    "create_account consultant",
    "grant_organisation",
    "set_disabled",
    "set_disabled consultant",
    "set_disabled consultant of A",
    "issue_password_reset",
    "issue_password_reset consultant",
    "issue_password_reset consultant of A",
    "change_own_password",
    "create_demo_organisation",
    "issue_codes",
    "set_per_person_codes",
    "create_assessment",
    "set_closed",
    "set_unsubmitted_days",
    "new_wave",
    "set_purpose",
    "set_targets",
    "set_close_date",
    "set_languages",
    "set_questionnaire",
    "add_team",
    "rename_team",
    "set_head_count",
    "remove_team",
    "merge_teams",
    "export_answers",
    "import_responses",
    "import_evidence",
    "add_agreed_action",
    "set_agreed_action_status",
    "delete_responses",
    "erase_respondent",
}


def test_matrix_covers_every_public_function() -> None:
    public = {
        name
        for name, fn in inspect.getmembers(access, inspect.isfunction)
        if fn.__module__ == access.__name__ and not name.startswith("_")
    }
    here = {name.removesuffix(" of A").removesuffix(" consultant") for name in MATRIX}
    assert public == here | set(WORKSHOP_MATRIX)  # workshops: tests/test_workshop.py
    assert set(MATRIX) == set(CALLS)


def test_every_declared_action_is_checked_by_access() -> None:
    source = inspect.getsource(access)
    assert [name for name in policy.ACTIONS if f'"{name}"' not in source] == []


def test_leadership_may_only_read_and_watch() -> None:
    assert sorted(a.name for a in policy.ACTIONS.values() if "leadership" in a.who) == [
        "change-own-password",
        "list-assessments",
        "list-organisations",
        "read-organisation",
        "read-results",
        "set-action-status",  # leadership owns the actions it agreed to
        "watch-workshop",
    ]


def test_consultants_manage_accounts_in_the_app_and_nothing_is_the_command_lines_alone() -> None:
    only = [a.name for a in policy.ACTIONS.values() if a.who == frozenset({"system"})]
    assert only == []
    accounts = ("create-consultant-account", "manage-consultant-account", "reset-password")
    assert [policy.ACTIONS[name].who for name in accounts] == [policy.MANAGERS] * 3


@pytest.mark.parametrize(
    ("function", "actor", "expected"),
    [
        pytest.param(fn, who, row[n], id=f"{fn}-{who.replace(' ', '-')}")
        for fn, row in MATRIX.items()
        for n, who in enumerate(ACTORS)
    ],
)
def test_permission_matrix(
    shared_world: World, tmp_path: Path, function: str, actor: str, expected: str
) -> None:
    call = CALLS[function]
    world = _world(tmp_path) if expected == "ok" and function in CHANGES else shared_world
    if expected == "ok":
        call(world, world.actors[actor])
    else:
        with pytest.raises(PermissionDenied) as refused:
            call(world, world.actors[actor])
        assert refused.value.code == REFUSAL[expected]


def test_respondent_is_refused_everything_as_not_signed_in(world: World) -> None:
    for name, call in CALLS.items():
        with pytest.raises(PermissionDenied) as refused:
            call(world, auth.RESPONDENT)
        assert refused.value.code == "not-signed-in", name


def test_refused_calls_change_nothing(world: World) -> None:
    before = world.store.cursor().execute("SELECT count(*) FROM audit_log").fetchone()
    for name in ("set_closed", "new_wave", "create_assessment", "add_agreed_action"):
        with pytest.raises(PermissionDenied):
            CALLS[name](world, world.actors["consultant B"])
    after = world.store.cursor().execute("SELECT count(*) FROM audit_log").fetchone()
    assert after == before
    assert not access.get_assessment(world.store, auth.SYSTEM, world.assessment.id).closed
    assert len(access.list_assessments(world.store, auth.SYSTEM)) == 2


def test_signed_out_visitor_cannot_probe_whether_an_assessment_exists(world: World) -> None:
    with pytest.raises(PermissionDenied) as refused:
        access.get_assessment(world.store, auth.ANONYMOUS, "no-such-id")
    assert refused.value.code == "not-signed-in"
    with pytest.raises(AssessmentError) as unknown:
        access.get_assessment(world.store, auth.SYSTEM, "no-such-id")
    assert unknown.value.code == "unknown-assessment"


def test_questionnaire_of_checks_the_stored_organisation_not_the_object(world: World) -> None:
    forged = dataclasses.replace(world.assessment, organisation_id=world.org_b)
    with pytest.raises(PermissionDenied) as refused:
        access.questionnaire_of(world.store, world.actors["consultant B"], forged)
    assert refused.value.code == "forbidden"


# --- lists are filtered by organisation ----------------------------------------------------------


def test_list_organisations_shows_only_the_actors_organisations(world: World) -> None:
    def names(who: str) -> list[str]:
        return [o.name for o in access.list_organisations(world.store, world.actors[who])]

    assert names("consultant B") == ["Org B"]
    assert names("leadership A") == ["Org A"]
    assert names("system") == ["Org A", "Org B"]


def test_list_assessments_shows_only_the_actors_organisations(world: World) -> None:
    def names(who: str) -> list[str]:
        return [a.name for a in access.list_assessments(world.store, world.actors[who])]

    assert names("consultant B") == ["Adoption B"]
    assert names("leadership A") == ["Adoption A"]
    assert sorted(names("system")) == ["Adoption A", "Adoption B"]


def test_consultant_creating_an_organisation_manages_it(world: World) -> None:
    account = access.create_account(
        world.store,
        auth.SYSTEM,
        username="cons-c",
        password="a long passphrase 42",
        role="consultant",
    )
    actor = auth.actor_for_account(world.store, account)
    org = access.create_organisation(world.store, actor, "Org C")
    refreshed = auth.actor_for_account(world.store, account)
    assert refreshed.organisation_ids == frozenset({org.id})
    assert [o.name for o in access.list_organisations(world.store, refreshed)] == ["Org C"]
    created = access.create_assessment(world.store, refreshed, org.id, world.q, name="C1")
    assert created.organisation_id == org.id


# --- every change is audited ---------------------------------------------------------------------


def test_every_change_writes_an_audit_entry_with_who_what_and_which_assessment(
    world: World,
) -> None:
    w, cons = world, world.actors["consultant A"]
    aid = w.assessment.id
    start = w.store.cursor().execute("SELECT max(seq) FROM audit_log").fetchone()[0]  # type: ignore[index]
    second = access.create_assessment(w.store, cons, w.org_a, w.q, name="Second")
    access.set_closed(w.store, cons, aid, True)
    access.set_closed(w.store, cons, aid, False)
    wave = access.new_wave(w.store, cons, aid)
    action = access.add_agreed_action(w.store, cons, aid, title="Demo day", owner="Ops")
    access.set_agreed_action_status(w.store, cons, action.id, "dropped")
    access.export_answers(w.store, cons, aid, w.tmp / "x.parquet", fmt="parquet", seed=1)
    access.import_responses(w.store, cons, aid, w.tmp / "answers.csv", skip_bad=True)
    access.create_leadership_account(w.store, cons, w.org_a, "boss-a", "a long passphrase 42")
    rows = (
        w.store.cursor()
        .execute(
            "SELECT username, action, organisation_id, assessment_id FROM audit_log"
            " WHERE seq > ? ORDER BY seq",
            [start],
        )
        .fetchall()
    )
    assert rows == [
        ("cons-a", "assessment-created", w.org_a, second.id),
        ("cons-a", "assessment-closed", w.org_a, aid),
        ("cons-a", "assessment-reopened", w.org_a, aid),
        ("cons-a", "wave-created", w.org_a, wave.id),
        ("cons-a", "action-agreed", w.org_a, aid),
        ("cons-a", "action-status-changed", w.org_a, aid),
        ("cons-a", "answers-exported", w.org_a, aid),
        ("cons-a", "responses-imported", w.org_a, aid),
        ("cons-a", "account-created", w.org_a, None),
    ]


def test_creating_an_organisation_is_audited(world: World) -> None:
    org = access.create_organisation(world.store, world.actors["consultant B"], "Org C")
    entry = access.audit_log(world.store, auth.SYSTEM)[0]
    assert (entry.username, entry.action, entry.organisation_id, entry.detail) == (
        "cons-b",
        "organisation-created",
        org.id,
        "Org C",
    )


# --- a change and its audit entry commit together ------------------------------------------------

DATA_TABLES = (
    "organisations",
    "account_organisations",
    "accounts",
    "sessions",
    "assessments",
    "respondents",
    "answers",
    "agreed_actions",
    "invite_codes",
    "evidence",
    "password_resets",
)
# Changing one's own password is the accounts' alone (tests/test_passwords.py).
ATOMIC_CHANGES: dict[str, Callable[[World, Actor], object]] = {
    # (languages and the questionnaire change nothing on A: tests/test_editing.py)
    **{
        name: CALLS[name]
        for name in sorted(
            CHANGES
            - {
                "export_answers",
                "delete_responses",
                "set_languages",
                "set_questionnaire",
                "change_own_password",
            }
        )
    },
    "delete_responses": lambda w, a: access.delete_responses(w.store, a, w.assessment.id),
}


def _data(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    cur = store.cursor()
    return {t: cur.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in DATA_TABLES}  # noqa: S608


def _break_the_audit_log(store: Store) -> None:
    store.cursor().execute("ALTER TABLE audit_log RENAME TO audit_log_away")


@pytest.mark.parametrize("change", sorted(ATOMIC_CHANGES))
def test_a_change_whose_audit_entry_cannot_be_written_is_not_made(
    world: World, change: str
) -> None:
    before = _data(world.store)
    _break_the_audit_log(world.store)
    with pytest.raises(duckdb.CatalogException):
        ATOMIC_CHANGES[change](world, auth.SYSTEM)
    assert _data(world.store) == before


def test_an_export_whose_audit_entry_cannot_be_written_leaves_no_file(world: World) -> None:
    out = world.tmp / "answers-out.csv"
    _break_the_audit_log(world.store)
    with pytest.raises(duckdb.CatalogException):
        access.export_answers(world.store, auth.SYSTEM, world.assessment.id, out, fmt="csv")
    assert not out.exists()


def test_a_change_refused_inside_its_transaction_leaves_no_audit_entry(world: World) -> None:
    before = access.audit_log(world.store, auth.SYSTEM)
    with pytest.raises(auth.AuthError) as unknown:
        access.grant_organisation(world.store, auth.SYSTEM, "no-such-account", world.org_a)
    assert unknown.value.code == "unknown-account"
    with pytest.raises(auth.AuthError) as taken:
        access.create_account(
            world.store, auth.SYSTEM, username="cons-x", password=PASSWORD, role="consultant"
        )
    assert taken.value.code == "username-taken"
    assert access.audit_log(world.store, auth.SYSTEM) == before


# --- tracking: counts only, never below k ---------------------------------------------------


def _tracking_world(rows: list[tuple[str, str]], k: int = 5) -> tuple[Store, Assessment]:
    store = Store()
    q = engine_questionnaire()
    org = access.create_organisation(store, auth.SYSTEM, "Org").id
    assessment = access.create_assessment(
        store, auth.SYSTEM, org, q, name="Track", teams=TEAMS, anonymity_threshold=k
    )
    answer(store, assessment, q, _answers(rows))
    return store, assessment


def test_tracking_counts_per_team_and_role_are_the_releases() -> None:
    # k=5; cells (rep, north) 7, (lead, mid) 2, (rep, south) 3, (lead, south) 3. Mid's 2
    # are hidden; the rep role (10) minus (rep, north) would give (rep, south)'s 3, so
    # north goes too (7, cheaper than the rep role's 10). The totals are live.
    store, assessment = _tracking_world(
        [("rep", "north")] * 7
        + [("lead", "mid")] * 2
        + [("rep", "south")] * 3
        + [("lead", "south")] * 3
    )
    start_response(store, assessment.id, role_id="rep", team_id="north", language="en")
    t = access.tracking(store, auth.SYSTEM, assessment.id)
    assert [(x.team_id, x.submitted) for x in t.teams] == [
        ("north", None),
        ("mid", None),
        ("south", 6),
    ]
    assert t.teams[2].rate == pytest.approx(6 / 8)
    assert (t.started, t.submitted, t.head_count, t.k) == (16, 15, 22, 5)
    assert (t.release, t.released, t.pending) == (1, 15, 0)
    assert [(r.role_id, r.submitted) for r in t.roles] == [("rep", 10), ("lead", 5)]


def test_tracking_hides_small_roles_and_says_why() -> None:
    store, assessment = _tracking_world([("rep", "north")] * 7 + [("lead", "north")] * 3)
    roles = access.tracking(store, auth.SYSTEM, assessment.id).roles
    # lead (3) is hidden, so rep (7) must be too: the total 10 would give lead away.
    assert [(r.role_id, r.submitted, r.reason) for r in roles] == [
        ("rep", None, "protects_smaller"),
        ("lead", None, "below_k"),
    ]


def test_tracking_before_the_first_release_shows_live_totals_only() -> None:
    store, assessment = _tracking_world([("rep", "north")] * 3)
    t = access.tracking(store, auth.SYSTEM, assessment.id)
    assert [(x.team_id, x.submitted) for x in t.teams] == [
        ("north", None),
        ("mid", None),
        ("south", None),
    ]
    assert (t.submitted, t.started, t.release, t.pending) == (3, 3, 0, 3)


def test_tracking_without_teams_gives_totals_only(world: World) -> None:
    answer(world.store, world.assessment_b, world.q, _answers([("rep", None)] * 5))  # type: ignore[list-item]
    t = access.tracking(world.store, world.actors["leadership B"], world.assessment_b.id)
    assert (t.teams, t.submitted, t.started, t.head_count) == ((), 5, 5, None)


# --- agreed actions ------------------------------------------------------------------------------


def test_agreed_actions_are_listed_by_due_date_and_change_status(world: World) -> None:
    cons = world.actors["consultant A"]
    aid = world.assessment.id
    later = access.add_agreed_action(
        world.store,
        cons,
        aid,
        title="  Review   pipeline ",
        owner="Head of sales",
        due_date=date(2026, 3, 1),
        dimension_id="time",
        source_action_id="time-up",
    )
    sooner = access.add_agreed_action(
        world.store, cons, aid, title="Explain why", owner="CEO", due_date=date(2026, 1, 15)
    )
    listed = access.list_agreed_actions(world.store, world.actors["leadership A"], aid)
    assert [a.id for a in listed] == [sooner.id, later.id, world.action_id]
    assert (later.title, later.owner, later.dimension_id, later.status) == (
        "Review pipeline",
        "Head of sales",
        "time",
        "open",
    )
    assert later.source_action_id == "time-up" and later.due_date == date(2026, 3, 1)
    done = access.set_agreed_action_status(world.store, cons, later.id, "done")
    assert done.status == "done"


@pytest.mark.parametrize(
    ("settings", "code"),
    [
        ({"title": "", "owner": "HR"}, "bad-title"),
        ({"title": "   ", "owner": "HR"}, "bad-title"),
        ({"title": "x" * 201, "owner": "HR"}, "bad-title"),
        ({"title": "Train", "owner": ""}, "bad-owner"),
        ({"title": "Train", "owner": "y" * 101}, "bad-owner"),
        ({"title": "Train", "owner": "HR", "dimension_id": "tyme"}, "unknown-dimension"),
    ],
)
def test_agreed_action_input_is_checked(world: World, settings: dict[str, Any], code: str) -> None:
    with pytest.raises(AssessmentError) as bad:
        access.add_agreed_action(world.store, auth.SYSTEM, world.assessment.id, **settings)
    assert bad.value.code == code


def test_agreed_action_limits_are_inclusive(world: World) -> None:
    action = access.add_agreed_action(
        world.store, auth.SYSTEM, world.assessment.id, title="x" * 200, owner="y" * 100
    )
    assert (len(action.title), len(action.owner)) == (200, 100)


def test_a_status_change_is_audited_old_to_new_and_the_same_status_writes_nothing(
    world: World,
) -> None:
    lead, cons = world.actors["leadership A"], world.actors["consultant A"]
    aid = world.assessment.id
    action = access.add_agreed_action(world.store, cons, aid, title="Weekly clinic", owner="Ops")
    start = world.store.cursor().execute("SELECT max(seq) FROM audit_log").fetchone()[0]  # type: ignore[index]
    assert access.set_agreed_action_status(world.store, lead, action.id, "in_progress").status == (
        "in_progress"
    )
    access.set_agreed_action_status(world.store, lead, action.id, "in_progress")  # no change
    access.set_agreed_action_status(world.store, cons, action.id, "done")
    rows = (
        world.store.cursor()
        .execute(
            "SELECT username, action, assessment_id, detail FROM audit_log WHERE seq > ?"
            " ORDER BY seq",
            [start],
        )
        .fetchall()
    )
    assert rows == [
        ("lead-a", "action-status-changed", aid, "Weekly clinic: open -> in progress"),
        ("cons-a", "action-status-changed", aid, "Weekly clinic: in progress -> done"),
    ]


@pytest.mark.parametrize("who", ["respondent", "signed out", "leadership B", "consultant B"])
def test_a_respondent_a_visitor_or_another_organisation_cannot_change_a_status(
    world: World, who: str
) -> None:
    with pytest.raises(PermissionDenied) as refused:
        access.set_agreed_action_status(world.store, world.actors[who], world.action_id, "done")
    assert refused.value.code == ("forbidden" if who.endswith(" B") else "not-signed-in")
    listed = access.list_agreed_actions(world.store, auth.SYSTEM, world.assessment.id)
    assert [a.status for a in listed] == ["open"]


def test_the_previous_waves_agreed_actions_come_with_their_status_today(world: World) -> None:
    cons = world.actors["consultant A"]
    aid = world.assessment.id
    assert access.earlier_agreed_actions(world.store, cons, aid) is None  # a first wave
    second = access.new_wave(world.store, cons, aid)
    third = access.new_wave(world.store, cons, second.id)
    access.set_agreed_action_status(world.store, cons, world.action_id, "in_progress")
    earlier = access.earlier_agreed_actions(world.store, world.actors["leadership A"], second.id)
    assert earlier is not None
    assert (earlier.assessment_id, earlier.wave) == (aid, 1)
    assert [(a.id, a.status) for a in earlier.actions] == [(world.action_id, "in_progress")]
    # the third wave follows the second (which agreed nothing), not the first
    after_second = access.earlier_agreed_actions(world.store, cons, third.id)
    assert after_second is not None
    assert (after_second.assessment_id, after_second.wave, after_second.actions) == (
        second.id,
        2,
        [],
    )


def test_agreed_action_status_must_be_open_done_or_dropped(world: World) -> None:
    with pytest.raises(AssessmentError) as bad:
        access.set_agreed_action_status(world.store, auth.SYSTEM, world.action_id, "finished")  # type: ignore[arg-type]
    assert bad.value.code == "bad-status"
    with pytest.raises(AssessmentError) as unknown:
        access.set_agreed_action_status(world.store, auth.SYSTEM, "nope", "done")
    assert unknown.value.code == "unknown-action"


def test_comments_reach_leadership_only_above_the_comment_threshold(world: World) -> None:
    shown = access.comments(world.store, world.actors["leadership A"], world.assessment.id)
    assert shown == {(None, None, None): {"note": ["More time please."] * 11}}
    with pytest.raises(AssessmentError) as bad:
        access.comments(world.store, auth.SYSTEM, world.assessment.id, grouping="role_team")
    assert bad.value.code == "bad-grouping"


def test_an_assessment_joins_another_series_only_through_new_wave(world: World) -> None:
    with pytest.raises(AssessmentError) as bad:
        access.create_assessment(
            world.store, auth.SYSTEM, world.org_b, world.q, name="Sneaky",
            series_id=world.assessment.series_id, wave=2,
        )  # fmt: skip
    assert bad.value.code == "bad-setting"
    wave = access.new_wave(world.store, world.actors["consultant A"], world.assessment.id)
    assert (wave.series_id, wave.wave, wave.organisation_id) == (
        world.assessment.series_id,
        2,
        world.org_a,
    )
