"""A project is a folder: ``dauys.toml``, the ``dauys.duckdb`` store, and folders for files it makes.

::

    my-study/
      dauys.toml        name, creation time, time zone for daily series
      dauys.duckdb      the store (documents, channels, metrics, ledger, results)
      imports/          rejected-row reports of imports
      results/          saved analysis tables (Parquet), listed in the store
      tokens/           the token table (Parquet files written by `dauys text process`, listed in the store)
      exports/          tables and charts written for use elsewhere
      reports/          HTML reports
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from dauys import __version__
from dauys.errors import InputError, NotAProjectError
from dauys.provenance import Run, ledger
from dauys.store import Store
from dauys.store.filters import DEFAULT_TZ, DocumentFilter

CONFIG_FILE = "dauys.toml"
DB_FILE = "dauys.duckdb"
FOLDERS = ("imports", "results", "exports", "reports")


@dataclass(frozen=True)
class SavedResult:
    """An analysis table saved for the report."""

    id: int
    run_id: int
    analysis: str
    title: str
    params: dict[str, Any]
    path: Path
    warnings: tuple[str, ...] = ()  # what the run that made it warned about (not stored with the table)

    def frame(self) -> pd.DataFrame:
        return pd.read_parquet(self.path)


class Project:
    """An open project. Create one with :func:`init_project`, open one with :func:`open_project`."""

    def __init__(self, path: Path, config: dict[str, Any]):
        self.path = Path(path)
        self.config = config
        self.store = Store(self.path / DB_FILE)

    def __repr__(self) -> str:
        return f"Project({str(self.path)!r})"

    @property
    def name(self) -> str:
        return self.config.get("project", {}).get("name", self.path.name)

    @property
    def tz(self) -> str:
        """The time zone of daily and weekly series (Asia/Almaty unless the project says otherwise)."""
        return self.config.get("project", {}).get("timezone", DEFAULT_TZ)

    def folder(self, name: str) -> Path:
        folder = self.path / name
        folder.mkdir(exist_ok=True)
        return folder

    # --- reading ------------------------------------------------------------------------------
    def documents(
        self, where: DocumentFilter | None = None, columns: str = "*", limit: int | None = None
    ) -> pd.DataFrame:
        """The documents a filter selects, oldest first, as a DataFrame."""
        condition, params = (where or DocumentFilter(tz=self.tz)).sql()
        sql = f"SELECT {columns} FROM documents WHERE {condition} ORDER BY created_at NULLS LAST, id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self.store.read() as con:
            return con.execute(sql, params).df()

    def status(self) -> dict[str, Any]:
        """Document counts per corpus, platform, language and month, and the store's other totals."""
        with self.store.read() as con:
            rows = con.execute(
                """SELECT corpus, platform, lang,
                          strftime(timezone(?, created_at), '%Y-%m') AS month, count(*) AS n
                   FROM documents GROUP BY ALL
                   ORDER BY corpus, platform, lang NULLS LAST, month NULLS LAST""",
                [self.tz],
            ).fetchall()
            channels = con.execute("SELECT count(*) FROM channels").fetchone()[0]
            snapshots = con.execute(
                """SELECT (SELECT count(*) FROM (SELECT DISTINCT document_id, source_id, observed_at
                                                   FROM document_metrics))
                        + (SELECT count(*) FROM (SELECT DISTINCT channel_id, source_id, observed_at
                                                   FROM channel_metrics))"""
            ).fetchone()[0]
            runs = con.execute("SELECT count(*) FROM runs").fetchone()[0]
        documents = [
            {"corpus": c, "platform": p, "lang": lang, "month": m, "count": int(n)}
            for c, p, lang, m, n in rows
        ]
        return {
            "documents": documents,
            "total_documents": sum(d["count"] for d in documents),
            "channels": int(channels),
            "metric_snapshots": int(snapshots),
            "runs": int(runs),
        }

    def log(self) -> list[dict[str, Any]]:
        """The ledger: every recorded step, oldest first."""
        with self.store.read() as con:
            return ledger(con)

    # --- tokens -------------------------------------------------------------------------------
    def tokens_sql(self, con) -> str:
        """A SQL relation over the token table, for ``SELECT ... FROM {project.tokens_sql(con)} t``.

        It reads the registered Parquet files of ``dauys text process`` (columns: doc_id, position,
        sentence, start, end, form, norm, lemma, lang, kind; see :mod:`dauys.text.pipeline`), giving each
        document the rows of its text (identical texts are stored once) and leaving out documents removed
        from the project or processed again since. Empty (with the same columns) before the first run.
        ``con`` is a connection of ``project.store``.
        """
        return (
            "(SELECT td.doc_id, t.position, t.sentence, t.start, t.\"end\", t.form, t.norm, t.lemma, t.lang, t.kind "
            f"FROM {self.stored_tokens_sql(con)} t "
            "JOIN token_documents td ON td.part_id = t.part_id AND td.text_id = t.text_id)"
        )

    def stored_tokens_sql(self, con) -> str:
        """The token rows as stored: each distinct text's tokens once, under ``part_id`` and ``text_id``
        (``token_documents`` says which documents hold each text), with the token columns. Counting on
        these and multiplying by the documents of each text is what makes counts over reposts cheap."""
        parts = con.execute(
            "SELECT id, path FROM token_parts WHERE id IN (SELECT DISTINCT part_id FROM token_documents) ORDER BY id"
        ).fetchall()
        if not parts:
            return (
                "(SELECT NULL::BIGINT AS part_id, NULL::BIGINT AS text_id, NULL::INTEGER AS position, "
                "NULL::INTEGER AS sentence, NULL::INTEGER AS start, NULL::INTEGER AS \"end\", NULL::VARCHAR AS form, "
                "NULL::VARCHAR AS norm, NULL::VARCHAR AS lemma, NULL::VARCHAR AS lang, NULL::VARCHAR AS kind "
                "WHERE FALSE)"
            )
        return "(" + " UNION ALL ".join(
            f"SELECT {int(part_id)}::BIGINT AS part_id, * FROM read_parquet({self._quoted_path(path)})"
            for part_id, path in parts
        ) + ")"

    def _quoted_path(self, relative: str) -> str:
        return "'" + (self.path / relative).as_posix().replace("'", "''") + "'"

    def tokens(
        self, where: DocumentFilter | None = None, columns: str = "*", limit: int | None = None
    ) -> pa.Table:
        """The token table of the documents a filter selects, in document order, as an Arrow table.

        ``.to_pandas()`` makes it a DataFrame; for counts over a large table, aggregate in SQL with
        :meth:`tokens_sql` instead of loading every token.
        """
        params: list[Any] = []
        with self.store.read() as con:
            sql = f"SELECT {columns} FROM {self.tokens_sql(con)} t"
            if where is not None:
                condition, params = where.sql("d")
                sql += f" WHERE t.doc_id IN (SELECT d.id FROM documents d WHERE {condition})"
            sql += " ORDER BY t.doc_id, t.position"
            if limit is not None:
                sql += f" LIMIT {int(limit)}"
            return con.sql(sql, params=params).to_arrow_table()

    def document_languages(self) -> pd.DataFrame:
        """The language of each processed document: lang, confidence (0 to 1), mixed, and the share of
        its words in each language (share_kk, share_ru, share_en, share_other), by document id."""
        with self.store.read() as con:
            return con.execute(
                "SELECT doc_id, lang, confidence, mixed, share_kk, share_ru, share_en, share_other "
                "FROM document_languages ORDER BY doc_id"
            ).df()

    # --- results ------------------------------------------------------------------------------
    def save_result(self, con, run: Run, analysis: str, title: str, table: pd.DataFrame) -> SavedResult:
        """Save an analysis table as Parquet and list it in the store (on the run's transaction).

        ``run`` must already be recorded on ``con``.
        """
        if run.id is None:
            raise ValueError("record the run before saving its result")
        slug = re.sub(r"[^a-z0-9]+", "-", analysis.lower()).strip("-")
        relative = Path("results") / f"{run.id:05d}-{slug}.parquet"
        self.folder("results")
        table.to_parquet(self.path / relative, index=False)
        result_id = con.execute(
            "INSERT INTO results (run_id, analysis, title, params, path, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [run.id, analysis, title, json.dumps(run.params, ensure_ascii=False, default=str),
             relative.as_posix(), datetime.now(UTC)],
        ).fetchone()[0]
        return SavedResult(result_id, run.id, analysis, title, run.params, self.path / relative)

    def results(self) -> list[SavedResult]:
        """Every saved analysis table, oldest first."""
        with self.store.read() as con:
            rows = con.execute(
                "SELECT id, run_id, analysis, title, params, path FROM results ORDER BY id"
            ).fetchall()
        return [
            SavedResult(rid, run_id, analysis, title, json.loads(params), self.path / path)
            for rid, run_id, analysis, title, params, path in rows
        ]

    # --- housekeeping -------------------------------------------------------------------------
    def forget(self, source_id: int | None = None, corpus: str | None = None) -> dict[str, int]:
        """Remove the documents (and their metric snapshots) of one source or one corpus.

        Channels stay; their snapshots from a forgotten source go, and so do the events, shutdowns and
        population figures that source wrote, and the features of accounts left without documents. The
        removal is one ledger step.
        """
        if (source_id is None) == (corpus is None):
            raise InputError("forget needs exactly one of --source ID or --corpus NAME")
        run = Run("forget", {"source": source_id, "corpus": corpus})
        with self.store.write() as con:
            if source_id is not None:
                found = con.execute("SELECT count(*) FROM sources WHERE id = ?", [source_id]).fetchone()[0]
                if not found:
                    raise InputError(f"There is no source {source_id} in {self.path}; `dauys log` lists them.")
                doc_condition, params = "source_id = ?", [source_id]
            else:
                found = con.execute(
                    "SELECT count(*) FROM documents WHERE corpus = ?", [corpus]
                ).fetchone()[0]
                if not found:
                    raise InputError(
                        f"There is no corpus {corpus!r} in {self.path}; `dauys status` lists the corpora."
                    )
                doc_condition, params = "corpus = ?", [corpus]
            doc_ids = f"SELECT id FROM documents WHERE {doc_condition}"
            metrics = con.execute(
                f"DELETE FROM document_metrics WHERE document_id IN ({doc_ids})", params
            ).fetchone()[0]
            documents = con.execute(f"DELETE FROM documents WHERE {doc_condition}", params).fetchone()[0]
            channel_snapshots = 0
            event_rows = {"events": 0, "shutdowns": 0, "populations": 0}
            if source_id is not None:
                channel_snapshots = con.execute(
                    "DELETE FROM channel_metrics WHERE source_id = ?", [source_id]
                ).fetchone()[0]
                for table in event_rows:  # rows an events, shutdowns or population import wrote
                    event_rows[table] = con.execute(
                        f"DELETE FROM {table} WHERE source_id = ?", [source_id]
                    ).fetchone()[0]
            # an account's features go with the last of its documents
            accounts = con.execute(
                "DELETE FROM accounts WHERE NOT EXISTS (SELECT 1 FROM documents d "
                "WHERE d.platform = accounts.platform AND d.author_key = accounts.author_key)"
            ).fetchone()[0]
            # the token files stay until the next `dauys text process`; the token table leaves them out now
            con.execute("DELETE FROM token_documents WHERE doc_id NOT IN (SELECT id FROM documents)")
            con.execute("DELETE FROM document_languages WHERE doc_id NOT IN (SELECT id FROM documents)")
            con.execute(
                "UPDATE documents SET parent_id = NULL WHERE parent_id IS NOT NULL "
                "AND parent_id NOT IN (SELECT id FROM documents)"
            )
            run.counts = {"documents": documents, "metric_rows": metrics, "channel_metric_rows": channel_snapshots,
                          "accounts": accounts, **{f"{table}_rows": n for table, n in event_rows.items()}}
            run.record(con, n_in=documents, n_out=0)
        return run.counts


