"""The ``dauys social`` sub-app: one command per social-media analysis (``command_group = "social"``)."""

from __future__ import annotations

import typer

from dauys.cli import app
from dauys.cli.analysis_cli import add_analysis_commands

social_app = typer.Typer(
    help="Social-media analytics: channel growth, engagement, rhythm, top posts, comments, audience "
    "geography, hashtag campaigns, bots and coordination. Every result is saved for the report.",
    no_args_is_help=True,
)
app.add_typer(social_app, name="social")
add_analysis_commands(social_app, "social")
