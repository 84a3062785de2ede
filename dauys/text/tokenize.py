"""Word tokens of Kazakh, Russian, English and mixed social-media text.

A token is what a content analyst counts as a word:

- a run of Unicode letters (every Kazakh letter — ә ғ қ ң ө ұ ү һ і — as well as Russian, Latin and
  any other script), possibly with digits inside (``covid19``, ``g7``), inner hyphens (``көк-жайлау``,
  ``из-за``, ``covid-19``) and inner apostrophes (``don't``, ``o'zbek``);
- a hashtag, kept with its ``#`` (``#qantar``, ``#жаңақазақстан``), underscores included;
- lowercased, with ``ё`` folded to ``е`` and typographic apostrophes and hyphens made plain.

Dropped: URLs (with a scheme, starting with ``www.`` or bare domains such as ``egov.kz/services``),
e-mail addresses, @mentions, numbers and anything glued to a number by a hyphen (``2022``, ``15,5``,
``2022-жылы``, ``5-й``: a number with its case ending is still a number), punctuation and emoji.

The function is pure and fast (regular expressions only), so it runs on batches of documents in a
process pool or on a cluster as it does here. Normalisation of Kazakh typed with Russian letters or in
Latin script, language identification and lemmas are separate steps of the text engine.
"""

from __future__ import annotations

import re
import unicodedata

TOKENIZER_VERSION = "2026.1"
"""Recorded in the ledger with every analysis that counts tokens; changes whenever the rules change."""

_TLDS = "kz|ru|com|org|net|gov|edu|info|io|me|tv|uz|kg|tj|by|ua|su|uk|us|de|fr|eu|ly|be|co|рф|қаз"
# What is dropped, each applied only when a quick look finds its mark in the (lowercased) text.
_AT = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![^\W_])@\w+")  # e-mails, then @mentions
_URL = re.compile(r"(?:https?://|www\.)\S+")
_TLD = re.compile(r"\.(?:" + _TLDS + r")(?![^\W_])")
_DOMAIN = re.compile(r"(?<![^\W_])(?:[a-z0-9-]+\.)+(?:" + _TLDS + r")(?:/\S*)?(?![^\W_])")
# A word starts with a letter that follows neither a letter nor a digit, nor a number and a hyphen.
_TOKEN = re.compile(
    r"""
    (?<![^\W_])(?<!\d-)
    (?:
        \#\w*[^\W\d_]\w*                                      # hashtag with at least one letter
      | [^\W\d_][^\W_]*(?:['-][^\W_]+)*                       # word: letters, digits, inner ' and -
    )
    """,
    re.VERBOSE,
)
# Letters folded before counting: ё as е, typographic apostrophes and hyphens as plain ones, and the
# Turkish capital İ as I (so that lowercasing gives i, not i with a combining dot).
_FOLDS = (
    ("ё", "е"), ("Ё", "Е"), ("’", "'"), ("‘", "'"), ("ʼ", "'"), ("`", "'"), ("‐", "-"), ("‑", "-"), ("İ", "I"),
)


def _folded(text: str) -> str:
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    for old, new in _FOLDS:
        if old in text:
            text = text.replace(old, new)
    return text


def normalize_token(word: str) -> str:
    """A word in the form :func:`word_tokens` gives it: NFC, lowercase, ё as е, plain ' and -."""
    return _folded(word).lower()


def word_tokens(text: str) -> list[str]:
    """The word tokens of ``text``, lowercased, in order of appearance.

    >>> word_tokens("Су тарифі тағы өсті! #ЖаңаҚазақстан https://egov.kz @akimat")
    ['су', 'тарифі', 'тағы', 'өсті', '#жаңақазақстан']
    >>> word_tokens("Ещё 15% — из-за COVID-19, don’t panic 😷")
    ['еще', 'из-за', 'covid-19', "don't", 'panic']
    """
    if not text:
        return []
    text = _folded(text).lower()
    if "@" in text:
        text = _AT.sub(" ", text)
    if "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    if "." in text and _TLD.search(text):
        text = _DOMAIN.sub(" ", text)
    return _TOKEN.findall(text)
