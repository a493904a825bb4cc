"""Padding defences: per-person invite codes, and open links capped at a team's head-count.

An attacker with the open link answers several times in a small group and reads the
group's figure. Per-person codes start one response each and link to nobody; an open link
takes at most a team's head-count of submitted answers.
"""

from __future__ import annotations

import csv
import io
import threading
from pathlib import Path

import duckdb
import pytest
from pypdf import PdfReader

from assessment import access
from assessment.collect import codes, invites
from assessment.collect import responses as responses_module
from assessment.collect.codes import (
    code_reasons,
    format_code,
    hash_code,
    issue_codes,
    normalise_code,
)
from assessment.collect.invites import codes_csv
from assessment.collect.responses import (
    resume,
    save_answers,
    start_response,
    submit,
    update_profile,
)
from assessment.errors import AssessmentError, ResponseError
from assessment.organisation import assessments, auth
from assessment.organisation.assessments import (
    Assessment,
    Team,
    create_assessment,
    create_organisation,
    new_wave,
)
from assessment.organisation.auth import Actor
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.questionnaires import parse_questionnaire
from assessment.storage.store import Store
from tests.engine import ENGINE_YAML

TEAMS = (Team("north", "North", 3), Team("south", "South", 4), Team("ops", "Ops", None))
ANSWERS = {"p1": 1, "t1": 1}  # every item the engine model requires of a rep


def questionnaire() -> Questionnaire:
    q = parse_questionnaire(ENGINE_YAML).questionnaire
    assert q is not None
    return q


def make(store: Store, *, per_person_codes: bool, teams: tuple[Team, ...] = TEAMS) -> Assessment:
    org = create_organisation(store, "Acme")
    return create_assessment(
        store, org, questionnaire(), name="Q4", teams=teams, per_person_codes=per_person_codes
    )


@pytest.fixture
def store() -> Store:
    return Store()


@pytest.fixture
def coded(store: Store) -> Assessment:
    return make(store, per_person_codes=True)


def refusal(fn: object, *args: object, **kwargs: object) -> str:
    """The code of the GapMapError the call raises."""
    with pytest.raises((ResponseError, AssessmentError)) as refused:
        fn(*args, **kwargs)  # type: ignore[operator]
    return refused.value.code


def respondents(store: Store) -> int:
    row = store.cursor().execute("SELECT count(*) FROM respondents").fetchone()
    assert row is not None
    return int(row[0])


def begin(store: Store, a: Assessment, code: str | None = None, team: str = "north") -> str:
    return start_response(store, a.id, role_id="rep", team_id=team, language="en", code=code).secret


# --- codes: shape -------------------------------------------------------------------------------


def test_codes_are_twelve_unambiguous_characters_read_in_groups_of_four(
    store: Store, coded: Assessment
) -> None:
    issued = issue_codes(store, coded.id, 50)
    assert len(set(issued)) == 50
    assert all(normalise_code(c) == c and len(c) == 12 for c in issued)
    assert not set("".join(issued)) - set(assessments.CODE_ALPHABET)
    assert format_code("ACDEFGHJKMNP") == "ACDE-FGHJ-KMNP"


def test_a_typed_code_is_read_without_case_spaces_or_dashes() -> None:
    assert normalise_code(" acde-fghj kmnp ") == "ACDEFGHJKMNP"
    assert hash_code("acde-fghj-kmnp") == hash_code("ACDEFGHJKMNP")


@pytest.mark.parametrize("typed", ["", "ACDE", "ACDE-FGHJ-KMNPQ", "ACDE-FGHJ-KMN0", "<b>x</b>"])
def test_a_malformed_code_is_refused_as_malformed(
    store: Store, coded: Assessment, typed: str
) -> None:
    assert refusal(begin, store, coded, typed) == "code-malformed"
    assert refusal(codes.check_code, store, coded.id, typed) == "code-malformed"
    assert respondents(store) == 0


# --- codes: one code, one response --------------------------------------------------------------


