"""Exports never carry raw author ids unless asked, also from a project imported with --keep-authors."""

from __future__ import annotations

import zipfile

import duckdb
import pandas as pd
from conftest import DATA

import dauys
from dauys.ingest.telegram import import_telegram
from dauys.provenance import Run
from dauys.report.exports import author_safe_table, export_project, export_result, is_author_column

ACCOUNT = DATA / "telegram" / "account_export.json"
RAW = {"user7001", "user7002", "channel1500000001"}


def _save_commenters(project) -> int:
    with project.store.read() as con:
        table = con.execute(
            "SELECT author_key, count(*) AS messages FROM documents GROUP BY 1 ORDER BY 2 DESC, 1"
        ).df()
    run = Run("social.commenters", {})
    with project.store.write() as con:
        run.record(con, n_in=len(table), n_out=len(table))
        saved = project.save_result(con, run, "commenters", "Most active commenters", table)
    return saved.id


def test_result_exports_and_the_project_zip_pseudonymise_kept_author_ids(tmp_path):
    kept = dauys.init_project(tmp_path / "kept")
    import_telegram(kept, ACCOUNT, keep_authors=True)
    plain = dauys.init_project(tmp_path / "plain")
    import_telegram(plain, ACCOUNT)
    pseudonyms = set(plain.documents()["author_key"])
    assert set(kept.documents()["author_key"]) == RAW
    result_id = _save_commenters(kept)

    csv_path = export_result(kept, result_id, tmp_path / "commenters.csv")
    exported = pd.read_csv(csv_path, encoding="utf-8-sig")
    # the same pseudonyms an import without --keep-authors stores
    assert set(exported["author_key"]) == pseudonyms and not RAW & set(exported["author_key"])
    assert exported["messages"].sum() == 6
    asked = pd.read_csv(export_result(kept, result_id, tmp_path / "raw.csv", with_author_ids=True),
                        encoding="utf-8-sig")
    assert set(asked["author_key"]) == RAW

    zipped = export_project(kept, tmp_path / "kept.zip")
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(zipped) as archive:
        archive.extractall(folder)
        names = archive.namelist()
    with duckdb.connect(str(folder / "kept" / "dauys.duckdb"), read_only=True) as con:
        keys = {r[0] for r in con.execute("SELECT DISTINCT author_key FROM documents").fetchall()}
    assert keys == pseudonyms
    (result_file,) = [n for n in names if n.endswith(".parquet")]
    assert set(pd.read_parquet(folder / result_file)["author_key"]) == pseudonyms
    # the project itself keeps its names
    assert set(kept.documents()["author_key"]) == RAW

    with zipfile.ZipFile(export_project(kept, tmp_path / "raw.zip", with_author_ids=True)) as archive:
        archive.extractall(tmp_path / "raw")
    with duckdb.connect(str(tmp_path / "raw" / "kept" / "dauys.duckdb"), read_only=True) as con:
        assert {r[0] for r in con.execute("SELECT DISTINCT author_key FROM documents").fetchall()} == RAW


def test_pseudonymised_tables_pass_unchanged(project):
    import_telegram(project, ACCOUNT)
    table = project.documents(columns="author_key, text")
    assert author_safe_table(project, table) is table
    assert is_author_column("top_author") and is_author_column("commenter") and not is_author_column("authority")
