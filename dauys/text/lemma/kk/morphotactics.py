"""Kazakh inflection as a finite-state machine, read from the right.

The grammar is written left to right, as a Kazakh grammar states it, and parsed right to left: a word
is peeled suffix by suffix until what remains could be a stem of the right kind.

Nominal words (nouns, adjectives, proper nouns, and verbs made nominal by a participle or the verbal
noun): stem + (comparative -рақ) + plural + possessive + case (or the equative -ша, the attributive
-дағы/-ғы, the similative -дай) + predicative person (-мын, -сың, ...). Verbs: stem + voice
(reciprocal, reflexive, passive) + negation + one of tense (past -ды, present -а/-й, aorist -ар,
intention -мақ), converb (-ып, -а/-й, -ғалы), participle (-ған, -атын, negative -мас), verbal noun
(-у), agent noun (-ушы), conditional (-са), imperative or optative, desiderative (-ғы + possessive)
+ person.

Each suffix is listed with its allomorphs: the vowel follows harmony (``А`` is а/е, ``Ы`` is ы/і,
``Ғ`` is ғ/г, ``Қ`` is қ/к in the templates below) and the first consonant follows the last letter of
what it attaches to (``лар`` after vowels, ``дар`` after л, м, н, ж, з, ``тар`` after voiceless
consonants). Where the written form merges a stem vowel with a suffix (оқы + йды = оқиды, оқы + у =
оқу, сүй + у = сүю) the allomorph carries what to give back to the stem.

The causative (-дыр, -ғыз, -т), the adjectival -лы/-сыз and the nouns in -лық/-шы stay in the stem:
the Kazakh UD treebank keeps them in the lemma.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import product
from typing import NamedTuple

from dauys.text.lemma.kk.phonology import (
    AFTER_CONSONANT,
    AFTER_SONORANT,
    AFTER_VOICED,
    AFTER_VOICELESS,
    AFTER_VOWEL,
    BACK,
    BOTH,
    FRONT,
    GLIDES,
    NASALS,
    SIBILANT_VOICED,
    harmony_of,
    high_vowel,
)

NOMINAL = "N"
VERBAL = "V"
_NOUN_STEM = "N"
_VERB_STEM = "V"
_FINAL_STATES = ("N_END", "V_END")
MAX_MORPHEMES = 9


@dataclass(frozen=True, slots=True, eq=False)
class Morpheme:
    """One inflectional suffix: a short tag (its weight in the ranking is learned) and its UD features."""

    tag: str
    feats: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class _Arc:
    """One allomorph of a morpheme on a transition, seen from the right."""

    source: str
    morpheme: Morpheme | None
    harmony: str
    after: frozenset[str] | None
    restore: str


class FoldedParse(NamedTuple):
    """A segmentation of a word in folded letters (:meth:`Grammar.folded_parses`).

    ``stem`` is the folded stem as restored, of which the first ``written`` letters are written in the
    word; ``steps`` are, left to right, the unwritten suffixes of the zero chains as ``("", morpheme)``
    and the written ones as ``(alternatives, written)``: the arcs whose real surfaces fold alike (the back
    and front allomorphs of one suffix, ды and ді) as ``(real surface, morpheme, arc)``, and how many of
    the surface's letters are written in the word (the rest fall on letters the machine restored).
    :meth:`Grammar.real_steps` lists the real chains of a folded parse.
    """

    stem: str
    written: int
    kind: str
    steps: tuple


class Parse(NamedTuple):
    """A segmentation: the stem (as restored), its kind (N or V) and the morphemes with their surfaces."""

    stem: str
    kind: str
    morphemes: tuple[tuple[str, Morpheme], ...]


# Made in the walks by the thousand: tuple.__new__ called from C, without namedtuple's Python-level constructor.
_new_parse = partial(tuple.__new__, Parse)
_new_folded_parse = partial(tuple.__new__, FoldedParse)

_HARMONY_LETTERS = {"А": ("а", "е"), "Ы": ("ы", "і"), "Ғ": ("ғ", "г"), "Қ": ("қ", "к")}


def _expand(template: str) -> list[tuple[str, str]]:
    """A template's back and front spellings with their harmony (one spelling when it has no harmony)."""
    if not any(ch in _HARMONY_LETTERS for ch in template):
        return [(template, BOTH)]
    back = "".join(_HARMONY_LETTERS[ch][0] if ch in _HARMONY_LETTERS else ch for ch in template)
    front = "".join(_HARMONY_LETTERS[ch][1] if ch in _HARMONY_LETTERS else ch for ch in template)
    return [(back, BACK), (front, FRONT)]


