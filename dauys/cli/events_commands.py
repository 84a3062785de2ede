"""The ``dauys events`` sub-app: counts, chronologies and maps of protest events (``command_group = "events"``)."""

from __future__ import annotations

import typer

from dauys.cli import app
from dauys.cli.analysis_cli import add_analysis_commands

events_app = typer.Typer(
    help="Protest events: counts by period and any event column, chronologies, maps. Import them first "
    "with `dauys import acled`, `dauys import events` and `dauys import shutdowns`.",
    no_args_is_help=True,
)
app.add_typer(events_app, name="events")
add_analysis_commands(events_app, "events")
