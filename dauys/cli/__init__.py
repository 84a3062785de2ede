"""The ``dauys`` command: a Typer app with one sub-app per area. Thin: parse, call the API, print.

Each area's commands live in their own module and register themselves on the app here.
"""

from __future__ import annotations

import sys

import typer

from dauys.cli.common import err_console
from dauys.errors import DauysError

app = typer.Typer(
    name="dauys",
    help="dauys (дауыс): study public voice online and civic mobilization — Kazakh, Russian, English.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Registration order is the order of `dauys --help`.
from dauys.cli import project_commands  # noqa: E402,F401
from dauys.cli import import_commands  # noqa: E402,F401


def main() -> None:
    try:
        app()
    except DauysError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        err_console.print("interrupted: nothing was written by the step that was under way")
        sys.exit(130)
