"""The ``dauys`` command: a Typer app with one sub-app per area. Thin: parse, call the API, print.

Each area's commands live in their own module and register themselves on the app when imported.
:func:`main` imports only the modules the first word of the command line needs (``dauys text langid``
must start in a fraction of a second to be usable in a shell pipe); ``--help`` and unknown words load all.
"""

from __future__ import annotations

import pkgutil
import sys
from importlib import import_module

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

# Top-level command words of single commands -> the module that registers them on `app`.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "init": ("project_commands",),
    "status": ("project_commands",),
    "log": ("project_commands",),
    "forget": ("project_commands",),
    "demo": ("project_commands",),
    "report": ("report_commands",),
    "methods": ("report_commands",),
    "export": ("report_commands",),
}
# Command groups: `dauys WORD ...` loads `WORD_commands` (which makes the sub-app) and then every other
# module named `WORD_*`, so a new command of a group is one new file.
COMMAND_GROUPS = ("import", "collect", "analyze", "code", "text", "social", "events", "mobilization")


def _group_modules(word: str) -> tuple[str, ...]:
    names = sorted(info.name for info in pkgutil.iter_modules(__path__) if info.name.startswith(word + "_"))
    first = f"{word}_commands"
    return (first, *(name for name in names if name != first))


def load_commands(argv: list[str] | None = None) -> typer.Typer:
    """Register the commands ``argv`` needs: all of them when ``argv`` is None or names no known command."""
    first = next((word for word in argv or () if not word.startswith("-")), None)
    if first in COMMAND_GROUPS:
        modules = _group_modules(first)
    elif first in COMMAND_MODULES:
        modules = COMMAND_MODULES[first]
    else:
        every = [m for ms in COMMAND_MODULES.values() for m in ms]
        every += [m for word in COMMAND_GROUPS for m in _group_modules(word)]
        modules = tuple(dict.fromkeys(every))
    for module in modules:
        import_module(f"dauys.cli.{module}")
    return app


def main() -> None:
    load_commands(sys.argv[1:])
    try:
        app()
    except KeyboardInterrupt:
        err_console.print(
            "interrupted: an import or analysis under way wrote nothing; a collection keeps the pages it had "
            "written and resumes when run again"
        )
        sys.exit(130)
