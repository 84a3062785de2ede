"""A day-by-day chronology of a window: events, shutdowns in force and online activity, with sources.

One row per calendar day (project time zone) from ``date_from`` to ``date_to`` inclusive, also days with
nothing on them (a quiet day is information too; so is a day with no posts while the internet was cut):

``date``            the day (YYYY-MM-DD)
``events``          events recorded on that day (all types, or ``types``)
``fatalities``      their fatalities
``event_types``     ``Protests 3; Riots 1``: the events by type, most first
``places``          the 2022 regions (and locations) of the events: ``Mangystau Region (Zhanaozen, Aktau)``
``sources``         the events' sources, distinct, in order of first appearance
``shutdown``        whether any restriction was in force for some of the day
``shutdowns``       the restrictions in force: ``national: mobile internet (NetBlocks)``
``documents``       documents of the project created that day (within the analysis's document selection)
``documents_by``    ``telegram 120; news 8``: the documents by platform (or corpus, ``online_by``)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.errors import InputError
from dauys.events.store import _date, load_events, load_shutdowns
from dauys.geo.event_regions import region_label
from dauys.progress import SILENT

MAX_DAYS = 366
COLUMNS = ("date", "events", "fatalities", "event_types", "places", "sources", "shutdown", "shutdowns",
           "documents", "documents_by")


def _joined(counts: pd.Series) -> str:
    return "; ".join(f"{k} {int(v)}" for k, v in counts.items())


def chronology(project, since, until, where=None, types=None, online_by: str = "platform",
               lang: str = "en") -> pd.DataFrame:
    """The day-by-day table of the module docstring for ``since``..``until`` (inclusive)."""
    since, until = _date(since, "--date-from"), _date(until, "--date-to")
    if since is None or until is None:
        raise InputError("a chronology needs a window: give --date-from and --date-to, e.g. 2022-01-02 and "
                         "2022-01-12")
    if until < since:
        raise InputError(f"--date-to {until} is before --date-from {since}; give the earlier date first")
    days = (until - since).days + 1
    if days > MAX_DAYS:
        raise InputError(f"the window has {days} days; a chronology covers at most {MAX_DAYS} days (a day per "
                         "row); use `dauys events count --by day` for longer spans")
    if online_by not in ("platform", "corpus"):
        raise InputError(f"--online-by {online_by!r}: expected platform or corpus")
    dates = [since + timedelta(days=i) for i in range(days)]
    events = load_events(project, types=types, since=since, until=until)
    shutdowns = load_shutdowns(project, since=since, until=until)
    online = _online(project, since, until, where, online_by)

    rows = []
    by_day = {d: part for d, part in events.groupby(events["event_date"].map(_as_date))} if len(events) else {}
    for day in dates:
        part = by_day.get(day)
        row = {"date": day.isoformat(), "events": 0, "fatalities": 0, "event_types": "", "places": "",
               "sources": ""}
        if part is not None:
            row["events"] = len(part)
            row["fatalities"] = int(part["fatalities"].fillna(0).sum())
            row["event_types"] = _joined(part["event_type"].value_counts())
            row["places"] = _places(part, lang)
            row["sources"] = "; ".join(dict.fromkeys(
                s.strip() for value in part["source"].dropna() for s in str(value).split(";") if s.strip()))
        active = shutdowns.loc[[_in_force(r, day) for r in shutdowns.itertuples()]] if len(shutdowns) else shutdowns
        row["shutdown"] = bool(len(active))
        row["shutdowns"] = "; ".join(_describe_shutdown(r, lang) for r in active.itertuples())
        counts = online.get(day, {})
        row["documents"] = int(sum(counts.values()))
        row["documents_by"] = "; ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        rows.append(row)
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    for name in ("events", "fatalities", "documents"):
        table[name] = table[name].astype("int64")
    table["shutdown"] = table["shutdown"].astype(bool)
    return table


def _as_date(value) -> date:
    return value if isinstance(value, date) and not isinstance(value, pd.Timestamp) else pd.Timestamp(value).date()


def _places(part: pd.DataFrame, lang: str) -> str:
    out = []
    for code, rows in part.groupby(part["region_2022"].fillna(""), sort=False):
        locations = list(dict.fromkeys(str(v) for v in rows["location"].dropna()))
        name = region_label(code or None, lang)
        out.append(f"{name} ({', '.join(locations)})" if locations else name)
    return "; ".join(out)


def _in_force(row, day: date) -> bool:
    if row.start_date > day:
        return False
    return row.end_date is None or pd.isna(row.end_date) or row.end_date >= day


def _describe_shutdown(row, lang: str) -> str:
    where = row.scope
    if row.scope != "national":
        where = f"{row.scope} {row.place}" if row.place else row.scope
    text = f"{where}: {row.service}"
    return f"{text} ({row.source})" if row.source else text


def _online(project, since: date, until: date, where, online_by: str) -> dict[date, dict[str, int]]:
    condition, params = ("TRUE", []) if where is None else where.sql()
    zone = ZoneInfo(project.tz).key
    with project.store.read() as con:
        rows = con.execute(
            f"""SELECT timezone(?, created_at)::DATE AS day, {online_by} AS grp, count(*) AS n
                FROM documents
                WHERE {condition} AND created_at IS NOT NULL
                  AND timezone(?, created_at)::DATE BETWEEN ? AND ?
                GROUP BY ALL""",
            [zone, *params, zone, since, until],
        ).fetchall()
    out: dict[date, dict[str, int]] = {}
    for day, group, n in rows:
        out.setdefault(day, {})[str(group)] = int(n)
    return out


@dataclass(frozen=True)
class ChronologyParams:
    date_from: str = param("2022-01-02", "First day of the window, YYYY-MM-DD.")
    date_to: str = param("2022-01-12", "Last day of the window, inclusive.")
    types: str = param("", "Only these event types, comma-separated (default: all).")
    online_by: str = param("platform", "Split the documents per day by platform or by corpus.",
                           choices=("platform", "corpus"))
    label_lang: str = param("en", "Language of region names.", choices=("en", "ru", "kk"))


class Chronology(Analysis):
    name = "chronology"
    title = "Chronology"
    description = ("A day-by-day table of a window: events (types, places, sources), shutdowns in force and "
                   "online activity (documents per day).")
    Params = ChronologyParams
    command_group = "events"

    def run(self, project, where, params, progress=SILENT) -> pd.DataFrame:
        table = chronology(project, params.date_from, params.date_to, where, params.types or None,
                           params.online_by, params.label_lang)
        self.counts_ = {"documents": int(table["documents"].sum()), "events": int(table["events"].sum()),
                        "shutdown_days": int(table["shutdown"].sum())}
        if not table["events"].any():
            self.warnings_.append("no events in the window; import events with `dauys import acled` or "
                                  "`dauys import events`")
        return table

    def result_title(self, params) -> str:
        return f"Chronology {params.date_from} – {params.date_to}"
