"""Throughput of ``dauys text process``: a fixed 500,000-document corpus, one cold command, the token table written.

The corpus samples, with a fixed seed and with replacement, from the review texts of
``../shared/data/kazsandra/*.csv`` and the ``# text =`` sentences of ``../shared/data/ud/*-dev.conllu``
(about 4.4 million whitespace-separated words at 500,000 documents). It is imported into a fresh
project (not timed), then ``dauys text process --project ...`` runs as one subprocess and is timed from
start to exit: interpreter start, worker start, model loading, the work and writing the token table.

Peak memory: ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` is the largest resident set of any one
waited-for descendant (the command or one of its pool workers, not their sum); the sampled peak adds the
resident sets of the whole process tree, read from ``/proc`` four times a second (their PSS once a
second: reading it is costly, and the reading would slow the command it measures).

When ``Rscript`` with tidytext, dplyr and readr is installed, the same texts are split into words and
counted with ``unnest_tokens`` + ``count`` in the same run, and the ratio is printed.

    .venv/bin/python bench/text_bench.py              # 500,000 documents
    .venv/bin/python bench/text_bench.py --docs 50000 --keep /tmp/bench
"""

from __future__ import annotations

import argparse
import csv
import glob
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
DAUYS = Path(sys.executable).parent / "dauys"
R_SCRIPT = r"""
suppressPackageStartupMessages({library(readr); library(dplyr); library(tidytext)})
args <- commandArgs(trailingOnly = TRUE)
t0 <- Sys.time()
texts <- read_csv(args[1], col_types = cols(id = col_integer(), text = col_character()))
t1 <- Sys.time()
counts <- texts %>% unnest_tokens(word, text) %>% count(word, sort = TRUE)
t2 <- Sys.time()
cat(sprintf("read %.2f s, unnest_tokens+count %.2f s, %d words, %d types\n",
            as.numeric(t1 - t0, units = "secs"), as.numeric(t2 - t1, units = "secs"),
            sum(counts$n), nrow(counts)))
"""


def source_texts() -> list[str]:
    """The distinct pool the corpus is sampled from: review texts, then treebank sentences, in file order."""
    texts: list[str] = []
    csv.field_size_limit(1 << 24)
    for path in sorted(glob.glob(str(SHARED / "kazsandra" / "*.csv"))):
        with open(path, encoding="utf-8", newline="") as fh:
            texts += [row["text"] for row in csv.DictReader(fh) if row["text"].strip()]
    for path in sorted(glob.glob(str(SHARED / "ud" / "*-dev.conllu"))):
        with open(path, encoding="utf-8") as fh:
            texts += [line[len("# text = ") :].rstrip("\n") for line in fh if line.startswith("# text = ")]
    return texts


def build_corpus(path: Path, docs: int, seed: int) -> tuple[int, int]:
    """Write ``id,text`` for ``docs`` sampled texts; returns (documents, whitespace words)."""
    pool = source_texts()
    picks = np.random.default_rng(seed).integers(0, len(pool), size=docs)
    words = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text"])
        for i, k in enumerate(picks.tolist()):
            text = pool[k]
            words += len(text.split())
            writer.writerow([i, text])
    return docs, words


def tree_rss(pid: int) -> dict[int, int]:
    """Resident bytes of ``pid`` and of each of its descendants (Linux /proc), by process id."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            rss[int(entry)] = int(fields[21]) * page
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    tree, stack = {}, [pid]
    while stack:
        p = stack.pop()
        tree[p] = rss.get(p, 0)
        stack += children.get(p, [])
    return tree


def tree_pss(pids: list[int]) -> int:
    """Proportional set size of ``pids`` (pages shared after fork counted once in total), bytes."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
    return total


_cpu_before = [0.0]
# Reading the memory of the process tree (PSS walks every page table) costs CPU on the same two cores as
# the command measured: sampled four times a second, the peaks are as good and the timing is not slowed.
SAMPLE_SECONDS = 0.25
PSS_EVERY = 4  # samples: PSS once a second


def timed(command: list[str]) -> tuple[float, int, int, subprocess.CompletedProcess]:
    """Run ``command``; (seconds, max RSS of one descendant, sampled peak RSS of the tree, completed).

    The sampled RSS peak counts pages that forked workers share with their parent once per process, so it
    overstates the memory in use; the PSS peak (printed) counts them once.
    """
    peak = [0, 0]
    per_process: dict[int, int] = {}
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        rounds = 0
        while not done.is_set():
            tree = tree_rss(process.pid)
            peak[0] = max(peak[0], sum(tree.values()))
            if rounds % PSS_EVERY == 0:  # PSS costs about 25 ms of CPU per reading of three big processes
                peak[1] = max(peak[1], tree_pss(list(tree)))
            rounds += 1
            for pid, rss in tree.items():
                per_process[pid] = max(per_process.get(pid, 0), rss)
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    if os.path.isdir("/proc"):
        sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - began
    done.set()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    child_max = usage.ru_maxrss * 1024  # kB on Linux
    cpu = usage.ru_utime + usage.ru_stime - _cpu_before[0]
    _cpu_before[0] += cpu
    print(f"  CPU time of the command and its workers: {cpu:.1f} s")
    if per_process:
        main_rss = per_process.pop(process.pid, 0)
        others = sorted(per_process.values(), reverse=True)[:4]
        print(f"  peak RSS by process: main {main_rss / 2**20:,.0f} MiB, workers "
              + ", ".join(f"{rss / 2**20:,.0f}" for rss in others) + " MiB; "
              f"peak PSS of the tree (shared pages counted once) {peak[1] / 2**20:,.0f} MiB")
    return seconds, child_max, peak[0], subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def tidytext_available() -> bool:
    if not shutil.which("Rscript"):
        return False
    check = subprocess.run(
        ["Rscript", "-e", "for (p in c('tidytext','dplyr','readr')) library(p, character.only = TRUE)"],
        capture_output=True,
    )
    return check.returncode == 0


