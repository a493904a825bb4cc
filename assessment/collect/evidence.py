"""Import evidence from the CRM's own records: usage per user or per team, added up to
teams inside the import.

A CSV or XLSX file, as a CRM's standard reports export it (user activity, login history,
opportunities with last activity and stage age), has one row per user or one row per
team: a team column, and any of the indicator columns below, each found by its own name
or an alias from the usual exports of Salesforce, HubSpot and Microsoft Dynamics 365.

- Per user (no `users` column): each row is one person. Name, e-mail and id columns are
  read only to refuse a person listed twice, in memory; they are never stored.
- Per team (a `users` column): each row covers that many people; activity columns give
  the average per user, the deal columns the team's totals.

Rows are checked like any import (`transfer.RowProblem`: row, column, code) and written
in one transaction, all or nothing (or every good row with `skip_bad`). What is stored
is per team and indicator: how many users it comes from and a sum over them
(`evidence` table, migration 9); an import replaces the assessment's evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import duckdb

from assessment.collect.transfer import (
    Cell,
    ImportReport,
    ImportWarning,
    RowProblem,
    TransferError,
    _cell_text,
    _key,
    _parse_number,
    _read_table,
    _row_problem,
    _shown,
    unknown_columns,
)
from assessment.organisation import audit
from assessment.organisation.assessments import Assessment, get_assessment
from assessment.storage.store import Store

# Canonical column -> the headers it goes by (compared casefolded, spaces collapsed):
# GapMap's own names first, then the shapes of Salesforce report exports, HubSpot
# exports and Dynamics 365 "Export to Excel" sheets.
ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "team": (
        "team", "team name", "sales team", "division", "user: division", "owner: division",
        "hubspot team", "owner team", "business unit", "owning business unit",
    ),
    "users": ("users", "user count", "number of users", "active users (count)"),
    "active_days": (
        "active_days", "active days", "active days in the last 30 days",
        "active days (last 30 days)", "days active (last 30 days)", "active days (30)",
    ),
    "logins": (
        "logins", "login count", "logins (last 30 days)", "number of logins",
        "sign-ins", "sign-ins (30 days)",
    ),
    "records_touched": (
        "records_touched", "records created or updated", "records created/updated",
        "records created or modified", "records created or modified (30 days)",
    ),
    "open_deals": (
        "open_deals", "open deals", "open opportunities", "open opps",
    ),
    "stale_deals": (
        "stale_deals", "open deals without activity for 30 days",
        "open deals without activity (30 days)",
        "open opportunities without activity (30 days)", "open opps - no activity 30d",
        "stale opportunities (30 days)",
    ),
    "days_in_stage": (
        "days_in_stage", "days in current stage", "days in stage", "avg. stage duration",
        "stage duration", "average days in current deal stage", "days in current stage (avg)",
    ),
    "required_fields": (
        "required_fields", "share of required fields filled", "required fields filled",
        "required fields completed (%)", "required fields completed",
        "required properties filled (%)",
    ),
}  # fmt: skip
# Columns that name a person: read only to find a person listed twice, never stored.
IDENTITY_HEADERS: Final = frozenset(
    {
        "user", "user id", "userid", "username", "user name", "full name", "name",
        "email", "e-mail", "primary email", "first name", "last name", "record id",
        "owner", "owner id", "deal owner", "opportunity owner", "user: full name",
        "(do not modify) user", "domain name",
    }
)  # fmt: skip
NUMBER_COLUMNS: Final = (
    "active_days",
    "logins",
    "records_touched",
    "open_deals",
    "stale_deals",
    "days_in_stage",
    "required_fields",
)
# The highest value a column takes (None: unbounded); every column starts at 0.
_HIGHEST: Final[dict[str, float | None]] = {
    "active_days": 30,
    "logins": None,
    "records_touched": None,
    "open_deals": None,
    "stale_deals": None,
    "days_in_stage": None,
    "required_fields": 1,
}
_BY_ALIAS: Final[dict[str, str]] = {
    _key(alias): column for column, aliases in ALIASES.items() for alias in aliases
}
# Cells a spreadsheet would run: read as neither a number nor a team.
_FORMULA_STARTS: Final = ("=", "@", "＝", "＠")


@dataclass
class _Sums:
    """One team's indicator: users it comes from, and total / base is its value."""

    users: int = 0
    total: float = 0.0
    base: float = 0.0

    def add(self, users: int, total: float, base: float) -> None:
        self.users += users
        self.total += total
        self.base += base


