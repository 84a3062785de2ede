"""How fast bot scores and coordination run on 200,000 comments by 20,000 accounts, and how well they find planted bots.

Generates comments (Kazakh and Russian) of ordinary accounts — old accounts, their own texts, a few
shared quotes days apart, some digit names — and of planted bot groups: young accounts, mostly default
profiles and digit or random names, pasting their group's campaign text (with small edits) within minutes
in several waves days apart. Imports them with :func:`dauys.ingest.writer.write_documents` (account
columns included) into a fresh project in a temporary folder, then prints:

- the import time, and MinHash (shingles, signatures, LSH, verified Jaccard) on all texts;
- the time of ``bot_scores`` and ``coordination`` (via ``run_analysis``) and the peak resident memory;
- precision and recall of the flagged accounts against the planted bots, and of the coordinated groups
  against the planted waves (a found group matches a wave when their account sets overlap by Jaccard ≥ 0.8).

Run from the repository root::

    .venv/bin/python bench/bots_bench.py                       # 200,000 comments, 20,000 accounts
    .venv/bin/python bench/bots_bench.py --comments 50000 --accounts 5000
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dauys.analyze.base import run_analysis  # noqa: E402
from dauys.ingest.writer import SourceInfo, write_documents  # noqa: E402
from dauys.project import init_project  # noqa: E402
from dauys.provenance import Run  # noqa: E402
from dauys.social.near_duplicates import candidate_pairs, jaccard, minhash, shingle_sets  # noqa: E402

WORDS = (
    "газ баға жол мектеп әкімдік тұрғындар саябақ жастар жұмыс ауыл қала көлік су жарық жаңалық үкімет бала "
    "дәрігер аурухана жалақы зейнетақы несие пәтер құрылыс тау өзен мал егін нан ет сүт базар дүкен бағдарлама "
    "цены дорога школа акимат жители парк молодежь работа село город транспорт вода свет новости правительство "
    "дети врач больница зарплата пенсия кредит квартира стройка горы река хлеб мясо молоко рынок магазин"
).split()
FIRST = ("Айгерім", "Дана", "Ерлан", "Бауыржан", "Асель", "Тимур", "Жанна", "Нұрлан", "Гүлнар", "Серік", "Иван",
         "Мария", "Олег", "Павел", "Анна", "Дмитрий", "Әлия", "Қайрат", "Мадина", "Арман")
LAST = ("Сәрсенова", "Петров", "Нұрланқызы", "Жақсыбеков", "Ким", "Оспанов", "Токтарова", "Смирнов", "Ахметов",
        "Серікқызы", "Ли", "Әбдірахманова", "Иманов", "Кузнецова", "Бекова")
QUOTES = ("Абай айтқандай, адам болам десең, бір жақсыны көрсең, ғибрат алып, оны ізде",
          "Как говорил классик, тише едешь дальше будешь, а дальше видно будет всем нам")
START = pd.Timestamp("2022-01-01", tz="UTC")


def generate(comments: int, accounts: int, groups: int, group_size: int, waves: int, seed: int = 7):
    """The staged frame and the truth: planted bot names and each wave's set of accounts."""
    rng = np.random.default_rng(seed)
    n_bots = groups * group_size
    bot_names = []
    for b in range(n_bots):
        kind = b % 10
        if kind < 6:
            stem = rng.choice(["aigerim", "nurlan", "dana", "serik", "arman"])
            bot_names.append(f"{stem}{rng.integers(10**6, 10**8)}")
        elif kind < 8:
            bot_names.append("".join(rng.choice(list("bcdfghjklmnpqrstvwxz"), 8)) + str(b))
        else:
            bot_names.append(f"{rng.choice(FIRST)} {rng.choice(LAST)} {b}")
    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}" if i % 30 else f"aigerim{1980 + i % 30}{i}"
              for i in range(accounts - n_bots)]
    frames, truth_waves = [], []
    # planted groups: each bot of a group posts the group's text in each wave, within ten minutes
    bot_rows = []
    for g in range(groups):
        text = " ".join(rng.choice(WORDS, 16))
        members = list(range(g * group_size, (g + 1) * group_size))
        for _ in range(waves):  # the campaign runs in the first month of the accounts' life
            at = START + pd.Timedelta(days=int(rng.integers(0, 25)), minutes=int(rng.integers(0, 1440)))
            truth_waves.append({bot_names[b] for b in members})
            for b in members:
                edit = " ".join(rng.choice(["!", "👍", "🇰🇿", "", "иә"], 2))
                bot_rows.append((bot_names[b], at + pd.Timedelta(seconds=int(rng.integers(0, 600))),
                                 f"{text} {edit}", b))
    bots = pd.DataFrame(bot_rows, columns=["author", "created_at", "text", "b"])
    created = START - pd.to_timedelta(rng.integers(1, 20, n_bots), unit="D")
    bots["author.created_at"] = created[bots["b"].to_numpy()]
    bots["author.default_profile"] = (bots["b"] % 5 != 0).to_numpy()
    frames.append(bots.drop(columns=["b"]))
    # ordinary accounts: their own texts at random times; a few share a quote, days apart
    n = comments - len(bots)
    activity = 1 / np.arange(1, len(people) + 1) ** 0.7  # a few very active commenters, most write a little
    who = rng.choice(len(people), n, p=activity / activity.sum())
    texts = [" ".join(rng.choice(WORDS, int(k))) for k in rng.integers(5, 25, n)]
    for i in np.flatnonzero(rng.random(n) < 0.01):
        texts[i] = QUOTES[i % 2]
    people_created = START - pd.to_timedelta(rng.integers(400, 4000, len(people)), unit="D")
    unknown = rng.random(len(people)) < 0.1
    ordinary = pd.DataFrame({
        "author": np.array(people, dtype=object)[who],
        "created_at": START + pd.to_timedelta(rng.integers(0, 300 * 86400, n), unit="s"),
        "text": texts,
        "author.created_at": pd.Series(people_created).where(~unknown).to_numpy()[who],
        "author.default_profile": (rng.random(len(people)) < 0.05)[who],
    })
    frames.append(ordinary)
    frame = pd.concat(frames, ignore_index=True)
    frame["author.created_at"] = pd.to_datetime(frame["author.created_at"], utc=True)
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    frame["parent_external_id"] = "video1"
    frame["external_id"] = [f"c{i}" for i in range(len(frame))]
    frame["channel"] = "qazaq_tube"
    frame["metric.likes"] = rng.poisson(3, len(frame)).astype(float)
    frame.insert(0, "row", np.arange(len(frame)) + 2)
    return frame, set(bot_names), truth_waves


