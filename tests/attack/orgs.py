"""Random organisations to attack, and what a viewer obtains from GapMap about them.

Building: `random_plan(seed)` draws an organisation chart (teams with head-counts,
roles placed sparsely: lone leaders, tiny teams, a few admins) and its respondents'
answers (heavy "don't know" for some, whole dimensions unanswered, comments);
`build` writes it with GapMap's public functions (organisation, assessment on the CRM
questionnaire, one bulk submission in one transaction). Several organisations share
one in-memory store, since opening a store costs more than filling it.

Looking: `Viewer.look()` collects everything a leadership account (and a respondent,
through their personal snapshot) can obtain at that moment, through GapMap's public
functions only, and turns each published figure into a `solver.Figure`. It also
records the truth (who is in the database, in which role and team, with which
answers) so the harness can tell the solver which sets to test. Each source's figures
describe the population of the look at which the source last changed: a source that
shows exactly what it showed before is still showing the earlier release.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from assessment import access
from assessment.access import build_report
from assessment.analysis.scoring import item_scores
from assessment.collect.responses import (
    DONT_KNOW,
    AnswerValue,
    Submission,
    record_submissions,
    start_response,
    submit,
)
from assessment.collect.retention import erase_respondent
from assessment.documents.snapshot import personal_snapshot
from assessment.errors import AssessmentError
from assessment.organisation.assessments import Team, create_assessment, create_organisation
from assessment.organisation.auth import Actor
from assessment.questionnaire.model import SCORED_TYPES, Questionnaire
from assessment.questionnaire.questionnaires import QUESTIONNAIRE_DIR, load_or_raise
from assessment.storage.store import Store
from tests.attack.solver import Chart, Era, Figure, Group, Quantity, figure

FRONTLINE = ("sales", "marketing", "service")


CRM_FILE = QUESTIONNAIRE_DIR / "crm-adoption.yaml"


@cache
def crm() -> Questionnaire:
    return load_or_raise(CRM_FILE)


@cache
def crm_source() -> str:
    return CRM_FILE.read_text(encoding="utf-8")


# --- plans --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    role: str
    team: str
    answers: Mapping[str, AnswerValue]


@dataclass
class Plan:
    """An organisation to build: chart (head-count per role x team) and respondents."""

    seed: int
    k: int
    teams: list[Team]
    head: dict[tuple[str, str], int]  # role x team -> people employed
    people: list[Person]


def answers_for(
    q: Questionnaire,
    rng: random.Random,
    role: str,
    latent: Mapping[str, float],
    *,
    dont_know: float = 0.04,
    blank_dimensions: Iterable[str] = (),
    comment: float = 0.2,
) -> dict[str, AnswerValue]:
    """One respondent's answers: the option nearest their latent level (1..5) per item;
    "don't know" where offered with the given probability; in `blank_dimensions`
    "don't know" wherever offered and nothing elsewhere; a comment now and then."""
    blank = set(blank_dimensions)
    out: dict[str, AnswerValue] = {}
    for item in q.items:
        if not item.seen_by(role):
            continue
        if item.type == "text":
            if item.dimension not in blank and rng.random() < comment:
                out[item.id] = f"A remark on {item.dimension} ({rng.randrange(1000)})"
            continue
        if item.type not in SCORED_TYPES:
            continue
        if item.dimension in blank:
            if item.dont_know:
                out[item.id] = DONT_KNOW
            continue
        if item.dont_know and rng.random() < dont_know:
            out[item.id] = DONT_KNOW
            continue
        scores = [float(o.score or 0.0) for o in q.options_of(item)]
        low, high = min(scores), max(scores)
        target = (latent[item.dimension] - 1) / 4 + rng.gauss(0, 0.15)
        shares = [(s - low) / (high - low) for s in scores]
        if item.reverse:
            shares = [1 - s for s in shares]
        out[item.id] = min(range(len(shares)), key=lambda i: abs(shares[i] - target))
    return out


def seeded(seed: int) -> random.Random:
    """A reproducible generator (test data, not secrets)."""
    return random.Random(seed)  # noqa: S311


def random_plan(seed: int) -> Plan:
    """A random organisation of 20..150 respondents with a fixed seed."""
    rng = seeded(seed)
    k = rng.choices([5, 3, 7], weights=[70, 15, 15])[0]
    while True:
        plan = _draw(rng, seed, k)
        if 20 <= len(plan.people) <= 150:
            return plan


def _draw(rng: random.Random, seed: int, k: int) -> Plan:
    q = crm()
    size = rng.randint(24, 160)
    n_teams = rng.randint(2, 7)
    weights = [rng.lognormvariate(0, 0.8) for _ in range(n_teams)]
    teams = [f"t{i + 1}" for i in range(n_teams)]
    head: dict[tuple[str, str], int] = defaultdict(int)
    rates = {t: rng.uniform(0.4, 1.0) for t in teams}
    for team, w in zip(teams, weights, strict=True):
        people = max(1, round(size / rates[team] * w / sum(weights)))
        if rng.random() < 0.25:
            people = rng.randint(1, 4)  # a tiny team
        main = rng.choice(FRONTLINE)
        second = rng.choice(FRONTLINE) if rng.random() < 0.3 else None
        for _ in range(people):
            draw = rng.random()
            role = "manager" if draw < 0.13 else (second if second and draw < 0.3 else main)
            head[(role, team)] += 1
    # Lone leaders: one or two people in the leadership role, or a small board.
    leaders = rng.choice([1, 1, 2, 2, 3, rng.randint(4, 9)])
    for _ in range(leaders):
        head[("leadership", rng.choice(teams[:2]))] += 1
    if rng.random() < 0.5:
        head[("admin", rng.choice(teams))] += rng.randint(1, 3)
    people_list: list[Person] = []
    heavy = rng.random() < 0.4  # this organisation answers "don't know" a lot
    for (role, team), count in sorted(head.items()):
        for _ in range(count):
            if rng.random() > rates[team] and not (role == "leadership" and rng.random() < 0.7):
                continue
            base = rng.gauss(2.9, 0.5)
            latent = {d.id: min(5.0, max(1.0, base + rng.gauss(0, 0.6))) for d in q.dimensions}
            blank = [d.id for d in q.dimensions if rng.random() < (0.12 if heavy else 0.03)]
            dk = 0.35 if heavy and rng.random() < 0.5 else 0.04
            answers = answers_for(q, rng, role, latent, dont_know=dk, blank_dimensions=blank)
            people_list.append(Person(role, team, answers))
    team_list = [
        Team(t, f"Team {t[1:]}", sum(n for (_, tm), n in head.items() if tm == t)) for t in teams
    ]
    return Plan(seed, k, team_list, dict(head), people_list)


# --- building -----------------------------------------------------------------------------------


@dataclass
class Org:
    """A built organisation: where it lives and who looks at it."""

    store: Store
    plan: Plan
    organisation_id: str
    assessment_id: str
    assessment_name: str

    @property
    def k(self) -> int:
        return self.plan.k

    @property
    def leader(self) -> Actor:
        return Actor(
            "leadership",
            account_id=f"viewer-{self.organisation_id}",
            username="viewer",
            organisation_ids=frozenset({self.organisation_id}),
        )

    @property
    def consultant(self) -> Actor:
        return Actor(
            "consultant",
            account_id=f"consultant-{self.organisation_id}",
            username="consultant",
            organisation_ids=frozenset({self.organisation_id}),
        )


def build(store: Store, plan: Plan) -> Org:
    """Write the plan's organisation, assessment and responses (one bulk transaction)."""
    q = crm()
    org_id = create_organisation(store, f"Attacked {plan.seed}")
    assessment = create_assessment(
        store,
        org_id,
        q,
        name=f"Survey {plan.seed}",
        teams=plan.teams,
        anonymity_threshold=plan.k,
        comment_threshold=max(plan.k, 10),
        source=crm_source(),
    )
    record_submissions(
        store,
        assessment,
        q,
        [Submission(p.role, p.team, "en", p.answers) for p in plan.people],
        channel="survey",
    )
    return Org(store, plan, org_id, assessment.id, assessment.name)


