"""Speed of the content analyses on the 500,000-document corpus of ``bench/text_bench.py``.

The corpus is text_bench's (same texts, same seed: review texts of ``../shared/data/kazsandra`` and
treebank sentences), each document given a channel (one of six) and a date (2019–2024) by a seeded
random draw, so that there are groups and months to analyse. It is imported into a fresh project and
``dauys text process`` runs on it (neither is timed). Then each analysis runs in a fresh Python process
of its own, timed from its call to its return (imports and opening the project not counted), with that
process's peak resident memory (``ru_maxrss``, which includes DuckDB's):

- ``top_terms``: the 30 most frequent lemmas of each channel (``TopTerms.run``).
- ``dfm``: the document-feature matrix of lemmas, 500,000 rows (``build_dfm``).
- ``dfm analysis``: the ``dfm`` analysis with ``--min-docfreq 5 --weight tfidf --export dfm.mtx``.
- ``keyness``: one channel against the rest, chi-square (``Keyness.run``).
- ``trends``: three lemmas per month, shares of documents with Wilson intervals (``Trends.run``).
- ``nmf``: a 20-topic NMF through :mod:`dauys.analyze.topics` (``TopicModel("nmf", 20).fit``) on its
  ``topic_matrix``: the tf-idf DFM (smooth idf, rows scaled to unit length) of the lemmas found in 5 or
  more documents; building that matrix is timed apart.

Targets: top_terms and dfm under 5 s each, nmf under 60 s.

    .venv/bin/python bench/analysis_bench.py                       # 500,000 documents, built and removed
    .venv/bin/python bench/analysis_bench.py --keep /tmp/abench    # build once, reuse on the next run
    .venv/bin/python bench/analysis_bench.py --docs 50000 --keep /tmp/abench-small
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from text_bench import DAUYS, SHARED, build_corpus  # noqa: E402

CHANNELS = ("qazaq_news", "vesti_kz", "dala_habar", "steppe_analyst", "akimat_press", "zhastar_uni")
STEPS = ("top_terms", "dfm", "dfm_analysis", "keyness", "trends", "nmf")
TREND_TERMS = "жақсы,баға,жер+су"


def build_project(folder: Path, docs: int, seed: int) -> Path:
    """text_bench's corpus with channels and dates, imported and processed; returns the project folder."""
    import dauys
    from dauys.ingest.table import import_table

    corpus = folder / "corpus.csv"
    t0 = time.perf_counter()
    docs, words = build_corpus(corpus, docs, seed)
    frame = pd.read_csv(corpus, dtype={"id": "int64", "text": "string"}, keep_default_na=False)
    rng = np.random.default_rng(seed)
    frame["channel"] = np.asarray(CHANNELS)[rng.integers(0, len(CHANNELS), len(frame))]
    first, last = pd.Timestamp("2019-01-01", tz="UTC"), pd.Timestamp("2024-12-31", tz="UTC")
    seconds = rng.integers(0, int((last - first).total_seconds()), len(frame))
    frame["created_at"] = (first + pd.to_timedelta(seconds, unit="s")).strftime("%Y-%m-%dT%H:%M:%SZ")
    frame.to_csv(corpus, index=False)
    print(f"corpus: {docs:,} documents, {words:,} whitespace words (seed {seed}), built in "
          f"{time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    project = dauys.init_project(folder / "project")
    imported = import_table(project, corpus, corpus="bench", mapping={
        "text": "text", "external_id": "id", "channel": "channel", "created_at": "created_at"})
    print(f"imported {imported.imported:,} documents in {time.perf_counter() - t0:.1f} s (not timed)")
    t0 = time.perf_counter()
    done = subprocess.run([str(DAUYS), "text", "process", "--project", str(project.path)], capture_output=True,
                          text=True)
    if done.returncode:
        sys.exit(f"dauys text process failed ({done.returncode}):\n{done.stderr[-3000:]}")
    print(f"dauys text process: {time.perf_counter() - t0:.1f} s (not timed below)")
    return project.path


def run_step(step: str, path: Path) -> dict:
    """Run one analysis in this process; its seconds, the peak RSS and a line about the result."""
    import dauys
    from dauys.analyze.dfm import DocumentFeatureMatrix, build_dfm
    from dauys.analyze.frequency import TopTerms
    from dauys.analyze.keyness import Keyness
    from dauys.analyze.topics import TopicModel, topic_matrix
    from dauys.analyze.trends import Trends
    from dauys.store.filters import DocumentFilter

    project = dauys.open_project(path)
    where = DocumentFilter(tz=project.tz)
    for module in ("sklearn.decomposition", "sklearn.preprocessing"):  # the topic model imports them lazily
        importlib.import_module(module)
    extra = {}
    t0 = time.perf_counter()
    if step == "top_terms":
        table = TopTerms().run(project, where, TopTerms.validate({"by": "channel", "n": 30}))
        info = f"{len(table):,} rows, top term of {table['group'].iloc[0]}: {table['term'].iloc[0]}"
    elif step == "dfm":
        x = build_dfm(project, where)
        info = f"{x!r}"
    elif step == "dfm_analysis":
        analysis = DocumentFeatureMatrix()
        export = path.parent / "dfm.mtx"
        table = analysis.run(project, where, DocumentFeatureMatrix.validate(
            {"min_docfreq": 5, "weight": "tfidf", "export": str(export)}))
        info = (f"{analysis.counts_['terms']:,} of {analysis.counts_['terms_before_trimming']:,} terms kept, "
                f"{analysis.counts_['cells']:,} cells, .mtx {export.stat().st_size / 1e6:.0f} MB, "
                f"{len(table):,} rows saved")
    elif step == "keyness":
        analysis = Keyness()
        table = analysis.run(project, where, Keyness.validate({"by": "channel", "target": CHANNELS[0]}))
        info = f"{analysis.counts_['terms_tested']:,} terms tested, top: {table['term'].iloc[0]}"
    elif step == "trends":
        table = Trends().run(project, where, Trends.validate({"terms": TREND_TERMS, "period": "month"}))
        info = f"{len(table):,} rows ({table['period'].nunique()} months × 3 series)"
    else:
        x = topic_matrix(build_dfm(project, where), "nmf", min_docfreq=5)
        extra["dfm_seconds"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        model = TopicModel("nmf", 20, seed=0).fit(x)
        info = (f"NMF(20) on {x.shape[0]:,} × {x.shape[1]:,} ({x.matrix.nnz:,} non-zero), {model.n_iter_} "
                f"iterations, converged: {model.converged_}; its tf-idf DFM took {extra['dfm_seconds']:.1f} s")
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    return {"seconds": seconds, "peak": peak, "info": info, **extra}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=500_000, help="documents in the corpus (default 500,000)")
    parser.add_argument("--seed", type=int, default=20260601)
    parser.add_argument("--keep", type=Path, default=None,
                        help="build the project in this folder and keep it; reuse it when it is already there")
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--project", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(run_step(args.step, args.project)))
        return
    if not SHARED.is_dir():
        sys.exit(f"needs the shared data at {SHARED}")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="dauys-analysis-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DAUYS_CONFIG_DIR", str(folder / "config"))
    marker = folder / "built.json"
    wanted = {"docs": args.docs, "seed": args.seed}
    try:
        if args.keep and marker.is_file() and json.loads(marker.read_text()) == wanted:
            path = folder / "project"
            print(f"reusing the project in {path} ({args.docs:,} documents, seed {args.seed})")
        else:
            shutil.rmtree(folder / "project", ignore_errors=True)
            path = build_project(folder, args.docs, args.seed)
            marker.write_text(json.dumps(wanted))
        print(f"{'step':<14}{'seconds':>9}{'peak RSS':>12}  result")
        for step in STEPS:
            done = subprocess.run([sys.executable, __file__, "--step", step, "--project", str(path)],
                                  capture_output=True, text=True, env=os.environ)
            if done.returncode:
                sys.exit(f"{step} failed ({done.returncode}):\n{done.stderr[-3000:]}")
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{step:<14}{figures['seconds']:>9.2f}{figures['peak'] / 2**20:>8,.0f} MiB  {figures['info']}")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
