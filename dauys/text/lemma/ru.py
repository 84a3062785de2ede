"""Russian lemmas in the conventions of Universal Dependencies, chosen from pymorphy3's parses in context.

How a lemma is found for one token of a sentence:

1. The word is looked up in pymorphy3's OpenCorpora dictionary (words it does not know go through
   pymorphy3's suffix predictors). Each parse becomes a *candidate*: a UD-style lemma, a coarse class
   (part of speech and case, e.g. ``N.gen``, ``Vfin``, ``ADP.в``) and a prior probability (pymorphy3's
   P(tag | word), learned from the OpenCorpora corpus).
2. OpenCorpora normal forms are turned into UD lemmas: participles and converbs are lemmatised to the
   infinitive, short adjectives to the full masculine form (``должна`` → ``должен`` and ``рад`` stay
   as UD has them), comparatives to the positive adjective or adverb (lexicalised ones such as
   ``больше``, ``раньше``, ``более`` stay), possessive ``его``/``ее``/``их`` keep their form beside the
   personal pronoun, vowel-final prepositions (``во``, ``со``, ``об``) keep their form, frozen
   instrumentals (``зимой``, ``порой``) are nouns, ``есть`` may be ``быть``, standard abbreviations are
   expanded (``г.`` → ``год``, ``т. е.`` → ``то быть``) and initials become their letter.
3. Most forms have one lemma whatever the parse; those are answered at once from a cache. A form whose
   candidates disagree on the lemma is disambiguated with its neighbours: each candidate's prior is
   multiplied by how well its class follows the previous word's classes and precedes the next word's
   (class bigrams counted on UD Russian GSD and Taiga, see ``data_ru/README.md``). The decision is
   cached per (form, previous word's class profile, next word's class profile).

pymorphy3 loads on first use (about 0.1-0.2 s), so commands that see no Russian never pay for it. The
lookups are fast when the ``dawg2`` C extension is installed (pymorphy3's ``fast`` extra) and about
twenty times slower with the pure-Python reader.

>>> lemmatize(["Они", "стали", "лучше", "понимать", "его", "слова"])  # doctest: +SKIP
['они', 'стать', 'хорошо', 'понимать', 'его', 'слово']
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

_DATA = Path(__file__).resolve().parent / "data_ru"

# Stress marks and other combining accents that Russian texts put over vowels (``и́горь``).
_ACCENTS = dict.fromkeys((0x0300, 0x0301), None)
_HAS_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[а-яё]")
_ELONGATED = re.compile(r"([а-яё])\1{2,}")
_INITIAL = re.compile(r"^[А-ЯЁA-Z]\.$")

_CASES = {
    "nomn": "nom",
    "voct": "nom",
    "gent": "gen",
    "gen1": "gen",
    "gen2": "gen",
    "datv": "dat",
    "accs": "acc",
    "acc2": "acc",
    "ablt": "ins",
    "loct": "loc",
    "loc1": "loc",
    "loc2": "loc",
}
# Prepositions whose governed cases matter enough to be classes of their own (the rest are ``ADP``).
PREPOSITION_CLASSES = frozenset(
    "в на с к о по из у от для до за при без под через про над между перед после около среди".split()
)
_PREPOSITION_VARIANTS = {
    "во": "в",
    "со": "с",
    "ко": "к",
    "об": "о",
    "обо": "о",
    "изо": "из",
    "ото": "от",
    "подо": "под",
    "надо": "над",
    "передо": "перед",
}
_COORDINATING = frozenset("и а но или да либо ни зато однако".split())
_PROPER = frozenset(("Name", "Surn", "Patr", "Geox", "Orgn", "Trad"))
# Comparatives that UD Russian lemmatises as themselves when they are adverbs.
_LEXICAL_COMPARATIVES = frozenset(
    "больше меньше более менее раньше ранее позже позднее далее дальше свыше скорее выше ниже".split()
)
_POSITIVE_ADVERB = {"маленький": "мало", "большой": "много", "хороший": "хорошо", "плохой": "плохо"}
# OpenCorporа normal forms that UD writes differently.
_UD_LEMMA = {
    "должный": "должен",
    "радый": "рад",
    "здравствуйте": "здравствовать",
    "значит": "значить",
}
# Time nouns whose instrumental UD keeps as a noun where pymorphy3 also offers an adverb.
_TIME_NOUNS = frozenset("зима весна лето осень утро день вечер ночь пора".split())
_ADJECTIVE_ENDING = re.compile(r"(?:ий|ая|ое|ее|ие|его|ей|ему|им|ую|ою|ом|ем|их|ими|юю|яя)$")
_POSSESSIVE = frozenset(("его", "ее", "её", "их"))
_SPECIAL_FORMS = _POSSESSIVE | {"есть", "суть", "все", "всё"}
_FULL_PATH_LEMMAS = frozenset(("весь", "тот", "оно"))
# Standard abbreviations (with or without their full stop) and the lemma UD gives them.
ABBREVIATIONS = {
    "г.": "год",
    "гг.": "год",
    "в.": "век",
    "вв.": "век",
    "см.": "смотреть",
    "чел.": "человек",
    "чел": "человек",
    "тыс.": "тысяча",
    "тыс": "тысяча",
    "млн": "миллион",
    "млн.": "миллион",
    "млрд": "миллиард",
    "млрд.": "миллиард",
    "руб.": "рубль",
    "руб": "рубль",
    "коп.": "копейка",
    "км": "километр",
    "мм": "миллиметр",
    "кг": "килограмм",
    "ул.": "улица",
    "обл.": "область",
    "им.": "имя",
    "св.": "святой",
    "др.": "другой",
    "пр.": "прочий",
    "напр.": "например",
    "англ.": "английский",
    "фр.": "французский",
    "нем.": "немецкий",
    "лат.": "латинский",
    "греч.": "греческий",
    "рус.": "русский",
    "сокр.": "сокращенно",
    "тел.": "телефон",
    "пн": "понедельник",
    "вт": "вторник",
    "чт": "четверг",
    "пт": "пятница",
    "сб": "суббота",
    "вс": "воскресенье",
}
# "т. д.", "т. е.", "т. к.", "т. п.": the lemmas of the two halves.
_TWO_PART = {"д": ("так", "далее"), "е": ("то", "быть"), "к": ("так", "как"), "п": ("тот", "подобный")}

_morph: Any = None
_model: dict[str, Any] = {}
_analyses: dict[str, tuple] = {}
_decisions: dict[tuple[str, int, int], str] = {}
_profiles: dict[tuple, int] = {}


def _analyser() -> Any:
    """pymorphy3's analyser, loaded once on first use."""
    global _morph
    if _morph is None:
        import pymorphy3

        _morph = pymorphy3.MorphAnalyzer()
    return _morph