_VOICED_ALL = AFTER_VOWEL | AFTER_VOICED
_NOT_L = AFTER_CONSONANT - frozenset("л")

# Shapes of the suffix-initial consonant, as (template prefix class, letters allowed before it).
_PLURAL = (("лАр", AFTER_VOWEL | GLIDES | frozenset("р")), ("дАр", frozenset("л") | NASALS | SIBILANT_VOICED),
           ("тАр", AFTER_VOICELESS))
_NEGATION_CLASS = {"м": AFTER_VOWEL | GLIDES | frozenset("лр"), "б": NASALS | SIBILANT_VOICED, "п": AFTER_VOICELESS}
_D_CLASS = {"д": _VOICED_ALL, "т": AFTER_VOICELESS}
_G_CLASS = {"Ғ": _VOICED_ALL, "Қ": AFTER_VOICELESS}


def _allomorphs(pairs: list[tuple[str, frozenset[str] | None]] | tuple, restore: str = "") -> list[tuple]:
    out = []
    for template, after in pairs:
        for surface, harmony in _expand(template):
            out.append((surface, harmony, after, restore))
    return out


def _by_class(body: str, classes: dict[str, frozenset[str]]) -> list[tuple[str, frozenset[str]]]:
    """Allomorph templates for a suffix whose first consonant alternates by ``classes``."""
    return [(initial + body, after) for initial, after in classes.items()]


def _m(tag: str, **feats: str) -> Morpheme:
    return Morpheme(tag, tuple((key.replace("_psor", "[psor]"), value) for key, value in feats.items()))


# --- nominal morphemes ---------------------------------------------------------------------------------
PL = _m("PL", Number="Plur")
GEN = _m("GEN", Case="Gen")
ACC = _m("ACC", Case="Acc")
DAT = _m("DAT", Case="Dat")
LOC = _m("LOC", Case="Loc")
ABL = _m("ABL", Case="Abl")
INS = _m("INS", Case="Ins")
EQU = _m("EQU", Case="Equ")
LOCATTR = _m("ATTR.LOC", Case="Loc")
ATTR = _m("ATTR")
SIM = _m("SIM")
COMP = _m("COMP", Degree="Cmp")
P1SG = _m("POSS.1SG", Number_psor="Sing", Person_psor="1")
P2SG = _m("POSS.2SG", Number_psor="Sing", Person_psor="2")
P2POL = _m("POSS.2POL", Number_psor="Sing", Person_psor="2", Polite="Form")
P1PL = _m("POSS.1PL", Number_psor="Plur", Person_psor="1")
P2PL = _m("POSS.2PL", Number_psor="Plur", Person_psor="2")
P3 = _m("POSS.3", Number_psor="Plur,Sing", Person_psor="3")
COP1SG = _m("COP.1SG", Number="Sing", Person="1")
COP2SG = _m("COP.2SG", Number="Sing", Person="2")
COP2POL = _m("COP.2POL", Number="Sing", Person="2", Polite="Form")
COP1PL = _m("COP.1PL", Number="Plur", Person="1")
COP2PL = _m("COP.2PL", Number="Plur", Person="2")
COP2POLPL = _m("COP.2POLPL", Number="Plur", Person="2", Polite="Form")

