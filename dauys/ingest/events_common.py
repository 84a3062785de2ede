"""What the event-store importers share (ACLED, local-monitor events, the shutdown log, populations).

- :func:`read_event_table`: the ledger entry, the table read, its columns matched to the known ones
  (:func:`match_columns`) and every known column staged as stripped text (None where empty);
- :class:`Rejects` and the ``check_*`` functions: rejected rows, one (row, field, value, reason) line per
  problem: a row with two wrong fields is listed twice (and counted once), in row order;
- :class:`Spellings`: a closed list of values written in English, Russian or Kazakh, stored as English keys;
- :func:`unknown_place`: the reason for a region or city name that is no Kazakh region, with the closest names;
- :func:`record_source`, :func:`finish_run`, :func:`save_rejects`: the ledger entry and ``sources`` row
  inside the import's transaction, and the rejected rows' CSV under ``imports/`` after it.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dauys.errors import InputError
from dauys.ingest.readers import RawTable, read_table
from dauys.ingest.writer import REJECT_COLUMNS, empty_rejects, file_sha256, write_rejects
from dauys.progress import SILENT, Progress
from dauys.provenance import Run, to_json

DATE_FORMATS = ("%d %B %Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y")
DATE_EXAMPLES = "16 May 2025, 2025-05-16, 16/05/2025 or 16.05.2025"
EARLIEST = date(1991, 1, 1)


def _canonical(name: str) -> str:
    return "_".join(str(name).strip().lower().replace("-", " ").split())


def match_columns(raw: RawTable, path: Path, known: tuple[str, ...], required: tuple[str, ...],
                  what: str) -> dict[str, str]:
    """Map each known column to the file's column of that name (case and spacing aside).

    A missing required column raises :class:`InputError` naming it, the file's columns and close matches.
    """
    by_canonical: dict[str, str] = {}
    for column in raw.columns:
        by_canonical.setdefault(_canonical(column), column)
    found = {name: by_canonical[name] for name in known if name in by_canonical}
    missing = [name for name in required if name not in found]
    if missing:
        unused = [c for c in raw.columns if _canonical(c) not in found]
        described = []
        for name in missing:
            close = difflib.get_close_matches(name, [_canonical(c) for c in unused], n=2, cutoff=0.5)
            close += [_canonical(c) for c in unused if name.split("_")[-1] == _canonical(c) and _canonical(c)
                      not in close]
            names = [next(c for c in unused if _canonical(c) == m) for m in close]
            hint = f" (the file has {' or '.join(repr(c) for c in names)}: rename it to {name})" if names else ""
            described.append(f"{name}{hint}")
        where = f" (sheet {raw.sheet!r})" if raw.sheet else ""
        raise InputError(
            f"{path}{where} is not {what}: it lacks the required column(s) {'; '.join(described)}. "
            f"Its columns are: {', '.join(repr(c) for c in raw.columns)}. Required are: {', '.join(required)}."
        )
    return found


def strings(frame: pd.DataFrame, column: str | None) -> pd.Series:
    """A column as stripped text, None where empty or missing (all None when the file lacks the column)."""
    if column is None or column not in frame:
        return pd.Series(None, index=frame.index, dtype="object")
    values = frame[column].astype("string").str.strip()
    return values.where(values != "", None).astype("object").where(values.notna(), None)


def extra_meta(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """The non-empty text of the file's further ``columns`` per row, as JSON (None without such columns)."""
    if not columns:
        return pd.Series(None, index=frame.index, dtype="object")
    records = frame[columns].to_dict("records")
    return pd.Series(
        [json.dumps({k: v for k, v in r.items() if isinstance(v, str) and v.strip()}, ensure_ascii=False) or None
         for r in records],
        index=frame.index, dtype="object",
    )