def _context_model() -> dict[str, Any]:
    """Class bigram weights ``w[a][b] = P(b | a) / P(b)`` from ``data_ru/context.json``, loaded once."""
    if not _model:
        data = json.loads((_DATA / "context.json").read_text(encoding="utf-8"))
        counts: dict[str, dict[str, int]] = data["bigrams"]
        totals = {a: sum(row.values()) for a, row in counts.items()}
        unigram: dict[str, float] = {}
        for row in counts.values():
            for b, n in row.items():
                unigram[b] = unigram.get(b, 0) + n
        grand = sum(unigram.values())
        smoothing = data["smoothing"]
        classes = len(unigram) + 1
        weights = {}
        for a, row in counts.items():
            denominator = totals[a] + smoothing * classes
            weights[a] = {b: (n + smoothing) / denominator / (unigram[b] / grand) for b, n in row.items()}
        _model["weights"] = weights
        _model["unseen"] = {a: smoothing / (totals[a] + smoothing * classes) for a in counts}
        _model["unigram"] = {b: n / grand for b, n in unigram.items()}
        _model["context_weight"] = data["context_weight"]
        _model["lexical"] = data.get("lexical", {})  # absent while tools/build_ru_lemmas.py counts it
        _model["lexical_weight"] = data.get("lexical_weight", 0.0)
    return _model


