"""``dauys import telegram``: the JSON export of Telegram Desktop (result.json), one chat or a whole account."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from dauys.cli.common import ProjectOption, RichProgress, console, project_at
from dauys.cli.import_commands import import_app


@import_app.command("telegram")
def telegram(
    file: Annotated[
        Path,
        typer.Argument(help="The result.json of Telegram Desktop's export (or the export's folder).",
                       show_default=False),
    ],
    corpus: Annotated[str, typer.Option("--corpus", help="The corpus the messages join.")] = "telegram",
    keep_authors: Annotated[
        bool, typer.Option("--keep-authors", help="Store from_id / from as given instead of pseudonyms.")
    ] = False,
    scrub: Annotated[
        bool,
        typer.Option("--scrub", help="Replace IINs, phone numbers and e-mails in the texts with [IIN], [PHONE], "
                                     "[EMAIL] before writing."),
    ] = False,
    project_path: ProjectOption = None,
) -> None:
    """Import the messages of channels and groups from a Telegram Desktop JSON export.

    Views, forwards, reactions and replies become metric snapshots; service messages are skipped; a newer
    export of the same chats adds its new messages and new snapshots for changed counts.
    """
    from dauys.ingest.telegram import import_telegram

    project = project_at(project_path)
    with RichProgress() as progress:
        result = import_telegram(
            project, file, corpus=corpus, keep_authors=keep_authors, scrub=scrub, progress=progress
        )
    chats = ", ".join(f"{c.name or c.id} ({c.messages:,})" for c in result.chats)
    console.print(
        f"Imported {escape(str(file))} into corpus {escape(repr(corpus))}: {len(result.chats)} chats: "
        f"{escape(chats)}", highlight=False, soft_wrap=True,
    )
    console.print(
        f"  read {result.read:,}   imported {result.imported:,}   duplicates {result.duplicates:,}   "
        f"rejected {result.rejected:,}   metric snapshots {result.metric_snapshots:,}   "
        f"service messages skipped {result.service_skipped:,}",
        highlight=False,
    )
    if scrub:
        console.print(
            f"  scrubbed: {result.scrubbed.get('iin', 0):,} IINs, {result.scrubbed.get('phone', 0):,} phone "
            f"numbers, {result.scrubbed.get('email', 0):,} e-mails in {result.scrubbed.get('documents', 0):,} "
            "messages", highlight=False,
        )
    if result.warning:
        console.print(f"  warning: {escape(result.warning)}", highlight=False, soft_wrap=True)
    if result.rejects_path is not None:
        console.print(f"  rejected messages: {escape(str(result.rejects_path))}", highlight=False, soft_wrap=True)
