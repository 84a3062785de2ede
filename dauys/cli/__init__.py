"""The ``dauys`` command: a Typer app with one sub-app per area. Thin: parse, call the API, print.

Each area's commands live in their own module and register themselves on the app here.
"""

from __future__ import annotations

import sys

import typer
from typer.core import TyperGroup

from dauys.cli.common import err_console
from dauys.errors import DauysError


class DauysGroup(TyperGroup):
    """Prints a :class:`DauysError` as a one-line message (exit status 2) instead of a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except DauysError as exc:
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=DauysGroup,
    name="dauys",
    help="dauys (дауыс): study public voice online and civic mobilization — Kazakh, Russian, English.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Each module registers its commands on `app` when imported.
from dauys.cli import (  # noqa: E402
    analyze_commands,
    import_commands,
    import_docs,
    import_table,
    project_commands,
    report_commands,
    text_commands,
)

COMMAND_MODULES = (project_commands, import_commands, import_table, import_docs, analyze_commands, report_commands,
                   text_commands)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err_console.print("interrupted: nothing was written by the step that was under way")
        sys.exit(130)