def test_a_code_starts_exactly_one_response(store: Store, coded: Assessment) -> None:
    [code] = issue_codes(store, coded.id, 1)
    secret = begin(store, coded, format_code(code).lower())
    assert respondents(store) == 1
    assert submit(store, secret, ANSWERS).already_submitted is False
    assert codes.code_counts(store, coded.id) == codes.CodeCounts(issued=1, used=1)


def test_a_second_use_is_refused_as_used_and_starts_nothing(
    store: Store, coded: Assessment
) -> None:
    [code] = issue_codes(store, coded.id, 1)
    begin(store, coded, code)
    assert refusal(begin, store, coded, code) == "code-used"
    assert refusal(codes.check_code, store, coded.id, code) == "code-used"
    assert respondents(store) == 1


def test_an_unknown_code_or_another_assessments_code_is_refused_as_unknown(
    store: Store, coded: Assessment
) -> None:
    other = make(store, per_person_codes=True)
    [theirs] = issue_codes(store, other.id, 1)
    assert refusal(begin, store, coded, "ACDE-FGHJ-KMNP") == "code-unknown"
    assert refusal(begin, store, coded, theirs) == "code-unknown"
    assert codes.code_counts(store, other.id).used == 0
    assert respondents(store) == 0


def test_the_open_link_starts_nothing_without_a_code(store: Store, coded: Assessment) -> None:
    issue_codes(store, coded.id, 3)
    assert refusal(begin, store, coded, None) == "code-required"
    assert respondents(store) == 0


def test_a_response_that_is_not_created_leaves_its_code_unused(
    store: Store, coded: Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    [code] = issue_codes(store, coded.id, 1)
    begin(store, coded, code)
    [fresh] = issue_codes(store, coded.id, 1)
    taken = store.cursor().execute("SELECT secret_hash FROM respondents").fetchone()
    assert taken is not None
    # the new respondent's row collides with the first one's: the transaction fails
    monkeypatch.setattr(responses_module, "hash_secret", lambda _secret: taken[0])
    with pytest.raises(duckdb.ConstraintException):
        begin(store, coded, fresh)
    assert codes.code_counts(store, coded.id).used == 1
    assert codes.check_code(store, coded.id, fresh) == fresh


def test_a_started_response_resumes_by_its_secret_not_by_its_code(
    store: Store, coded: Assessment
) -> None:
    [code] = issue_codes(store, coded.id, 1)
    secret = begin(store, coded, code)
    save_answers(store, secret, {"p1": 2})
    assert resume(store, secret).answers == {"p1": 2}
    assert submit(store, secret, {"t1": 3}).already_submitted is False
    assert resume(store, secret).submitted


def test_sixteen_threads_redeeming_one_code_start_exactly_one_response(tmp_path: Path) -> None:
    store = Store(tmp_path / "race.duckdb")
    a = make(store, per_person_codes=True)
    [code] = issue_codes(store, a.id, 1)
    barrier = threading.Barrier(16)
    started: list[str] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def redeem() -> None:
        barrier.wait()
        try:
            started.append(begin(store, a, code))
        except ResponseError as err:
            refused.append(err.code)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=redeem) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(started) == 1
    assert refused == ["code-used"] * 15
    assert respondents(store) == 1
    assert codes.code_counts(store, a.id) == codes.CodeCounts(issued=1, used=1)
    store.close()


# --- codes: what is stored ----------------------------------------------------------------------


def _every_text_value(store: Store) -> list[str]:
    cur = store.cursor()
    columns = cur.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = 'main' AND data_type = 'VARCHAR'"
    ).fetchall()
    values: list[str] = []
    for table, column in columns:
        values += [
            str(row[0])
            for row in cur.execute(f'SELECT "{column}" FROM "{table}"').fetchall()  # noqa: S608
            if row[0] is not None
        ]
    return values


