"""Tables and charts for use elsewhere, and the whole project packed for sharing.

- Tables: CSV in UTF-8 with a byte-order mark (so Excel shows Kazakh and Russian letters instead of
  mojibake) or XLSX (bold header, fitted column widths, text that starts with ``=`` kept as text, not
  read as a formula).
- Charts: PNG through :mod:`dauys.report.png`.
- A project: a zip of ``dauys.toml``, the database and the ``results/``, ``reports/``, ``exports/`` and
  ``imports/`` folders. The pseudonym key lives in the user's configuration folder
  (:mod:`dauys.privacy`), never in the project, so the zip cannot carry it; the database is copied
  while a read connection holds it, which keeps every writer out until the copy is complete.

Author ids: nothing exported carries an author's raw name or account id unless the caller asks for it
(``with_author_ids=True``, ``dauys export --with-author-ids``). Authors are pseudonymised on import, but an
import with ``--keep-authors`` stores them as given; on export such values are replaced by the pseudonym the
import would have given (:func:`dauys.privacy.pseudonymise`, same key, same platform), in result tables (every
column whose name says it holds authors, see :func:`is_author_column`) and, in a project zip, in the copied
database (``documents.author_key``, ``accounts.author_key``) and results. Values that already are pseudonyms
(``u_`` + 20 hex digits) are left as they are.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dauys.errors import InputError
from dauys.privacy import KEY_FILE_NAME, pseudonymise
from dauys.project import CONFIG_FILE, DB_FILE, Project, SavedResult
from dauys.report.png import has_png_chart, save_chart_png

TABLE_SUFFIXES = (".csv", ".xlsx")
PROJECT_FOLDERS = ("results", "reports", "exports", "imports")
EXCEL_MAX_ROWS = 1_048_576
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
PSEUDONYM = re.compile(r"^u_[0-9a-f]{20}$")
_AUTHOR_PARTS = frozenset({"author", "authors", "commenter", "commenters", "account", "sender", "spreader", "poster"})
AUTHOR_COLUMNS = frozenset({
    "author", "author_key", "author_id", "author_name", "account", "account_key", "account_id", "commenter",
    "user", "user_id", "user_name", "username", "from", "from_id", "sender", "spreader", "poster", "handle_author",
})


def csv_bytes(table: pd.DataFrame) -> bytes:
    """The table as CSV text in UTF-8 with a byte-order mark, as bytes."""
    return table.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def export_table(table: pd.DataFrame, path: Path, sheet_name: str | None = None) -> Path:
    """Write ``table`` as CSV (UTF-8 with BOM) or XLSX, chosen by the suffix of ``path``; returns ``path``.

    ``sheet_name`` (XLSX only) defaults to the file name; Excel's limit of 31 characters and its
    forbidden characters ``[]:*?/\\`` are applied.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise InputError(f"{path.name}: tables export as .csv or .xlsx; give a file name ending in either.")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        path.write_bytes(csv_bytes(table))
        return path
    if len(table) + 1 > EXCEL_MAX_ROWS:
        raise InputError(
            f"{path.name}: the table has {len(table):,} rows, more than an Excel sheet holds "
            f"({EXCEL_MAX_ROWS - 1:,}); export it as .csv instead."
        )
    _write_xlsx(table, path, sheet_title(sheet_name or path.stem))
    return path


def sheet_title(name: str) -> str:
    """A valid Excel sheet name: forbidden characters replaced, at most 31 characters, never empty."""
    cleaned = _SHEET_FORBIDDEN.sub("_", name).strip("'").strip()
    return cleaned[:SHEET_NAME_MAX] or "table"


def _write_xlsx(table: pd.DataFrame, path: Path, title: str) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    bold = Font(bold=True)
    widths = []
    for c, name in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=c, value=str(name))
        cell.font = bold
        widths.append(len(str(name)))
    for r, row in enumerate(table.itertuples(index=False, name=None), start=2):
        for c, value in enumerate(row, start=1):
            value = _excel_value(value)
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                if value.startswith("="):
                    cell.data_type = "s"
                if r <= 1001:
                    widths[c - 1] = max(widths[c - 1], max(len(line) for line in value.split("\n")))
            elif value is not None and r <= 1001:
                widths[c - 1] = max(widths[c - 1], len(str(value)))
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = min(max(width, 6), 60) + 2
    sheet.freeze_panes = "A2"
    book.save(path)


def _excel_value(value: Any) -> Any:
    """A cell value openpyxl can write: missing → empty, numpy → Python, aware time → local wall time."""
    if value is None or (not isinstance(value, list | dict | tuple | np.ndarray) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return (value.tz_localize(None) if value.tzinfo else value).to_pydatetime()
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, list | dict | tuple | np.ndarray):
        items = value.tolist() if isinstance(value, np.ndarray) else value
        return json.dumps(items, ensure_ascii=False, default=str)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, bool | int | float | date):
        return value
    return str(value)


