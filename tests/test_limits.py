"""Rate limits on codes and new responses: a token bucket per client address and one
for everyone, held in memory only; a flood is refused with `too-many-attempts` while a
right code from another address still gets in."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assessment import access
from assessment.collect import codes, limits, workshop
from assessment.collect.limits import Limit, Limits, Rate
from assessment.collect.responses import start_response
from assessment.errors import GapMapError
from assessment.organisation import auth
from assessment.organisation.assessments import Assessment, Team
from assessment.storage.store import Store
from tests.engine import engine_questionnaire


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _code(call: Callable[[], object]) -> str:
    with pytest.raises(GapMapError) as refused:
        call()
    return refused.value.code


def _tight(store: Store, clock: Clock) -> Limits:
    """Small limits on a hand-moved clock: 3 wrong codes an address (one back every
    20 s), 5 for everyone; 4 starts an address, 6 for everyone."""
    return limits.install(
        store,
        Limits(
            Limit(Rate(3, 60.0), Rate(5, 60.0), clock=clock),
            Limit(Rate(4, 60.0), Rate(6, 60.0), clock=clock),
        ),
    )


def _assessment(store: Store, *, per_person_codes: bool = False) -> Assessment:
    org = access.create_organisation(store, auth.SYSTEM, "Acme").id
    return access.create_assessment(
        store,
        auth.SYSTEM,
        org,
        engine_questionnaire(),
        name="Q4",
        teams=(Team("north", "North", None),),
        per_person_codes=per_person_codes,
    )


# --- the bucket --------------------------------------------------------------------------------


def test_a_bucket_takes_its_burst_then_refills_at_its_rate() -> None:
    clock = Clock()
    limit = Limit(Rate(3, 60.0), Rate(100, 60.0), clock=clock)
    for _ in range(3):
        limit.take("198.51.100.7")
    assert _code(lambda: limit.take("198.51.100.7")) == "too-many-attempts"
    clock.now += 19.9  # one token comes back every 20 s
    assert _code(lambda: limit.take("198.51.100.7")) == "too-many-attempts"
    clock.now += 0.1
    limit.take("198.51.100.7")
    assert _code(lambda: limit.take("198.51.100.7")) == "too-many-attempts"
    clock.now += 600  # never more than the burst
    for _ in range(3):
        limit.take("198.51.100.7")
    assert _code(lambda: limit.take("198.51.100.7")) == "too-many-attempts"


def test_addresses_have_buckets_of_their_own_under_one_for_everyone() -> None:
    clock = Clock()
    limit = Limit(Rate(2, 60.0), Rate(3, 60.0), clock=clock)
    limit.take("a")
    limit.take("a")
    assert _code(lambda: limit.take("a")) == "too-many-attempts"
    limit.take("b")  # another address still gets in...
    assert _code(lambda: limit.take("c")) == "too-many-attempts"  # ...until everyone's is empty
    limit.give_back("b")
    limit.take("c")


def test_an_unknown_address_counts_only_for_everyone() -> None:
    limit = Limit(Rate(2, 60.0), Rate(5, 60.0), clock=Clock())
    for _ in range(5):
        limit.take(limits.UNKNOWN_ADDRESS)  # not held to one address's 2
    assert _code(lambda: limit.take(limits.UNKNOWN_ADDRESS)) == "too-many-attempts"
    assert limit.remembered() == 0


def test_a_refused_attempt_takes_nothing() -> None:
    clock = Clock()
    limit = Limit(Rate(1, 60.0), Rate(10, 60.0), clock=clock)
    limit.take("a")
    for _ in range(50):
        assert _code(lambda: limit.take("a")) == "too-many-attempts"
    clock.now += 60
    limit.take("a")  # hammering while refused does not push the wait further out


def test_only_so_many_addresses_are_remembered() -> None:
    limit = Limit(Rate(1, 60.0), Rate(10**6, 1.0), clock=Clock(), max_addresses=100)
    for n in range(1000):
        limit.take(f"2001:db8::{n:x}")
    assert limit.remembered() == 100


# --- the survey's codes -------------------------------------------------------------------------


def test_wrong_invite_codes_are_refused_after_the_limit_while_another_address_gets_in() -> None:
    store, clock = Store(), Clock()
    _tight(store, clock)
    found = _assessment(store)
    for n in range(3):
        assert codes.find_survey(store, f"NOPE{n}", address="198.51.100.7") is None
    assert (
        _code(lambda: codes.find_survey(store, found.invite_code, address="198.51.100.7"))
        == "too-many-attempts"
    )
    assert codes.find_survey(store, found.invite_code, address="203.0.113.9") == (found, None)
    # Right codes cost nothing: a hall behind one address opens the link again and again.
    for _ in range(20):
        assert codes.find_survey(store, found.invite_code, address="203.0.113.9") == (found, None)
    clock.now += 20
    assert codes.find_survey(store, found.invite_code, address="198.51.100.7") == (found, None)


def test_wrong_per_person_codes_are_refused_after_the_limit() -> None:
    store, clock = Store(), Clock()
    _tight(store, clock)
    coded = _assessment(store, per_person_codes=True)
    good = codes.issue_codes(store, coded.id, 2)
    attacker, colleague = "198.51.100.7", "203.0.113.9"
    assert _code(lambda: codes.check_code(store, coded.id, "x", address=attacker)) == (
        "code-malformed"
    )
    for _ in range(2):
        assert _code(lambda: codes.check_code(store, coded.id, "ACDE" * 3, address=attacker)) == (
            "code-unknown"
        )
    assert _code(lambda: codes.check_code(store, coded.id, good[0], address=attacker)) == (
        "too-many-attempts"
    )
    assert codes.check_code(store, coded.id, good[0], address=colleague) == good[0]
    # The per-person code's own link (`?a=CODE`) leads to its survey, from the colleague too.
    assert codes.find_survey(store, good[1], address=colleague) == (coded, good[1])
    started = start_response(
        store, coded.id, role_id="rep", team_id="north", code=good[0], address=colleague
    )
    assert started.assessment_id == coded.id
    # A used code counts as a wrong one.
    assert _code(
        lambda: start_response(
            store, coded.id, role_id="rep", team_id="north", code=good[0], address=colleague
        )
    ) == ("code-used")


def test_callers_without_an_address_are_not_limited() -> None:
    store, clock = Store(), Clock()
    _tight(store, clock)
    found = _assessment(store)
    for n in range(20):
        assert codes.find_survey(store, f"NOPE{n}") is None
    for _ in range(10):
        start_response(store, found.id, role_id="rep", team_id="north")


# --- new responses ------------------------------------------------------------------------------


def test_starts_are_limited_per_address_and_for_everyone() -> None:
    store, clock = Store(), Clock()
    _tight(store, clock)
    found = _assessment(store)

    def start(address: str) -> object:
        return start_response(store, found.id, role_id="rep", team_id="north", address=address)

    for _ in range(4):
        start("198.51.100.7")
    assert _code(lambda: start("198.51.100.7")) == "too-many-attempts"
    start("203.0.113.9")
    start("203.0.113.9")
    assert _code(lambda: start("192.0.2.1")) == "too-many-attempts"  # everyone's: 6
    rows = store.cursor().execute("SELECT count(*) FROM respondents").fetchone()
    assert rows == (6,)
    clock.now += 10  # one of everyone's back every 10 s
    start("192.0.2.1")


def test_a_start_refused_for_another_reason_gives_its_token_back() -> None:
    store, clock = Store(), Clock()
    _tight(store, clock)
    found = _assessment(store)
    for _ in range(10):
        assert _code(
            lambda: start_response(
                store, found.id, role_id="nobody", team_id="north", address="198.51.100.7"
            )
        ) == ("unknown-role")
    start_response(store, found.id, role_id="rep", team_id="north", address="198.51.100.7")


def test_no_address_is_stored() -> None:
    store, clock = Store(), Clock()
    _tight(store, clock)
    found = _assessment(store)
    start_response(store, found.id, role_id="rep", team_id="north", address="198.51.100.77")
    for table, column in (
        store.cursor()
        .execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE data_type = 'VARCHAR'"
            " AND NOT internal AND schema_name = 'main'"
        )
        .fetchall()
    ):
        hits = (
            store.cursor()
            .execute(
                f'SELECT count(*) FROM "{table}" WHERE "{column}" LIKE ?',  # noqa: S608
                ["%198.51.100.77%"],
            )
            .fetchone()
        )
        assert hits == (0,), (table, column)


# --- workshop join codes ------------------------------------------------------------------------


def test_wrong_join_codes_and_joins_are_limited_while_another_address_joins() -> None:
    store, clock = Store(), Clock()
    _tight(store, clock)
    found = _assessment(store)
    w = access.start_workshop(store, auth.SYSTEM, found.id, pacing="self")
    hall, attacker = "203.0.113.9", "198.51.100.7"
    for guess in ("AAAAAA", "BBBBBB", "CCCCCC"):
        with pytest.raises(GapMapError, match="unknown-code"):
            workshop.find_workshop(store, guess, address=attacker)
    assert _code(lambda: workshop.find_workshop(store, w.join_code, address=attacker)) == (
        "too-many-attempts"
    )
    assert _code(lambda: workshop.join(store, w.join_code, role_id="rep", address=attacker)) == (
        "too-many-attempts"
    )
    assert workshop.find_workshop(store, w.join_code, address=hall).workshop.id == w.id
    for _ in range(4):
        workshop.join(store, w.join_code, role_id="rep", address=hall)
    assert _code(lambda: workshop.join(store, w.join_code, role_id="rep", address=hall)) == (
        "too-many-attempts"
    )
