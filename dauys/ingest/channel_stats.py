"""Importing channel statistics tables (one row per channel and day) as snapshots in ``channel_metrics``.

SMM tools (LiveDune, Popsters, TGStat, Brand Analytics) and the platforms' own dashboards export a channel's
daily subscribers and views as a table. :func:`import_channel_stats` reads such a CSV/TSV or XLSX file (via
:mod:`dauys.ingest.readers`) and writes one snapshot per date and metric: ``observed_at`` is the row's date at
00:00 in the project's time zone (Asia/Almaty unless the project says otherwise), stored in UTC.

Columns are recognised by their header, in English, Russian or Kazakh (case and surrounding spaces ignored):

============  ===============================================================================
date          date, day, дата, день, күні, күн, дата и время
channel       channel, account, handle, канал, аккаунт, арна, аккаунт атауы
subscribers   subscribers, followers, members, подписчики, подписчиков, участники, фолловеры,
              жазылушылар, жазылушы, оқырмандар
views         views, просмотры, просмотров, қаралым, қаралымдар, көрілім, көрулер
posts         posts, публикации, посты, публикаций, жазбалар, посттар, жарияланымдар
reach         reach, охват, қамту
============  ===============================================================================

and likes, comments, shares, er in the same way (see ``SYNONYMS``). Every other column whose filled values
are mostly numbers is a metric too, named after its header (lower case, spaces as ``_``); columns of text
are left out and listed in the result. ``mapping`` (``--map date=Күні,subscribers=Барлығы``) names columns
the synonyms do not know. Without a channel column, ``channel`` names the one channel of the file.

Numbers are read as exports write them (``1 234``, ``1,5K``, ``3,4 тыс.``: see
:func:`dauys.ingest.table.parse_metric_values`); dates in any form of :mod:`dauys.ingest.dates` (a time of day,
if given, is dropped: the snapshot is that day's). A row whose date or a number cannot be read is rejected and
listed (row, column, value, reason) in a CSV under ``imports/``; so is a row dated after today (in the
project's time zone: statistics cannot come from the future), a negative value of a count (the metrics of
``SYNONYMS``: subscribers, views, posts, reach, likes, comments, shares and er cannot be below zero; a column of
another name, such as a daily subscriber change, may be), and a second row for the same channel and date.
With ``strict`` any such row refuses the file.

Re-importing: a snapshot for the same channel, date and metric as one the project holds **replaces** it when
the value differs (SMM tools revise recent days as late data arrives, so the newer export is taken as the
better one) and is skipped when it is equal; the result counts both. Everything is written in one
transaction with its ledger entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from dauys.errors import InputError
from dauys.ingest.dates import parse_timestamps
from dauys.ingest.mapping import map_items
from dauys.ingest.readers import RawTable, read_table
from dauys.ingest.table import parse_metric_values
from dauys.ingest.writer import empty_rejects, file_sha256, write_rejects
from dauys.progress import SILENT, Progress
from dauys.provenance import Run, to_json

STRICT_LISTED_PROBLEMS = 5
SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": ("date", "day", "дата", "день", "күні", "күн", "дата и время", "датасы", "period", "период"),
    "channel": ("channel", "account", "handle", "канал", "аккаунт", "арна", "аккаунт атауы", "арна атауы",
                "channel name", "название канала"),
    "subscribers": ("subscribers", "followers", "members", "подписчики", "подписчиков", "участники",
                    "фолловеры", "жазылушылар", "жазылушы", "жазылушылар саны", "оқырмандар",
                    "число подписчиков", "количество подписчиков"),
    "views": ("views", "просмотры", "просмотров", "қаралым", "қаралымдар", "көрілім", "көрулер",
              "количество просмотров", "қаралым саны"),
    "posts": ("posts", "публикации", "посты", "публикаций", "жазбалар", "посттар", "жарияланымдар",
              "количество публикаций"),
    "reach": ("reach", "охват", "қамту"),
    "likes": ("likes", "лайки", "лайктар", "нравится"),
    "comments": ("comments", "комментарии", "пікірлер"),
    "shares": ("shares", "reposts", "репосты", "бөлісу", "таратулар"),
    "er": ("er", "engagement rate", "вовлеченность", "вовлечённость"),
}
_KEYS = {synonym: key for key, synonyms in SYNONYMS.items() for synonym in synonyms}
_MOSTLY_NUMBERS = 0.5


@dataclass
class ChannelStatsResult:
    """What a channel statistics import did.

    ``rows`` read, ``rejected`` rows left out, ``added`` new snapshots (one per date and metric),
    ``replaced`` snapshots whose value changed, ``unchanged`` ones already held with the same value;
    ``channels`` and ``metrics`` found, ``ignored_columns`` of text left out, ``columns`` how each metric
    was found (metric name -> column).
    """

    source_id: int
    run_id: int
    rows: int
    rejected: int
    added: int
    replaced: int
    unchanged: int
    channels: list[str] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    rejects_path: Path | None = None


def _header_key(name: str) -> str:
    return re.sub(r"\s+", " ", str(name).strip().lower().replace("ё", "е")).strip(" :,.")


def metric_name(header: str) -> str:
    """The metric name of a column header: lower case, runs of other characters as ``_``.

    >>> metric_name("Подписчики"), metric_name("Жазылушылар"), metric_name("Views (total)")
    ('subscribers', 'subscribers', 'views_total')
    """
    key = _header_key(header)
    if key in _KEYS:
        return _KEYS[key]
    return _slug(header)


def _slug(header: str) -> str:
    return re.sub(r"[^\w]+", "_", _header_key(header)).strip("_") or "value"


def parse_stats_mapping(text: str) -> dict[str, str]:
    """``date=Күні,channel=Арна,subscribers=Барлығы`` (``metric.NAME=`` also accepted) into a dict."""
    mapping: dict[str, str] = {}
    for key, column, item in map_items(text, "; write for example --map date=Күні,subscribers=Барлығы,views=Қаралым"):
        key = key.removeprefix("metric.")
        if not re.fullmatch(r"[\w.-]+", key) or not column:
            raise InputError(f"--map {text!r}: {item!r} needs a name and a column, e.g. views=Қаралым")
        mapping[key] = column
    return mapping


def _columns(raw: RawTable, mapping: dict[str, str], path: Path) -> dict[str, str]:
    """Map key (date, channel or a metric name) -> column of the file."""
    existing = raw.columns
    for key, column in mapping.items():
        if column not in existing:
            raise InputError(
                f"{path} has no column {column!r} (--map {key}={column}); its columns are "
                f"{', '.join(map(repr, existing))}"
            )
    found = dict(mapping)
    taken = set(mapping.values())
    for column in existing:
        if column in taken:
            continue
        key = _KEYS.get(_header_key(column))
        if key is not None and key not in found:
            found[key] = column
            taken.add(column)
    if "date" not in found:
        raise InputError(
            f"{path} has no date column: its columns are {', '.join(map(repr, existing))}. Name it Date, Дата or "
            "Күні, or say which it is with --map date=COLUMN"
        )
    return found


def import_channel_stats(
    project,
    path: str | Path,
    *,
    platform: str = "other",
    channel: str | None = None,
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    strict: bool = False,
    progress: Progress = SILENT,
) -> ChannelStatsResult:
    """Import a table of daily channel statistics as snapshots in ``channel_metrics``.

    Parameters
    ----------
    project
        The open :class:`dauys.project.Project`; dates are days in its time zone.
    path
        A CSV/TSV or XLSX file with a date column and numeric columns (subscribers, views, ...).
    platform
        The platform of the channels (telegram, youtube, instagram, ...): channels are unique per platform.
    channel
        The channel of every row, for a file without a channel column (a channel column wins where filled).
    mapping
        Map key (``date``, ``channel`` or a metric name) -> column, for headers the synonyms do not know.
    sheet, encoding, delimiter
        As for :func:`dauys.ingest.table.import_table`.
    strict
        Refuse the whole file if any row would be rejected.
    """
    path = Path(path)
    platform = (platform or "").strip()
    if not platform:
        raise InputError("--platform needs a name, for example --platform telegram")
    channel = channel.strip() if channel else None
    progress.stage(f"reading {path.name}")
    raw = read_table(path, sheet=sheet, encoding=encoding, delimiter=delimiter)
    columns = _columns(raw, mapping or {}, path)
    if "channel" not in columns and not channel:
        raise InputError(
            f"{path} has no channel column (its columns are {', '.join(map(repr, raw.columns))}); name the channel "
            "with --channel NAME, or add a column Channel / Канал / Арна"
        )
    frame, rows, n = raw.frame, raw.rows, len(raw.frame)
    problems: list[pd.DataFrame] = []
    rejected = np.zeros(n, dtype=bool)

    def reject(mask: np.ndarray, column: str, reason: str) -> None:
        if mask.any():
            rejected[mask] = True
            problems.append(pd.DataFrame({"row": rows[mask], "field": column,
                                          "value": frame[column][mask].to_numpy(dtype=object), "reason": reason}))

    date_column = columns["date"]
    utc, _, bad = parse_timestamps(frame[date_column], tz=project.tz)
    bad = bad.to_numpy() | utc.isna().to_numpy()
    reject(bad, date_column, "unreadable date: expected a date such as 05.01.2022 or 2022-01-05")
    days = utc.dt.tz_convert(project.tz).dt.normalize()  # that day's 00:00 in the project's time zone
    today = pd.Timestamp.now(tz=project.tz).normalize()
    future = (days > today).to_numpy() & ~bad
    reject(future, date_column, f"a date after today ({today:%Y-%m-%d} in {project.tz}): statistics cannot come "
                                "from the future; check the date and its format (day and month may be swapped)")

    if "channel" in columns:
        names = frame[columns["channel"]].str.strip()
        if channel:
            names = names.where(names.notna() & (names != ""), channel)
        empty = (names.isna() | (names == "")).to_numpy()
        reject(empty & ~rejected, columns["channel"], "no channel name; fill it in or give --channel NAME")
    else:
        names = pd.Series(channel, index=frame.index, dtype="str")

    metrics: dict[str, np.ndarray] = {}
    used: dict[str, str] = {}
    ignored: list[str] = []
    named = {c for k, c in columns.items() if k in ("date", "channel")}
    candidates = [(k, c) for k, c in columns.items() if k not in ("date", "channel")]
    candidates += [(metric_name(c), c) for c in raw.columns if c not in set(columns.values())]
    for key, column in candidates:
        if column in named:
            continue
        values, not_number = parse_metric_values(frame[column])
        filled = int((~np.isnan(values)).sum() + not_number.sum())
        explicit = key in (mapping or {}) or key in SYNONYMS
        if filled == 0 or (not explicit and (~np.isnan(values)).sum() < _MOSTLY_NUMBERS * filled):
            ignored.append(column)
            continue
        count = key if key in SYNONYMS else None  # a count (subscribers, ...); a daily change may be negative
        if key in metrics:  # two columns of one meaning (Подписчики and Followers): the second by its header
            key = key + "_" + _slug(column)
        reject(not_number, column, f"not a number in column {column!r}: expected digits such as 1234, 1 234 or 1,5K")
        if count:
            reject(values < 0, column, f"a count cannot be negative ({count} in column {column!r}); "
                                       "fix the value in the file or leave the cell empty")
        metrics[key] = values
        used[key] = column
    if not metrics:
        raise InputError(
            f"{path} has no numeric column besides the date and channel (its columns are "
            f"{', '.join(map(repr, raw.columns))}); the statistics should be columns such as Subscribers, Views"
        )

    day_keys = pd.DataFrame({"channel": names.to_numpy(dtype=object), "day": days.to_numpy()})
    kept_at = np.flatnonzero(~rejected)
    kept = day_keys.iloc[kept_at]
    again = kept.duplicated(keep="first").to_numpy()
    if again.any():
        firsts = kept[~again]
        first_row = {key: rows[i] for i, key in zip(firsts.index, firsts.itertuples(index=False, name=None),
                                                     strict=True)}
        later = np.zeros(n, dtype=bool)
        later[kept_at[again]] = True
        rejected[later] = True
        problems.append(pd.DataFrame({
            "row": rows[later], "field": date_column, "value": frame[date_column][later].to_numpy(dtype=object),
            "reason": [f"a second row for channel {c!r} on this date (first at row {first_row[(c, d)]})"
                       for c, d in day_keys[later].itertuples(index=False, name=None)],
        }))
    rejects = pd.concat(problems, ignore_index=True).sort_values("row", kind="stable") if problems else empty_rejects()
    if strict and len(rejects):
        listed = "\n  ".join(f"row {r.row}, {r.field}: {r.value!r} — {r.reason}"
                             for r in rejects.head(STRICT_LISTED_PROBLEMS).itertuples())
        raise InputError(f"{path}: {rejects['row'].nunique():,} rows have problems, so --strict refused the file "
                         f"and nothing was written. The first ones:\n  {listed}")
    keep = ~rejected

    long = pd.concat([
        pd.DataFrame({"channel": names[keep].to_numpy(dtype=object),
                      "observed_at": days[keep].dt.tz_convert(UTC).to_numpy(), "metric": name,
                      "value": values[keep]})
        for name, values in metrics.items()
    ], ignore_index=True)
    long = long[~np.isnan(long["value"].to_numpy())]
    long["observed_at"] = pd.to_datetime(long["observed_at"], utc=True)

    params: dict[str, Any] = {
        "file": str(path), "path": str(path.resolve()), "platform": platform, "channel": channel,
        "mapping": dict(mapping or {}),
        "columns": {"date": date_column, **used, **({"channel": columns["channel"]} if "channel" in columns else {})},
        "strict": strict, "tz": project.tz, "duplicates": "replace when the value differs, else skip",
        **raw.describe(),
    }
    run = Run("import.channel_stats", params)
    progress.stage(f"writing {len(long):,} snapshots to the project")
    with project.store.write() as con:
        run_id = run.record(con, n_in=n, n_out=None)
        source_id = con.execute(
            "INSERT INTO sources (run_id, kind, corpus, location, file_hash, params, collected_at) "
            "VALUES (?, 'channel_stats', NULL, ?, ?, ?, ?) RETURNING id",
            [run_id, str(path.resolve()), file_sha256(path), to_json(params), run.started_at],
        ).fetchone()[0]
        con.register("stats_frame", pa.Table.from_pandas(long, preserve_index=False))
        con.execute(
            """INSERT INTO channels (platform, handle, title, first_source_id)
               SELECT DISTINCT ?, s.channel, s.channel, ? FROM stats_frame s
               WHERE NOT EXISTS (SELECT 1 FROM channels c WHERE c.platform = ? AND c.handle = s.channel)""",
            [platform, source_id, platform],
        )
        con.execute(
            """CREATE TEMP TABLE stats_staged AS
               SELECT c.id AS channel_id, s.observed_at, s.metric, s.value,
                      (SELECT max(m.value) FROM channel_metrics m WHERE m.channel_id = c.id
                          AND m.observed_at = s.observed_at AND m.metric = s.metric) AS held,
                      (SELECT count(*) FROM channel_metrics m WHERE m.channel_id = c.id
                          AND m.observed_at = s.observed_at AND m.metric = s.metric) AS n_held
               FROM stats_frame s JOIN channels c ON c.platform = ? AND c.handle = s.channel""",
            [platform],
        )
        added, replaced, unchanged = con.execute(
            """SELECT count(*) FILTER (WHERE n_held = 0), count(*) FILTER (WHERE n_held > 0 AND held <> value),
                      count(*) FILTER (WHERE n_held > 0 AND held = value) FROM stats_staged"""
        ).fetchone()
        con.execute(
            """DELETE FROM channel_metrics WHERE EXISTS (
                   SELECT 1 FROM stats_staged s WHERE s.n_held > 0 AND s.held <> s.value
                   AND s.channel_id = channel_metrics.channel_id AND s.observed_at = channel_metrics.observed_at
                   AND s.metric = channel_metrics.metric)"""
        )
        con.execute(
            """INSERT INTO channel_metrics (channel_id, source_id, observed_at, metric, value)
               SELECT channel_id, ?, observed_at, metric, value FROM stats_staged
               WHERE n_held = 0 OR held <> value""",
            [source_id],
        )
        con.execute("DROP TABLE stats_staged")
        con.unregister("stats_frame")
        channel_names = sorted(set(long["channel"]))
        run.counts.update({"rows": n, "rejected": int(rejected.sum()), "added": added, "replaced": replaced,
                           "unchanged": unchanged, "channels": len(channel_names), "metrics": sorted(metrics)})
        con.execute("UPDATE runs SET n_out = ?, counts = ? WHERE id = ?",
                    [added + replaced, to_json(run.counts), run_id])
    rejects_path = write_rejects(project.folder("imports"), f"{path.stem}-run{run_id}", rejects)
    return ChannelStatsResult(
        source_id, run_id, n, int(rejected.sum()), int(added), int(replaced), int(unchanged), channel_names,
        sorted(metrics), used, ignored, rejects_path,
    )