class Rejects:
    """Collects rejected rows: one entry per (row, field) problem, every problem of a row listed."""

    def __init__(self, rows: np.ndarray):
        self.rows = rows
        self.parts: list[pd.DataFrame] = []
        self.bad = np.zeros(len(rows), dtype=bool)
        self._listed: dict[str, np.ndarray] = {}  # field -> rows that already have a problem in that field

    def add(self, mask: np.ndarray | pd.Series, field: str, values: pd.Series, reason: str | list[str]) -> None:
        """Reject the rows of ``mask``, listing the problem for each (one problem per row and field is listed:
        the first found, so an empty value is not also called "not a date")."""
        mask = np.asarray(mask, dtype=bool)
        listed = self._listed.setdefault(field, np.zeros(len(self.rows), dtype=bool))
        if isinstance(reason, list):  # one reason per row of ``mask``, in order
            reasons = list(np.asarray(reason, dtype=object)[~listed[mask]])
        mask = mask & ~listed
        if not mask.any():
            return
        if not isinstance(reason, list):
            reasons = [reason] * int(mask.sum())
        self.parts.append(pd.DataFrame({
            "row": self.rows[mask], "field": field, "value": np.asarray(values, dtype=object)[mask],
            "reason": reasons,
        }))
        self.bad |= mask
        listed |= mask

    def frame(self) -> pd.DataFrame:
        """Every problem, by row (the problems of one row in the order they were found)."""
        if not self.parts:
            return empty_rejects()
        return pd.concat(self.parts, ignore_index=True).sort_values("row", kind="stable").reset_index(drop=True)


@dataclass
class EventTable:
    """A table read for an import: its ledger entry, the file's columns and the known ones staged as text."""

    path: Path
    params: dict[str, Any]
    run: Run
    raw: RawTable
    found: dict[str, str]
    staged: pd.DataFrame
    rejects: Rejects

    @property
    def frame(self) -> pd.DataFrame:
        return self.raw.frame

    def extra_columns(self) -> list[str]:
        """The file's columns that are none of the known ones."""
        return [c for c in self.raw.columns if c not in self.found.values()]


def read_event_table(
    path: str | Path,
    step: str,
    known: tuple[str, ...],
    required: tuple[str, ...],
    what: str,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sample: str | None = None,
    params: dict[str, Any] | None = None,
    progress: Progress = SILENT,
) -> EventTable:
    """Start the import ``step`` of the table at ``path``: the ledger entry (with ``params`` after the file's
    path and ``sample`` when given), the table read and described, the ``known`` columns matched (a missing
    ``required`` one refuses the file, see :func:`match_columns`) and staged with :func:`strings`."""
    path = Path(path)
    params = {"file": str(path), "path": str(path.resolve()), **(params or {}), "sheet": sheet}
    if sample:
        params["sample"] = sample
    run = Run(step, params)
    progress.stage(f"reading {path.name}")
    raw = read_table(path, sheet=sheet, encoding=encoding, delimiter=delimiter)
    params.update(raw.describe())
    found = match_columns(raw, path, known, required, what)
    staged = pd.DataFrame({name: strings(raw.frame, found.get(name)) for name in known}, index=raw.frame.index)
    return EventTable(path, params, run, raw, found, staged, Rejects(raw.rows))


