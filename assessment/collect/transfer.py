"""Import responses from a spreadsheet; export anonymised answers for analysts.

Import (`import_responses`) reads a CSV or XLSX file with one row per respondent, as a
Microsoft Forms or Google Forms export or a typed-up paper survey gives it. Every row is
checked with the same rules as a survey answer (`check_profile`, `check_answer`) and
every problem is reported at once with its spreadsheet row number; rows are written
together through `record_submissions`, all or nothing. Cells are untrusted text: they
are parsed, never evaluated, and columns GapMap does not know (e-mail, name, start time)
are not read at all.

Export (`export_answers`) writes one row per respondent of the current release, in
random order, without respondent id, times or free text; role, team and perspective are
blanked as `disclosure.export_levels` decides, so that no class of identical rows and
no sum of classes and released figures singles out fewer than k people. Strings are
neutralised against formula injection.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import os
import random
import re
import secrets
import unicodedata
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, Final, Literal

import duckdb
import openpyxl

from assessment import errors, words
from assessment.analysis import disclosure, releases
from assessment.collect.responses import (
    DONT_KNOW,
    AnswerValue,
    DontKnow,
    Submission,
    check_answer,
    check_profile,
    missing_required,
    record_submissions,
)
from assessment.errors import GapMapError, ResponseError
from assessment.organisation import audit
from assessment.organisation.assessments import Assessment, get_assessment, questionnaire_of
from assessment.questionnaire.model import (
    ID_PATTERN,
    OPTION_TYPES,
    SCORED_TYPES,
    Item,
    Questionnaire,
)
from assessment.storage.store import Store

MAX_FILE_BYTES: Final = 20_000_000
MAX_UNZIPPED_BYTES: Final = 200_000_000  # an .xlsx is a zip: refuse decompression bombs
MAX_ROWS: Final = 200_000
MAX_COLUMNS: Final = 2_000
CSV_DELIMITERS: Final = (",", ";", "\t")
ROLE_HEADERS: Final = frozenset({"role", "rolle"})
TEAM_HEADERS: Final = frozenset({"team"})
LANGUAGE_HEADERS: Final = frozenset({"language", "sprache"})
# What the export writes for "don't know"; the import reads it back.
DONT_KNOW_TOKEN: Final = "dont_know"  # noqa: S105 (not a password)
# OWASP's list of characters that make a spreadsheet read a cell as a formula, plus their
# full-width forms, which some Excel locales convert.
FORMULA_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

# Internal targets of the special columns; item ids never start with ':'.
_ROLE, _TEAM, _LANGUAGE = ":role", ":team", ":language"
_SHOWN_CHARS = 60

Cell = str | int | float | None
# How a number in an option item's cell is read: "auto" takes it only when every reading
# (an option's text, an option's score, an option's number from 1) names the same option;
# "score", "position" and "text" read it one way only (see `import_responses`).
ValueReading = Literal["auto", "score", "position", "text"]
VALUE_READINGS: Final[tuple[ValueReading, ...]] = ("auto", "score", "position", "text")
# The columns only a GapMap export has: its numbers are option scores.
EXPORT_COLUMNS: Final = frozenset({"row", "wave", "perspective", "channel"})


class TransferError(GapMapError):
    """A file that cannot be imported or an export that cannot be written, as a whole."""


@dataclass(frozen=True)
class ImportWarning:
    """Something an import did that the person should check (a column ignored, a file
    read as Windows-1252): its words `transfer.<key>` (`_one` for a count of one), the
    count and the values they name. `str()` is the English."""

    key: str
    count: int
    params: Mapping[str, object] = field(default_factory=dict)

    def message_in(self, lang: str | None) -> str:
        """The warning in `lang` (English for a language GapMap does not speak)."""
        return words.plural(
            f"transfer.{self.key}", self.count, lang, count=self.count, **self.params
        )

    def __str__(self) -> str:
        return self.message_in(words.DEFAULT_LANGUAGE)


def unknown_columns(headers: Iterable[str]) -> ImportWarning:
    """The columns GapMap does not know, which an import leaves unread."""
    shown = list(headers)
    return ImportWarning("warn_unknown", len(shown), {"columns": ", ".join(shown)})


@dataclass(frozen=True)
class RowProblem:
    """One problem in the file. `row` is the spreadsheet row (the header is row 1);
    `column` the header of the cell, or None when the whole row is concerned. `message`
    is in English; `message_in` words it in another language."""

    row: int
    column: str | None
    code: str
    message: str
    # Where its words are in `errors.MESSAGES` (the code, or "code.variant"), the values
    # they name, and a message put before them.
    key: str = field(default="", compare=False, repr=False)
    params: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)
    prefix: str = field(default="", compare=False, repr=False)

    def message_in(self, lang: str | None, escape: Callable[[str], str] | None = None) -> str:
        """The message in `lang` (English for a language GapMap does not speak); `escape`
        is applied to every text put into it (cells of the file among them)."""
        key = self.key or self.code
        return errors.worded(key, lang, self.params, prefix=self.prefix, escape=escape)


def _row_problem(
    row: int,
    column: str | None,
    code: str,
    /,
    *,
    variant: str = "",
    prefix: str = "",
    **params: object,
) -> RowProblem:
    """A problem worded from `errors.MESSAGES`."""
    key = f"{code}.{variant}" if variant else code
    found = RowProblem(row, column, code, "", key, params, prefix)
    return replace(found, message=found.message_in(words.DEFAULT_LANGUAGE))


@dataclass(frozen=True)
class ImportReport:
    """What an import did. `imported + skipped` is the number of data rows; rows are
    skipped because they are bad (`skip_bad`) or because a problem stopped the import."""

    imported: int
    skipped: int
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)

    @property
    def bad_rows(self) -> int:
        """Data rows with at least one problem."""
        return len({p.row for p in self.problems if p.row > 1})


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote; `blanked_cells` counts role/team/... cells hidden for anonymity."""

    rows: int
    columns: int
    blanked_cells: int
    path: Path


