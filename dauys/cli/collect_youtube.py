"""``dauys collect youtube channel|comments``: the YouTube Data API v3 collector (resumable, quota-aware)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from dauys.cli.collect_commands import collect_app
from dauys.cli.common import ProjectOption, RichProgress, console, err_console, project_at

youtube_app = typer.Typer(
    help="Collect a YouTube channel's statistics and videos, and every comment and reply, with the YouTube Data "
    "API v3. The key comes from DAUYS_YOUTUBE_API_KEY or --api-key-file; the address from DAUYS_YOUTUBE_API_URL.",
    no_args_is_help=True,
)
collect_app.add_typer(youtube_app, name="youtube")

QUOTA_STOPPED_EXIT = 3

CorpusOption = Annotated[str, typer.Option("--corpus", help="The corpus the videos and comments join.")]
BudgetOption = Annotated[
    int,
    typer.Option("--quota-budget", help="Stop before the project has spent this many quota units today "
                 "(the day in Pacific time, when YouTube resets the quota)."),
]
KeyFileOption = Annotated[
    Path | None,
    typer.Option("--api-key-file", help="A file whose first line is the API key (else DAUYS_YOUTUBE_API_KEY).",
                 show_default=False),
]


def _print_counts(result) -> None:
    c = result.counts
    console.print(
        f"  pages {c.get('pages', 0):,}   videos {c.get('videos', 0):,}   comments {c.get('comments', 0):,}   "
        f"replies {c.get('replies', 0):,}   new documents {c.get('imported', 0):,}   "
        f"already held {c.get('duplicates', 0):,}   metric snapshots {c.get('metric_snapshots', 0):,}",
        highlight=False,
    )
    console.print(
        f"  calls {c.get('calls', 0):,}   retries {c.get('retries', 0):,}   units {c.get('units', 0):,} "
        f"(today {result.units_today:,} of the budget {result.budget:,})",
        highlight=False,
    )
    for note in result.notes:
        console.print(f"  note: {escape(note)}", highlight=False, soft_wrap=True)


def _stopped(result) -> None:
    if result.stopped:
        err_console.print(
            f"[bold yellow]stopped:[/] {escape(result.stopped)}. What was collected and the progress are saved; "
            "run the same command again after the quota resets (midnight Pacific time) or with a larger "
            "--quota-budget to resume.",
            highlight=False, soft_wrap=True,
        )
        raise typer.Exit(QUOTA_STOPPED_EXIT)


@youtube_app.command("channel")
def channel(
    channel_id: Annotated[
        str,
        typer.Argument(metavar="CHANNEL_ID", show_default=False,
                       help="A channel id (UC…), an @handle, or a channel address (youtube.com/@handle, "
                       "youtube.com/channel/UC…)."),
    ],
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only videos published on or after this date (YYYY-MM-DD, in the project's "
                     "time zone, Asia/Almaty unless set otherwise).", show_default=False),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Only videos published on or before this date (inclusive, project's time zone).",
                     show_default=False),
    ] = None,
    corpus: CorpusOption = "youtube",
    quota_budget: BudgetOption = 10_000,
    api_key_file: KeyFileOption = None,
    project_path: ProjectOption = None,
) -> None:
    """Snapshot a channel's subscribers, views and videos, and collect its videos with their statistics.

    Every run adds a new snapshot of the channel and of its videos' statistics (the API has no history:
    growth is measured from repeated runs). An interrupted run resumes from its last saved page when the
    same command runs again. Exit status 3: stopped at the quota budget (resumable).
    """
    from dauys.ingest.youtube import YOUTUBE_LIMITS, collect_channel

    project = project_at(project_path)
    with RichProgress() as progress:
        result = collect_channel(project, channel_id, since=since, until=until, corpus=corpus,
                                 quota_budget=quota_budget, api_key_file=api_key_file, progress=progress)
    if result.channel_id:
        snap = result.snapshot
        shown = "hidden" if snap.get("subscribers") is None else f"{snap['subscribers']:,.0f}"
        console.print(
            f"Channel {escape(result.channel_title or '')} ({escape(result.channel_handle or '')}, "
            f"{result.channel_id}) into corpus {escape(repr(corpus))}: subscribers {shown}   views "
            f"{(snap.get('views') or 0):,.0f}   videos {(snap.get('videos') or 0):,.0f}",
            highlight=False, soft_wrap=True,
        )
    _print_counts(result)
    console.print(escape(YOUTUBE_LIMITS["en"]), highlight=False, soft_wrap=True, style="dim")
    _stopped(result)


@youtube_app.command("comments")
def comments(
    video_ids: Annotated[
        list[str] | None,
        typer.Argument(metavar="VIDEO_ID", show_default=False,
                       help="Video ids (or watch addresses) whose comments to collect."),
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option("--channel", show_default=False,
                     help="Instead of ids: every video of this channel already collected in the project."),
    ] = None,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Read videos whose comments are complete again (new like counts).")
    ] = False,
    corpus: CorpusOption = "youtube",
    quota_budget: BudgetOption = 10_000,
    api_key_file: KeyFileOption = None,
    project_path: ProjectOption = None,
) -> None:
    """Collect every comment thread and every reply of videos.

    A comment's parent is its video, a reply's parent its comment; authors are pseudonymised. Videos whose
    comments are complete are skipped unless --refresh. Exit status 3: stopped at the quota budget (resumable).
    """
    from dauys.ingest.youtube import collect_comments

    project = project_at(project_path)
    with RichProgress() as progress:
        result = collect_comments(project, video_ids or (), channel=channel, corpus=corpus, refresh=refresh,
                                  quota_budget=quota_budget, api_key_file=api_key_file, progress=progress)
    console.print(
        f"Comments of {len(result.targets):,} video(s) into corpus {escape(repr(corpus))}"
        + (f" (skipped as complete: {result.counts.get('skipped', 0):,})" if result.counts.get("skipped") else ""),
        highlight=False, soft_wrap=True,
    )
    _print_counts(result)
    _stopped(result)
