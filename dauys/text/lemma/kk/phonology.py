"""Kazakh sound classes: vowel harmony and the consonant classes that choose a suffix's allomorph.

Suffixes agree with the word they attach to in two ways. Their vowel follows the last vowel of the
word (back ``а о ұ ы`` or front ``ә ө ү і е``: *жыл-дар*, *жер-лер*), and their first consonant follows
its last sound (*жыл-дың*, *әлем-нің*, *мектеп-тің*). The analyser checks both on the written form:
:func:`harmony_of` gives the harmony a suffix attached to a string may have, and the ``AFTER_*`` sets
below name the final letters each initial consonant accepts.
"""

from __future__ import annotations

BACK = "B"
FRONT = "F"
BOTH = "BF"

_BACK_VOWELS = frozenset("аоұыяё")
_FRONT_VOWELS = frozenset("әөүіеэ")
# у and ю are glides after a vowel (тау, кию): they decide harmony only when the word has no other vowel.
_WEAK_VOWELS = frozenset("уюи")

VOWELS = frozenset("аәеёоөұүыіэяюуи")
"""Letters written as vowels (у, ю and и included; they also act as glides)."""

PLAIN_VOWELS = frozenset("аәеёоөұүыіэя")
"""Vowels after which a suffix takes its "after a vowel" shape (у, ю, и behave as consonants there)."""

GLIDES = frozenset("йуюи")
NASALS = frozenset("мнң")
SIBILANT_VOICED = frozenset("жз")
VOICED_OBSTRUENTS = frozenset("бвгғд")
VOICELESS = frozenset("кқпстфхһцчшщ")
CONSONANTS = GLIDES | NASALS | SIBILANT_VOICED | VOICED_OBSTRUENTS | VOICELESS | frozenset("лрьъ")

# What each suffix-initial consonant accepts before it (written final letter of the left part).
AFTER_VOWEL = PLAIN_VOWELS
AFTER_SONORANT = GLIDES | frozenset("лр")
AFTER_VOICED = AFTER_SONORANT | NASALS | SIBILANT_VOICED
AFTER_VOICELESS = VOICELESS | VOICED_OBSTRUENTS
AFTER_CONSONANT = CONSONANTS

# A final voiceless stop is voiced before a vowel: кітап -> кітабы, жүрек -> жүрегі, шық -> шығады.
VOICED_TO_STEM = {"б": "п", "г": "к", "ғ": "қ"}


def drops_vowel(stem: str) -> bool:
    """Whether a written stem ends like a noun whose last vowel dropped before a vowel suffix.

    The nouns that do this end in a sonorant and н, з, м, п or қ (ерін -> ерні, мұрын -> мұрны, мойын
    -> мойны, ауыз -> аузы, халық -> халқы, қалып -> қалпы); other clusters (ішкі, қарсы) are not
    such nouns.

    >>> drops_vowel("мұрн"), drops_vowel("халқ"), drops_vowel("ішк")
    (True, True, False)
    """
    return len(stem) >= 3 and stem[-2] in _DROPPING_FIRST and stem[-1] in _DROPPING_LAST


_DROPPING_FIRST = frozenset("рйлу")
_DROPPING_LAST = frozenset("нзмпқ")


def harmony_of(text: str) -> str:
    """Harmony a suffix after ``text`` takes: ``"B"`` (back), ``"F"`` (front) or ``"BF"`` (either).

    >>> harmony_of("жыл"), harmony_of("жер"), harmony_of("су"), harmony_of("ҚР")
    ('B', 'F', 'B', 'BF')
    """
    weak = ""
    for ch in reversed(text):
        if ch in _BACK_VOWELS:
            return BACK
        if ch in _FRONT_VOWELS:
            return FRONT
        if ch in _WEAK_VOWELS and not weak:
            weak = ch
    if weak == "и":
        return BOTH
    if weak:
        return BACK
    return BOTH


def high_vowel(harmony: str) -> str:
    """The high vowel (ы or і) that harmony calls for; ы when either fits."""
    return "і" if harmony == FRONT else "ы"


def has_vowel(text: str) -> bool:
    """Whether ``text`` has a written vowel (a stem needs one, abbreviations aside)."""
    return not VOWELS.isdisjoint(text)
