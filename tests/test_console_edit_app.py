"""The console's Settings tab after launch, through AppTest: settings and teams changed
(each audited old -> new), a team with responses refused removal, the questionnaire
fixed once answers exist, and closing with people midway (the exact count, their
answers kept and uncounted, and finished after a reopening)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment import access
from assessment.analysis.scoring import submitted_count
from assessment.collect.responses import AnswerValue, save_answers, start_response, submit
from assessment.organisation import auth
from assessment.organisation.assessments import Assessment, Team, list_assessments
from assessment.storage.store import Store
from assessment.ui import state
from tests.test_console_app import SAMPLE, app_store, open_app, plain, run, seed


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty database file, and a library with the UI sample only (as
    tests/test_console_app.py sets them up)."""
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "ui-sample.yaml").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("GAPMAP_QUESTIONNAIRES", str(folder))
    path = tmp_path / "gapmap.duckdb"
    monkeypatch.setenv("GAPMAP_DB", str(path))
    monkeypatch.delenv("GAPMAP_BASE_URL", raising=False)
    yield path
    state._open_store.clear()


def _only() -> Assessment:
    [found] = list_assessments(app_store())
    return found


def _log(*actions: str) -> list[tuple[str | None, str, str | None]]:
    rows = (
        app_store()
        .cursor()
        .execute(
            "SELECT username, action, detail FROM audit_log WHERE list_contains(?, action)"
            " ORDER BY seq",
            [list(actions)],
        )
        .fetchall()
    )
    return [(r[0], r[1], r[2]) for r in rows]


def _start(path: Path, team: str, count: int, answers: bool = True) -> list[str]:
    """`count` responses begun in `team` (midway), each with one answer; their secrets."""
    store = Store(path)
    try:
        [found] = list_assessments(store)
        secrets = []
        for _ in range(count):
            started = start_response(store, found.id, role_id="sales", team_id=team)
            if answers:
                save_answers(store, started.secret, {"p-why": 3})
            secrets.append(started.secret)
        return secrets
    finally:
        store.close()


def _pick(at: AppTest, assessment_id: str, team_id: str) -> None:
    """Choose the team to change (the select box's key follows the team names)."""
    [picker] = [
        s for s in at.selectbox if str(s.key).startswith(f"console-team-pick-{assessment_id}-")
    ]
    picker.set_value(team_id)


def _click(at: AppTest, key: str) -> AppTest:
    return run(at.button(key=key).click())


def test_the_consultant_changes_purpose_targets_closing_date_and_languages(db: Path) -> None:
    at = open_app(seed(db, teams=True))
    a = _only()
    at.text_area(key=f"console-edit-purpose-{a.id}").input("Where does the CRM help us?")
    at.selectbox(key=f"console-edit-target-{a.id}-training").set_value(2)
    at.date_input(key=f"console-edit-closes-{a.id}").set_value(date(2030, 3, 31))
    at.multiselect(key=f"console-edit-languages-{a.id}").set_value(["de"])
    _click(at, f"console-edit-save-{a.id}")

    assert plain(at.success) == ["Settings saved. (CRM adoption 2026)"]
    now = _only()
    assert now.purpose == "Where does the CRM help us?"
    assert now.targets == {"purpose": 3, "training": 2}
    assert now.closes_at == datetime(2030, 4, 1)  # the end of 31 March
    assert now.languages == ("de",)
    assert _log(
        "purpose-changed", "targets-changed", "close-date-changed", "languages-changed"
    ) == [
        (
            "casey",
            "purpose-changed",
            "CRM adoption 2026: purpose (none) -> “Where does the CRM help us?”",
        ),
        ("casey", "targets-changed", "CRM adoption 2026: targets training 3 -> 2"),
        ("casey", "close-date-changed", "CRM adoption 2026: closes (none) -> 2030-04-01 00:00"),
        ("casey", "languages-changed", "CRM adoption 2026: languages en, de -> de"),
    ]
    # the form shows what is stored now
    assert at.date_input(key=f"console-edit-closes-{a.id}").value == date(2030, 3, 31)