def test_only_a_hash_of_each_code_is_stored_never_the_code(store: Store, coded: Assessment) -> None:
    issued = issue_codes(store, coded.id, 5)
    begin(store, coded, issued[0])
    access.issue_codes(store, auth.SYSTEM, coded.id, 2)  # audited too
    stored = "\n".join(_every_text_value(store))
    for code in issued:
        assert code not in stored
        assert format_code(code) not in stored
    hashes = {r[0] for r in store.cursor().execute("SELECT code_hash FROM invite_codes").fetchall()}
    assert {hash_code(c) for c in issued} <= hashes
    assert all(len(h) == 64 for h in hashes)  # SHA-256, hex


def test_no_column_can_link_a_code_to_a_respondent(store: Store) -> None:
    columns = store.cursor().execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = 'main' AND table_name = 'invite_codes' ORDER BY ordinal_position"
    )
    # no time of use, no order, no respondent: only the hash, the assessment and the flag
    assert columns.fetchall() == [
        ("invite_codes", "code_hash", "VARCHAR"),
        ("invite_codes", "assessment_id", "VARCHAR"),
        ("invite_codes", "used", "BOOLEAN"),
    ]
    everywhere = {
        (table, column)
        for table, column in store.cursor()
        .execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = 'main'"
        )
        .fetchall()
    }
    respondent_columns = {column for table, column in everywhere if table == "respondents"}
    assert not {c for c in respondent_columns if "code" in c}
    # the code's hash appears in invite_codes only
    assert {(t, c) for t, c in everywhere if "code_hash" in c} == {("invite_codes", "code_hash")}


def test_redeeming_writes_nothing_but_the_used_flag_and_the_respondent(
    store: Store, coded: Assessment
) -> None:
    [code] = issue_codes(store, coded.id, 1)
    tables = [
        r[0]
        for r in store.cursor()
        .execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")
        .fetchall()
    ]

    def snapshot() -> dict[str, list[tuple[object, ...]]]:
        cur = store.cursor()
        return {
            t: sorted(map(tuple, cur.execute(f'SELECT * FROM "{t}"').fetchall()), key=repr)  # noqa: S608
            for t in tables
        }

    before = snapshot()
    begin(store, coded, code)
    after = snapshot()
    changed = {t for t in tables if before[t] != after[t]}
    assert changed == {"invite_codes", "respondents"}
    assert after["invite_codes"] == [(hash_code(code), coded.id, True)]


# --- codes: issuing -----------------------------------------------------------------------------


def test_more_codes_can_be_added_and_only_the_new_ones_are_handed_out(
    store: Store, coded: Assessment
) -> None:
    first = issue_codes(store, coded.id, 7)
    begin(store, coded, first[0])
    more = issue_codes(store, coded.id, 3)
    assert len(more) == 3 and not set(more) & set(first)
    assert codes.code_counts(store, coded.id) == codes.CodeCounts(issued=10, used=1)
    assert codes.check_code(store, coded.id, more[2]) == more[2]


@pytest.mark.parametrize(("count", "code"), [(0, "bad-code-count"), (5001, "too-many-codes")])
def test_issuing_no_codes_or_too_many_is_refused(
    store: Store, coded: Assessment, count: int, code: str
) -> None:
    assert refusal(issue_codes, store, coded.id, count) == code
    assert codes.code_counts(store, coded.id).issued == 0


def test_the_default_number_of_codes_is_the_sum_of_the_head_counts() -> None:
    assert codes.default_code_count(TEAMS) == 7
    assert codes.default_code_count([Team("ops", "Ops", None)]) is None


def test_a_codes_link_finds_its_assessment(store: Store, coded: Assessment) -> None:
    [code] = issue_codes(store, coded.id, 1)
    link = codes.code_link("https://survey.example.com/", code)
    assert link == f"https://survey.example.com/?a={code}"
    found = codes.assessment_for_code(store, format_code(code))
    assert found is not None and found.id == coded.id
    assert codes.assessment_for_code(store, "ACDE-FGHJ-KMNP") is None
    assert codes.assessment_for_code(store, coded.invite_code) is None