def _clean(token: str) -> str:
    """NFC, without stress marks."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", token).translate(_ACCENTS))


@cache
def _tag_class(tag: Any) -> tuple[str, str]:
    """(coarse class, kind) of a pymorphy3 tag; kind says how the UD lemma is made from the normal form."""
    pos = tag.POS
    case = _CASES.get(tag.case or "", "")
    grammemes = tag.grammemes
    if pos == "NOUN":
        return "N." + case, "proper" if grammemes & _PROPER else "noun"
    if pos == "ADJF":
        if "Apro" in grammemes:
            if "Fixd" in grammemes and "Anph" in grammemes:
                return "Dposs", "form"
            return "D." + case, "plain"
        return "A." + case, "plain"
    if pos == "ADJS":
        return "As", "plain"
    if pos == "COMP":
        return "Acmp", "comparative"
    if pos in ("PRTF", "PRTS"):
        return ("Vpart." + case if pos == "PRTF" else "Vparts"), "plain"
    if pos == "GRND":
        return "Vconv", "plain"
    if pos == "INFN":
        return "Vinf", "plain"
    if pos == "VERB":
        return "Vfin", "plain"
    if pos == "NUMR":
        return "Num", "plain"
    if pos == "NPRO":
        return "P." + case, "plain"
    if pos in ("ADVB", "PRED"):
        return "ADV", "form"
    if pos == "PREP":
        return "ADP", "preposition"
    if pos == "CONJ":
        return "CONJ", "form"
    if pos == "PRCL":
        return "PART", "form"
    if pos == "INTJ":
        return "INTJ", "form"
    return "X", "form"


def _positive_adverb(adjective: str) -> str:
    """The adverb of an adjective's positive degree (``частый`` → ``часто``)."""
    if adjective in _POSITIVE_ADVERB:
        return _POSITIVE_ADVERB[adjective]
    return adjective[:-2] + "о" if adjective.endswith(("ый", "ий", "ой")) else adjective


def _parses(lower: str) -> tuple[list[tuple[str, Any, str, float]], bool]:
    """pymorphy3's parses of a lowercased word as (word, tag, normal form, score), and whether it is known.

    Known words are read straight from the dictionary, which is several times faster than
    ``MorphAnalyzer.parse``; P(tag | word) is looked up only when the parses disagree on the lemma.
    """
    morph = _analyser()
    dictionary = morph.dictionary
    found = dictionary.words.similar_items(lower, morph.char_substitutes)
    if not found:
        return [(p.word, p.tag, p.normal_form, p.score) for p in morph.parse(lower)], False
    parses = [
        (fixed, dictionary.build_tag_info(para, idx), dictionary.build_normal_form(para, idx, fixed), 1.0)
        for fixed, pairs in found
        for para, idx in pairs
    ]
    if len({normal for _, _, normal, _ in parses}) > 1 or len(parses) > 1:
        estimator = morph.prob_estimator.p_t_given_w
        probs = [estimator.prob(lower, tag) for _, tag, _, _ in parses]
        if sum(probs) > 0:
            parses = [(w, tag, normal, prob) for (w, tag, normal, _), prob in zip(parses, probs, strict=True)]
    return parses, True