def build_many(plans: Sequence[Plan]) -> list[Org]:
    """Several organisations in one in-memory store."""
    store = Store(":memory:")
    return [build(store, plan) for plan in plans]


def add_response(org: Org, role: str, team: str, answers: Mapping[str, AnswerValue]) -> str:
    """One more respondent through the survey (start, then submit); returns the secret."""
    started = start_response(org.store, org.assessment_id, role_id=role, team_id=team)
    submit(org.store, started.secret, dict(answers))
    return started.secret


def erase(org: Org, secret: str) -> None:
    """The respondent deletes their answers ("Delete my answers")."""
    erase_respondent(org.store, secret)


# --- the truth ----------------------------------------------------------------------------------


@dataclass
class Respondent:
    """Who a respondent is and which populations they belong to (never changes)."""

    role: str
    team: str | None
    submitted: bool
    populations: set[tuple[Any, ...]] = field(default_factory=set)
    scores: dict[str, float] = field(default_factory=dict)  # dimension -> score


def truth(store: Store, assessment_id: str) -> dict[str, Respondent]:
    """Every respondent of the assessment now, read from the database (the harness's
    knowledge, never the viewer's)."""
    rows = (
        store.cursor()
        .execute(
            "SELECT id, role_id, team_id, submitted_hour IS NOT NULL FROM respondents"
            " WHERE assessment_id = ? AND workshop_id IS NULL",
            [assessment_id],
        )
        .fetchall()
    )
    out = {rid: Respondent(role, team, bool(sub), {("started",)}) for rid, role, team, sub in rows}
    for r in out.values():
        if r.submitted:
            r.populations.add(("submitted",))
    weighted: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    dims = [d.id for d in crm().dimensions]
    for row in item_scores(store, assessment_id):
        r = out[row["respondent_id"]]
        dim = row["dimension"]
        dim = dims[dim] if isinstance(dim, int) else dim
        r.populations.add(("item", row["item_id"]))
        if row["score"] is not None:
            r.populations.add(("scored", dim))
            acc = weighted[(row["respondent_id"], dim)]
            acc[0] += row["score"] * row["weight"]
            acc[1] += row["weight"]
            if row["core"]:
                r.populations.add(("core", dim))
    for (rid, dim), (total, weight) in weighted.items():
        out[rid].scores[dim] = total / weight
    return out