def neutralise_cell(value: str) -> str:
    """Text that a spreadsheet shows as text: a leading `'` where the cell would
    otherwise start a formula (`=`, `+`, `-`, `@`, tab, carriage return), as OWASP advises,
    also after leading spaces (some spreadsheets trim them before reading a formula)."""
    if value.startswith(FORMULA_PREFIXES) or value.lstrip().startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


# --- reading files -----------------------------------------------------------------------------


@dataclass
class _Table:
    header: list[str]
    rows: list[tuple[int, list[Cell]]]  # (spreadsheet row number, cells); empty rows left out
    warnings: list[ImportWarning] = field(default_factory=list)


def _read_table(path: Path, recognised: Callable[[list[str]], int]) -> _Table:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise TransferError(
            "unsupported-format",
            variant=(
                "convert"
                if suffix in (".xls", ".ods", ".numbers")
                else ("" if suffix else "no-extension")
            ),
            suffix=suffix,
        )
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise TransferError("unreadable-file", variant="not-a-file", file=path.name)
        if size > MAX_FILE_BYTES:
            raise TransferError(
                "file-too-large",
                file=path.name,
                size=size / 1e6,
                limit=MAX_FILE_BYTES // 1_000_000,
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise TransferError("file-not-found", path=path) from None
    except OSError as exc:
        raise TransferError("unreadable-file", file=path.name, reason=exc) from None
    if not data.strip():
        raise TransferError("empty-file", file=path.name)
    table = _read_csv(data, path.name, recognised) if suffix == ".csv" else _read_xlsx(data, path)
    if not any(h.strip() for h in table.header):
        raise TransferError("no-header")
    if len(table.header) > MAX_COLUMNS:
        raise TransferError("too-many-columns", limit=MAX_COLUMNS)
    return table


def _looks_binary(data: bytes, name: str) -> None:
    if data.startswith(b"%PDF"):
        raise TransferError("unreadable-file", variant="pdf", file=name)
    if data.startswith(b"PK\x03\x04"):
        raise TransferError("unreadable-file", variant="zip", file=name)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TransferError("unreadable-file", variant="xls", file=name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise TransferError("unreadable-file", variant="utf16", file=name)
    if b"\x00" in data:
        raise TransferError("unreadable-file", variant="not-text", file=name)


def _decode(data: bytes, name: str, warnings: list[ImportWarning]) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise TransferError("unreadable-file", variant="encoding", file=name) from None
        warnings.append(ImportWarning("warn_not_utf8", 1, {"file": name}))
    sample = text[:65_536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    if controls > len(sample) / 100:
        raise TransferError("unreadable-file", variant="not-text", file=name)
    return text


def _read_csv(data: bytes, name: str, recognised: Callable[[list[str]], int]) -> _Table:
    _looks_binary(data, name)
    warnings: list[ImportWarning] = []
    text = _decode(data, name, warnings)
    # Excel writes "sep=;" as a first line to name the delimiter; it is not a row.
    if not text.strip():
        raise TransferError("empty-file", file=name)
    hint = re.match(r"sep=([,;\t|])\r?\n", text)
    if hint:
        delimiter = hint.group(1)
        text = text[hint.end() :]
    else:
        delimiter = _sniff_delimiter(text, recognised)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    header: list[str] | None = None
    rows: list[tuple[int, list[Cell]]] = []
    number = 0
    try:
        for record in reader:
            number += 1
            if header is None:
                header = record
                continue
            cells: list[Cell] = [c if c.strip() else None for c in record]
            if any(c is not None for c in cells):
                rows.append((number, cells))
                if len(rows) > MAX_ROWS:
                    raise _too_many_rows()
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise TransferError(
                "cell-too-long", file=name, line=str(reader.line_num), limit=csv.field_size_limit()
            ) from None
        raise TransferError(
            "unreadable-file", variant="csv", file=name, line=str(reader.line_num), reason=exc
        ) from None
    return _Table(header or [], rows, warnings)


def _sniff_delimiter(text: str, recognised: Callable[[list[str]], int]) -> str:
    """The delimiter under which the header names the most known columns (a `;` file's
    question texts may contain commas, so counting characters is not enough)."""
    first = text[:200_000]

    def score(delimiter: str) -> tuple[int, int]:
        try:
            header = next(csv.reader(io.StringIO(first, newline=""), delimiter=delimiter), [])
        except csv.Error:
            return (-1, 0)
        return (recognised(header), len(header))

    return max(CSV_DELIMITERS, key=score)


def _too_many_rows() -> TransferError:
    return TransferError("too-many-rows", limit=MAX_ROWS)


def _read_xlsx(data: bytes, path: Path) -> _Table:
    name = path.name
    if not data.startswith(b"PK\x03\x04"):
        if data.startswith(b"%PDF"):
            raise TransferError("unreadable-file", variant="pdf-not-xlsx", file=name)
        raise TransferError("unreadable-file", variant="not-xlsx", file=name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TransferError("unreadable-file", variant="damaged-xlsx", file=name) from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise TransferError("file-too-large", variant="unpacked", file=name)
    try:
        # data_only: a formula cell gives its last computed value; nothing is evaluated.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error on a damaged or foreign file
        raise TransferError("unreadable-file", variant="workbook", file=name) from None
    header: list[str] | None = None
    rows: list[tuple[int, list[Cell]]] = []
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise TransferError("empty-file", variant="no-sheet", file=name)
        for number, values in enumerate(
            sheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS + 1), start=1
        ):
            cells = [_xlsx_cell(v) for v in values]
            while cells and cells[-1] is None:  # read-only sheets pad rows to max_col
                cells.pop()
            if header is None:
                header = ["" if c is None else _cell_text(c) for c in cells]
                continue
            if any(c is not None for c in cells):
                rows.append((number, cells))
                if len(rows) > MAX_ROWS:
                    raise _too_many_rows()
    except TransferError:
        raise
    except Exception:  # a damaged sheet inside a valid zip
        raise TransferError("unreadable-file", variant="sheet", file=name) from None
    finally:
        workbook.close()
    if header is None:
        raise TransferError("empty-file", variant="sheet", file=name)
    return _Table(header, rows)


def _xlsx_cell(value: Any) -> Cell:
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    text = str(value)
    return text if text.strip() else None


def _cell_text(value: str | int | float) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- matching headers and cells ----------------------------------------------------------------


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def _norm(text: str) -> str:
    """Text as compared: NFC, straight quotes, single spaces, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_QUOTES).split())


def _key(text: str) -> str:
    return _norm(text).casefold()


def _shown(value: str) -> str:
    text = _norm(value)
    return repr(text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…")


@dataclass(frozen=True)
class _ItemReader:
    """How the cells of one item's column are read."""

    item: Item
    options: Mapping[str, frozenset[int]]  # option text (any language, casefolded) -> indexes
    labels: tuple[str, ...]  # option texts in the default language, for messages
    dont_know: frozenset[str]
    scores: tuple[float | None, ...]  # each option's score (None on an unscored multi)
    values: ValueReading = "auto"

    @property
    def scored(self) -> bool:
        """Whether the options carry scores (every scored type's do; a multi's may not)."""
        return any(s is not None for s in self.scores)

    def _meanings(self, text: str, number: float | None) -> list[tuple[str, int]]:
        """Every (reading, option index) the cell can have under `values`: by its text,
        as an option's score, as an option's number from 1."""
        found: list[tuple[str, int]] = []
        by_text = number is None or self.values in ("auto", "text")
        if by_text or (self.values == "score" and not self.scored):
            found += [("text", i) for i in sorted(self.options.get(_key(text), ()))]
        if number is None:
            return found
        if self.values in ("auto", "score"):
            found += [
                ("score", i)
                for i, score in enumerate(self.scores)
                if score is not None and math.isclose(score, number, rel_tol=1e-9, abs_tol=1e-12)
            ]
        whole = number.is_integer() and 1 <= number <= len(self.labels)
        if self.values in ("auto", "position") and whole:
            found.append(("position", int(number) - 1))
        return found

    def option(self, text: str, number: float | None = None) -> int | DontKnow:
        """The option a cell names; `number` is the cell's value when it is numeric
        (parsed from `text` when not given)."""
        if _key(text) in self.dont_know:
            return DONT_KNOW
        if number is None:
            number = _parse_number(text)
        meanings = self._meanings(text, number)
        chosen = {index for _, index in meanings}
        if len(chosen) == 1:
            return chosen.pop()
        if number is not None and len(chosen) > 1:
            first = meanings[0]
            second = next(m for m in meanings if m[1] != first[1])
            raise ResponseError(
                "ambiguous-value",
                value=_shown(text),
                item=self.item.id,
                first=self._meaning(*first, number),
                first_option=_shown(self.labels[first[1]]),
                second=self._meaning(*second, number),
                second_option=_shown(self.labels[second[1]]),
            )
        options = ", ".join(self.labels)
        if number is not None and (
            self.values == "text" or (self.values == "score" and not self.scored)
        ):
            raise ResponseError(
                "number-not-read",
                variant="text" if self.values == "text" else "no-scores",
                value=_shown(text),
                item=self.item.id,
                options=options,
            )
        if number is not None and self.values == "score":
            variant = "import-score"
        elif number is not None and self.values == "position":
            variant = "import-position"
        else:
            variant = "import" if self.scored else "import-unscored"
        raise ResponseError(
            "option-not-offered",
            variant=variant,
            value=_shown(text),
            item=self.item.id,
            options=options,
            scores=_numbers_text([s for s in self.scores if s is not None]),
            count=len(self.labels),
        )

    def single_readings(self, cell: str | int | float) -> set[str]:
        """Under "auto", the ways a cell's numbers can be read when each can be read one
        way only: "score" for a number that is only an option's score ("0" on a 0..4
        scale), "position" for one that is only an option's number ("5" there)."""
        if self.values != "auto" or self.item.type not in OPTION_TYPES:
            return set()
        if isinstance(cell, str):
            text = _unneutralised(cell)
            parts = text.split(";") if self.item.type == "multi" else [text]
            numbers = [(part, _parse_number(part)) for part in parts if part.strip()]
        else:
            numbers = [(_cell_text(cell), float(cell))]
        found: set[str] = set()
        for text, number in numbers:
            if number is None or _key(text) in self.dont_know:
                continue
            kinds = {kind for kind, _ in self._meanings(text, number)} - {"text"}
            if len(kinds) == 1:
                found |= kinds
        return found

    def _meaning(self, reading: str, index: int, number: float) -> words.Text:
        """One reading of a number, as each language says it."""
        score = _number_text(number)
        return words.Text(
            *(
                words.t(
                    f"transfer.meaning_{reading}",
                    lang,
                    score=getattr(score, lang),
                    position=index + 1,
                )
                for lang in words.LANGUAGES
            )
        )

    def read(self, cell: str | int | float) -> AnswerValue:
        item = self.item
        if item.type == "number":
            if isinstance(cell, str):
                if _key(cell) in self.dont_know:
                    return DONT_KNOW
                number = _parse_number(_unneutralised(cell))
                if number is None:
                    raise ResponseError(
                        "not-a-number", variant="import", value=_shown(cell), item=item.id
                    )
                return number
            return float(cell)
        text = _unneutralised(cell) if isinstance(cell, str) else _cell_text(cell)
        if item.type == "text":
            return text
        if item.type != "multi":
            return self.option(text, None if isinstance(cell, str) else float(cell))
        if _key(text) in self.dont_know:
            return DONT_KNOW
        whole = self.options.get(_key(text))
        if whole is not None and len(whole) == 1:  # an option text that contains ';'
            return [next(iter(whole))]
        chosen: list[int] = []
        for part in text.split(";"):
            if part.strip():
                index = self.option(_unneutralised(part.strip()))
                if isinstance(index, DontKnow):
                    raise ResponseError(
                        "option-not-offered", variant="dont-know-and-more", item=item.id
                    )
                chosen.append(index)
        return chosen or None


def _unneutralised(text: str) -> str:
    """A cell as written before `neutralise_cell` put a `'` before it (the export's
    cells, and a spreadsheet user's way of typing text that starts like a formula)."""
    if text.startswith("'") and neutralise_cell(text[1:]) == text:
        return text[1:]
    return text


def _number_text(value: float) -> words.Text:
    """A number as each language writes it ("0.25", German "0,25"), with its decimals;
    not grouped, as the file that is typed again should hold it."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    digits = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return words.Text(
        *(words.number(value, lang, digits, grouped=False) for lang in words.LANGUAGES)
    )


def _numbers_text(values: Sequence[float]) -> words.Text:
    """Numbers as each language writes them, separated by " / " ("0 / 0,25" in German)."""
    shown = [_number_text(v) for v in values]
    return words.Text(*(" / ".join(getattr(t, lang) for t in shown) for lang in words.LANGUAGES))


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _parse_number(text: str) -> float | None:
    """A number as people type it: decimal comma or point, spaces or ' between thousands."""
    s = unicodedata.normalize("NFKC", text).strip().replace("−", "-")
    s = re.sub(r"[\s']", "", s)
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):  # 1.234,5
            s = s.replace(".", "").replace(",", ".")
        else:  # 1,234.5
            s = s.replace(",", "")
    elif s.count(",") == 1:
        s = s.replace(",", ".")
    elif "," in s:  # 1,234,567
        s = s.replace(",", "")
    if not _NUMBER.fullmatch(s):
        return None
    value = float(s)
    return value if math.isfinite(value) else None


class _Vocabulary:
    """Every name a role, team, language or question may go by in a file."""

    def __init__(
        self, q: Questionnaire, assessment: Assessment, values: ValueReading = "auto"
    ) -> None:
        self.q = q
        self.assessment = assessment
        self.values = values
        self.roles: dict[str, set[str]] = defaultdict(set)
        for role in q.roles:
            for name in (role.id, *role.name.values()):
                self.roles[_key(name)].add(role.id)
        self.teams: dict[str, set[str]] = defaultdict(set)
        for team in assessment.teams:
            self.teams[_key(team.id)].add(team.id)
            self.teams[_key(team.name)].add(team.id)
        # header -> (item id, language of the text or None for the id)
        self.headers: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
        self.readers: dict[str, _ItemReader] = {}
        for item in q.items:
            self.headers[item.id].add((item.id, None))
            for lang, text in item.text.items():
                self.headers[_norm(text)].add((item.id, lang))
        self.read_values_as(values)

    def read_values_as(self, values: ValueReading) -> None:
        """Read numbers in option cells as `values` says."""
        self.values = values
        self.readers = {item.id: self._reader(item) for item in self.q.items}

    def _reader(self, item: Item) -> _ItemReader:
        options: dict[str, set[int]] = defaultdict(set)
        opts = self.q.options_of(item)
        for index, option in enumerate(opts):
            for text in option.text.values():
                options[_key(text)].add(index)
        dont_know: set[str] = set()
        if item.dont_know:
            dont_know.add(DONT_KNOW_TOKEN)
            for lang in self.q.languages:
                label = self.q.dont_know_label(item, lang)
                if label:
                    dont_know.add(_key(label))
        return _ItemReader(
            item,
            {k: frozenset(v) for k, v in options.items()},
            tuple(self.q.t(o.text) for o in opts),
            frozenset(dont_know),
            tuple(o.score for o in opts),
            self.values,
        )

    def special(self, header: str) -> str | None:
        key = _key(header)
        if key in ROLE_HEADERS:
            return _ROLE
        if key in TEAM_HEADERS:
            return _TEAM
        if key in LANGUAGE_HEADERS:
            return _LANGUAGE
        return None

    def recognised(self, header: list[str]) -> int:
        """How many of these headers name a column GapMap reads."""
        return sum(1 for h in header if self.special(h) or _norm(h) in self.headers)

    def role(self, cell: Cell) -> str:
        if cell is None:
            raise ResponseError("unknown-role", variant="import-missing", roles=self._role_names())
        found = self.roles.get(_key(_cell_text(cell)), set())
        if len(found) != 1:
            raise ResponseError(
                "unknown-role",
                variant="import",
                value=_shown(_cell_text(cell)),
                roles=self._role_names(),
            )
        return next(iter(found))

    def _role_names(self) -> str:
        return ", ".join(f"{r.id} ({self.q.t(r.name)})" for r in self.q.roles)

    def team(self, cell: Cell) -> str | None:
        if not self.assessment.teams:
            if cell is None:
                return None
            raise ResponseError("unknown-team", variant="none")
        teams = ", ".join(t.name for t in self.assessment.teams)
        if cell is None:
            raise ResponseError("unknown-team", variant="import-missing", teams=teams)
        found = self.teams.get(_key(_cell_text(cell)), set())
        if len(found) != 1:
            raise ResponseError(
                "unknown-team", variant="import", value=_shown(_cell_text(cell)), teams=teams
            )
        return next(iter(found))

    def language(self, cell: Cell, default: str) -> str:
        if cell is None:
            return default
        code = _key(_cell_text(cell))
        if code not in self.assessment.languages:
            raise ResponseError(
                "unknown-language",
                variant="import",
                value=_shown(_cell_text(cell)),
                offered=", ".join(self.assessment.languages),
            )
        return code


@dataclass(frozen=True)
class _Column:
    index: int
    header: str
    target: str  # _ROLE, _TEAM, _LANGUAGE or an item id


@dataclass
class _Layout:
    columns: dict[str, _Column] = field(default_factory=dict)  # target -> column
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    fatal: bool = False  # the rows cannot be read (no role or team column)
    language: str | None = None  # the one language the question headers are written in
    missing_items: frozenset[str] = frozenset()  # required items every role sees, no column


def _layout(table: _Table, vocab: _Vocabulary, column_map: Mapping[str, str] | None) -> _Layout:
    layout = _Layout()
    unknown: list[str] = []
    unheaded: list[int] = []
    header_languages: list[set[str]] = []  # per question text header, its languages
    explicit = {_norm(k): _map_target(v, vocab) for k, v in (column_map or {}).items()}
    for index, raw in enumerate(table.header):
        header = _norm(raw)
        if not header:
            unheaded.append(index)
            continue
        target = explicit.get(header) or vocab.special(header)
        if target is None:
            matches = vocab.headers.get(header, set())
            ids = {item_id for item_id, _ in matches}
            if len(ids) > 1:
                layout.problems.append(
                    _row_problem(
                        1,
                        raw,
                        "ambiguous-column",
                        column=_shown(raw),
                        items=", ".join(sorted(ids)),
                    )
                )
                continue
            if not ids:
                unknown.append(raw)
                continue
            target = next(iter(ids))
            languages = {lang for _, lang in matches if lang is not None}
            if languages:
                header_languages.append(languages)
        if target in layout.columns:
            first = layout.columns[target]
            layout.problems.append(
                _row_problem(
                    1,
                    raw,
                    "duplicate-column",
                    # the role, team or language column, or a question's
                    variant=target.lstrip(":") if target.startswith(":") else "question",
                    column=_shown(raw),
                    first=_shown(first.header),
                    item=target,
                )
            )
            continue
        layout.columns[target] = _Column(index, raw, target)

    if not layout.columns and not layout.problems:
        raise TransferError("no-header")
    if _ROLE not in layout.columns:
        layout.fatal = True
        layout.problems.append(_row_problem(1, None, "missing-column", variant="role"))
    if vocab.assessment.teams and _TEAM not in layout.columns:
        layout.fatal = True
        layout.problems.append(_row_problem(1, None, "missing-column", variant="team"))
    q = vocab.q
    unmapped = [item for item in q.items if item.id not in layout.columns]
    core_required = [i for i in unmapped if i.is_core and i.is_required]
    for item in core_required:
        layout.problems.append(
            _row_problem(
                1,
                None,
                "missing-column",
                variant="question",
                item=item.id,
                text=_shown(q.t(item.text)),
            )
        )
    layout.missing_items = frozenset(i.id for i in core_required)
    optional = [i.id for i in unmapped if not i.is_required]
    if optional:
        layout.warnings.append(
            ImportWarning("warn_optional", len(optional), {"items": ", ".join(optional)})
        )
    if unknown:
        layout.warnings.append(unknown_columns(_shown(h) for h in unknown))
    if unheaded and any(
        index < len(cells) and cells[index] is not None
        for _, cells in table.rows
        for index in unheaded
    ):
        layout.warnings.append(ImportWarning("warn_unheaded", len(unheaded)))
    common = set.intersection(*header_languages) if header_languages else set()
    if len(common) == 1:  # every question header is written in this one language
        layout.language = next(iter(common))
    return layout


def _map_target(target: str, vocab: _Vocabulary) -> str:
    special = vocab.special(target)
    if special is not None:
        return special
    if target in vocab.readers:
        return target
    raise TransferError("unknown-column-target", target=target)


# --- import ------------------------------------------------------------------------------------


def _require_open(assessment: Assessment) -> None:
    status = assessment.status()
    if status == "closed":
        raise TransferError("assessment-closed")
    if status == "not-yet-open":
        raise TransferError(
            "assessment-not-open",
            opens=f"{assessment.opens_at:%Y-%m-%d %H:%M} UTC" if assessment.opens_at else "",
        )


def import_responses(
    store: Store,
    assessment_id: str,
    path: Path | str,
    *,
    skip_bad: bool = False,
    column_map: Mapping[str, str] | None = None,
    values: ValueReading = "auto",
    by: audit.Who | None = None,
) -> ImportReport:
    """Import a .csv or .xlsx file of responses, one row per respondent, as submitted
    responses (channel "import"); imported `by` someone, audited in the same transaction.

    Columns: `role` (or `Rolle`), `team` (when the assessment has teams), optional
    `language`, and one column per question headed by its id or its exact text in any of
    the questionnaire's languages. `column_map` maps other headers to `role`, `team`,
    `language` or a question id (e.g. a Forms question "What is your role?" -> `role`).
    Other columns are not read; their headers are listed in `warnings`.

    Cells: a role or team by id or name, case-insensitive; an option by its text in any
    language (case-insensitive), or by a number as `values` says; several options
    separated by `;`; the "don't know" label or `dont_know`; a number with a decimal
    point or comma ("0.25", "0,25"; an Excel number as it is); text as it is. An empty
    cell is no answer. Without a language column, rows take the language the question
    headers are written in, else the assessment's first language.

    A number in an option cell may be an option's score or its position (from 1), and
    may be an option's text too ("3" on a 0-10 scale labelled with numbers). `values`
    says which: "score", "position", or "text" (numbers only as an option's exact
    text, `number-not-read` otherwise). Under "auto", a number is taken only when every
    reading it has names the same option ("3" on a 1-5 scale scored 1..5), or it has
    only one reading ("0.25" is only a score, "4" on a scale scored 0 / 0.25 / 0.5 / 1
    only a position); a number that names two options ("1" there: the option scored 1,
    or the first option) is refused as `ambiguous-value`, nothing is guessed. A file
    with the columns of a GapMap export (`row`, `wave`, `perspective`, `channel`) is
    read under "auto" as "score", since an export writes scores: an export imports
    back as it was.

    Every problem is reported. With a problem in the header, nothing is imported; with
    bad rows, nothing is imported unless `skip_bad`, which imports the good rows. Rows
    are written in one transaction. Raises TransferError for a file that cannot be read
    at all (codes such as `unsupported-format`, `empty-file`, `unreadable-file`,
    `file-too-large`, `cell-too-long`, `too-many-rows`, `no-header`, `no-rows`) and for
    an assessment that does not take answers (`assessment-closed`, `assessment-not-open`)."""
    assessment = get_assessment(store, assessment_id)
    _require_open(assessment)
    q = questionnaire_of(store, assessment)
    if values not in VALUE_READINGS:
        raise TransferError("unknown-value-reading", values=str(values))
    vocab = _Vocabulary(q, assessment, values)
    table = _read_table(Path(path), vocab.recognised)
    if not table.rows:
        raise TransferError("no-rows")
    layout = _layout(table, vocab, column_map)
    warnings = table.warnings + layout.warnings
    if values == "auto" and {_key(h) for h in table.header} >= EXPORT_COLUMNS:
        vocab.read_values_as("score")
        warnings.append(ImportWarning("warn_export_scores", 1))
    problems = list(layout.problems)

    def audited(rows: int) -> Callable[[duckdb.DuckDBPyConnection], None] | None:
        """The audit entry of an import by someone, for the import's own transaction."""
        if by is None:
            return None
        imported = audit.ResponsesImported(
            organisation_id=assessment.organisation_id,
            assessment_id=assessment.id,
            rows=rows,
            file_name=Path(path).name,
        )
        return partial(audit.record, who=by, event=imported)

    def nothing_imported(skipped: int) -> ImportReport:
        entry = audited(0)  # an attempt is audited too, though it changed nothing
        if entry is not None:
            store.write(entry)
        return ImportReport(0, skipped, problems, warnings)

    if layout.fatal:
        return nothing_imported(len(table.rows))

    default_language = layout.language
    if default_language not in assessment.languages:
        default_language = assessment.languages[0]
    mixed = _mixed_readings(table, layout, vocab)
    good: list[Submission] = []
    for number, cells in table.rows:
        submission, row_problems = _read_row(number, cells, layout, vocab, default_language, mixed)
        problems.extend(row_problems)
        if submission is not None:
            good.append(submission)

    total = len(table.rows)
    if layout.problems or (len(good) < total and not skip_bad) or not good:
        return nothing_imported(total)
    try:
        record_submissions(store, assessment, q, good, channel="import", audit=audited(len(good)))
    except ResponseError as err:  # closed meanwhile, or a check record_submissions adds
        raise TransferError(
            err.code, variant=err.variant, prefix=err.prefix, **err.params
        ) from None
    return ImportReport(len(good), total - len(good), problems, warnings)


def _mixed_readings(
    table: _Table, layout: _Layout, vocab: _Vocabulary
) -> dict[tuple[int, str], ResponseError]:
    """Under "auto", the cells (row, item id) of a column whose numbers can only be
    scores in some rows and only positions in others: the column mixes two ways of
    numbering, so a number that reads one way only is not taken for either."""
    mixed: dict[tuple[int, str], ResponseError] = {}
    for item_id, reader in vocab.readers.items():
        column = layout.columns.get(item_id)
        if column is None:
            continue
        witnesses: dict[str, list[tuple[int, str]]] = {"score": [], "position": []}
        for number, cells in table.rows:
            cell = cells[column.index] if column.index < len(cells) else None
            if cell is None:
                continue
            for kind in reader.single_readings(cell):
                witnesses[kind].append((number, _shown(_cell_text(cell))))
        if not witnesses["score"] or not witnesses["position"]:
            continue
        for kind, other in (("score", "position"), ("position", "score")):
            other_row, other_value = witnesses[other][0]
            for row, value in witnesses[kind]:
                mixed[row, item_id] = ResponseError(
                    "mixed-values",
                    variant="score" if kind == "score" else "position",
                    value=value,
                    item=item_id,
                    row=str(other_row),
                    other=other_value,
                )
    return mixed


def _read_row(
    number: int,
    cells: Sequence[Cell],
    layout: _Layout,
    vocab: _Vocabulary,
    default_language: str,
    mixed: Mapping[tuple[int, str], ResponseError],
) -> tuple[Submission | None, list[RowProblem]]:
    """One row as a checked submission, or every problem found in it; `mixed` holds
    the cells refused because their column mixes scores and positions."""
    problems: list[RowProblem] = []
    columns = layout.columns

    def cell(target: str) -> Cell:
        column = columns.get(target)
        if column is None or column.index >= len(cells):
            return None
        return cells[column.index]

    def problem(target: str, err: ResponseError) -> None:
        """A cell or row refused as a survey answer would be: the refusal's code and words."""
        column = columns.get(target)
        problems.append(
            _row_problem(
                number,
                column.header if column else None,
                err.code,
                variant=err.variant,
                prefix=err.prefix,
                **err.params,
            )
        )

    role_id: str | None = None
    team_id: str | None = None
    language: str | None = None
    try:
        role_id = vocab.role(cell(_ROLE))
    except ResponseError as err:
        problem(_ROLE, err)
    try:
        team_id = vocab.team(cell(_TEAM))
    except ResponseError as err:
        problem(_TEAM, err)
    try:
        language = vocab.language(cell(_LANGUAGE), default_language)
    except ResponseError as err:
        problem(_LANGUAGE, err)
    if role_id is not None and language is not None and not problems:
        try:
            check_profile(vocab.q, vocab.assessment, role_id, team_id, language)
        except ResponseError as err:
            problem(_ROLE, err)

    answers: dict[str, AnswerValue] = {}
    unreadable: set[str] = set()
    for item in vocab.q.items:
        raw = cell(item.id)
        if raw is None:
            continue
        try:
            if (number, item.id) in mixed:
                raise mixed[number, item.id]
            value = vocab.readers[item.id].read(raw)
            if role_id is not None:  # without a role, only the cell's form can be checked
                value = check_answer(vocab.q, role_id, item.id, value)
        except ResponseError as err:
            problem(item.id, err)
            unreadable.add(item.id)
            continue
        if value is not None:
            answers[item.id] = value

    if role_id is not None:
        for item_id in missing_required(vocab.q, role_id, answers):
            if item_id in unreadable or item_id in layout.missing_items:
                continue
            column = columns.get(item_id)
            problems.append(
                _row_problem(
                    number,
                    column.header if column else item_id,
                    "missing-required",
                    variant="import" if column else "import-no-column",
                    item=item_id,
                    role=role_id,
                )
            )
    if problems or role_id is None or language is None:
        return None, problems
    return Submission(role_id, team_id, language, answers), problems


# --- export ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Respondent:
    role: str
    team: str | None
    language: str
    channel: str
    answers: dict[str, tuple[float | None, list[int] | None, bool]]


def _submitted(
    store: Store, assessment_id: str, q: Questionnaire, release: int
) -> list[_Respondent]:
    """The respondents counted in release `release` who are still there."""
    cur = store.cursor()
    people = cur.execute(
        "SELECT num, role_id, team_id, language, channel FROM respondents"
        " WHERE assessment_id = ? AND submitted_hour IS NOT NULL AND workshop_id IS NULL"
        " AND release_number IS NOT NULL AND release_number <= ?"
        " ORDER BY num",
        [assessment_id, release],
    ).fetchall()
    # The current answer per item (a cleared one, all NULL, included); earlier rows
    # are marked superseded when a later one is written.
    rows = cur.execute(
        "SELECT a.respondent, a.item, a.value, a.choices, a.dont_know"
        " FROM answers a JOIN respondents r ON r.num = a.respondent"
        " WHERE r.assessment_id = ? AND r.submitted_hour IS NOT NULL AND r.workshop_id IS NULL"
        " AND r.release_number IS NOT NULL AND r.release_number <= ? AND NOT a.superseded",
        [assessment_id, release],
    ).fetchall()
    answers: dict[int, dict[str, tuple[float | None, list[int] | None, bool]]] = defaultdict(dict)
    for respondent, position, value, choices, dont_know in rows:
        answers[respondent][q.items[position].id] = (  # answers name items by position
            value,
            list(choices) if choices is not None else None,
            bool(dont_know),
        )
    return [
        _Respondent(role, team, language, channel, answers.get(num, {}))
        for num, role, team, language, channel in people
    ]


def _export_value(
    q: Questionnaire, item: Item, role: str, answer: tuple[float | None, list[int] | None, bool]
) -> float | str | None:
    if not item.seen_by(role):  # answered under an earlier role choice; does not count
        return None
    value, choices, dont_know = answer
    if dont_know:
        return DONT_KNOW_TOKEN
    options = q.options_of(item)
    if item.type in SCORED_TYPES:
        if value is None or not 0 <= int(value) < len(options):
            return None
        return options[int(value)].score
    if item.type == "multi":
        if choices is None:
            return None
        return "; ".join(q.t(options[i].text) for i in sorted(choices) if 0 <= i < len(options))
    return value


def export_answers(
    store: Store,
    assessment_id: str,
    out: Path | str,
    *,
    fmt: Literal["csv", "parquet"],
    seed: int | None = None,
) -> ExportReport:
    """Write the assessment's submitted answers, anonymised, one row per respondent.

    Columns: `row` (a number, not an id), `wave`, `role`, `perspective`, `team`,
    `channel`, `language`, then one column per item that is not free text, named by
    item id: the chosen option's score for scored items (raw, not reverse-coded), the
    option texts joined by `; ` for multiple-choice items, the number for number items,
    `dont_know` for "don't know", empty when skipped or not asked of the role. Free-text
    comments are never exported row by row: they are shown only in aggregate, above the
    comment threshold. No respondent id, time or duration is written; rows are shuffled
    (`seed` fixes the order, for tests).

    Only the respondents of the current release are written (the export moves in the same
    steps of k as the results). Role, team and perspective are written as `(hidden)`
    where `disclosure.export_levels` generalises them, and a row whose role is hidden
    leaves the columns of items only some roles are asked empty; `channel` and
    `language` are shown only when every group of otherwise identical rows splits by
    them into groups of at least k, else blanked in every row. Strings are neutralised
    against formula injection in both formats.

    Parquet is typed: item scores and numbers are DOUBLE, "don't know" is NULL there and
    flagged in a BOOLEAN column `<item>__dont_know` after each item that offers it.
    Raises TransferError `too-few-responses` when fewer than k respondents submitted."""
    if fmt not in ("csv", "parquet"):
        raise TransferError("unsupported-format", variant="export", format=fmt)
    out = Path(out)
    assessment = get_assessment(store, assessment_id)
    q = questionnaire_of(store, assessment)
    k = assessment.anonymity_threshold
    release = releases.current(store, assessment_id)
    people = _submitted(store, assessment_id, q, release.number)
    if release.number == 0 or not disclosure.enough_rows(len(people), k):
        raise TransferError("too-few-responses", k=k)
    perspective_of: dict[str, str] = {r.id: r.perspective for r in q.roles}
    counts = Counter((perspective_of[p.role], p.role, p.team) for p in people)
    shown_cells = {key for grouping, key in release.fresh if grouping == "role_team"}
    # every figure the release published (counts and each dimension's scores)
    shown_groups = {name for family in release.fresh_by_family.values() for name in family}
    published = [
        frozenset(c for c in counts if all(v is None or v == c[i] for i, v in enumerate(key)))
        for _, key in shown_groups
    ]
    levels = disclosure.export_levels(counts, shown_cells, published, k)  # type: ignore[arg-type]
    blank = BLANK

    profiles: list[tuple[str, str, str]] = []
    blanked = 0
    for p in people:
        level = levels[(perspective_of[p.role], p.role, p.team)]
        role = blank if level >= 2 else p.role
        persp = blank if level >= 3 else perspective_of[p.role]
        team = p.team or ""
        if p.team is not None and level >= 1:
            team = blank
        blanked += (role == blank) + (persp == blank) + (team == blank)
        profiles.append((role, persp, team))
    classes: list[tuple[str, ...]] = list(profiles)
    extra: dict[str, list[str]] = {}
    for name in ("channel", "language"):
        values = [getattr(p, name) for p in people]
        if disclosure.column_shown(values, classes, k):
            classes = [(*c, v) for c, v in zip(classes, values, strict=True)]
        else:
            values = [blank] * len(people)
            blanked += len(people)
        extra[name] = values

    items = [item for item in q.items if item.type != "text"]
    order = list(range(len(people)))
    rng = random.Random(seed) if seed is not None else secrets.SystemRandom()  # noqa: S311
    rng.shuffle(order)
    records: list[list[Any]] = []
    for row_number, n in enumerate(order, start=1):
        p = people[n]
        role, persp, team = profiles[n]
        record: list[Any] = [
            row_number,
            assessment.wave,
            role,
            persp,
            team,
            extra["channel"][n],
            extra["language"][n],
        ]
        # A blanked role leaves no trace in the columns only some roles are asked.
        role_hidden = profiles[n][0] == blank
        record.extend(
            None
            if role_hidden and not _asked_of_every_role(q, item)
            else _export_value(q, item, p.role, p.answers.get(item.id, (None, None, False)))
            for item in items
        )
        records.append(record)

    base = ["row", "wave", "role", "perspective", "team", "channel", "language"]
    tmp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.tmp")
    try:
        if fmt == "csv":
            columns = _write_csv(tmp, base + [i.id for i in items], records)
        else:
            columns = _write_parquet(tmp, base, items, records)
        os.replace(tmp, out)
    except (OSError, duckdb.Error) as exc:
        raise TransferError("cannot-write", path=out, reason=exc) from None
    finally:
        tmp.unlink(missing_ok=True)
    return ExportReport(len(records), columns, blanked, out)


# What a generalised quasi-identifier reads in an export (a class of k or more rows).
BLANK = "(hidden)"


def _asked_of_every_role(q: Questionnaire, item: Item) -> bool:
    return all(item.seen_by(role.id) for role in q.roles)


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise_cell(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _write_csv(path: Path, header: list[str], records: list[list[Any]]) -> int:
    # utf-8-sig: Excel reads the file as UTF-8 only with the byte-order mark.
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows([_csv_text(v) for v in record] for record in records)
    return len(header)


_ID = re.compile(ID_PATTERN)


def _quoted(name: str) -> str:
    # Column names are item ids (checked against the id pattern) or constants.
    if not _ID.match(name.removesuffix("__dont_know")):
        raise TransferError("bad-column-name", name=name)
    return '"' + name + '"'


def _write_parquet(path: Path, base: list[str], items: list[Item], records: list[list[Any]]) -> int:
    names = list(base)
    types = ["INTEGER", "INTEGER"] + ["VARCHAR"] * (len(base) - 2)
    data: list[list[Any]] = [
        [r[i] if i < 2 else neutralise_cell(r[i]) for r in records] for i in range(len(base))
    ]
    for offset, item in enumerate(items, start=len(base)):
        column = [r[offset] for r in records]
        if item.type == "multi":
            names.append(item.id)
            types.append("VARCHAR")
            data.append([None if v is None else neutralise_cell(str(v)) for v in column])
            continue
        names.append(item.id)
        types.append("DOUBLE")
        data.append([v if isinstance(v, float | int) else None for v in column])
        if item.dont_know:
            names.append(f"{item.id}__dont_know")
            types.append("BOOLEAN")
            data.append([v == DONT_KNOW_TOKEN for v in column])
    con = duckdb.connect(":memory:")
    try:
        definition = ", ".join(f"{_quoted(n)} {t}" for n, t in zip(names, types, strict=True))
        con.execute(f"CREATE TABLE export ({definition})")
        # One parameter per column: the values never become SQL text.
        select = ", ".join(f"unnest(?::{t}[])" for t in types)
        con.execute(f"INSERT INTO export SELECT {select}", data)
        con.table("export").order('"row"').write_parquet(str(path))
    finally:
        con.close()
    return len(names)
