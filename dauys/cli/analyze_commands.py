"""The ``dauys analyze`` sub-app: one command per content analysis (see :mod:`dauys.cli.analysis_cli`)."""

from __future__ import annotations

import typer

from dauys.cli import app
from dauys.cli.analysis_cli import add_analysis_commands

analyze_app = typer.Typer(
    help="Content analyses: top terms per group, and more as they are added. Every result is saved in "
    "the project for the report and recorded in the ledger.",
    no_args_is_help=True,
)
app.add_typer(analyze_app, name="analyze")
add_analysis_commands(analyze_app, "analyze")
