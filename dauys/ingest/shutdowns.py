"""Importing the shutdown and blocking log: dated internet and platform restrictions.

A CSV or XLSX with the columns ``start``, ``end``, ``scope``, ``region``, ``service``, ``source`` (and
optionally ``notes``); ``start``, ``scope``, ``service`` and ``source`` are required in every row.

- ``start`` and ``end``: a date (``2022-01-05``, ``05.01.2022``, ``05/01/2022``, ``5 January 2022``) or a date
  and time (``2022-01-05 16:00``, with or without an offset such as ``+06:00``). Times without an offset are
  read in the project's time zone. A date alone starts at the beginning of that day; an ``end`` date alone
  means the restriction lasted *through* that day (it ends at midnight after it). An empty ``end`` means the
  restriction is still in force. ``end`` before ``start`` is rejected.
- ``scope``: ``national``, ``region`` or ``city`` (also Russian and Kazakh: национальный / общенациональный /
  вся страна / ұлттық / бүкіл ел, регион / область / облыс / өңір, город / қала).
- ``region``: empty for national scope; for region and city scope the region or city name, resolved to its
  2022 region (a city through the gazetteer, else the region names); names that give no single 2022 region
  are rejected with the closest names.
- ``service``: ``mobile internet``, ``fixed internet``, ``all internet`` (also мобильный интернет,
  мобильді интернет, ...) or the name of a platform or messenger (kept as written).

A restriction is identified by its start, scope, region and service: importing the log again changes
nothing, and a later version of the log updates the end (a restriction that was in force and has ended),
source and notes. One transaction with the ledger entry ``import.shutdowns``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa

from dauys.ingest.events_common import (
    Spellings,
    finish_run,
    read_event_table,
    record_source,
    save_rejects,
    unknown_place,
)
from dauys.progress import SILENT, Progress

COLUMNS = ("start", "end", "scope", "region", "service", "source", "notes")
REQUIRED = ("start", "end", "scope", "region", "service", "source")
SCOPES = {
    "national": ("national", "nationwide", "country", "национальный", "общенациональный", "вся страна",
                 "республика", "ұлттық", "бүкіл ел", "жалпыұлттық", "республикалық"),
    "region": ("region", "regional", "oblast", "регион", "региональный", "область", "облыс", "өңір", "аймақ"),
    "city": ("city", "town", "город", "городской", "қала"),
}
SERVICES = {
    "mobile internet": ("mobile internet", "mobile", "мобильный интернет", "мобильная связь",
                        "мобильді интернет", "ұялы интернет"),
    "fixed internet": ("fixed internet", "fixed", "broadband", "фиксированный интернет", "проводной интернет",
                       "сымды интернет", "тұрақты интернет"),
    "all internet": ("all internet", "internet", "интернет", "весь интернет", "барлық интернет"),
}
_DATE_ONLY = r"\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4}|\d{1,2} [^\d\s]+ \d{4}"


_SCOPE = Spellings(SCOPES)
_SERVICE = Spellings(SERVICES)


@dataclass
class ShutdownImportResult:
    source_id: int
    run_id: int
    read: int
    imported: int
    updated: int
    unchanged: int
    rejected: int
    rejects_path: Path | None = None

    def counts(self) -> dict[str, int]:
        return {"read": self.read, "imported": self.imported, "updated": self.updated,
                "unchanged": self.unchanged, "rejected": self.rejected}


def parse_moments(values: pd.Series, zone: ZoneInfo, end: bool) -> tuple[pd.Series, pd.Series]:
    """UTC timestamps of the texts (NaT where empty or unreadable) and whether each one was readable.

    A date alone is the start of that day, or for an ``end`` the start of the next day.
    """
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us, UTC]")
    ok = pd.Series(False, index=values.index)
    for i, text in values.items():
        if text is None:
            continue
        text = str(text).strip()
        moment = None
        date_only = bool(pd.Series([text]).str.fullmatch(_DATE_ONLY).iat[0])
        if date_only:
            for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"):
                try:
                    moment = datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
            if moment is not None and end:
                moment = moment + pd.Timedelta(days=1)
        else:
            try:
                moment = datetime.fromisoformat(text.replace(" ", "T", 1))
            except ValueError:
                for fmt in ("%d.%m.%Y %H:%M", "%d/%m/%Y %H:%M"):
                    try:
                        moment = datetime.strptime(text, fmt)
                        break
                    except ValueError:
                        continue
        if moment is None:
            continue
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zone)
        out[i] = pd.Timestamp(moment).tz_convert("UTC")
        ok[i] = True
    return out, ok


def _place_code(name: str, scope: str) -> tuple[str | None, str]:
    """The 2022 region code of a region or city name, or None with the reason."""
    from dauys.geo.event_regions import admin1_codes, place_region

    if scope == "city":
        code = place_region(name)
        if code:
            return code, ""
    codes = admin1_codes(pd.Series([name])).get(name, ())
    if len(codes) == 1:
        return codes[0], ""
    if len(codes) > 1:
        return None, (f"{name!r} was split in 2022 and may be any of {', '.join(codes)}; name the 2022 region "
                      "or the city")
    return None, unknown_place(name, scope)


def import_shutdowns(
    project,
    path: str | Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sample: str | None = None,
    progress: Progress = SILENT,
) -> ShutdownImportResult:
    """Import a shutdown log (see the module docstring) in one transaction."""
    log = read_event_table(path, "import.shutdowns", COLUMNS, REQUIRED, "a shutdown log", sheet=sheet,
                           encoding=encoding, delimiter=delimiter, sample=sample, progress=progress)
    path, frame, staged, rejects = log.path, log.frame, log.staged, log.rejects
    zone = ZoneInfo(project.tz)

    for name in ("start", "scope", "service", "source"):
        rejects.add(staged[name].isna(), name, staged[name], f"{name} is empty; every restriction needs one")
    starts, ok = parse_moments(staged["start"], zone, end=False)
    date_help = "write a date (2022-01-05) or a date and time (2022-01-05 16:00, optionally with +06:00)"
    rejects.add(staged["start"].notna() & ~ok, "start", staged["start"], "not a date; " + date_help)
    ends, ok = parse_moments(staged["end"], zone, end=True)
    rejects.add(staged["end"].notna() & ~ok, "end", staged["end"], "not a date; " + date_help
                + "; leave it empty while the restriction is in force")
    rejects.add(ends.notna() & starts.notna() & (ends <= starts), "end", staged["end"],
                "ends before it starts; check the dates")
    scope = _SCOPE.keys(staged["scope"])
    accepted = "; ".join(f"{k} ({', '.join(v[:4])}, ...)" for k, v in SCOPES.items())
    rejects.add(staged["scope"].notna() & scope.isna(), "scope", staged["scope"], "unknown scope; accepted: "
                + accepted)
    national = scope == "national"
    rejects.add(national & staged["region"].notna(), "region", staged["region"],
                "a national restriction has no region; leave region empty or set scope to region or city")
    local = scope.isin(["region", "city"])
    rejects.add(local & staged["region"].isna(), "region", staged["region"],
                "a regional or city restriction needs the region or city it applied to")
    codes = pd.Series(None, index=frame.index, dtype="object")
    reasons: dict[int, str] = {}
    for i in np.flatnonzero((local & staged["region"].notna()).to_numpy()):
        code, reason = _place_code(staged["region"].iat[i], scope.iat[i])
        if code:
            codes.iat[i] = code
        else:
            reasons[i] = reason
    if reasons:
        mask = np.zeros(len(frame), dtype=bool)
        mask[list(reasons)] = True
        rejects.add(mask, "region", staged["region"], [reasons[i] for i in np.flatnonzero(mask)])
    service = _SERVICE.keys(staged["service"], keep_unknown=True)

    good = ~rejects.bad
    table = pa.Table.from_pandas(pd.DataFrame({
        "starts_at": starts[good].astype("datetime64[us, UTC]"), "ends_at": ends[good].astype("datetime64[us, UTC]"),
        "scope": scope[good].astype("string"), "region_2022": codes[good].astype("string"),
        "place": staged["region"][good].astype("string"), "service": service[good].astype("string"),
        "source": staged["source"][good].astype("string"), "notes": staged["notes"][good].astype("string"),
        "pos": np.arange(int(good.sum())),
    }), preserve_index=False)
    rejected = rejects.frame()
    with project.store.write() as con:
        con.register("staged_shutdowns", table)
        con.execute(
            """CREATE TEMP TABLE incoming AS
               SELECT s.*, e.id AS old_id,
                      e.id IS NOT NULL AND (e.ends_at IS DISTINCT FROM s.ends_at OR e.source IS DISTINCT FROM
                      s.source OR e.notes IS DISTINCT FROM s.notes OR e.place IS DISTINCT FROM s.place) AS changed
               FROM (SELECT * FROM staged_shutdowns
                     QUALIFY row_number() OVER (PARTITION BY starts_at, scope, coalesce(region_2022, ''), service
                                                ORDER BY pos DESC) = 1) s
               LEFT JOIN shutdowns e ON e.starts_at = s.starts_at AND e.scope = s.scope
                    AND coalesce(e.region_2022, '') = coalesce(s.region_2022, '') AND e.service = s.service"""
        )
        con.unregister("staged_shutdowns")
        run_id, source_id = record_source(con, log.run, "shutdowns", path, log.params, n_in=len(frame))
        updated = con.execute(
            """UPDATE shutdowns SET ends_at = i.ends_at, source = i.source, notes = i.notes, place = i.place,
                      source_id = ?
               FROM incoming i WHERE shutdowns.id = i.old_id AND i.changed""",
            [source_id],
        ).fetchone()[0]
        imported = con.execute(
            """INSERT INTO shutdowns (source_id, starts_at, ends_at, scope, region_2022, place, service, source, notes)
               SELECT ?, starts_at, ends_at, scope, region_2022, place, service, source, notes
               FROM incoming WHERE old_id IS NULL ORDER BY pos""",
            [source_id],
        ).fetchone()[0]
        con.execute("DROP TABLE incoming")
        result = ShutdownImportResult(
            source_id, run_id, len(frame), int(imported), int(updated), int(good.sum()) - int(imported) - int(updated),
            int(rejected["row"].nunique()) if len(rejected) else 0,
        )
        finish_run(con, log.run, run_id, result.counts(), n_out=result.imported + result.updated)
    result.rejects_path = save_rejects(project, path, run_id, rejected)
    return result