# --- looking ------------------------------------------------------------------------------------


def _decimals(values: Iterable[float]) -> int | None:
    """The rounding of a column of published figures: the most decimals any value has
    when it has at most 4 (then each value is v +- half a unit), else None (exact)."""
    most = 0
    for v in values:
        d = next((d for d in range(5) if round(v, d) == v), None)
        if d is None:
            return None
        most = max(most, d)
    return most


def _half(decimals: int | None) -> float:
    return 0.0 if decimals is None else 0.5 * 10.0**-decimals


def _score_half(decimals: int | None) -> float:
    """How far a shown score may be from the exact one: a whole step, since a score is
    rounded toward its own level where rounding to nearest would read as another level
    (`questionnaire.model.shown_score`), not half a step."""
    return 0.0 if decimals is None else 10.0**-decimals


def mean_figures(
    group: Group,
    dim: str,
    n: int | None,
    mean: float | None,
    sd: float | None,
    source: str,
    *,
    mean_half: float = 0.0,
    sd_half: float = 0.0,
    core: bool = False,
) -> list[Figure]:
    """The figures a published (n, mean, sd) of a group gives on one dimension."""
    kinds = ("core_n", "core_sum", "core_sq") if core else ("n", "sum", "sq")
    out = []
    if n is not None:
        out.append(figure((kinds[0], dim), group, float(n), source))
    if mean is None:
        return out
    if n is not None:
        out.append(figure((kinds[1], dim), group, n * mean, source, half=n * mean_half))
        if sd is not None and n >= 2:
            low = (n - 1) * max(0.0, sd - sd_half) ** 2 + n * (mean - mean_half) ** 2
            high = (n - 1) * (sd + sd_half) ** 2 + n * (mean + mean_half) ** 2
            out.append(Figure((((kinds[2], dim), group, 1.0),), low, high, source))
        return out
    # A mean without its n: sum - mean * n = 0 (an equation for the exact audit; with
    # rounding, two bounds for the interval audit).

    def terms(m: float) -> tuple[tuple[Quantity, Group, float], ...]:
        return (((kinds[1], dim), group, 1.0), ((kinds[0], dim), group, -m))

    if mean_half == 0:
        out.append(Figure(terms(mean), 0.0, 0.0, source))
    else:
        out.append(Figure(terms(mean), 0.0, 0.0, source, audit=True, lp=False))
        out.append(Figure(terms(mean + mean_half), -math.inf, 0.0, source, audit=False))
        out.append(Figure(terms(mean - mean_half), 0.0, math.inf, source, audit=False))
    return out


