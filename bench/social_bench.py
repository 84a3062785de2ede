"""Channel analytics at scale: a Telegram Desktop export of 1,000,000 messages across 50 channels.

Generates (in a child process, so its memory is not counted) a whole-account Telegram Desktop export
(``result.json`` with ``chats.list``) of N messages (default 1,000,000) over C channels (default 50): channel
posts with views, forwards and reactions, hashtag entities (#Жаңаөзен, #Қантар, ...) in some of them, and
replies (``reply_to_message_id``, about a third of the messages, some replying to replies). It imports the file
with :func:`dauys.ingest.telegram.import_telegram` into a fresh project, adds two subscriber snapshots per
channel (as an imported channel statistics table would), then runs every channel analysis over all channels:
channel_stats (by month), channel_growth, posting_rhythm (by channel), top_posts (per channel), spikes,
compare_channels (by month), comment_threads, top_commenters, comment_timing (by channel) and
hashtag_campaign. It prints the time of each step, the total, the CPU time (``time.process_time``, all threads
of this process, DuckDB's included) of the import, the analytics and both, the load average (on a shared machine
the wall times follow the load, the CPU times much less), and the peak resident memory of this process and of
its children (``ru_maxrss``; the generator's child is waited for before the import starts and is counted
separately).

Run from the repository root::

    .venv/bin/python bench/social_bench.py                        # 1,000,000 messages, 50 channels
    .venv/bin/python bench/social_bench.py --messages 100000 --keep /tmp/tg-bench
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

TEXTS = (
    "Жаңаөзенде бейбіт жиын өтті, тұрғындар әділдік талап етті.",
    "Газ бағасы тағы да өсті, бұл әділетсіздік!",
    "Алматыда жаңа саябақ ашылды, тұрғындар қуанышты.",
    "В Алматы снова обсуждают строительство в предгорьях.",
    "Жители Шымкента жалуются на перебои с водой уже неделю.",
    "Акимат обещал отремонтировать дорогу до конца года.",
    "Ұлттық құрылтай отырысында тіл саясаты талқыланды.",
    "Сегодня в Астане прошёл митинг за чистый воздух.",
)
HASHTAGS = ("#Жаңаөзен", "#Қантар", "#ШерзатҮшін", "#Алматы", "#газ")
START = 1_640_995_200  # 2022-01-01 00:00 UTC
SPAN = 365 * 24 * 3600


def generate(folder: Path, messages: int, channels: int, seed: int = 2026) -> Path:
    """Write ``folder/result.json``: ``messages`` messages spread evenly over ``channels`` channels."""
    rng = np.random.default_rng(seed)
    path = folder / "result.json"
    per = [messages // channels + (1 if i < messages % channels else 0) for i in range(channels)]
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('{"about": "bench export", "chats": {"about": "", "list": [\n')
        for c, n in enumerate(per):
            chat_id = 1_000_000_000 + c
            fh.write(("," if c else "") + json.dumps(
                {"name": f"арна_{c:02d}", "type": "public_channel", "id": chat_id}, ensure_ascii=False)[:-1])
            fh.write(', "messages": [\n')
            times = np.sort(START + rng.integers(0, SPAN, n))
            is_reply = rng.random(n) < 0.35
            is_reply[0] = False
            views = np.round(rng.lognormal(7.5, 1.0, n)).astype(int)
            viral = rng.random(n) < 0.002
            views[viral] *= 40
            forwards = rng.poisson(views / 300)
            reactions = rng.poisson(views / 80)
            texts = rng.integers(0, len(TEXTS), n)
            tags = rng.integers(-8, len(HASHTAGS), n)  # negative: no hashtag
            users = rng.integers(0, 5000, n)
            last_post = 1
            lines = []
            for i in range(n):
                message_id = i + 1
                when = int(times[i])
                stamp = datetime.fromtimestamp(when + 6 * 3600, UTC).strftime("%Y-%m-%dT%H:%M:%S")
                text: object = TEXTS[texts[i]]
                if tags[i] >= 0:
                    text = [TEXTS[texts[i]] + " ", {"type": "hashtag", "text": HASHTAGS[tags[i]]}]
                message = {"id": message_id, "type": "message", "date": stamp, "date_unixtime": str(when)}
                if is_reply[i]:
                    # a comment on a recent post, or now and then a reply to the previous message
                    target = message_id - 1 if rng.random() < 0.2 else last_post
                    message.update({"from": f"user {users[i]}", "from_id": f"user{users[i]}",
                                    "reply_to_message_id": int(target), "text": text})
                else:
                    last_post = message_id
                    message.update({"from": f"арна_{c:02d}", "from_id": f"channel{chat_id}", "text": text,
                                    "views": int(views[i]), "forwards": int(forwards[i]),
                                    "reactions": [{"type": "emoji", "count": int(reactions[i]), "emoji": "👍"}]})
                lines.append(json.dumps(message, ensure_ascii=False))
            fh.write(",\n".join(lines))
            fh.write("\n]}")
        fh.write("\n]}}\n")
    return path


def add_snapshots(project) -> None:
    """Two subscriber and view snapshots per channel, a month apart, recorded like a statistics import."""
    from dauys.provenance import Run

    run = Run("bench.channel_stats", {})
    with project.store.write() as con:
        run_id = run.record(con, n_in=None, n_out=None)
        source_id = con.execute(
            "INSERT INTO sources (run_id, kind, corpus, location, params, collected_at) "
            "VALUES (?, 'channel_stats', 'telegram', 'bench', '{}', ?) RETURNING id", [run_id, datetime.now(UTC)],
        ).fetchone()[0]
        con.execute(
            """INSERT INTO channel_metrics
               SELECT c.id, ?, TIMESTAMPTZ '2022-06-30 12:00:00+00', 'subscribers', 10000 + 137 * c.id FROM channels c
               UNION ALL
               SELECT c.id, ?, TIMESTAMPTZ '2022-12-31 12:00:00+00', 'subscribers', 11000 + 151 * c.id FROM channels c
               UNION ALL
               SELECT c.id, ?, TIMESTAMPTZ '2022-12-31 12:00:00+00', 'views', 5000000 + c.id FROM channels c""",
            [source_id, source_id, source_id],
        )


ANALYSES = (
    ("channel_stats", {"period": "month"}),
    ("channel_growth", {}),
    ("posting_rhythm", {"by": "channel"}),
    ("top_posts", {"by": "channel", "n": 20}),
    ("spikes", {}),
    ("spikes", {"unit": "days", "metric": "posts"}),
    ("spikes", {"window": 50}),
    ("compare_channels", {"period": "month"}),
    ("comment_threads", {}),
    ("top_commenters", {}),
    ("comment_timing", {"by": "channel"}),
    ("hashtag_campaign", {"hashtags": "#Жаңаөзен,#ШерзатҮшін,#қантар"}),
)


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--channels", type=int, default=50)
    parser.add_argument("--keep", type=Path, help="Generate into (and keep) this folder; reuse its export if present.")
    parser.add_argument("--generate-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate_only:
        generate(args.generate_only, args.messages, args.channels)
        return

    folder = args.keep or Path(tempfile.mkdtemp(prefix="dauys-social-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    export = folder / "result.json"
    if not export.exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--messages", str(args.messages), "--channels", str(args.channels),
                        "--generate-only", str(folder)], check=True)
        print(f"generated {args.messages:,} messages in {args.channels} channels: "
              f"{export.stat().st_size / 1e6:,.0f} MB in {time.perf_counter() - started:.1f} s "
              f"(child peak {peak_mb(resource.RUSAGE_CHILDREN):,.0f} MB)")
    generator_peak = peak_mb(resource.RUSAGE_CHILDREN)

    os.environ.setdefault("DAUYS_CONFIG_DIR", str(folder / "config"))
    import dauys
    from dauys.analyze import run_analysis
    from dauys.ingest.telegram import import_telegram

    project = dauys.init_project(Path(tempfile.mkdtemp(prefix="dauys-social-project-")) / "bench")
    total, total_cpu = time.perf_counter(), time.process_time()
    started, started_cpu = time.perf_counter(), time.process_time()
    result = import_telegram(project, export, corpus="telegram")
    print(f"import_telegram: {result.imported:,} messages in {time.perf_counter() - started:.1f} s "
          f"(CPU {time.process_time() - started_cpu:.1f} s, all threads)")
    add_snapshots(project)
    with project.store.read() as con:
        posts, comments = con.execute(
            "SELECT count(*) FILTER (WHERE parent_external_id IS NULL), count(*) FILTER (WHERE parent_external_id "
            "IS NOT NULL) FROM documents").fetchone()
    print(f"  {posts:,} posts, {comments:,} comments and replies")
    analytics, analytics_cpu = time.perf_counter(), time.process_time()
    for name, params in ANALYSES:
        started = time.perf_counter()
        saved = run_analysis(project, name, params)
        print(f"{name:18s} {json.dumps(params, ensure_ascii=False):60s} {len(saved.frame()):>9,} rows "
              f"{time.perf_counter() - started:6.1f} s")
    end, end_cpu = time.perf_counter(), time.process_time()
    own = peak_mb(resource.RUSAGE_SELF)
    children = peak_mb(resource.RUSAGE_CHILDREN)
    print(f"analytics: {end - analytics:.1f} s (CPU {end_cpu - analytics_cpu:.1f} s); import + analytics: "
          f"{end - total:.1f} s (target < 60 s), CPU {end_cpu - total_cpu:.1f} s")
    print(f"load average over the run: {os.getloadavg()[1]:.1f} (5 min) on {os.cpu_count()} cores: wall times under "
          "a load above the core count are the machine's, the CPU times are the bench's")
    print(f"peak RSS: this process {own:,.0f} MB; children {children:,.0f} MB "
          f"(the generator: {generator_peak:,.0f} MB) (target < 2,048 MB)")


if __name__ == "__main__":
    main()