# --- author ids ----------------------------------------------------------------------------------
def is_author_column(name: str) -> bool:
    """True for a column that holds authors: ``author_key``, ``commenter``, ``user_id``, ``top_author``, ..."""
    lowered = str(name).strip().lower()
    return lowered in AUTHOR_COLUMNS or bool(_AUTHOR_PARTS & set(re.split(r"[\W_]+", lowered)))


def _raw(values) -> list[str]:
    return sorted({v for v in values if isinstance(v, str) and v and not PSEUDONYM.match(v)})


def _author_platforms(project: Project, raw: list[str]) -> dict[str, str]:
    """The platform each raw author id was imported from (its pseudonym depends on it)."""
    if not raw:
        return {}
    with project.store.read() as con:
        con.register("raw_authors", pd.DataFrame({"author_key": raw}))
        rows = con.execute(
            """SELECT a.author_key, min(d.platform) FROM raw_authors a
               JOIN documents d ON d.author_key = a.author_key GROUP BY a.author_key"""
        ).fetchall()
    return dict(rows)


def pseudonyms_for(project: Project, raw: list[str], platforms: dict[str, str] | None = None) -> dict[str, str]:
    """Raw author id -> the pseudonym an import without ``--keep-authors`` would have stored."""
    platforms = _author_platforms(project, raw) if platforms is None else platforms
    by_platform: dict[str, list[str]] = {}
    for value in raw:
        by_platform.setdefault(platforms.get(value, "other"), []).append(value)
    out: dict[str, str] = {}
    for platform, values in by_platform.items():
        out.update(pseudonymise(values, platform))
    return out


def author_safe_table(project: Project, table: pd.DataFrame, with_author_ids: bool = False) -> pd.DataFrame:
    """``table`` with raw author ids in its author columns replaced by pseudonyms (a copy; unchanged when
    ``with_author_ids`` or when there is nothing raw)."""
    if with_author_ids:
        return table
    columns = [c for c in table.columns
               if is_author_column(c) and (table[c].dtype == object or pd.api.types.is_string_dtype(table[c]))]
    raw = _raw(v for c in columns for v in table[c].dropna().unique())
    if not raw:
        return table
    mapping = pseudonyms_for(project, raw)
    safe = table.copy()
    for column in columns:
        safe[column] = safe[column].map(lambda v: mapping.get(v, v) if isinstance(v, str) else v)
    return safe


def _pseudonymise_database(project: Project, folder: Path) -> Path | None:
    """A copy of the database in ``folder`` with kept author ids pseudonymised; None when none are kept.

    Runs while the caller holds a read connection, so the files do not change under the copy."""
    with project.store.read() as con:
        raw = _raw(r[0] for r in con.execute(
            "SELECT DISTINCT author_key FROM documents WHERE author_key IS NOT NULL "
            "UNION SELECT DISTINCT author_key FROM accounts"
        ).fetchall())
    if not raw:
        return None
    mapping = pseudonyms_for(project, raw)
    root = project.path.resolve()
    copy = folder / DB_FILE
    shutil.copy2(root / DB_FILE, copy)
    if (root / (DB_FILE + ".wal")).is_file():
        shutil.copy2(root / (DB_FILE + ".wal"), folder / (DB_FILE + ".wal"))
    import duckdb

    con = duckdb.connect(str(copy))
    try:
        con.register("author_map", pd.DataFrame({"raw": list(mapping), "pseudonym": list(mapping.values())}))
        con.execute(
            "UPDATE documents SET author_key = m.pseudonym FROM author_map m WHERE documents.author_key = m.raw"
        )
        # accounts are keyed by (platform, author_key); a kept and a pseudonymised row of one author merge
        con.execute("""DELETE FROM accounts WHERE author_key IN (SELECT raw FROM author_map)
                       AND EXISTS (SELECT 1 FROM accounts b JOIN author_map m ON b.author_key = m.pseudonym
                                   WHERE m.raw = accounts.author_key AND b.platform = accounts.platform)""")
        con.execute("UPDATE accounts SET author_key = m.pseudonym FROM author_map m WHERE accounts.author_key = m.raw")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return copy


# --- results ---------------------------------------------------------------------------------------
def result_by_id(project: Project, result_id: int) -> SavedResult:
    """The saved result ``result_id``, or an :class:`InputError` listing the ones there are."""
    results = project.results()
    for result in results:
        if result.id == result_id:
            return result
    known = ", ".join(f"{r.id} ({r.analysis})" for r in results) or "none yet"
    raise InputError(f"There is no result {result_id} in {project.path}; saved results: {known}.")


def result_table(result: SavedResult) -> pd.DataFrame:
    """A saved result's table, or an :class:`InputError` when its Parquet file has gone missing."""
    if not result.path.is_file():
        raise InputError(
            f"The table of result {result.id} ({result.analysis}) is missing: {result.path} does not exist. "
            "Restore the project's results/ folder, or run the analysis again."
        )
    return result.frame()


