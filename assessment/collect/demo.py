"""Synthetic demo organisations: a seeded, realistic assessment with 10 to 100,000 answers.

`generate_demo(store, respondents)` sets up an organisation ("Nordwind Logistics (demo)"),
an assessment of the default questionnaire with teams, head-counts, targets (level 4)
and an anonymity threshold of 5, and fills it with submitted responses, a few abandoned
ones and some free-text comments. The same seed on the same database gives the same
data; respondent ids are salted with the number of respondents already stored, so a
second demo in one database never collides with the first.

How answers are made. Every respondent has a latent adoption score per dimension on a
1..5 level scale: organisation baseline (time 2.4 ... purpose 3.0) + team effect + role
effect + a person effect shared by all dimensions (sd 0.45, so dimensions correlate) +
dimension noise (sd 0.35). Each item adds its own offset (sd 0.2) and noise (sd 0.55);
the answer is the option whose normalised score is nearest to that value, mirrored for
reverse-coded items. Questionnaires with another number of levels get the same model
rescaled (a shift of 1 level is a quarter of the score range).

Planted findings, which a demo user should discover:

1. Weak ownership in **Sales South**: ownership 1.0 level below the other teams.
2. Perception gap: respondents whose role has the `leadership` perspective rate
   `communication` 1.2 levels and `purpose` 0.6 levels above the front line (every
   other dimension 0.15).
3. Low consensus on `training` in **Customer Service**: half the team +1.1, half -1.1
   levels (the same mean, a bimodal spread; some had the new onboarding, some none).
4. Careless responding: 3 % straight-liners (the same option position on every item of
   every page, never "don't know") and 2 % speeders (12-30 % of the role's estimated
   time, random answers). Other durations are lognormal around the estimate (sd 0.35),
   4 % were interrupted (2-6 times the estimate).
5. Low response in **Field Service**: 35 % of its head-count answered; the other teams
   70-90 %, about 72 % overall.
6. A reality gap in **Sales North**: the CRM's records (evidence, one row per team
   with its head-count as users) show two thirds of its open deals untouched for 30
   days and 60 % of required fields filled (ownership level 1 by the CRM model's
   bands), while its people rate ownership like the other teams; Sales South's records
   are as weak as its answers. Every other team's records sit at level 3.

Measured in the raw answers of 2,000 respondents of the quick check (scores on 1..5):
leadership minus front line 1.1 on communication and 0.5-0.6 on purpose; Sales South
0.8-0.9 below the next team on ownership; Customer Service's training spread 1.5-1.7
times the next team's. A finding needs its dimension id (`ownership`, `communication`,
`purpose`, `training`); a questionnaire without it simply lacks that finding.

The organisation: Sales North, Sales South, Customer Service and Management always;
Key Accounts and Marketing from 40 respondents, Field Service from 60, Inside Sales and
Sales Operations from 150. Roles are placed by id (`sales`, `marketing`, `service` in
their teams, about one `manager` in seven in every team, `leadership` in Management,
1-3 `admin` in Sales Operations); a missing id falls back to another role of the same
perspective, and roles with other ids get a small share of the teams of their side.

Also: "don't know" where offered (3 % for the leadership side, 5 % for the front line,
14 % for the front line on `purpose` and `communication` items); optional items skipped
by 15 %; 12 % of respondents writing in English or German leave a comment on each
free-text item; 20 % answer in German when the questionnaire offers it (or in its
second language); about 6 % more started but never submitted. The assessment opened on
Monday of last week at 07:00 UTC and runs two weeks; answers arrive in a first wave, a
second one after the reminder a week later, and hardly at weekends or at night.

Rows are built with numpy and inserted with three `INSERT ... SELECT` statements from
registered arrays in one transaction, answers in respondent order with `seq` from the
table's sequence (explicit values were slower): 100,000 respondents take seconds.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

import duckdb
import numpy as np
import numpy.typing as npt

from assessment.errors import AssessmentError
from assessment.organisation import audit
from assessment.organisation.assessments import (
    Team,
    create_assessment,
    create_organisation,
    slug,
    utcnow,
)
from assessment.questionnaire.model import SCORED_TYPES, Questionnaire
from assessment.questionnaire.questionnaires import QUESTIONNAIRE_DIR, parse_questionnaire
from assessment.storage.store import Store

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
ObjectArray = npt.NDArray[np.object_]

DEFAULT_QUESTIONNAIRE_FILES: Final = ("crm-adoption.yaml", "crm-quickcheck.yaml")
DEFAULT_NAME: Final = "Nordwind Logistics (demo)"
MIN_RESPONDENTS: Final = 10
MAX_RESPONDENTS: Final = 100_000
TARGET_LEVEL: Final = 4
ANONYMITY_THRESHOLD: Final = 5
DAYS_OPEN: Final = 14
OPENING_HOUR: Final = 7  # the invitation goes out on a Monday at 07:00 UTC
CALENDAR_STREAM: Final = (1, 0)  # the calendar's random stream (ids use one-number keys)

# --- the latent model (1..5 level units) -------------------------------------------------------
BASELINE: Final[Mapping[str, float]] = {
    "purpose": 3.0,
    "ownership": 2.8,
    "communication": 2.6,
    "training": 2.9,
    "time": 2.4,
}
DEFAULT_BASELINE: Final = 2.75
PERSON_SD: Final = 0.45
DIMENSION_SD: Final = 0.35
ITEM_OFFSET_SD: Final = 0.2
ITEM_SD: Final = 0.55
# Planted finding 2: how much higher the leadership side rates each dimension.
LEADERSHIP_VIEW: Final[Mapping[str, float]] = {"communication": 1.2, "purpose": 0.6}
LEADERSHIP_VIEW_OTHER: Final = 0.15
ROLE_EFFECTS: Final[Mapping[str, Mapping[str, float]]] = {
    "admin": {"training": 0.6, "ownership": 0.4},
    "marketing": {"ownership": -0.2, "communication": 0.2},
    "service": {"time": -0.2},
}

# --- careless and incomplete responding --------------------------------------------------------
STRAIGHT_LINER_SHARE: Final = 0.03
SPEEDER_SHARE: Final = 0.02
ABANDONED_SHARE: Final = 0.06
INTERRUPTED_SHARE: Final = 0.04
DURATION_SD: Final = 0.35
SECOND_LANGUAGE_SHARE: Final = 0.2
COMMENT_SHARE: Final = 0.12
SKIP_OPTIONAL: Final = 0.15
DONT_KNOW_LEADERSHIP: Final = 0.03
DONT_KNOW_FRONTLINE: Final = 0.05
DONT_KNOW_FRONTLINE_REMOTE: Final = 0.14
# Dimensions the front line often cannot judge ("does leadership use the figures?").
LEADERSHIP_ISH_DIMENSIONS: Final = frozenset({"purpose", "communication"})

# Role ids the generator knows how to place; other ids are placed by their perspective.
CATEGORIES: Final = ("sales", "marketing", "service", "manager", "leadership", "admin")
FRONTLINE_CATEGORIES: Final = frozenset({"sales", "marketing", "service"})


@dataclass(frozen=True)
class TeamPlan:
    """One team of the demo organisation and what is planted in it."""

    name: str
    share: float  # relative head-count
    response_rate: float
    mix: Mapping[str, float]  # role category -> share of the team
    from_respondents: int = 0  # the team exists from this organisation size on
    effects: Mapping[str, float] = field(default_factory=dict)  # dimension -> levels
    split: tuple[str, float] | None = None  # (dimension, +-levels): low consensus
    holds_admins: bool = False


TEAMS: Final[tuple[TeamPlan, ...]] = (
    TeamPlan("Sales North", 15, 0.80, {"sales": 0.86, "manager": 0.14}, effects={"purpose": 0.2}),
    TeamPlan(
        "Sales South", 13, 0.74, {"sales": 0.86, "manager": 0.14}, effects={"ownership": -1.0}
    ),
    TeamPlan(
        "Customer Service",
        17,
        0.70,
        {"service": 0.88, "manager": 0.12},
        effects={"time": -0.3},
        split=("training", 1.1),
    ),
    TeamPlan("Management", 3, 0.90, {"leadership": 0.8, "manager": 0.2}, holds_admins=True),
    TeamPlan(
        "Key Accounts",
        8,
        0.86,
        {"sales": 0.82, "manager": 0.18},
        from_respondents=40,
        effects={"purpose": 0.3, "ownership": 0.2},
    ),
    TeamPlan(
        "Marketing",
        9,
        0.82,
        {"marketing": 0.86, "manager": 0.14},
        from_respondents=40,
        effects={"communication": 0.2, "time": 0.2},
    ),
    TeamPlan(
        "Field Service",
        12,
        0.35,
        {"service": 0.9, "manager": 0.1},
        from_respondents=60,
        effects={"training": -0.2, "time": -0.2},
    ),
    TeamPlan(
        "Inside Sales",
        10,
        0.76,
        {"sales": 0.9, "manager": 0.1},
        from_respondents=150,
        effects={"training": 0.3},
    ),
    TeamPlan(
        "Sales Operations",
        4,
        0.88,
        {"sales": 0.5, "marketing": 0.3, "manager": 0.2},
        from_respondents=150,
        effects={"ownership": 0.3},
        holds_admins=True,
    ),
)

# Neutral comments, nothing that could identify anyone: per dimension (`general` for
# dimensions not listed) and language, (positive, critical). The tone follows the
# respondent's score on the item's dimension.
Comments = Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]
COMMENTS: Final[Mapping[str, Comments]] = {
    "purpose": {
        "en": (
            (
                "I find a customer's history much faster than a year ago.",
                "Seeing all open quotes in one place helps me decide whom to call first.",
                "I plan my week from the CRM; I would miss it.",
            ),
            (
                "It feels as if the CRM is mainly there for reports to management.",
                "Not much would change for me; I mostly work from e-mail.",
                "I am not sure which decisions are actually made with these figures.",
            ),
        ),
        "de": (
            (
                "Ich finde die Historie eines Kunden viel schneller als vor einem Jahr.",
                "Alle offenen Angebote auf einen Blick: So sehe ich, wen ich zuerst anrufe.",
                "Ich plane meine Woche im CRM; es würde mir fehlen.",
            ),
            (
                "Es wirkt, als sei das CRM vor allem für Berichte an die Leitung da.",
                "Für mich würde sich wenig ändern; ich arbeite meist aus dem Postfach.",
                "Mir ist nicht klar, welche Entscheidungen wirklich mit diesen Zahlen fallen.",
            ),
        ),
    },
    "ownership": {
        "en": (
            (
                "Since every account has a named owner, fewer records go stale.",
                "Our team tidies up its own contacts every Friday.",
            ),
            (
                "It is not clear who should fix duplicate contacts.",
                "Deal stages mean different things in different teams.",
                "Data only gets updated just before the quarterly review.",
            ),
        ),
        "de": (
            (
                "Seit jeder Kunde eine verantwortliche Person hat, veralten weniger Datensätze.",
                "Unser Team räumt jeden Freitag die eigenen Kontakte auf.",
            ),
            (
                "Unklar ist, wer doppelte Kontakte bereinigen soll.",
                "Verkaufsphasen bedeuten in jedem Team etwas anderes.",
                "Gepflegt wird meist erst kurz vor dem Quartalsreview.",
            ),
        ),
    },
    "communication": {
        "en": (
            (
                "The monthly CRM update e-mail is short and useful.",
                "When I reported a problem, I got an answer the same week.",
            ),
            (
                "Fields changed last month and nobody explained why.",
                "I hear about changes only when something stops working.",
                "Feedback goes in, but we never hear what happened to it.",
            ),
        ),
        "de": (
            (
                "Die monatliche CRM-Info per E-Mail ist kurz und nützlich.",
                "Als ich ein Problem gemeldet habe, kam in derselben Woche eine Antwort.",
            ),
            (
                "Letzten Monat wurden Felder geändert, ohne dass jemand erklärt hat, warum.",
                "Von Änderungen erfahre ich erst, wenn etwas nicht mehr funktioniert.",
                "Rückmeldungen gehen raus, aber wir hören nie, was daraus wurde.",
            ),
        ),
    },
    "training": {
        "en": (
            (
                "The short how-to videos were useful.",
                "A colleague showed me the reports; that helped more than the course.",
            ),
            (
                "I only learned the basics; a refresher on reports would help.",
                "The training was about features, not about my daily tasks.",
                "New colleagues mostly learn by asking around.",
            ),
        ),
        "de": (
            (
                "Die kurzen Erklärvideos waren hilfreich.",
                "Eine Kollegin hat mir die Berichte gezeigt; das hat mehr gebracht als der Kurs.",
            ),
            (
                "Ich habe nur die Grundlagen gelernt; eine Auffrischung zu Berichten wäre gut.",
                "In der Schulung ging es um Funktionen, nicht um meine täglichen Aufgaben.",
                "Neue lernen das meiste, indem sie herumfragen.",
            ),
        ),
    },
    "time": {
        "en": (
            (
                "Since the fields were cleaned up, logging a visit takes a minute.",
                "Our team meeting now keeps ten minutes for CRM questions.",
            ),
            (
                "After customer calls there is rarely time to update the records.",
                "I enter the same data twice, in the CRM and in a spreadsheet we still keep.",
                "On the phone the CRM is too slow to use between appointments.",
            ),
        ),
        "de": (
            (
                "Seit die Felder aufgeräumt wurden, ist ein Besuch in einer Minute erfasst.",
                "In unserer Teambesprechung sind jetzt zehn Minuten für CRM-Fragen reserviert.",
            ),
            (
                "Nach Kundengesprächen bleibt selten Zeit, die Einträge zu pflegen.",
                "Ich erfasse dieselben Daten doppelt, im CRM und in einer Tabelle.",
                "Auf dem Handy ist das CRM zwischen zwei Terminen zu langsam.",
            ),
        ),
    },
    "general": {
        "en": (
            (
                "Overall the CRM has become part of my normal day.",
                "For the basics it works well.",
            ),
            (
                "Too many fields; I only need a few of them.",
                "The CRM and our daily work still do not fit well together.",
            ),
        ),
        "de": (
            (
                "Insgesamt gehört das CRM inzwischen zu meinem normalen Arbeitstag.",
                "Für die Grundlagen funktioniert es gut.",
            ),
            (
                "Zu viele Felder; ich brauche nur wenige davon.",
                "CRM und unser Arbeitsalltag passen noch nicht gut zusammen.",
            ),
        ),
    },
}


@dataclass(frozen=True)
class DemoResult:
    """What `generate_demo` created: ids to open it, and how many responded."""

    organisation_id: str
    assessment_id: str
    invite_code: str
    respondents: int  # submitted
    started: int  # submitted + abandoned
    teams: tuple[Team, ...]


def default_questionnaire(directory: Path = QUESTIONNAIRE_DIR) -> tuple[Questionnaire, str]:
    """The demo's questionnaire and its YAML text: crm-adoption if it loads, else quickcheck."""
    for file_name in DEFAULT_QUESTIONNAIRE_FILES:
        path = directory / file_name
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        result = parse_questionnaire(text, str(path))
        if result.ok and result.questionnaire is not None:
            return result.questionnaire, text
    raise AssessmentError(
        "no-demo-questionnaire", files=", ".join(DEFAULT_QUESTIONNAIRE_FILES), folder=directory
    )


