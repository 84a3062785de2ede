"""Normalised word forms: the spelling variation of online Kazakh, Russian and English folded away.

Normalisation gives a *derived* form; the original text is always kept next to it. Each change can be
switched off through :class:`NormalizeOptions`:

``nfc``
    Unicode NFC (``е`` + combining diaeresis -> ``ё``; ``a`` + combining acute -> ``á``).
``lookalikes``
    Latin letters that look like Cyrillic ones inside a word written mostly in Cyrillic become Cyrillic
    (``Aлматы`` with a Latin ``A`` -> ``Алматы``; ``i`` -> ``і``, ``ə`` -> ``ә``, ``ɵ`` -> ``ө``), and the
    other way round inside a mostly Latin word (``сoffee`` -> ``coffee``).
``latin_kazakh``
    Kazakh written in Latin script becomes Cyrillic when the text (or span) is Kazakh: the official
    alphabets of 2017 (apostrophes: ``o'`` = ``ө``), 2018 (acutes: ``á ǵ ń ó ú ý``, ``ı`` = ``и``/``й``,
    ``sh``, ``ch``) and 2021 (Turkish-style: ``ä ğ ñ ö ş ç ū ü``, ``ı`` = ``і``, ``i`` = ``и``/``й``),
    and informal typing (``zhaksy``, ``jaqsy``, ``kazak``, ``rahmet``, ``gh``, ``ng``, ``w``). See
    :func:`latin_to_cyrillic_kk`.
    A Latin word that the language identifier takes for English (``instagram``, ``ok``) stays as it is.
``russian_letters``
    Kazakh typed with Russian letters (``кушти`` for ``күшті``, ``калай`` for ``қалай``) is restored in
    Kazakh text where the Kazakh lexicon is sure: the word is neither a known Kazakh nor a known Russian
    form, and exactly one of its restorations (``а``->``ә``, ``о``->``ө``, ``у``->``ұ``/``ү``, ``ы``/``и``->
    ``і``, ``к``->``қ``, ``г``->``ғ``, ``н``->``ң``, ``х``->``һ``) is a known Kazakh form. Anything else is
    left alone: precision matters more than recall here.
``repeats``
    Stretched letters (``кееррреемееетт``, ``keremeeet``, ``оооочень``). A word with a letter typed three
    or more times in a row is stretched; in it, every run of a repeated letter is read as one or two
    letters, and the variant the language's lexicon knows is chosen (``кееррреемееетт`` -> ``керемет``,
    ``клаааасс`` -> ``класс``; of several, the one with more doubled letters: ``coooool`` -> ``cool``);
    with no known variant every run becomes one letter. A stretched word the lexicon knows as it is
    stays (``ссср``). A letter doubled
    in a word without a longer run is never touched (``Алла``, ``масса``, ``класс``, ``ассалаумағалейкум``).

Word forms come out lowercase (``normalize_word``); :func:`normalize_text` keeps the case of the text.
Nothing is downloaded: the lexicons are the Kazakh analyser's (:mod:`dauys.text.lemma.kk`), pymorphy3's
Russian dictionary and simplemma's English one. Results depend only on the input and the options, and
:data:`NORMALIZER_VERSION` is recorded with every analysis that uses them.

Examples
--------
>>> normalize_word("Qazaqstan", "kk"), normalize_word("sálem", "kk"), normalize_word("jaqsy", "kk")
('қазақстан', 'сәлем', 'жақсы')
>>> normalize_word("кушти", "kk"), normalize_word("калай", "kk"), normalize_word("калина", "ru")
('күшті', 'қалай', 'калина')
>>> normalize_word("кееррреемееетт", "kk"), normalize_word("Aлматы", "kk")
('керемет', 'алматы')
>>> normalize_text("Rahmet, óte jaqsy boldy!", "kk")
'Рахмет, өте жақсы болды!'
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "NORMALIZER_VERSION",
    "NormalizeOptions",
    "kazakh_latin_word_in_cyrillic",
    "latin_to_cyrillic_kk",
    "normalize_text",
    "normalize_word",
    "prepare_words",
]

NORMALIZER_VERSION = "2026.1"
"""Recorded in the ledger with every analysis that uses normalised forms; changes whenever the rules do."""


@dataclass(frozen=True)
class NormalizeOptions:
    """Which changes :func:`normalize_word` and :func:`normalize_text` make (all on by default).

    >>> NormalizeOptions(russian_letters=False)
    NormalizeOptions(nfc=True, lookalikes=True, latin_kazakh=True, russian_letters=False, repeats=True)
    """

    nfc: bool = True
    lookalikes: bool = True
    latin_kazakh: bool = True
    russian_letters: bool = True
    repeats: bool = True


DEFAULT_OPTIONS = NormalizeOptions()

# Words longer than this (pasted hashes, keyboard mashing) only get the changes that need no lexicon.
_MAX_LEXICON_WORD = 40
# Candidate spellings examined per word: the cheapest by the costs below, so the work stays bounded.
_MAX_CANDIDATES = 64

# How much better (in the Kazakh analyser's score) a restoration must be than any other reading.
_SURE_MARGIN = 2.0
_SURE_MARGIN_OVER_KNOWN = 5.0
# How much a rival restoration loses per letter it changes beyond the best one's (тұрғанына, not тұрғаныңа).
_EXTRA_CHANGE = 1.0
# A known form with a score this high (attested in the treebank, a closed-class word) is never restored.
_SURELY_KNOWN = 8.0
_KAZAKH_LETTERS = re.compile(r"[әғқңөұүһі]")

_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u0259\u0275\u018f\u019f]")
_ROMAN_NUMERAL = re.compile(r"^[IVXLCDM]+$")  # XX ғасыр: a century, not Kazakh in Latin letters
_STRETCHED = re.compile(r"([^\W\d_])\1\1")
_RUN = re.compile(r"([^\W\d_])\1+")
_WORD = re.compile(r"[^\W\d_](?:[^\W_]|[\u0300-\u036f])*(?:['’ʼ-](?:[^\W_]|[\u0300-\u036f])+)*")

_TO_CYRILLIC = str.maketrans("AaBCcEeHIiKkMmOoPpTXxYyəƏɵƟh", "АаВСсЕеНІіКкМмОоРрТХхУуәӘөӨһ")
_TO_LATIN = str.maketrans("АаВСсЕеНІіКкМмОоРрТХхУуһ", "AaBCcEeHIiKkMmOoPpTXxYyh")

# Russian letters Kazakh is typed with, and the Kazakh letters each may stand for.
_RESTORATIONS = {"а": "ә", "о": "ө", "у": "ұү", "ы": "і", "и": "і", "к": "қ", "г": "ғ", "н": "ң", "х": "һ"}

# Latin spellings of Kazakh: sequence -> ((Cyrillic, cost), ...); the cost-0 reading is the default and
# the lexicon may pick a dearer one. Sequences of several letters compete with their letters read one
# by one (``ng`` is ``ң`` or ``нг``). 2018: y = ы, u = ұ, ý = у, ı = и/й; 2021: ı = і, i = и/й, u = у.
_LATIN_KK: dict[str, tuple[tuple[str, float], ...]] = {
    "a": (("а", 0), ("ә", 1)), "á": (("ә", 0),), "ä": (("ә", 0),), "a'": (("ә", 0),),
    "b": (("б", 0),), "c": (("с", 0), ("ц", 1), ("ч", 1)), "ç": (("ч", 0),), "c'": (("ч", 0),),
    "ch": (("ч", 0),), "d": (("д", 0),), "e": (("е", 0), ("э", 1), ("ә", 2)), "é": (("е", 0),),
    "f": (("ф", 0),), "g": (("г", 0), ("ғ", 1)), "ǵ": (("ғ", 0),), "ğ": (("ғ", 0),), "g'": (("ғ", 0),),
    "gh": (("ғ", 0),), "h": (("х", 0), ("һ", 1)), "i": (("і", 0), ("и", 1), ("ы", 1), ("й", 2)),
    "í": (("и", 0), ("й", 1)), "ì": (("и", 0),), "i'": (("и", 0), ("й", 1)),
    "ı'": (("и", 0), ("й", 1)), "iy": (("и", 1),), "ıy": (("и", 1),), "j": (("ж", 0), ("й", 2)),
    "k": (("к", 0), ("қ", 1)), "kh": (("х", 0),), "l": (("л", 0),), "m": (("м", 0),),
    "n": (("н", 0), ("ң", 1)), "ń": (("ң", 0),), "ñ": (("ң", 0),), "ŋ": (("ң", 0),), "n'": (("ң", 0),),
    "ng": (("ң", 0),), "o": (("о", 0), ("ө", 1)), "ó": (("ө", 0),), "ö": (("ө", 0),), "ø": (("ө", 0),),
    "o'": (("ө", 0),), "p": (("п", 0),), "q": (("қ", 0),), "r": (("р", 0),), "s": (("с", 0),),
    "ş": (("ш", 0),), "s'": (("ш", 0),), "sh": (("ш", 0),), "shch": (("щ", 0),), "t": (("т", 0),),
    "ts": (("ц", 2),), "u": (("у", 0), ("ұ", 1), ("ү", 1)), "ú": (("ү", 0),), "ü": (("ү", 0),),
    "u'": (("ү", 0),), "ū": (("ұ", 0),), "ý": (("у", 0),), "v": (("в", 0),), "w": (("у", 0),),
    "x": (("х", 0),), "y": (("ы", 0), ("у", 1), ("й", 1), ("и", 2)), "y'": (("ұ", 0),),
    "ai": (("ай", 0.5), ("әй", 1.5)), "ei": (("ей", 0.5),), "oi": (("ой", 0.5), ("өй", 1.5)),
    "ui": (("үй", 0.5), ("ұй", 1.5), ("уй", 1.5)), "ya": (("я", 1),), "yu": (("ю", 1),), "z": (("з", 0),),
    "zh": (("ж", 0),), "'": (("", 0),),
    "’": (("", 0),), "ʼ": (("", 0),), "-": (("-", 0),),
}
# The letters that differ between the official alphabets: in a word with a letter only the 2021 alphabet
# has, ı is і and i is и/й; with one only the 2018 alphabet has, ı is и/й; otherwise ı may be either.
_MARKS_2021 = frozenset("äğñöşçūü")
_MARKS_2018 = frozenset("áǵńóúý")
_LATIN_KK_2021 = {**_LATIN_KK, "ı": (("і", 0),), "i": (("и", 0), ("й", 0.5), ("і", 2)),
                  "u": (("у", 0), ("ұ", 2), ("ү", 2))}
_LATIN_KK_2018 = {**_LATIN_KK, "ı": (("и", 0), ("й", 0.5))}
_LATIN_KK = {**_LATIN_KK, "ı": (("і", 0), ("ы", 0.5), ("и", 1), ("й", 1))}
_LONGEST_SEQUENCE = max(map(len, _LATIN_KK))


def normalize_word(word: str, lang: str | None, options: NormalizeOptions = DEFAULT_OPTIONS) -> str:
    """The lowercase normalised form of one word token, read in the language of its text or span.

    Parameters
    ----------
    word
        One token as :func:`dauys.text.tokenize.word_tokens` gives it (letters, digits inside, inner
        hyphens and apostrophes); any case.
    lang
        The language of the text or span the word comes from: ``"kk"``, ``"ru"``, ``"en"``, ``"other"``
        or ``None`` (unknown: a Latin word becomes Cyrillic only if the language identifier finds the
        word itself Kazakh; Russian letters are restored only when ``lang`` is ``"kk"``).
    options
        Which changes to make.

    Returns
    -------
    str
        The normalised form, lowercase. The result depends only on the arguments, so callers may cache
        it per distinct ``(word, lang)``.

    Examples
    --------
    >>> normalize_word("Jaqsy", "kk"), normalize_word("zhaksy", "kk"), normalize_word("kushti", "kk")
    ('жақсы', 'жақсы', 'күшті')
    >>> normalize_word("рахмеееет", "kk"), normalize_word("кушти", "kk", NormalizeOptions(russian_letters=False))
    ('рахмет', 'кушти')
    """
    return _normalized(word, lang, options)


def prepare_words(words: list[str], lang: str | None, options: NormalizeOptions = DEFAULT_OPTIONS) -> None:
    """Do at once, for many words about to be normalised, what is much faster at once than one by one
    (asking the language identifier about each Latin-script word); :func:`normalize_word` gives the same."""
    if not options.latin_kazakh or lang not in ("kk", None):
        return
    from dauys.text.langid import word_language_scores_many

    latin = []
    for word in words:
        if _CYRILLIC.search(word):
            continue  # nearly always Cyrillic after the look-alikes too (and one left out is just asked later)
        lowered, is_latin = _prepared_form(word, lang, options)
        if is_latin and len(lowered) <= _MAX_LEXICON_WORD:
            latin.append(lowered)
    if latin:
        word_language_scores_many(latin)


def _prepared_form(word: str, lang: str | None, options: NormalizeOptions) -> tuple[str, bool]:
    """The word in NFC, look-alike letters fixed, lowercase; and whether it is written in Latin letters."""
    if options.nfc and not word.isascii() and not unicodedata.is_normalized("NFC", word):
        word = unicodedata.normalize("NFC", word)
    if options.lookalikes and not word.isascii():
        word = _lookalikes_replaced(word, lang)
    latin = not _CYRILLIC.search(word) and bool(_LATIN.search(word)) and not _ROMAN_NUMERAL.match(word)
    return word.replace("İ", "I").lower(), latin


@lru_cache(maxsize=1 << 18)
def _normalized(word: str, lang: str | None, options: NormalizeOptions) -> str:
    word, latin = _prepared_form(word, lang, options)
    cyrillic = bool(_CYRILLIC.search(word))
    if len(word) > _MAX_LEXICON_WORD:
        return _collapsed_runs(word) if options.repeats and _STRETCHED.search(word) else word
    to_cyrillic = latin and options.latin_kazakh and _reads_as_kazakh(word, lang)
    if options.repeats and _STRETCHED.search(word):
        word = _destretched(word, lang, cyrillic, to_cyrillic)
    if to_cyrillic:
        word = _transliterated(word)[0]
        cyrillic = True
    if options.russian_letters and lang == "kk" and cyrillic:
        word = _restored(word)
    return word


def normalize_text(text: str, lang: str | None = None, options: NormalizeOptions = DEFAULT_OPTIONS) -> str:
    """The text with every word normalised, its case, spaces, punctuation, digits and emoji kept.

    Parameters
    ----------
    text
        Any text.
    lang
        Its language (``"kk"``, ``"ru"``, ``"en"``, ``"other"``), or ``None`` to identify it span by span
        with :func:`dauys.text.langid.document_languages`, so that the Kazakh sentences of a mixed comment
        are normalised as Kazakh and its Russian ones as Russian.
    options
        Which changes to make (see :class:`NormalizeOptions`).

    Returns
    -------
    str
        The normalised text: a derived field, never a replacement for the original. A word that only
        changes letters keeps its capitals (``Qazaqstan`` -> ``Қазақстан``, ``KUSHTI`` -> ``КҮШТІ``).

    Examples
    --------
    >>> normalize_text("Salem! Bugin kun óte jaqsy", "kk")
    'Сәлем! Бүгін күн өте жақсы'
    >>> normalize_text("Калай? Цены опять выросли", "kk")  # doctest: +SKIP
    'Қалай? Цены опять выросли'
    """
    if not text:
        return text
    if options.nfc and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    spans: list[tuple[int, int, str]] = []
    if lang is None:
        from dauys.text.langid import document_languages

        found = document_languages(text)
        lang, spans = found.lang, found.spans
    pieces = []
    last = 0
    span = 0
    for match in _WORD.finditer(text):
        while span < len(spans) and spans[span][1] <= match.start():
            span += 1
        word_lang = spans[span][2] if span < len(spans) and spans[span][0] <= match.start() else lang
        pieces.append(text[last : match.start()])
        pieces.append(_recased(match.group(), normalize_word(match.group(), word_lang, options)))
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def latin_to_cyrillic_kk(word: str) -> str:
    """Kazakh written in Latin letters, in Cyrillic; case kept (``Qazaqstan`` -> ``Қазақстан``).

    Every official Latin alphabet is read (2017 with apostrophes, 2018 with acutes, 2021 with
    Turkish-style letters) as well as informal typing (``zh``/``j`` = ``ж``, ``sh`` = ``ш``, ``ch`` =
    ``ч``, ``gh`` = ``ғ``, ``ng`` = ``ң``, ``w`` = ``у``, ``kh`` = ``х``, ``ya`` = ``я``). Letters that
    stand for several Kazakh ones (informal ``u`` for ``у``/``ұ``/``ү``, ``y`` for ``ы``/``у``/``й``,
    ``i`` for ``і``/``ы``/``и``/``й``, ``ı`` for ``і`` in 2021 but ``и``/``й`` in 2018; ``a``, ``o``,
    ``k``, ``g``, ``n``, ``h`` without their marks) are decided by the Kazakh lexicon: of the 64 cheapest
    readings (each departure from the default costs), the known form with the best analysis wins. When no
    reading is a known form, the default reading is used: ``a`` = ``а``, ``o`` = ``о``, ``u`` = ``у``,
    ``i`` = ``і`` (``и`` in a word with a letter only the 2021 alphabet has), ``y`` = ``ы``, ``ı`` = ``і``
    (``и`` with a letter only the 2018 alphabet has), ``k`` = ``к``, ``g`` = ``г``, ``n`` = ``н``,
    ``h`` = ``х``, ``ai`` = ``ай``. Words longer than 40 letters get the default reading. Characters that
    are not Latin letters of Kazakh (digits, Cyrillic) are kept.

    Examples
    --------
    >>> [latin_to_cyrillic_kk(w) for w in ["Qazaqstan", "sálem", "jaqsy", "rahmet", "bolady", "jok"]]
    ['Қазақстан', 'сәлем', 'жақсы', 'рахмет', 'болады', 'жоқ']
    >>> [latin_to_cyrillic_kk(w) for w in ["menıñ", "Būl", "o'te", "zhaksy", "keremet", "kushti"]]
    ['менің', 'Бұл', 'өте', 'жақсы', 'керемет', 'күшті']
    """
    if not word:
        return word
    lower = word.replace("İ", "I").lower()
    if len(lower) > _MAX_LEXICON_WORD:
        cyrillic = _default_reading(lower)
    else:
        cyrillic = _transliterated(lower)[0]
    return _recased(word, cyrillic)


@lru_cache(maxsize=1 << 16)
def kazakh_latin_word_in_cyrillic(token: str) -> str:
    """A Latin-script token of Kazakh text in Cyrillic, case kept; a token that reads as English unchanged.

    What :func:`dauys.text.lemmatize.lemmatize_sentence` applies to Kazakh sentences before lemmatising.

    >>> [kazakh_latin_word_in_cyrillic(w) for w in ["Jaqsy", "instagram", "XX"]]
    ['Жақсы', 'instagram', 'XX']
    """
    lower = token.replace("İ", "I").lower()
    if len(lower) > _MAX_LEXICON_WORD or _ROMAN_NUMERAL.match(token) or not _reads_as_kazakh(lower, "kk"):
        return token
    return _recased(token, _transliterated(lower)[0])


def _recased(original: str, lower: str) -> str:
    """``lower`` written with the capitals of ``original`` (all capitals, a capital first, or none)."""
    if original.lower() == lower:
        return original
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return lower.upper()
    if original[:1].isupper():
        return lower[:1].upper() + lower[1:]
    return lower


def _lookalikes_replaced(word: str, lang: str | None) -> str:
    if not _LATIN.search(word) or not _CYRILLIC.search(word):
        return word  # one script only: the common case, told without counting
    cyrillic = len(_CYRILLIC.findall(word))
    latin = len(_LATIN.findall(word))
    if cyrillic > latin or (cyrillic == latin and lang != "en"):
        return word.translate(_TO_CYRILLIC)
    return word.translate(_TO_LATIN)


def _reads_as_kazakh(word: str, lang: str | None) -> bool:
    """Whether a Latin-script word is Kazakh.

    In Kazakh text, yes unless the language identifier finds it English (``instagram``, ``ok``), though
    a word that reads as a known Kazakh form is Kazakh (``Almaty``) unless it is a short English word
    (``ok``, not ``оқ``). In text of
    unknown language, only when the identifier finds the word itself Kazakh (``jaqsy``).
    """
    if lang not in ("kk", None):
        return False
    from dauys.text.langid import word_language_scores

    scores = word_language_scores(word)
    if lang is None:
        return scores["kk"] >= 0.6
    if not (scores["en"] >= 0.5 and scores["en"] > scores["kk"]):
        return True
    return _transliterated(word)[1] and (len(word) > 3 or not _known_en(word))


# ---- stretched letters -------------------------------------------------------------------------------


def _collapsed_runs(word: str) -> str:
    return _RUN.sub(r"\1", word)


def _destretched(word: str, lang: str | None, cyrillic: bool, to_kazakh: bool) -> str:
    """A stretched word with every run read as one or two letters: the known variant, else all ones."""
    if _is_known(word, lang, cyrillic, to_kazakh) or (cyrillic and (_known_kk(word) or _known_ru(word))):
        return word
    runs = list(_RUN.finditer(word))
    if len(runs) > 8:
        return _collapsed_runs(word)
    known = []
    for mask in range(1 << len(runs)):
        pieces, last = [], 0
        for bit, run in enumerate(runs):
            pieces.append(word[last : run.start()] + run.group(1) * (2 if mask >> bit & 1 else 1))
            last = run.end()
        candidate = "".join(pieces) + word[last:]
        if _is_known(candidate, lang, cyrillic, to_kazakh):
            known.append((bin(mask).count("1"), candidate))
    return max(known)[1] if known else _collapsed_runs(word)


def _is_known(word: str, lang: str | None, cyrillic: bool, to_kazakh: bool) -> bool:
    if to_kazakh:
        return _transliterated(word)[1]
    if cyrillic:
        return (lang != "ru" and _known_kk(word)) or (lang != "kk" and _known_ru(word))
    return lang in ("en", None) and _known_en(word)


@lru_cache(maxsize=1 << 16)
def _known_as_written(word: str) -> bool:
    from dauys.text.lemma.kk import is_known_form

    return is_known_form(word)


def _known_kk(word: str) -> bool:
    return _known_as_written(word)


@lru_cache(maxsize=1 << 16)
def _known_ru(word: str) -> bool:
    from dauys.text.lemma.ru import is_known_form

    return is_known_form(word)


@lru_cache(maxsize=1 << 16)
def _known_en(word: str) -> bool:
    import simplemma

    return simplemma.is_known(word, lang="en")


def _kk_score(word: str) -> float:
    from dauys.text.lemma.kk import best_score

    return best_score(word)


# ---- Kazakh typed with Russian letters ---------------------------------------------------------------


@lru_cache(maxsize=1 << 18)
def _restored(word: str) -> str:
    """The Kazakh spelling of a word typed with Russian letters, when the lexicon is sure; else the word.

    Sure means: the word is no known Russian form, some of its restorations are known Kazakh forms, and
    the best analysed of them (by the analyser's score) beats the next one by :data:`_SURE_MARGIN`
    (``кандай`` -> ``қандай``, not ``қаңдай``, which the analyser can also parse). A word that is itself
    a known Kazakh form is kept unless the restoration beats it by :data:`_SURE_MARGIN_OVER_KNOWN`
    (``жаксы``, a rare stem, -> ``жақсы``).
    """
    if len(word) < 2 or not any(c in _RESTORATIONS for c in word):
        return word
    if _KAZAKH_LETTERS.search(word):
        if _known_as_written(word):
            return word  # the common case, a word typed with Kazakh letters, costs one analysis
        if _known_ru(word):
            return word
        known_as_written = False
    else:
        if _known_ru(word):
            return word
        # Written without Kazakh letters, the word is one of its own spellings: the walk that finds its
        # restorations says whether it is known, too.
        known_as_written = word.replace("ё", "е") in _kazakh_spellings(word)
        if known_as_written and _kk_score(word) >= _SURELY_KNOWN:
            return word
    readings = [(cost, c) for c in _kazakh_spellings(word) if c != word
                and (cost := _restoration_cost(word, c)) is not None]
    if len(readings) == 1 and not known_as_written:
        return readings[0][1]  # nothing to weigh it against
    known = sorted(((_kk_score(c), -cost, c) for cost, c in readings), reverse=True)
    if not known:
        return word
    best, changes = known[0][0], -known[0][1]
    # A rival that changes more letters than the best reading must come closer to count against it.
    rival = max((score - _EXTRA_CHANGE * max(0, -cost - changes) for score, cost, _ in known[1:]), default=-math.inf)
    rival += _SURE_MARGIN
    if known_as_written:
        rival = max(rival, _kk_score(word) + _SURE_MARGIN_OVER_KNOWN)
    return known[0][2] if best >= rival else word


def _kazakh_spellings(word: str) -> frozenset[str]:
    """The known Kazakh forms spelled like ``word`` up to ә/а, ө/о, ұ/ү/у, і/ы/и, қ/к, ғ/г, ң/н, һ/х."""
    from dauys.text.lemma.kk.spelling import fold, spellings

    return spellings(fold(word))


def _restoration_cost(word: str, spelling: str) -> int | None:
    """How many letters of ``word`` the restorations change to make ``spelling`` (None when they cannot)."""
    if len(spelling) != len(word):
        return None
    cost = 0
    for i, (typed, real) in enumerate(zip(word, spelling, strict=True)):
        if typed != real:
            if real not in _RESTORATIONS.get(typed, "") or (real == "ң" and i == 0):
                return None
            cost += 1
    return cost


# ---- Latin to Cyrillic -------------------------------------------------------------------------------


def _readings(word: str, k: int) -> list[tuple[float, str]]:
    """The ``k`` cheapest Cyrillic readings of a lowercase Latin word, cheapest first."""
    table = _table(word)
    best: list[list[tuple[float, str]]] = [[] for _ in range(len(word))] + [[(0.0, "")]]
    for i in range(len(word) - 1, -1, -1):
        found = []
        for size in range(1, min(_LONGEST_SEQUENCE, len(word) - i) + 1):
            # A sequence of several letters read as one is cheaper than its letters read one by one.
            for text, cost in table.get(word[i : i + size], ()):
                found.extend((cost - 0.5 * (size - 1) + c, text + rest) for c, rest in best[i + size])
        if not any(word[i : i + size] in table for size in range(1, min(_LONGEST_SEQUENCE, len(word) - i) + 1)):
            found.extend((c, word[i] + rest) for c, rest in best[i + 1])
        best[i] = heapq.nsmallest(k, found)
    return best[0]


def _default_reading(word: str) -> str:
    """The default Cyrillic reading of a long lowercase Latin word, left to right in linear time."""
    table = _table(word)
    pieces, i = [], 0
    while i < len(word):
        options = [(cost - 0.5 * (size - 1), -size, text) for size in range(1, _LONGEST_SEQUENCE + 1)
                   for text, cost in table.get(word[i : i + size], ())]
        _, size, text = min(options) if options else (0, -1, word[i])
        pieces.append(text)
        i -= size
    return "".join(pieces)


def _table(word: str) -> dict[str, tuple[tuple[str, float], ...]]:
    """The reading of the letters that differ between the official alphabets, by the marks in the word."""
    if any(c in _MARKS_2021 for c in word):
        return _LATIN_KK_2021
    if any(c in _MARKS_2018 for c in word):
        return _LATIN_KK_2018
    return _LATIN_KK


@lru_cache(maxsize=1 << 16)
def _transliterated(word: str) -> tuple[str, bool]:
    """(Cyrillic reading of a lowercase Latin word, whether it is a known Kazakh form)."""
    from dauys.text.lemma.kk.spelling import fold, spellings

    readings = _readings(word, _MAX_CANDIDATES)
    # the readings differ mostly in letters that fold alike: a few walks answer for all of them
    spelled = frozenset().union(*(spellings(f) for f in {fold(text) for _, text in readings}))
    known = [(cost, text) for cost, text in readings if text in spelled]
    if len(known) == 1:
        return known[0][1], True
    if known:
        return max((_kk_score(text), -cost, text) for cost, text in known)[2], True
    return readings[0][1], False
