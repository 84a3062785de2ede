"""Learned coding on KazSAnDRA: train time, macro-F1 (plain and prior-corrected), apply speed, memory.

Trains on ``kazsandra/03_pc_train_rus.csv`` alone (balanced) with the real ``dauys code train`` command,
scores on ``kazsandra/04_pc_valid.csv`` (about 82% positive) once, and times ``dauys code apply`` —
the whole command, Python start-up included — on the validation file and on 50,000 texts (the
validation texts repeated). Two models:

plain
    no class prior: decisions tuned for macro-F1 on the cross-validated, balanced training texts;
prior-corrected
    ``--class-prior 1=0.82``, the share of positive reviews the issue states for real data (not tuned
    on the validation file): probabilities corrected by Bayes' rule and the decision offsets chosen for
    macro-F1 on the training texts weighted to that prior;
prior, no stems
    the same without the Kazakh stem features (``--no-stems``): quicker to train.

No setting was chosen by looking at the validation file. The models are written to a temporary folder
and deleted: a model trained on KazSAnDRA must never be shipped.

Run: ``.venv/bin/python bench/coding_bench.py``
"""

from __future__ import annotations

import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "kazsandra"
TRAIN = SHARED / "03_pc_train_rus.csv"
VALID = SHARED / "04_pc_valid.csv"
DAUYS = str(Path(sys.executable).parent / "dauys")
PRIOR = "1=0.82"


def run(*args: str) -> tuple[float, float]:
    """Run ``dauys ARGS``; its wall time in seconds and peak memory (MB), or exit with its error."""
    start = time.perf_counter()
    process = subprocess.Popen([DAUYS, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        sys.exit(f"dauys {' '.join(args)} failed: {process.stderr.read().decode()}")
    process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024


def repeated_file(source: Path, target: Path, n: int) -> None:
    """A CSV of ``n`` rows: the rows of ``source`` over and over."""
    with open(source, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(body[i % len(body)] for i in range(n))


def main() -> None:
    if not TRAIN.exists():
        sys.exit(f"{TRAIN} is not here: the benchmark needs ../shared/data/kazsandra")
    from dauys.analyze.learned import load_coder
    from dauys.analyze.learned.evaluation import score_coder
    from dauys.analyze.learned.table import read_table

    valid = read_table(VALID)
    texts, labels = valid.texts("text"), valid.labels(["label"], False)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        print(f"train: {TRAIN.name} ({len(read_table(TRAIN).rows):,} texts); valid: {VALID.name} ({len(texts):,})")
        print(f"{'model':<18}{'train s':>9}{'train MB':>10}{'macro-F1':>10}   per label: precision / recall / F1")
        models = {}
        variants = (("plain", ()), ("prior-corrected", ("--class-prior", PRIOR)),
                    ("prior, no stems", ("--class-prior", PRIOR, "--no-stems")))
        for name, extra in variants:
            model = folder / f"{name}.model"
            seconds, memory = run("code", "train", "--input", str(TRAIN), "--text-col", "text",
                                  "--label-col", "label", "--out", str(model), *extra)
            scores = score_coder(load_coder(model), texts, labels)
            per_label = "   ".join(f"{r.label}: {r.precision:.3f} / {r.recall:.3f} / {r.f1:.3f}"
                                   for r in scores.table.itertuples())
            print(f"{name:<18}{seconds:>9.1f}{memory:>10.0f}{scores.macro_f1:>10.4f}   {per_label}")
            models[name] = model
        print(f"model file: {models['plain'].stat().st_size / 1e6:.1f} MB")

        big = folder / "50k.csv"
        repeated_file(VALID, big, 50_000)
        print(f"\n{'apply (whole command)':<28}{'texts':>8}{'median s':>10}{'texts/s':>10}{'peak MB':>9}")
        for source, n in ((VALID, len(texts)), (big, 50_000)):
            runs = [run("code", "apply", "--model", str(models["prior-corrected"]), "--input", str(source),
                        "--text-col", "text", "--out", str(folder / "predictions.csv")) for _ in range(3)]
            seconds = statistics.median(r[0] for r in runs)
            print(f"{source.name:<28}{n:>8,}{seconds:>10.2f}{n / seconds:>10,.0f}{max(r[1] for r in runs):>9.0f}")
        seconds, _ = run("code", "--help")
        print(f"start-up alone (`dauys code --help`): {seconds:.2f} s")


if __name__ == "__main__":
    main()