def generate_demo(
    store: Store,
    respondents: int,
    *,
    seed: int = 7,
    questionnaire: Questionnaire | None = None,
    source: str | None = None,
    name: str = DEFAULT_NAME,
    now: datetime | None = None,
    by: audit.Who | None = None,
    manager: str | None = None,
) -> DemoResult:
    """Create a demo organisation whose assessment has `respondents` submitted responses.

    `source` is the questionnaire's YAML text (stored with the assessment); without a
    questionnaire the default one is used. `now` fixes the calendar (default: now).
    Created `by` someone, the organisation and its assessment are audited as theirs;
    `manager` is the consultant account that manages it from the start."""
    if not MIN_RESPONDENTS <= respondents <= MAX_RESPONDENTS:
        raise AssessmentError(
            "demo-size", low=MIN_RESPONDENTS, high=MAX_RESPONDENTS, value=respondents
        )
    if questionnaire is None:
        questionnaire, source = default_questionnaire()
    q = questionnaire
    now = now or utcnow()
    if now.tzinfo is not None:  # stored times are naive UTC
        now = now.astimezone(UTC).replace(tzinfo=None)
    now = now.replace(microsecond=0)
    opens_at = _opening(now)

    rng = np.random.default_rng(seed)
    plans = [p for p in TEAMS if respondents >= p.from_respondents]
    submitted_per_team = _largest_remainder([p.share * p.response_rate for p in plans], respondents)
    teams = [
        Team(slug(p.name), p.name, max(n, round(n / p.response_rate)))
        for p, n in zip(plans, submitted_per_team, strict=True)
    ]
    people = _people(q, rng, plans, submitted_per_team)
    rows = _answers(q, rng, people)
    # The calendar draws from a stream of its own and orders no draw above, so the
    # answers (and every figure) are the same whichever day the demo is made.
    calendar = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=CALENDAR_STREAM))
    _add_calendar(q, calendar, people, opens_at, now)

    organisation_id = create_organisation(store, name, by=by, manager=manager)
    assessment = create_assessment(
        store,
        organisation_id,
        q,
        name=f"{q.t(q.title)} (demo)",
        teams=teams,
        targets={d.id: min(TARGET_LEVEL, q.scale_max) for d in q.dimensions},
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=DAYS_OPEN),
        anonymity_threshold=ANONYMITY_THRESHOLD,
        source=source,
        by=by,
    )
    try:
        _insert(store, q, assessment.id, seed, people, rows)
        _insert_evidence(store, assessment.id, teams, now)
    except BaseException:
        _remove(store, organisation_id, assessment.id)
        raise
    return DemoResult(
        organisation_id=organisation_id,
        assessment_id=assessment.id,
        invite_code=assessment.invite_code,
        respondents=respondents,
        started=len(people.role),
        teams=assessment.teams,
    )


