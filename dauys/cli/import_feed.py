"""``dauys import feed``: the entries of an RSS or Atom feed, from a file or an http(s) address."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from dauys.cli.common import ProjectOption, RichProgress, console, project_at
from dauys.cli.import_commands import import_app
from dauys.ingest.feed import DEFAULT_TIMEOUT, import_feed
from dauys.store.filters import DEFAULT_TZ


@import_app.command("feed")
def feed(
    file_or_url: Annotated[
        str,
        typer.Argument(metavar="FILE_OR_URL", help="A feed file, or the http(s) address of a feed.",
                       show_default=False),
    ],
    corpus: Annotated[str, typer.Option("--corpus", help="The corpus the entries join.", show_default=False)],
    platform: Annotated[str, typer.Option("--platform", help="Platform recorded for the entries.")] = "web",
    channel: Annotated[
        str | None, typer.Option("--channel", help="Channel name of the entries (default: the feed's title).")
    ] = None,
    tz: Annotated[
        str,
        typer.Option("--tz", help="Time zone of dates written without an offset (UTC+6 until 1 March 2024)."),
    ] = DEFAULT_TZ,
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse the whole feed if any entry has a problem.")
    ] = False,
    keep_authors: Annotated[
        bool, typer.Option("--keep-authors", help="Store author names instead of pseudonyms.")
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds to wait for the server of an address.")
    ] = DEFAULT_TIMEOUT,
    project_path: ProjectOption = None,
) -> None:
    """Import the entries of an RSS or Atom feed as documents (one per entry); again later for newer ones."""
    project = project_at(project_path)
    with RichProgress() as progress:
        result = import_feed(
            project, file_or_url, corpus=corpus, platform=platform, channel=channel, tz=tz, strict=strict,
            keep_authors=keep_authors, timeout=timeout, progress=progress,
        )
    read_as = ", ".join(part for part in (result.format, result.encoding) if part)
    if result.channel:
        read_as += f", channel {result.channel!r}"
    console.print(
        f"Imported {escape(result.feed)} into corpus {escape(repr(corpus))} ({escape(read_as)})",
        highlight=False, soft_wrap=True,
    )
    if result.url and result.url != result.feed:
        console.print(f"  redirected to {escape(result.url)}", highlight=False, soft_wrap=True)
    console.print(
        f"  read {result.read:,}   imported {result.imported:,}   duplicates {result.duplicates:,}   "
        f"rejected {result.rejected:,}   metric snapshots {result.metric_snapshots:,}",
        highlight=False,
    )
    if result.warning:
        console.print(f"  warning: the feed is {escape(result.warning)}", highlight=False, soft_wrap=True)
    if result.rejects_path is not None:
        console.print(f"  rejected entries: {escape(str(result.rejects_path))}", highlight=False, soft_wrap=True)
