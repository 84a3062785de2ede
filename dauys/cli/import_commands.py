"""The ``dauys import`` sub-app. Each source kind adds its command from its own module."""

from __future__ import annotations

import typer

from dauys.cli import app

import_app = typer.Typer(help="Import files into a project: tables, folders of documents, ...", no_args_is_help=True)
app.add_typer(import_app, name="import")