# --- what the CRM's records show --------------------------------------------------------------

# Per team: (active days, share of open deals without activity for 30 days, share of
# required fields filled, days in stage, records touched), level 3 of the CRM model's
# bands unless planted otherwise; open deals are 6 per user.
_EVIDENCE_DEFAULT: Final = (11.0, 0.3, 0.78, 50.0, 40.0)
_EVIDENCE_PLANTED: Final[dict[str, tuple[float, float, float, float, float]]] = {
    "sales-north": (11.0, 0.65, 0.6, 50.0, 40.0),  # says ownership 3, records show 1
    "sales-south": (11.0, 0.5, 0.6, 55.0, 40.0),  # weak ownership, and says so
    "key-accounts": (14.0, 0.3, 0.78, 50.0, 40.0),  # in the CRM daily, as they say
}
_DEALS_PER_USER: Final = 6


def _insert_evidence(
    store: Store, assessment_id: str, teams: Sequence[Team], now: datetime
) -> None:
    """One team row per team of usage from the CRM, as an evidence import stores it."""
    rows: list[list[object]] = []
    for team in teams:
        users = team.head_count or 0
        if users < 1:
            continue
        active, stale, required, days, records = _EVIDENCE_PLANTED.get(team.id, _EVIDENCE_DEFAULT)
        deals = float(_DEALS_PER_USER * users)
        for indicator, total, base in (
            ("active_days", active * users, users),
            ("records_touched", records * users, users),
            ("open_deals", deals, users),
            ("stale_deal_share", stale * deals, deals),
            ("days_in_stage", days * deals, deals),
            ("required_fields", required * users, users),
        ):
            rows.append([assessment_id, team.id, indicator, users, total, float(base), now])

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        cur.executemany("INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    store.write(write)


# --- who answers -------------------------------------------------------------------------------


@dataclass
class _People:
    """One entry per respondent (submitted or abandoned); `start_us` gives their arrival."""

    team: IntArray
    team_ids: list[str]
    role: IntArray
    submitted: BoolArray
    language: IntArray
    languages: list[str]
    frontline: BoolArray
    straight_liner: BoolArray
    speeder: BoolArray
    latent: FloatArray  # respondents x dimensions, 1..5 level units
    pages_done: IntArray  # abandoned: pages answered before leaving
    start_us: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    duration: FloatArray = field(default_factory=lambda: np.zeros(0, np.float64))


def _largest_remainder(weights: Sequence[float], total: int) -> list[int]:
    """Split `total` in proportion to `weights` into whole numbers that add up exactly."""
    w = np.asarray(weights, dtype=np.float64)
    if total <= 0 or w.sum() <= 0:
        return [0] * len(w)
    exact = w / w.sum() * total
    counts = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: total - int(counts.sum())]] += 1
    return [int(c) for c in counts]


