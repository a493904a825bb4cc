"""The `gapmap` command line: questionnaires, demo data, scores, import and export.

Commands print plain text for people and, with `--json`, stable JSON for scripts.
Exit codes: 0 success, 1 the input is invalid, 2 wrong usage (typer's default).
An organisation's data is read and changed through `assessment.access`, as the command
line (`auth.SYSTEM`), so it is checked and audited as a page's would be.

What people read is in English or German (`gapmap --language de ...`; by default
$GAPMAP_LANGUAGE, else the locale), from `words` (section `cli`) and the refusals'
catalogue in `errors`; JSON, CSV, ids, codes and file paths are the same in both.
"""

from __future__ import annotations

import json
import os
import textwrap
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from assessment import words
from assessment.errors import GapMapError
from assessment.organisation.assessments import Assessment
from assessment.questionnaire import variants
from assessment.questionnaire.model import READING_LETTERS_PER_MINUTE, Questionnaire, score_text
from assessment.questionnaire.questionnaires import LoadResult, Problem, load_questionnaire
from assessment.storage.config import ENV_DB, database_path
from assessment.storage.store import Store

if TYPE_CHECKING:
    from datetime import datetime

    from assessment.access import QualityReport, RowProblem
    from assessment.storage.backup import Manifest

app = typer.Typer(
    help="GapMap: measure CRM adoption and show where the gaps are.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)

FileArg = Annotated[Path, typer.Argument(help="A questionnaire YAML file.")]
DbOption = Annotated[
    Path | None,
    typer.Option("--db", help=f"DuckDB file (default: ${ENV_DB} or data/gapmap.duckdb)."),
]

# --- the language people read ------------------------------------------------------------

ENV_LANGUAGE = "GAPMAP_LANGUAGE"
# The POSIX locale's variables for messages, strongest first.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


class _Run:
    """This run's language, set by the `--language` callback before any command runs
    (typer runs the callback on every invocation, so a run never sees another's)."""

    language: str | None = None


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language when `--language` is not given: $GAPMAP_LANGUAGE, else the first of
    LC_ALL, LC_MESSAGES and LANG that is set; German when it starts with "de", else
    English (so "de_DE.UTF-8" is German, "C.UTF-8" English)."""
    env = os.environ if environ is None else environ
    for name in (ENV_LANGUAGE, *LOCALE_VARIABLES):
        value = env.get(name, "").strip()
        if value:
            return "de" if value.lower().startswith("de") else "en"
    return words.DEFAULT_LANGUAGE


@app.callback()
def _options(
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            metavar="en|de",
            help=(
                "Language of the messages, summaries and errors the command prints: en or "
                f"de (default: ${ENV_LANGUAGE}, else German when the locale, LC_ALL, "
                "LC_MESSAGES or LANG, starts with de). JSON, CSV, ids and codes do not "
                "change. Give it before the command: gapmap --language de validate FILE."
            ),
        ),
    ] = None,
) -> None:
    """GapMap: measure CRM adoption and show where the gaps are."""
    if language is None:
        chosen = language_from_environment()
    elif language.strip().lower() in words.LANGUAGES:
        chosen = language.strip().lower()
    else:
        refused = words.t("cli.bad_language", language_from_environment())
        raise typer.BadParameter(refused, param_hint="'--language'")
    _Run.language = chosen


def _lang() -> str:
    """The language of this run (`--language`, else the environment's)."""
    return _Run.language or language_from_environment()


def _t(key: str, /, **params: object) -> str:
    """The command line's text `key` in this run's language, filled in."""
    return words.t(f"cli.{key}", _lang(), **params)


def _number(value: float, digits: int = 0, *, grouped: bool = True) -> str:
    """A figure as the language writes it ("1,234.5", German "1.234,5"); `grouped=False`
    for one a person types back."""
    return words.number(value, _lang(), digits, grouped=grouped)


def _figure(value: float | None, *, grouped: bool = True) -> str:
    """A value from a questionnaire (a weight, a threshold, a question's bounds) with the
    decimals it has."""
    if value is None:
        return words.NO_FIGURE
    text = f"{value:g}"
    digits = len(text.split(".")[1]) if "." in text and "e" not in text else 0
    return _number(value, digits, grouped=grouped)


def _count(noun: str, n: int) -> str:
    """`n` things: "1 error", "2 errors", German "2 Fehler" (no "error(s)")."""
    return words.plural(f"cli.n_{noun}", n, _lang(), n=_number(n))


def _say(key: str, /, *, err: bool = False, **params: object) -> None:
    typer.echo(_t(key, **params), err=err)


def _error(message: str) -> None:
    """One line on stderr: "error: ...", German "Fehler: ..."."""
    typer.echo(_t("error", message=message), err=True)


def _refusal(err: GapMapError) -> str:
    """A refusal from the catalogue in this run's language, with its code."""
    return f"{err.message_in(_lang())} [{err.code}]"


def _offered(languages: Sequence[str]) -> str | None:
    """This run's language when a questionnaire or an assessment is written in it."""
    return _lang() if _lang() in languages else None


def _load_valid(file: Path) -> Questionnaire:
    """Load a questionnaire or print its problems to stderr and exit 1."""
    result = load_questionnaire(file)
    if not result.ok or result.questionnaire is None:
        _print_problems(result)
        raise typer.Exit(1)
    return result.questionnaire


def _problem_line(problem: Problem) -> str:
    """file:line: field: message [code], the message in this run's language."""
    field_ = f" {problem.path}:" if problem.path else ""
    return f"{problem.file}:{problem.line}:{field_} {problem.message_in(_lang())} [{problem.code}]"


def _print_problems(result: LoadResult) -> None:
    for problem in result.errors:
        _error(_problem_line(problem))
    for problem in result.warnings:
        _say("warning", err=True, message=_problem_line(problem))


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Questionnaire YAML files.")],
) -> None:
    """Check questionnaire files; list every problem with file, line, field and code."""
    failed = 0
    for file in files:
        result = load_questionnaire(file)
        _print_problems(result)
        if result.ok and result.questionnaire is not None:
            q = result.questionnaire
            _say(
                "valid",
                file=file,
                id=q.id,
                version=q.version,
                dimensions=_count("dimensions", len(q.dimensions)),
                roles=_count("roles", len(q.roles)),
                items=_count("items", len(q.items)),
                actions=_count("actions", len(q.actions)),
            )
        else:
            failed += 1
            typer.echo(f"{file}: {_count('errors', len(result.errors))}", err=True)
    if failed:
        raise typer.Exit(1)


@app.command()
def preview(
    file: FileArg,
    role: Annotated[str, typer.Option("--role", help="Role id, e.g. sales.")],
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help=(
                "Language of the questionnaire's texts, e.g. de (default: --language when "
                "the questionnaire is written in it, else its first language)."
            ),
        ),
    ] = None,
) -> None:
    """Print the questionnaire as a respondent in ROLE would see it."""
    q = _load_valid(file)
    if role not in {r.id for r in q.roles}:
        raise _fail("no_role", role=role, id=q.id, roles=", ".join(r.id for r in q.roles))
    if lang is not None and lang not in q.languages:
        raise _fail("not_written_in", id=q.id, lang=lang, languages=", ".join(q.languages))
    language = lang or _offered(q.languages) or q.language
    pages = q.items_for_role(role)
    count = sum(len(items) for _, items in pages)
    minutes = max(1, round(q.estimated_seconds(role) / 60))
    typer.echo(f"{q.t(q.title, language)} ({q.version})")
    _say(
        "role_items",
        role=q.t(q.role(role).name, language),
        items=_count("items", count),
        minutes=_number(minutes),
    )
    wrap = textwrap.TextWrapper(width=88, initial_indent="    ", subsequent_indent="    ")
    number = 0
    for step, (dim, items) in enumerate(pages, start=1):
        typer.echo("")
        typer.echo(f"== {step}. {q.t(dim.name, language)} ==")
        for item in items:
            number += 1
            flags = [] if item.is_required else [_t("optional")]
            suffix = f"  ({', '.join(flags)})" if flags else ""
            typer.echo(f"{number}. {q.t(item.text, language)}{suffix}")
            for option in q.options_of(item):
                typer.echo(wrap.fill(f"( ) {q.t(option.text, language)}"))
            if item.type == "number":
                unit = f" {q.t(item.unit, language)}" if item.unit else ""
                # the bounds as a respondent types them (German "10.000" would read as ten)
                low, high = _figure(item.min, grouped=False), _figure(item.max, grouped=False)
                shown = _t("number_range", low=low, high=high, unit=unit)
                typer.echo(f"    {shown}")
            if item.type == "text":
                typer.echo(f"    {_t('free_text')}")
            dont_know = q.dont_know_label(item, language)
            if dont_know:
                typer.echo(f"    ( ) {dont_know}")


