"""Lemmas for a sentence in a known language: the one entry point over the per-language lemmatisers.

Each language's lemmatiser loads on first use, so a command that sees no Russian never loads pymorphy3.
Kazakh written in Latin script is read in Cyrillic first (:func:`dauys.text.normalize.latin_to_cyrillic_kk`),
so its lemmas are Cyrillic like those of the rest of the corpus; a Latin token that reads as English
(``instagram``) is left to the Kazakh lemmatiser as it is.
"""

from __future__ import annotations

import re
from importlib import import_module

LANGUAGES = ("kk", "ru", "en")
_MODULES = {"kk": "dauys.text.lemma.kk", "ru": "dauys.text.lemma.ru", "en": "dauys.text.lemma.en"}
_LATIN_WORD = re.compile(r"^[^\W\d_](?:[^\W_]|['’ʼ-])*$", re.ASCII)
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def lemmatize_sentence(tokens: list[str], lang: str) -> list[str]:
    """One lemma per token of one sentence (context is used); a lemma is never empty.

    >>> lemmatize_sentence(["Сотқа", "бардық"], "kk")  # doctest: +SKIP
    ['сот', 'бар']
    >>> lemmatize_sentence(["Jaqsy", "bolady"], "kk")  # doctest: +SKIP
    ['жақсы', 'бол']
    """
    if lang not in _MODULES:
        raise ValueError(f"no lemmatiser for {lang!r}; choose one of {', '.join(LANGUAGES)}")
    words = _kazakh_in_cyrillic(tokens) if lang == "kk" else tokens
    lemmas = import_module(_MODULES[lang]).lemmatize(words)
    return [lemma if lemma else token for token, lemma in zip(tokens, lemmas, strict=True)]


def _kazakh_in_cyrillic(tokens: list[str]) -> list[str]:
    """The tokens with the Latin-script Kazakh words among them written in Cyrillic (others unchanged)."""
    latin = [i for i, token in enumerate(tokens) if _is_latin_word(token)]
    if not latin:
        return tokens
    from dauys.text.normalize import kazakh_latin_word_in_cyrillic

    words = list(tokens)
    for i in latin:
        words[i] = kazakh_latin_word_in_cyrillic(tokens[i])
    return words


def _is_latin_word(token: str) -> bool:
    if token.isascii():
        return bool(_LATIN_WORD.match(token))
    return not _CYRILLIC.search(token) and bool(_LATIN_LETTER.search(token))