def _role_slots(q: Questionnaire) -> dict[str, tuple[str, ...]]:
    """The questionnaire's role ids that fill each category of the organisation chart."""
    ids = [r.id for r in q.roles]
    other_front = [r.id for r in q.roles if r.id not in CATEGORIES and r.perspective == "frontline"]
    other_lead = [r.id for r in q.roles if r.id not in CATEGORIES and r.perspective == "leadership"]
    all_front = [r.id for r in q.roles if r.perspective == "frontline"] or ids
    all_lead = [r.id for r in q.roles if r.perspective == "leadership"] or ids
    slots: dict[str, tuple[str, ...]] = {}
    for category in CATEGORIES:
        if category in ids:
            slots[category] = (category,)
        elif category in FRONTLINE_CATEGORIES:
            slots[category] = tuple(other_front or all_front)
        elif category == "admin":
            slots[category] = ()  # no system-owner role: nobody is placed there
        else:
            slots[category] = tuple(other_lead or all_lead)
    return slots


def _team_role_weights(
    q: Questionnaire, plan: TeamPlan, slots: Mapping[str, tuple[str, ...]]
) -> FloatArray:
    """Weights over `q.roles` for one team; roles no category uses get a small share."""
    index = {r.id: n for n, r in enumerate(q.roles)}
    weights = np.zeros(len(q.roles))
    for category, share in plan.mix.items():
        holders = slots[category] or slots["sales"]
        for role_id in holders:
            weights[index[role_id]] += share / len(holders)
    used = {role_id for holders in slots.values() for role_id in holders}
    has_front = any(c in FRONTLINE_CATEGORIES for c in plan.mix)
    for role in q.roles:
        if role.id in used:
            continue
        if role.perspective == "frontline" and has_front:
            weights[index[role.id]] += 0.08
        elif role.perspective == "leadership" and "leadership" in plan.mix:
            weights[index[role.id]] += 0.15
    return weights


