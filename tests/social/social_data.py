"""A small social-media project with numbers worked out by hand, shared by the tests of the channel analytics.

Two Telegram channels, times in UTC (Almaty is UTC+6 in 2022):

=========  ===========  ====================  =====  =====  ========  ======  ============  ========
post       channel      published (UTC)       views  likes  comments  shares  interactions  er_view
=========  ===========  ====================  =====  =====  ========  ======  ============  ========
jo/1       jana_ozen    2022-01-03 09:00      1000   50     3         7       60            6 %
jo/2       jana_ozen    2022-01-04 20:00      2000   100    2         18      120           6 %
jo/3       jana_ozen    2022-02-10 06:00      500    10     0         0       10            2 %
an/1       almaty_news  2022-01-10 03:00      100    1      1         0       2             2 %
an/2       almaty_news  2022-01-20 05:00      300    5      0         1       6             2 %
=========  ===========  ====================  =====  =====  ========  ======  ============  ========

jo/1 was first imported with 800 views (an older snapshot); its latest is 1000.
jo/2 is 5 January 02:00 in Almaty (a Wednesday); jo/1 Monday 15:00; jo/3 Thursday 12:00.

Comments (author, minutes after the post): under jo/1 c1 (ayan, 60) → r1 reply (bota, 180) → r2 reply to
r1 (dana, 1800); c2 (bota, 150). Under jo/2 c3 (ayan, 30). o1 (ayan) answers a post missing from the store.

Subscriber snapshots of jana_ozen: 2022-01-01 00:00 UTC 10,000; 2022-01-31 06:00 UTC 10,500; 2022-02-28 06:00
UTC 11,000 (views 50,000 / 60,000 / 72,000); almaty_news: one, 2022-01-15 2,000.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from dauys.ingest.writer import SourceInfo, write_documents
from dauys.provenance import Run

POSTS = [
    ("jo/1", None, "jana_ozen", "jana_ozen", "2022-01-03T09:00Z", "Жаңаөзен: бейбіт жиын #Жаңаөзен #Қантар",
     1000, 50, 3, 7),
    ("jo/2", None, "jana_ozen", "jana_ozen", "2022-01-04T20:00Z", "Талап: әділдік #жаңаөзен #ШерзатҮшін",
     2000, 100, 2, 18),
    ("jo/3", None, "jana_ozen", "jana_ozen", "2022-02-10T06:00Z", "Ақпан жаңалықтары", 500, 10, 0, 0),
    ("an/1", None, "almaty_news", "almaty_news", "2022-01-10T03:00Z", "Алматыда жиын #Алматы #қантар",
     100, 1, 1, 0),
    ("an/2", None, "almaty_news", "almaty_news", "2022-01-20T05:00Z", "Новости города", 300, 5, 0, 1),
]
COMMENTS = [
    ("jo/1/c1", "jo/1", "jana_ozen", "ayan", "2022-01-03T10:00Z", "Дұрыс айтасыз #Жаңаөзен"),
    ("jo/1/r1", "jo/1/c1", "jana_ozen", "bota", "2022-01-03T12:00Z", "Келісемін"),
    ("jo/1/r2", "jo/1/r1", "jana_ozen", "dana", "2022-01-04T15:00Z", "Иә, солай #ШерзатҮшін"),
    ("jo/1/c2", "jo/1", "jana_ozen", "bota", "2022-01-03T11:30Z", "Алматыда да"),
    ("jo/2/c3", "jo/2", "jana_ozen", "ayan", "2022-01-04T20:30Z", "Жаңаөзенде не болды? #жаңаөзен"),
    ("gone/1/o1", "gone/1", "jana_ozen", "ayan", "2022-01-05T08:00Z", "Пост жойылды ма?"),
]
SUBSCRIBERS = [
    ("jana_ozen", "2022-01-01T00:00Z", 10_000, 50_000),
    ("jana_ozen", "2022-01-31T06:00Z", 10_500, 60_000),
    ("jana_ozen", "2022-02-28T06:00Z", 11_000, 72_000),
    ("almaty_news", "2022-01-15T00:00Z", 2_000, 9_000),
]


def staged(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame.insert(0, "row", range(1, len(frame) + 1))
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    return frame


def write(project, rows: list[dict], observed_at: datetime) -> None:
    write_documents(project, Run("import.table", {}), SourceInfo("table", "posts.csv", {}), staged(rows),
                    corpus="telegram", platform="telegram", observed_at=observed_at)


def add_channel_snapshots(project, snapshots=SUBSCRIBERS) -> None:
    """Channel statistics snapshots, recorded as an import of a statistics table (a run and a source)."""
    run = Run("import.channel_stats", {})
    with project.store.write() as con:
        run_id = run.record(con, n_in=len(snapshots), n_out=len(snapshots))
        source_id = con.execute(
            "INSERT INTO sources (run_id, kind, corpus, location, params, collected_at) "
            "VALUES (?, 'channel_stats', 'telegram', 'stats.csv', '{}', ?) RETURNING id",
            [run_id, datetime.now(UTC)],
        ).fetchone()[0]
        for handle, when, subscribers, views in snapshots:
            channel = con.execute("SELECT id FROM channels WHERE platform = 'telegram' AND handle = ?",
                                  [handle]).fetchone()[0]
            for metric, value in (("subscribers", subscribers), ("views", views)):
                con.execute("INSERT INTO channel_metrics VALUES (?, ?, ?, ?, ?)",
                            [channel, source_id, pd.Timestamp(when).to_pydatetime(), metric, value])


def build(project, snapshots: bool = True):
    """The project of the module docstring."""
    first = [dict(external_id="jo/1", channel="jana_ozen", author="jana_ozen", created_at="2022-01-03T09:00Z",
                  text=POSTS[0][5], url="https://t.me/jo/1", **{"metric.views": 800, "metric.likes": 40})]
    write(project, first, datetime(2022, 1, 4, tzinfo=UTC))
    rows = [
        dict(external_id=e, channel=c, author=a, created_at=t, text=x, url=f"https://t.me/{e}",
             **{"metric.views": v, "metric.likes": li, "metric.comments": co, "metric.shares": sh})
        for e, _, c, a, t, x, v, li, co, sh in POSTS
    ] + [
        dict(external_id=e, parent_external_id=p, channel=c, author=a, created_at=t, text=x)
        for e, p, c, a, t, x in COMMENTS
    ]
    write(project, rows, datetime(2022, 3, 1, tzinfo=UTC))
    if snapshots:
        add_channel_snapshots(project)
    return project
