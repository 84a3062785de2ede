"""The ``dauys mobilization`` sub-app: online activity against events (``command_group = "mobilization"``)."""

from __future__ import annotations

import typer

from dauys.cli import app
from dauys.cli.analysis_cli import add_analysis_commands

mobilization_app = typer.Typer(
    help="Mobilization: daily or weekly series of online activity and of events, cross-correlation, "
    "Granger tests and event-study windows, with shutdown days flagged or excluded.",
    no_args_is_help=True,
)
app.add_typer(mobilization_app, name="mobilization")
add_analysis_commands(mobilization_app, "mobilization")
