"""Lemma accuracy and speed of the Python API (``dauys.text.lemma.ru`` / ``.en``) on a UD CoNLL-U file.

Usage: ``python bench/eval_lemmas_api.py LANG FILE.conllu`` (LANG: ru or en).

Prints the accuracy on content words (gold UPOS not PUNCT, NUM, SYM or X; syntactic words; lemmas compared
case-insensitively with ё = е, as ``shared/tools/eval_lemmas.py`` does) for the whole file and for its two
halves: half A is what ``tools/build_ru_lemmas.py`` may learn from, half B is held out. Then the speed:
the analyser's load time, distinct word types per second on a cold cache, and tokens per second.

The halves are split by document so that no document is in both: UD Russian GSD (``dev-sN``) by sentence
number (first half A); UD Russian Taiga by source (each encyclopaedia article and story alternately, the
Instagram and poetry collections by sentence number); UD English EWT by ``newdoc`` alternately.
"""

from __future__ import annotations

import re
import sys
import time
from importlib import import_module
from pathlib import Path

EXCLUDED = ("PUNCT", "NUM", "SYM", "X")


def read_conllu(path: str | Path) -> list[tuple[str, str, list[list[str]]]]:
    """Sentences as (sent_id, document id, syntactic-word rows of 10 columns); multiword lines are skipped."""
    sentences = []
    rows: list[list[str]] = []
    sent_id = doc = ""
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc"):
            doc = line.split("=", 1)[1].strip() if "=" in line else f"doc{len(sentences)}"
        elif line.startswith("# sent_id"):
            sent_id = line.split("=", 1)[1].strip()
        elif line.startswith("#"):
            continue
        elif not line.strip():
            if rows:
                sentences.append((sent_id, doc, rows))
                rows = []
        else:
            cols = line.split("\t")
            if "-" not in cols[0] and "." not in cols[0]:
                rows.append(cols)
    if rows:
        sentences.append((sent_id, doc, rows))
    return sentences


def half_of(sentences: list[tuple[str, str, list[list[str]]]]) -> list[str]:
    """``"A"`` or ``"B"`` for each sentence, keeping each document within one half (see the module doc)."""
    ids = [sent_id for sent_id, _, _ in sentences]
    if all(re.fullmatch(r"dev-s\d+", i) for i in ids):
        cut = len(ids) // 2
        return ["A" if n < cut else "B" for n in range(len(ids))]
    if any(i.startswith(("instagram", "poetry")) for i in ids):
        groups = [re.sub(r"-\d+[a-z]?$", "", i) for i in ids]
        halves = []
        order: list[str] = []
        for group in groups:
            if group not in order:
                order.append(group)
        numbered = {}
        for group in ("instagram", "poetry-rnc-abstract"):
            members = [i for i, g in zip(ids, groups, strict=True) if g == group]
            numbers = sorted(int(re.search(r"(\d+)[a-z]?$", i).group(1)) for i in members)
            numbered[group] = numbers[len(numbers) // 2] if numbers else 0
        named = [g for g in order if g not in numbered]
        for sent_id, group in zip(ids, groups, strict=True):
            if group in numbered:
                halves.append("A" if int(re.search(r"(\d+)[a-z]?$", sent_id).group(1)) < numbered[group] else "B")
            else:
                halves.append("A" if named.index(group) % 2 == 0 else "B")
        return halves
    docs: list[str] = []
    for _, doc, _ in sentences:
        if not docs or docs[-1] != doc:
            docs.append(doc)
    index = {doc: n for n, doc in enumerate(docs)}
    return ["A" if index[doc] % 2 == 0 else "B" for _, doc, _ in sentences]


def _norm(lemma: str) -> str:
    return lemma.lower().replace("ё", "е")


def main(lang: str, path: str) -> None:
    sentences = read_conllu(path)
    halves = half_of(sentences)
    start = time.perf_counter()
    module = import_module(f"dauys.text.lemma.{lang}")
    module.lemmatize(["и"] if lang == "ru" else ["the"])
    load = time.perf_counter() - start

    types = sorted({row[1] for _, _, rows in sentences for row in rows})
    start = time.perf_counter()
    for word in types:
        module.lemmatize([word])
    types_time = time.perf_counter() - start

    tokens = 0
    hits = {"A": [0, 0], "B": [0, 0]}
    errors: dict[tuple[str, str, str, str], int] = {}
    start = time.perf_counter()
    predictions = [module.lemmatize([row[1] for row in rows]) for _, _, rows in sentences]
    tokens_time = time.perf_counter() - start
    for (_, _, rows), half, predicted in zip(sentences, halves, predictions, strict=True):
        tokens += len(rows)
        for row, lemma in zip(rows, predicted, strict=True):
            if row[3] in EXCLUDED:
                continue
            ok = _norm(lemma) == _norm(row[2])
            hits[half][0] += ok
            hits[half][1] += 1
            if not ok and half == "A":
                key = (row[1].lower(), row[2].lower(), lemma.lower(), row[3])
                errors[key] = errors.get(key, 0) + 1
    whole = [hits["A"][0] + hits["B"][0], hits["A"][1] + hits["B"][1]]
    print(f"file: {path}")
    for name, (ok, n) in (("whole", whole), ("half A (learning)", hits["A"]), ("half B (held out)", hits["B"])):
        print(f"{name:>18}: {ok / n:.4f}  ({ok}/{n} content words)")
    print(f"load (import + first call): {load:.3f} s")
    print(f"cold: {len(types) / types_time:,.0f} distinct types/s ({len(types)} types)")
    print(f"warm: {tokens / tokens_time:,.0f} tokens/s in sentences ({tokens} tokens)")
    if "-v" in sys.argv:
        for (form, gold, got, upos), n in sorted(errors.items(), key=lambda item: -item[1])[:80]:
            print(f"  {n:3d} {form} gold={gold} got={got} {upos}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    if len(args) != 2 or args[0] not in ("ru", "en"):
        sys.exit("usage: python bench/eval_lemmas_api.py ru|en FILE.conllu [-v]")
    main(*args)
