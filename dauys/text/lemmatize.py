"""Lemmas for a sentence in a known language: the one entry point over the per-language lemmatisers.

Each language's lemmatiser loads on first use, so a command that sees no Russian never loads pymorphy3.
"""

from __future__ import annotations

from importlib import import_module

LANGUAGES = ("kk", "ru", "en")
_MODULES = {"kk": "dauys.text.lemma.kk", "ru": "dauys.text.lemma.ru", "en": "dauys.text.lemma.en"}


def lemmatize_sentence(tokens: list[str], lang: str) -> list[str]:
    """One lemma per token of one sentence (context is used); a lemma is never empty.

    >>> lemmatize_sentence(["Сотқа", "бардық"], "kk")  # doctest: +SKIP
    ['сот', 'бар']
    """
    if lang not in _MODULES:
        raise ValueError(f"no lemmatiser for {lang!r}; choose one of {', '.join(LANGUAGES)}")
    lemmas = import_module(_MODULES[lang]).lemmatize(tokens)
    return [lemma if lemma else token for token, lemma in zip(tokens, lemmas, strict=True)]