def lemma_agreement() -> None:
    """Share of word tokens whose pipeline lemma equals :func:`lemmatize_sentence` over the whole sentence.

    The sentences are the ``# text =`` lines of the dev treebanks; both sides see the pipeline's tokens
    (normalised forms with their capitals), so only the pipeline's caching and context windows can differ.
    Tokens whose span language differs from the treebank's language are left out (counted separately).
    """
    from dauys.text.lemmatize import lemmatize_sentence
    from dauys.text.pipeline import cased_norm, token_table

    files = {"kk": ["kk_ktb-dev"], "ru": ["ru_gsd-ud-dev", "ru_taiga-ud-dev"], "en": ["en_ewt-ud-dev"]}
    for lang, names in files.items():
        texts = []
        for name in names:
            with open(SHARED / "ud" / f"{name}.conllu", encoding="utf-8") as fh:
                texts += [line[len("# text = ") :].rstrip("\n") for line in fh if line.startswith("# text = ")]
        rows = token_table(list(range(len(texts))), texts).tokens.to_pandas()
        same = other = agree = 0
        for _, group in rows.groupby(["doc_id", "sentence"], sort=False):
            inputs = [
                cased_norm(n, f) if k == "word" else f
                for f, n, k in zip(group.form, group.norm, group.kind, strict=True)
            ]
            expected = lemmatize_sentence(inputs, lang)
            for got, want, token_lang in zip(group.lemma, expected, group.lang, strict=True):
                if token_lang == lang:
                    same += 1
                    agree += got == want
                elif token_lang != "-":
                    other += 1
        print(f"lemma agreement {lang}: {agree / same:.4%} of {same:,} word tokens "
              f"({other:,} words identified as another language left out)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=500_000, help="documents in the corpus (default 500,000)")
    parser.add_argument("--seed", type=int, default=20260601)
    parser.add_argument("--workers", type=int, default=None, help="passed to dauys text process --workers")
    parser.add_argument("--keep", type=Path, default=None, help="build in this folder and keep it")
    parser.add_argument("--option", action="append", default=[], help="another dauys text process option")
    parser.add_argument("--agreement", action="store_true", help="only measure lemma agreement on the dev treebanks")
    args = parser.parse_args()
    if args.agreement:
        lemma_agreement()
        return
    if not SHARED.is_dir():
        sys.exit(f"needs the shared data at {SHARED}")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="dauys-text-bench-"))
    if args.keep and folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DAUYS_CONFIG_DIR", str(folder / "config"))
    try:
        corpus = folder / "corpus.csv"
        t0 = time.perf_counter()
        docs, words = build_corpus(corpus, args.docs, args.seed)
        print(f"corpus: {docs:,} documents, {words:,} whitespace words (seed {args.seed}), "
              f"built in {time.perf_counter() - t0:.1f} s")

        import dauys
        from dauys.ingest.table import import_table

        t0 = time.perf_counter()
        project = dauys.init_project(folder / "project")
        imported = import_table(project, corpus, corpus="bench", mapping={"text": "text", "external_id": "id"})
        print(f"imported {imported.imported:,} documents in {time.perf_counter() - t0:.1f} s (not timed below)")

        command = [str(DAUYS), "text", "process", "--project", str(project.path)]
        if args.workers:
            command += ["--workers", str(args.workers)]
        command += args.option
        seconds, child_max, tree_peak, done = timed(command)
        if done.returncode:
            sys.exit(f"dauys text process failed ({done.returncode}):\n{done.stderr[-3000:]}")
        print(done.stdout.strip())
        with project.store.read() as con:
            tokens = con.execute("SELECT coalesce(sum(tokens), 0) FROM token_documents").fetchone()[0]
            stored = con.execute("SELECT coalesce(sum(tokens), 0) FROM token_parts").fetchone()[0]
        size = sum(p.stat().st_size for p in (project.path / "tokens").glob("*.parquet"))
        print(f"dauys text process: {seconds:.2f} s, {docs / seconds:,.0f} docs/s, {tokens / seconds:,.0f} tokens/s, "
              f"{words / seconds:,.0f} words/s; {tokens:,} tokens ({stored:,} stored: identical texts once), "
              f"Parquet {size / 1e6:.1f} MB")
        print(f"peak RSS: largest single process {child_max / 2**20:,.0f} MiB; "
              f"process tree (sampled) {tree_peak / 2**20:,.0f} MiB")

        if tidytext_available():
            script = folder / "tidytext.R"
            script.write_text(R_SCRIPT, encoding="utf-8")
            r_seconds, _, r_peak, r_done = timed(["Rscript", str(script), str(corpus)])
            print(f"tidytext: {r_seconds:.2f} s (whole Rscript) — {r_done.stdout.strip()}; "
                  f"peak {r_peak / 2**20:,.0f} MiB")
            print(f"ratio dauys / tidytext: {seconds / r_seconds:.2f}")
        else:
            print("tidytext: not run (needs Rscript with r-cran-tidytext, r-cran-dplyr, r-cran-readr)")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
