"""Ranked morphological analyses of one Kazakh word.

Every segmentation the suffix machine finds (:mod:`.morphotactics`) becomes a candidate. Its stem is
restored where the spelling changed it (кітаб-ы -> кітап, халқ-ы -> халық, моделі -> модель) and
looked up, and the candidate is described by a handful of features:

- what vouches for the stem: a lemma of the treebank's learning part with a fitting part of speech, a
  hunspell-kk stem of the right class (nominal, proper name, verb, infinitive), a pronoun, a place
  name, a known base plus a derivational suffix the treebank keeps in its lemmas (-лық, -сыз, -лы,
  causatives), or nothing (an unknown stem, described by its length);
- each suffix used (``m:DAT``, ``m:PAST``, ...), and each suffix again when the whole word is itself
  a listed word (``listed:ACC``: маңызды is more often the adjective than маңыз + accusative), and
  once when the whole word is listed as an inflected form of another stem (мұрны);
- each spelling restoration, whether the word is read whole, and whether a capitalised word is read
  as a verb or a possessive.

A candidate's score is the sum of its features' weights. The weights were learned on the learning
part of UD Kazakh-KTB (an averaged perceptron that prefers a candidate with the gold lemma, see
``tools/build_kk_lexicon.py``) and ship in ``data/weights.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, lru_cache

from dauys.text.lemma.kk.closed import CLOSED_WORDS, PLACE_NAMES, PRONOUN_STEMS
from dauys.text.lemma.kk.lexicon import DATA, NOMINAL_UPOS, VERBAL_UPOS, Lexicon, load_lexicon
from dauys.text.lemma.kk.morphotactics import NOMINAL, Grammar, Parse
from dauys.text.lemma.kk.phonology import (
    CONSONANTS,
    PLAIN_VOWELS,
    VOICED_TO_STEM,
    drops_vowel,
    harmony_of,
    has_vowel,
    high_vowel,
)

GRAMMAR = Grammar()

# Derivational suffixes the treebank keeps inside lemmas: a known base with one of them is a good
# guess for a stem the lexicons lack (бейбітшілік, некесіз, жетілдір).
_NOMINAL_DERIVATIONS = frozenset(
    {
        "шылық", "шілік", "лық", "лік", "дық", "дік", "тық", "тік", "шы", "ші", "сыз", "сіз", "лы", "лі", "ды",
        "ді", "ты", "ті", "паз", "қой", "қор", "гер", "кер", "хана", "дас", "дес", "тас", "тес", "лас", "лес",
        "ғыш", "гіш", "қыш", "кіш", "ым", "ім", "ыс", "іс", "ма", "ме", "ба", "бе", "па", "пе", "ғы", "гі", "қы",
        "кі", "ын", "ін", "ындық", "індік", "шақ", "шек", "ша", "ше", "стан", "ушы", "уші", "лау", "леу",
    }
)
_VERB_DERIVATIONS = frozenset(
    {
        "дыр", "дір", "тыр", "тір", "ғыз", "гіз", "қыз", "кіз", "ыт", "іт", "т", "ла", "ле", "да", "де", "та",
        "те", "лан", "лен", "дан", "ден", "тан", "тен", "лас", "лес", "дас", "дес", "тас", "тес", "ай", "ей", "ар",
        "ер", "сы", "сі", "ық", "ік", "ал", "ел", "ыр", "ір", "ландыр", "лендір", "дандыр", "дендір", "тандыр",
        "тендір",
    }
)
_DERIVATION_LENGTHS = (6, 5, 4, 3, 2, 1)
_ADJECTIVE_ENDINGS = ("лы", "лі", "ды", "ді", "ты", "ті", "сыз", "сіз", "гі", "кі", "ғы", "қы")
_FEMININE_SURNAME = ("ова", "ева", "ёва")
_LOANWORD_LETTERS = frozenset("вфцчщьъэё")


@dataclass(frozen=True, slots=True)
class Analysis:
    """One reading of a word: lemma, UD part of speech and features, and its morphemes in order.

    ``morphemes`` lists ``(surface, tag)`` pairs, the stem first (tag ``"STEM"``), then each suffix
    (``PL``, ``POSS.3``, ``LOC``, ``PASS``, ``NEG``, ``PAST``, ``1SG``, ...); a suffix with an empty
    surface marks a form without an ending (the bare imperative). ``score`` ranks the analyses of one
    word (higher is more plausible).
    """

    lemma: str
    upos: str
    feats: dict[str, str] = field(default_factory=dict)
    morphemes: tuple[tuple[str, str], ...] = ()
    score: float = 0.0


@cache
def load_weights() -> dict[str, float]:
    """The ranking weights learned on the treebank's learning part (feature name -> weight)."""
    return json.loads((DATA / "weights.json").read_text(encoding="utf-8"))