def result_file_stem(result: SavedResult) -> str:
    """``<id>-<analysis>``: the name of a result's files in ``exports/``."""
    return f"{result.id}-{re.sub(r'[^A-Za-z0-9_]+', '-', result.analysis).strip('-')}"


def export_result(
    project: Project, result_id: int, path: Path, lang: str = "en", with_author_ids: bool = False
) -> Path:
    """Write a saved result's table (.csv, .xlsx) or its chart (.png), chosen by the suffix of ``path``.

    Raw author ids in the table are pseudonymised unless ``with_author_ids``."""
    result = result_by_id(project, result_id)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (*TABLE_SUFFIXES, ".png"):
        raise InputError(f"{path.name}: a result exports as .csv, .xlsx (its table) or .png (its chart).")
    table = author_safe_table(project, result_table(result), with_author_ids)
    if suffix == ".png":
        return save_chart_png(result.analysis, table, path, lang, shutdowns=_shutdowns(project))
    return export_table(table, path, sheet_name=result_file_stem(result))


def export_result_files(
    project: Project, result: SavedResult, table: pd.DataFrame, lang: str, with_author_ids: bool = False,
    shutdowns: pd.DataFrame | None = None,
) -> list[Path]:
    """Write ``exports/<id>-<analysis>.csv``, and ``.png`` if the analysis has a chart; returns the paths.

    Raw author ids in the table are pseudonymised unless ``with_author_ids``. ``shutdowns`` is the log
    shaded on the PNG's date axes (read from the project when not given: a report passes it once)."""
    table = author_safe_table(project, table, with_author_ids)
    folder = project.folder("exports")
    stem = result_file_stem(result)
    written = [export_table(table, folder / f"{stem}.csv")]
    if has_png_chart(result.analysis):
        written.append(save_chart_png(result.analysis, table, folder / f"{stem}.png", lang,
                                      shutdowns=_shutdowns(project) if shutdowns is None else shutdowns))
    return written


def _shutdowns(project: Project) -> pd.DataFrame:
    """The project's shutdown log, shaded on the date axes of its PNG charts."""
    from dauys.events.store import load_shutdowns

    return load_shutdowns(project)


# --- the project -----------------------------------------------------------------------------------
def export_project(project: Project, zip_path: Path, with_author_ids: bool = False) -> Path:
    """Pack the project into ``zip_path`` for sharing; returns the path of the zip.

    The zip holds one folder named after the project folder, with ``dauys.toml``, ``dauys.duckdb``
    and the ``results/``, ``reports/``, ``exports/`` and ``imports/`` folders. It never holds the
    pseudonym key (which lives outside every project) nor the zip itself when it is written inside
    the project. Author ids kept by ``--keep-authors`` imports are pseudonymised in the copied database
    and in the saved results unless ``with_author_ids``.
    """
    zip_path = Path(zip_path)
    if zip_path.suffix.lower() != ".zip":
        raise InputError(f"{zip_path.name}: a project packs into a .zip file; give a name ending in .zip.")
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_name(zip_path.name + ".part")
    root = project.path.resolve()
    skip = {zip_path.resolve(), partial.resolve()}
    arc_root = root.name
    try:
        # the read connection keeps writers out, so the database and its write-ahead log stay consistent
        with (project.store.read(), tempfile.TemporaryDirectory(prefix="dauys-export-") as scratch,
              zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive):
            safe_db = None if with_author_ids else _pseudonymise_database(project, Path(scratch))
            if (root / CONFIG_FILE).is_file():
                archive.write(root / CONFIG_FILE, f"{arc_root}/{CONFIG_FILE}")
            if safe_db is not None:
                archive.write(safe_db, f"{arc_root}/{DB_FILE}")
            else:
                for name in (DB_FILE, DB_FILE + ".wal"):
                    if (root / name).is_file():
                        archive.write(root / name, f"{arc_root}/{name}")
            for folder in PROJECT_FOLDERS:
                for file in sorted((root / folder).rglob("*")):
                    if not file.is_file() or file.is_symlink() or file.resolve() in skip:
                        continue
                    if file.name == KEY_FILE_NAME:
                        continue
                    name = f"{arc_root}/{file.relative_to(root).as_posix()}"
                    if folder == "results" and file.suffix == ".parquet" and not with_author_ids:
                        table = pd.read_parquet(file)
                        safe = author_safe_table(project, table)
                        if safe is not table:
                            safe_file = Path(scratch) / file.name
                            safe.to_parquet(safe_file, index=False)
                            archive.write(safe_file, name)
                            continue
                    archive.write(file, name)
        os.replace(partial, zip_path)
    finally:
        partial.unlink(missing_ok=True)
    return zip_path
