"""The ``dauys collect`` sub-app: collectors that fetch from platform APIs. Each API adds its commands
from its own module (``collect_youtube``)."""

from __future__ import annotations

import typer

from dauys.cli import app

collect_app = typer.Typer(
    help="Collect channels, posts and comments from platform APIs into a project (resumable, quota-aware).",
    no_args_is_help=True,
)
app.add_typer(collect_app, name="collect")
