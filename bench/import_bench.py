"""How fast ``dauys import table`` reads a large CSV export, and how much memory it needs.

Generates a CSV of N posts (default 1,000,000) with Kazakh and Russian text in a child process, then
imports it with :func:`dauys.ingest.table.import_table` into a fresh project in a temporary folder and
prints rows per second and the peak resident memory of the importing process (``ru_maxrss``; the
generator runs in its own process so its memory is not counted).

Run from the repository root::

    .venv/bin/python bench/import_bench.py            # 1,000,000 rows
    .venv/bin/python bench/import_bench.py --rows 200000 --keep /tmp/bench-posts.csv
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SENTENCES = (
    "Алматыда жаңа саябақ ашылды, тұрғындар қуанышты.",
    "Әкімдік жол жөндеу жұмыстарын күзге дейін аяқтауға уәде берді.",
    "Бүгін Астанада ауа райы суық болады, қар жауады деп күтілуде.",
    "Ұлттық құрылтай отырысында тіл саясаты талқыланды.",
    "Жастар көлік бағасының өсуіне наразылық білдірді.",
    "Өңірдегі мектептерде оқулық жетіспейді деген шағым көп.",
    "Қоғамдық көлік жүргізушілері жалақыны көтеруді талап етті.",
    "Газ бағасы тағы да өсті, бұл әділетсіздік!",
    "В Алматы снова обсуждают строительство в предгорьях.",
    "Жители Шымкента жалуются на перебои с водой уже неделю.",
    "Акимат обещал отремонтировать дорогу до конца года.",
    "Цены на бензин выросли, люди недовольны и пишут об этом в чатах.",
    "Студенты собрали подписи против повышения платы за обучение.",
    "Энергетики объяснили отключения света ремонтом подстанции.",
    "Сегодня в Астане прошёл митинг за чистый воздух.",
    "Мнения разделились: одни поддерживают реформу, другие нет.",
)
CHANNELS = ("qazaqstan_news", "almaty_today", "astana_online", "shymkent_live", "dauys_kz", "zhana_uaqyt")


def generate_csv(path: Path, rows: int, seed: int = 2024) -> None:
    """Write ``rows`` posts: id, channel, author, date (dd.mm.yyyy HH:MM), text, views, likes, forwards."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2023-06-01T00:00")
    chunk = 100_000
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "channel", "author", "date", "text", "views", "likes", "forwards"])
        for first in range(0, rows, chunk):
            n = min(chunk, rows - first)
            minutes = rng.integers(0, 2 * 365 * 24 * 60, n)
            dates = (start + minutes.astype("timedelta64[m]")).astype(object)
            picks = rng.integers(0, len(SENTENCES), (n, 3))
            lengths = rng.integers(2, 4, n)
            channels = rng.integers(0, len(CHANNELS), n)
            authors = rng.integers(0, 50_000, n)
            views = rng.integers(0, 200_000, n)
            likes = rng.integers(0, 5_000, n)
            forwards = rng.integers(0, 300, n)
            writer.writerows(
                (
                    first + i + 1,
                    CHANNELS[channels[i]],
                    f"user{authors[i]}",
                    dates[i].strftime("%d.%m.%Y %H:%M"),
                    " ".join(SENTENCES[j] for j in picks[i, : lengths[i]]),
                    views[i],
                    likes[i],
                    forwards[i],
                )
                for i in range(n)
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="write the generated CSV here (and reuse it if it exists)")
    parser.add_argument("--generate-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate_only:
        generate_csv(args.generate_only, args.rows)
        return

    with tempfile.TemporaryDirectory(prefix="dauys-bench-") as tmp:
        os.environ.setdefault("DAUYS_CONFIG_DIR", str(Path(tmp) / "config"))  # a throwaway pseudonym key
        csv_path = args.keep or Path(tmp) / "posts.csv"
        if not csv_path.exists():
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, __file__, "--rows", str(args.rows), "--generate-only", str(csv_path)],
                check=True,
            )
            print(f"generated {args.rows:,} rows ({csv_path.stat().st_size / 1e6:,.0f} MB) "
                  f"in {time.perf_counter() - started:.1f} s")

        from dauys.ingest.table import import_table
        from dauys.project import init_project

        project = init_project(Path(tmp) / "study")
        mapping = {  # forwards stays unmapped, so every row also gets a meta object
            "external_id": "id", "channel": "channel", "author": "author", "created_at": "date",
            "text": "text", "metric.views": "views", "metric.likes": "likes",
        }
        before = resource.getrusage(resource.RUSAGE_SELF)
        started = time.perf_counter()
        result = import_table(project, csv_path, corpus="bench", mapping=mapping, platform="telegram")
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_SELF)

    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    print(f"imported {result.imported:,} of {result.read:,} rows in {elapsed:.1f} s: "
          f"{result.read / elapsed:,.0f} rows/s (CPU time {cpu:.1f} s on {os.cpu_count()} cores)")
    print(f"peak memory (ru_maxrss): {after.ru_maxrss / 1024:,.0f} MB "
          f"(before the import: {before.ru_maxrss / 1024:,.0f} MB)")


if __name__ == "__main__":
    main()