@dataclass
class _Layout:
    columns: dict[str, tuple[int, str]] = field(default_factory=dict)  # column -> (index, header)
    identity: list[tuple[int, str]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)


def _recognised(header: list[str]) -> int:
    return sum(1 for h in header if _key(h) in _BY_ALIAS or _key(h) in IDENTITY_HEADERS)


def _layout(header: list[str]) -> _Layout:
    layout = _Layout()
    unknown: list[str] = []
    for index, raw in enumerate(header):
        key = _key(raw)
        if not key:
            continue
        if key in IDENTITY_HEADERS:
            layout.identity.append((index, raw))
            continue
        column = _BY_ALIAS.get(key)
        if column is None:
            unknown.append(raw)
            continue
        if column in layout.columns:
            layout.problems.append(
                _row_problem(
                    1,
                    raw,
                    "duplicate-column",
                    variant="evidence",
                    column=_shown(raw),
                    first=_shown(layout.columns[column][1]),
                    indicator=column,
                )
            )
            continue
        layout.columns[column] = (index, raw)
    if "team" not in layout.columns:
        layout.problems.append(_row_problem(1, None, "missing-column", variant="team"))
    if not any(c in layout.columns for c in NUMBER_COLUMNS):
        layout.problems.append(
            _row_problem(
                1, None, "missing-column", variant="evidence", columns=", ".join(NUMBER_COLUMNS)
            )
        )
    if unknown:
        layout.warnings.append(unknown_columns(_shown(h) for h in unknown))
    return layout


class _Teams:
    """A team by its id or name, case-insensitive."""

    def __init__(self, assessment: Assessment) -> None:
        self.by_name: dict[str, set[str]] = {}
        for team in assessment.teams:
            for name in (team.id, team.name):
                self.by_name.setdefault(_key(name), set()).add(team.id)
        self.names = ", ".join(t.name for t in assessment.teams)

    def find(self, cell: Cell) -> str | None:
        if cell is None:
            return None
        found = self.by_name.get(_key(_cell_text(cell)), set())
        return next(iter(found)) if len(found) == 1 else None


def _number(cell: str | int | float, column: str) -> float:
    """A cell of an indicator column as a number in its range; raises TransferError."""
    if isinstance(cell, int | float):
        value = float(cell)
        text = _cell_text(cell)
    elif cell.isascii() and cell.isdigit():  # the common case, without the full parse
        text = cell
        value = float(cell)
    else:
        text = cell.strip()
        if text.startswith(_FORMULA_STARTS):
            raise TransferError("formula-cell", value=_shown(text))
        percent = column == "required_fields" and text.endswith("%")
        parsed = _parse_number(text[:-1] if percent else text)
        if parsed is None:
            raise TransferError("not-a-number", variant="evidence", value=_shown(text))
        value = parsed / 100 if percent else parsed
    # A share written as a percent without the sign (85 for 85 %).
    if column == "required_fields" and 1 < value <= 100:
        value /= 100
    highest = _HIGHEST[column]
    if value < 0 or (highest is not None and value > highest):
        raise TransferError(
            "evidence-out-of-range",
            value=_shown(text),
            low=0,
            high="∞" if highest is None else (100 if column == "required_fields" else highest),
        )
    return value