def _config_text(name: str, tz: str) -> str:
    created = datetime.now(UTC).isoformat(timespec="seconds")
    return (
        "# A dauys project. The database is dauys.duckdb; see https://pypi.org/project/dauys/\n"
        "[project]\n"
        f"name = {json.dumps(name, ensure_ascii=False)}\n"
        f'created = "{created}"\n'
        f'dauys_version = "{__version__}"\n'
        f"# Daily and weekly series are built in this time zone.\n"
        f'timezone = "{tz}"\n'
    )


def init_project(path: str | Path, name: str | None = None, tz: str = DEFAULT_TZ) -> Project:
    """Create a project folder (or make an empty existing folder one) and return it open."""
    path = Path(path)
    if (path / CONFIG_FILE).exists():
        raise InputError(f"{path} is already a dauys project; open it with --project {path}.")
    if path.exists() and not path.is_dir():
        raise InputError(f"{path} is a file; give a folder path for the new project.")
    path.mkdir(parents=True, exist_ok=True)
    if (path / DB_FILE).exists():
        raise InputError(f"{path} holds a {DB_FILE} without {CONFIG_FILE}; move it away or choose another folder.")
    for folder in FOLDERS:
        (path / folder).mkdir(exist_ok=True)
    project = Project(path, {})
    project.store.create()
    (path / CONFIG_FILE).write_text(_config_text(name or path.resolve().name, tz), encoding="utf-8")
    project.config = _read_config(path)
    return project


def _read_config(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads((path / CONFIG_FILE).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise NotAProjectError(f"{path / CONFIG_FILE} is not valid TOML ({exc}); fix or restore it.") from None


def open_project(path: str | Path = ".") -> Project:
    """Open an existing project, upgrading an older store in place and refusing a newer one."""
    path = Path(path)
    if not path.is_dir():
        raise NotAProjectError(f"{path} does not exist or is not a folder; create a project with `dauys init {path}`.")
    if not (path / CONFIG_FILE).exists() or not (path / DB_FILE).exists():
        missing = CONFIG_FILE if not (path / CONFIG_FILE).exists() else DB_FILE
        raise NotAProjectError(
            f"{path.resolve()} is not a dauys project (no {missing}). Create one with `dauys init PATH`, "
            "or pass --project with the folder of an existing project."
        )
    project = Project(path, _read_config(path))
    project.store.upgrade()
    return project
