"""``dauys code``: coding documents — learned coding from hand-coded examples (train, apply, evaluate)."""

from __future__ import annotations

import typer

from dauys.cli import app

code_app = typer.Typer(help="Code texts: learn codes or tone from hand-coded examples and apply them.",
                       no_args_is_help=True)
app.add_typer(code_app, name="code")