# --- verbal morphemes -----------------------------------------------------------------------------------
PASS = _m("PASS", Voice="Pass")
REFL = _m("REFL", Voice="Mid")
RCP = _m("RCP", Voice="Rcp")
NEG = _m("NEG", Polarity="Neg")
PAST = _m("PAST", Aspect="Perf", Mood="Ind", Tense="Past", VerbForm="Fin")
PRES = _m("PRES", Aspect="Hab", Mood="Ind", Tense="Pres", VerbForm="Fin")
PRES3 = _m("3", Number="Sing", Person="3")
CONV_A = _m("CONV.A", Aspect="Imp", VerbForm="Conv")
CONV_P = _m("CONV.P", Aspect="Perf", VerbForm="Conv")
EVID = _m("EVID", Evident="Nfh", Tense="Past", VerbForm="Fin")
PTCP_PAST = _m("PTCP.PAST", Tense="Past", VerbForm="Part")
PTCP_FUT = _m("PTCP.FUT", Tense="Fut", VerbForm="Part")
AOR = _m("AOR", Aspect="Prosp", Mood="Ind", Tense="Fut", VerbForm="Fin")
AOR_NEG = _m("AOR.NEG", Polarity="Neg", Tense="Fut", VerbForm="Part")
INTENT = _m("INTENT", Mood="Int", VerbForm="Fin")
VN = _m("VN", VerbForm="Ger")
AGENT = _m("AGENT", VerbForm="Part")
COND = _m("COND", Mood="Cnd", VerbForm="Fin")
IMP = _m("IMP", Mood="Imp", Number="Sing", Person="2", VerbForm="Fin")
IMP_POL = _m("IMP.POL", Mood="Imp", Person="2", Polite="Form", VerbForm="Fin")
IMP_PL = _m("IMP.PL", Mood="Imp", Number="Plur", Person="2", VerbForm="Fin")
IMP3 = _m("IMP.3", Mood="Imp", Person="3", VerbForm="Fin")
OPT1SG = _m("OPT.1SG", Mood="Opt", Number="Sing", Person="1", VerbForm="Fin")
OPT1PL = _m("OPT.1PL", Mood="Opt", Number="Plur", Person="1", VerbForm="Fin")
DESID = _m("DESID", Mood="Des")
CONV_GALY = _m("CONV.GALY", VerbForm="Conv")
SHY = _m("SHY", Mood="Imp")
DYQ = _m("NMLZ")
PERS1SG = _m("1SG", Number="Sing", Person="1")
PERS2SG = _m("2SG", Number="Sing", Person="2")
PERS2POL = _m("2POL", Number="Sing", Person="2", Polite="Form")
PERS1PL = _m("1PL", Number="Plur", Person="1")
PERS2PL = _m("2PL", Number="Plur", Person="2")
PERS2POLPL = _m("2POLPL", Number="Plur", Person="2", Polite="Form")

# The predicative 1st person takes м or б after м, н, ң (дайынмын and дайынбыз are both written).
_PERSON_CLASS = {"м": AFTER_VOWEL | GLIDES | frozenset("лр") | NASALS, "б": NASALS | SIBILANT_VOICED,
                 "п": AFTER_VOICELESS}


def _neg_class(body: str) -> list[tuple[str, frozenset[str]]]:
    """Negation, -мақ and -мас: м after vowels, й, у, л, р; б after м, н, ң, ж, з; п after voiceless."""
    return _by_class(body, _NEGATION_CLASS)


def _person_class(body: str) -> list[tuple[str, frozenset[str]]]:
    return _by_class(body, _PERSON_CLASS)