def _candidates(lower: str) -> list[tuple[str, str, float, bool]]:
    """UD candidates of a lowercased, accent-free word: (lemma, class, prior, is proper noun), best first."""
    parses, known = _parses(lower)
    if not known and _ELONGATED.search(lower):
        # Social media stretch letters for emphasis: клааааас, даааа.
        for squeezed in (_ELONGATED.sub(r"\1\1", lower), _ELONGATED.sub(r"\1", lower)):
            squeezed_parses, squeezed_known = _parses(squeezed)
            if squeezed_known:
                parses, known = squeezed_parses, True
                break
    if known and lower not in _SPECIAL_FORMS:
        simple = _simple_candidates(parses)
        if simple is not None:
            return simple
    scored: dict[tuple[str, str], list] = {}
    total = sum(score for *_, score in parses) or 1.0
    for word, tag, normal, score in parses:
        cls, kind = _tag_class(tag)
        prior = score / total
        lemma = normal
        if kind == "form":
            lemma = word
        elif "Supr" in tag.grammemes or "Cmp2" in tag.grammemes:
            # UD keeps superlatives as their own lemma: лучших → лучший, крупнейшего → крупнейший.
            lemma = _ADJECTIVE_ENDING.sub("", word) + "ий"
        elif kind == "proper" and "femn" in tag.grammemes and ("Surn" in tag.grammemes or "Patr" in tag.grammemes):
            lemma = _feminine(normal)
        elif kind == "preposition":
            lemma = word
            base = _PREPOSITION_VARIANTS.get(word, word)
            cls = "ADP." + base if base in PREPOSITION_CLASSES else "ADP"
        elif kind == "comparative":
            adverb = word if word in _LEXICAL_COMPARATIVES else _positive_adverb(normal)
            _add(scored, adverb, "ADVc", prior / 2, False)
            prior /= 2
        lemma = _UD_LEMMA.get(lemma, lemma)
        if lemma == "оно" and word != "оно":
            lemma = "он"  # его, него, ним, нем: UD gives the masculine where the gender does not show
        if cls == "CONJ":
            cls = "CCONJ" if word in _COORDINATING else "SCONJ"
        _add(scored, lemma, cls, prior, kind == "proper")
        if normal in ("весь", "тот") and cls.startswith("D.") and ("plur" in tag.grammemes or "neut" in tag.grammemes):
            # Used alone these are pronouns: все (everyone), всё (everything), то (that).
            pronoun = "то" if normal == "тот" else "все" if "plur" in tag.grammemes else "всё"
            _add(scored, pronoun, "P" + cls[1:], prior, False)
    if lower in ("есть", "суть"):
        _add(scored, "быть", "Vfin", 2.0, False)
    if ("всё", "PART") in scored:
        prior = scored.pop(("всё", "PART"))[0]
        _add(scored, "всё", "P.nom", prior / 4, False)
        _add(scored, "всё", "P.acc", prior / 4, False)
        _add(scored, "всё", "ADV", prior / 4, False)
    if lower in _POSSESSIVE:
        _add(scored, lower, "Dposs", 0.3, False)
    _frozen_instrumentals(scored)
    _prefer_closest_variant(scored, lower)
    _spelling_variants(scored, lower)
    if not known:
        _oov_proper(scored, lower)
    total = sum(v[0] for v in scored.values()) or 1.0
    counts = _context_model()["lexical"].get(lower.replace("ё", "е"))
    if counts:
        _apply_counts(scored, counts, total)
        total = sum(v[0] for v in scored.values()) or 1.0
    ranked = sorted(((v[0] / total, lemma, cls, v[1]) for (lemma, cls), v in scored.items()), reverse=True)
    return [(lemma, cls, prior, proper) for prior, lemma, cls, proper in ranked]