def test_a_new_wave_keeps_per_person_codes_but_needs_codes_of_its_own(
    store: Store, coded: Assessment
) -> None:
    [code] = issue_codes(store, coded.id, 1)
    wave = new_wave(store, coded.id)
    assert wave.per_person_codes is True
    assert codes.code_counts(store, wave.id).issued == 0
    assert refusal(begin, store, wave, code) == "code-unknown"


def test_switching_to_codes_closes_the_open_link_and_back_opens_it(store: Store) -> None:
    a = make(store, per_person_codes=False)
    begin(store, a)
    switched = access.set_per_person_codes(store, auth.SYSTEM, a.id, True)
    assert switched.per_person_codes is True
    assert refusal(begin, store, switched, None) == "code-required"
    back = access.set_per_person_codes(store, auth.SYSTEM, a.id, False)
    begin(store, back)
    assert respondents(store) == 2


# --- codes: who may issue them ------------------------------------------------------------------


def test_only_the_organisations_consultants_may_issue_codes_and_the_audit_keeps_a_count(
    store: Store, coded: Assessment
) -> None:
    org = coded.organisation_id
    leader = Actor("leadership", "l1", "lead", organisation_ids=frozenset({org}))
    stranger = Actor("consultant", "c2", "other", organisation_ids=frozenset({"elsewhere"}))
    consultant = Actor("consultant", "c1", "casey", organisation_ids=frozenset({org}))
    for who, code in ((auth.ANONYMOUS, "not-signed-in"), (auth.RESPONDENT, "not-signed-in")):
        with pytest.raises(auth.PermissionDenied) as refused:
            access.issue_codes(store, who, coded.id, 1)
        assert refused.value.code == code
    for who in (leader, stranger):
        with pytest.raises(auth.PermissionDenied) as refused:
            access.issue_codes(store, who, coded.id, 1)
        assert refused.value.code == "forbidden"
        with pytest.raises(auth.PermissionDenied):
            access.code_counts(store, who, coded.id)
        with pytest.raises(auth.PermissionDenied):
            access.set_per_person_codes(store, who, coded.id, False)
    assert codes.code_counts(store, coded.id).issued == 0
    assert len(access.issue_codes(store, consultant, coded.id, 4)) == 4
    assert access.code_counts(store, consultant, coded.id).issued == 4
    logged = store.cursor().execute(
        "SELECT action, detail FROM audit_log WHERE action LIKE 'invite-codes%'"
    )
    assert logged.fetchall() == [("invite-codes-issued", "4 codes")]


# --- open links: capped at each team's head-count -------------------------------------------------


def test_an_open_link_refuses_the_response_after_the_teams_head_count(store: Store) -> None:
    a = make(store, per_person_codes=False)  # North: 3 people
    for _ in range(3):
        submit(store, begin(store, a), ANSWERS)
    assert refusal(begin, store, a) == "team-full"
    cur = store.cursor()
    assert cur.execute(
        "SELECT count(*), count(submitted_hour) FROM respondents WHERE team_id = 'north'"
    ).fetchone() == (3, 3)
    begin(store, a, team="south")  # other teams are not affected
    with pytest.raises(ResponseError) as refused:
        begin(store, a)
    assert "Team North has already given as many answers as it has people" in (
        refused.value.message
    )
    assert "contact the person who invited you" in refused.value.message


def test_the_cap_counts_submissions_so_starts_made_before_cannot_overfill_it(
    store: Store,
) -> None:
    a = make(store, per_person_codes=False)
    secrets = [begin(store, a) for _ in range(5)]  # five open tabs in a team of three
    results: list[bool | str] = []
    for secret in secrets:
        try:
            results.append(submit(store, secret, ANSWERS).already_submitted)
        except ResponseError as err:
            results.append(err.code)
    assert results == [False, False, False, "team-full", "team-full"]
    assert store.cursor().execute(
        "SELECT count(submitted_hour) FROM respondents WHERE team_id = 'north'"
    ).fetchone() == (3,)
    # nothing of a refused submission is kept
    assert resume(store, secrets[4]).answers == {}
    assert resume(store, secrets[4]).submitted is False


