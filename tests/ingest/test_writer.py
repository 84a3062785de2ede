"""The one path into the store: identity, duplicates, metric snapshots, channels, parents, ledger."""

from __future__ import annotations

import json

import pandas as pd

from dauys.ingest.writer import SourceInfo, duplicate_id_rejects, write_documents, write_rejects
from dauys.privacy import pseudonym_key
from dauys.provenance import Run


def _frame(**overrides) -> pd.DataFrame:
    data = {
        "row": [2, 3, 4],
        "external_id": ["101", "102", None],
        "parent_external_id": [None, "101", None],
        "channel": ["azattyq_kz", "azattyq_kz", "vlast_kz"],
        "author": ["Айгерім Сәрсенова", "Иван Петров", "Айгерім Сәрсенова"],
        "created_at": pd.to_datetime(["2024-02-29T18:30Z", "2024-03-01T09:00Z", "2021-05-01T00:00Z"], utc=True),
        "created_offset_min": [360, 300, 360],
        "text": ["Газ бағасы тағы өсті.", "Опять подорожание газа!", "Жаңаөзен туралы жаңалық"],
        "metric.views": [1200, 35, None],
        "metric.likes": [40, 2, 5],
    }
    data.update(overrides)
    return pd.DataFrame(data)


def _write(project, frame, keep_authors=False):
    return write_documents(
        project, Run("import.table", {"file": "export.csv", "api_key": "SECRET"}),
        SourceInfo("table", "/data/export.csv", {"mapping": {"text": "message"}}), frame,
        corpus="gas", platform="telegram", keep_authors=keep_authors,
    )


def test_import_then_reimport_adds_nothing(project):
    first = _write(project, _frame())
    again = _write(project, _frame())
    assert (first.imported, first.duplicates, first.metric_snapshots) == (3, 0, 3)
    assert (again.imported, again.duplicates, again.metric_snapshots) == (0, 3, 0)
    assert project.status()["total_documents"] == 3


def test_changed_metrics_add_a_snapshot_not_a_document(project):
    _write(project, _frame())
    changed = _write(project, _frame(**{"metric.views": [1500, 35, None]}))
    assert changed.imported == 0 and changed.metric_snapshots == 1
    with project.store.read() as con:
        views = con.execute(
            "SELECT m.value FROM document_metrics m JOIN documents d ON d.id = m.document_id "
            "WHERE d.external_id = '101' AND m.metric = 'views' ORDER BY m.source_id"
        ).fetchall()
    assert [v[0] for v in views] == [1200.0, 1500.0]
    assert project.status()["metric_snapshots"] == 4


def test_authors_are_pseudonymised_with_a_stable_keyed_hash(project):
    _write(project, _frame())
    keys = project.documents().set_index("text")["author_key"]
    assert all(k.startswith("u_") and len(k) == 22 for k in keys)
    # the same author gets the same pseudonym, another author another one
    assert keys["Газ бағасы тағы өсті."] == keys["Жаңаөзен туралы жаңалық"] != keys["Опять подорожание газа!"]
    with project.store.read() as con:
        dump = json.dumps(con.execute("SELECT * FROM documents").fetchall(), default=str, ensure_ascii=False)
    assert "Айгерім" not in dump and pseudonym_key().hex() not in dump


def test_keep_authors_stores_names_and_records_the_choice(project):
    _write(project, _frame(), keep_authors=True)
    assert "Иван Петров" in project.documents()["author_key"].tolist()
    with project.store.read() as con:
        params = json.loads(con.execute("SELECT params FROM sources").fetchone()[0])
    assert params["keep_authors"] is True


def test_replies_are_linked_to_their_parent_and_channels_created(project):
    _write(project, _frame())
    docs = project.documents().set_index("external_id", drop=False)
    assert docs.loc["102", "parent_id"] == docs.loc["101", "id"]
    with project.store.read() as con:
        assert sorted(r[0] for r in con.execute("SELECT handle FROM channels").fetchall()) == [
            "azattyq_kz", "vlast_kz"]


def test_parent_imported_later_is_linked_then(project):
    reply = _frame().iloc[[1]]
    _write(project, reply)
    assert project.documents()["parent_id"].isna().all()
    _write(project, _frame().iloc[[0]])
    docs = project.documents().set_index("external_id")
    assert docs.loc["102", "parent_id"] == docs.loc["101", "id"]


def test_rows_without_external_id_are_keyed_by_content(project):
    frame = _frame(external_id=[None, None, None])
    frame = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)  # the same row twice
    result = _write(project, frame)
    assert result.imported == 3 and result.duplicates == 1
    assert project.documents()["natural_key"].str.startswith("h:").all()


def test_ledger_entry_has_counts_versions_and_no_secrets(project):
    _write(project, _frame())
    (entry,) = project.log()
    assert entry["step"] == "import.table"
    assert entry["params"]["api_key"] == "[redacted]"
    assert entry["counts"]["imported"] == 3 and entry["n_in"] == 3 and entry["n_out"] == 3
    assert "duckdb" in entry["versions"] and entry["ended_at"] >= entry["started_at"]


def test_original_offset_is_kept_beside_the_utc_instant(project):
    _write(project, _frame())
    docs = project.documents().set_index("external_id")
    assert docs.loc["101", "created_offset_min"] == 360
    assert docs.loc["101", "created_at"] == pd.Timestamp("2024-02-29T18:30Z")


def test_duplicate_ids_inside_one_file_are_rejected_after_the_first(tmp_path):
    frame = _frame(external_id=["7", "8", "7"])
    rejects = duplicate_id_rejects(frame)
    assert rejects.to_dict("records") == [
        {"row": 4, "field": "external_id", "value": "7", "reason": "duplicate id inside the file (first at row 2)"}
    ]
    path = write_rejects(tmp_path, "export", rejects)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "first at row 2" in path.read_text(encoding="utf-8-sig")


def test_documents_written_on_the_callers_connection_commit_with_its_own_rows_or_not_at_all(project):
    import pytest

    with pytest.raises(ValueError, match="caller failed"):
        with project.store.write() as con:
            _write_on(project, con)
            assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
            raise ValueError("caller failed after the documents")
    assert project.status()["total_documents"] == 0
    with project.store.write() as con:
        result = _write_on(project, con)
        con.execute("UPDATE channels SET title = 'Азаттық' WHERE handle = 'azattyq_kz'")
    assert result.imported == 3 and project.status()["total_documents"] == 3
    with project.store.read() as con:
        assert con.execute("SELECT title FROM channels WHERE handle = 'azattyq_kz'").fetchone() == ("Азаттық",)


def _write_on(project, con):
    return write_documents(
        project, Run("import.table", {"file": "export.csv"}), SourceInfo("table", "/data/export.csv", {}), _frame(),
        corpus="gas", platform="telegram", con=con,
    )