_CASES_PLAIN = [
    (GEN, [("нЫң", AFTER_VOWEL | NASALS), ("дЫң", GLIDES | frozenset("рл") | SIBILANT_VOICED),
           ("тЫң", AFTER_VOICELESS)]),
    (ACC, [("нЫ", AFTER_VOWEL), ("дЫ", AFTER_VOICED), ("тЫ", AFTER_VOICELESS)]),
    (DAT, _by_class("А", _G_CLASS)),
    (LOC, _by_class("А", _D_CLASS)),
    (ABL, [("дАн", AFTER_VOWEL | GLIDES | frozenset("рл") | SIBILANT_VOICED), ("нАн", NASALS),
           ("тАн", AFTER_VOICELESS)]),
    (INS, [("мен", AFTER_VOWEL | AFTER_SONORANT | NASALS), ("менен", AFTER_VOWEL | AFTER_SONORANT | NASALS),
           ("бен", SIBILANT_VOICED), ("бенен", SIBILANT_VOICED), ("пен", AFTER_VOICELESS),
           ("пенен", AFTER_VOICELESS)]),
    (EQU, [("шА", None)]),
]
_CASES_AFTER_P3 = [
    (GEN, [("нЫң", AFTER_VOWEL)]),
    (ACC, [("н", AFTER_VOWEL)]),
    (DAT, [("нА", AFTER_VOWEL)]),
    (LOC, [("ндА", AFTER_VOWEL)]),
    (ABL, [("нАн", AFTER_VOWEL)]),
    (INS, [("мен", AFTER_VOWEL), ("менен", AFTER_VOWEL)]),
    (EQU, [("ншА", AFTER_VOWEL)]),
]
_ATTRIBUTIVES_PLAIN = [
    (LOCATTR, _by_class("АҒЫ", _D_CLASS)),
    (SIM, _by_class("Ай", _D_CLASS)),
]
_ATTRIBUTIVES_AFTER_P3 = [(LOCATTR, [("ндАҒЫ", AFTER_VOWEL)]), (SIM, [("ндАй", AFTER_VOWEL)])]
_POSSESSIVES = [
    (P1SG, [("м", AFTER_VOWEL), ("Ым", AFTER_CONSONANT)], "N_P12"),
    (P2SG, [("ң", AFTER_VOWEL), ("Ың", AFTER_CONSONANT)], "N_P12"),
    (P2POL, [("ңЫз", AFTER_VOWEL), ("ЫңЫз", AFTER_CONSONANT)], "N_PO"),
    (P1PL, [("мЫз", AFTER_VOWEL), ("ЫмЫз", AFTER_CONSONANT)], "N_PO"),
    (P2PL, [("ңдАр", AFTER_VOWEL), ("ЫңдАр", AFTER_CONSONANT)], "N_PO"),
    (P3, [("сЫ", AFTER_VOWEL), ("Ы", AFTER_CONSONANT)], "N_P3"),
]
_COPULA = [
    (COP1SG, _person_class("Ын")),
    (COP2SG, [("сЫң", None)]),
    (COP2POL, [("сЫз", None)]),
    (COP1PL, _person_class("Ыз")),
    (COP2PL, [("сЫңдАр", None)]),
    (COP2POLPL, [("сЫздАр", None)]),
]
_PERSON_SHORT = [
    (PERS1SG, [("м", AFTER_VOWEL)]),
    (PERS2SG, [("ң", AFTER_VOWEL)]),
    (PERS2POL, [("ңЫз", AFTER_VOWEL)]),
    (PERS1PL, [("Қ", AFTER_VOWEL)]),
    (PERS2PL, [("ңдАр", AFTER_VOWEL)]),
    (PERS2POLPL, [("ңЫздАр", AFTER_VOWEL)]),
]
_PERSON_PRESENT = [
    (PERS1SG, _person_class("Ын")),
    (PERS2SG, [("сЫң", None)]),
    (PERS2POL, [("сЫз", None)]),
    (PERS1PL, _person_class("Ыз")),
    (PERS2PL, [("сЫңдАр", None)]),
    (PERS2POLPL, [("сЫздАр", None)]),
]

_VOWEL_STEM = "Ы"  # restore marker: the stem ends in ы/і, merged into и or dropped before у (оқы -> оқиды, оқу)