def test_a_submitted_response_submitted_again_is_not_refused_by_a_full_team(
    store: Store,
) -> None:
    a = make(store, per_person_codes=False)
    secrets = [begin(store, a) for _ in range(3)]
    for secret in secrets:
        submit(store, secret, ANSWERS)
    assert submit(store, secrets[0], ANSWERS).already_submitted is True


def test_moving_into_a_full_team_is_refused(store: Store) -> None:
    a = make(store, per_person_codes=False)
    for _ in range(3):
        submit(store, begin(store, a), ANSWERS)
    secret = begin(store, a, team="south")
    assert refusal(
        update_profile, store, secret, role_id="rep", team_id="north", language="en"
    ) == ("team-full")
    assert resume(store, secret).team_id == "south"


def test_teams_without_a_head_count_and_per_person_codes_are_not_capped(store: Store) -> None:
    a = make(store, per_person_codes=False)
    for _ in range(6):
        submit(store, begin(store, a, team="ops"), ANSWERS)  # Ops: no head-count
    coded = make(store, per_person_codes=True)
    for code in issue_codes(store, coded.id, 5):  # more codes than North's 3 people
        submit(store, begin(store, coded, code), ANSWERS)
    assert store.cursor().execute(
        "SELECT count(*) FROM respondents WHERE assessment_id = ? AND submitted_hour IS NOT NULL",
        [coded.id],
    ).fetchone() == (5,)


def test_responses_begun_on_the_open_link_stay_capped_after_a_switch_to_codes(
    store: Store,
) -> None:
    a = make(store, per_person_codes=False)
    early = [begin(store, a) for _ in range(5)]  # five tabs opened on the open link
    access.set_per_person_codes(store, auth.SYSTEM, a.id, True)
    outcomes: list[bool | str] = []
    for secret in early:
        try:
            outcomes.append(submit(store, secret, ANSWERS).already_submitted)
        except ResponseError as err:
            outcomes.append(err.code)
    assert outcomes == [False, False, False, "team-full", "team-full"]
    for code in issue_codes(store, a.id, 2):  # people with codes are not capped
        assert submit(store, begin(store, a, code), ANSWERS).already_submitted is False
    assert store.cursor().execute(
        "SELECT count(submitted_hour) FROM respondents WHERE team_id = 'north'"
    ).fetchone() == (5,)