def _people(
    q: Questionnaire, rng: np.random.Generator, plans: Sequence[TeamPlan], submitted: Sequence[int]
) -> _People:
    """Teams, roles, languages, careless responders and latent scores of every respondent."""
    slots = _role_slots(q)
    role_index = {r.id: n for n, r in enumerate(q.roles)}
    total_submitted = sum(submitted)
    abandoned = _largest_remainder(
        list(submitted), max(1, round(total_submitted * ABANDONED_SHARE))
    )
    admins = (
        (1 if total_submitted < 200 else 2 if total_submitted < 2000 else 3)
        if slots["admin"]
        else 0
    )
    admin_team = max((n for n, p in enumerate(plans) if p.holds_admins), default=0)

    team_parts: list[IntArray] = []
    role_parts: list[IntArray] = []
    submitted_parts: list[BoolArray] = []
    for t, plan in enumerate(plans):
        size = submitted[t] + abandoned[t]
        placed_admins = min(admins, submitted[t]) if t == admin_team else 0
        counts = _largest_remainder(list(_team_role_weights(q, plan, slots)), size - placed_admins)
        roles = np.repeat(np.arange(len(q.roles), dtype=np.int64), counts)
        roles = rng.permutation(roles)
        done = np.arange(size - placed_admins) < submitted[t] - placed_admins
        if placed_admins:
            admin_role = role_index[slots["admin"][0]]
            roles = np.concatenate([np.full(placed_admins, admin_role, np.int64), roles])
            done = np.concatenate([np.ones(placed_admins, np.bool_), done])
        team_parts.append(np.full(size, t, np.int64))
        role_parts.append(roles)
        submitted_parts.append(done)
    team = np.concatenate(team_parts)
    role = np.concatenate(role_parts)
    is_submitted = np.concatenate(submitted_parts)
    n = len(role)

    languages = [q.language]
    others = [lang for lang in q.languages if lang != q.language]
    if others:
        languages.append("de" if "de" in others else others[0])
    language = (rng.random(n) < SECOND_LANGUAGE_SHARE).astype(np.int64)
    if len(languages) == 1:
        language[:] = 0

    role_frontline = np.array([r.perspective == "frontline" for r in q.roles])
    frontline = role_frontline[role]

    # Careless responders are drawn from the submitted responses only.
    candidates = np.flatnonzero(is_submitted)
    n_straight = round(len(candidates) * STRAIGHT_LINER_SHARE)
    n_speed = round(len(candidates) * SPEEDER_SHARE)
    chosen = rng.choice(candidates, size=n_straight + n_speed, replace=False)
    straight_liner = np.zeros(n, np.bool_)
    straight_liner[chosen[:n_straight]] = True
    speeder = np.zeros(n, np.bool_)
    speeder[chosen[n_straight:]] = True

    dims = [d.id for d in q.dimensions]
    base = np.array([BASELINE.get(d, DEFAULT_BASELINE) for d in dims])
    team_effect = np.array([[p.effects.get(d, 0.0) for d in dims] for p in plans])
    categories = [r.id if r.id in CATEGORIES else "" for r in q.roles]
    role_effect = np.array(
        [
            [
                ROLE_EFFECTS.get(cat, {}).get(d, 0.0)
                + (
                    0.0
                    if r.perspective == "frontline"
                    else LEADERSHIP_VIEW.get(d, LEADERSHIP_VIEW_OTHER)
                )
                for d in dims
            ]
            for cat, r in zip(categories, q.roles, strict=True)
        ]
    ).reshape(len(q.roles), len(dims))
    person = rng.normal(0.0, PERSON_SD, n)
    latent = (
        base[None, :]
        + team_effect[team]
        + role_effect[role]
        + person[:, None]
        + rng.normal(0.0, DIMENSION_SD, (n, len(dims)))
    )
    for t, plan in enumerate(plans):
        if plan.split is not None and plan.split[0] in dims:
            in_team = team == t
            sign = rng.choice(np.array([-1.0, 1.0]), size=int(in_team.sum()))
            latent[in_team, dims.index(plan.split[0])] += sign * plan.split[1]

    pages_done = rng.integers(0, max(1, len(dims)), n)
    pages_done[is_submitted] = len(dims)
    return _People(
        team=team,
        team_ids=[slug(p.name) for p in plans],
        role=role,
        submitted=is_submitted,
        language=language,
        languages=languages,
        frontline=frontline,
        straight_liner=straight_liner,
        speeder=speeder,
        latent=latent,
        pages_done=pages_done,
    )