@dataclass
class Viewer:
    """A leadership viewer (and, with `secrets`, respondents reading their snapshots)
    who looks at one organisation again and again."""

    org: Org
    secrets: list[str] = field(default_factory=list)  # snapshots the attacker can read
    own: set[str] = field(default_factory=set)  # respondent ids the attacker made
    sources: Sequence[str] = ("json", "report", "distributions", "tracking", "comments")
    languages: Sequence[str] = ("en",)
    figures: list[Figure] = field(default_factory=list)
    looks: int = 0
    seen: dict[tuple[Any, ...], tuple[Any, ...]] = field(default_factory=dict)
    presence: dict[str, list[int]] = field(default_factory=dict)  # respondent -> looks
    respondents: dict[str, Respondent] = field(default_factory=dict)

    def look(self) -> list[Figure]:
        """Everything the viewer obtains now; returns the figures new at this look.

        A figure that shows the same value as at the last look is taken to be the same
        release as before and adds nothing; a changed one describes the people present
        now (a release is made when it is read)."""
        t = self.looks
        self.looks += 1
        new: list[Figure] = []
        for found in self._collect(t).values():
            for f in found:
                key, value = f.shape()[:1] + f.shape()[3:] + (f.source,), f.shape()[1:3]
                if self.seen.get(key) == value:
                    continue
                self.seen[key] = value
                new.append(f)
        self.figures.extend(new)
        for rid, r in truth(self.org.store, self.org.assessment_id).items():
            self.presence.setdefault(rid, []).append(t)
            self.respondents[rid] = r
        return new

    def _collect(self, t: int) -> dict[str, list[Figure]]:
        store, actor, aid = self.org.store, self.org.leader, self.org.assessment_id
        q = crm()
        out: dict[str, list[Figure]] = {}
        if "json" in self.sources:
            out["json"] = json_figures(access.analysis(store, actor, aid).to_json(), t, "json")
        if "report" in self.sources:
            for lang in self.languages:
                tables = build_report(store, actor, aid, lang).tables
                out[f"report-{lang}"] = report_figures(tables, q, self.org, lang, t)
        if "distributions" in self.sources:
            found = []
            for p in (None, "leadership", "frontline"):
                found += distribution_figures(access.item_distributions(store, actor, aid, p), p, t)
            out["distributions"] = found
        if "tracking" in self.sources:
            out["tracking"] = tracking_figures(access.tracking(store, actor, aid), t)
        if "comments" in self.sources:
            found = []
            texts = [i.id for i in q.items if i.type == "text"]
            for grouping in ("organisation", "perspective", "role", "team"):
                try:
                    shown = access.comments(store, actor, aid, grouping)
                except AssessmentError:  # a grouping no longer offered
                    continue
                for (p, r, team), by_item in shown.items():
                    group = Group(t, p, r, team)
                    for item in texts:
                        n = len(by_item.get(item, []))
                        found.append(figure(("comments", item), group, n, "comments"))
            out["comments"] = found
        for n, secret in enumerate(self.secrets):
            out[f"snapshot-{n}"] = snapshot_figures(personal_snapshot(store, secret), q, t)
        return out

    def chart(self) -> Chart:
        """The organisation chart the viewer knows, with the truth the solver needs."""
        plan = self.org.plan
        q = crm()
        last = self.looks - 1
        eras: set[Era] = {(0, last, False)}
        era_of: dict[str, Era] = {}
        for rid, looks in self.presence.items():
            era = (min(looks), max(looks), rid in self.own)
            era_of[rid] = era
            eras.add(era)
        people: dict[tuple[Any, Any], int] = defaultdict(int)
        own_values: dict[tuple[Quantity, Any], float] = defaultdict(float)
        for rid, r in self.respondents.items():
            cell = (r.role, r.team, era_of[rid])
            for population in r.populations:
                people[(population, cell)] += 1
            if era_of[rid] != (0, last, False):  # came or went: known by role and team
                own_values[(("resp",), cell)] += 1.0 if r.submitted else 0.0
            if era_of[rid][2]:  # the attacker's own response
                for dim, score in r.scores.items():
                    own_values[(("n", dim), cell)] += 1.0
                    own_values[(("sum", dim), cell)] += score
                    own_values[(("sq", dim), cell)] += score * score
        roles = {r.id: r.perspective for r in q.roles}
        teams = [t.id for t in plan.teams]
        empty = frozenset(
            (role, team) for role in roles for team in teams if plan.head.get((role, team), 0) == 0
        )
        not_asked = {
            i.id: frozenset(role for role in roles if not i.seen_by(role)) for i in q.items
        }
        # Head-counts bound the responses, unless GapMap took more than a team's head-count.
        answered: dict[tuple[str | None, int], int] = defaultdict(int)
        for rid, looks in self.presence.items():
            r = self.respondents[rid]
            for look in looks:
                answered[(r.team, look)] += r.submitted
        head_count: dict[str | None, int | None] = {
            t.id: max([t.head_count or 0] + [n for (tm, _), n in answered.items() if tm == t.id])
            for t in plan.teams
        }
        return Chart(
            k=plan.k,
            perspective_of=roles,
            teams=teams,
            head_count=head_count,
            empty=empty,
            not_asked=not_asked,
            eras=sorted(eras),
            people=dict(people),
            own_values=dict(own_values),
        )


