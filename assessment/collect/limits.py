"""Rate limits on the ways in that anyone can try: codes and new responses.

Guessing an invite code, a per-person code or a workshop join code, and starting
responses that are never submitted, cost an attacker nothing but requests. Each is
limited by token buckets held in this process's memory: one per client address and one
for everyone together. A bucket holds `burst` tokens and refills at `burst` tokens per
`per_seconds`; an attempt takes a token, and an empty bucket refuses with
`too-many-attempts`. Client addresses are kept only here, as keys of a bounded
dictionary, and forgotten with the process: none is ever written to the database, a
log or the audit trail.

A workshop hall can sit behind one address (a thousand phones on one NAT), so the
per-address limits count only what a real room does rarely: a wrong code, not a right
one (an attempt's token is given back when the code is right), and starts at a pace no
hall reaches. The figures and their reasons are in the README ("Rates").

`address=None` means a trusted caller (the command line, an import, a test): no limit.
Pages always pass an address; `UNKNOWN_ADDRESS` when the server cannot tell, which only
the overall limit counts.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Final

from assessment.errors import GapMapError, ResponseError
from assessment.storage.store import Store

Clock = Callable[[], float]
UNKNOWN_ADDRESS: Final = "unknown"
# Addresses remembered per limit at most; the least recently seen are forgotten first
# (an address that has not been seen for a while has a full bucket anyway).
MAX_ADDRESSES = 50_000

# The refusals that count as a wrong code (a code that is right is given back).
WRONG_CODES: Final = frozenset({"code-malformed", "code-unknown", "code-used", "unknown-code"})


@dataclass(frozen=True)
class Rate:
    """At most `burst` attempts at once, refilled at `burst` per `per_seconds`."""

    burst: int
    per_seconds: float

    @property
    def refill(self) -> float:
        return self.burst / self.per_seconds


class _Bucket:
    __slots__ = ("at", "tokens")

    def __init__(self, tokens: float, at: float) -> None:
        self.tokens = tokens
        self.at = at


class Limit:
    """A token bucket per client address and one for all addresses together."""

    def __init__(
        self,
        per_address: Rate,
        overall: Rate,
        *,
        clock: Clock = time.monotonic,
        max_addresses: int = MAX_ADDRESSES,
    ) -> None:
        self.per_address = per_address
        self.overall = overall
        self._clock = clock
        self._max = max_addresses
        self._lock = threading.Lock()
        self._addresses: OrderedDict[str, _Bucket] = OrderedDict()
        self._all = _Bucket(float(overall.burst), clock())

    def _refilled(self, bucket: _Bucket, rate: Rate, now: float) -> _Bucket:
        elapsed = max(0.0, now - bucket.at)
        bucket.tokens = min(float(rate.burst), bucket.tokens + elapsed * rate.refill)
        bucket.at = now
        return bucket

    def _bucket(self, address: str, now: float) -> _Bucket:
        bucket = self._addresses.get(address)
        if bucket is None:
            bucket = _Bucket(float(self.per_address.burst), now)
            self._addresses[address] = bucket
            while len(self._addresses) > self._max:
                self._addresses.popitem(last=False)
        else:
            self._addresses.move_to_end(address)
        return self._refilled(bucket, self.per_address, now)

    def take(self, address: str) -> None:
        """Take one token from the address's bucket and the overall one, or refuse with
        `too-many-attempts` (taking nothing) when either is empty. `UNKNOWN_ADDRESS`
        has no bucket of its own (everyone the server cannot tell apart would share it,
        and one of them could lock the others out): only the overall one counts."""
        with self._lock:
            now = self._clock()
            mine = self._bucket(address, now) if address != UNKNOWN_ADDRESS else None
            everyone = self._refilled(self._all, self.overall, now)
            if (mine is not None and mine.tokens < 1) or everyone.tokens < 1:
                raise ResponseError("too-many-attempts")
            if mine is not None:
                mine.tokens -= 1
            everyone.tokens -= 1

    def give_back(self, address: str) -> None:
        """Return a token taken for an attempt that turned out not to count."""
        with self._lock:
            now = self._clock()
            if address != UNKNOWN_ADDRESS:
                mine = self._bucket(address, now)
                mine.tokens = min(float(self.per_address.burst), mine.tokens + 1)
            everyone = self._refilled(self._all, self.overall, now)
            everyone.tokens = min(float(self.overall.burst), everyone.tokens + 1)

    def remembered(self) -> int:
        """How many addresses this limit holds now (for tests: it stays bounded)."""
        return len(self._addresses)


# A wrong code: invite codes (`?a=`) and per-person codes on the survey, join codes on a
# workshop phone. A hall of 1,000 phones behind one address mistypes perhaps one code in
# ten, in the first minutes: 60 at once and one a second after that covers it, while a
# guesser from one address gets 3,600 an hour against 10^9 possible join codes and 10^16
# per-person codes. Everyone together: 300 at once, then 10 a second.
WRONG_CODE_PER_ADDRESS = Rate(60, 60.0)
WRONG_CODE_OVERALL = Rate(300, 30.0)
# New responses (survey starts and workshop joins). A hall of 1,000 joins within a few
# minutes from one address: 1,000 at once, then 5 a second, still lets it in; one
# address cannot start more than 18,000 an hour (81 a second unlimited). Everyone
# together: 3,000 at once, then 50 a second (the server takes about 75 survey starts a
# second: a flood is slowed down before it fills the database).
START_PER_ADDRESS = Rate(1_000, 200.0)
START_OVERALL = Rate(3_000, 60.0)


@dataclass
class Limits:
    """This process's limits: wrong codes and new responses."""

    wrong_codes: Limit
    starts: Limit

    @classmethod
    def default(cls, clock: Clock = time.monotonic) -> Limits:
        return cls(
            Limit(WRONG_CODE_PER_ADDRESS, WRONG_CODE_OVERALL, clock=clock),
            Limit(START_PER_ADDRESS, START_OVERALL, clock=clock),
        )


