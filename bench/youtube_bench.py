"""Throughput of `dauys collect youtube` against the fake YouTube API on 127.0.0.1 (tests/ingest/youtube_server.py).

Collects a channel of --videos videos and --comments comments and replies (about 20% of them replies; 1% of
threads have more replies than are inlined, so comments.list is paged), first cleanly, then again into a fresh
project with --error-rate of requests answered 500 or 429; checks that both hold exactly the full set.

    .venv/bin/python bench/youtube_bench.py [--videos 2000] [--comments 100000] [--error-rate 0.1]
                                            [--pages-per-write 1]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "ingest"))

from youtube_server import FakeYouTube, YouTubeServer  # noqa: E402

import dauys  # noqa: E402
from dauys.ingest.youtube import collect_channel, collect_comments  # noqa: E402

CHANNEL = "UCQazaqTilNews_1234567ab"
TEXTS = ("Рахмет, өте пайдалы ақпарат!", "Спасибо за репортаж из Алматы", "Жаңаөзенде не болып жатыр?",
         "Полностью согласен с автором", "Great report, thank you")


def build(videos: int, comments: int) -> tuple[FakeYouTube, int]:
    fake = FakeYouTube()
    fake.add_channel(CHANNEL, "@qazaqtil", "Қазақ тілі жаңалықтары", subscribers=1_230_000, views=456_000_000)
    start = datetime(2020, 1, 1, 6, tzinfo=UTC)
    for i in range(videos):
        fake.add_video(CHANNEL, f"v{i:010d}", (start + timedelta(hours=12 * i)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                       f"Жаңалықтар №{i}", "Күннің басты оқиғалары", views=1000 + i, comments=comments // videos)
    per_video = comments // videos
    total = 0
    for i in range(videos):
        video = f"v{i:010d}"
        made, n = 0, 0
        while made < per_video:
            replies = 12 if n % 100 == 0 else (3 if n % 10 == 0 else 0)
            replies = min(replies, per_video - made - 1)
            thread = f"Ug{i:05d}x{n:05d}"
            fake.add_thread(video, thread, f"{TEXTS[n % 5]} {n}", f"u{n % 3000:05d}",
                            start + timedelta(hours=12 * i, minutes=n),
                            replies=[(f"{thread}.r{j}", TEXTS[(n + j) % 5], f"u{j:05d}") for j in range(replies)])
            made += 1 + replies
            n += 1
        total += made
    return fake, total


def run(fake: FakeYouTube, expected: int, label: str, pages_per_write: int) -> None:
    with tempfile.TemporaryDirectory() as folder, YouTubeServer(fake) as server:
        os.environ["DAUYS_CONFIG_DIR"] = folder
        project = dauys.init_project(Path(folder) / "bench")
        common = {"api_key": fake.key, "base_url": server.url, "retry_delay": 0.001, "quota_budget": 1_000_000,
                  "pages_per_write": pages_per_write}
        started = time.perf_counter()
        channel = collect_channel(project, CHANNEL, **common)
        middle = time.perf_counter()
        comments = collect_comments(project, channel=CHANNEL, **common)
        ended = time.perf_counter()
        with project.store.read() as con:
            held, distinct = con.execute("SELECT count(*), count(DISTINCT external_id) FROM documents").fetchone()
        for name, result, seconds in (("channel", channel, middle - started), ("comments", comments, ended - middle)):
            c = result.counts
            pages = c["pages"] + c.get("reply_pages", 0)
            docs = c["videos"] + c["comments"] + c["replies"]
            print(f"{label:<22} {name:<9} {seconds:7.1f} s   pages {pages:6,} ({pages / seconds:6.1f}/s)   "
                  f"calls {c['calls']:6,}   units {c['units']:6,}   retries {c['retries']:5,}   "
                  f"documents {docs:7,} ({docs / seconds:7,.0f}/s)")
        videos = len(fake.videos)
        print(f"{label:<22} complete: {channel.complete and comments.complete}   documents held {held:,} "
              f"(distinct {distinct:,}; expected {videos + expected:,})   errors injected {fake.injected:,}")
        assert held == distinct == videos + expected, "the collected set is not the full set"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--videos", type=int, default=2000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--error-rate", type=float, default=0.1)
    parser.add_argument("--pages-per-write", type=int, default=1, help="pages held and written in one transaction")
    args = parser.parse_args()
    fake, expected = build(args.videos, args.comments)
    print(f"fake channel: {args.videos:,} videos, {expected:,} comments and replies; "
          f"{args.pages_per_write} page(s) per transaction")
    run(fake, expected, "clean", args.pages_per_write)
    fake, expected = build(args.videos, args.comments)
    fake.error_rate = args.error_rate
    run(fake, expected, f"{args.error_rate:.0%} 500/429 injected", args.pages_per_write)


if __name__ == "__main__":
    main()