# --- parsing what is published -------------------------------------------------------------------


def json_figures(data: Mapping[str, Any], t: int, source: str) -> list[Figure]:
    """`Analysis.to_json()` (the same as `gapmap score --json`)."""
    out: list[Figure] = []
    groups = [g for d in data["dimensions"] for g in d["groups"]]
    mean_half = _score_half(_decimals(g["mean"] for g in groups if g.get("mean") is not None))
    sd_half = _half(_decimals(g["sd"] for g in groups if g.get("sd") is not None))
    release = hash(tuple((g.get("n"), g.get("mean")) for g in groups))
    for dim in data["dimensions"]:
        for g in dim["groups"]:
            if g.get("n") is None and g.get("mean") is None:
                if g.get("suppressed"):  # the viewer is told this group is hidden
                    marker = ((("hidden", dim["id"]), _group(g, t), 1.0),)
                    out.append(Figure(marker, release, release, source, audit=False, lp=False))
                continue
            out += mean_figures(
                _group(g, t),
                dim["id"],
                g.get("n"),
                g.get("mean"),
                g.get("sd"),
                source,
                mean_half=mean_half,
                sd_half=sd_half,
            )
    if data.get("respondents") is not None:
        out.append(figure(("resp",), Group(t), data["respondents"], source))
    for key in ("perception_gaps", "perception_gaps_by_team"):
        for p in data.get(key) or []:
            out += perception_figures(p, t, source)
    for rate in data.get("response_rates") or []:
        out += rate_figures(rate, t, source)
    for finding in data.get("findings") or []:
        detail = finding.get("detail") or {}
        if finding.get("kind") == "low_response" and "team" in detail:
            out += rate_figures(detail, t, source)
    for wave in data.get("waves") or []:
        if wave.get("assessment_id") != data.get("assessment_id") or wave.get("kind") != "survey":
            continue
        if wave.get("respondents") is not None:
            out.append(figure(("resp",), Group(t), wave["respondents"], f"{source}-trend"))
        for g in wave.get("dimensions") or []:
            out += mean_figures(
                Group(t),
                g["dimension"],
                g.get("n"),
                g.get("mean"),
                g.get("sd"),
                f"{source}-trend",
                mean_half=mean_half,
                sd_half=sd_half,
            )
    return out


def _group(g: Mapping[str, Any], t: int) -> Group:
    return Group(t, g.get("perspective"), g.get("role"), g.get("team"))


