"""Project-level commands: init, status, log, forget."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from dauys.cli import app
from dauys.cli.common import ProjectOption, console, project_at
from dauys.errors import InputError
from dauys.project import init_project


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Folder of the new project (created if missing).")],
    name: Annotated[str | None, typer.Option(help="A name for the project (default: the folder name).")] = None,
    timezone: Annotated[str, typer.Option(help="Time zone of daily series.")] = "Asia/Almaty",
) -> None:
    """Create a project folder with its database."""
    project = init_project(path, name=name, tz=timezone)
    console.print(f"Created project [bold]{project.name}[/] in {project.path.resolve()}")


@app.command()
def status(
    project_path: ProjectOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Document counts per corpus, platform, language and month; channels, snapshots and runs."""
    summary = project_at(project_path).status()
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False))
        return
    table = Table(title="Documents", show_footer=True)
    for column in ("corpus", "platform", "lang", "month"):
        table.add_column(column, footer="total" if column == "corpus" else "")
    table.add_column("count", justify="right", footer=f"{summary['total_documents']:,}")
    for row in summary["documents"]:
        table.add_row(row["corpus"], row["platform"], row["lang"] or "—", row["month"] or "no date",
                      f"{row['count']:,}")
    console.print(table)
    console.print(
        f"channels: {summary['channels']:,}   metric snapshots: {summary['metric_snapshots']:,}   "
        f"runs: {summary['runs']:,}"
    )


@app.command()
def log(
    project_path: ProjectOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the ledger as JSON.")] = False,
) -> None:
    """The ledger: every import and analysis, with parameters and counts."""
    entries = project_at(project_path).log()
    if as_json:
        typer.echo(json.dumps(entries, ensure_ascii=False, default=str, indent=1))
        return
    table = Table(title="Runs")
    for column in ("id", "step", "started (UTC)", "in", "out", "parameters", "counts"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        table.add_row(
            str(entry["id"]), entry["step"], entry["started_at"].strftime("%Y-%m-%d %H:%M:%S"),
            "" if entry["n_in"] is None else f"{entry['n_in']:,}",
            "" if entry["n_out"] is None else f"{entry['n_out']:,}",
            json.dumps(entry["params"], ensure_ascii=False),
            json.dumps(entry["counts"], ensure_ascii=False),
        )
    console.print(table)


@app.command()
def forget(
    project_path: ProjectOption = None,
    source: Annotated[int | None, typer.Option("--source", help="Remove the documents of this source id.")] = None,
    corpus: Annotated[str | None, typer.Option("--corpus", help="Remove every document of this corpus.")] = None,
) -> None:
    """Remove the documents of one source or one corpus (recorded in the ledger).

    Forgetting a source also removes the channel snapshots, events, shutdowns or population figures it wrote.
    """
    if (source is None) == (corpus is None):
        raise InputError("give exactly one of --source ID or --corpus NAME")
    counts = project_at(project_path).forget(source_id=source, corpus=corpus)
    what = f"source {source}" if source is not None else f"corpus {corpus!r}"
    console.print(f"Removed {counts['documents']:,} documents of {what} "
                  f"and {counts['metric_rows']:,} metric values.")
    records = {name: counts.get(f"{name}_rows", 0) for name in ("events", "shutdowns", "populations")}
    records["channel snapshots"] = counts.get("channel_metric_rows", 0)
    if any(records.values()):
        console.print("Also removed " + ", ".join(f"{n:,} {name}" for name, n in records.items() if n) + ".")


@app.command()
def demo(
    path: Annotated[Path, typer.Argument(help="Folder for the demo project.")] = Path("dauys-demo"),
    lang: Annotated[list[str] | None, typer.Option("--lang", help="Report languages (default: en, kk, ru).")] = None,
) -> None:
    """Build a sample project from the illustrative data shipped with dauys and write its report."""
    from dauys.cli.common import RichProgress
    from dauys.demo import build_demo

    with RichProgress() as progress:
        outcome = build_demo(path, languages=tuple(lang or ("en", "kk", "ru")), progress=progress)
    for name, result in outcome.imports.items():
        console.print(
            f"imported {name}: {result.imported:,} of {result.read:,} read "
            f"({result.duplicates:,} duplicates, {result.rejected:,} rejected)"
        )
    for name, counts in outcome.records.items():
        console.print(f"imported {name}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()), highlight=False)
    if outcome.processed is not None and outcome.processed.run_id is not None:
        processed = outcome.processed
        languages = ", ".join(f"{lang} {n:,}" for lang, n in processed.languages.items())
        console.print(f"text processing: {processed.documents:,} documents, {processed.tokens:,} tokens "
                      f"(languages: {languages})", highlight=False)
    for title in outcome.results:
        console.print(f"analysis: {title}")
    console.print(f"Demo project: {outcome.project.path.resolve()}")
    for report_lang, report in outcome.reports.items():
        console.print(f"Report ({report_lang}): [bold]{report.resolve()}[/]")
