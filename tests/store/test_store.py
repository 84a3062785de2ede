"""The store: schema versions, migrations, locking, and surviving a killed import."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime

import duckdb
import pandas as pd
import pytest

import dauys
from dauys.errors import NotAProjectError, ProjectBusyError, SchemaVersionError
from dauys.ingest.writer import SourceInfo, write_documents
from dauys.provenance import Run
from dauys.store import SCHEMA_VERSION
from dauys.store.store import _migrate


def _staged(n: int, start: int = 0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row": range(2, n + 2),
            "external_id": [f"p{start + i}" for i in range(n)],
            "channel": ["qazaqstan_news"] * n,
            "author": [f"оқырман_{i % 7}" for i in range(n)],
            "created_at": pd.Timestamp("2022-01-05 08:00", tz="UTC") + pd.to_timedelta(range(n), unit="min"),
            "text": [f"Алматыда су тарифі көтерілді, жазба {start + i}" for i in range(n)],
            "metric.views": range(n),
        }
    )


def _import(project, frame, corpus="news"):
    return write_documents(
        project, Run("import.table", {"file": "posts.csv"}), SourceInfo("table", "posts.csv", {}), frame,
        corpus=corpus, platform="telegram",
    )


def test_new_project_has_current_schema_and_folders(project):
    assert project.store.schema_version() == SCHEMA_VERSION
    for folder in ("imports", "results", "exports", "reports"):
        assert (project.path / folder).is_dir()
    with project.store.read() as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"runs", "sources", "channels", "channel_metrics", "documents", "document_metrics", "results"} <= tables


def test_older_project_is_upgraded_in_place_keeping_its_data(tmp_path):
    project = dauys.init_project(tmp_path / "old")
    db = project.path / "dauys.duckdb"
    db.unlink()
    con = duckdb.connect(str(db))
    _migrate(con, 0, 1)
    con.execute(
        "INSERT INTO documents (corpus, source_id, platform, natural_key, text) "
        "VALUES ('addresses', 1, 'docs', 'h:1', 'Қазақстан халқына Жолдау')"
    )
    con.close()

    reopened = dauys.open_project(project.path)

    assert reopened.store.schema_version() == SCHEMA_VERSION
    assert reopened.documents()["text"].tolist() == ["Қазақстан халқына Жолдау"]
    assert reopened.results() == []


def test_newer_project_is_refused_and_left_unchanged(project):
    with project.store.write() as con:
        con.execute("INSERT INTO dauys_schema VALUES (99, 'from the future', ?)", [datetime.now(UTC)])
    before = (project.path / "dauys.duckdb").read_bytes()

    with pytest.raises(SchemaVersionError, match=r"schema version 99.*newer dauys.*Upgrade dauys"):
        dauys.open_project(project.path)
    assert (project.path / "dauys.duckdb").read_bytes() == before


def test_folder_that_is_not_a_project(tmp_path):
    (tmp_path / "notes.txt").write_text("жай файл")
    with pytest.raises(NotAProjectError, match=r"is not a dauys project \(no dauys.toml\).*dauys init"):
        dauys.open_project(tmp_path)
    with pytest.raises(NotAProjectError, match="does not exist"):
        dauys.open_project(tmp_path / "missing")


def test_cli_says_plainly_when_the_folder_is_not_a_project(cli, tmp_path):
    result = cli("status", "--project", tmp_path)
    assert result.exit_code == 2
    assert "is not a dauys project" in result.stderr
    assert "Traceback" not in result.stderr


def _hold_write_lock(db_path) -> subprocess.Popen:
    script = textwrap.dedent(
        f"""
        import sys, time
        from dauys.store import Store
        with Store({str(db_path)!r}).write() as con:
            con.execute("SELECT count(*) FROM documents").fetchone()
            print("LOCKED", flush=True)
            time.sleep(60)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "LOCKED"
    return child


def test_project_held_by_another_process_gives_a_plain_message(project, cli):
    child = _hold_write_lock(project.path / "dauys.duckdb")
    try:
        with pytest.raises(ProjectBusyError, match=rf"in use by process {child.pid}.*run the command again"):
            project.status()
        result = cli("status", "--project", project.path)
        assert result.exit_code == 2
        assert f"process {child.pid}" in result.stderr
    finally:
        child.kill()
        child.wait()
    assert project.status()["total_documents"] == 0


def test_sigkill_during_an_import_leaves_exactly_the_completed_imports(project):
    _import(project, _staged(500))
    script = textwrap.dedent(
        f"""
        import sys, time
        import pandas as pd
        import dauys
        import dauys.ingest.writer as writer
        from dauys.provenance import Run

        def stall(*args, **kwargs):
            print("MIDWAY", flush=True)   # documents are inserted, the transaction is open
            time.sleep(60)

        writer._write_metric_snapshots = stall
        frame = pd.DataFrame({{
            "row": range(2, 20002),
            "external_id": [f"q{{i}}" for i in range(20000)],
            "created_at": pd.Timestamp("2022-01-06", tz="UTC"),
            "text": [f"Жаңаөзендегі митинг, хабар {{i}}" for i in range(20000)],
            "metric.views": 1,
        }})
        project = dauys.open_project({str(project.path)!r})
        writer.write_documents(project, Run("import.table", {{}}), writer.SourceInfo("table", "big.csv", {{}}),
                               frame, corpus="news", platform="telegram")
        """
    )
    env = {**os.environ}
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout.readline().strip() == "MIDWAY"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()

    reopened = dauys.open_project(project.path)
    summary = reopened.status()
    assert summary["total_documents"] == 500
    assert summary["runs"] == 1
    with reopened.store.read() as con:
        assert con.execute("SELECT count(*) FROM sources").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM documents WHERE external_id LIKE 'q%'").fetchone()[0] == 0
    # the store is writable again and the next import works
    assert _import(reopened, _staged(10, start=1000)).imported == 10
