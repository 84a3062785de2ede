"""Daily or weekly series of online activity and of events, on one calendar, with shutdown days marked.

Both sides are counted per calendar date in the project's time zone (Asia/Almaty, with its historical
offsets): a document by the local date of its ``created_at``, an event by its recorded ``event_date``.
Weeks are ISO weeks (Monday first). Every period of the range is listed, with zeros where nothing
happened, so lags mean calendar days.

**Online activity** (``online``) is one of:

- ``documents``, ``posts`` (documents without a parent) or ``comments`` (with a parent);
- ``views``: the sum of the latest ``views`` snapshot of the posts published in the period;
- ``hashtags``: documents whose text holds one of the given hashtags (case-insensitive, ``#жер`` does
  not match ``#жерлер``);
- ``code_share``: the share of the period's documents coded with ``code`` (table ``codes``; by
  ``coder`` or by any coder). A period without documents has no share (NaN, left out of the statistics).

The documents are those the usual document filter (``where``) selects. The online series stays
national: documents carry no region of their own unless an importer put one in ``meta``, and then
``--where region=...`` narrows them; ``region`` narrows the events and the regional shutdowns only.

**Events** are counted (``events``) with their ``fatalities``, all event types unless ``types`` names
some; the table's ``attrs`` list the types that went in. Events recorded at week or month precision are
counted at their recorded date (``counts`` says how many).

**Shutdowns** (``shutdown`` column): a period in which a national shutdown, or with ``region`` one of
that region, was in force on any day (any service: mobile or fixed internet, or a blocked platform).
``shutdowns="exclude"`` keeps those periods in the table but marks them ``excluded``: the lead–lag
statistics then leave them out; ``"ignore"`` does not read the shutdown log.

The range is the dates of the filter when given, else the span where both the documents and the events
have data (so months before the first collected document are not read as days of zero activity).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from dauys.analyze.base import param
from dauys.errors import InputError
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

__all__ = ["FREQS", "MEASURES", "SERIES_COLUMNS", "SHUTDOWN_MODES", "ActivitySeries", "SeriesParams",
           "build_series", "daily_events", "hashtag_pattern", "shutdown_dates"]

FREQS = ("day", "week")
MEASURES = ("documents", "posts", "comments", "views", "hashtags", "code_share")
SHUTDOWN_MODES = ("flag", "exclude", "ignore")
SERIES_COLUMNS = ("period", "start", "online", "documents", "events", "fatalities", "shutdown", "excluded")
_LINKED = "(d.parent_id IS NOT NULL OR d.parent_external_id IS NOT NULL)"


@dataclass(frozen=True)
class SeriesParams:
    """The options every mobilization analysis shares: which two series, how often, what to do on shutdowns."""

    freq: str = param("day", "Periods: calendar days or ISO weeks, in the project's time zone.", choices=FREQS)
    online: str = param("posts", "Online activity: documents, posts, comments, views (latest views of the "
                                 "period's posts), hashtags (documents with --hashtags) or code_share (share of "
                                 "documents coded --code).", choices=MEASURES)
    hashtags: str = param("", "With --online hashtags: the hashtags, comma-separated, with or without #.")
    code: str = param("", "With --online code_share: the code, e.g. call_to_protest.")
    coder: str = param("", "With --online code_share: whose codes (empty: any coder).")
    types: str = param("", "Event types to count, comma-separated (empty: every type; the note lists them).")
    region: str = param("", "A 2022 region code (KZ-75 ...): its events and shutdowns; online stays national.")
    shutdowns: str = param("flag", "Shutdown periods: flag them, exclude them from the statistics, or ignore "
                                   "the shutdown log.", choices=SHUTDOWN_MODES)


@dataclass
class ActivitySeries:
    """The two series on one calendar (``frame``, columns :data:`SERIES_COLUMNS`) and what went into them."""

    frame: pd.DataFrame
    counts: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Online activity and events as floats, NaN in excluded periods (and where a share has no documents)."""
        online = self.frame["online"].to_numpy(dtype=np.float64).copy()
        events = self.frame["events"].to_numpy(dtype=np.float64).copy()
        excluded = self.frame["excluded"].to_numpy(dtype=bool)
        online[excluded] = np.nan
        events[excluded] = np.nan
        return online, events


