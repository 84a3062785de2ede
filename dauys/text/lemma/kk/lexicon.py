"""The Kazakh lexicons the analyser ships with, loaded once on first use.

- ``data/stems.txt``: about 60,000 stems derived from hunspell-kk (MPL-1.1), each with its classes
  (nominal, proper name, verb stem, infinitive in -у); see ``tools/build_kk_lexicon.py``.
- ``data/ud.txt``: the word forms of the learning part of UD Kazakh-KTB (CC BY-SA 4.0) with their gold
  lemma and UPOS. The documents in :data:`UD_HELD_OUT_DOCUMENTS` are left out of it, so that the
  analyser can be measured on text it has not seen.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

UD_HELD_OUT_DOCUMENTS = frozenset(
    {
        "story.tagged.txt",
        "udhr.tagged.txt",
        "Шымкент.tagged.txt",
        "wikipedia-news.tagged.txt",
        "Радиан.tagged.txt",
        "Махамбет_Өтемісұлы.tagged.txt",
    }
)
"""Source documents of kk_ktb-dev.conllu (the part of a sent_id before the first ':') that nothing
shipped was learned from; the evaluation reports accuracy on them separately."""

NOMINAL_UPOS = frozenset({"NOUN", "PROPN", "ADJ", "PRON", "DET", "ADV", "NUM", "ADP", "CCONJ", "SCONJ", "PART",
                          "INTJ"})
VERBAL_UPOS = frozenset({"VERB", "AUX"})
# Lemmas of these classes say nothing about stems (the treebank splits clitics such as -ақ, -ді, -кі).
_FUNCTION_UPOS = frozenset({"ADP", "CCONJ", "SCONJ", "PART"})


@dataclass(frozen=True, slots=True)
class UdForm:
    """A word form seen in the treebank's learning part: its most frequent gold lemma and UPOS."""

    lemma: str
    upos: str
    count: int


@dataclass(slots=True)
class Lexicon:
    """Stems with their classes, treebank forms, and treebank lemmas with the UPOS they had."""

    stems: dict[str, str] = field(default_factory=dict)
    forms: dict[str, UdForm] = field(default_factory=dict)
    lemmas: dict[str, Counter] = field(default_factory=dict)
    lemma_spelling: dict[str, str] = field(default_factory=dict)

    def stem_classes(self, stem: str) -> str:
        """The hunspell-derived classes of ``stem`` ('' when unknown)."""
        return self.stems.get(stem, "")


def add_treebank_forms(lexicon: Lexicon, rows: list[tuple[str, str, str, int]]) -> None:
    """Add treebank word forms ``(form, lemma, UPOS, count)`` and their lemmas to ``lexicon``."""
    for form, lemma, upos, count in rows:
        lexicon.forms[form] = UdForm(lemma, upos, count)
        key = lemma.lower()
        if len(key) < 2 or upos in _FUNCTION_UPOS:
            continue
        lexicon.lemmas.setdefault(key, Counter())[upos] += count
        if upos == "PROPN":
            lexicon.lemma_spelling[key] = lemma


def _data_lines(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]


@cache
def load_lexicon() -> Lexicon:
    """The shipped lexicons (loaded once per process; about 0.1 s)."""
    lexicon = Lexicon()
    lexicon.stems = dict(_data_lines(DATA / "stems.txt"))
    add_treebank_forms(lexicon, [(f, lemma, upos, int(n)) for f, lemma, upos, n in _data_lines(DATA / "ud.txt")])
    return lexicon
