"""Shared fixtures: a private configuration folder (pseudonym key), a fresh project, the CLI."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dauys
from dauys.cli import load_commands

app = load_commands()  # every command, as `dauys --help` would see them

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def private_config(tmp_path_factory, monkeypatch) -> Path:
    """Every test gets its own pseudonym key, never the user's."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("DAUYS_CONFIG_DIR", str(folder))
    monkeypatch.setenv("DAUYS_LOCK_TIMEOUT", "1")
    return folder


@pytest.fixture
def project(tmp_path) -> dauys.Project:
    return dauys.init_project(tmp_path / "study")


class Cli:
    """Runs ``dauys ARGS`` in-process; the result has ``exit_code``, ``stdout`` and ``stderr``."""

    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):
        return self.runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def dauys_exe() -> str:
    """The installed ``dauys`` script, for tests that need a real separate process."""
    exe = Path(sys.executable).parent / "dauys"
    return str(exe) if exe.exists() else shutil.which("dauys")


def shared_data(*parts: str) -> Path:
    """A file of ../shared/data; the test is skipped with a message when the folder is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared dev data comes with CI and the developers' machines)")
    return path


def add_documents(project, rows: list[dict], corpus: str = "news") -> None:
    """Write documents (dicts of external_id, channel, created_at as ISO text or None, text, meta, ...) the
    way an importer would, then build their token table in this process."""
    import pandas as pd

    from dauys.ingest.writer import SourceInfo, write_documents
    from dauys.provenance import Run
    from dauys.text.pipeline import build_token_table

    staged = pd.DataFrame(rows)
    staged.insert(0, "row", range(1, len(staged) + 1))
    staged["created_at"] = pd.to_datetime(staged["created_at"], utc=True)
    write_documents(project, Run("import.table", {}), SourceInfo("table", "posts.csv", {}), staged,
                    corpus=corpus, platform="telegram")
    build_token_table(project, workers=1)