@app.command()
def inspect(
    file: FileArg,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable summary.")] = False,
) -> None:
    """Summarise a questionnaire: levels, dimensions, roles, items and actions."""
    q = _load_valid(file)
    core = variants.core_variant(q)
    summary = q.summary()
    summary["time"] = {
        variants.FULL: _times(q),
        variants.CORE: _times(core) if core is not None else None,
    }
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    language = _offered(q.languages)  # names as written in this run's language, if offered
    typer.echo(f"{q.t(q.title, language)} — {q.id} {q.version} ({', '.join(q.languages)})")
    _say("content_hash", hash=q.content_hash()[:16])
    levels = ", ".join(
        f"{q.shown_level(n)} {q.t(lv.name, language)} (>= {_figure(lv.threshold)})"
        for n, lv in enumerate(q.levels, start=1)
    )
    _say("levels", levels=levels)
    dimensions = ", ".join(
        _t("weighted", id=d["id"], weight=_figure(d["weight"])) for d in summary["dimensions"]
    )
    _say("dimensions", dimensions=dimensions)
    for area in summary["areas"]:
        _say(
            "area",
            id=area["id"],
            weight=_figure(area["weight"]),
            dimensions=", ".join(area["dimensions"]),
        )
    _say(
        "items_actions",
        items=_number(len(q.items)),
        pulse=_number(len(q.pulse_items())),
        actions=_number(len(q.actions)),
    )
    _say("time_on_phone", letters=_number(READING_LETTERS_PER_MINUTE))
    _print_times(q)
    if core is not None:
        _say("core_only", items=_count("items", len(core.items)))
        _print_times(core)
    longest = max(s for role in summary["time"][variants.FULL].values() for s in role.values())
    if longest > LONG_SURVEY_SECONDS:
        _say(
            "long_survey" if core is None else "long_survey_core",
            minutes=_number(_minutes(longest)),
            limit=_number(LONG_SURVEY_SECONDS // 60),
        )


LONG_SURVEY_SECONDS = 12 * 60  # beyond this, offer the shorter variant


def _minutes(seconds: int) -> int:
    """Whole minutes as the welcome page says them (rounded up)."""
    return -(-seconds // 60)


def _times(q: Questionnaire) -> dict[str, dict[str, int]]:
    """Estimated seconds per role and language."""
    return {
        role.id: {lang: q.estimated_seconds(role.id, lang) for lang in q.languages}
        for role in q.roles
    }


def _print_times(q: Questionnaire) -> None:
    for role in q.roles:
        count = sum(len(items) for _, items in q.items_for_role(role.id))
        parts = []
        for lang in q.languages:
            e = q.estimate(role.id, lang)
            parts.append(
                _t(
                    "language_time",
                    lang=lang,
                    minutes=_number(_minutes(e.seconds)),
                    seconds=_number(e.seconds),
                    words=_count("words", e.words),
                    reading=_number(e.reading_seconds),
                    answering=_number(e.answering_seconds),
                )
            )
        shown = _t(
            "role_time",
            role=role.id,
            perspective=role.perspective,
            items=_count("items", count),
            times=" · ".join(parts),
        )
        typer.echo(f"  {shown}")


def _open_store(db: Path | None) -> Store:
    """Open the database or explain why not (another process holds it) and exit 1."""
    import duckdb

    path = database_path(db)
    try:
        return Store(path)
    except duckdb.IOException as exc:
        _error(_t("cannot_open", path=path, reason=exc))
        _say("app_running", err=True)
        raise typer.Exit(1) from None


@contextmanager
def _database(db: Path | None) -> Iterator[Store]:
    """The open database for one command; a refusal (`GapMapError`) inside becomes a
    one-line error and exit 1, and the file is closed in every case."""
    store = _open_store(db)
    try:
        yield store
    except GapMapError as err:
        _error(_refusal(err))
        raise typer.Exit(1) from None
    finally:
        store.close()


def _find_assessment(store: Store, ref: str) -> Assessment:
    """An assessment by id or invite code, or a clear error and exit 1."""
    from assessment import access
    from assessment.organisation import auth

    try:
        return access.find_assessment(store, auth.SYSTEM, ref)
    except GapMapError:
        raise _fail("no_assessment", ref=repr(ref)) from None


AssessmentOption = Annotated[
    str, typer.Option("--assessment", "-a", help="Assessment id or invite code.")
]


@app.command()
def info(db: DbOption = None) -> None:
    """Show which database file is used, creating it if new, and its schema version."""
    path = database_path(db)
    with _database(db) as store:
        _say("database", path=path.resolve())
        _say("schema_version", version=str(store.schema_version))


@app.command()
def demo(
    db: DbOption = None,
    respondents: Annotated[
        int, typer.Option("--respondents", "-n", min=10, max=100_000, help="Organisation size.")
    ] = 250,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same organisation.")] = 7,
    as_json: Annotated[bool, typer.Option("--json", help="Print ids as JSON.")] = False,
) -> None:
    """Create a synthetic organisation with answers (planted gaps included)."""
    from assessment.collect.demo import generate_demo

    with _database(db) as store:
        result = generate_demo(store, respondents, seed=seed)
    if as_json:
        typer.echo(
            json.dumps({"assessment_id": result.assessment_id, "invite_code": result.invite_code})
        )
        return
    _say("demo_created", responses=_count("submitted", result.respondents))
    _say("assessment_id", id=result.assessment_id)
    _say("invite_code", code=result.invite_code)


@app.command()
def score(
    assessment: AssessmentOption,
    db: DbOption = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help=(
                "Language of the questionnaire's names and the actions' reasons (default: "
                "the assessment's first; the printed summary takes --language when the "
                "assessment offers it)."
            ),
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable results.")] = False,
) -> None:
    """Score an assessment: overall index, dimensions by group, gaps, findings, actions,
    and the assessment's quality (reliability, straight-liners, speeders).

    Figures come from the current release (they move in steps of at least k responses);
    hidden groups are marked suppressed, carry no figures and say why (`reason`)."""
    from assessment import access
    from assessment.organisation import auth

    with _database(db) as store:
        found = _find_assessment(store, assessment)
        # JSON keeps its default (the assessment's first language) whatever the locale.
        names = lang if lang is not None or as_json else _offered(found.languages)
        result = access.analysis(store, auth.SYSTEM, found.id, language=names)
        quality = access.quality(store, auth.SYSTEM, found.id)
    data = result.to_json(names)
    data["quality"] = _quality_json(quality, data)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    _print_score(data)


def _quality_json(report: QualityReport, data: dict[str, Any]) -> dict[str, Any] | None:
    """The figures the dashboard's quality section shows, as the release computed them
    (whole-assessment counts, no group's); None before the first release."""
    if data["release"] == 0:
        return None
    return {
        "respondents": report.respondents,
        "straight_liners": report.straight_liners,
        "speeders": report.speeders,
        "flagged": report.flagged,
        "reliability": [asdict(r) for r in report.reliability],
        "response_rates": data["response_rates"],
    }


def _print_score(data: dict[str, Any]) -> None:
    from assessment.analysis.disclosure import hidden_label

    lang = _lang()
    overall = data["overall"]
    k = data["anonymity_threshold"]
    first = data["questionnaire"].get("first_level", 1)

    thresholds = data["questionnaire"]["thresholds"]

    def shown(level: int | None) -> int | None:  # as the model numbers its levels
        return None if level is None else level - 1 + first

    def score(value: float) -> str:  # never a figure that reads as another level
        return score_text(value, thresholds, lang, 2)

    def hidden(reason: str | None) -> str:
        return hidden_label(reason, lang, k)

    _say(
        "score_heading",
        assessment=data["assessment"],
        responses=_count("responses", data["respondents"]),
        release=str(data["release"]),
    )
    if overall["suppressed"]:
        _say("overall_hidden", reason=hidden(overall.get("reason")))
    else:
        _say(
            "overall",
            index=score(overall["index"]),
            level=str(shown(overall["level"])),
            staged=str(shown(overall["staged_level"])),
            weakest=overall["weakest"],
        )
    for area in data.get("areas", []):
        org_area = next(g for g in area["groups"] if g["grouping"] == "organisation")
        if org_area["suppressed"]:
            _say("area_hidden", name=area["name"], reason=hidden(org_area.get("reason")))
        else:
            _say(
                "area_score",
                name=area["name"],
                index=score(org_area["index"]),
                level=str(shown(org_area["level"])),
            )
    typer.echo("")
    typer.echo(
        f"{_t('col_dimension'):<16}{_t('col_mean'):>6}{_t('col_level'):>7}"
        f"{_t('col_target'):>8}{'n':>7}{'rwg':>6}"
    )
    for dim in data["dimensions"]:
        org = next(g for g in dim["groups"] if g["grouping"] == "organisation")
        if org["suppressed"]:
            typer.echo(f"{dim['name']:<16}  ({hidden(org.get('reason'))})")
            continue
        rwg = "" if org["rwg"] is None else _number(org["rwg"], 2)
        typer.echo(
            f"{dim['name']:<16}{score(org['mean']):>6}{shown(org['level']):>7}"
            f"{shown(dim['target']):>8}"
            f"{_number(org['n']):>7}{rwg:>6}"
        )
    typer.echo("")
    for gap in data["perception_gaps"]:
        if not gap["suppressed"]:
            difference = gap["difference"]
            _say(
                "perception_gap",
                dimension=gap["dimension"],
                leaders=score(gap["leadership_mean"]),
                frontline=score(gap["frontline_mean"]),
                difference=("+" if difference >= 0 else "") + _number(difference, 2),
            )
    barriers = [b for b in data["first_barriers"] if b["grouping"] == "team"]
    if barriers:
        typer.echo("")
        _say("barriers")
        for barrier in barriers:
            typer.echo(f"  {barrier['team']}: {barrier['dimension'] or _t('no_barrier')}")
    typer.echo("")
    _say("findings")
    for finding in data["findings"][:10]:
        where = finding["team"] or finding["role"] or finding["grouping"]
        kind = f"report.kind_{finding['kind']}"
        named = words.t(kind, lang) if words.has(kind) else finding["kind"]
        typer.echo(f"  - {named} {finding['dimension'] or ''} ({where})")
    typer.echo("")
    _say("actions")
    for action in data["actions"][:10]:
        typer.echo(f"  {action['rank']:>2}. {action['title']}  [{action['owner']}]")
        typer.echo(f"      {_t('because', reasons='; '.join(action['reasons']))}")
    quality = data["quality"]
    if quality is not None:
        typer.echo("")
        _say(
            "quality",
            straight_liners=_count("straight_liners", quality["straight_liners"]),
            speeders=_count("speeders", quality["speeders"]),
            flagged=_count("flagged", quality["flagged"]),
            respondents=_number(quality["respondents"]),
        )
        alphas = ", ".join(
            f"{r['dimension']} {words.NO_FIGURE if r['alpha'] is None else _number(r['alpha'], 2)}"
            for r in quality["reliability"]
        )
        _say("reliability", alphas=alphas)


def _row_problem_line(file: Path, problem: RowProblem) -> str:
    """file:row: column 'x': message [code], the message in this run's language."""
    column = f" {_t('column', column=repr(problem.column))}" if problem.column else ""
    return f"{file}:{problem.row}:{column} {problem.message_in(_lang())} [{problem.code}]"


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx file, one row per respondent.")],
    assessment: AssessmentOption,
    db: DbOption = None,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Import the valid rows, report the others.")
    ] = False,
    values: Annotated[
        str,
        typer.Option(
            "--values",
            help=(
                "How numbers in answer cells are meant: score (an option's score), "
                "position (its number from 1), text (only an option's text), or auto: "
                "a number is taken only when it can name one option, else refused."
            ),
        ),
    ] = "auto",
) -> None:
    """Import responses (e.g. a Microsoft Forms or Google Forms export); nothing is
    imported unless every row is valid, or --skip-bad is given."""
    from assessment import access
    from assessment.organisation import auth

    if values not in access.VALUE_READINGS:
        _error(_t("values_usage"))
        raise typer.Exit(2)
    with _database(db) as store:
        found = _find_assessment(store, assessment)
        report = access.import_responses(
            store,
            auth.SYSTEM,
            found.id,
            file,
            skip_bad=skip_bad,
            values=values,  # checked above
        )
    for warning in report.warnings:
        _say("warning", err=True, message=warning.message_in(_lang()))
    for problem in report.problems:
        typer.echo(_row_problem_line(file, problem), err=True)
    _say(
        "imported",
        responses=_count("responses", report.imported),
        skipped=_number(report.skipped),
    )
    if report.problems and not skip_bad:
        _say("nothing_imported", err=True)
        raise typer.Exit(1)


