"""The `gapmap` command line: questionnaires, demo data, scores, import and export.

Commands print plain text for people and, with `--json`, stable JSON for scripts.
Exit codes: 0 success, 1 the input is invalid, 2 wrong usage (typer's default).
An organisation's data is read and changed through `assessment.access`, as the command
line (`auth.SYSTEM`), so it is checked and audited as a page's would be.
"""

from __future__ import annotations

import json
import textwrap
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from assessment.errors import GapMapError
from assessment.organisation.assessments import Assessment
from assessment.questionnaire import variants
from assessment.questionnaire.model import READING_LETTERS_PER_MINUTE, Questionnaire, score_text
from assessment.questionnaire.questionnaires import LoadResult, load_questionnaire
from assessment.storage.config import ENV_DB, database_path
from assessment.storage.store import Store

if TYPE_CHECKING:
    from assessment.access import QualityReport

app = typer.Typer(
    help="GapMap: measure CRM adoption and show where the gaps are.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

FileArg = Annotated[Path, typer.Argument(help="A questionnaire YAML file.")]
DbOption = Annotated[
    Path | None,
    typer.Option("--db", help=f"DuckDB file (default: ${ENV_DB} or data/gapmap.duckdb)."),
]


def _load_valid(file: Path) -> Questionnaire:
    """Load a questionnaire or print its problems to stderr and exit 1."""
    result = load_questionnaire(file)
    if not result.ok or result.questionnaire is None:
        _print_problems(result)
        raise typer.Exit(1)
    return result.questionnaire


def _print_problems(result: LoadResult) -> None:
    for problem in result.errors:
        typer.echo(f"error: {problem}", err=True)
    for problem in result.warnings:
        typer.echo(f"warning: {problem}", err=True)


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
            typer.echo(
                f"{file}: valid ({q.id} {q.version}: {len(q.dimensions)} dimensions, "
                f"{len(q.roles)} roles, {len(q.items)} items, {len(q.actions)} actions)"
            )
        else:
            failed += 1
            typer.echo(f"{file}: {len(result.errors)} error(s)", err=True)
    if failed:
        raise typer.Exit(1)


@app.command()
def preview(
    file: FileArg,
    role: Annotated[str, typer.Option("--role", help="Role id, e.g. sales.")],
    lang: Annotated[str | None, typer.Option("--lang", help="Language, e.g. de.")] = None,
) -> None:
    """Print the questionnaire as a respondent in ROLE would see it."""
    q = _load_valid(file)
    if role not in {r.id for r in q.roles}:
        known = ", ".join(r.id for r in q.roles)
        typer.echo(f"error: no role `{role}` in {q.id}; roles are: {known}", err=True)
        raise typer.Exit(1)
    if lang is not None and lang not in q.languages:
        typer.echo(
            f"error: {q.id} is not written in `{lang}`; languages: {', '.join(q.languages)}",
            err=True,
        )
        raise typer.Exit(1)
    language = lang or q.language
    pages = q.items_for_role(role)
    count = sum(len(items) for _, items in pages)
    minutes = max(1, round(q.estimated_seconds(role) / 60))
    typer.echo(f"{q.t(q.title, language)} ({q.version})")
    typer.echo(f"{q.t(q.role(role).name, language)}: {count} items, about {minutes} min")
    wrap = textwrap.TextWrapper(width=88, initial_indent="    ", subsequent_indent="    ")
    number = 0
    for step, (dim, items) in enumerate(pages, start=1):
        typer.echo("")
        typer.echo(f"== {step}. {q.t(dim.name, language)} ==")
        for item in items:
            number += 1
            flags = [] if item.is_required else ["optional"]
            suffix = f"  ({', '.join(flags)})" if flags else ""
            typer.echo(f"{number}. {q.t(item.text, language)}{suffix}")
            for option in q.options_of(item):
                typer.echo(wrap.fill(f"( ) {q.t(option.text, language)}"))
            if item.type == "number":
                unit = f" {q.t(item.unit, language)}" if item.unit else ""
                typer.echo(f"    [number {item.min:g} to {item.max:g}{unit}]")
            if item.type == "text":
                typer.echo("    [free text]")
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
    typer.echo(f"{q.t(q.title)} — {q.id} {q.version} ({', '.join(q.languages)})")
    typer.echo(f"content hash {q.content_hash()[:16]}")
    typer.echo(
        "levels: "
        + ", ".join(
            f"{lv['number']} {lv['name']} (>= {lv['threshold']:g})" for lv in summary["levels"]
        )
    )
    typer.echo(
        "dimensions: "
        + ", ".join(f"{d['id']} (weight {d['weight']:g})" for d in summary["dimensions"])
    )
    for area in summary["areas"]:
        typer.echo(
            f"area {area['id']} (weight {area['weight']:g}): {', '.join(area['dimensions'])}"
        )
    typer.echo(f"items: {len(q.items)} ({len(q.pulse_items())} pulse), actions: {len(q.actions)}")
    typer.echo(
        f"time on a phone (reading {READING_LETTERS_PER_MINUTE:,} letters a minute, "
        "plus answering; see the README):"
    )
    _print_times(q)
    if core is not None:
        typer.echo(
            f"core only ({len(core.items)} items: the required ones every role answers; "
            "a choice when creating an assessment):"
        )
        _print_times(core)
    longest = max(s for role in summary["time"][variants.FULL].values() for s in role.values())
    if longest > LONG_SURVEY_SECONDS:
        typer.echo(
            f"note: the longest role takes {_minutes(longest)} min, over "
            f"{LONG_SURVEY_SECONDS // 60} minutes"
            + ("; the core-only variant is shorter" if core is not None else "")
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
                f"{lang} {_minutes(e.seconds)} min ({e.seconds} s: {e.words:,} words read "
                f"in {e.reading_seconds:.0f} s, answering {e.answering_seconds:.0f} s)"
            )
        typer.echo(f"  role {role.id} ({role.perspective}): {count} items · " + " · ".join(parts))


def _open_store(db: Path | None) -> Store:
    """Open the database or explain why not (another process holds it) and exit 1."""
    import duckdb

    path = database_path(db)
    try:
        return Store(path)
    except duckdb.IOException as exc:
        typer.echo(f"error: cannot open {path}: {exc}", err=True)
        typer.echo("Is the app running on this file? Stop it, or use another --db.", err=True)
        raise typer.Exit(1) from None


@contextmanager
def _database(db: Path | None) -> Iterator[Store]:
    """The open database for one command; a refusal (`GapMapError`) inside becomes a
    one-line error and exit 1, and the file is closed in every case."""
    store = _open_store(db)
    try:
        yield store
    except GapMapError as err:
        typer.echo(f"error: {err.message} [{err.code}]", err=True)
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
        typer.echo(f"error: no assessment with the id or invite code {ref!r}", err=True)
        raise typer.Exit(1) from None


AssessmentOption = Annotated[
    str, typer.Option("--assessment", "-a", help="Assessment id or invite code.")
]


@app.command()
def info(db: DbOption = None) -> None:
    """Show which database file is used, creating it if new, and its schema version."""
    path = database_path(db)
    with _database(db) as store:
        typer.echo(f"database: {path.resolve()}")
        typer.echo(f"schema version: {store.schema_version}")


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
    typer.echo(f"demo organisation created: {result.respondents} submitted responses")
    typer.echo(f"assessment id: {result.assessment_id}")
    typer.echo(f"invite code:   {result.invite_code}")


@app.command()
def score(
    assessment: AssessmentOption,
    db: DbOption = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of names.")] = None,
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
        result = access.analysis(store, auth.SYSTEM, found.id, language=lang)
        quality = access.quality(store, auth.SYSTEM, found.id)
    data = result.to_json(lang)
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

    overall = data["overall"]
    k = data["anonymity_threshold"]
    first = data["questionnaire"].get("first_level", 1)

    thresholds = data["questionnaire"]["thresholds"]

    def shown(level: int | None) -> int | None:  # as the model numbers its levels
        return None if level is None else level - 1 + first

    def score(value: float) -> str:  # never a figure that reads as another level
        return score_text(value, thresholds, "en", 2)

    typer.echo(f"{data['assessment']}: {data['respondents']} responses (release {data['release']})")
    if overall["suppressed"]:
        typer.echo(f"overall: not shown, {hidden_label(overall.get('reason'), 'en', k)}")
    else:
        typer.echo(
            f"overall index {score(overall['index'])}, level {shown(overall['level'])},"
            f" staged level {shown(overall['staged_level'])} (weakest: {overall['weakest']})"
        )
    for area in data.get("areas", []):
        org_area = next(g for g in area["groups"] if g["grouping"] == "organisation")
        if org_area["suppressed"]:
            reason = hidden_label(org_area.get("reason"), "en", k)
            typer.echo(f"area {area['name']}: not shown, {reason}")
        else:
            typer.echo(
                f"area {area['name']}: index {score(org_area['index'])},"
                f" level {shown(org_area['level'])}"
            )
    typer.echo("")
    typer.echo(f"{'dimension':<16}{'mean':>6}{'level':>7}{'target':>8}{'n':>7}{'rwg':>6}")
    for dim in data["dimensions"]:
        org = next(g for g in dim["groups"] if g["grouping"] == "organisation")
        if org["suppressed"]:
            typer.echo(f"{dim['name']:<16}  ({hidden_label(org.get('reason'), 'en', k)})")
            continue
        rwg = "" if org["rwg"] is None else f"{org['rwg']:.2f}"
        typer.echo(
            f"{dim['name']:<16}{score(org['mean']):>6}{shown(org['level']):>7}"
            f"{shown(dim['target']):>8}"
            f"{org['n']:>7}{rwg:>6}"
        )
    typer.echo("")
    for gap in data["perception_gaps"]:
        if not gap["suppressed"]:
            typer.echo(
                f"perception gap {gap['dimension']}: leaders {score(gap['leadership_mean'])},"
                f" front line {score(gap['frontline_mean'])} ({gap['difference']:+.2f})"
            )
    barriers = [b for b in data["first_barriers"] if b["grouping"] == "team"]
    if barriers:
        typer.echo("")
        typer.echo("first barrier per team (where it lags the rest, else the first below target):")
        for barrier in barriers:
            typer.echo(f"  {barrier['team']}: {barrier['dimension'] or 'none, all on target'}")
    typer.echo("")
    typer.echo("findings:")
    for finding in data["findings"][:10]:
        where = finding["team"] or finding["role"] or finding["grouping"]
        typer.echo(f"  - {finding['kind']} {finding['dimension'] or ''} ({where})")
    typer.echo("")
    typer.echo("recommended actions:")
    for action in data["actions"][:10]:
        typer.echo(f"  {action['rank']:>2}. {action['title']}  [{action['owner']}]")
        typer.echo(f"      because {'; '.join(action['reasons'])}")
    quality = data["quality"]
    if quality is not None:
        typer.echo("")
        typer.echo(
            f"quality: {quality['straight_liners']} straight-liner(s),"
            f" {quality['speeders']} speeder(s), {quality['flagged']} response(s) flagged"
            f" of {quality['respondents']} (counted, not removed)"
        )
        alphas = ", ".join(
            f"{r['dimension']} {'-' if r['alpha'] is None else format(r['alpha'], '.2f')}"
            for r in quality["reliability"]
        )
        typer.echo(f"reliability (Cronbach's alpha): {alphas}")


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
        typer.echo("error: --values must be auto, score, position or text", err=True)
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
        typer.echo(f"warning: {warning}", err=True)
    for problem in report.problems:
        column = f" column {problem.column!r}:" if problem.column else ""
        typer.echo(f"{file}:{problem.row}:{column} {problem.message} [{problem.code}]", err=True)
    typer.echo(f"imported {report.imported} response(s), skipped {report.skipped}")
    if report.problems and not skip_bad:
        typer.echo("nothing was imported: fix the rows above, or use --skip-bad", err=True)
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
        typer.echo("error: --format must be csv or parquet", err=True)
        raise typer.Exit(2)
    with _database(db) as store:
        found = _find_assessment(store, assessment)
        report = access.export_answers(store, auth.SYSTEM, found.id, out, fmt=kind)  # type: ignore[arg-type]
    typer.echo(
        f"wrote {report.rows} response(s) x {report.columns} columns to {out}"
        f" ({report.blanked_cells} cell(s) blanked for anonymity)"
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
        typer.echo(f"error: --format must be one of {', '.join(REPORT_FORMATS)}", err=True)
        raise typer.Exit(1)
    if lang is not None and lang not in ("en", "de"):
        typer.echo("error: --lang must be en or de", err=True)
        raise typer.Exit(1)
    if view is not None and (kind != "csv" or view not in VIEWS):
        typer.echo(f"error: --view goes with --format csv; views: {', '.join(VIEWS)}", err=True)
        raise typer.Exit(1)
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
        typer.echo(f"error: cannot write {out}: {exc.strerror or exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"wrote {out} ({len(content):,} bytes, {kind}, {data.language})")


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
        typer.echo(f"warning: {warning}", err=True)
    for problem in report.problems:
        column = f" column {problem.column!r}:" if problem.column else ""
        typer.echo(f"{file}:{problem.row}:{column} {problem.message} [{problem.code}]", err=True)
    typer.echo(f"imported {report.imported} row(s) of evidence, skipped {report.skipped}")
    if (report.problems and not skip_bad) or not report.imported:
        typer.echo("nothing was imported: fix the rows above, or use --skip-bad", err=True)
        raise typer.Exit(1)


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
OrgOption = Annotated[
    str | None, typer.Option("--org", help="Organisation id or name (case-insensitive).")
]


def _fail(message: str) -> typer.Exit:
    """Print a one-line error; raise the returned Exit (code 1)."""
    typer.echo(f"error: {message}", err=True)
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
        raise _fail(f"several organisations are called {ref!r}; give the id (gapmap org list)")
    raise _fail(f"no organisation with the id or name {ref!r} (gapmap org list)")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        import sys

        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
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
        raise _fail("--role must be consultant or leadership")
    if role == "leadership" and not org:
        raise _fail("a leadership account needs --org (its organisation)")
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
    typer.echo(f"added {account.role} account {account.username}")


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
        typer.echo("no accounts yet (gapmap user add NAME --role consultant)")
    for row in rows:
        orgs_text = ", ".join(o["name"] for o in row["organisations"]) or "-"
        flag = "  [disabled]" if row["disabled"] else ""
        typer.echo(f"{row['username']}  {row['role']}  {orgs_text}{flag}")


def _set_disabled(username: str, disabled: bool, db: Path | None) -> None:
    from assessment import access
    from assessment.organisation import auth

    with _database(db) as store:
        account = access.set_disabled(store, auth.SYSTEM, username, disabled)
    typer.echo(f"{'disabled' if disabled else 'enabled'} {account.username}")


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
            raise _fail(f"{account.username} is not a consultant; only consultants manage")
        access.grant_organisation(store, auth.SYSTEM, account.id, org_id)
    typer.echo(f"{account.username} now manages organisation {org_id}")


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
    typer.echo(f"password-reset link for {issued.username} (works once, for {hours} hours):")
    typer.echo(auth.password_reset_url(base, issued.token))
    typer.echo(
        f"expires {issued.expires_at:%Y-%m-%d %H:%M} UTC; give it to them directly, "
        "not where others can read it",
        err=True,
    )


@org_app.command("list")
def org_list(as_json: JsonOption = False, db: DbOption = None) -> None:
    """Every organisation: id, name and how many assessments it has."""
    from assessment import access
    from assessment.organisation import auth

    with _database(db) as store:
        counts = Counter(a.organisation_id for a in access.list_assessments(store, auth.SYSTEM))
        rows = [
            {"id": o.id, "name": o.name, "assessments": counts[o.id]}
            for o in access.list_organisations(store, auth.SYSTEM)
        ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        typer.echo("no organisations yet")
    for row in rows:
        typer.echo(f"{row['id']}  {row['name']}  ({row['assessments']} assessment(s))")


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
        rows = [
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
        typer.echo("no assessments yet")
    for row in rows:
        typer.echo(
            f"{row['id']}  {row['organisation']}  {row['name']}  wave {row['wave']}"
            f"  {row['status']}  {row['invite_code']}  {row['submitted']} submitted"
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
    from assessment.storage import backup as backups
    from assessment.storage import control

    path = database_path(db)
    try:
        manifest = control.request_backup(path, out)
        taken_by = "the running app"
        if manifest is None:
            manifest = _backup_file(path, out)
            taken_by = "this command (no app is running on the file)"
    except GapMapError as err:
        raise _fail(f"{err.message} [{err.code}]") from None
    typer.echo(f"backup of {path} written to {out.absolute()} by {taken_by}")
    typer.echo(backups.describe(manifest))


def _backup_file(path: Path, out: Path) -> Any:
    import duckdb

    from assessment.storage import backup as backups

    try:
        return backups.backup_file(path, out)
    except duckdb.IOException as exc:
        raise _fail(
            f"cannot open {path}: {exc}. Another process holds it and does not answer "
            "backup requests: stop it, or run `gapmap backup` as the user that runs the app."
        ) from None


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
        raise _fail(f"{err.message} [{err.code}]") from None
    typer.echo(f"restored {backup_dir} into {restored.path}")
    typer.echo(backups.describe(restored.manifest))
    typer.echo(f"every table checked; schema version now {restored.schema_version}")
    typer.echo(f"start the app on it: GAPMAP_DB={restored.path} make run")


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
            raise _fail(f"--before must be a date like 2026-01-31, not {before!r}") from None
    with _database(db) as store:
        found = _find_assessment(store, assessment)
        scope = "every response" if cutoff is None else f"the responses given before {cutoff}"
        if not yes and not typer.confirm(f"Delete {scope} of {found.name!r} for good?"):
            raise typer.Exit(1)
        erased = access.delete_responses(store, auth.SYSTEM, found.id, before=cutoff)
    typer.echo(
        f"deleted {erased.respondents} response(s): {erased.answers} answer(s), "
        f"{erased.comments} comment(s)"
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
    typer.echo(f"erased {erased.answers} answer(s) and {erased.comments} comment(s)")


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
        str | None, typer.Option("--language", help="The slips' language (en or de).")
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
        raise _fail("give --csv and/or --pdf: new codes are written only this once")
    for out in (csv_out, pdf_out):
        if out is not None and not out.parent.is_dir():  # checked before codes are issued
            raise _fail(f"no folder {out.parent} to write {out.name} in")
    with _database(db) as store:
        found = _find_assessment(store, assessment)
        if switch_on and not found.per_person_codes:
            found = access.set_per_person_codes(store, auth.SYSTEM, found.id, True)
        if csv_out is None and pdf_out is None:
            counted = access.code_counts(store, auth.SYSTEM, found.id)
            mode = "per-person codes" if found.per_person_codes else "open link"
            typer.echo(
                f"{found.name}: {mode}; {counted.issued} code(s) issued, {counted.used} used"
            )
            return
        if not found.per_person_codes:
            raise _fail(
                f"{found.name!r} runs on an open link: add --on to switch it to per-person codes"
            )
        wanted = count if count is not None else codes.default_code_count(found.teams)
        if not wanted:
            raise _fail("no team has a head-count: say how many codes with --count")
        issued = access.issue_codes(store, auth.SYSTEM, found.id, wanted)
    base = invites.base_url_of(base_url or os.environ.get("GAPMAP_BASE_URL"), None)
    if csv_out is not None:
        csv_out.write_bytes(invites.codes_csv(issued, base))
        typer.echo(f"wrote {len(issued)} code(s) to {csv_out}")
    if pdf_out is not None:
        pdf_out.write_bytes(invites.code_sheet_pdf(found, issued, base, language=language))
        typer.echo(f"wrote {len(issued)} slip(s) to {pdf_out}")


def main() -> None:
    """Entry point for `python -m assessment.cli`."""
    app()


if __name__ == "__main__":
    main()
