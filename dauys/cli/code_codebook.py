"""``dauys code check-codebook`` and ``dauys code apply-codebook``: dictionary coding with a YAML codebook."""

from __future__ import annotations

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

CodebookFile = Annotated[
    Path, typer.Argument(help="The codebook (YAML; see dauys/data/codebooks/README.md).", show_default=False)
]


def _print_warnings(warnings: list[str] | tuple[str, ...]) -> None:
    for warning in warnings:
        err_console.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False, soft_wrap=True)


@code_app.command("check-codebook")
def check_codebook(
    file: CodebookFile,
    patterns: Annotated[
        bool, typer.Option("--patterns", help="List every pattern with the lemmas or forms it is matched on.")
    ] = False,
) -> None:
    """Check a codebook and list its codes with the number of patterns per language.

    Invalid YAML, unknown keys, codes without patterns, bad regexes, unknown languages or pattern kinds
    and repeated code names are refused with the line to fix. A lemma the lemmatiser would not give its
    own word is a warning: such a pattern may match nothing.
    """
    from dauys.analyze.codebook import LANGUAGES, load_codebook

    codebook = load_codebook(file)
    version = f", version {escape(codebook.version)}" if codebook.version else ""
    console.print(
        f"[bold]{escape(codebook.name)}[/]: {len(codebook.codes)} codes, "
        f"{sum(len(code.patterns) for code in codebook.codes)} patterns, "
        f"{sum(len(code.exclusions) for code in codebook.codes)} exclusions{version}, sha256 {codebook.hash[:12]}",
        highlight=False, soft_wrap=True,
    )
    if codebook.description:
        console.print(escape(codebook.description), highlight=False, soft_wrap=True)
    counts = Table(title="patterns per language", title_justify="left")
    counts.add_column("code")
    for column in (*LANGUAGES, "exclusions"):
        counts.add_column(column, justify="right")
    counts.add_column("description")
    for row in codebook.pattern_counts().itertuples(index=False):
        counts.add_row(escape(row.code), *(str(getattr(row, lang)) for lang in LANGUAGES), str(row.exclusions),
                       escape(row.description))
    console.print(counts)
    if patterns:
        # one line per pattern (not a table), so long phrases and regexes are never wrapped
        console.print("patterns (line, code, language, kind: as written -> as matched):", highlight=False)
        for pattern in codebook.patterns:
            kind = f"exclude {pattern.kind}" if pattern.exclude else pattern.kind
            console.print(
                f"  {pattern.line:>4}  {escape(pattern.code)}  {pattern.lang}  {kind}: {escape(pattern.text)} -> "
                f"{escape(pattern.matched_as())}", highlight=False, soft_wrap=True,
            )
    _print_warnings(codebook.warnings)


@code_app.command("apply-codebook")
def apply_codebook(
    file: CodebookFile,
    unit: Annotated[
        Literal["document", "sentence"],
        typer.Option("--unit", help="Code whole documents, or each sentence (a document then has the codes of "
                     "its sentences)."),
    ] = "document",
    corpus: CorpusFilter = None,
    platform: PlatformFilter = None,
    lang: LangFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    where: WhereFilter = None,
    project_path: ProjectOption = None,
) -> None:
    """Code the selected documents with a codebook and store the codes in the project.

    Documents without tokens are processed first (as `dauys text process` would). Each coded document or
    sentence is stored with the coder codebook:NAME, its sentence and the span of its first match; codes
    this codebook gave the same documents before are replaced. One ledger step (`dauys log`).
    """
    from dauys.analyze import codebook as codebooks

    project = project_at(project_path)
    selection = document_filter(project, corpus, platform, lang, since, until, where)
    codebook = codebooks.load_codebook(file)
    with RichProgress() as progress:
        applied = codebooks.apply_codebook(project, codebook, selection, unit, progress)
    coding = applied.coding
    documents = len(coding.documents)
    coded = coding.assignments["doc_id"].nunique()
    console.print(
        f"Coded {documents:,} documents with the codebook {escape(codebook.name)} ({unit} units): "
        f"{len(coding.assignments):,} codes given to {coded:,} documents; replaced {applied.replaced:,} codes "
        "it gave them before.", highlight=False, soft_wrap=True,
    )
    table = Table(title=f"documents coded (of {documents:,})", title_justify="left")
    table.add_column("code")
    table.add_column("documents", justify="right")
    table.add_column("% of documents", justify="right")
    for code, n in coding.documents_coded().items():
        table.add_row(escape(code), f"{n:,}", f"{100.0 * n / documents:.1f}")
    console.print(table)
    _print_warnings(applied.warnings)
    console.print(
        f"Ledger run {applied.run_id}; stored as codebook {applied.codebook_id} with the coder "
        f"{escape(codebook.coder)}.", highlight=False, soft_wrap=True,
    )