def _transitions() -> list[tuple[str, Morpheme | None, str, list[tuple]]]:
    """(source state, morpheme, target state, allomorphs) for the whole grammar."""
    t: list[tuple[str, Morpheme | None, str, list[tuple]]] = []

    def add(src: str, morpheme: Morpheme | None, dst: str, pairs, restore: str = "") -> None:
        t.append((src, morpheme, dst, _allomorphs(pairs, restore)))

    def zero(src: str, dst: str, morpheme: Morpheme | None = None) -> None:
        t.append((src, morpheme, dst, [("", BOTH, None, "")]))

    for src in (_NOUN_STEM, "NX"):
        add(src, PL, "N_PL", _PLURAL)
        zero(src, "N_PL")
        add(src, COMP, "N_PL", [("рАҚ", AFTER_VOWEL), ("ЫрАҚ", AFTER_CONSONANT)])
    for morpheme, pairs, dst in _POSSESSIVES:
        add("N_PL", morpheme, dst, pairs)
    zero("N_PL", "N_PO")
    for src in ("N_PO", "N_P12"):
        for morpheme, pairs in _CASES_PLAIN:
            if src == "N_P12" and morpheme is DAT:
                continue
            add(src, morpheme, "N_CASE", pairs)
        for morpheme, pairs in _ATTRIBUTIVES_PLAIN:
            add(src, morpheme, "NX" if morpheme is LOCATTR else "N_CASE", pairs)
    add("N_P12", DAT, "N_CASE", [("А", frozenset("мң"))])
    add("N_PO", ATTR, "NX", _by_class("Ы", _G_CLASS))
    for morpheme, pairs in _CASES_AFTER_P3:
        add("N_P3", morpheme, "N_CASE", pairs)
    for morpheme, pairs in _ATTRIBUTIVES_AFTER_P3:
        add("N_P3", morpheme, "NX" if morpheme is LOCATTR else "N_CASE", pairs)
    for src in ("N_PO", "N_P12", "N_P3"):
        zero(src, "N_CASE")
    for morpheme, pairs in _COPULA:
        add("N_CASE", morpheme, "N_END", pairs)
    zero("N_CASE", "N_END")
    add("NX", DYQ, "NX", [("дЫҚ", NASALS), ("лЫҚ", AFTER_VOWEL | GLIDES | frozenset("р")),
                          ("тЫҚ", AFTER_VOICELESS)])

    # Verbs: voice, negation, then the form.
    add(_VERB_STEM, RCP, "V_A", [("Ыс", AFTER_CONSONANT), ("с", AFTER_VOWEL)])
    add(_VERB_STEM, REFL, "V_A", [("Ын", AFTER_CONSONANT), ("н", AFTER_VOWEL)])
    zero(_VERB_STEM, "V_A")
    add("V_A", PASS, "V_B", [("Ыл", _NOT_L), ("л", AFTER_VOWEL), ("Ын", frozenset("л"))])
    zero("V_A", "V_B")
    add("V_B", NEG, "V_NEG", _neg_class("А"))
    zero("V_B", "V_POS")
    for src in ("V_POS", "V_NEG"):
        add(src, PAST, "V_PAST", _by_class("Ы", _D_CLASS))
        add(src, COND, "V_PAST", [("сА", None)])
        for morpheme, dst in ((PRES, "V_PRES"), (CONV_A, "V_END")):
            add(src, morpheme, dst, [("А", AFTER_CONSONANT), ("й", AFTER_VOWEL)])
            add(src, morpheme, dst, [("и", AFTER_CONSONANT)], _VOWEL_STEM)
        add(src, CONV_P, "V_CP", [("Ып", AFTER_CONSONANT), ("п", AFTER_VOWEL)])
        add(src, PTCP_PAST, "NX", _by_class("Ан", _G_CLASS))
        add(src, PTCP_FUT, "NX", [("АтЫн", AFTER_CONSONANT), ("йтЫн", AFTER_VOWEL)])
        add(src, PTCP_FUT, "NX", [("итЫн", AFTER_CONSONANT)], _VOWEL_STEM)
        for morpheme in (VN, AGENT):
            body = "у" if morpheme is VN else "ушЫ"
            add(src, morpheme, "NX", [(body, AFTER_VOWEL | AFTER_CONSONANT - frozenset("йи"))])
            add(src, morpheme, "NX", [(body, AFTER_CONSONANT)], _VOWEL_STEM)
            add(src, morpheme, "NX", [("ю" + body[1:], AFTER_VOWEL)], "й")
            add(src, morpheme, "NX", [("ю" + body[1:], frozenset("и"))])
        add(src, IMP_POL, "V_END", [("ЫңЫз", AFTER_CONSONANT), ("ңЫз", AFTER_VOWEL)])
        add(src, IMP_PL, "V_END", [("ЫңдАр", AFTER_CONSONANT), ("ңдАр", AFTER_VOWEL),
                                   ("ЫңЫздАр", AFTER_CONSONANT), ("ңЫздАр", AFTER_VOWEL)])
        add(src, IMP3, "V_END", [("сЫн", None)])
        add(src, OPT1SG, "V_END", [("Айын", AFTER_CONSONANT), ("йЫн", AFTER_VOWEL)])
        add(src, OPT1SG, "V_END", [("иЫн", AFTER_CONSONANT)], _VOWEL_STEM)
        add(src, OPT1PL, "V_END", [("АйЫҚ", AFTER_CONSONANT), ("йЫҚ", AFTER_VOWEL)])
        add(src, OPT1PL, "V_END", [("иЫҚ", AFTER_CONSONANT)], _VOWEL_STEM)
        add(src, DESID, "V_DES", _by_class("Ы", _G_CLASS))
        add(src, CONV_GALY, "V_END", _by_class("АлЫ", _G_CLASS))
    zero("V_NEG", "V_END", IMP)
    zero("V_POS", "V_END", IMP)
    add("V_POS", AOR, "V_AOR", [("Ар", AFTER_CONSONANT), ("р", AFTER_VOWEL)])
    add("V_B", AOR_NEG, "NX", _neg_class("Ас"))
    add("V_B", AOR_NEG, "V_AOR", _neg_class("Ас"))
    add("V_POS", INTENT, "V_AOR", _neg_class("АҚ") + _neg_class("АҚшЫ"))
    add("V_POS", SHY, "V_END", [("шЫ", AFTER_CONSONANT)])
    for morpheme, pairs in _PERSON_SHORT:
        add("V_PAST", morpheme, "V_END", pairs)
    zero("V_PAST", "V_END")
    add("V_PRES", PRES3, "V_END", [("дЫ", AFTER_VOWEL | GLIDES)])
    for morpheme, pairs in _PERSON_PRESENT:
        add("V_PRES", morpheme, "V_END", pairs)
        add("V_AOR", morpheme, "V_END", pairs)
    zero("V_AOR", "V_END")
    zero("V_CP", "V_END")
    add("V_CP", EVID, "V_AOR", [("тЫ", frozenset("п"))])
    for morpheme, pairs, _ in _POSSESSIVES:
        add("V_DES", morpheme, "V_END", pairs)
    return t