def _add_calendar(
    q: Questionnaire, rng: np.random.Generator, people: _People, opens_at: datetime, now: datetime
) -> None:
    """Durations and start times (people keep their places; they are stored in order of
    arrival)."""
    n = len(people.role)
    estimate = np.array([q.estimated_seconds(r.id) for r in q.roles], np.float64)[people.role]
    factor = np.exp(rng.normal(0.0, DURATION_SD, n)).clip(0.4, None)
    interrupted = rng.random(n) < INTERRUPTED_SHARE
    factor[interrupted] = rng.uniform(2.0, 6.0, int(interrupted.sum()))
    factor[people.straight_liner] = rng.uniform(0.4, 0.7, int(people.straight_liner.sum()))
    factor[people.speeder] = rng.uniform(0.12, 0.3, int(people.speeder.sum()))
    duration = np.round(estimate * factor)

    # A first wave after the invitation, a reminder on day 7, little at weekends.
    days = np.arange((now.date() - opens_at.date()).days + 1)
    weight = 0.02 + 0.35 * np.exp(-days / 1.5) + np.where(days >= 7, 0.2 * np.exp(-(days - 7)), 0)
    weekday = (opens_at.weekday() + days) % 7
    weight = np.where(weekday >= 5, weight * 0.15, weight)
    day = rng.choice(days, size=n, p=weight / weight.sum())
    hours = np.arange(24)
    hour_weight = np.where((hours >= 7) & (hours <= 18), 1.0, 0.06)
    hour_weight[[12, 13]] = 0.6
    hour = rng.choice(hours, size=n, p=hour_weight / hour_weight.sum())
    second = rng.integers(0, 3600, n)
    opens_us = _epoch_us(opens_at)
    hour = np.where((day == 0) & (hour < OPENING_HOUR), hour + OPENING_HOUR, hour)
    start_us = opens_us + ((day * 24 + hour - OPENING_HOUR) * 3600 + second) * 1_000_000
    latest = _epoch_us(now) - (duration.astype(np.int64) + 60) * 1_000_000
    # Times later than now move to the day before (the same hour), then are capped.
    start_us = np.where(start_us > latest, start_us - 86_400_000_000, start_us)
    start_us = np.minimum(start_us, latest).clip(opens_us, None)

    people.start_us = start_us
    people.duration = np.where(people.submitted, duration, np.nan)


def _opening(now: datetime) -> datetime:
    """Monday 07:00 of last week: 7 to 13 days of answers so far, a week still to go."""
    monday = now.date() - timedelta(days=now.weekday() + 7)
    return datetime.combine(monday, datetime.min.time()) + timedelta(hours=OPENING_HOUR)


def _epoch_us(moment: datetime) -> int:
    return int((moment - datetime(1970, 1, 1)).total_seconds()) * 1_000_000


# --- what they answer --------------------------------------------------------------------------


@dataclass
class _Rows:
    """Answer rows by respondent index and item index (position in `q.items`)."""

    respondent: list[IntArray] = field(default_factory=list)
    item: list[IntArray] = field(default_factory=list)
    value: list[FloatArray] = field(default_factory=list)  # NaN: none (don't know, multi)
    dont_know: list[BoolArray] = field(default_factory=list)
    choice_respondent: list[IntArray] = field(default_factory=list)
    choice_item: list[IntArray] = field(default_factory=list)
    choice_option: list[IntArray] = field(default_factory=list)
    comment_respondent: list[IntArray] = field(default_factory=list)
    comment_item: list[IntArray] = field(default_factory=list)
    comment_text: list[IntArray] = field(default_factory=list)  # index into the comment bank

    def add(self, rows: BoolArray, j: int, value: FloatArray, dont_know: BoolArray) -> None:
        who = np.flatnonzero(rows)
        self.respondent.append(who)
        self.item.append(np.full(len(who), j, np.int64))
        self.value.append(value[who])
        self.dont_know.append(dont_know[who])


def _nearest(points: FloatArray, targets: FloatArray) -> IntArray:
    """Index of the point nearest to each target (first one on a tie)."""
    nearest: IntArray = np.abs(targets[:, None] - points[None, :]).argmin(axis=1).astype(np.int64)
    return nearest


