"""``dauys code sample`` and ``dauys code import-coded``: hand coding with sheets, and inter-coder agreement."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.markup import escape
from rich.table import Table

from dauys.cli.code_commands import code_app
from dauys.cli.common import (
    CorpusFilter,
    LangFilter,
    PlatformFilter,
    ProjectOption,
    RichProgress,
    SinceFilter,
    UntilFilter,
    WhereFilter,
    console,
    document_filter,
    err_console,
    project_at,
)

CodesOption = Annotated[
    str | None,
    typer.Option("--codes", help="The codes, comma-separated: наразылық,сын,tone:negative (codes named "
                 "VARIABLE:VALUE form a single-choice variable).", show_default=False),
]
CodebookOption = Annotated[
    Path | None,
    typer.Option("--codebook", help="A codebook in YAML whose codes: list of {name, description} entries gives "
                 "the codes (other keys are left alone).", show_default=False),
]
Level = Literal["nominal", "ordinal", "interval", "ratio"]


def _codes(codes: str | None, codebook: Path | None, required: bool):
    from dauys.analyze.hand_coding import merge_codes, parse_codes, read_codebook_codes
    from dauys.errors import InputError

    listed = read_codebook_codes(codebook) if codebook is not None else []
    given = merge_codes(listed, parse_codes(codes))
    if required and not given:
        raise InputError("say which codes the coders mark: --codes a,b,c or --codebook FILE.yaml")
    return given or None


@code_app.command("sample")
def sample(
    n: Annotated[int, typer.Option("--n", min=1, help="How many documents to draw, in total.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="The coder sheet to write: .xlsx (with an instructions "
                                      "sheet) or .csv (UTF-8).", show_default=False)],
    codes: CodesOption = None,
    codebook: CodebookOption = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0, help="Seed of the random draw; the same seed gives "
                                             "the same sample (default: one is chosen and printed).",
                                             show_default=False)] = None,
    stratify: Annotated[str | None, typer.Option("--stratify", help="Draw per stratum of this field: corpus, "
                                                 "platform, lang, channel, year, month or meta.FIELD.",
                                                 show_default=False)] = None,
    per_stratum: Annotated[Literal["proportional", "equal"], typer.Option(
        "--per-stratum", help="proportional: each stratum its share of --n; equal: the same number from each.",
    )] = "proportional",
    corpus: CorpusFilter = None,
    platform: PlatformFilter = None,
    lang: LangFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    where: WhereFilter = None,
    project_path: ProjectOption = None,
) -> None:
    """Draw a seeded (optionally stratified) sample of documents into a sheet for hand coders."""
    from dauys.analyze.hand_coding import make_coder_sheet

    wanted = _codes(codes, codebook, required=True)
    project = project_at(project_path)
    selection = document_filter(project, corpus, platform, lang, since, until, where)
    drawn = make_coder_sheet(project, out, wanted, n, seed=seed, stratify=stratify, per_stratum=per_stratum,
                             where=selection)
    how = f", stratified by {drawn.stratify} ({drawn.per_stratum})" if drawn.stratify else ""
    console.print(f"Drew {len(drawn.documents):,} of {drawn.available:,} documents (seed {drawn.seed}){how}.",
                  highlight=False, soft_wrap=True)
    if drawn.stratify:
        table = Table("stratum", "available", "drawn", title=f"per {drawn.stratify}", title_justify="left")
        for row in drawn.strata.itertuples(index=False):
            table.add_row(escape(str(row.stratum)), f"{row.available:,}", f"{row.drawn:,}")
        console.print(table)
    for note in drawn.notes:
        err_console.print(f"[yellow]note:[/] {escape(note)}", highlight=False, soft_wrap=True)
    console.print(f"Wrote {escape(str(out))} with {len(wanted)} code columns: "
                  f"{escape(', '.join(c.name for c in wanted))}", highlight=False, soft_wrap=True)


@code_app.command("import-coded")
def import_coded(
    files: Annotated[list[Path], typer.Argument(help="The filled coder sheets (XLSX or CSV), one per coder.",
                                                show_default=False)],
    coder: Annotated[list[str] | None, typer.Option("--coder", help="The coder of each file, in the order of the "
                                                    "files (repeat it); by default the sheet's coder column, else "
                                                    "the file name.", show_default=False)] = None,
    codes: CodesOption = None,
    codebook: CodebookOption = None,
    level: Annotated[Level, typer.Option("--level", help="Level of measurement of single-choice variables "
                                         "(VARIABLE:VALUE codes).")] = "nominal",
    project_path: ProjectOption = None,
) -> None:
    """Store the codes of filled coder sheets; print the agreement per code and list the disagreements.

    It compares every hand coder of the imported documents; the table is saved for the report, the disagreements
    go to a CSV in exports/.
    """
    from dauys.analyze import run_analysis
    from dauys.analyze.agreement import agreement_disagreements
    from dauys.analyze.hand_coding import import_coded_sheets
    from dauys.report.exports import export_table

    expected = _codes(codes, codebook, required=False)
    project = project_at(project_path)
    with RichProgress() as progress:
        stored = import_coded_sheets(project, files, coders=coder, codes=expected, progress=progress)
    for sheet in stored.sheets:
        console.print(f"{escape(sheet.coder)}: {sheet.documents:,} documents × {len(sheet.codes)} codes from "
                      f"{escape(sheet.path.name)}, {sheet.present:,} marked present", highlight=False, soft_wrap=True)
    replaced = f"; replaced the earlier codes of {stored.replaced:,} documents" if stored.replaced else ""
    console.print(f"Stored {stored.judgments:,} judgments (run {stored.run_id}){replaced}.", highlight=False)
    coders = stored.coders_on_documents
    if len(coders) < 2:
        console.print(f"Only {escape(', '.join(coders))} has coded these documents so far: agreement needs the "
                      "sheets of two or more coders.", highlight=False, soft_wrap=True)
        return
    saved = run_analysis(project, "agreement", {"coders": ",".join(coders), "level": level})
    _print_agreement(saved.frame(), coders, level)
    split = agreement_disagreements(project, coders=coders, level=level)
    path = export_table(split, project.folder("exports") / f"{saved.id}-agreement-disagreements.csv")
    console.print(f"Disagreements ({len(split):,}): {escape(str(path))}", highlight=False, soft_wrap=True)
    console.print(f"Saved as result {saved.id} (run {saved.run_id}): {escape(str(saved.path))}", highlight=False,
                  soft_wrap=True)


def _number(value: float, places: int = 3) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.{places}f}"


def _print_agreement(frame, coders: list[str], level: str) -> None:
    title = f"Agreement of {', '.join(coders)} ({level} for variables; units: documents coded by 2+ coders)"
    table = Table("code", "units", "alpha", "Cohen κ", "Fleiss κ", "% agree", "disagree", title=escape(title),
                  title_justify="left")
    for row in frame.itertuples(index=False):
        name = row.code if row.kind == "code" else f"{row.code} (variable)"
        table.add_row(escape(str(name)), f"{row.units:,}", _number(row.alpha), _number(row.cohen_kappa),
                      _number(row.fleiss_kappa), _number(row.percent_agreement, 1), f"{row.disagreements:,}")
    console.print(table)