def _simple_candidates(parses: list[tuple[str, Any, str, float]]) -> list[tuple[str, str, float, bool]] | None:
    """The candidates of the common case, one lemma whatever the parse and no UD rule to apply; else None."""
    normal = parses[0][2]
    classes: dict[str, float] = {}
    for _, tag, other, score in parses:
        if other != normal:
            return None
        cls, kind = _tag_class(tag)
        if kind not in ("plain", "noun") or "Supr" in tag.grammemes or "Cmp2" in tag.grammemes:
            return None
        classes[cls] = classes.get(cls, 0.0) + score
    if normal in _UD_LEMMA or normal in _FULL_PATH_LEMMAS or normal.endswith("ие"):
        return None
    total = sum(classes.values()) or 1.0
    ranked = sorted(((prior / total, cls) for cls, prior in classes.items()), reverse=True)
    return [(normal, cls, prior, False) for prior, cls in ranked]


def _add(scored: dict[tuple[str, str], list], lemma: str, cls: str, prior: float, proper: bool) -> None:
    entry = scored.setdefault((lemma, cls), [0.0, proper])
    entry[0] += prior
    entry[1] = entry[1] or proper


def _apply_counts(scored: dict[tuple[str, str], list], counts: dict[str, int], total: float) -> None:
    """Blend the lemmas counted for this form in UD with the dictionary's prior (as ``weight`` observations)."""
    weight = _context_model()["lexical_weight"]
    by_lemma: dict[str, float] = {}
    for (lemma, _), entry in scored.items():
        key = lemma.replace("ё", "е")
        by_lemma[key] = by_lemma.get(key, 0.0) + entry[0] / total
    seen = sum(counts.values())
    for (lemma, _), entry in scored.items():
        key = lemma.replace("ё", "е")
        share = entry[0] / total / by_lemma[key] if by_lemma[key] else 0.0
        entry[0] = share * (counts.get(key, 0) + weight * by_lemma[key]) / (seen + weight)


def _frozen_instrumentals(scored: dict[tuple[str, str], list]) -> None:
    """UD treats ``зимой``, ``ночью``, ``порой`` as the noun's instrumental, not as adverbs."""
    nouns = {lemma for lemma, cls in scored if cls == "N.ins" and lemma in _TIME_NOUNS}
    adverbs = [key for key in scored if key[1] == "ADV"]
    if nouns and adverbs:
        for key in adverbs:
            prior = scored.pop(key)[0]
            _add(scored, min(nouns), "N.ins", prior, False)


def _prefer_closest_variant(scored: dict[tuple[str, str], list], lower: str) -> None:
    """Between spelling variants in one class (``счастье``/``счастие``), favour the one nearer the form."""
    by_class: dict[str, list[str]] = {}
    for lemma, cls in scored:
        by_class.setdefault(cls, []).append(lemma)
    for cls, lemmas in by_class.items():
        if len(lemmas) < 2 or not cls.startswith("N."):
            continue
        overlap = {lemma: _common_prefix(lemma, lower) for lemma in lemmas}
        best = max(overlap.values())
        for lemma in lemmas:
            if overlap[lemma] == best and best >= 3:
                scored[(lemma, cls)][0] *= 1.5


def _feminine(masculine: str) -> str:
    """The feminine of a surname or patronymic: Еремин → Еремина, Алексеевич → Алексеевна."""
    if masculine.endswith("ич"):
        return masculine[:-2] + "на"
    if masculine.endswith(("ский", "цкий")):
        return masculine[:-2] + "ая"
    if masculine.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return masculine + "а"
    return masculine


def _spelling_variants(scored: dict[tuple[str, str], list], lower: str) -> None:
    """UD keeps the spelling the text uses: знанье (not знание); of родный/родной it takes родной."""
    for (lemma, cls) in list(scored):
        if cls.startswith("N.") and lemma.endswith("ие") and lower.startswith(lemma[:-2] + "ь"):
            entry = scored.pop((lemma, cls))
            _add(scored, lemma[:-2] + "ье", cls, entry[0], entry[1])
        elif cls.startswith("A.") and lemma.endswith("ый") and (lemma[:-2] + "ой", cls) in scored:
            scored[(lemma[:-2] + "ой", cls)][0] += scored.pop((lemma, cls))[0]


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.replace("ё", "е"), b.replace("ё", "е"), strict=False):
        if x != y:
            break
        n += 1
    return n


