"""Reading the event store: events, the shutdown log and population figures, as DataFrames.

Event dates are calendar dates as recorded (Asia/Almaty). Shutdown times are stored in UTC;
:func:`load_shutdowns` adds the first and last day in force as dates in the project's time zone.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pandas as pd

from dauys.errors import InputError


def _date(value: Any, option: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{option} {value!r}: expected a date as YYYY-MM-DD, for example 2022-01-05") from None


def event_types(project) -> dict[str, int]:
    """Every event type in the store with its number of events, most frequent first."""
    with project.store.read() as con:
        rows = con.execute(
            "SELECT event_type, count(*) FROM events GROUP BY event_type ORDER BY count(*) DESC, event_type"
        ).fetchall()
    return {t: int(n) for t, n in rows}


def check_types(project, types) -> tuple[str, ...]:
    """The stored spelling of each requested event type (case-insensitive); unknown ones raise InputError."""
    if not types:
        return ()
    if isinstance(types, str):
        types = [t for t in types.split(",")]
    known = event_types(project)
    by_fold = {t.casefold(): t for t in known}
    out, unknown = [], []
    for item in types:
        item = item.strip()
        if not item:
            continue
        if item.casefold() in by_fold:
            out.append(by_fold[item.casefold()])
        else:
            unknown.append(item)
    if unknown:
        listed = ", ".join(f"{t} ({n})" for t, n in known.items()) or "none (import events first)"
        raise InputError(f"--types: no events of type {', '.join(map(repr, unknown))}; the project's event "
                         f"types are: {listed}")
    return tuple(out)


def event_conditions(project, types=None, since=None, until=None, regions=None) -> tuple[str, list[Any]]:
    """The SQL condition (on ``events``) and parameters of the usual event filters; dates inclusive."""
    conditions, params = ["TRUE"], []
    types = check_types(project, types)
    if types:
        conditions.append(f"event_type IN ({', '.join('?' * len(types))})")
        params.extend(types)
    since, until = _date(since, "--from"), _date(until, "--to")
    if since and until and since > until:
        raise InputError(f"--from {since} is after --to {until}; give the earlier date first")
    if since:
        conditions.append("event_date >= ?")
        params.append(since)
    if until:
        conditions.append("event_date <= ?")
        params.append(until)
    if regions:
        regions = [regions] if isinstance(regions, str) else list(regions)
        conditions.append(f"region_2022 IN ({', '.join('?' * len(regions))})")
        params.extend(regions)
    return " AND ".join(conditions), params


def load_events(project, types=None, since=None, until=None, regions=None) -> pd.DataFrame:
    """The events in the store, oldest first: every column of the ``events`` table.

    ``event_date`` is the recorded calendar date (Asia/Almaty) as a naive datetime64 at midnight;
    ``region_2022`` the 2022 region code (empty when unresolved), ``region_method`` how it was found.

    ``types`` (event types, a list or comma-separated text), ``since``/``until`` (dates, inclusive) and
    ``regions`` (2022 region codes) narrow the selection.
    """
    condition, params = event_conditions(project, types, since, until, regions)
    with project.store.read() as con:
        return con.execute(f"SELECT * FROM events WHERE {condition} ORDER BY event_date, id", params).df()


def load_shutdowns(project, since=None, until=None) -> pd.DataFrame:
    """The shutdown log, earliest first.

    Columns: id, starts_at, ends_at (UTC; NaT while in force), start_date, end_date (first and last day in
    force, in the project's time zone; end_date is NaT while in force), in_force, scope, region_2022, place,
    service, source, notes. ``since``/``until`` keep the periods that overlap those dates (inclusive).
    """
    since, until = _date(since, "--from"), _date(until, "--to")
    conditions, params = ["TRUE"], [project.tz, project.tz]
    if since:
        conditions.append("(ends_at IS NULL OR timezone(?, ends_at - INTERVAL 1 MICROSECOND)::DATE >= ?)")
        params += [project.tz, since]
    if until:
        conditions.append("timezone(?, starts_at)::DATE <= ?")
        params += [project.tz, until]
    with project.store.read() as con:
        frame = con.execute(
            f"""SELECT id, starts_at, ends_at,
                       timezone(?, starts_at)::DATE AS start_date,
                       timezone(?, ends_at - INTERVAL 1 MICROSECOND)::DATE AS end_date,
                       ends_at IS NULL AS in_force, scope, region_2022, place, service, source, notes
                FROM shutdowns WHERE {' AND '.join(conditions)} ORDER BY starts_at, id""",
            params,
        ).df()
    for column in ("starts_at", "ends_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column]).dt.date.where(frame[column].notna(), None)
    return frame


def load_populations(project, year: int | None = None) -> pd.DataFrame:
    """Population figures: region_2022, year, population, source (the text given on import), source_id."""
    with project.store.read() as con:
        rows = con.execute(
            """SELECT p.region_2022, p.year, p.population, s.params, p.source_id
               FROM populations p JOIN sources s ON s.id = p.source_id
               WHERE ? IS NULL OR p.year = ? ORDER BY p.year, p.region_2022""",
            [year, year],
        ).fetchall()
    return pd.DataFrame(
        [(code, int(y), float(pop), json.loads(params).get("source"), int(sid)) for code, y, pop, params, sid in rows],
        columns=["region_2022", "year", "population", "source", "source_id"],
    )