def _suffix_trie(table: dict[str, tuple]) -> dict:
    """The surfaces of a table in a trie read from their last letter: letter -> (subtrie, items or None)."""
    root: dict = {}
    for surface, items in table.items():
        node = root
        for i, letter in enumerate(reversed(surface)):
            child, found = node.get(letter, ({}, None))
            node[letter] = (child, items if i == len(surface) - 1 else found)
            node = child
    return root


def _suffixes(trie: dict, left: str) -> list[tuple[int, tuple]]:
    """(length, items) of every surface of ``trie`` that ends ``left`` and leaves at least one letter,
    longest first (the order the parses are found in decides ties between equal scores)."""
    out = []
    node = trie
    for length in range(1, len(left)):
        entry = node.get(left[-length])
        if entry is None:
            break
        node, items = entry
        if items is not None:
            out.append((length, items))
    out.reverse()
    return out


@lru_cache(maxsize=1 << 14)
def _real_steps(folded_steps: tuple) -> tuple[tuple[str, tuple], ...]:
    """:meth:`Grammar.real_steps` of a folded parse's steps (words share chains: worked out once each)."""
    choices = [
        [step] if isinstance(step[0], str)  # ("", morpheme): a suffix without a written form
        else [(surface[: step[1]], morpheme, arc, surface) for surface, morpheme, arc in step[0]]
        for step in folded_steps
    ]
    return tuple(("".join(step[0] for step in steps), steps) for steps in product(*choices))