def parses_of(word: str, capitalised: bool) -> tuple[Parse, ...]:
    """The segmentations of a lowercase word; names and loanwords are let off vowel harmony."""
    loose = capitalised or not _LOANWORD_LETTERS.isdisjoint(word)
    return GRAMMAR.parses(word, loose)


def _known(stem: str, lexicon: Lexicon) -> bool:
    return stem in lexicon.stems or stem in lexicon.lemmas


def stem_variants(parse: Parse, capitalised: bool, lexicon: Lexicon) -> list[tuple[str, str]]:
    """The stem as written and its restored spellings, each with the name of its restoration.

    Restorations that lead to an unknown stem are left out (they could only tie with the stem as written).
    """
    stem = parse.stem
    variants = [(stem, "")]
    if capitalised and parse.kind == NOMINAL and stem.endswith(_FEMININE_SURNAME):
        variants.append((stem[:-1], "r:surname"))  # Сәтбаева -> Сәтбаев, as the treebank has it
    first = ""
    for surface, _ in parse.morphemes:
        if surface:
            first = surface
            break
    if not first or not (first[0] in PLAIN_VOWELS or first[0] in "уи"):
        return variants
    last = stem[-1]
    if last in VOICED_TO_STEM:
        variants.append((stem[:-1] + VOICED_TO_STEM[last], "r:voicing"))
    if len(stem) >= 3 and last in CONSONANTS and stem[-2] in CONSONANTS and stem[-2] not in "ьъй":
        # Vowel-dropping stems: ерін -> ерні, мұрын -> мұрны, халық -> халқы, қорық -> қорқады.
        restored = stem[:-1] + high_vowel(harmony_of(stem[:-1])) + VOICED_TO_STEM.get(last, last)
        if _known(restored, lexicon):
            variants.append((restored, "r:vowel" if drops_vowel(stem) else "r:vowel:rare"))
    if parse.kind != NOMINAL and stem.endswith(("ау", "еу")) and _known(stem[:-1] + "п", lexicon):
        variants.append((stem[:-1] + "п", "r:pu"))  # тап -> тауып, жап -> жауып
    if last in CONSONANTS and _known(stem + "ь", lexicon):
        variants.append((stem + "ь", "r:soft"))  # модель -> моделі
    return variants


def is_listed(stem: str, lexicon: Lexicon) -> bool:
    """Whether any lexicon lists ``stem`` (else :func:`stem_evidence` can only guess or derive it)."""
    return stem in lexicon.lemmas or stem in lexicon.stems or stem in PRONOUN_STEMS or stem in PLACE_NAMES


def _derived(stem: str, suffixes: frozenset[str], lexicon: Lexicon) -> bool:
    """Whether ``stem`` is a listed base plus one of ``suffixes``."""
    for size in _DERIVATION_LENGTHS:
        if len(stem) - size >= 2 and stem[-size:] in suffixes:
            base = stem[:-size]
            if _known(base, lexicon):
                return True
            if base[-1] in VOICED_TO_STEM and base[:-1] + VOICED_TO_STEM[base[-1]] in lexicon.stems:
                return True
    return False


def _unknown(kind: str, stem: str, capitalised: bool) -> str:
    if not has_vowel(stem):
        return f"unk:{kind}:novowel"
    return f"unk:{kind}:{'cap' if capitalised else 'low'}:{min(len(stem), 6)}"


