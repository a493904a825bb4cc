"""The `gapmap` command line: questionnaires, demo data, scores, import and export.

Commands print plain text for people and, with `--json`, stable JSON for scripts.
Exit codes: 0 success, 1 the input is invalid, 2 wrong usage (typer's default).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Annotated, Any

import typer

from assessment.assessments import Assessment
from assessment.config import ENV_DB, database_path
from assessment.errors import GapMapError
from assessment.model import Questionnaire
from assessment.questionnaires import LoadResult, load_questionnaire
from assessment.store import Store

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
    summary = q.summary()
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
    for role in q.roles:
        count = sum(len(items) for _, items in q.items_for_role(role.id))
        minutes = q.estimated_seconds(role.id) / 60
        typer.echo(f"role {role.id} ({role.perspective}): {count} items, ~{minutes:.0f} min")
    typer.echo(f"items: {len(q.items)} ({len(q.pulse_items())} pulse), actions: {len(q.actions)}")


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


def _find_assessment(store: Store, ref: str) -> Assessment:
    """An assessment by id or invite code, or a clear error and exit 1."""
    from assessment.assessments import find_by_invite_code, get_assessment

    try:
        return get_assessment(store, ref)
    except GapMapError:
        found = find_by_invite_code(store, ref)
        if found is None:
            typer.echo(f"error: no assessment with the id or invite code {ref!r}", err=True)
            raise typer.Exit(1) from None
        return found


AssessmentOption = Annotated[
    str, typer.Option("--assessment", "-a", help="Assessment id or invite code.")
]


@app.command()
def info(db: DbOption = None) -> None:
    """Show which database file is used, creating it if new, and its schema version."""
    path = database_path(db)
    store = _open_store(db)
    try:
        typer.echo(f"database: {path.resolve()}")
        typer.echo(f"schema version: {store.schema_version}")
    finally:
        store.close()


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
    from assessment.demo import generate_demo

    store = _open_store(db)
    try:
        result = generate_demo(store, respondents, seed=seed)
    finally:
        store.close()
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
    """Score an assessment: overall index, dimensions by group, gaps, findings, actions.

    Groups below the anonymity threshold are marked suppressed and carry no figures."""
    from assessment.analysis import analyse

    store = _open_store(db)
    try:
        found = _find_assessment(store, assessment)
        result = analyse(store, found.id, language=lang)
    finally:
        store.close()
    data = result.to_json(lang)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    _print_score(data)


def _print_score(data: dict[str, Any]) -> None:
    overall = data["overall"]
    typer.echo(f"{data['assessment']}: {data['respondents']} responses")
    if overall["suppressed"]:
        typer.echo(f"overall: fewer than {data['anonymity_threshold']} responses, not shown")
    else:
        typer.echo(
            f"overall index {overall['index']:.2f}, level {overall['level']},"
            f" staged level {overall['staged_level']} (weakest: {overall['weakest']})"
        )
    typer.echo("")
    typer.echo(f"{'dimension':<16}{'mean':>6}{'level':>7}{'target':>8}{'n':>7}{'rwg':>6}")
    for dim in data["dimensions"]:
        org = next(g for g in dim["groups"] if g["grouping"] == "organisation")
        if org["suppressed"]:
            typer.echo(f"{dim['name']:<16}{'(fewer than k responses)':>34}")
            continue
        rwg = "" if org["rwg"] is None else f"{org['rwg']:.2f}"
        typer.echo(
            f"{dim['name']:<16}{org['mean']:>6.2f}{org['level']:>7}{dim['target']:>8}"
            f"{org['n']:>7}{rwg:>6}"
        )
    typer.echo("")
    for gap in data["perception_gaps"]:
        if not gap["suppressed"]:
            typer.echo(
                f"perception gap {gap['dimension']}: leaders {gap['leadership_mean']:.2f},"
                f" front line {gap['frontline_mean']:.2f} ({gap['difference']:+.2f})"
            )
    barriers = [b for b in data["first_barriers"] if b["grouping"] == "team"]
    if barriers:
        typer.echo("")
        typer.echo("first barrier per team (first dimension below target):")
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


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx file, one row per respondent.")],
    assessment: AssessmentOption,
    db: DbOption = None,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Import the valid rows, report the others.")
    ] = False,
) -> None:
    """Import responses (e.g. a Microsoft Forms or Google Forms export); nothing is
    imported unless every row is valid, or --skip-bad is given."""
    from assessment.transfer import import_responses

    store = _open_store(db)
    try:
        found = _find_assessment(store, assessment)
        try:
            report = import_responses(store, found.id, file, skip_bad=skip_bad)
        except GapMapError as err:
            typer.echo(f"error: {err.message} [{err.code}]", err=True)
            raise typer.Exit(1) from None
    finally:
        store.close()
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
    from assessment.transfer import export_answers

    kind = fmt or ("parquet" if out.suffix.lower() == ".parquet" else "csv")
    if kind not in ("csv", "parquet"):
        typer.echo("error: --format must be csv or parquet", err=True)
        raise typer.Exit(2)
    store = _open_store(db)
    try:
        found = _find_assessment(store, assessment)
        report = export_answers(store, found.id, out, fmt=kind)  # type: ignore[arg-type]
    finally:
        store.close()
    typer.echo(
        f"wrote {report.rows} response(s) x {report.columns} columns to {out}"
        f" ({report.blanked_cells} cell(s) blanked for anonymity)"
    )


def main() -> None:
    """Entry point for `python -m assessment.cli`."""
    app()


if __name__ == "__main__":
    main()