def _answers(q: Questionnaire, rng: np.random.Generator, people: _People) -> _Rows:
    """Every answer and comment, one vectorised pass per item."""
    n = len(people.role)
    dims = [d.id for d in q.dimensions]
    rows = _Rows()
    careless = people.straight_liner | people.speeder

    # Straight-liners keep one option position that every option item they see offers.
    counts_by_role = []
    for role in q.roles:
        counts = [len(q.options_of(i)) for i in q.items if i.seen_by(role.id) and q.options_of(i)]
        counts_by_role.append(min(counts, default=1))
    preferred = rng.choice(np.arange(5), size=n, p=[0.1, 0.05, 0.35, 0.35, 0.15])
    position = np.minimum(preferred, np.array(counts_by_role)[people.role] - 1)

    blocks = _comment_blocks()

    for j, item in enumerate(q.items):
        d = dims.index(item.dimension)
        seen = np.array([item.seen_by(r.id) for r in q.roles])[people.role]
        asked = seen & (people.pages_done > d)
        target = (people.latent[:, d] + rng.normal(0.0, ITEM_OFFSET_SD) - 1.0) / 4.0
        target = target + rng.normal(0.0, ITEM_SD / 4.0, n)
        draw = rng.random(n)
        if item.type == "text":
            topic = item.dimension if item.dimension in COMMENTS else "general"
            # (first, count) of the bank block per language (rows) and tone (columns).
            block = np.array(
                [
                    [blocks.get((topic, lang, critical), (0, 0)) for critical in (False, True)]
                    for lang in people.languages
                ],
                dtype=np.int64,
            ).reshape(len(people.languages), 2, 2)
            tone = (target < 0.5).astype(np.int64)
            first = block[people.language, tone, 0]
            count = block[people.language, tone, 1]
            writes = asked & ~careless & (count > 0) & (draw < COMMENT_SHARE)
            pick = first + np.floor(rng.random(n) * count).astype(np.int64)
            who = np.flatnonzero(writes)
            rows.comment_respondent.append(who)
            rows.comment_item.append(np.full(len(who), j, np.int64))
            rows.comment_text.append(pick[who])
            continue

        p_dont_know = np.where(
            people.frontline,
            DONT_KNOW_FRONTLINE_REMOTE
            if item.dimension in LEADERSHIP_ISH_DIMENSIONS
            else DONT_KNOW_FRONTLINE,
            DONT_KNOW_LEADERSHIP,
        )
        dont_know = (item.dont_know & (draw < p_dont_know)) & ~careless
        skip_draw = rng.random(n)
        skipped = np.zeros(n, np.bool_)
        if not item.is_required:
            skipped = (skip_draw < np.where(people.speeder, 0.5, SKIP_OPTIONAL)) & ~(
                people.straight_liner
            )
        answered = asked & ~skipped
        options = q.options_of(item)
        value = np.full(n, np.nan)

        if item.type in SCORED_TYPES:
            scores = np.array([o.score for o in options], np.float64)
            share = (scores - scores.min()) / (scores.max() - scores.min())
            if item.reverse:
                share = 1.0 - share
            chosen = _nearest(share, target)
            chosen = np.where(people.speeder, rng.integers(0, len(options), n), chosen)
            chosen = np.where(people.straight_liner, position, chosen)
            value = np.where(dont_know, np.nan, chosen.astype(np.float64))
        elif item.type == "multi":
            k = len(options)
            picked = rng.random((n, k)) < rng.uniform(0.15, 0.55, k)[None, :]
            if item.is_required:
                empty = ~picked.any(axis=1)
                picked[empty, rng.integers(0, k, n)[empty]] = True
            picked[people.straight_liner] = False
            picked[people.straight_liner, np.minimum(position, k - 1)[people.straight_liner]] = True
            has_choice = answered & ~dont_know & picked.any(axis=1)
            who, option = np.nonzero(picked & has_choice[:, None])
            rows.choice_respondent.append(who.astype(np.int64))
            rows.choice_item.append(np.full(len(who), j, np.int64))
            rows.choice_option.append(option.astype(np.int64))
            answered = answered & dont_know  # the rest went in as choices
        elif item.type == "number":
            low = item.min if item.min is not None else 0.0
            high = item.max if item.max is not None else low + 100.0
            share = np.where(people.speeder, rng.random(n), target.clip(0.0, 1.0))
            number = low + share * (high - low)
            if float(low).is_integer() and float(high).is_integer():
                number = np.round(number)
            value = np.where(dont_know, np.nan, number.clip(low, high))
        rows.add(answered, j, value, dont_know)
    return rows


def _comment_bank() -> list[str]:
    """Every comment in one list, block by block (see `_comment_blocks`)."""
    return [
        text
        for by_language in COMMENTS.values()
        for positive, critical in by_language.values()
        for text in (*positive, *critical)
    ]


def _comment_blocks() -> dict[tuple[str, str, bool], tuple[int, int]]:
    """(topic, language, critical) -> (first index in `_comment_bank()`, count)."""
    blocks: dict[tuple[str, str, bool], tuple[int, int]] = {}
    first = 0
    for topic, by_language in COMMENTS.items():
        for language, (positive, critical) in by_language.items():
            blocks[(topic, language, False)] = (first, len(positive))
            blocks[(topic, language, True)] = (first + len(positive), len(critical))
            first += len(positive) + len(critical)
    return blocks


# --- writing -----------------------------------------------------------------------------------


def _ids(rng: np.random.Generator, count: int, hex_chars: int) -> ObjectArray:
    """`count` random lower-case hex strings of `hex_chars` characters."""
    text = rng.bytes(count * hex_chars // 2).hex()
    out = np.empty(count, dtype=object)
    out[:] = [text[i : i + hex_chars] for i in range(0, len(text), hex_chars)]
    return out


def _strings(values: Sequence[str], index: IntArray) -> ObjectArray:
    table = np.empty(len(values), dtype=object)
    table[:] = list(values)
    result: ObjectArray = table[index]
    return result


def _cat(parts: Sequence[npt.NDArray[np.generic]], dtype: type[np.generic]) -> npt.NDArray[Any]:
    """The parts end to end (an empty array of `dtype` when there are none)."""
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype)


