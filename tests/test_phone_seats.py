"""A room coming back after a restart: the seats of the phones a fresh process has not
seen are looked up many at a time (`workshop.seats_of`, the phone page's seat batcher),
never with a query per phone, and each phone gets exactly its own seat."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import duckdb
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from assessment import access
from assessment.collect import workshop
from assessment.organisation import auth
from assessment.storage.store import Store
from assessment.ui import phone, server
from tests.engine import engine_questionnaire

HOST = "http://testserver"
PHONES = 48  # 30 front line (`rep`), 18 leaders (`lead`)


class Counting:
    """A cursor that notes every statement it runs (the seat queries are told apart by
    their text: `_SEATS` many at once, `_SEAT` one phone's)."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection, log: list[str]) -> None:
        self._cursor, self._log = cursor, log

    def execute(self, sql: str, parameters: Any = None) -> duckdb.DuckDBPyConnection:
        self._log.append(sql)
        return self._cursor.execute(sql, parameters)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


def counted(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The statements `store`'s cursors run from now on, from any thread."""
    log: list[str] = []
    own: Callable[[], duckdb.DuckDBPyConnection] = store.cursor
    monkeypatch.setattr(store, "cursor", lambda: Counting(own(), log))
    return log


def seat_queries(log: list[str]) -> tuple[int, int]:
    """(queries for many seats, queries for one seat) in `log`."""
    return log.count(workshop._SEATS), log.count(workshop._SEAT)


@pytest.fixture
def room(tmp_path: Path) -> Iterator[tuple[Path, str, dict[str, workshop.Seat]]]:
    """A database file with a running workshop on part 1 and `PHONES` joined phones:
    (the file, the join code, each phone's secret -> its seat), the store closed again."""
    path = tmp_path / "gapmap.duckdb"
    store = Store(path)
    org = access.create_organisation(store, auth.SYSTEM, "Org").id
    assessment = access.create_assessment(
        store, auth.SYSTEM, org, engine_questionnaire(), name="A", anonymity_threshold=3
    )
    running = access.start_workshop(store, auth.SYSTEM, assessment.id)
    joined = workshop.join_many(
        store,
        [
            workshop.JoinRequest(running.join_code, "rep" if i < 30 else "lead", None, "en")
            for i in range(PHONES)
        ],
    )
    seats = {}
    for one in joined:
        assert isinstance(one, workshop.Joined)
        seats[one.secret] = workshop.seat_of(store, one.secret)
    access.go_to_step(store, auth.SYSTEM, running.id, 1)
    store.close()
    yield path, running.join_code, seats


def test_seats_unknown_to_a_fresh_process_are_read_in_one_query(
    room: tuple[Path, str, dict[str, workshop.Seat]], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _, seats = room
    fresh = Store(path)  # a restarted server: it has seen no phone yet
    try:
        asked = [*seats, "not-a-secret", *list(seats)[:5]]  # a bad secret, five asked twice
        log = counted(fresh, monkeypatch)
        found = workshop.seats_of(fresh, asked)
        assert found == [*seats.values(), None, *list(seats.values())[:5]]
        assert [s.role_id for s in found[:PHONES] if s] == ["rep"] * 30 + ["lead"] * 18
        assert seat_queries(log) == (1, 0)
        # Now known to the process: no query at all, and `known_seat` answers from memory.
        log.clear()
        assert workshop.seats_of(fresh, list(seats)) == list(seats.values())
        assert log == []
        assert all(workshop.known_seat(fresh, s) == seat for s, seat in seats.items())
    finally:
        fresh.close()


def test_taps_from_phones_a_fresh_process_has_not_seen_look_their_seats_up_together(
    room: tuple[Path, str, dict[str, workshop.Seat]], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _, seats = room
    fresh = Store(path)
    try:
        log = counted(fresh, monkeypatch)
        taps = [workshop.Tap(secret, "p1", 3) for secret in seats] + [
            workshop.Tap("not-a-secret", "p1", 3)
        ]
        tapped = workshop.tap_many(fresh, taps)
        assert [t.answers for t in tapped[:PHONES]] == [{"p1": 3}] * PHONES
        refused = tapped[PHONES].error
        assert refused is not None and refused.code == "bad-secret"
        assert seat_queries(log) == (1, 0)
    finally:
        fresh.close()


def test_a_room_polling_a_restarted_server_is_back_in_its_places_without_a_query_per_phone(
    room: tuple[Path, str, dict[str, workshop.Seat]], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, code, seats = room
    fresh = Store(path)
    phone.use_store(lambda: fresh)
    try:
        log = counted(fresh, monkeypatch)
        app = Starlette(routes=phone.ROUTES, middleware=server.MIDDLEWARE)
        with TestClient(app, base_url=HOST) as client:

            def back(secret: str) -> Any:
                # After a lost connection the phone asks for its part at once (`v=`).
                return client.get(
                    f"/w/{code}/wait?v=&lang=en", headers={"Cookie": f"{phone.COOKIE}={secret}"}
                ).json()

            with ThreadPoolExecutor(PHONES) as pool:
                replies = list(pool.map(back, [*seats, "not-a-secret"]))
        assert [r["v"] for r in replies[:PHONES]] == ["step-1"] * PHONES
        # Part 1 (purpose) and its one pulse item, p1, on every phone of the room.
        assert [r["html"].count('data-item="p1"') > 0 for r in replies[:PHONES]] == [True] * PHONES
        assert replies[PHONES] == {"reload": True}
        many, one = seat_queries(log)
        assert one == 0
        assert 1 <= many < PHONES  # the waiting ones gathered: a few batches, not one each
        assert {s: workshop.known_seat(fresh, s) for s in seats} == seats
    finally:
        phone.use_store(None)
        fresh.close()
