"""The `gapmap` command line: validate, preview and inspect questionnaires.

Commands print plain text for people and, with `--json`, stable JSON for scripts.
Exit codes: 0 success, 1 the input is invalid, 2 wrong usage (typer's default).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Annotated

import typer

from assessment.config import ENV_DB, database_path
from assessment.model import Questionnaire
from assessment.questionnaires import LoadResult, load_questionnaire

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


@app.command()
def info(db: DbOption = None) -> None:
    """Show which database file is used, creating it if new, and its schema version."""
    import duckdb

    from assessment.store import Store

    path = database_path(db)
    try:
        store = Store(path)
    except duckdb.IOException as exc:
        typer.echo(f"error: cannot open {path}: {exc}", err=True)
        typer.echo("Is the app running on this file? Stop it, or use another --db.", err=True)
        raise typer.Exit(1) from None
    try:
        typer.echo(f"database: {path.resolve()}")
        typer.echo(f"schema version: {store.schema_version}")
    finally:
        store.close()


def main() -> None:
    """Entry point for `python -m assessment.cli`."""
    app()


if __name__ == "__main__":
    main()