def parse_event_dates(values: pd.Series) -> pd.Series:
    """Calendar dates from ``16 May 2025``, ``2025-05-16``, ``16/05/2025`` (and an XLSX ``2025-05-16 00:00:00``)."""
    text = values.astype("string").str.strip()
    text = text.where(~text.str.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]00:00(:00)?(\.0+)?", na=False), text.str[:10])
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for fmt in DATE_FORMATS:
        todo = out.isna() & text.notna()
        if not todo.any():
            break
        out[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    return out


def check_integers(rejects: Rejects, frame: pd.DataFrame, column: str, values: pd.Series, *, minimum: int | None,
                   allowed: tuple[int, ...] = (), what: str = "a whole number") -> pd.Series:
    """Whole numbers (NA where empty); rows with text or out-of-range numbers are rejected."""
    present = values.notna()
    numbers = pd.to_numeric(values, errors="coerce")
    wrong = present & (numbers.isna() | (numbers % 1 != 0))
    rejects.add(wrong, column, values, f"not {what}")
    if minimum is not None:
        rejects.add(present & ~wrong & (numbers < minimum), column, values,
                    f"must be {what} of at least {minimum}")
    if allowed:
        rejects.add(present & ~wrong & ~numbers.isin(allowed), column, values,
                    f"must be one of {', '.join(map(str, allowed))}")
    return numbers.where(~wrong).round().astype("Int64")


def check_required(rejects: Rejects, values: pd.Series, column: str) -> None:
    rejects.add(values.isna(), column, values, f"{column} is empty; every event needs one")


def check_dates(rejects: Rejects, values: pd.Series, column: str, today: date) -> pd.Series:
    dates = parse_event_dates(values.fillna(""))
    present = values.notna()
    rejects.add(present & dates.isna(), column, values, f"not a date; write dates as {DATE_EXAMPLES}")
    days = dates.dt.date
    rejects.add(present & dates.notna() & (days < EARLIEST), column, values,
                "before 1991: dauys holds events of independent Kazakhstan; check the date")
    rejects.add(present & dates.notna() & (days > today), column, values,
                f"in the future (today is {today.isoformat()}); check the date")
    return dates


def unknown_place(name: str, what: str = "region") -> str:
    """The reason for a ``what`` (region, city) name that is no Kazakh region, with the closest names."""
    from dauys.geo.event_regions import closest_admin1

    close = closest_admin1(name)
    return f"unknown {what} {name!r}" + (f"; closest: {', '.join(close)}" if close else "")


def check_admin1(rejects: Rejects, values: pd.Series, column: str) -> None:
    """Reject names that are no Kazakh region, listing the closest names."""
    from dauys.geo.event_regions import admin1_codes

    codes = admin1_codes(values)
    unknown = [name for name, found in codes.items() if not found]
    if not unknown:
        return
    mask = values.isin(unknown).to_numpy()
    reasons = [unknown_place(name) + "; correct the name or the region list" for name in values[mask]]
    rejects.add(mask, column, values, reasons)


def fold(text: str, *, hyphens_as_spaces: bool = False) -> str:
    """``text`` for matching: case folded, ё read as е, runs of spaces as one (and hyphens as spaces)."""
    text = str(text).casefold().replace("ё", "е")
    return " ".join((text.replace("-", " ") if hyphens_as_spaces else text).split())


class Spellings:
    """A closed list of values: each English key with its spellings (English, Russian, Kazakh).

    Spellings match case-insensitively, with ё read as е and runs of spaces as one (and hyphens as spaces
    when ``hyphens_as_spaces``)."""

    def __init__(self, values: dict[str, tuple[str, ...]], *, hyphens_as_spaces: bool = False):
        self.values = values
        self.hyphens_as_spaces = hyphens_as_spaces
        self.lookup = {self.fold(s): key for key, spellings in values.items() for s in (key, *spellings)}

    def fold(self, text: str) -> str:
        return fold(text, hyphens_as_spaces=self.hyphens_as_spaces)

    def keys(self, values: pd.Series, *, keep_unknown: bool = False) -> pd.Series:
        """The English key of each value; None when empty, and when not in the list unless ``keep_unknown``
        (then the value as written)."""
        return values.map(lambda v: None if v is None else self.lookup.get(self.fold(v), v if keep_unknown else None))


def record_source(con, run: Run, kind: str, path: Path, params: dict[str, Any], *, n_in: int,
                  n_out: int | None = None) -> tuple[int, int]:
    """Record the run and the file's ``sources`` row in the import's transaction; returns (run id, source id)."""
    run_id = run.record(con, n_in=n_in, n_out=n_out)
    source_id = con.execute(
        "INSERT INTO sources (run_id, kind, corpus, location, file_hash, params, collected_at) "
        "VALUES (?, ?, NULL, ?, ?, ?, now()) RETURNING id",
        [run_id, kind, str(path.resolve()), file_sha256(path), to_json(params)],
    ).fetchone()[0]
    return run_id, source_id


def finish_run(con, run: Run, run_id: int, counts: dict[str, Any], n_out: int) -> None:
    """Write the import's counts and output rows on its ledger entry."""
    run.counts.update(counts)
    con.execute("UPDATE runs SET n_out = ?, counts = ? WHERE id = ?", [n_out, to_json(run.counts), run_id])


def save_rejects(project, path: Path, run_id: int, rejects: pd.DataFrame) -> Path | None:
    """Write the rejected rows as ``imports/<file>-run<id>`` (nothing when there are none)."""
    return write_rejects(project.folder("imports"), f"{path.stem}-run{run_id}", rejects.loc[:, list(REJECT_COLUMNS)])