@app.command()
def export(
    assessment: AssessmentOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
    db: DbOption = None,
    fmt: Annotated[
        str, typer.Option("--format", help="csv or parquet (default: from the file name).")
    ] = "",
) -> None:
    """Write anonymised answers: no ids, no times, small groups blanked, formulas
    neutralised."""
    from assessment import access
    from assessment.organisation import auth

    kind = fmt or ("parquet" if out.suffix.lower() == ".parquet" else "csv")
    if kind not in ("csv", "parquet"):
        _error(_t("export_format_usage"))
        raise typer.Exit(2)
    with _database(db) as store:
        found = _find_assessment(store, assessment)
        report = access.export_answers(store, auth.SYSTEM, found.id, out, fmt=kind)  # type: ignore[arg-type]
    _say(
        "exported",
        responses=_count("responses", report.rows),
        columns=_count("columns", report.columns),
        file=out,
        cells=_count("cells", report.blanked_cells),
    )


REPORT_FORMATS = ("pdf", "html", "xlsx", "csv")


@app.command()
def report(
    assessment: AssessmentOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
    db: DbOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", help="pdf, html, xlsx or csv (a zip of CSV files; default: from --out)."
        ),
    ] = "",
    lang: Annotated[
        str | None, typer.Option("--lang", help="en or de (default: the assessment's first).")
    ] = None,
    view: Annotated[
        str | None,
        typer.Option("--view", help="With csv: write only this view (e.g. dimensions)."),
    ] = None,
) -> None:
    """Render the leadership gap report: PDF, HTML, an Excel workbook or CSV files.

    Only aggregated, anonymised figures: groups below the threshold say "fewer than k"."""
    from assessment import access
    from assessment.documents.report import (
        VIEWS,
        render_csv,
        render_csv_zip,
        render_html,
        render_pdf,
        render_xlsx,
    )
    from assessment.organisation import auth

    suffix = out.suffix.lower().lstrip(".")
    kind = fmt.lower() or ("csv" if suffix == "zip" else suffix)
    if kind not in REPORT_FORMATS:
        raise _fail("report_format_usage", formats=", ".join(REPORT_FORMATS))
    if lang is not None and lang not in ("en", "de"):
        raise _fail("report_lang_usage")
    if view is not None and (kind != "csv" or view not in VIEWS):
        raise _fail("view_usage", views=", ".join(VIEWS))
    with _database(db) as store:
        found = _find_assessment(store, assessment)
        data = access.build_report(store, auth.SYSTEM, found.id, lang)
    if kind == "pdf":
        content = render_pdf(data)
    elif kind == "html":
        content = render_html(data).encode("utf-8")
    elif kind == "xlsx":
        content = render_xlsx(data)
    elif view is not None:
        content = render_csv(data, view).encode("utf-8-sig")
    else:
        content = render_csv_zip(data)
    try:
        out.write_bytes(content)
    except OSError as exc:
        raise _fail("cannot_write", file=out, reason=exc.strerror or exc) from None
    _say(
        "report_written",
        file=out,
        size=_count("bytes", len(content)),
        format=kind,
        language=data.language,
    )


