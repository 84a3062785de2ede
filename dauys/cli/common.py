"""What every sub-command shares: the --project option, document filters, printing, error handling."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console

from dauys.store.filters import DocumentFilter, parse_date, parse_meta_conditions

if TYPE_CHECKING:
    from dauys.project import Project

console = Console()
err_console = Console(stderr=True)

ProjectOption = Annotated[
    Path,
    typer.Option("--project", "-p", help="The project folder (default: the current folder).", show_default=False),
]
CorpusFilter = Annotated[list[str] | None, typer.Option("--corpus", help="Only these corpora (repeatable).")]
PlatformFilter = Annotated[list[str] | None, typer.Option("--platform", help="Only these platforms (repeatable).")]
LangFilter = Annotated[list[str] | None, typer.Option("--lang", help="Only documents in these languages.")]
SinceFilter = Annotated[str | None, typer.Option("--since", help="Only documents from this date (YYYY-MM-DD).")]
UntilFilter = Annotated[str | None, typer.Option("--until", help="Only documents up to this date, inclusive.")]
WhereFilter = Annotated[
    list[str] | None, typer.Option("--where", help="Only documents whose meta FIELD equals VALUE: FIELD=VALUE.")
]

KIND_HELP = "Only posts (documents without a parent) or only comments and replies: all, posts, comments."
KindFilter = Annotated[Literal["all", "posts", "comments"] | None, typer.Option("--kind", "--doc-kind", help=KIND_HELP)]
DocKindFilter = Annotated[Literal["all", "posts", "comments"] | None, typer.Option("--doc-kind", help=KIND_HELP)]
"""``--kind`` for commands whose own ``--kind`` means something else (top-terms: which tokens to count)."""
ParentFilter = Annotated[
    list[str] | None,
    typer.Option("--parent", help="Only the comments and replies under this post or video (external id; repeatable)."),
]


def project_at(path: Path | None) -> Project:
    from dauys.project import open_project  # pandas and DuckDB load only for commands that open a project

    return open_project(path if path is not None else Path("."))


def document_filter(
    project: Project,
    corpus: list[str] | None = None,
    platform: list[str] | None = None,
    lang: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    where: list[str] | None = None,
    kind: str | None = None,
    parent: list[str] | None = None,
) -> DocumentFilter:
    return DocumentFilter(
        corpus=tuple(corpus or ()),
        platform=tuple(platform or ()),
        lang=tuple(lang or ()),
        since=parse_date(since, "--since"),
        until=parse_date(until, "--until"),
        meta=parse_meta_conditions(where),
        tz=project.tz,
        kind=kind or "all",
        parent=tuple(parent or ()),
    )


class RichProgress:
    """A :class:`dauys.progress.Progress` drawn as Rich progress bars on stderr; use as a context manager."""

    def __init__(self):
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

        self._bars = Progress(
            TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(),
            console=err_console, transient=False,
        )
        self._task = None

    def __enter__(self) -> RichProgress:
        self._bars.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._task is not None:
            task = self._bars.tasks[-1]
            if task.total is not None and not exc[0]:
                self._bars.update(self._task, completed=task.total)
        self._bars.stop()

    def stage(self, description: str, total: float | None = None) -> None:
        if self._task is not None:
            task = self._bars.tasks[-1]
            if task.total is not None:
                self._bars.update(self._task, completed=task.total)
        self._task = self._bars.add_task(description, total=total)

    def advance(self, amount: float = 1) -> None:
        if self._task is not None:
            self._bars.advance(self._task, amount)