def _oov_proper(scored: dict[tuple[str, str], list], lower: str) -> None:
    """An unknown word may be an indeclinable or nominative name: offer the form itself."""
    _add(scored, lower, "N.nom", 0.2, True)


def _analysis(lower: str) -> tuple:
    """Cached (single lemma or None, candidates, class profile id, class profile) of a lowercased word."""
    found = _analyses.get(lower)
    if found is None:
        if not _HAS_LETTER.search(lower):
            profile: tuple = (("Num", 1.0),) if any(ch.isdigit() for ch in lower) else (("PUNCT", 1.0),)
            found = (lower, [(lower, profile[0][0], 1.0, False)], _profile_id(profile), profile)
        elif not _CYRILLIC.search(lower):
            found = (lower, [(lower, "X", 1.0, False)], _profile_id((("X", 1.0),)), (("X", 1.0),))
        else:
            candidates = _candidates(lower)
            classes: dict[str, float] = {}
            for _, cls, prior, _ in candidates:
                classes[cls] = classes.get(cls, 0.0) + prior
            profile = tuple(sorted(classes.items()))
            lemmas = {lemma for lemma, *_ in candidates}
            single = candidates[0][0] if len(lemmas) == 1 else None
            found = (single, candidates, _profile_id(profile), profile)
        _analyses[lower] = found
    return found


def _profile_id(profile: tuple) -> int:
    return _profiles.setdefault(profile, len(_profiles))


def lemma_candidates(word: str) -> list[tuple[str, str, float]]:
    """The UD lemmas a word can have out of context: (lemma, class, prior probability), most likely first.

    The class is coarse: part of speech and, for nominals, case (``N.gen``, ``A.nom``, ``Vfin``,
    ``Vinf``, ``Vconv``, ``Vpart.acc``, ``As`` short adjective, ``Acmp``/``ADVc`` comparatives, ``Dposs``
    possessive ``его``/``ее``/``их``, ``ADP.в`` a preposition).

    >>> [lemma for lemma, _, _ in lemma_candidates("стали")]  # doctest: +SKIP
    ['стать', 'сталь', ...]
    """
    return [(lemma, cls, prior) for lemma, cls, prior, _ in _analysis(_clean(word).lower())[1]]


def is_known_form(word: str) -> bool:
    """Whether pymorphy3's dictionary has this word form (``ё`` may be written ``е``); no guessing."""
    lower = _clean(word).lower()
    if not _CYRILLIC.search(lower):
        return False
    morph = _analyser()
    return bool(morph.dictionary.words.similar_items(lower, morph.char_substitutes))


def _choose(lower: str, candidates: list, prev_profile: tuple, next_profile: tuple) -> tuple[str, bool]:
    """The candidate lemma that best fits between the neighbours' class profiles."""
    model = _context_model()
    weights, unseen, unigram, power = model["weights"], model["unseen"], model["unigram"], model["context_weight"]
    best_score, best = -math.inf, candidates[0]
    for candidate in candidates:
        _, cls, prior, _ = candidate
        cls_share = unigram.get(cls, 1e-4)
        left = sum(p * weights.get(a, {}).get(cls, unseen.get(a, 1e-3) / cls_share) for a, p in prev_profile)
        row = weights.get(cls, {})
        fallback = unseen.get(cls, 1e-3)
        right = sum(p * row.get(b, fallback / unigram.get(b, 1e-4)) for b, p in next_profile)
        score = math.log(prior) + power * (math.log(left) + math.log(right))
        if score > best_score:
            best_score, best = score, candidate
    return best[0], best[3]


_BOUNDARY = (("BOUNDARY", 1.0),)


