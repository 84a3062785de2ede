"""Build ``dauys/text/lemma/data_ru/context.json``: class bigram counts for the Russian lemmatiser.

Usage: ``python tools/build_ru_lemmas.py [SHARED_DATA_DIR]`` (default ``../shared/data``).

Counts, over the learning half (half A, see ``bench/eval_lemmas_api.py``) of the UD Russian GSD and Taiga
dev files, how often one coarse word class follows another; the classes are those of
``dauys.text.lemma.ru`` (part of speech, case for nominals, the frequent prepositions by name). Half B is
never read, so the figures the benchmark prints for it are held out. The counts are data derived from
UD (CC BY-SA 4.0); the file carries that attribution.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.eval_lemmas_api import half_of, read_conllu  # noqa: E402
from dauys.text.lemma.ru import PREPOSITION_CLASSES  # noqa: E402

LEXICAL_MIN_COUNT = 2
"""A form's lemma counts are kept when the form is ambiguous in lemma and seen this often in half A."""
LEXICAL_WEIGHT = 2.0
"""How many observations pymorphy3's prior is worth against the counted lemmas."""
SOURCES = ("ud/ru_gsd-ud-dev.conllu", "ud/ru_taiga-ud-dev.conllu")
_UD_CASES = {"Nom": "nom", "Voc": "nom", "Gen": "gen", "Par": "gen", "Dat": "dat", "Acc": "acc", "Ins": "ins",
             "Loc": "loc"}
_COORDINATING = {"и", "а", "но", "или", "да", "либо", "ни", "зато", "однако"}
_VARIANTS = {"во": "в", "со": "с", "ко": "к", "об": "о", "обо": "о", "изо": "из", "ото": "от", "подо": "под",
             "надо": "над", "передо": "перед"}


def _norm(word: str) -> str:
    return word.lower().replace("ё", "е")


def ud_class(upos: str, feats: str, form: str, lemma: str) -> str:
    """The lemmatiser's coarse class of one gold UD word."""
    f = dict(item.split("=", 1) for item in feats.split("|") if "=" in item)
    case = _UD_CASES.get(f.get("Case", ""), "")
    if upos in ("NOUN", "PROPN"):
        return "N." + case
    if upos == "ADJ":
        if f.get("Degree") == "Cmp":
            return "Acmp"
        return "As" if f.get("Variant") == "Short" else "A." + case
    if upos == "DET":
        return "Dposs" if lemma.lower().replace("ё", "е") in ("его", "ее", "их") else "D." + case
    if upos == "PRON":
        return "P." + case
    if upos in ("VERB", "AUX"):
        form_ = f.get("VerbForm", "Fin")
        if form_ == "Inf":
            return "Vinf"
        if form_ == "Conv":
            return "Vconv"
        if form_ == "Part":
            return "Vparts" if f.get("Variant") == "Short" else "Vpart." + case
        return "Vfin"
    if upos == "ADV":
        return "ADVc" if f.get("Degree") == "Cmp" else "ADV"
    if upos == "ADP":
        base = _VARIANTS.get(form.lower(), form.lower())
        return "ADP." + base if base in PREPOSITION_CLASSES else "ADP"
    if upos in ("CCONJ", "SCONJ"):
        return "CCONJ" if form.lower() in _COORDINATING else "SCONJ"
    if upos == "NUM":
        return "Num"
    if upos in ("PART", "INTJ", "PUNCT"):
        return upos
    return "X"


def main(shared: Path) -> None:
    from dauys.text.lemma.ru import lemma_candidates

    bigrams: dict[str, dict[str, int]] = {}
    lexical: dict[str, dict[str, int]] = {}
    sentences_used = 0
    for source in SOURCES:
        sentences = read_conllu(shared / source)
        for (_, _, rows), half in zip(sentences, half_of(sentences), strict=True):
            if half != "A":
                continue
            sentences_used += 1
            classes = ["BOUNDARY"] + [ud_class(r[3], r[5], r[1], r[2]) for r in rows] + ["BOUNDARY"]
            for a, b in zip(classes, classes[1:], strict=False):
                row = bigrams.setdefault(a, {})
                row[b] = row.get(b, 0) + 1
            for r in rows:
                form, gold = _norm(r[1]), _norm(r[2])
                lemmas = {_norm(lemma) for lemma, _, _ in lemma_candidates(form)}
                if len(lemmas) > 1 and gold in lemmas:
                    row = lexical.setdefault(form, {})
                    row[gold] = row.get(gold, 0) + 1
    out = ROOT / "dauys" / "text" / "lemma" / "data_ru" / "context.json"
    data = {
        "about": "Class bigram counts over the learning half (A) of the UD Russian GSD and Taiga dev files "
        f"({sentences_used} sentences). Derived from Universal Dependencies (UD_Russian-GSD, UD_Russian-Taiga), "
        "CC BY-SA 4.0. Built by tools/build_ru_lemmas.py.",
        "smoothing": 0.1,
        "context_weight": 1.0,
        "bigrams": {a: dict(sorted(row.items())) for a, row in sorted(bigrams.items())},
        "lexical_weight": LEXICAL_WEIGHT,
        "lexical": {
            form: dict(sorted(row.items()))
            for form, row in sorted(lexical.items())
            if sum(row.values()) >= LEXICAL_MIN_COUNT
        },
    }
    out.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {out} ({sentences_used} sentences, {len(bigrams)} classes)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data")