def stem_evidence(stem: str, kind: str, capitalised: bool, lexicon: Lexicon) -> tuple[tuple[str, ...], str]:
    """Features saying what vouches for ``stem`` as a nominal or verbal stem, and the UPOS it suggests."""
    counts = lexicon.lemmas.get(stem)
    classes = lexicon.stems.get(stem, "")
    features: list[str] = []
    upos = "NOUN" if kind == NOMINAL else "VERB"
    if kind == NOMINAL:
        nominal = sorted((n, u) for u, n in counts.items() if u in NOMINAL_UPOS) if counts else []
        if nominal:
            features.append("lex:ud")
            upos = nominal[-1][1]
        if stem in PRONOUN_STEMS:
            features.append("lex:pron")
            upos = "PRON"
        if stem in PLACE_NAMES:
            features.append("lex:place")
            upos = "PROPN"
        if "x" in classes:
            features.append("lex:x")
        else:
            for c in classes:
                if c in "NBPI":
                    features.append("lex:" + c)
        if "P" in classes:
            upos = "PROPN"
        if "N" in classes and "V" in classes:
            features.append("lex:NV")
        if not features:
            if _derived(stem, _NOMINAL_DERIVATIONS, lexicon):
                features.append("lex:derived")
            features.append(_unknown("n", stem, capitalised))
            if capitalised:
                upos = "PROPN"
    else:
        if counts and any(u in VERBAL_UPOS for u in counts):
            features.append("lex:ud_verb")
        for c in classes:
            if c in "Vv":
                features.append("lex:" + c)
        if not features:
            if _derived(stem, _VERB_DERIVATIONS, lexicon):
                features.append("lex:derived_verb")
            features.append(_unknown("v", stem, capitalised))
    return tuple(features), upos


def chain_features(parse: Parse, capitalised: bool, listed: str) -> tuple[str, ...]:
    """Features of a parse's suffix chain; ``listed`` is the :func:`word_status` of the whole word."""
    features = []
    suffixes = 0
    for surface, morpheme in parse.morphemes:
        if surface:
            suffixes += 1
            features.append("m:" + morpheme.tag)
            if listed == LISTED:
                features.append("listed:" + morpheme.tag)
        else:
            features.append("z:" + morpheme.tag)
    if suffixes == 0:
        features.append("whole")
    elif listed == INFLECTED:
        features.append("split:inflected")
    if capitalised:
        features.append("cap:" + parse.kind)
        if any(m.tag.startswith("POSS") for _, m in parse.morphemes):
            features.append("cap:poss")
    return tuple(features)


def _extra_features(parse: Parse, stem: str, restoration: str, evidence: tuple[str, ...]) -> tuple[str, ...]:
    """Features tying the stem to the chain: the restoration, a short stem cut off a longer word, and a
    listed adjective-like word kept whole."""
    if restoration:
        return (restoration,)
    if len(stem) <= 3 and any(surface for surface, _ in parse.morphemes):
        return (f"short:{len(stem)}",)
    if (
        parse.kind == NOMINAL
        and stem.endswith(_ADJECTIVE_ENDINGS)
        and not any(surface for surface, _ in parse.morphemes)
        and not evidence[0].startswith("unk:")
    ):
        return ("whole:adjlike",)
    return ()


LISTED = "listed"
INFLECTED = "inflected"


def word_status(word: str, lexicon: Lexicon) -> str:
    """How the lexicons list a whole word: ``"listed"`` as a nominal (hunspell or treebank lemma; then
    segmenting it needs more), ``"inflected"`` as an inflected form of another stem (мұрны), or ``""``."""
    if word in lexicon.lemmas:
        return LISTED
    classes = lexicon.stems.get(word, "")
    if "x" in classes:
        return INFLECTED
    if "N" in classes or "B" in classes or "P" in classes:
        return LISTED
    return ""


def candidate_features(parse: Parse, stem: str, restoration: str, capitalised: bool, lexicon: Lexicon,
                       listed: str) -> tuple[tuple[str, ...], str]:
    """All features of one candidate (a parse with one spelling of its stem) and its UPOS."""
    evidence, upos = stem_evidence(stem, parse.kind, capitalised, lexicon)
    chain = chain_features(parse, capitalised, listed)
    return evidence + chain + _extra_features(parse, stem, restoration, evidence), upos


_CACHE_LIMIT = 1 << 19