def perception_figures(p: Mapping[str, Any], t: int, source: str) -> list[Figure]:
    """The perception gap: each side's core-item mean with its n, and (from the effect
    size) the pooled sum of squares of both sides."""
    out: list[Figure] = []
    if p.get("suppressed"):
        return out
    sides = {}
    for side in ("leadership", "frontline"):
        group = Group(t, side, None, p.get("team"))
        n, mean = p.get(f"{side}_n"), p.get(f"{side}_mean")
        sides[side] = (group, n, mean)
        out += mean_figures(group, p["dimension"], n, mean, None, f"{source}-perception", core=True)
    (g1, n1, m1), (g2, n2, m2) = sides["leadership"], sides["frontline"]
    effect, difference = p.get("effect_size"), p.get("difference")
    if (
        n1 is not None
        and n2 is not None
        and m1 is not None
        and m2 is not None
        and effect
        and difference is not None
    ):
        pooled = difference / effect
        total = pooled**2 * (n1 + n2 - 2) + n1 * m1**2 + n2 * m2**2
        terms = ((("core_sq", p["dimension"]), g1, 1.0), (("core_sq", p["dimension"]), g2, 1.0))
        out.append(Figure(terms, total, total, f"{source}-perception"))
    return out


def rate_figures(rate: Mapping[str, Any], t: int, source: str) -> list[Figure]:
    """A team's responses (or its rate against the known head-count)."""
    group = Group(t, team=rate["team"])
    if rate.get("responses") is not None:
        return [figure(("resp",), group, rate["responses"], f"{source}-rates")]
    if rate.get("rate") is not None and rate.get("head_count"):
        return [figure(("resp",), group, round(rate["rate"] * rate["head_count"]), source)]
    return []


def distribution_figures(dists: Sequence[Any], perspective: str | None, t: int) -> list[Figure]:
    """Answer counts per option of each item, for the organisation or a perspective."""
    group = Group(t, perspective)
    out = []
    for d in dists:
        if d.counts is None:
            continue
        for option, count in enumerate(d.counts):
            out.append(figure(("opt", d.item_id, option), group, count, "distributions"))
        if d.dont_know is not None:
            out.append(figure(("item_dk", d.item_id), group, d.dont_know, "distributions"))
        if d.n is not None:
            out.append(figure(("item_n", d.item_id), group, d.n, "distributions"))
    return out


def tracking_figures(tracking: Any, t: int) -> list[Figure]:
    """Started and submitted responses per team, submitted per role, and the totals."""
    out = []
    if tracking.started is not None:
        out.append(figure(("started",), Group(t), tracking.started, "tracking"))
    if tracking.submitted is not None:
        out.append(figure(("resp",), Group(t), tracking.submitted, "tracking"))
    for team in tracking.teams:
        if team.team_id is None:
            continue
        if team.started is not None:
            out.append(figure(("started",), Group(t, team=team.team_id), team.started, "tracking"))
        if team.submitted is not None:
            out.append(figure(("resp",), Group(t, team=team.team_id), team.submitted, "tracking"))
    perspective = {r.id: r.perspective for r in crm().roles}
    for role in tracking.roles:
        if role.submitted is not None:
            group = Group(t, perspective.get(role.role_id), role.role_id)
            out.append(figure(("resp",), group, role.submitted, "tracking"))
    return out


def snapshot_figures(snapshot: Any, q: Questionnaire, t: int) -> list[Figure]:
    """A respondent's snapshot: their role's and the organisation's mean, without n."""
    perspective = q.role(snapshot.role_id).perspective
    out: list[Figure] = []
    for d in snapshot.dimensions:
        role = Group(t, perspective, snapshot.role_id)
        out += mean_figures(role, d.dimension_id, None, d.role, None, "snapshot-role")
        out += mean_figures(Group(t), d.dimension_id, None, d.organisation, None, "snapshot-org")
    return out


