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

Every event gets a 2022 region (:mod:`dauys.geo.event_regions`), with the method that found it; the original
admin1 is kept. The import is one transaction with its ``sources`` row and ledger entry ``import.acled``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa

from dauys.ingest.events_common import (
    check_admin1,
    check_dates,
    check_integers,
    check_required,
    extra_meta,
    finish_run,
    read_event_table,
    record_source,
    save_rejects,
)
from dauys.progress import SILENT, Progress
from dauys.provenance import Run

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
    table = read_event_table(path, "import.acled", ACLED_COLUMNS, REQUIRED, "an ACLED export", sheet=sheet,
                             encoding=encoding, delimiter=delimiter, sample=sample, progress=progress)
    frame, staged, rejects = table.frame, table.staged, table.rejects
    today = datetime.now(ZoneInfo(project.tz)).date()

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

    events = pd.DataFrame({name: staged[name] for name in ACLED_COLUMNS})
    for name, values in numbers.items():
        events[name] = values
    events["event_date"] = dates.dt.date
    events["year"] = dates.dt.year.astype("Int64")
    events["country"] = COUNTRY
    events["event_key"] = staged["event_id_cnty"]
    events["origin"] = "acled"
    events["meta"] = extra_meta(frame, table.extra_columns())
    events["row"] = table.raw.rows
    good = ~rejects.bad
    return write_events(project, table.run, table.path, events.loc[good], rejects.frame(), read=len(frame),
                        kind="acled", params=table.params, progress=progress)


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
    from dauys.geo.event_regions import resolve_regions

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
        run_id, source_id = record_source(con, run, kind, path, params, n_in=read)
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
        finish_run(con, run, run_id, {**result.counts(), **({"conflict_list": conflicts[:100]} if conflicts else {})},
                   n_out=result.imported + result.updated)
    result.rejects_path = save_rejects(project, path, result.run_id, rejects)
    return result


def summary_lines(result: EventImportResult) -> list[str]:
    """The import summary the CLI prints: counts, conflicts, unresolved regions."""
    lines = [
        f"read {result.read:,}   imported {result.imported:,}   updated {result.updated:,}   "
        f"unchanged {result.unchanged:,}   repeated rows {result.duplicates:,}   rejected {result.rejected:,}",
    ]
    placed = {m: n for m, n in sorted(result.methods.items()) if n}
    if placed:  # nothing placed (every row rejected): no empty "2022 region found by" line
        lines.append("2022 region found by " + ", ".join(f"{m} {n:,}" for m, n in placed.items()))
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