class _Scorer:
    """Scores candidates with the shipped weights, caching the parts that recur across words.

    The caches are emptied when they reach ``_CACHE_LIMIT`` entries, so that a corpus of millions of
    word types does not grow them without bound.
    """

    def __init__(self, lexicon: Lexicon, weights: dict[str, float]) -> None:
        self.lexicon = lexicon
        self.weights = weights
        self._evidence: dict[tuple, tuple[float, str, tuple[str, ...]]] = {}  # of listed stems
        self._chains: dict[tuple, float] = {}
        self._unknowns: dict[tuple, tuple[float, str, tuple[str, ...]]] = {}

    def _unknown_evidence(self, stem: str, kind: str, capitalised: bool) -> tuple[float, str, tuple[str, ...]]:
        """The evidence of a stem no lexicon lists (most candidates), which depends only on its kind, case,
        length, vowels and whether it is a listed base plus a derivation."""
        lexicon = self.lexicon
        derived = _derived(stem, _NOMINAL_DERIVATIONS if kind == NOMINAL else _VERB_DERIVATIONS, lexicon)
        key = (kind, capitalised, derived, min(len(stem), 6) if has_vowel(stem) else 0)
        found = self._unknowns.get(key)
        if found is None:
            names, upos = stem_evidence(stem, kind, capitalised, lexicon)
            found = self._unknowns[key] = (self._sum(names), upos, names)
        return found

    def _sum(self, features: tuple[str, ...]) -> float:
        weights = self.weights
        return sum(weights.get(name, 0.0) for name in features)

    def candidates(self, word: str, capitalised: bool) -> list[tuple[float, str, str, Parse]]:
        """(score, lemma, UPOS, parse) for every candidate of a lowercase word, in parse order."""
        lexicon = self.lexicon
        listed = word_status(word, lexicon)
        if len(self._evidence) > _CACHE_LIMIT or len(self._chains) > _CACHE_LIMIT:
            self._evidence.clear()
            self._chains.clear()
        out = []
        chains, listed_evidence = self._chains, self._evidence
        for parse in parses_of(word, capitalised):
            kind = parse.kind
            chain_key = (parse.morphemes, kind, capitalised, listed)
            chain = chains.get(chain_key)
            if chain is None:
                chain = chains[chain_key] = self._sum(chain_features(parse, capitalised, listed))
            for stem, restoration in stem_variants(parse, capitalised, lexicon):
                if not is_listed(stem, lexicon):
                    evidence = self._unknown_evidence(stem, kind, capitalised)
                else:
                    evidence_key = (stem, kind, capitalised)
                    evidence = listed_evidence.get(evidence_key)
                    if evidence is None:
                        names, upos = stem_evidence(stem, kind, capitalised, lexicon)
                        evidence = listed_evidence[evidence_key] = (self._sum(names), upos, names)
                score = evidence[0] + chain
                if restoration or len(stem) <= 3 or stem.endswith(_ADJECTIVE_ENDINGS):
                    score += self._sum(_extra_features(parse, stem, restoration, evidence[2]))
                out.append((score, stem, evidence[1], parse))
        return out


@cache
def _scorer() -> _Scorer:
    return _Scorer(load_lexicon(), load_weights())


@lru_cache(maxsize=1 << 18)
def best_candidate(word: str, capitalised: bool = False) -> tuple[float, str, str] | None:
    """(score, lemma, UPOS) of the best-scored parse of a lowercase word, None when nothing parses.

    Ties go to the analysis with fewer morphemes (the first one found). Closed-class words are not
    looked up here (see :func:`best_lemma`).
    """
    best: tuple[float, str, str] | None = None
    for score, stem, upos, _ in _scorer().candidates(word, capitalised):
        if best is None or score > best[0]:
            best = (score, stem, upos)
    return best


def best_lemma(word: str, capitalised: bool = False) -> tuple[str, str]:
    """(lemma, UPOS) of the best analysis of a lowercase word; the word itself when nothing parses."""
    closed = CLOSED_WORDS.get(word)
    if closed is not None:
        return closed
    best = best_candidate(word, capitalised)
    if best is None:
        return word, "X"
    return best[1], best[2]


def _feats(parse: Parse) -> dict[str, str]:
    feats: dict[str, str] = {}
    for _, morpheme in parse.morphemes:
        feats.update(morpheme.feats)
    if parse.kind == NOMINAL and "Case" not in feats:
        feats["Case"] = "Nom"
    return dict(sorted(feats.items()))


@lru_cache(maxsize=1 << 14)
def analyze_word(word: str, capitalised: bool = False) -> tuple[Analysis, ...]:
    """Ranked analyses of a lowercase word (``capitalised``: it was written with a capital letter)."""
    found: list[Analysis] = []
    closed = CLOSED_WORDS.get(word)
    if closed is not None:
        found.append(Analysis(closed[0], closed[1], {}, ((word, "STEM"),), 100.0))
    candidates = _scorer().candidates(word, capitalised)
    order = sorted(range(len(candidates)), key=lambda i: (-candidates[i][0], i))
    seen = set()
    for i in order:
        score, stem, upos, parse = candidates[i]
        tags = tuple((surface, m.tag) for surface, m in parse.morphemes)
        key = (stem, upos, tags)
        if key in seen:
            continue
        seen.add(key)
        found.append(Analysis(stem, upos, _feats(parse), ((parse.stem, "STEM"),) + tags, round(score, 3)))
    return tuple(found)
