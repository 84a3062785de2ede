"""Kazakh lemma accuracy on UD Kazakh-KTB dev, analyser speed and lexicon load time.

Accuracy follows the project's evaluation rules: content words only (gold UPOS not PUNCT, NUM, SYM or
X), syntactic words only (multiword-token lines and empty nodes skipped), lemmas compared
case-insensitively with ё = е. It is reported on the learning part of the dev file, on the documents
held out from everything shipped (``UD_HELD_OUT_DOCUMENTS``: the figure that tells how the analyser
generalises) and on the whole file.

Speed is measured cold (caches cleared, CPU time) on the distinct word types of the dev file and, when the
KazSAnDRA development data is present, on the distinct Cyrillic word types of its validation reviews
(evaluation use only; nothing from it is shipped).

    .venv/bin/python bench/eval_kk_lemmas.py
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
DEV = SHARED / "ud" / "kk_ktb-dev.conllu"
REVIEWS = SHARED / "kazsandra" / "04_pc_valid.csv"
SKIPPED_UPOS = {"PUNCT", "NUM", "SYM", "X"}

sys.path.insert(0, str(ROOT))


def read_conllu(path: Path) -> list[tuple[str, list[list[str]]]]:
    """(sent_id, syntactic words) per sentence."""
    sentences = []
    sent_id = ""
    words: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# sent_id"):
            sent_id = line.split("=", 1)[1].strip()
        elif not line.strip():
            if words:
                sentences.append((sent_id, words))
            words = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "-" not in cols[0] and "." not in cols[0]:
                words.append(cols)
    if words:
        sentences.append((sent_id, words))
    return sentences


def _same(a: str, b: str) -> bool:
    return a.lower().replace("ё", "е") == b.lower().replace("ё", "е")


def accuracy(sentences: list[tuple[str, list[list[str]]]]) -> tuple[float, int, Counter]:
    """(lemma accuracy on content words, number of content words, errors by (form, gold, ours))."""
    from dauys.text.lemma.kk import lemmatize

    right = total = 0
    errors: Counter = Counter()
    for _, words in sentences:
        lemmas = lemmatize([cols[1] for cols in words])
        for cols, lemma in zip(words, lemmas, strict=True):
            if cols[3] in SKIPPED_UPOS:
                continue
            total += 1
            if _same(lemma, cols[2]):
                right += 1
            else:
                errors[(cols[1], cols[2], cols[3], lemma)] += 1
    return right / max(total, 1), total, errors


def load_seconds() -> float:
    """Time to import the analyser (its grammar compiled) and load its lexicons and weights, in a fresh
    interpreter; the import of the ``dauys`` package itself (pandas and the rest) is not counted."""
    code = (
        "import time, dauys.text.lemma; t = time.perf_counter();"
        "from dauys.text.lemma.kk import analyzer; analyzer._scorer(); print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(out.stdout.strip())


def types_per_second(types: list[str]) -> float:
    """Distinct word types analysed per second of CPU time by the lemma path, caches cleared first.

    CPU time, not wall time, so that other work on a shared machine does not blur the figure.
    """
    from dauys.text.lemma.kk import analyzer

    analyzer.best_candidate.cache_clear()
    analyzer._scorer.cache_clear()
    analyzer._scorer()
    start = time.process_time()
    for word in types:
        analyzer.best_lemma(word, False)
    return len(types) / (time.process_time() - start)


def review_types() -> list[str]:
    """Distinct lowercase Cyrillic word types of the KazSAnDRA validation reviews ([] when absent)."""
    if not REVIEWS.exists():
        return []
    from dauys.text.tokenize import word_tokens

    cyrillic = re.compile(r"[а-яәіңғүұқөһ]")
    found: set[str] = set()
    with REVIEWS.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found.update(w for w in word_tokens(row["text"]) if cyrillic.search(w))
    return sorted(found)


def main() -> int:
    if not DEV.exists():
        print(f"{DEV} is not here: the shared dev data is needed for this benchmark")
        return 1
    from dauys.text.lemma.kk import UD_HELD_OUT_DOCUMENTS

    sentences = read_conllu(DEV)
    held = [s for s in sentences if s[0].split(":", 1)[0] in UD_HELD_OUT_DOCUMENTS]
    learning = [s for s in sentences if s[0].split(":", 1)[0] not in UD_HELD_OUT_DOCUMENTS]
    print("Kazakh lemma accuracy on kk_ktb-dev.conllu (content words)")
    for name, part in (("learning part", learning), ("held-out part", held), ("whole file", sentences)):
        score, total, _ = accuracy(part)
        print(f"  {name:14} {score:.4f}  ({total} words, {len(part)} sentences)")
    _, _, errors = accuracy(held)
    print("Most frequent errors on the held-out part (form, gold, UPOS, ours):")
    for (form, gold, upos, ours), n in errors.most_common(15):
        print(f"  {n:2}  {form} -> {ours}  (gold {gold}, {upos})")

    print(f"Load time (import of the analyser + lexicons + weights): {load_seconds():.3f} s")
    dev_types = sorted({cols[1].lower() for _, words in sentences for cols in words})
    print(f"Speed, dev word types ({len(dev_types)}), cold: {types_per_second(dev_types):,.0f} types/s")
    reviews = review_types()
    if reviews:
        print(f"Speed, KazSAnDRA review types ({len(reviews)}), cold: {types_per_second(reviews):,.0f} types/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