def precision_recall(found: set, truth: set) -> tuple[float, float]:
    hit = len(found & truth)
    return (hit / len(found) if found else float("nan")), (hit / len(truth) if truth else float("nan"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=int, default=200_000)
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--groups", type=int, default=40)
    parser.add_argument("--group-size", type=int, default=10)
    parser.add_argument("--waves", type=int, default=4)
    args = parser.parse_args()
    os.environ.setdefault("DAUYS_CONFIG_DIR", tempfile.mkdtemp(prefix="dauys-bench-config-"))

    frame, bots, waves = generate(args.comments, args.accounts, args.groups, args.group_size, args.waves)
    print(f"{len(frame):,} comments by {frame['author'].nunique():,} accounts; {len(bots):,} planted bots in "
          f"{args.groups} groups, {len(waves)} waves")
    with tempfile.TemporaryDirectory() as tmp:
        project = init_project(Path(tmp) / "bench")
        t0 = time.perf_counter()
        write_documents(project, Run("import.bench", {}), SourceInfo("bench", "generated", {}), frame,
                        corpus="comments", platform="youtube", keep_authors=True)
        t1 = time.perf_counter()
        print(f"import (with accounts): {t1 - t0:.1f} s")

        texts = frame["text"].tolist()
        c0 = time.process_time()
        t0 = time.perf_counter()
        sets = shingle_sets(texts)
        t1 = time.perf_counter()
        signature = minhash(sets)
        t2 = time.perf_counter()
        pairs = candidate_pairs(signature)
        t3 = time.perf_counter()
        similar = jaccard(sets, pairs)
        t4 = time.perf_counter()
        print(f"MinHash on {len(texts):,} texts: shingles {t1 - t0:.1f} s, 64 permutations {t2 - t1:.1f} s, "
              f"LSH 16x4 {t3 - t2:.1f} s ({len(pairs):,} candidate pairs), verify {t4 - t3:.1f} s "
              f"({int((similar >= 0.8).sum()):,} pairs >= 0.8); total {t4 - t0:.1f} s "
              f"(CPU time {time.process_time() - c0:.1f} s)")

        t0, c0 = time.perf_counter(), time.process_time()
        scores = run_analysis(project, "bot_scores", {"min_posts": 2}).frame()
        t1, c1 = time.perf_counter(), time.process_time()
        groups = run_analysis(project, "coordination", {}).frame()
        t2, c2 = time.perf_counter(), time.process_time()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"bot_scores: {t1 - t0:.1f} s, CPU {c1 - c0:.1f} s ({len(scores):,} accounts); coordination: "
              f"{t2 - t1:.1f} s, CPU {c2 - c1:.1f} s ({len(groups):,} groups); peak memory {peak:,.0f} MB "
              f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")

        flagged = set(scores.loc[scores["flagged"], "author_key"])
        scored_bots = bots & set(scores["author_key"])
        p, r = precision_recall(flagged, scored_bots)
        print(f"flagging (score >= 0.5): {len(flagged):,} flagged, precision {p:.3f}, recall {r:.3f}")
        n_of_k = run_analysis(project, "bot_scores", {"min_posts": 2, "rule": "n-of-k", "n": 3}).frame()
        p, r = precision_recall(set(n_of_k.loc[n_of_k["flagged"], "author_key"]), scored_bots)
        print(f"flagging (3 of 7 criteria): precision {p:.3f}, recall {r:.3f}")

        found = [set(keys.split(", ")) for keys in groups["account_keys"]]

        def matches(a: set, b: set) -> bool:
            return len(a & b) / len(a | b) >= 0.8

        recovered = sum(any(matches(w, f) for f in found) for w in waves)
        correct = sum(any(matches(f, w) for w in waves) for f in found)
        precision = correct / len(found) if found else float("nan")
        print(f"coordination: {len(found)} groups found, precision {precision:.3f}, "
              f"recall {recovered / len(waves):.3f} of {len(waves)} planted waves")
        unmatched = [(f, text) for f, text in zip(found, groups["sample_text"], strict=True)
                     if not any(matches(f, w) for w in waves)]
        quotes = sum(not (f & bots) and text in QUOTES for f, text in unmatched)
        print(f"  of the {len(unmatched)} groups matching no planted wave, {quotes} are ordinary accounts posting "
              "one of the shared quotes within the hour (true near-identical posting, not planted)")


if __name__ == "__main__":
    main()