def hashtag_pattern(text: str) -> tuple[list[str], str]:
    """The hashtags of a ``--hashtags`` text and one case-insensitive regular expression matching any of them.

    A hashtag ends where a letter, digit or underscore does not follow, in any script (RE2's ``\\pL``).
    """
    tags = list(dict.fromkeys(t.strip().lstrip("#").lower() for t in text.split(",") if t.strip().lstrip("#")))
    if not tags:
        raise InputError("--online hashtags needs --hashtags, e.g. --hashtags '#жер,#митинг'")
    for tag in tags:
        if not re.fullmatch(r"[\w]+", tag):
            raise InputError(f"--hashtags {tag!r}: a hashtag is letters, digits and underscores only")
    return tags, "(?i)#(" + "|".join(tags) + r")([^\pL\pN_]|$)"


def _online_daily(con, project: Project, where: DocumentFilter, spec: SeriesParams) -> pd.DataFrame:
    """Per local date: ``value`` (the measure's numerator) and ``documents`` (the selected dated documents)."""
    condition, values = where.sql("d")
    day = "CAST(timezone(?, d.created_at) AS DATE)"
    base = f"FROM documents d WHERE d.created_at IS NOT NULL AND {condition}"
    params: list[Any] = [project.tz, *values]
    if spec.online in ("documents", "posts", "comments"):
        measure = {"documents": "count(*)", "posts": f"count(*) FILTER (WHERE NOT {_LINKED})",
                   "comments": f"count(*) FILTER (WHERE {_LINKED})"}[spec.online]
        sql = f"SELECT {day} AS day, {measure} AS value, count(*) AS documents {base} GROUP BY 1"
    elif spec.online == "views":
        sql = (f"""SELECT {day} AS day, coalesce(sum(v.value) FILTER (WHERE NOT {_LINKED}), 0) AS value,
                          count(*) AS documents
                   FROM documents d LEFT JOIN (
                       SELECT document_id, value FROM (
                           SELECT document_id, value,
                                  row_number() OVER (PARTITION BY document_id ORDER BY observed_at DESC) AS rn
                           FROM document_metrics WHERE metric = 'views') m WHERE rn = 1
                   ) v ON v.document_id = d.id
                   WHERE d.created_at IS NOT NULL AND {condition} GROUP BY 1""")
    elif spec.online == "hashtags":
        _, pattern = hashtag_pattern(spec.hashtags)
        sql = (f"SELECT {day} AS day, count(*) FILTER (WHERE regexp_matches(d.text, ?)) AS value, "
               f"count(*) AS documents {base} GROUP BY 1")
        params = [project.tz, pattern, *values]
    else:  # code_share
        code = spec.code.strip()
        if not code:
            raise InputError("--online code_share needs --code, e.g. --code call_to_protest")
        coder_sql, coder_params = ("AND c.coder = ?", [spec.coder]) if spec.coder else ("", [])
        known = con.execute(f"SELECT count(*) FROM codes c WHERE c.code = ? {coder_sql}",
                            [code, *coder_params]).fetchone()[0]
        if not known:
            codes = [r[0] for r in con.execute("SELECT DISTINCT code FROM codes ORDER BY code").fetchall()]
            who = f" by {spec.coder}" if spec.coder else ""
            raise InputError(f"--code {code!r}: no document is coded so{who}; the codes are: "
                             f"{', '.join(codes) or 'none (code documents with dauys code ...)'}")
        sql = (f"""SELECT {day} AS day,
                          count(*) FILTER (WHERE d.id IN (SELECT c.doc_id FROM codes c WHERE c.code = ? {coder_sql}))
                              AS value,
                          count(*) AS documents {base} GROUP BY 1""")
        params = [project.tz, code, *coder_params, *values]
    return con.execute(sql, params).df()