def lemmatize(tokens: list[str]) -> list[str]:
    """UD lemmas of one sentence's tokens, one per token, never empty; neighbours settle ambiguous forms.

    Tokens may be in any case (the pipeline's lowercased tokens work as well); proper names that come
    capitalised keep a capital lemma. Punctuation, numbers and non-Cyrillic words are their own lemma
    (lowercased).

    >>> lemmatize(["В", "2020", "г.", "во", "всех", "городах"])  # doctest: +SKIP
    ['в', '2020', 'год', 'во', 'весь', 'город']
    """
    cleaned, lowers, analyses = _read(tokens)
    return [_lemma_at(i, cleaned, lowers, analyses) for i in range(len(tokens))]


def lemma_at(tokens: list[str], k: int) -> str:
    """``lemmatize(tokens)[k]``, without settling the other tokens' lemmas."""
    cleaned, lowers, analyses = _read(tokens)
    return _lemma_at(k, cleaned, lowers, analyses)


def _read(tokens: list[str]) -> tuple[list[str], list[str], list[tuple]]:
    """The tokens cleaned (:func:`_clean`), lowercased, and analysed out of context (:func:`_analysis`)."""
    cleaned = [_clean(token) for token in tokens]
    lowers = [token.lower() for token in cleaned]
    return cleaned, lowers, [_analysis(lower) for lower in lowers]


def _lemma_at(i: int, cleaned: list[str], lowers: list[str], analyses: list[tuple]) -> str:
    """The lemma of token ``i`` among the sentence's cleaned, lowercased and analysed tokens."""
    token, lower = cleaned[i], lowers[i]
    special = _special(i, cleaned, lowers)
    if special is not None:
        return special
    single, candidates, _, _ = analyses[i]
    if lower in _POSSESSIVE or lower == "ничего":
        single = _pronoun(lower, analyses[i + 1][3] if i + 1 < len(analyses) else _BOUNDARY, lowers[i + 1 :])
    if single is not None:
        lemma, proper = single, candidates[0][3]
    else:
        prev_id = analyses[i - 1][2] if i else -1
        next_id = analyses[i + 1][2] if i + 1 < len(analyses) else -1
        key = (lower, prev_id, next_id)
        decided = _decisions.get(key)
        if decided is None:
            prev_profile = analyses[i - 1][3] if i else _BOUNDARY
            next_profile = analyses[i + 1][3] if i + 1 < len(analyses) else _BOUNDARY
            decided = _choose(lower, candidates, prev_profile, next_profile)
            _decisions[key] = decided
        lemma, proper = decided
    if proper and token[:1].isupper():
        lemma = lemma[:1].upper() + lemma[1:]
    return lemma or token


def _pronoun(lower: str, next_profile: tuple, following: list[str]) -> str | None:
    """Pronouns settled by the next word: possessive его/ее/их before a nominal, ничто before не."""
    if lower == "ничего":
        return "ничто" if following[:1] == ["не"] else None
    nominal = sum(p for cls, p in next_profile if cls[:2] in ("N.", "A.", "D.") or cls.startswith("Vpart."))
    if nominal >= 0.5:
        return lower
    return {"его": "он", "ее": "она", "её": "она", "их": "они"}[lower]


def _special(i: int, tokens: list[str], lowers: list[str]) -> str | None:
    """Lemmas decided by the token's shape rather than by the dictionary: abbreviations and initials."""
    token, lower = tokens[i], lowers[i]
    if lower.startswith("#"):
        return lower
    if lower == "т." or lower == "т":
        following = lowers[i + 1].rstrip(".") if i + 1 < len(lowers) else ""
        if following in _TWO_PART:
            return _TWO_PART[following][0]
        return None
    if i and lowers[i - 1] in ("т.", "т") and lower.rstrip(".") in _TWO_PART:
        return _TWO_PART[lower.rstrip(".")][1]
    if _INITIAL.match(token) and token[0].isupper():
        return lower[0]
    return ABBREVIATIONS.get(lower)
