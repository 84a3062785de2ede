"""Hashed character and word n-gram counts of short, noisy Kazakh, Russian and English texts.

Two blocks of features, each hashed into its own ``2**bits`` buckets so that no vocabulary has to be
stored or looked up:

``char``
    Character n-grams (orders ``char_ngrams``) inside the words of the *folded* text, each word padded
    with a space at both ends as scikit-learn's ``char_wb`` analyser does: ``" өте "`` gives ``" ө"``,
    ``"өт"``, ``"те "``, ...
``word``
    Word unigrams and bigrams (orders ``word_ngrams``) of the text engine's tokens
    (:func:`dauys.text.tokenize.word_tokens`) of the folded text; with a stem table (see
    :class:`WordKeys`), also each word's normalised Kazakh stem, as a unigram of its own kind, so that
    ``жақсы``, ``жақсысы`` and ``жаксыга`` share a feature.

*Folding* makes the spellings of one Kazakh word typed on different keyboards look alike: Kazakh written
in Latin letters becomes Cyrillic letter by letter (English words too, which only need to come out the
same way each time; :func:`dauys.text.normalize.latin_to_cyrillic_kk` reads them better but consults the
lexicon, too slow for thousands of texts a second), Kazakh letters become the Russian letters people
type for them (``ә``->``а``, ``қ``->``к``, ``ұ``/``ү``->``у``, ``і``->``и``, ...), and a letter typed
three or more times in a row is kept once. ``Jaqsy``, ``жақсы`` and ``жаксыыы`` all fold to ``жаксы``.

Everything here is numpy and the standard library, so that applying a model does not pay for importing
scikit-learn or scipy. The hashes are fixed (not Python's salted ``hash``): a model saved on one machine
gives the same features on another.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from dauys.text.tokenize import word_tokens

FEATURES_VERSION = 1
"""Changes whenever the same text would give other features; saved models record it."""

_KAZAKH_FOLD = str.maketrans("әғқңөұүһіё", "агкноуухие")
# Kazakh typed in Latin letters (the 2017, 2018 and 2021 alphabets and informal typing) read into the
# folded Cyrillic alphabet, where the letters those alphabets tell apart (a/ä, u/ü/ū, ...) are one.
_LATIN_PAIRS = {
    "zh": "ж", "sh": "ш", "ch": "ч", "gh": "г", "kh": "х", "ng": "н", "ya": "я", "yu": "ю", "ts": "ц",
    "a'": "а", "o'": "о", "u'": "у", "i'": "и", "g'": "г", "n'": "н", "s'": "ш", "c'": "ч",
}
_LATIN_PAIR = re.compile("|".join(_LATIN_PAIRS))
_LATIN_LETTERS = {
    "а": "aäá", "б": "b", "с": "cs", "д": "d", "е": "eé", "ф": "f", "г": "gğǵ", "х": "hx", "и": "iıí",
    "ж": "j", "к": "kq", "л": "l", "м": "m", "н": "nñń", "о": "oöó", "п": "p", "р": "r", "ш": "ş",
    "т": "t", "у": "uüūúwý", "в": "v", "ы": "y", "з": "z", "ч": "ç",
}
_LATIN_FOLD = str.maketrans({latin: cyrillic for cyrillic, letters in _LATIN_LETTERS.items() for latin in letters})
_REPEATS = re.compile(r"(.)\1\1+")
_LATIN = re.compile(r"[a-zäçğıñöşüūáǵńóúýé]")
_DOC_BREAK = "\x00"
_MULT = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def fold_text(text: str) -> str:
    """``text`` lowercased and folded (see the module's description); spaces and punctuation kept.

    >>> fold_text("Өте ЖАҚСЫ!!! jaqsy ekeeen")
    'оте жаксы! жаксы екен'
    """
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = text.lower()
    if _LATIN.search(text):
        text = _LATIN_PAIR.sub(lambda m: _LATIN_PAIRS[m.group()], text).translate(_LATIN_FOLD)
    return _REPEATS.sub(r"\1", text.translate(_KAZAKH_FOLD))


@dataclass(frozen=True)
class FeatureConfig:
    """How texts become features; saved with a model, so that applying it makes the same features.

    Parameters
    ----------
    char_ngrams
        Smallest and largest order of the character n-grams; ``(0, 0)`` for none.
    word_ngrams
        Smallest and largest order of the word n-grams; ``(0, 0)`` for none.
    bits
        Each block has ``2**bits`` hash buckets.
    """

    char_ngrams: tuple[int, int] = (1, 5)
    word_ngrams: tuple[int, int] = (1, 2)
    bits: int = 20

    @property
    def n_features(self) -> int:
        """Buckets of both blocks together: the char block first, then the word block."""
        return 2 << self.bits


class WordKeys:
    """The stem feature of each word token: a learned normalised stem where known, its folded form otherwise.

    Normalising (:func:`dauys.text.normalize.normalize_word`) and stemming
    (:func:`dauys.text.lemma.kk.stem`) cost a fraction of a millisecond per distinct word: too slow to
    apply at thousands of texts a second. So :meth:`learn` runs them once over the training words and
    keeps a table from folded form to stem; applying a model only looks words up in it. Words first
    seen when applying keep their folded form (their stems would have no learned weight anyway, unless
    another form of the same word was in the training texts).

    Parameters
    ----------
    stems
        Folded form -> key, as :meth:`learn` builds it.
    """

    def __init__(self, stems: Mapping[str, str] | None = None):
        self.stems = dict(stems or {})

    @classmethod
    def learn(cls, words: set[str]) -> WordKeys:
        """Stems of the distinct word tokens ``words`` (as :func:`word_tokens` gives them)."""
        from dauys.text.lemma.kk import stem
        from dauys.text.normalize import normalize_word

        stems = {}
        for word in sorted(words):  # in a fixed order: of two words that fold alike, the first decides
            folded = fold_text(word)
            if folded in stems:
                continue
            # normalise as Kazakh: Russian words are protected by the Russian lexicon, and Latin
            # spellings of Kazakh words are what needs reading here.
            key = fold_text(stem(normalize_word(word, "kk")))
            if key != folded:
                stems[folded] = key
        return cls(stems)

    def keys(self, folded_words: Sequence[str]) -> list[str]:
        """The key of each word token of a folded text (see :func:`fold_text`)."""
        stems = self.stems
        return [stems.get(word, word) for word in folded_words]


def _mixed(h: np.ndarray, salt: int) -> np.ndarray:
    """A SplitMix64 finaliser of ``h ^ salt``: well-spread 64-bit values from raw polynomial hashes."""
    z = h ^ np.uint64(salt)
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    return z ^ (z >> np.uint64(31))


def _ngram_buckets(
    units: np.ndarray, breaks: np.ndarray, orders: tuple[int, int], bits: int, salt: int
) -> tuple[np.ndarray, np.ndarray]:
    """Positions and buckets of the n-grams of a sequence of units that cross no break.

    ``breaks[i]`` is 2 where unit ``i`` may not be inside or at either end of an n-gram (between texts),
    1 where it may only be at an end (a space between words: ``" оте "`` is a 5-gram of ``оте``, but a
    lone space is no 1-gram), 0 otherwise.
    """
    low, high = orders
    positions, buckets = [], []
    hard = np.concatenate(([0], np.cumsum(breaks == 2)))
    soft = np.concatenate(([0], np.cumsum(breaks >= 1)))
    h = np.zeros(len(units), dtype=np.uint64)
    mask = np.uint64((1 << bits) - 1)
    with np.errstate(over="ignore"):
        for n in range(1, high + 1):
            count = len(units) - n + 1
            if count <= 0:
                break
            h = h[:count] * _MULT + units[n - 1 : n - 1 + count]
            if n < low:
                continue
            start = np.arange(count)
            ok = hard[start + n] == hard[start]
            if n == 1:
                ok &= breaks[:count] == 0
            else:
                ok &= soft[start + n - 1] == soft[start + 1]
            keep = np.flatnonzero(ok)
            positions.append(keep)
            buckets.append((_mixed(h[keep], salt + n) & mask).astype(np.int64))
    if not positions:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(positions), np.concatenate(buckets)


def _char_block(folded: Sequence[str], config: FeatureConfig) -> tuple[np.ndarray, np.ndarray]:
    docs = [" " + " ".join(text.split()) + " " for text in folded]
    joined = _DOC_BREAK.join(docs)
    units = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    breaks = np.zeros(len(units), dtype=np.int8)
    breaks[units == 32] = 1
    breaks[units == 0] = 2
    positions, buckets = _ngram_buckets(units, breaks, config.char_ngrams, config.bits, salt=0x51)
    doc_of_unit = np.cumsum(breaks == 2)
    return doc_of_unit[positions], buckets


def _word_block(keys: Sequence[list[str]], config: FeatureConfig, orders: tuple[int, int] | None = None,
                salt: int = 0x77) -> tuple[np.ndarray, np.ndarray]:
    ids: dict[str, int] = {}
    units_list: list[int] = []
    breaks_list: list[int] = []
    for words in keys:
        for word in words:
            code = ids.get(word)
            if code is None:
                code = ids[word] = zlib.crc32(word.encode("utf-8")) + 1
            units_list.append(code)
            breaks_list.append(0)
        units_list.append(0)
        breaks_list.append(2)
    units = np.array(units_list, dtype=np.uint64)
    breaks = np.array(breaks_list, dtype=np.int8)
    positions, buckets = _ngram_buckets(units, breaks, orders or config.word_ngrams, config.bits, salt=salt)
    doc_of_unit = np.concatenate(([0], np.cumsum(breaks == 2)[:-1]))
    return doc_of_unit[positions], buckets + (1 << config.bits)


def feature_counts(
    texts: Sequence[str], config: FeatureConfig, word_keys: WordKeys
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The features of each text, as three parallel arrays sorted by text then feature.

    Returns
    -------
    rows, features, counts
        ``counts[i]`` times feature ``features[i]`` occurs in text ``rows[i]`` (an index into ``texts``).
        Char features are below ``2**config.bits``, word features from there on.
    """
    parts = [_chunk_counts(texts[start : start + CHUNK], config, word_keys) for start in range(0, len(texts), CHUNK)]
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    rows = np.concatenate([part[0] + i * CHUNK for i, part in enumerate(parts)])
    return rows, np.concatenate([part[1] for part in parts]), np.concatenate([part[2] for part in parts])


CHUNK = 2048
"""Texts counted together: sorting many small arrays is faster than one large one, and memory stays flat."""


def _chunk_counts(texts: Sequence[str], config: FeatureConfig, word_keys: WordKeys):
    folded = [fold_text(text) for text in texts]
    rows_parts, feature_parts = [], []
    if config.char_ngrams[1] > 0:
        rows, features = _char_block(folded, config)
        rows_parts.append(rows)
        feature_parts.append(features)
    if config.word_ngrams[1] > 0:
        words = [word_tokens(text) for text in folded]
        rows, features = _word_block(words, config)
        rows_parts.append(rows)
        feature_parts.append(features)
        if word_keys.stems:
            rows, features = _word_block([word_keys.keys(w) for w in words], config, (1, 1), salt=0x99)
            rows_parts.append(rows)
            feature_parts.append(features)
    combined = np.concatenate(rows_parts) * np.int64(config.n_features) + np.concatenate(feature_parts)
    keys, counts = np.unique(combined, return_counts=True)
    return keys // config.n_features, keys % config.n_features, counts