_KEY = "rate-limits"
_install_lock = threading.Lock()


def of(store: Store) -> Limits:
    """The limits of the process that owns `store` (made on first use)."""
    found = store.memo.get(_KEY)
    if isinstance(found, Limits):
        return found
    with _install_lock:
        found = store.memo.get(_KEY)
        if not isinstance(found, Limits):
            found = Limits.default()
            store.memo[_KEY] = found
        return found


def install(store: Store, limits: Limits) -> Limits:
    """Use these limits for `store` (a test's, with its own clock)."""
    store.memo[_KEY] = limits
    return limits


@contextmanager
def code_attempt(store: Store, address: str | None) -> Iterator[None]:
    """Guard one try of a code: refused at once while the address (or everyone) has
    used up its wrong codes; the token taken is given back unless the block raises a
    wrong-code refusal."""
    if address is None:
        yield
        return
    limit = of(store).wrong_codes
    limit.take(address)
    try:
        yield
    except GapMapError as err:
        if err.code not in WRONG_CODES:
            limit.give_back(address)
        raise
    except BaseException:
        limit.give_back(address)
        raise
    else:
        limit.give_back(address)


def wrong_code(store: Store, address: str | None) -> None:
    """Count a wrong code found without an exception (a lookup that found nothing);
    refused with `too-many-attempts` when none was left."""
    if address is not None:
        of(store).wrong_codes.take(address)


@contextmanager
def new_response(store: Store, address: str | None) -> Iterator[None]:
    """Guard one new response (a survey start, a workshop join): refused at once while
    the address (or everyone) has started too many; a start refused for another reason
    (a closed survey, a full team) gives its token back."""
    if address is None:
        yield
        return
    limit = of(store).starts
    limit.take(address)
    try:
        yield
    except BaseException:
        limit.give_back(address)
        raise
