"""Project-level output commands: report (HTML), methods (a paragraph for a paper), export (files, zip).

None of them changes the store, so none writes a ledger entry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dauys.cli import app
from dauys.cli.common import ProjectOption, console, project_at
from dauys.errors import InputError
from dauys.report.exports import export_project, export_result
from dauys.report.html import write_report
from dauys.report.i18n import check_lang
from dauys.report.methods import methods_text

ReportLang = Annotated[str, typer.Option("--lang", help="Language of the text and labels: en, ru or kk.")]
ReportOut = Annotated[
    Path | None, typer.Option("--out", help="The HTML file to write (default: reports/report-<lang>.html).")
]
MethodsOut = Annotated[Path | None, typer.Option("--out", help="Also write the text to this file (UTF-8).")]
ExportPath = Annotated[
    Path,
    typer.Argument(help="NAME.zip packs the project; with --result: .csv/.xlsx its table, .png its chart."),
]
ResultOption = Annotated[int | None, typer.Option("--result", help="The id of a saved result.")]


def _say(text: str) -> None:
    console.print(text, highlight=False, soft_wrap=True, markup=False)


@app.command()
def report(project_path: ProjectOption = None, lang: ReportLang = "en", out: ReportOut = None) -> None:
    """Write one self-contained HTML report: data overview, every saved analysis, the methods."""
    check_lang(lang)
    project = project_at(project_path)
    files = write_report(project, lang=lang, out=out)
    _say(f"Wrote the report {files.html.resolve()} (it opens offline, in any browser).")
    if files.exports:
        _say(f"Files for a paper (tables as CSV, charts as PNG) in {project.folder('exports').resolve()}:")
        for path in files.exports:
            _say(f"  {path.name}")


@app.command()
def methods(project_path: ProjectOption = None, lang: ReportLang = "en", out: MethodsOut = None) -> None:
    """Print a methods paragraph written from the project's ledger, ready to paste into a paper."""
    check_lang(lang)
    text = methods_text(project_at(project_path), lang=lang)
    typer.echo(text)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"(also written to {out.resolve()})", err=True)


@app.command()
def export(
    path: ExportPath,
    result: ResultOption = None,
    project_path: ProjectOption = None,
    lang: ReportLang = "en",
    with_author_ids: Annotated[
        bool,
        typer.Option("--with-author-ids", help="Keep raw author ids of a project imported with --keep-authors "
                     "(by default exports carry only pseudonyms)."),
    ] = False,
) -> None:
    """Export a result's table or chart, or pack the project into a zip (never with the pseudonym key)."""
    check_lang(lang)
    project = project_at(project_path)
    is_zip = path.suffix.lower() == ".zip"
    if result is None and not is_zip:
        raise InputError(
            f"{path.name}: give --result ID to export a result as .csv, .xlsx or .png, "
            "or a name ending in .zip to pack the whole project."
        )
    if result is not None and is_zip:
        raise InputError(
            f"{path.name}: --result exports one result as .csv, .xlsx or .png; "
            "drop --result to pack the whole project into a .zip."
        )
    if is_zip:
        written = export_project(project, path, with_author_ids=with_author_ids)
        size = written.stat().st_size / 1_000_000
        _say(f"Packed the project into {written.resolve()} ({size:.1f} MB). The pseudonym key is not in it: "
             "it stays in your own configuration folder.")
        return
    _say(f"Wrote {export_result(project, result, path, lang=lang, with_author_ids=with_author_ids).resolve()}")