def test_the_consultant_adds_renames_and_merges_teams_and_cannot_remove_one_with_answers(
    db: Path,
) -> None:
    token = seed(db, teams=True)
    _start(db, "service", 2)
    at = open_app(token)
    a = _only()
    at.text_input(key=f"console-team-add-name-{a.id}").input("Field Sales")
    at.number_input(key=f"console-team-add-count-{a.id}").set_value(4)
    _click(at, f"console-team-add-save-{a.id}")
    assert plain(at.success) == ["Team Field Sales added. (CRM adoption 2026)"]

    _pick(at, a.id, "sales-north")
    run(at)
    at.text_input(key=f"console-team-name-{a.id}-sales-north").input("Sales North & Baltic")
    at.number_input(key=f"console-team-count-{a.id}-sales-north").set_value(14)
    _click(at, f"console-team-save-{a.id}")
    assert plain(at.success) == ["Team saved. (CRM adoption 2026)"]

    _pick(at, a.id, "service")
    run(at)
    _click(at, f"console-team-remove-{a.id}")
    assert [e.value for e in at.error] == [
        "Team 'Service' has responses, so it cannot be removed: merge it into another "
        "team instead, and its responses move there."
    ]
    at.selectbox(key=f"console-team-into-{a.id}").set_value("sales-north")
    _click(at, f"console-team-merge-{a.id}")
    assert plain(at.success) == ["Service merged into Sales North & Baltic. (CRM adoption 2026)"]

    assert _only().teams == (
        Team("sales-north", "Sales North & Baltic", 23),
        Team("field-sales", "Field Sales", 4),
    )
    moved = (
        app_store()
        .cursor()
        .execute("SELECT team_id, first_team, count(*) FROM respondents GROUP BY ALL")
        .fetchall()
    )
    assert moved == [("sales-north", "service", 2)]
    _pick(at, a.id, "field-sales")
    run(at)
    _click(at, f"console-team-remove-{a.id}")
    assert [t.id for t in _only().teams] == ["sales-north"]
    assert _log(
        "team-added", "team-renamed", "head-count-changed", "teams-merged", "team-removed"
    ) == [
        ("casey", "team-added", "CRM adoption 2026: team “Field Sales” (head-count 4)"),
        (
            "casey",
            "team-renamed",
            "CRM adoption 2026: team “Sales North” -> “Sales North & Baltic”",
        ),
        (
            "casey",
            "head-count-changed",
            "CRM adoption 2026: team “Sales North & Baltic” head-count 12 -> 14",
        ),
        (
            "casey",
            "teams-merged",
            "CRM adoption 2026: team “Service” merged into “Sales North & Baltic”,"
            " 2 responses moved, head-count now 23",
        ),
        ("casey", "team-removed", "CRM adoption 2026: team “Field Sales” (no responses)"),
    ]


def test_once_answers_exist_the_questionnaire_is_fixed_and_a_new_wave_is_offered(
    db: Path,
) -> None:
    token = seed(db, teams=True)
    at = open_app(token)
    a = _only()
    # before any answer, the questionnaire can still be chosen
    assert at.selectbox(key=f"console-edit-questionnaire-{a.id}").value is not None
    _start(db, "service", 1, answers=False)
    at = open_app(token)
    assert not [s for s in at.selectbox if s.key == f"console-edit-questionnaire-{a.id}"]
    fixed = [i.value for i in at.info if "fixed" in str(i.value)]
    assert fixed == [
        "The questionnaire is fixed once answers exist, so every answer is scored against "
        "the questions it answered. **A new version of the questionnaire means a new "
        "wave**: use *Start a new wave* below, then change the new wave's questionnaire "
        "before anyone answers it."
    ]
    _click(at, f"console-wave-{a.id}")
    assert len(list_assessments(app_store())) == 2


def test_closing_warns_how_many_are_midway_keeps_their_answers_and_reopening_lets_them_finish(
    db: Path,
) -> None:
    token = seed(db, teams=True)
    secrets = _start(db, "service", 3)
    at = open_app(token)
    a = _only()
    warning = [m.value for m in at.markdown if "midway" in str(m.value)]
    assert warning == [
        "No more answers are accepted. **3 people are midway** (started, not submitted): "
        "their answers are kept, marked incomplete and not counted in any result. Reopen "
        "the assessment and they can finish with their \u201ccontinue later\u201d link."
    ]
    _click(at, f"console-confirm-close-{a.id}")
    assert _only().closed
    store = app_store()
    kept = store.cursor().execute(
        "SELECT count(*) FROM answers a JOIN respondents r ON r.num = a.respondent"
        " WHERE r.submitted_hour IS NULL"
    )
    assert kept.fetchall() == [(3,)]
    assert submitted_count(store, a.id) == 0
    assert access.tracking(store, auth.SYSTEM, a.id).submitted == 0
    reopen = [m.value for m in at.markdown if "midway" in str(m.value)]
    assert reopen == [
        "Respondents can answer again, and the **3 people midway** (started, not "
        "submitted) can finish with their \u201ccontinue later\u201d link."
    ]
    _click(at, f"console-confirm-close-{a.id}")
    assert not _only().closed
    # an owner finishes with their link: saved, submitted, counted
    finish: dict[str, AnswerValue] = {
        "p-anchor": 1,
        "p-sales-skip": 0,
        "t-enough": 2,
        "t-channels": [0],
    }
    save_answers(store, secrets[0], {**finish, "t-comment": "More videos"})
    assert not submit(store, secrets[0]).already_submitted
    assert submitted_count(store, a.id) == 1
    assert _log("assessment-closed", "assessment-reopened") == [
        ("casey", "assessment-closed", "CRM adoption 2026: 3 responses midway kept, not counted"),
        ("casey", "assessment-reopened", "CRM adoption 2026: 3 responses midway can be finished"),
    ]
