"""Tables and charts for use elsewhere, and the whole project packed for sharing.

- Tables: CSV in UTF-8 with a byte-order mark (so Excel shows Kazakh and Russian letters instead of
  mojibake) or XLSX (bold header, fitted column widths, text that starts with ``=`` kept as text, not
  read as a formula).
- Charts: PNG through :mod:`dauys.report.png`.
- A project: a zip of ``dauys.toml``, the database and the ``results/``, ``reports/``, ``exports/`` and
  ``imports/`` folders. The pseudonym key lives in the user's configuration folder
  (:mod:`dauys.privacy`), never in the project, so the zip cannot carry it; the database is copied
  while a read connection holds it, which keeps every writer out until the copy is complete.
"""

from __future__ import annotations

import json
import os
import re
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
from dauys.privacy import KEY_FILE_NAME
from dauys.project import CONFIG_FILE, DB_FILE, Project, SavedResult
from dauys.report.png import has_png_chart, save_chart_png

TABLE_SUFFIXES = (".csv", ".xlsx")
PROJECT_FOLDERS = ("results", "reports", "exports", "imports")
EXCEL_MAX_ROWS = 1_048_576
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


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


def export_result(project: Project, result_id: int, path: Path, lang: str = "en") -> Path:
    """Write a saved result's table (.csv, .xlsx) or its chart (.png), chosen by the suffix of ``path``."""
    result = result_by_id(project, result_id)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (*TABLE_SUFFIXES, ".png"):
        raise InputError(f"{path.name}: a result exports as .csv, .xlsx (its table) or .png (its chart).")
    if suffix == ".png":
        return save_chart_png(result.analysis, result_table(result), path, lang)
    return export_table(result_table(result), path, sheet_name=result_file_stem(result))


def export_result_files(project: Project, result: SavedResult, table: pd.DataFrame, lang: str) -> list[Path]:
    """Write ``exports/<id>-<analysis>.csv``, and ``.png`` if the analysis has a chart; returns the paths."""
    folder = project.folder("exports")
    stem = result_file_stem(result)
    written = [export_table(table, folder / f"{stem}.csv")]
    if has_png_chart(result.analysis):
        written.append(save_chart_png(result.analysis, table, folder / f"{stem}.png", lang))
    return written


# --- the project -----------------------------------------------------------------------------------
def export_project(project: Project, zip_path: Path) -> Path:
    """Pack the project into ``zip_path`` for sharing; returns the path of the zip.

    The zip holds one folder named after the project folder, with ``dauys.toml``, ``dauys.duckdb``
    and the ``results/``, ``reports/``, ``exports/`` and ``imports/`` folders. It never holds the
    pseudonym key (which lives outside every project) nor the zip itself when it is written inside
    the project.
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
        with project.store.read(), zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in (CONFIG_FILE, DB_FILE, DB_FILE + ".wal"):
                if (root / name).is_file():
                    archive.write(root / name, f"{arc_root}/{name}")
            for folder in PROJECT_FOLDERS:
                for file in sorted((root / folder).rglob("*")):
                    if not file.is_file() or file.is_symlink() or file.resolve() in skip:
                        continue
                    if file.name == KEY_FILE_NAME:
                        continue
                    archive.write(file, f"{arc_root}/{file.relative_to(root).as_posix()}")
        os.replace(partial, zip_path)
    finally:
        partial.unlink(missing_ok=True)
    return zip_path