def shutdown_dates(project: Project, first: date, last: date, region: str = "") -> set[date]:
    """Local dates from ``first`` to ``last`` on which a national shutdown (or one of ``region``) was in force.

    A shutdown still in force (no end) covers every date from its start to ``last``.
    """
    from dauys.events.store import load_shutdowns

    log = load_shutdowns(project, since=first, until=last)
    days: set[date] = set()
    for row in log.itertuples(index=False):
        if row.scope != "national" and not (region and row.region_2022 == region):
            continue
        start = max(row.start_date, first)
        end = min(row.end_date if row.end_date is not None and not pd.isna(row.end_date) else last, last)
        day = start
        while day <= end:
            days.add(day)
            day += timedelta(days=1)
    return days


def daily_events(project: Project, types: str = "", region: str = "") -> tuple[pd.DataFrame, list[str]]:
    """Events per recorded date (``day``, ``events``, ``fatalities``, ``imprecise``: recorded at week or month
    precision), only the dates with events, and the event types counted.

    ``types`` (comma-separated, case-insensitive) and ``region`` (a 2022 region code) narrow the events;
    an unknown type or code raises :class:`InputError` listing the known ones.
    """
    from dauys.events.store import event_conditions

    if region:
        from dauys.geo.regions import REGIONS

        if region not in REGIONS:
            raise InputError(f"--region {region!r}: not a 2022 region code; the codes are: {', '.join(REGIONS)}")
    condition, event_params = event_conditions(project, types or None, regions=region or None)
    with project.store.read() as con:
        events = con.execute(
            f"""SELECT event_date AS day, count(*) AS events, coalesce(sum(fatalities), 0) AS fatalities,
                       count(*) FILTER (WHERE time_precision > 1) AS imprecise
                FROM events WHERE {condition} GROUP BY 1 ORDER BY 1""",
            event_params,
        ).df()
        types_in = [r[0] for r in con.execute(
            f"SELECT DISTINCT event_type FROM events WHERE {condition} ORDER BY 1", event_params).fetchall()]
    return events, types_in


