"""Response progress: exact totals for the whole assessment, the same for the consultant
and leadership; per-team figures only as released, so that "total minus the teams shown"
gives away no hidden team (complementary suppression), on any screen, in the reminder
text or the mail-merge CSV, looked at all at once and over time; the reminder itself and
the links for a mail merge."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Sequence
from datetime import datetime

import flint
import pytest

from assessment import access
from assessment.analysis import releases
from assessment.collect import invites
from assessment.collect.responses import start_response
from assessment.organisation import auth
from assessment.organisation.assessments import Assessment, Team, create_assessment
from assessment.questionnaire.model import Questionnaire
from assessment.storage.store import Store
from tests.engine import answer, engine_questionnaire, likert, setup

K = 5
BASE = "https://gapmap.example.com"
TEAMS = (Team("north", "North", 15), Team("south", "South", 10), Team("tiny", "Tiny", 4))
REP = {"p1": likert(3), "t1": 3}


def leader(store: Store, organisation_id: str) -> auth.Actor:
    account = access.create_account(
        store,
        auth.SYSTEM,
        username="dana",
        password="leadership password A1",
        role="leadership",
        organisation_id=organisation_id,
    )
    return auth.actor_for_account(store, account)


def consultant(store: Store, organisation_id: str) -> auth.Actor:
    account = access.create_account(
        store, auth.SYSTEM, username="casey", password="a long passphrase 42", role="consultant"
    )
    access.grant_organisation(store, auth.SYSTEM, account.id, organisation_id)
    return auth.actor_for_account(store, auth.get_account(store, "casey"))


# --- exact totals, the same for everyone who may read results ------------------------------------


def test_totals_are_exact_and_the_same_for_the_consultant_and_leadership() -> None:
    store = Store()
    assessment, q = setup(store, teams=TEAMS, k=K)
    answer(store, assessment, q, [("rep", "north", REP)] * 2 + [("rep", "tiny", REP)])
    start_response(store, assessment.id, role_id="rep", team_id="south")  # not submitted
    views = [
        access.tracking(store, actor, assessment.id)
        for actor in (
            consultant(store, assessment.organisation_id),
            leader(store, assessment.organisation_id),
            auth.SYSTEM,
        )
    ]
    assert {(v.started, v.submitted, v.head_count) for v in views} == {(4, 3, 29)}
    assert views[0] == views[1] == views[2]
    # three submitted: no release yet, so every team and role says why, with no number
    assert views[0].release == 0
    assert [(p.name, p.submitted, p.reason) for p in views[0].teams] == [
        ("North", None, "below_k"),
        ("South", None, "below_k"),
        ("Tiny", None, "below_k"),
    ]


# --- the subtraction attack -----------------------------------------------------------------------

# A cell: (role, team, batch): who answered between two looks of the attacker.
Cell = tuple[str, str, int]
# A group as published: (perspective, role, team), None for any.
Group = tuple[str | None, str | None, str | None]
PERSPECTIVE = {"rep": "frontline", "lead": "leadership"}
# Every published count as an equation over cells, the people per cell, and per look
# (the release shown, the look it was made at, the teams it hides and why).
Attack = tuple[list[frozenset[Cell]], dict[Cell, int], list[tuple[int, int, dict[str, str]]]]


def _published_counts(
    store: Store, assessment: Assessment, q: Questionnaire
) -> list[tuple[str, int, frozenset[Group]]]:
    """Every count a viewer reads at one look, as (where, value, the groups it adds up:
    (perspective, role, team), None = any): the consultant's overview (live totals, teams
    and roles as released), leadership's results (every grouping of the release), and
    the numbers in the reminder text (each language) and in the mail-merge CSV."""
    published: list[tuple[str, int, frozenset[Group]]] = []
    everyone: frozenset[Group] = frozenset({(None, None, None)})
    tracking = access.tracking(store, auth.SYSTEM, assessment.id)
    published.append(("overview: submitted", tracking.submitted, everyone))
    published.append(("overview: started", tracking.started, everyone))
    for team in tracking.teams:
        if team.submitted is not None:
            published.append(
                (
                    f"overview: team {team.name}",
                    team.submitted,
                    frozenset({(None, None, team.team_id)}),
                )
            )
    for role in tracking.roles:
        if role.submitted is not None:
            published.append(
                (
                    f"overview: role {role.role_id}",
                    role.submitted,
                    frozenset({(None, role.role_id, None)}),
                )
            )
    release = releases.current(store, assessment.id)
    for (grouping, key), count in release.people.items():
        published.append((f"results: {grouping}", count, frozenset({key})))
    names = {t.name: t.id for t in assessment.teams}
    for lang in assessment.languages:
        text = invites.reminder_text(assessment, q, tracking, BASE, language=lang)
        for line in text.splitlines():
            found = re.fullmatch(r"- (\w+): (\d+)( .*)?", line)
            if found and found.group(1) in names:
                team_id = names[found.group(1)]
                published.append(
                    (f"reminder {lang}", int(found.group(2)), frozenset({(None, None, team_id)}))
                )
    rows = csv.DictReader(io.StringIO(invites.links_csv(assessment, tracking, BASE).decode()))
    for row in rows:
        if row["submitted"].isdigit():
            group: Group = (None, None, row["team_id"] or None)
            published.append(("csv", int(row["submitted"]), frozenset({group})))
    return published


def _cells_of(pairs: frozenset[Group], cells: Iterable[Cell], up_to: int) -> frozenset[Cell]:
    return frozenset(
        c
        for c in cells
        if c[2] <= up_to
        and any(
            (p is None or p == PERSPECTIVE[c[0]])
            and (r is None or r == c[0])
            and (t is None or t == c[1])
            for p, r, t in pairs
        )
    )


def _derivable(equations: Sequence[frozenset[Cell]], target: frozenset[Cell]) -> bool:
    """Whether the equations' totals give `target`'s total, in exact rational arithmetic."""
    unknown = sorted({c for eq in [*equations, target] for c in eq})
    column = {c: i for i, c in enumerate(unknown)}

    def rank(rows: Sequence[frozenset[Cell]]) -> int:
        matrix = flint.fmpq_mat(len(rows), len(unknown))
        for r, row in enumerate(rows):
            for cell in row:
                matrix[r, column[cell]] = 1
        return int(matrix.rref()[1])

    return rank(equations) == rank([*equations, target])


def _looks(
    batches: Sequence[Sequence[tuple[str, str]]],
) -> Attack:
    """Answer `batches` one after the other, looking after each (which makes a release
    when one is due). Returns every published count as an equation over the cells, the
    people per cell, and per look (release number, look, reasons of hidden teams)."""
    store = Store()
    assessment, q = setup(store, teams=TEAMS, k=K)
    people: dict[Cell, int] = {}
    equations: list[frozenset[Cell]] = []
    looks = []
    release_look: dict[int, int] = {}
    for look, batch in enumerate(batches, start=1):
        answer(store, assessment, q, [(role, team, REP) for role, team in batch])
        for role, team in batch:
            people[(role, team, look)] = people.get((role, team, look), 0) + 1
        release = releases.current(store, assessment.id)
        release_look.setdefault(release.number, look)
        live = {"overview: submitted", "overview: started"}
        for where, _, pairs in _published_counts(store, assessment, q):
            # live totals count everyone so far; released figures those of their release
            up_to = look if where in live else release_look[release.number]
            if where == "csv" and pairs == frozenset({(None, None, None)}):
                up_to = look  # the CSV's "All teams" row is the live total
            equations.append(_cells_of(pairs, people, up_to))
        hidden = {
            team_id: reason
            for (grouping, (_, _, team_id)), reason in release.reasons.items()
            if grouping == "team" and team_id is not None and reason != "shown"
        }
        looks.append((release.number, release_look[release.number], hidden))
    return equations, people, looks


# Look 1: 9 in North (one of them the only leader), 6 in South, 3 in Tiny: release 1.
# Look 2: two more in Tiny, too few for a release; the live total moves from 18 to 20.
# Look 3: four more in South: six changes, release 2.
BATCHES = [
    [("rep", "north")] * 8 + [("lead", "north")] + [("rep", "south")] * 6 + [("rep", "tiny")] * 3,
    [("rep", "tiny")] * 2,
    [("rep", "south")] * 4,
]


@pytest.fixture(scope="module")
def attack() -> Attack:
    return _looks(BATCHES)


def test_a_lone_small_team_gets_a_partner_so_the_total_gives_nothing_away(
    attack: Attack,
) -> None:
    _, _, looks = attack
    release, _, hidden = looks[0]
    assert release == 1
    # Tiny (3) is below k; North and the total would give it, so the cheaper of the
    # others (South, 6) is hidden with it: total 18 - North 9 = 9 people, at least k.
    assert hidden == {"tiny": "below_k", "south": "protects_smaller"}
    assert looks[1][0] == 1  # two more: still release 1
    assert looks[2][0] == 2


def test_total_minus_visible_teams_recovers_no_hidden_team_across_every_output_and_look(
    attack: Attack,
) -> None:
    equations, people, looks = attack
    targets = []
    for _, released_at, hidden in looks:
        # each hidden team, and every union of hidden teams, with 1..k-1 people, as of
        # the release that hid it, and as of every later look (what it holds now)
        for size in range(1, len(hidden) + 1):
            for teams in itertools.combinations(sorted(hidden), size):
                for up_to in range(released_at, len(looks) + 1):
                    cells = frozenset(c for c in people if c[1] in teams and c[2] <= up_to)
                    if 0 < sum(people[c] for c in cells) < K:
                        targets.append(cells)
    assert targets  # Tiny's 3 at release 1 at least
    assert [t for t in targets if _derivable(equations, t)] == []


def test_the_attack_would_find_the_small_team_without_complementary_suppression(
    attack: Attack,
) -> None:
    equations, people, _ = attack
    tiny = frozenset(c for c in people if c[1] == "tiny" and c[2] == 1)
    south = frozenset(c for c in people if c[1] == "south" and c[2] == 1)
    assert not _derivable(equations, tiny)
    # had South's 6 been shown at the first look, 18 - 9 - 6 = Tiny's 3
    assert _derivable([*equations, south], tiny)


# --- the reminder text and the links for a mail merge -----------------------------------------

HOSTILE_TEAM = Team("formula", '=HYPERLINK("http://evil.example","Sales")', 6)


def _released(per_person_codes: bool = False) -> tuple[Store, Assessment, Questionnaire]:
    """Look 1 above (release 1: Tiny and South hidden), then two more in Tiny; closing
    after 18 December 2026; a team whose name a spreadsheet would run as a formula."""
    store = Store()
    q = engine_questionnaire()
    org = access.create_organisation(store, auth.SYSTEM, "Acme").id
    assessment = create_assessment(
        store,
        org,
        q,
        name="CRM adoption 2026",
        teams=[*TEAMS, HOSTILE_TEAM],
        anonymity_threshold=K,
        comment_threshold=10,
        closes_at=datetime(2026, 12, 19),
        per_person_codes=per_person_codes,
    )
    answer(store, assessment, q, [(r, t, REP) for r, t in BATCHES[0]])
    releases.current(store, assessment.id)
    answer(store, assessment, q, [(r, t, REP) for r, t in BATCHES[1]])
    return store, assessment, q


def test_the_reminder_gives_exact_totals_released_teams_the_time_and_the_links() -> None:
    store, assessment, q = _released()
    progress = access.tracking(store, auth.SYSTEM, assessment.id)
    code = assessment.invite_code
    link = f"{BASE}/?a={code}"
    # 20 of 35 invited have answered (57 %); the teams as release 1 shows them; the
    # engine questionnaire takes 83 s for its longest role: 2 minutes. A team nobody
    # answered in is shown as empty (no one is in it to protect).
    assert invites.reminder_text(assessment, q, progress, BASE, language="en") == (
        "Subject: Reminder: CRM adoption 2026\n"
        "\n"
        "Hello,\n"
        "\n"
        "please take a few minutes for our survey “CRM adoption 2026”, if you have not "
        "answered yet.\n"
        "Answers so far: 20 of 35 people invited (57%).\n"
        "The survey is open until 18 December 2026.\n"
        "\n"
        "By team, as last published (these figures move only in steps of at least 5 "
        "answers, so no one's answer can be singled out):\n"
        "- North: 9 of 15 (60%)\n"
        "- South: hidden to protect a smaller group\n"
        "- Tiny: fewer than 5 responses\n"
        '- =HYPERLINK("http://evil.example","Sales"): 0 of 6 (0%)\n'
        "\n"
        "It takes about 2 minutes. Your answers are anonymous: results are shown only for "
        "groups of at least 5 people.\n"
        "\n"
        f"Open the survey: {link}\n"
        "Or your team's own link (your team is then already chosen):\n"
        f"- North: {link}&t=north\n"
        f"- South: {link}&t=south\n"
        f"- Tiny: {link}&t=tiny\n"
        f'- =HYPERLINK("http://evil.example","Sales"): {link}&t=formula\n'
        "Or scan the QR code on the poster with your phone camera: it opens the same page.\n"
        "\n"
        "Thank you for taking part.\n"
    )


def test_the_german_reminder_and_per_person_codes() -> None:
    store, assessment, q = _released(per_person_codes=True)
    progress = access.tracking(store, auth.SYSTEM, assessment.id)
    text = invites.reminder_text(assessment, q, progress, BASE, language="de").splitlines()
    assert text[:7] == [
        "Betreff: Erinnerung: CRM adoption 2026",
        "",
        "Guten Tag,",
        "",
        "bitte nehmen Sie sich ein paar Minuten für unsere Umfrage „CRM adoption 2026“, "
        "falls Sie noch nicht geantwortet haben.",
        "Antworten bisher: 20 von 35 eingeladenen Personen (57\xa0%).",
        "Die Umfrage läuft bis einschließlich 18. Dezember 2026.",
    ]
    assert "- North: 9 von 15 (60\xa0%)" in text
    assert "- Tiny: weniger als 5 Antworten" in text
    assert "Sie brauchen den persönlichen Code aus Ihrer Einladung: Der Link fragt danach." in text


def test_before_the_first_release_the_reminder_names_no_team_figure() -> None:
    store = Store()
    assessment, q = setup(store, teams=TEAMS, k=K)
    answer(store, assessment, q, [("rep", "tiny", REP)] * 3)
    progress = access.tracking(store, auth.SYSTEM, assessment.id)
    text = invites.reminder_text(assessment, q, progress, BASE).splitlines()
    assert "Answers so far: 3 of 29 people invited (10%)." in text
    assert "Figures by team are published once at least 5 people have answered." in text
    assert not [line for line in text if line.startswith("- ") and "?a=" not in line]


def test_the_mail_merge_csv_has_a_row_per_link_and_language_and_neutralises_formulas() -> None:
    store, assessment, _ = _released()
    progress = access.tracking(store, auth.SYSTEM, assessment.id)
    data = invites.links_csv(assessment, progress, BASE)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    link = f"{BASE}/?a={assessment.invite_code}"
    assert rows == [
        list(invites.LINKS_COLUMNS),
        ["All teams", "", "en", link, "no", "20", "35", "57%"],
        ["North", "north", "en", f"{link}&t=north", "no", "9", "15", "60%"],
        [
            "South",
            "south",
            "en",
            f"{link}&t=south",
            "no",
            "hidden to protect a smaller group",
            "10",
            "",
        ],
        ["Tiny", "tiny", "en", f"{link}&t=tiny", "no", "fewer than 5 responses", "4", ""],
        [
            '\'=HYPERLINK("http://evil.example","Sales")',
            "formula",
            "en",
            f"{link}&t=formula",
            "no",
            "0",
            "6",
            "0%",
        ],
    ]
