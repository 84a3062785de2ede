"""Accuracy and speed of language identification (``dauys.text.langid``) on the shared dev data.

Prints the four figures of ``../shared/tools/eval_langid.py`` measured the same way — accuracy over 500
sentences of three words or more from each UD dev file, over their first three words, the share of the
first 3,000 KazSAnDRA validation reviews identified as Kazakh, and texts per second of one
``dauys text langid`` command over 40,000 texts (the 2,000 sentences twenty times, start-up included) —
and beside them: the same command over 40,000 distinct texts, the command's start-up alone (empty
input) and the speed beyond it, the time to import the module and to load the model, and in-process
texts per second.

Then the batch API of the text pipeline, :func:`languages_many` (language, confidence, shares and spans of
every document), over a corpus built as the pipeline benchmark builds it: 500,000 documents drawn with a
fixed seed from the ``# text =`` sentences of the four UD dev files and the KazSAnDRA reviews (about 4.5
million words; many texts recur, as reposts and stock replies do), and over 500,000 documents that never
recur (two drawn texts joined): seconds of one core (process time), wall seconds, documents per second,
the share of mixed documents, and the rise of the process's peak memory.

Run from the repository root (``--batch`` for the batch figures only)::

    .venv/bin/python bench/langid_bench.py
"""

from __future__ import annotations

import csv
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
DAUYS = Path(sys.executable).parent / "dauys"
UD_FILES = [("kk", "kk_ktb-dev.conllu"), ("ru", "ru_gsd-ud-dev.conllu"), ("ru", "ru_taiga-ud-dev.conllu"),
            ("en", "en_ewt-ud-dev.conllu")]


def ud_sentences(name: str) -> list[str]:
    with (DATA / "ud" / name).open(encoding="utf-8") as f:
        return [line[9:].strip() for line in f if line.startswith("# text = ")]


def reviews(name: str) -> list[str]:
    with (DATA / "kazsandra" / name).open(encoding="utf-8") as f:
        texts = [r["text"].replace("\n", " ").replace("\t", " ") for r in csv.DictReader(f)]
    return [t for t in texts if t.strip()]


def run_command(texts: list[str]) -> tuple[list[str], float]:
    """Labels from one ``dauys text langid`` process, and its wall time in seconds."""
    started = time.perf_counter()
    result = subprocess.run([str(DAUYS), "text", "langid"], input="\n".join(texts) + "\n", capture_output=True,
                            text=True, check=True)
    elapsed = time.perf_counter() - started
    return [line.split("\t")[0] for line in result.stdout.splitlines()], elapsed


def pipeline_corpus(distinct: bool) -> list[str]:
    """500,000 documents drawn with a fixed seed from the UD dev sentences and the reviews; ``distinct``:
    each one two drawn texts joined, so that no text recurs."""
    pool = [s for _, name in UD_FILES for s in ud_sentences(name)]
    for name in ("03_pc_train_rus.csv", "04_pc_valid.csv"):
        with (DATA / "kazsandra" / name).open(encoding="utf-8") as f:
            pool += [r["text"] for r in csv.DictReader(f) if r["text"].strip()]
    rng = random.Random(2024)
    if not distinct:
        return rng.choices(pool, k=500_000)
    docs = list(dict.fromkeys(f"{a} {b}" for a, b in zip(rng.choices(pool, k=520_000), rng.choices(pool, k=520_000),
                                                          strict=True)))
    return docs[:500_000]


def batch_figures() -> None:
    from dauys.text import langid

    langid.load_model()
    for distinct in (False, True):
        docs = pipeline_corpus(distinct)
        words = sum(len(d.split()) for d in docs)
        peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        cpu, wall = time.process_time(), time.perf_counter()
        batch = langid.languages_many(docs)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        peak_rise = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
        different = len(set(docs))
        print(f"languages_many, {len(docs):,} documents ({different:,} different, {words:,} words): "
              f"{cpu:.2f} s of one core ({len(docs) / cpu:,.0f} documents/s), wall {wall:.2f} s; "
              f"share mixed {sum(batch.mixed) / len(docs):.3f}; "
              f"peak memory +{peak_rise:.0f} MB")
        del batch


def main() -> None:
    if "--batch" in sys.argv[1:]:
        batch_figures()
        return
    sample = []
    for lang, name in UD_FILES:
        sentences = [s for s in ud_sentences(name) if len(s.split()) >= 3 and "\t" not in s]
        random.Random(1).shuffle(sentences)
        sample += [(lang, s) for s in sentences[:500]]
    short = [(lang, " ".join(s.split()[:3])) for lang, s in sample]
    valid = reviews("04_pc_valid.csv")[:3000]

    def accuracy(items: list[tuple[str, str]]) -> float:
        labels, _ = run_command([t for _, t in items])
        return sum(p == lang for (lang, _), p in zip(items, labels, strict=True)) / len(items)

    sentences_acc, short_acc = accuracy(sample), accuracy(short)
    reviews_kk = accuracy([("kk", r) for r in valid])
    repeated = [t for _, t in sample] * 20
    _, repeated_time = min((run_command(repeated) for _ in range(3)), key=lambda r: r[1])
    print(f"sentences={sentences_acc:.4f} first3words={short_acc:.4f} reviews_kk={reviews_kk:.4f} "
          f"speed={len(repeated) / repeated_time:.0f} texts/s (40,000 texts in {repeated_time:.2f} s, one command)")

    distinct = list(dict.fromkeys([s for _, name in UD_FILES for s in ud_sentences(name)] + reviews("04_pc_valid.csv")
                                  + reviews("03_pc_train_rus.csv")))[:40_000]
    _, distinct_time = min((run_command(distinct) for _ in range(3)), key=lambda r: r[1])
    _, startup = min((run_command([]) for _ in range(3)), key=lambda r: r[1])
    print(f"distinct texts: {len(distinct) / distinct_time:.0f} texts/s ({len(distinct)} in {distinct_time:.2f} s); "
          f"command start-up with empty input {startup:.2f} s")
    print(f"beyond start-up: repeated {len(repeated) / (repeated_time - startup):.0f} texts/s, "
          f"distinct {len(distinct) / (distinct_time - startup):.0f} texts/s")

    probe = ("import time; t = time.perf_counter(); import dauys.text.langid as L; i = time.perf_counter(); "
             "L.load_model(); print(f'{i - t:.3f} {time.perf_counter() - i:.4f}')")
    imported, loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                      check=True).stdout.split()
    print(f"import dauys.text.langid {float(imported):.3f} s (with the dauys package); "
          f"load model {float(loaded):.4f} s")

    from dauys.text.langid import identify_many, load_model

    load_model()
    for name, texts in (("repeated", repeated), ("distinct", distinct)):
        started = time.perf_counter()
        identify_many(texts)
        print(f"in-process identify_many, {name}: {len(texts) / (time.perf_counter() - started):.0f} texts/s")
    batch_figures()


if __name__ == "__main__":
    main()
