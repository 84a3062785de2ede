"""Known Kazakh forms among the spellings of a word whose letters may stand for others.

Online Kazakh is often typed with Russian letters (``кушти`` for ``күшті``, ``калай`` for ``қалай``)
or in Latin script, where one letter stands for several Kazakh ones. Normalisation then asks which of
the many possible spellings of a word are real Kazakh forms. Trying them one by one (an ``ә`` or an
``а`` here, a ``қ`` or a ``к`` there) means analysing dozens of strings per word.

Instead, every Kazakh letter is *folded* to the representative of its class (:data:`FOLD`: ә as а, ө as
о, ұ and ү as у, і and и as ы, қ as к, ғ as г, ң as н, һ as х), so that all spellings of a word share one
folded string. :func:`spellings` analyses that string once with the suffix machine in folded letters
(:meth:`~dauys.text.lemma.kk.morphotactics.Grammar.folded_parses`), looks the folded stems up in an
index of the lexicon's stems (as they are written before suffixes: кітап and кітаб-, ерін and ерн-),
builds the real spellings those stems and suffixes allow, and keeps those whose parse the real machine
allows (:meth:`~dauys.text.lemma.kk.morphotactics.Grammar.parse_along`) with a stem the lexicons vouch
for — exactly the forms :func:`dauys.text.lemma.kk.is_known_form` accepts. The folded walk finds every
parse of every real spelling (it is looser than the real one), so nothing known is missed, and the check
of each parse keeps the answer exact.

>>> sorted(spellings(fold("калай")))
['қалай']
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache, lru_cache
from itertools import chain

from dauys.text.lemma.kk.analyzer import GRAMMAR
from dauys.text.lemma.kk.closed import CLOSED_WORDS, PLACE_NAMES, PRONOUN_STEMS
from dauys.text.lemma.kk.lexicon import load_lexicon
from dauys.text.lemma.kk.phonology import CONSONANTS

__all__ = ["FOLD", "fold", "spellings"]

FOLD = str.maketrans("әөұүіиқғңһё", "аоууыыкгнхе")
"""``str.translate`` table writing each Kazakh letter as the representative of its class."""

_STEM_TO_VOICED = {"п": "б", "к": "г", "қ": "ғ"}
_HIGH_VOWELS = frozenset("ыі")


def fold(word: str) -> str:
    """``word`` (lowercase) in folded letters: every spelling of it that differs only in ә/а, ө/о,
    ұ/ү/у, і/ы/и, қ/к, ғ/г, ң/н or һ/х gives the same string."""
    return word.translate(FOLD)


def _written_forms(stem: str) -> list[str]:
    """How a stem may be written before a suffix (the inverse of the analyser's stem restorations)."""
    forms = [stem]
    last = stem[-1]
    if last in _STEM_TO_VOICED:
        forms.append(stem[:-1] + _STEM_TO_VOICED[last])  # кітап -> кітабы
    if last == "ь":
        forms.append(stem[:-1])  # модель -> моделі
    if last == "п" and len(stem) >= 2 and stem[-2] in "ае":
        forms.append(stem[:-1] + "у")  # тап -> тауып
    if len(stem) >= 4 and stem[-2] in _HIGH_VOWELS and stem[-3] in CONSONANTS:
        dropped = stem[:-2] + last  # ерін -> ерні, халық -> халқы
        forms.append(dropped)
        if last in _STEM_TO_VOICED:
            forms.append(dropped[:-1] + _STEM_TO_VOICED[last])
    return forms


@cache
def _indexes() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(folded written stem -> written stems, folded whole word -> words known as they are)."""
    lexicon = load_lexicon()
    written = list(dict.fromkeys(
        form for stem in chain(lexicon.stems, lexicon.lemmas, PRONOUN_STEMS, PLACE_NAMES) if len(stem) >= 2
        for form in _written_forms(stem)
    ))
    words = list(dict.fromkeys(chain(lexicon.forms, CLOSED_WORDS, lexicon.stems)))
    return _grouped(written), _grouped(words)


def _grouped(words: list[str]) -> dict[str, tuple[str, ...]]:
    """Distinct ``words`` grouped by their folded spelling (folded in one pass over them all)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for folded, word in zip("\n".join(words).translate(FOLD).split("\n"), words, strict=True):
        groups[folded].append(word)
    return {folded: tuple(group) for folded, group in groups.items()}


@lru_cache(maxsize=1 << 16)
def spellings(folded: str) -> frozenset[str]:
    """Every known Kazakh form whose folded spelling is ``folded`` (see the module docstring).

    ``folded`` is a lowercase word after :func:`fold`. A form is known when
    :func:`dauys.text.lemma.kk.is_known_form` says so: a form of a stem the lexicons list, not a guess.
    """
    from dauys.text.lemma.kk import parse_is_known

    stems, whole = _indexes()
    found = set(whole.get(folded, ()))
    for parse in GRAMMAR.folded_parses(folded, FOLD, stems=stems):
        written_stems = stems[parse.stem]
        for suffix, steps in GRAMMAR.real_steps(parse):
            for stem in written_stems:
                candidate = stem[: parse.written] + suffix
                if candidate not in found:
                    real = GRAMMAR.parse_along(candidate, parse.kind, steps)
                    if real is not None and parse_is_known(real):
                        found.add(candidate)
    return frozenset(found)