def import_evidence(
    store: Store,
    assessment_id: str,
    path: Path | str,
    *,
    skip_bad: bool = False,
    by: audit.Who | None = None,
) -> ImportReport:
    """Import a .csv or .xlsx file of CRM usage, one row per user or per team, as the
    assessment's evidence (replacing any earlier import), audited `by` someone in the
    same transaction. Every problem is reported with its row, column and code; nothing
    is imported while a row is bad unless `skip_bad`. Raises TransferError for a file
    that cannot be read at all, and `evidence-no-teams` for an assessment without teams."""
    assessment = get_assessment(store, assessment_id)
    if not assessment.teams:
        raise TransferError("evidence-no-teams")
    name = Path(path).name
    table = _read_table(Path(path), _recognised)
    if not table.rows:
        raise TransferError("no-rows")
    layout = _layout(table.header)
    problems = list(layout.problems)
    warnings = table.warnings + layout.warnings
    total_rows = len(table.rows)
    if layout.problems:
        return ImportReport(0, total_rows, problems, warnings)

    teams = _Teams(assessment)
    per_team = "users" in layout.columns
    seen_people: set[tuple[str, ...]] = set()
    sums: dict[tuple[str, str], _Sums] = {}
    good = 0
    for number, cells in table.rows:
        row_problems, added = _read_row(number, cells, layout, teams, per_team, seen_people)
        problems.extend(row_problems)
        if added is not None:
            good += 1
            team, contributions = added
            for indicator, (users, total, base) in contributions.items():
                sums.setdefault((team, indicator), _Sums()).add(users, total, base)

    if (good < total_rows and not skip_bad) or not good:
        return ImportReport(0, total_rows, problems, warnings)
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [
        [assessment.id, team, indicator, s.users, s.total, s.base, now]
        for (team, indicator), s in sorted(sums.items())
        if s.users > 0 and s.base > 0
    ]
    event = audit.EvidenceImported(
        organisation_id=assessment.organisation_id,
        assessment_id=assessment.id,
        rows=good,
        teams=len({team for team, _ in sums}),
        file_name=name,
    )

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute("DELETE FROM evidence WHERE assessment_id = ?", [assessment.id])
        if rows:
            cur.executemany("INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        if by is not None:
            audit.record(cur, by, event)

    store.write(write)
    return ImportReport(good, total_rows - good, problems, warnings)


# What one row adds: per indicator (users, total, base).
_Contribution = dict[str, tuple[int, float, float]]


def _read_row(
    number: int,
    cells: Sequence[Cell],
    layout: _Layout,
    teams: _Teams,
    per_team: bool,
    seen_people: set[tuple[str, ...]],
) -> tuple[list[RowProblem], tuple[str, _Contribution] | None]:
    """One row's problems, or its team and what it adds to each indicator."""
    problems: list[RowProblem] = []

    def cell(column: str) -> Cell:
        found = layout.columns.get(column)
        if found is None or found[0] >= len(cells):
            return None
        return cells[found[0]]

    def refuse(column: str | None, err: TransferError) -> None:
        header = layout.columns[column][1] if column in layout.columns else column
        problems.append(
            _row_problem(
                number, header, err.code, variant=err.variant, prefix=err.prefix, **err.params
            )
        )

    raw_team = cell("team")
    team = teams.find(raw_team)
    if raw_team is None:
        refuse("team", TransferError("unknown-team", variant="import-missing", teams=teams.names))
    elif team is None:
        refuse(
            "team",
            TransferError(
                "unknown-team",
                variant="import",
                value=_shown(_cell_text(raw_team)),
                teams=teams.names,
            ),
        )

    values: dict[str, float] = {}
    for column in NUMBER_COLUMNS:
        raw = cell(column)
        if raw is None:
            continue
        try:
            values[column] = _number(raw, column)
        except TransferError as err:
            refuse(column, err)

    users = 1
    if per_team:
        raw_users = cell("users")
        parsed = None if raw_users is None else _parse_number(_cell_text(raw_users))
        if parsed is None or parsed < 1 or not parsed.is_integer():
            shown = "" if raw_users is None else _shown(_cell_text(raw_users))
            refuse("users", TransferError("evidence-users", value=shown))
        else:
            users = int(parsed)
    elif layout.identity:
        named = [cells[i] if i < len(cells) else None for i, _ in layout.identity]
        person = tuple("" if c is None else _key(_cell_text(c)) for c in named)
        if any(person):
            if person in seen_people:
                problems.append(
                    _row_problem(number, layout.identity[0][1], "evidence-duplicate-user")
                )
            seen_people.add(person)

    open_deals = values.get("open_deals")
    stale = values.get("stale_deals")
    if stale is not None and open_deals is not None and stale > open_deals:
        refuse(
            "stale_deals",
            TransferError("evidence-stale-exceeds-open", stale=stale, open=open_deals),
        )
    if problems or team is None:
        return problems, None

    added: _Contribution = {}
    for column in ("active_days", "logins", "records_touched", "required_fields"):
        if column in values:  # a team row gives the average per user
            added[column] = (users, values[column] * users, users)
    if open_deals is not None:  # a user's open deals, or a team's in all
        added["open_deals"] = (users, open_deals, users)
    if stale is not None and open_deals is not None and open_deals > 0:
        added["stale_deal_share"] = (users, stale, open_deals)
    days = values.get("days_in_stage")
    if days is not None:
        if "open_deals" in layout.columns:  # weighted by the open deals it averages over
            if open_deals:
                added["days_in_stage"] = (users, days * open_deals, open_deals)
        else:
            added["days_in_stage"] = (users, days * users, users)
    return problems, (team, added)