def test_sixteen_threads_on_an_open_link_submit_no_more_than_the_head_count(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "cap.duckdb")
    a = make(store, per_person_codes=False)  # North: 3 people
    barrier = threading.Barrier(16)
    outcomes: list[str] = []

    def answer() -> None:
        barrier.wait()
        try:
            submit(store, begin(store, a), ANSWERS)
            outcomes.append("submitted")
        except ResponseError as err:
            outcomes.append(err.code)

    threads = [threading.Thread(target=answer) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["submitted"] * 3 + ["team-full"] * 13
    assert store.cursor().execute(
        "SELECT count(submitted_hour) FROM respondents WHERE team_id = 'north'"
    ).fetchone() == (3,)
    store.close()


# --- downloads ---------------------------------------------------------------------------------


def test_the_mail_merge_csv_has_code_and_link_and_is_formula_safe() -> None:
    issued = ["ACDEFGHJKMNP", "QRTWXY346779"]
    data = codes_csv(issued, "https://survey.example.com")
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so spreadsheets read UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [
        ["code", "link"],
        ["ACDE-FGHJ-KMNP", "https://survey.example.com/?a=ACDEFGHJKMNP"],
        ["QRTW-XY34-6779", "https://survey.example.com/?a=QRTWXY346779"],
    ]
    hostile = codes_csv(["ACDEFGHJKMNP"], '=HYPERLINK("http://evil.example")')
    [_, (code, link)] = list(csv.reader(io.StringIO(hostile.decode("utf-8-sig"))))
    assert code == "ACDE-FGHJ-KMNP"
    assert link.startswith("'=HYPERLINK(")
    for row in list(csv.reader(io.StringIO(hostile.decode("utf-8-sig"))))[1:]:
        assert not any(cell.lstrip().startswith(("=", "+", "-", "@")) for cell in row)


def test_the_printable_sheet_has_one_slip_per_code(store: Store) -> None:
    org = create_organisation(store, "Acme")
    a = create_assessment(
        store, org, questionnaire(), name="Survey <b>2026</b>", per_person_codes=True
    )
    issued = issue_codes(store, a.id, 11)
    pdf = invites.code_sheet_pdf(a, issued, "https://survey.example.com")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2  # ten slips a page
    text = "\n".join(page.extract_text() for page in reader.pages)
    for code in issued:
        assert text.count(format_code(code)) == 1
    assert text.count("Your personal code") == 11
    assert text.count("Survey <b>2026</b>") == 11  # the name prints as text
    assert "at least 5 people" in text


def test_the_sheet_speaks_german() -> None:
    a = Assessment(
        id="x", organisation_id="o", name="Umfrage", content_hash="h", invite_code="ACDE3467",
        series_id="x", wave=1, opens_at=None, closes_at=None, closed=False,
        anonymity_threshold=5, comment_threshold=10, languages=("de",),
    )  # fmt: skip
    html = invites.code_sheet_html(a, ["ACDEFGHJKMNP"], "https://x.example")
    assert "Ihr persönlicher Code" in html
    assert "ACDE-FGHJ-KMNP" in html
    assert html.count('class="slip"') == 1


# --- when codes are recommended -------------------------------------------------------------------


def test_codes_are_recommended_for_a_team_below_twice_the_threshold() -> None:
    reasons = code_reasons([Team("a", "Alpha", 40), Team("b", "Board", 9)], role_count=2, k=5)
    assert reasons == [
        "Team with fewer than 10 people (twice the anonymity threshold of 5): Board (9)."
    ]


def test_codes_are_recommended_when_the_head_counts_cannot_give_every_role_2k_people() -> None:
    # 50 people over 6 roles: 8.3 a role on average, so at least one role has fewer than 10
    reasons = code_reasons([Team("a", "A", 25), Team("b", "B", 25)], role_count=6, k=5)
    assert reasons == [
        "50 people invited across 6 roles: at least one role has fewer than 10 people."
    ]
    assert code_reasons([Team("a", "A", 30), Team("b", "B", 30)], role_count=6, k=5) == []


def test_codes_are_recommended_where_a_team_has_no_head_count_or_there_are_no_teams() -> None:
    [reason] = code_reasons([Team("a", "A", 30), Team("b", "Bees", None)], role_count=1, k=5)
    assert reason.startswith("No head-count for Bees: an open link cannot cap answers there")
    [reason] = code_reasons([], role_count=1, k=5)
    assert reason.startswith("No teams with head-counts")


# --- the command line ---------------------------------------------------------------------------


def test_gapmap_codes_issues_the_head_counts_and_writes_them_once(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from assessment.cli import app

    path = tmp_path / "gapmap.duckdb"
    store = Store(path)
    a = make(store, per_person_codes=False)
    store.close()
    runner = CliRunner()
    db = ["--db", str(path)]
    refused = runner.invoke(app, ["codes", "-a", a.invite_code, "--csv", "x.csv", *db])
    assert refused.exit_code == 1
    assert "runs on an open link: add --on" in refused.output
    out = tmp_path / "codes.csv"
    args = ["codes", "-a", a.invite_code, "--on", "--csv", str(out), *db]
    result = runner.invoke(app, [*args, "--base-url", "https://survey.example.com"])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote 7 codes to {out}\n"  # North 3 + South 4; Ops has none
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows[0] == ["code", "link"] and len(rows) == 8
    assert rows[1][1] == "https://survey.example.com/?a=" + rows[1][0].replace("-", "")
    counted = runner.invoke(app, ["codes", "-a", a.invite_code, *db])
    assert counted.output == "Q4: per-person codes; 7 codes issued, 0 used\n"
    lost = runner.invoke(app, ["codes", "-a", a.invite_code, "-n", "3", *db])
    assert lost.exit_code == 1
    assert "give --csv and/or --pdf" in lost.output
