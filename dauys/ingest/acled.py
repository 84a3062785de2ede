"""Importing ACLED exports (CSV, or the first sheet of an XLSX unless ``sheet`` names another) as events.

All standard ACLED columns are read (:data:`ACLED_COLUMNS`); column names match case-insensitively, with
spaces or hyphens read as underscores (older exports write ``EVENT_DATE``). Required are
:data:`REQUIRED`; the others may be missing (older exports lack ``disorder_type``, ``civilian_targeting``
and ``tags``). Further columns are kept as JSON in ``meta``. A file that lacks a required column is refused
with the columns it does have and the close matches (``date`` for ``event_date``).

Dates are read as ``16 May 2025``, ``2025-05-16`` or ``16/05/2025`` (day first). A row is *rejected*
(listed with its row number, field, value and reason in a CSV under ``imports/``) when its event id,
event type, country or admin1 is empty, its date cannot be read or lies before 1991 or after today, its
fatalities are not a whole number of at least 0, its coordinates or precision codes are not numbers in
range, its country is not Kazakhstan, or its admin1 is not a Kazakh region (the reason lists the closest
names).

Duplicates: an event is identified by ``event_id_cnty``. Inside one file, identical repeats are dropped;
repeats with different data are *conflicts*: the row with the newest ``timestamp`` is kept (the last
one when timestamps tie) and every conflict is reported. Against the project, an event it already holds
is replaced when the file's ``timestamp`` is newer (ACLED's last-modified time), and left as it is
otherwise (counted as ``unchanged``).

Every event gets a 2022 region (:mod:`dauys.events.regions`), with the method that found it; the original
admin1 is kept. The import is one transaction with its ``sources`` row and ledger entry ``import.acled``.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa

from dauys.errors import InputError
from dauys.ingest.readers import RawTable, read_table
from dauys.ingest.writer import REJECT_COLUMNS, empty_rejects, file_sha256, write_rejects
from dauys.progress import SILENT, Progress
from dauys.provenance import Run, to_json

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
REQUIRED = ("event_id_cnty", "event_date", "event_type", "country", "admin1")
# every column of the events table, in order (id is drawn by the store)
EVENT_COLUMNS = (
    "event_key", "origin", "source_id", "event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
    "typology", "nature", "participants", "detained", "region_2022", "region_method", "meta",
)
INTEGER_COLUMNS = ("year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp", "participants",
                   "detained")
FLOAT_COLUMNS = ("latitude", "longitude")
DATE_FORMATS = ("%d %B %Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y")
DATE_EXAMPLES = "16 May 2025, 2025-05-16, 16/05/2025 or 16.05.2025"
EARLIEST = date(1991, 1, 1)
COUNTRY = "Kazakhstan"
COUNTRY_NAMES = frozenset({"kazakhstan", "казахстан", "қазақстан", "kz", "kaz", "398"})
MAX_LISTED = 10


@dataclass
class EventImportResult:
    """What an event import did. ``conflicts`` and ``unresolved`` are listed for the summary."""

    source_id: int
    run_id: int
    read: int
    imported: int
    updated: int
    unchanged: int
    duplicates: int
    rejected: int
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    unresolved: list[dict[str, Any]] = field(default_factory=list)
    methods: dict[str, int] = field(default_factory=dict)
    rejects_path: Path | None = None

    def counts(self) -> dict[str, Any]:
        return {
            "read": self.read, "imported": self.imported, "updated": self.updated, "unchanged": self.unchanged,
            "duplicates": self.duplicates, "rejected": self.rejected, "conflicts": len(self.conflicts),
            "unresolved": len(self.unresolved), "region_methods": dict(self.methods),
        }


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


def _strings(frame: pd.DataFrame, column: str | None) -> pd.Series:
    if column is None or column not in frame:
        return pd.Series(None, index=frame.index, dtype="object")
    values = frame[column].astype("string").str.strip()
    return values.where(values != "", None).astype("object").where(values.notna(), None)


class Rejects:
    """Collects rejected rows: one entry per (row, field) problem."""

    def __init__(self, rows: np.ndarray):
        self.rows = rows
        self.parts: list[pd.DataFrame] = []
        self.bad = np.zeros(len(rows), dtype=bool)

    def add(self, mask: np.ndarray | pd.Series, field: str, values: pd.Series, reason: str | list[str]) -> None:
        """Reject the rows of ``mask`` not rejected yet (one problem per row is listed: the first found)."""
        mask = np.asarray(mask, dtype=bool)
        if isinstance(reason, list):  # one reason per row of ``mask``, in order
            reasons = list(np.asarray(reason, dtype=object)[~self.bad[mask]])
        mask = mask & ~self.bad
        if not mask.any():
            return
        if not isinstance(reason, list):
            reasons = [reason] * int(mask.sum())
        self.parts.append(pd.DataFrame({
            "row": self.rows[mask], "field": field, "value": np.asarray(values, dtype=object)[mask],
            "reason": reasons,
        }))
        self.bad |= mask

    def frame(self) -> pd.DataFrame:
        return pd.concat(self.parts, ignore_index=True) if self.parts else empty_rejects()


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


def check_admin1(rejects: Rejects, values: pd.Series, column: str) -> None:
    """Reject names that are no Kazakh region, listing the closest names."""
    from dauys.events.regions import admin1_codes, closest_admin1

    codes = admin1_codes(values)
    unknown = [name for name, found in codes.items() if not found]
    if not unknown:
        return
    mask = values.isin(unknown).to_numpy()
    reasons = []
    for name in values[mask]:
        close = closest_admin1(name)
        reasons.append(f"unknown region {name!r}" + (f"; closest: {', '.join(close)}" if close else "")
                       + "; correct the name or the region list")
    rejects.add(mask, column, values, reasons)


def import_acled(
    project,
    path: str | Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sample: str | None = None,
    progress: Progress = SILENT,
) -> EventImportResult:
    """Import an ACLED export into the project's events; see the module docstring for the rules.

    ``sample="synthetic"`` marks the source as illustrative data (the demo).
    """
    path = Path(path)
    params: dict[str, Any] = {"file": str(path), "path": str(path.resolve()), "sheet": sheet}
    if sample:
        params["sample"] = sample
    run = Run("import.acled", params)
    progress.stage(f"reading {path.name}")
    raw = read_table(path, sheet=sheet, encoding=encoding, delimiter=delimiter)
    params.update(raw.describe())
    found = match_columns(raw, path, ACLED_COLUMNS, REQUIRED, "an ACLED export")
    frame = raw.frame
    today = datetime.now(ZoneInfo(project.tz)).date()
    rejects = Rejects(raw.rows)

    staged = pd.DataFrame(index=frame.index)
    for name in ACLED_COLUMNS:
        staged[name] = _strings(frame, found.get(name))
    for name in REQUIRED:
        check_required(rejects, staged[name], name)
    dates = check_dates(rejects, staged["event_date"], "event_date", today)
    country = staged["country"].fillna("").str.casefold()
    rejects.add(staged["country"].notna() & ~country.isin(COUNTRY_NAMES), "country", staged["country"],
                "not Kazakhstan: dauys holds events in Kazakhstan only; filter the export by country")
    check_admin1(rejects, staged["admin1"], "admin1")
    numbers = {}
    numbers["fatalities"] = check_integers(rejects, frame, "fatalities", staged["fatalities"], minimum=0)
    numbers["time_precision"] = check_integers(rejects, frame, "time_precision", staged["time_precision"],
                                               minimum=None, allowed=(1, 2, 3))
    numbers["geo_precision"] = check_integers(rejects, frame, "geo_precision", staged["geo_precision"],
                                              minimum=None, allowed=(1, 2, 3))
    for name in ("year", "iso", "timestamp"):
        numbers[name] = check_integers(rejects, frame, name, staged[name], minimum=0)
    for name, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
        values = staged[name]
        number = pd.to_numeric(values, errors="coerce")
        rejects.add(values.notna() & number.isna(), name, values, "not a number")
        rejects.add(values.notna() & number.notna() & ~number.between(low, high), name, values,
                    f"out of range ({low} to {high})")
        numbers[name] = number.astype("float64")

    extra = [c for c in raw.columns if c not in found.values()]
    events = pd.DataFrame({name: staged[name] for name in ACLED_COLUMNS})
    for name, values in numbers.items():
        events[name] = values
    events["event_date"] = dates.dt.date
    events["year"] = dates.dt.year.astype("Int64")
    events["country"] = COUNTRY
    events["event_key"] = staged["event_id_cnty"]
    events["origin"] = "acled"
    events["meta"] = _meta(frame, extra)
    events["row"] = raw.rows
    good = ~rejects.bad
    result = write_events(project, run, path, events.loc[good], rejects.frame(), read=len(frame),
                          kind="acled", params=params, progress=progress)
    return result


def _meta(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    if not columns:
        return pd.Series(None, index=frame.index, dtype="object")
    records = frame[columns].to_dict("records")
    return pd.Series(
        [json.dumps({k: v for k, v in r.items() if isinstance(v, str) and v.strip()}, ensure_ascii=False) or None
         for r in records],
        index=frame.index, dtype="object",
    )


def _conflicts(events: pd.DataFrame) -> tuple[pd.DataFrame, list[dict[str, Any]], int]:
    """Drop repeats of one event key inside the file: identical ones silently, differing ones reported.

    Returns the kept rows, the conflicts and the number of identical repeats.
    """
    compare = [c for c in EVENT_COLUMNS if c in events.columns and c not in ("event_key", "source_id")]
    key = events["event_key"]
    repeated = key.duplicated(keep=False)
    if not repeated.any():
        return events, [], 0
    fingerprint = events[compare].astype("string").fillna("\x00").agg("\x1f".join, axis=1)
    identical = repeated & pd.Series(list(zip(key, fingerprint, strict=True)), index=events.index).duplicated()
    events = events.loc[~identical]
    conflicts = []
    order = events.assign(_ts=events["timestamp"].astype("Float64").fillna(-1), _pos=np.arange(len(events)))
    order = order.sort_values(["event_key", "_ts", "_pos"], kind="stable")
    keep = ~order["event_key"].duplicated(keep="last")
    for name, part in order.loc[order["event_key"].duplicated(keep=False)].groupby("event_key", sort=True):
        kept = part.iloc[-1]
        differing = [c for c in compare if part[c].astype("string").nunique(dropna=False) > 1]
        conflicts.append({
            "event_id": name, "rows": [int(r) for r in part["row"]], "kept_row": int(kept["row"]),
            "kept_timestamp": None if pd.isna(kept["timestamp"]) else int(kept["timestamp"]),
            "fields": differing,
        })
    kept_rows = order.loc[keep].sort_values("_pos").drop(columns=["_ts", "_pos"])
    return kept_rows, conflicts, int(identical.sum())


def write_events(project, run: Run, path: Path, events: pd.DataFrame, rejects: pd.DataFrame, *, read: int,
                 kind: str, params: dict[str, Any], progress: Progress = SILENT) -> EventImportResult:
    """Resolve regions and merge staged events into the store in one transaction (shared by the importers)."""
    from dauys.events.regions import resolve_regions

    events = events.reset_index(drop=True)
    for name in EVENT_COLUMNS:
        if name not in events:
            events[name] = None
    events, conflicts, identical = _conflicts(events)
    progress.stage(f"placing {len(events):,} events in the 2022 regions")
    resolved = resolve_regions(events)
    events["region_2022"] = resolved["region_2022"]
    events["region_method"] = resolved["region_method"]
    staged = pd.DataFrame({c: events[c] if c in events else None for c in EVENT_COLUMNS if c != "source_id"})
    for name in INTEGER_COLUMNS:
        staged[name] = pd.array(pd.to_numeric(staged[name], errors="coerce"), dtype="Int64")
    for name in FLOAT_COLUMNS:
        staged[name] = pd.to_numeric(staged[name], errors="coerce").astype("float64")
    staged["event_date"] = pd.to_datetime(staged["event_date"]).astype("datetime64[s]")
    for name in staged.columns:
        if name not in INTEGER_COLUMNS + FLOAT_COLUMNS + ("event_date",):
            staged[name] = staged[name].astype("string")
    staged["pos"] = np.arange(len(staged))
    table = pa.Table.from_pandas(staged, preserve_index=False)

    columns = [c for c in EVENT_COLUMNS if c != "source_id"]
    quoted = ", ".join(f'"{c}"' for c in columns)
    selected = ", ".join(
        f's."{c}"' if c != "event_date" else "CAST(s.event_date AS DATE) AS event_date" for c in columns
    )
    updates = ", ".join(f'"{c}" = i."{c}"' for c in columns if c != "event_key")
    progress.stage(f"writing {len(staged):,} events to the project")
    with project.store.write() as con:
        con.register("staged_events", table)
        con.execute(
            f"""CREATE TEMP TABLE incoming AS
                SELECT {selected}, s.pos, e.id AS old_id, e."timestamp" AS old_ts
                FROM staged_events s LEFT JOIN events e ON e.event_key = s.event_key"""
        )
        con.unregister("staged_events")
        run_id = run.record(con, n_in=read, n_out=None)
        source_id = con.execute(
            "INSERT INTO sources (run_id, kind, corpus, location, file_hash, params, collected_at) "
            "VALUES (?, ?, NULL, ?, ?, ?, now()) RETURNING id",
            [run_id, kind, str(path.resolve()), file_sha256(path), to_json(params)],
        ).fetchone()[0]
        newer = 'i.old_id IS NOT NULL AND i."timestamp" IS NOT NULL AND (i.old_ts IS NULL OR i."timestamp" > i.old_ts)'
        updated = con.execute(
            f"""UPDATE events SET {updates}, source_id = ? FROM incoming i
                WHERE events.id = i.old_id AND {newer.replace('i.old_id IS NOT NULL AND ', '')}""",
            [source_id],
        ).fetchone()[0]
        imported = con.execute(
            f"""INSERT INTO events (source_id, {quoted})
                SELECT ?, {', '.join(f'i."{c}"' for c in columns)} FROM incoming i
                WHERE i.old_id IS NULL ORDER BY i.pos""",
            [source_id],
        ).fetchone()[0]
        con.execute("DROP TABLE incoming")
        result = EventImportResult(
            source_id=source_id, run_id=run_id, read=read, imported=int(imported), updated=int(updated),
            unchanged=len(staged) - int(imported) - int(updated), duplicates=identical,
            rejected=int(rejects["row"].nunique()) if len(rejects) else 0, conflicts=conflicts,
            methods={m: int(n) for m, n in events["region_method"].value_counts().items()},
        )
        unresolved = events.loc[events["region_method"] == "unresolved"]
        result.unresolved = [
            {"row": int(r.row), "event_id": r.event_key if kind == "acled" else None, "admin1": r.admin1,
             "location": r.location}
            for r in unresolved.itertuples()
        ]
        run.counts.update(result.counts())
        if conflicts:
            run.counts["conflict_list"] = conflicts[:100]
        con.execute("UPDATE runs SET n_out = ?, counts = ? WHERE id = ?",
                    [result.imported + result.updated, to_json(run.counts), run_id])
    stem = f"{path.stem}-run{result.run_id}"
    result.rejects_path = write_rejects(project.folder("imports"), stem, rejects.loc[:, list(REJECT_COLUMNS)])
    return result


def summary_lines(result: EventImportResult) -> list[str]:
    """The import summary the CLI prints: counts, conflicts, unresolved regions."""
    lines = [
        f"read {result.read:,}   imported {result.imported:,}   updated {result.updated:,}   "
        f"unchanged {result.unchanged:,}   repeated rows {result.duplicates:,}   rejected {result.rejected:,}",
        "2022 region found by " + ", ".join(f"{m} {n:,}" for m, n in sorted(result.methods.items())),
    ]
    if result.conflicts:
        lines.append(f"{len(result.conflicts)} event id(s) appear in the file with different data; "
                     "the row with the newest timestamp was kept:")
        for c in result.conflicts[:MAX_LISTED]:
            lines.append(f"  {c['event_id']}: rows {', '.join(map(str, c['rows']))}, kept row {c['kept_row']} "
                         f"(differ in {', '.join(c['fields']) or 'nothing'})")
    if result.unresolved:
        lines.append(f"{len(result.unresolved)} event(s) have no 2022 region (coordinates imprecise, place "
                     "unknown and admin1 split in 2022):")
        for u in result.unresolved[:MAX_LISTED]:
            ident = f"{u['event_id']} " if u.get("event_id") else ""
            lines.append(f"  row {u['row']}: {ident}admin1 {u['admin1']!r}, location {u['location']!r}")
        if len(result.unresolved) > MAX_LISTED:
            lines.append(f"  … and {len(result.unresolved) - MAX_LISTED} more (see `dauys events count --by "
                         "region`)")
    if result.rejects_path is not None:
        lines.append(f"rejected rows: {result.rejects_path}")
    return lines