def build_series(project: Project, where: DocumentFilter, spec: SeriesParams) -> ActivitySeries:
    """The online and event series of ``project`` on one calendar (see the module docstring)."""
    events, types = daily_events(project, spec.types, spec.region)
    with project.store.read() as con:
        online = _online_daily(con, project, where, spec)
    if online.empty:
        raise InputError("No selected document has a date, so there is no online series: import documents with "
                         "their dates, or loosen the document filter (--corpus, --platform, --lang, --where).")
    if events.empty:
        what = f" of type {spec.types}" if spec.types else ""
        where_region = f" in {spec.region}" if spec.region else ""
        raise InputError(f"The project holds no events{what}{where_region}: import them with `dauys import acled FILE` "
                         "or `dauys import events FILE`, or change --types/--region.")
    online["day"] = pd.to_datetime(online["day"]).dt.date
    events["day"] = pd.to_datetime(events["day"]).dt.date
    doc_span = (online["day"].min(), online["day"].max())
    event_span = (events["day"].min(), events["day"].max())
    first = where.since or max(doc_span[0], event_span[0])
    last = where.until or min(doc_span[1], event_span[1])
    if first > last:
        raise InputError(
            f"The documents ({doc_span[0]} to {doc_span[1]}) and the events ({event_span[0]} to {event_span[1]}) "
            "do not overlap in time, so there is nothing to relate; give the range with --since and --until."
        )
    days = pd.DataFrame({"day": [d.date() for d in pd.date_range(first, last, freq="D")]})
    daily = days.merge(online, on="day", how="left").merge(events, on="day", how="left")
    for column in ("value", "documents", "events", "fatalities", "imprecise"):
        daily[column] = daily[column].fillna(0)
    shut = shutdown_dates(project, first, last, spec.region) if spec.shutdowns != "ignore" else set()
    daily["shutdown"] = daily["day"].isin(shut)

    if spec.freq == "week":
        daily["start"] = [d - timedelta(days=d.weekday()) for d in daily["day"]]
        frame = daily.groupby("start", as_index=False).agg(
            value=("value", "sum"), documents=("documents", "sum"), events=("events", "sum"),
            fatalities=("fatalities", "sum"), shutdown=("shutdown", "any"))
        frame["period"] = [f"{s.isocalendar()[0]}-W{s.isocalendar()[1]:02d}" for s in frame["start"]]
    else:
        frame = daily.rename(columns={"day": "start"})
        frame["period"] = [s.isoformat() for s in frame["start"]]
    if spec.online == "code_share":
        frame["online"] = np.where(frame["documents"] > 0, frame["value"] / frame["documents"].where(
            frame["documents"] > 0, 1), np.nan)
    else:
        frame["online"] = frame["value"].astype(np.float64)
    frame["excluded"] = frame["shutdown"] & (spec.shutdowns == "exclude")
    for column in ("documents", "events", "fatalities"):
        frame[column] = frame[column].astype(np.int64)
    frame = frame[list(SERIES_COLUMNS)].reset_index(drop=True)

    unit = "weeks" if spec.freq == "week" else "days"
    shutdown_periods = int(frame["shutdown"].sum())
    excluded = int(frame["excluded"].sum())
    counts = {
        "documents": int(daily["documents"].sum()),
        "events": int(daily["events"].sum()),
        "fatalities": int(daily["fatalities"].sum()),
        "events_imprecise_dates": int(daily["imprecise"].sum()),
        "periods": len(frame),
        "shutdown_periods": shutdown_periods,
        "excluded_periods": excluded,
        "event_types": types,
        "first": first.isoformat(),
        "last": last.isoformat(),
    }
    notes = [f"Events counted: {'all types' if not spec.types else 'only the types asked for'} "
             f"({', '.join(types)}); {counts['events']:,} events from {first} to {last}."]
    if not (where.since and where.until) and doc_span != event_span:
        notes.append(f"Range {first} to {last}: where both sides have data (documents {doc_span[0]} to "
                     f"{doc_span[1]}, events {event_span[0]} to {event_span[1]}); give --since and --until for the "
                     "dates the event data cover, so that days without events there count as zeros.")
    if counts["events_imprecise_dates"]:
        notes.append(f"{counts['events_imprecise_dates']:,} events are recorded at week or month precision and "
                     "are counted at their recorded date.")
    if spec.region:
        notes.append(f"Events and shutdowns are those of {spec.region}; the online series is national (narrow the "
                     "documents with --where FIELD=VALUE if they carry a region in their meta).")
    if excluded:
        notes.append(f"{excluded} shutdown {unit} were excluded from the statistics (--shutdowns exclude).")
    elif shutdown_periods and spec.shutdowns == "flag":
        notes.append(f"{shutdown_periods} {unit} fall in a shutdown period and are kept; online activity on them is "
                     "not comparable (use --shutdowns exclude to leave them out).")
    if spec.online == "code_share":
        empty = int(frame["online"].isna().sum())
        counts["periods_without_documents"] = empty
        if empty:
            notes.append(f"{empty} {unit} have no documents, so no share; they are left out of the statistics.")
    frame.attrs.update(freq=spec.freq, online=spec.online, event_types=types, region=spec.region,
                       shutdowns=spec.shutdowns, excluded=excluded, first=first.isoformat(), last=last.isoformat())
    return ActivitySeries(frame, counts, notes)


def prepare(analysis, project: Project, where: DocumentFilter, spec: SeriesParams) -> ActivitySeries:
    """Build the series for a mobilization analysis and note on it what went in (counts and warnings)."""
    series = build_series(project, where, spec)
    analysis.counts_ = dict(series.counts)
    analysis.warnings_ = list(series.notes)
    return series


def finish(analysis, table: pd.DataFrame, series: ActivitySeries) -> pd.DataFrame:
    """Give a mobilization result the series' description and the caveats (keys in ``attrs``, English in warnings)."""
    from dauys.events.caveats import KEYS, caveat_text

    table.attrs.update({k: v for k, v in series.frame.attrs.items() if k not in table.attrs})
    table.attrs["caveats"] = list(KEYS)
    analysis.warnings_.append("Caveat: " + caveat_text("en"))
    return table
