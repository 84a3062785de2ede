"""Generated projects for the mobilization tests: documents per day, events per day, shutdown periods.

Documents go through the real writer (:func:`dauys.ingest.writer.write_documents`); events and shutdowns
are written as an importer writes them: one transaction with a ledger run and a ``sources`` row.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from dauys.ingest.writer import SourceInfo, write_documents
from dauys.provenance import Run

ALMATY = ZoneInfo("Asia/Almaty")
TEXTS = ("Жер сатылмасын! #жер", "Тарифтер тағы өсті, #митинг керек", "Цены на газ снова выросли",
         "Talk about land reform #жерлер", "Бүгін алаңда жиналамыз #Жер")


def local_noon(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), ALMATY)


def add_documents(project, first: date, posts_per_day, comments_per_day=None, views_per_post: float = 100.0,
                  corpus: str = "telegram", late_hour: int | None = None) -> int:
    """``posts_per_day[i]`` posts (and ``comments_per_day[i]`` comments) on day ``first + i``, local noon.

    With ``late_hour`` each post is written at that local hour instead (23: late evening, the next day in
    UTC-naive counting). Each post has a ``views`` metric of ``views_per_post``. Returns the documents written.
    """
    rows = []
    comments_per_day = comments_per_day if comments_per_day is not None else [0] * len(posts_per_day)
    for i, (n_posts, n_comments) in enumerate(zip(posts_per_day, comments_per_day, strict=True)):
        day = first + timedelta(days=i)
        when = local_noon(day, late_hour if late_hour is not None else 12)
        for j in range(int(n_posts)):
            rows.append({"external_id": f"p{i}-{j}", "channel": "dauys_kz", "created_at": when,
                         "text": TEXTS[(i + j) % len(TEXTS)], "metric.views": views_per_post})
        for j in range(int(n_comments)):
            rows.append({"external_id": f"c{i}-{j}", "parent_external_id": f"p{i}-0", "channel": "dauys_kz",
                         "created_at": when + timedelta(minutes=5), "text": "Келісемін / согласен"})
    staged = pd.DataFrame(rows)
    staged.insert(0, "row", range(1, len(staged) + 1))
    staged["created_at"] = pd.to_datetime(staged["created_at"], utc=True)
    if "parent_external_id" not in staged:
        staged["parent_external_id"] = None
    write_documents(project, Run("import.table", {}), SourceInfo("table", "posts.csv", {}), staged,
                    corpus=corpus, platform="telegram")
    return len(staged)


def _source(con, kind: str) -> int:
    run = Run(f"import.{kind}", {"file": f"{kind}.csv"})
    run_id = run.record(con, n_in=None, n_out=None)
    return con.execute(
        "INSERT INTO sources (run_id, kind, corpus, location, file_hash, params, collected_at) "
        "VALUES (?, ?, NULL, ?, NULL, '{}', now()) RETURNING id", [run_id, kind, f"{kind}.csv"],
    ).fetchone()[0]


def add_events(project, first: date, events_per_day, event_type: str = "Protests", region: str = "KZ-75",
               fatalities: int = 0, prefix: str = "KAZ") -> int:
    """``events_per_day[i]`` events of ``event_type`` in ``region`` on day ``first + i``."""
    rows = []
    for i, n in enumerate(events_per_day):
        for j in range(int(n)):
            rows.append((f"{prefix}{i:05d}{j:03d}", first + timedelta(days=i), event_type, region, fatalities))
    with project.store.write() as con:
        source_id = _source(con, "acled")
        con.executemany(
            """INSERT INTO events (event_key, origin, source_id, event_id_cnty, event_date, year, time_precision,
                                   event_type, sub_event_type, country, admin1, region_2022, region_method,
                                   fatalities)
               VALUES (?, 'acled', ?, ?, ?, ?, 1, ?, 'Peaceful protest', 'Kazakhstan', 'Almaty', ?, 'admin1', ?)""",
            [(key, source_id, key, day, day.year, kind, reg, fat) for key, day, kind, reg, fat in rows],
        )
    return len(rows)


def add_shutdown(project, start: datetime, end: datetime | None, scope: str = "national", region: str | None = None,
                 service: str = "mobile internet") -> None:
    with project.store.write() as con:
        source_id = _source(con, "shutdowns")
        con.execute(
            """INSERT INTO shutdowns (source_id, starts_at, ends_at, scope, region_2022, place, service, source)
               VALUES (?, ?, ?, ?, ?, ?, ?, 'NetBlocks')""",
            [source_id, start, end, scope, region, region, service],
        )


def leading_pair(n: int, lag: int, seed: int, base: float = 20.0) -> tuple[np.ndarray, np.ndarray]:
    """Online counts (an AR(1) around ``base``) and events ~ Poisson(exp(a + b·online_{t-lag})), as whole numbers."""
    rng = np.random.default_rng(seed)
    z = np.zeros(n + lag)
    for t in range(1, n + lag):
        z[t] = 0.5 * z[t - 1] + rng.normal()
    online = np.maximum(0, np.round(base + 4 * z)).astype(int)
    events = rng.poisson(np.exp(-0.5 + 0.8 * z[:n]))
    return online[lag:lag + n], events
