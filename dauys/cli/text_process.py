"""``dauys text process``: build the project's token table (tokens, normalised forms, languages, lemmas)."""

from __future__ import annotations

from typing import Annotated

import typer

from dauys.cli.common import (
    CorpusFilter,
    PlatformFilter,
    ProjectOption,
    RichProgress,
    console,
    document_filter,
    project_at,
)
from dauys.cli.text_commands import text_app


@text_app.command("process")
def process(
    corpus: CorpusFilter = None,
    platform: PlatformFilter = None,
    lookalikes: Annotated[
        bool, typer.Option("--lookalikes/--no-lookalikes", help="Replace Latin look-alike letters in Cyrillic words.")
    ] = True,
    latin_kazakh: Annotated[
        bool, typer.Option("--latin-kazakh/--no-latin-kazakh", help="Write Kazakh typed in Latin script in Cyrillic.")
    ] = True,
    russian_letters: Annotated[
        bool,
        typer.Option("--russian-letters/--no-russian-letters", help="Restore Kazakh letters typed as Russian ones."),
    ] = True,
    repeats: Annotated[
        bool, typer.Option("--repeats/--no-repeats", help="Undo letters stretched for emphasis (керемееет).")
    ] = True,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Processes in parallel (default: one per CPU core).")
    ] = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Process every selected document again, not only new or changed ones.")
    ] = False,
    project_path: ProjectOption = None,
) -> None:
    """Tokenise, normalise, identify the language of and lemmatise the project's new documents.

    Writes the token table (Parquet under tokens/, one row per token: document, position, form,
    normalised form, lemma, language, kind) and each document's language; fills the language of
    documents imported without one. Run it again after an import: only new documents are processed.
    """
    from dauys.text.normalize import NormalizeOptions
    from dauys.text.pipeline import build_token_table

    project = project_at(project_path)
    where = document_filter(project, corpus=corpus, platform=platform)
    options = NormalizeOptions(
        lookalikes=lookalikes, latin_kazakh=latin_kazakh, russian_letters=russian_letters, repeats=repeats
    )
    with RichProgress() as progress:
        result = build_token_table(project, where, options=options, workers=workers, rebuild=rebuild, progress=progress)
    if result.run_id is None:
        console.print(f"Nothing to do: all {result.up_to_date:,} selected documents already have tokens.")
        return
    languages = ", ".join(f"{lang} {n:,}" for lang, n in result.languages.items())
    console.print(
        f"Processed {result.documents:,} documents ({result.up_to_date:,} already up to date): "
        f"{result.tokens:,} tokens in {result.seconds:.1f} s.",
        highlight=False,
    )
    console.print(f"Languages: {languages}.", highlight=False)
    if result.filled_lang:
        console.print(f"Filled the language of {result.filled_lang:,} documents imported without one.", highlight=False)
    console.print(f"Ledger run {result.run_id}; tokens in {result.path}.", highlight=False)
