"""Projects: creation, status (text and JSON), filters, forget."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

import dauys
from dauys.errors import InputError
from dauys.ingest.writer import SourceInfo, write_documents
from dauys.provenance import Run
from dauys.store.filters import DocumentFilter


def _seed(project):
    frame = pd.DataFrame(
        {
            "row": [2, 3, 4, 5],
            "external_id": ["a1", "a2", "a3", "a4"],
            "created_at": pd.to_datetime(
                ["2022-01-04T20:00Z", "2022-01-31T19:30Z", "2022-02-02T10:00Z", "2023-07-01T00:00Z"], utc=True),
            "text": ["Қаңтар оқиғасы", "Митинг на площади", "Protest in Almaty", "Су тарифі"],
            "lang": ["kk", "ru", "en", "kk"],
            "meta": ['{"outlet": "Azattyq"}', '{"outlet": "Vlast"}', '{"outlet": "Azattyq"}', None],
            "metric.views": [10, 20, 30, 40],
        }
    )
    return write_documents(project, Run("import.table", {}), SourceInfo("table", "x.csv", {}), frame,
                           corpus="qantar", platform="telegram")


def test_init_creates_config_and_refuses_an_existing_project(tmp_path, cli):
    result = cli("init", tmp_path / "zertteu")
    assert result.exit_code == 0
    assert (tmp_path / "zertteu" / "dauys.toml").read_text(encoding="utf-8").count('timezone = "Asia/Almaty"') == 1
    again = cli("init", tmp_path / "zertteu")
    assert again.exit_code == 2 and "already a dauys project" in again.stderr


def test_status_json_has_the_documented_shape(project, cli):
    _seed(project)
    result = cli("status", "--project", project.path, "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert set(summary) == {"documents", "total_documents", "channels", "metric_snapshots", "runs"}
    # months are Almaty months: 2022-01-31 19:30 UTC is 1 February in Almaty (UTC+6)
    assert summary["documents"] == [
        {"corpus": "qantar", "platform": "telegram", "lang": "en", "month": "2022-02", "count": 1},
        {"corpus": "qantar", "platform": "telegram", "lang": "kk", "month": "2022-01", "count": 1},
        {"corpus": "qantar", "platform": "telegram", "lang": "kk", "month": "2023-07", "count": 1},
        {"corpus": "qantar", "platform": "telegram", "lang": "ru", "month": "2022-02", "count": 1},
    ]
    assert (summary["total_documents"], summary["metric_snapshots"], summary["runs"]) == (4, 4, 1)


def test_status_table_lists_counts(project, cli):
    _seed(project)
    result = cli("status", "--project", project.path)
    assert result.exit_code == 0
    assert "qantar" in result.stdout and "runs: 1" in result.stdout


def test_filters_by_language_dates_and_meta(project):
    _seed(project)
    kk = project.documents(DocumentFilter(lang=("kk",)))
    assert kk["external_id"].tolist() == ["a1", "a4"]
    january = project.documents(DocumentFilter(since=date(2022, 1, 1), until=date(2022, 1, 31)))
    assert january["external_id"].tolist() == ["a1"]  # a2 falls on 1 February in Almaty
    azattyq = project.documents(DocumentFilter(meta=(("outlet", "Azattyq"),)))
    assert azattyq["external_id"].tolist() == ["a1", "a3"]


def test_forget_a_corpus_and_a_source(project, cli):
    first = _seed(project)
    result = cli("forget", "--project", project.path, "--source", str(first.source_id))
    assert result.exit_code == 0 and "Removed 4 documents" in result.stdout
    assert project.status()["total_documents"] == 0
    assert project.status()["metric_snapshots"] == 0
    assert project.log()[-1]["step"] == "forget"
    _seed(project)
    project.forget(corpus="qantar")
    assert project.status()["total_documents"] == 0
    with pytest.raises(InputError, match="no corpus 'qantar'"):
        project.forget(corpus="qantar")
    bad = cli("forget", "--project", project.path)
    assert bad.exit_code == 2 and "exactly one of" in bad.stderr


def test_log_lists_runs(project, cli):
    _seed(project)
    result = cli("log", "--project", project.path, "--json")
    assert json.loads(result.stdout)[0]["step"] == "import.table"


def test_open_project_returns_a_project(project):
    assert isinstance(dauys.open_project(project.path), dauys.Project)


def test_forget_a_source_of_events_and_shutdowns(project, cli):
    from pathlib import Path

    from dauys.ingest.acled import import_acled
    from dauys.ingest.shutdowns import import_shutdowns

    data = Path(__file__).parent / "data" / "events"
    events = import_acled(project, data / "acled_kz.csv")
    shutdowns = import_shutdowns(project, data / "shutdowns.csv")
    kept = _seed(project)
    result = cli("forget", "--project", project.path, "--source", str(events.source_id))
    assert result.exit_code == 0 and f"Also removed {events.imported:,} events." in result.stdout
    with project.store.read() as con:
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM shutdowns").fetchone()[0] == shutdowns.imported > 0
    project.forget(source_id=shutdowns.source_id)
    with project.store.read() as con:
        assert con.execute("SELECT count(*) FROM shutdowns").fetchone()[0] == 0
    assert project.status()["total_documents"] == 4 and kept.imported == 4
    assert project.log()[-1]["counts"]["shutdowns_rows"] == shutdowns.imported