def _insert(
    store: Store, q: Questionnaire, assessment_id: str, seed: int, people: _People, rows: _Rows
) -> None:
    """Bulk-insert respondents, answers and comments in one transaction."""
    n = len(people.role)
    hour_us = 3_600_000_000
    start = people.start_us
    end = start + np.nan_to_num(people.duration, nan=0.0).astype(np.int64) * 1_000_000
    to_time = np.datetime64(0, "us")
    respondents: dict[str, npt.NDArray[Any]] = {
        "person": np.arange(n, dtype=np.int64),
        # stored in order of arrival (the table numbers respondents as they come)
        "idx": np.argsort(np.argsort(people.start_us, kind="stable"), kind="stable"),
        "role_id": _strings([r.id for r in q.roles], people.role),
        "team_id": _strings(people.team_ids, people.team),
        "language": _strings(people.languages, people.language),
        "started_hour": to_time + (start // hour_us * hour_us).astype("timedelta64[us]"),
        "started_at": np.where(
            people.submitted,
            np.datetime64("NaT", "us"),
            to_time + (start // 1_000_000 * 1_000_000).astype("timedelta64[us]"),
        ),
        "submitted_hour": np.where(
            people.submitted,
            to_time + (end // hour_us * hour_us).astype("timedelta64[us]"),
            np.datetime64("NaT", "us"),
        ),
        "duration_seconds": people.duration,
    }
    answer_rows = _cat(rows.respondent, np.int64)
    choice_rows = _cat(rows.choice_respondent, np.int64)
    comment_rows = _cat(rows.comment_respondent, np.int64)

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        # Salted so a second demo with the same seed in this database gets other ids.
        salt = int(cur.execute("SELECT count(*) FROM respondents").fetchall()[0][0])
        id_rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(salt,)))
        respondents["id"] = _ids(id_rng, n, 32)
        respondents["secret_hash"] = _ids(id_rng, n, 64)
        with _registered(cur, "demo_respondents", respondents):
            cur.execute(
                "INSERT INTO respondents (id, assessment_id, secret_hash, role_id, team_id,"
                " language, channel, started_hour, started_at, submitted_hour, duration_seconds)"
                " SELECT id, ?, secret_hash, role_id, team_id, language, 'survey',"
                " started_hour, started_at, submitted_hour, duration_seconds::INTEGER"
                " FROM demo_respondents ORDER BY idx",
                [assessment_id],
            )
            # Answers refer to a respondent by the number the table gave it.
            num = np.asarray(
                cur.execute(
                    "SELECT r.num FROM demo_respondents d JOIN respondents r ON r.id = d.id"
                    " ORDER BY d.person"
                ).fetchnumpy()["num"],
                dtype=np.int64,
            )
        answers = {
            "respondent": num[answer_rows],
            "item": _cat(rows.item, np.int16),
            "value": _cat(rows.value, np.float64),
            "dont_know": _cat(rows.dont_know, np.bool_),
        }
        choices = {
            "respondent": num[choice_rows],
            "item": _cat(rows.choice_item, np.int16),
            "option": _cat(rows.choice_option, np.int32),
        }
        comments = {
            "respondent": num[comment_rows],
            "item": _cat(rows.comment_item, np.int16),
            "text": _strings(_comment_bank(), _cat(rows.comment_text, np.int64)),
        }
        with (
            _registered(cur, "demo_answers", answers),
            _registered(cur, "demo_choices", choices),
            _registered(cur, "demo_comments", comments),
        ):
            cur.execute(
                "INSERT INTO answers (respondent, item, value, choices, dont_know)"
                " SELECT respondent, item, value, choices, dont_know FROM ("
                "   SELECT respondent, item, CASE WHEN dont_know THEN NULL ELSE value END"
                "     AS value, NULL::INTEGER[] AS choices, dont_know FROM demo_answers"
                "   UNION ALL"
                "   SELECT respondent, item, NULL, list(option ORDER BY option), false"
                "   FROM demo_choices GROUP BY respondent, item"
                " ) ORDER BY respondent, item"
            )
            cur.execute(
                "INSERT INTO comments (respondent, item, text)"
                " SELECT respondent, item, text FROM demo_comments ORDER BY respondent, item"
            )

    store.write(write)


@contextmanager
def _registered(
    cur: duckdb.DuckDBPyConnection, view: str, columns: Mapping[str, npt.NDArray[Any]]
) -> Iterator[None]:
    """Make numpy columns readable as a table named `view` for the duration."""
    cur.register(view, dict(columns))
    try:
        yield
    finally:
        # After a failed statement the transaction is aborted and refuses even this;
        # the failure itself is what the caller needs to see.
        with suppress(duckdb.Error):
            cur.unregister(view)


def _remove(store: Store, organisation_id: str, assessment_id: str) -> None:
    """Undo the setup of a demo whose responses could not be written."""

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        for table, column in (
            ("evidence", "assessment_id"),
            ("assessment_targets", "assessment_id"),
            ("teams", "assessment_id"),
            ("assessments", "id"),
        ):
            cur.execute(f"DELETE FROM {table} WHERE {column} = ?", [assessment_id])  # noqa: S608
        cur.execute(
            "DELETE FROM account_organisations WHERE organisation_id = ?", [organisation_id]
        )
        cur.execute("DELETE FROM organisations WHERE id = ?", [organisation_id])

    store.write(write)