# --- accounts, organisations, assessments (as the command line: auth.SYSTEM) ----------------

user_app = typer.Typer(
    help="Accounts: add, list, disable, enable, grant, reset.", no_args_is_help=True
)
org_app = typer.Typer(help="Organisations.", no_args_is_help=True)
assessment_app = typer.Typer(help="Assessments.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(org_app, name="org")
app.add_typer(assessment_app, name="assessment")
evidence_app = typer.Typer(help="Evidence from the CRM's own records.", no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")


@evidence_app.command("import")
def evidence_import(
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx file, one row per user or team.")],
    assessment: AssessmentOption,
    db: DbOption = None,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Import the valid rows, report the others.")
    ] = False,
) -> None:
    """Import CRM usage (a Salesforce, HubSpot or Dynamics report export, or GapMap's own
    columns), added up per team; names, e-mails and ids are never stored."""
    from assessment import access
    from assessment.organisation import auth

    with _database(db) as store:
        found = _find_assessment(store, assessment)
        report = access.import_evidence(store, auth.SYSTEM, found.id, file, skip_bad=skip_bad)
    for warning in report.warnings:
        _say("warning", err=True, message=warning.message_in(_lang()))
    for problem in report.problems:
        typer.echo(_row_problem_line(file, problem), err=True)
    _say("evidence_imported", rows=_count("rows", report.imported), skipped=_number(report.skipped))
    if (report.problems and not skip_bad) or not report.imported:
        _say("nothing_imported", err=True)
        raise typer.Exit(1)


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
OrgOption = Annotated[
    str | None, typer.Option("--org", help="Organisation id or name (case-insensitive).")
]


def _fail(key: str, /, **params: object) -> typer.Exit:
    """Print the one-line error `key` (section `cli`) in this run's language; raise the
    returned Exit (code 1)."""
    _error(_t(key, **params))
    return typer.Exit(1)


def _find_organisation(store: Store, ref: str) -> str:
    """An organisation id from an id or a unique name, or a clear error and exit 1."""
    from assessment import access
    from assessment.organisation import auth

    organisations = access.list_organisations(store, auth.SYSTEM)
    for org in organisations:
        if org.id == ref:
            return org.id
    named = [o for o in organisations if o.name.casefold() == ref.strip().casefold()]
    if len(named) == 1:
        return named[0].id
    if named:
        raise _fail("several_organisations", ref=repr(ref))
    raise _fail("no_organisation", ref=repr(ref))


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        import sys

        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt(
        _t("password"), hide_input=True, confirmation_prompt=_t("password_again")
    )
    return password


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="User name (lower-case letters, digits, ._@-).")],
    role: Annotated[str, typer.Option("--role", help="consultant or leadership.")],
    org: OrgOption = None,
    name: Annotated[str, typer.Option("--name", help="Display name.")] = "",
    email: Annotated[
        str | None, typer.Option("--email", help="E-mail address for single sign-on.")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Add an account; the password is prompted for twice (never an argument). A
    leadership account needs --org; a consultant given --org manages that organisation."""
    from assessment import access
    from assessment.organisation import auth

    if role not in auth.ACCOUNT_ROLES:
        raise _fail("role_usage")
    if role == "leadership" and not org:
        raise _fail("leadership_needs_org")
    with _database(db) as store:
        org_id = _find_organisation(store, org) if org else None
        password = _read_password(password_stdin)
        account = access.create_account(
            store,
            auth.SYSTEM,
            username=username,
            password=password,
            role=role,
            display_name=name,
            organisation_id=org_id,
            email=email,
            manages=frozenset([org_id]) if role == "consultant" and org_id else frozenset(),
        )
    _say("account_added", role=_t(f"role_{account.role}"), username=account.username)


@user_app.command("list")
def user_list(as_json: JsonOption = False, db: DbOption = None) -> None:
    """Every account with its role, organisations and whether it is disabled."""
    from assessment import access
    from assessment.organisation import auth

    with _database(db) as store:
        names = {o.id: o.name for o in access.list_organisations(store, auth.SYSTEM)}
        rows: list[dict[str, Any]] = []
        for account in access.list_accounts(store, auth.SYSTEM):
            orgs = sorted(auth.actor_for_account(store, account).organisation_ids)
            rows.append(
                {
                    "username": account.username,
                    "display_name": account.display_name,
                    "role": account.role,
                    "organisations": [{"id": o, "name": names.get(o, o)} for o in orgs],
                    "email": account.email,
                    "disabled": account.disabled,
                    "created_at": account.created_at.isoformat(),
                }
            )
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        _say("no_accounts")
    for row in rows:
        orgs_text = ", ".join(o["name"] for o in row["organisations"]) or "-"
        flag = f"  {_t('disabled_flag')}" if row["disabled"] else ""
        typer.echo(f"{row['username']}  {_t('role_' + row['role'])}  {orgs_text}{flag}")


def _set_disabled(username: str, disabled: bool, db: Path | None) -> None:
    from assessment import access
    from assessment.organisation import auth

    with _database(db) as store:
        account = access.set_disabled(store, auth.SYSTEM, username, disabled)
    _say("account_disabled" if disabled else "account_enabled", username=account.username)


@user_app.command("disable")
def user_disable(
    username: Annotated[str, typer.Argument(help="User name.")], db: DbOption = None
) -> None:
    """Disable an account; its sessions end at once."""
    _set_disabled(username, True, db)


@user_app.command("enable")
def user_enable(
    username: Annotated[str, typer.Argument(help="User name.")], db: DbOption = None
) -> None:
    """Enable a disabled account again."""
    _set_disabled(username, False, db)


@user_app.command("grant")
def user_grant(
    username: Annotated[str, typer.Argument(help="A consultant's user name.")],
    org: Annotated[str, typer.Option("--org", help="Organisation id or name.")],
    db: DbOption = None,
) -> None:
    """Let a consultant manage an organisation."""
    from assessment import access
    from assessment.organisation import auth

    with _database(db) as store:
        org_id = _find_organisation(store, org)
        account = auth.get_account(store, username)
        if account.role != "consultant":
            raise _fail("not_consultant", username=account.username)
        access.grant_organisation(store, auth.SYSTEM, account.id, org_id)
    _say("granted", username=account.username, organisation=org_id)


@user_app.command("reset")
def user_reset(
    username: Annotated[str, typer.Argument(help="User name.")],
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", help="Where people reach GapMap (or $GAPMAP_BASE_URL)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Print a one-time link that sets a new password for the account. It works once,
    for 24 hours; an earlier unused link for the account stops working. Using it ends
    the account's sessions and clears its sign-in lockout."""
    import os

    from assessment import access
    from assessment.collect import invites
    from assessment.organisation import auth

    base = invites.base_url_of(base_url or os.environ.get("GAPMAP_BASE_URL"), None)
    with _database(db) as store:
        issued = access.issue_password_reset(store, auth.SYSTEM, username)
    hours = int(auth.RESET_VALID.total_seconds() // 3600)
    _say("reset_link", username=issued.username, hours=_count("hours", hours))
    typer.echo(auth.password_reset_url(base, issued.token))
    _say("reset_expires", err=True, time=_time(issued.expires_at))


def _time(moment: datetime) -> str:
    """A day and time as the language writes them: "4 December 2026 05:00"."""
    return f"{words.date(moment.date(), _lang())} {moment:%H:%M}"


@org_app.command("list")
def org_list(as_json: JsonOption = False, db: DbOption = None) -> None:
    """Every organisation: id, name and how many assessments it has."""
    from assessment import access
    from assessment.organisation import auth

    with _database(db) as store:
        counts = Counter(a.organisation_id for a in access.list_assessments(store, auth.SYSTEM))
        rows: list[dict[str, Any]] = [
            {"id": o.id, "name": o.name, "assessments": counts[o.id]}
            for o in access.list_organisations(store, auth.SYSTEM)
        ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        _say("no_organisations")
    for row in rows:
        typer.echo(f"{row['id']}  {row['name']}  ({_count('assessments', row['assessments'])})")


@assessment_app.command("list")
def assessment_list(
    org: OrgOption = None, as_json: JsonOption = False, db: DbOption = None
) -> None:
    """Assessments, newest first: id, organisation, name, wave, status, invite code and
    submitted responses."""
    from assessment import access
    from assessment.organisation import auth

    with _database(db) as store:
        org_id = _find_organisation(store, org) if org else None
        names = {o.id: o.name for o in access.list_organisations(store, auth.SYSTEM)}
        rows: list[dict[str, Any]] = [
            {
                "id": a.id,
                "organisation": names.get(a.organisation_id, a.organisation_id),
                "organisation_id": a.organisation_id,
                "name": a.name,
                "wave": a.wave,
                "status": a.status(),
                "invite_code": a.invite_code,
                "submitted": access.submitted_count(store, auth.SYSTEM, a.id),
            }
            for a in access.list_assessments(store, auth.SYSTEM, org_id)
        ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        _say("no_assessments")
    for row in rows:
        _say(
            "assessment_row",
            id=row["id"],
            organisation=row["organisation"],
            name=row["name"],
            wave=str(row["wave"]),
            status=_t(f"status_{row['status']}"),
            code=row["invite_code"],
            submitted=_number(row["submitted"]),
        )


# --- operations: backup, restore, retention, erasure -------------------------------------------


@app.command()
def backup(
    out: Annotated[Path, typer.Option("--out", "-o", help="New folder for the backup.")],
    db: DbOption = None,
) -> None:
    """Back up the whole database into a new folder, while the app runs or not.

    A running app takes the backup itself (through its control socket), in one read
    transaction, so respondents can go on answering. Without a running app the file is
    opened read-only. Restore with `gapmap restore`."""
    from assessment.storage import control

    path = database_path(db)
    try:
        manifest = control.request_backup(path, out)
        taken_by = "backup_by_app"
        if manifest is None:
            manifest = _backup_file(path, out)
            taken_by = "backup_by_command"
    except GapMapError as err:
        _error(_refusal(err))
        raise typer.Exit(1) from None
    _say(taken_by, db=path, folder=out.absolute())
    _say_backup(manifest)


def _say_backup(manifest: Manifest) -> None:
    """One line about a backup: when, which schema, how much."""
    _say(
        "backup_summary",
        time=_time(manifest.created_at),
        version=str(manifest.schema_version),
        tables=_count("tables", len(manifest.tables)),
        rows=_count("rows", manifest.total_rows),
    )


def _backup_file(path: Path, out: Path) -> Any:
    import duckdb

    from assessment.storage import backup as backups

    try:
        return backups.backup_file(path, out)
    except duckdb.IOException as exc:
        raise _fail("backup_held", path=path, reason=exc) from None


@app.command()
def restore(
    backup_dir: Annotated[Path, typer.Argument(help="A folder written by `gapmap backup`.")],
    db: Annotated[
        Path, typer.Option("--db", help="The new DuckDB file to create (must not exist).")
    ],
) -> None:
    """Restore a backup into a new database file, checking every table against the
    backup's manifest. An existing file is never overwritten."""
    from assessment.storage import backup as backups

    try:
        restored = backups.restore(backup_dir, db)
    except GapMapError as err:
        _error(_refusal(err))
        raise typer.Exit(1) from None
    _say("restored", backup=backup_dir, db=restored.path)
    _say_backup(restored.manifest)
    _say("restore_checked", version=str(restored.schema_version))
    _say("restore_start", db=restored.path)


@app.command("delete-responses")
def delete_responses(
    assessment: AssessmentOption,
    before: Annotated[
        str | None,
        typer.Option("--before", help="Only responses given before this date (YYYY-MM-DD)."),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    db: DbOption = None,
) -> None:
    """Delete an assessment's responses for good (all, or those before a date): answers,
    comments and scores. Recorded in the audit log. Take a backup first if in doubt."""
    from datetime import date

    from assessment import access
    from assessment.organisation import auth

    cutoff = None
    if before is not None:
        try:
            cutoff = date.fromisoformat(before)
        except ValueError:
            raise _fail("before_usage", value=repr(before)) from None
    with _database(db) as store:
        found = _find_assessment(store, assessment)
        question = (
            _t("confirm_delete_all", name=repr(found.name))
            if cutoff is None
            else _t(
                "confirm_delete_before", name=repr(found.name), date=words.date(cutoff, _lang())
            )
        )
        if not yes and not typer.confirm(question):
            raise typer.Exit(1)
        erased = access.delete_responses(store, auth.SYSTEM, found.id, before=cutoff)
    _say(
        "deleted",
        responses=_count("responses", erased.respondents),
        answers=_count("answers", erased.answers),
        comments=_count("comments", erased.comments),
    )


@app.command()
def erase(
    link: Annotated[
        str,
        typer.Argument(
            help='The respondent\'s "continue later" link, or its secret (a secret that'
            ' starts with "-" goes after "--": gapmap erase -- -Ab3...).'
        ),
    ],
    db: DbOption = None,
) -> None:
    """Erase one respondent's answers at their request (their right to erasure). They
    send their "continue later" link; nothing else identifies their answers."""
    from assessment import access
    from assessment.organisation import auth

    with _database(db) as store:
        erased = access.erase_respondent(store, auth.SYSTEM, link)
    _say(
        "erased",
        answers=_count("answers", erased.answers),
        comments=_count("comments", erased.comments),
    )


@app.command("codes")
def codes_(
    assessment: AssessmentOption,
    count: Annotated[
        int | None,
        typer.Option(
            "--count", "-n", help="Issue this many new codes (default: the teams' head-counts)."
        ),
    ] = None,
    csv_out: Annotated[
        Path | None, typer.Option("--csv", help="Write the new codes for a mail merge (CSV).")
    ] = None,
    pdf_out: Annotated[
        Path | None, typer.Option("--pdf", help="Write the new codes as printable slips (PDF).")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", help="Where respondents reach GapMap (or $GAPMAP_BASE_URL)."),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option(
            "--language", help="The slips' language: en or de (default: the assessment's first)."
        ),
    ] = None,
    switch_on: Annotated[
        bool, typer.Option("--on", help="Switch an open-link assessment to per-person codes.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Per-person invite codes: without --csv or --pdf, how many were issued and used;
    with them, issue new codes and write them (they are shown only this once: GapMap
    stores a hash of each code, never the code)."""
    import os

    from assessment import access
    from assessment.collect import codes, invites
    from assessment.organisation import auth

    if count is not None and csv_out is None and pdf_out is None:
        raise _fail("codes_need_output")
    for out in (csv_out, pdf_out):
        if out is not None and not out.parent.is_dir():  # checked before codes are issued
            raise _fail("no_folder", folder=out.parent, file=out.name)
    with _database(db) as store:
        found = _find_assessment(store, assessment)
        if switch_on and not found.per_person_codes:
            found = access.set_per_person_codes(store, auth.SYSTEM, found.id, True)
        if csv_out is None and pdf_out is None:
            counted = access.code_counts(store, auth.SYSTEM, found.id)
            _say(
                "codes_counted",
                name=found.name,
                mode=_t("mode_codes" if found.per_person_codes else "mode_open"),
                issued=_count("codes", counted.issued),
                used=_number(counted.used),
            )
            return
        if not found.per_person_codes:
            raise _fail("open_link_needs_on", name=repr(found.name))
        wanted = count if count is not None else codes.default_code_count(found.teams)
        if not wanted:
            raise _fail("no_head_count")
        issued = access.issue_codes(store, auth.SYSTEM, found.id, wanted)
    base = invites.base_url_of(base_url or os.environ.get("GAPMAP_BASE_URL"), None)
    if csv_out is not None:
        csv_out.write_bytes(invites.codes_csv(issued, base))
        _say("written", what=_count("codes", len(issued)), file=csv_out)
    if pdf_out is not None:
        pdf_out.write_bytes(invites.code_sheet_pdf(found, issued, base, language=language))
        _say("written", what=_count("slips", len(issued)), file=pdf_out)


def main() -> None:
    """Entry point for `python -m assessment.cli`."""
    app()


if __name__ == "__main__":
    main()