class Grammar:
    """The compiled machine, read from the right.

    For every state, the arcs that end in it or in a state it reaches through suffixes without a
    written form (the nominative, the third person of the past), keyed by their surface, so that one
    lookup per suffix length covers them all.
    """

    def __init__(self) -> None:
        arcs: dict[str, dict[str, list[_Arc]]] = {}
        zero: dict[str, list[tuple[str, Morpheme | None]]] = {}
        for src, morpheme, dst, allomorphs in _transitions():
            table = arcs.setdefault(dst, {})
            for surface, harmony, after, restore in allomorphs:
                if surface:
                    table.setdefault(surface, []).append(_Arc(src, morpheme, harmony, after, restore))
                else:
                    zero.setdefault(dst, []).append((src, morpheme))
        self._stems: dict[str, tuple[tuple[str, tuple], ...]] = {}
        self._folded: dict[tuple, dict] = {}
        self._last_fold: tuple[dict | None, dict] = (None, {})
        self._table: dict[str, dict[str, tuple[tuple[_Arc, tuple], ...]]] = {}
        self._tries: dict[str, dict] = {}
        for state in set(arcs) | set(zero) | {_NOUN_STEM, _VERB_STEM}:
            closure = self._closure(state, zero)
            self._stems[state] = tuple(
                (NOMINAL if s == _NOUN_STEM else VERBAL, chain) for s, chain in closure if s in (_NOUN_STEM, _VERB_STEM)
            )
            table: dict[str, list[tuple[_Arc, tuple]]] = {}
            for s, chain in closure:
                for surface, state_arcs in arcs.get(s, {}).items():
                    table.setdefault(surface, []).extend((arc, chain) for arc in state_arcs)
            self._table[state] = {surface: tuple(items) for surface, items in table.items()}
            self._tries[state] = _suffix_trie({
                surface: tuple((arc.after, arc.harmony, arc.restore, arc.source, arc.morpheme, chain)
                               for arc, chain in items)
                for surface, items in self._table[state].items()
            })

    @staticmethod
    def _closure(state: str, zero: dict[str, list[tuple[str, Morpheme | None]]]) -> list[tuple[str, tuple]]:
        """States that reach ``state`` through unwritten suffixes, with those suffixes (left to right)."""
        out = [(state, ())]
        pending = [(state, ())]
        while pending:
            current, chain = pending.pop()
            for src, morpheme in zero.get(current, ()):
                step = ((("", morpheme),) + chain) if morpheme is not None else chain
                out.append((src, step))
                pending.append((src, step))
        return out

    @lru_cache(maxsize=1 << 17)  # noqa: B019 - one grammar lives as long as the process
    def parses(self, word: str, loose_harmony: bool = False, min_stem: int = 2) -> tuple[Parse, ...]:
        """Every segmentation of ``word`` (lowercase) into a stem and a well-formed suffix chain.

        ``loose_harmony`` accepts suffixes of either harmony (for names and loanwords, whose harmony
        does not follow their spelling: Назарбаевтың, Гонконгте); stems are at least ``min_stem`` letters.
        """
        found: list[Parse] = []
        for state in _FINAL_STATES:
            self._walk(word, state, (), found, loose_harmony, min_stem)
        return tuple(found)

    def folded_parses(self, folded: str, fold: dict[int, str], min_stem: int = 2,
                      stems: Container[str] | None = None) -> list[FoldedParse]:
        """Every segmentation of a word written in *folded* letters (see :mod:`dauys.text.lemma.kk.spelling`).

        ``fold`` is a ``str.translate`` table that writes each Kazakh letter as the representative of its
        class (ә as а, қ as к, і and и as ы, ...). The walk is the one of :meth:`parses` with every
        surface, final-letter condition and restored letter folded, and vowel harmony not checked (the
        folded word does not show it), so it finds every parse of every real spelling of ``folded`` and
        more: a caller checks each spelling it builds from these parses with the real machine. With
        ``stems``, only the parses whose folded stem is in it.
        """
        tables = self._folded_tables(fold)
        found: list[FoldedParse] = []
        for state in _FINAL_STATES:
            self._folded_walk(folded, len(folded), 0, state, (), found, tables, min_stem, stems)
        return found

    def _folded_tables(self, fold: dict[int, str]) -> dict:
        if fold is self._last_fold[0]:
            return self._last_fold[1]  # the one table every caller passes
        key = tuple(sorted(fold.items()))
        cached = self._folded.get(key)
        if cached is None:
            table: dict[str, dict] = {}
            for state, surfaces in self._table.items():
                by_fold: dict[str, dict] = {}
                for surface, items in surfaces.items():
                    for arc, chain in items:
                        after = None if arc.after is None else frozenset(ch.translate(fold) for ch in arc.after)
                        restore = arc.restore.translate(fold)
                        if arc.restore == _VOWEL_STEM:
                            restore = high_vowel(BACK).translate(fold)
                        # allomorphs that fold alike and lead on alike are walked once, as alternatives
                        groups = by_fold.setdefault(surface.translate(fold), {})
                        groups.setdefault((arc.source, after, restore, chain), []).append((surface, arc.morpheme, arc))
                table[state] = _suffix_trie({
                    key: tuple((source, after, restore, chain, tuple(alternatives))
                               for (source, after, restore, chain), alternatives in groups.items())
                    for key, groups in by_fold.items()
                })
            cached = self._folded[key] = table
        self._last_fold = (fold, cached)
        return cached

    def _folded_walk(self, left: str, written: int, restored: int, state: str, chain: tuple,
                     found: list[FoldedParse], tables: dict, min_stem: int, stems: Container[str] | None) -> None:
        # left = the first `written` letters of the word, then `restored` letters the machine gave back
        n = len(left)
        if n >= min_stem and (stems is None or left in stems):
            for kind, zero_chain in self._stems[state]:
                found.append(_new_folded_parse((left, written, kind, zero_chain + chain)))
        if len(chain) >= MAX_MORPHEMES:
            return
        for length, items in _suffixes(tables.get(state, {}), left):
            rest = left[: n - length]
            last = rest[-1]
            on_word = max(0, length - restored)  # the surface's letters that are written in the word
            for source, after, restore, zero_chain, alternatives in items:
                if after is not None and last not in after:
                    continue
                step = ((alternatives, on_word),) + zero_chain + chain
                self._folded_walk(rest + restore, written - on_word, max(0, restored - length) + len(restore),
                                  source, step, found, tables, min_stem, stems)

    @staticmethod
    def real_steps(parse: FoldedParse) -> tuple[tuple[str, tuple], ...]:
        """The real chains of a folded parse: ``(written suffix, steps)`` for each choice of alternatives,
        the steps as :meth:`parse_along` takes them."""
        return _real_steps(parse.steps)

    @staticmethod
    def parse_along(word: str, kind: str, steps: tuple, min_stem: int = 2) -> Parse | None:
        """The real parse of ``word`` that follows real ``steps`` (:meth:`real_steps`), or None when the
        real machine (final letters, vowel harmony, restored letters) does not allow it."""
        left = word
        morphemes = []
        for step in reversed(steps):
            if len(step) == 2:  # a suffix without a written form
                morphemes.append(step)
                continue
            _, morpheme, arc, surface = step
            if len(left) <= len(surface) or not left.endswith(surface):
                return None
            rest = left[: len(left) - len(surface)]
            if arc.after is not None and rest[-1] not in arc.after:
                return None
            harmony = harmony_of(rest)
            if arc.harmony != harmony and arc.harmony != BOTH and harmony != BOTH:
                return None
            if arc.restore == _VOWEL_STEM:
                left = rest + high_vowel(harmony if arc.harmony == BOTH else arc.harmony)
            else:
                left = rest + arc.restore
            morphemes.append((surface, morpheme))
        if len(left) < min_stem:
            return None
        return _new_parse((left, kind, tuple(reversed(morphemes))))

    def is_ending(self, text: str) -> bool:
        """Whether ``text`` is a chain of nominal endings by itself (the -дағы of КСРО-дағы, the -пен of АҚШ-пен)."""
        for sentinel in ("а", "е", "т", "н", "р"):
            for parse in self.parses(sentinel + text, min_stem=1):
                if parse.stem == sentinel and parse.kind == NOMINAL and any(s for s, _ in parse.morphemes):
                    return True
        return False

    def _walk(self, left: str, state: str, chain: tuple, found: list[Parse], loose: bool, min_stem: int) -> None:
        n = len(left)
        if n >= min_stem:
            for kind, zero_chain in self._stems[state]:
                found.append(_new_parse((left, kind, zero_chain + chain)))
        if len(chain) >= MAX_MORPHEMES:
            return
        for length, items in _suffixes(self._tries[state], left):
            surface = left[n - length :]
            rest = left[: n - length]
            last = rest[-1]
            harmony = BOTH if loose else harmony_of(rest)
            for after, arc_harmony, restore, source, morpheme, zero_chain in items:
                if after is not None and last not in after:
                    continue
                if arc_harmony != harmony and arc_harmony != BOTH and harmony != BOTH:
                    continue
                if restore == _VOWEL_STEM:
                    underlying = rest + high_vowel(harmony if arc_harmony == BOTH else arc_harmony)
                else:
                    underlying = rest + restore
                self._walk(underlying, source, ((surface, morpheme),) + zero_chain + chain, found, loose, min_stem)