def report_figures(
    tables: Mapping[str, Any], q: Questionnaire, org: Org, lang: str, t: int
) -> list[Figure]:
    """The gap report's tables (the Excel workbook and CSV files): rounded figures."""
    source = f"report-{lang}"
    roles = {q.t(r.name, lang): r for r in q.roles}
    teams = {team.name: team.id for team in org.plan.teams}
    dims = {q.t(d.name, lang): d.id for d in q.dimensions}
    out: list[Figure] = []

    def numbers(rows: Sequence[Sequence[Any]], column: int, *, score: bool = False) -> float:
        decimals = _decimals(r[column] for r in rows if isinstance(r[column], int | float))
        return _score_half(decimals) if score else _half(decimals)

    layouts: dict[str, tuple[int, Callable[[Sequence[Any]], Group]]] = {
        # view -> (columns before the dimension name, group from the labels)
        "dimensions": (0, lambda labels: Group(t)),
        "roles": (
            2,
            lambda labels: Group(t, roles[labels[0]].perspective, roles[labels[0]].id),
        ),
        "teams": (1, lambda labels: Group(t, team=teams.get(labels[0]))),
        "role-team": (
            2,
            lambda labels: Group(
                t, roles[labels[0]].perspective, roles[labels[0]].id, teams.get(labels[1])
            ),
        ),
    }
    for view, (width, group_of) in layouts.items():
        table = tables.get(view)
        if table is None:
            continue
        rows = [list(r) for r in table.rows]
        if view == "dimensions":  # dimension, weight, n, mean, ...
            rows = [[r[0], *r[2:]] for r in rows]
        mean_half, sd_half = numbers(rows, width + 2, score=True), numbers(rows, width + 7)
        for row in rows:
            n, mean, sd = row[width + 1], row[width + 2], row[width + 7]
            if not isinstance(n, int):
                continue
            out += mean_figures(
                group_of(row[:width]),
                dims[row[width]],
                n,
                mean if isinstance(mean, int | float) else None,
                sd if isinstance(sd, int | float) else None,
                source,
                mean_half=mean_half,
                sd_half=sd_half,
            )
    rates = tables.get("response-rates")
    for row in rates.rows if rates else []:
        if isinstance(row[1], int) and row[0] in teams:
            out.append(figure(("resp",), Group(t, team=teams[row[0]]), row[1], source))
    summary = tables.get("summary")
    for row in summary.rows if summary else []:
        if row[0] in ("Responses", "Antworten") and isinstance(row[1], int):
            out.append(figure(("resp",), Group(t), row[1], source))
    gaps = tables.get("perception-gap")
    for row in gaps.rows if gaps else []:
        team = teams.get(row[0])
        if row[1] not in dims:
            continue
        half = _score_half(2)
        for side, value in (("leadership", row[2]), ("frontline", row[3])):
            if isinstance(value, int | float):
                out += mean_figures(
                    Group(t, side, None, team),
                    dims[row[1]],
                    None,
                    value,
                    None,
                    source,
                    mean_half=half,
                    core=True,
                )
    trend = tables.get("trend")
    dim_order = [d.id for d in q.dimensions]
    for row in trend.rows if trend else []:
        if row[1] != org.assessment_name:
            continue
        for dim, value in zip(dim_order, row[4:], strict=False):
            if isinstance(value, int | float):
                out += mean_figures(
                    Group(t), dim, None, value, None, f"{source}-trend", mean_half=_score_half(2)
                )
    return out


def build_demo(respondents: int = 120, seed: int = 7) -> Org:
    """GapMap's demo organisation ("Nordwind Logistics") on the CRM questionnaire; its
    chart's role x team cells are the ones anybody (submitted or not) answered in."""
    from assessment.collect.demo import generate_demo

    store = Store(":memory:")
    result = generate_demo(store, respondents, seed=seed, questionnaire=crm(), source=crm_source())
    rows = (
        store.cursor()
        .execute(
            "SELECT role_id, team_id, count(*) FROM respondents WHERE assessment_id = ?"
            " GROUP BY ALL",
            [result.assessment_id],
        )
        .fetchall()
    )
    head = {(role, team): int(n) for role, team, n in rows}
    name = (
        store.cursor()
        .execute("SELECT name FROM assessments WHERE id = ?", [result.assessment_id])
        .fetchone()
    )
    assert name is not None
    plan = Plan(seed, 5, list(result.teams), head, [])
    return Org(store, plan, result.organisation_id, result.assessment_id, str(name[0]))
