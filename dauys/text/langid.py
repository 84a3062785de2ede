"""Language identification: Kazakh, Russian, English or other, per text, per sentence and per span.

Every word (a run of letters, lowercased) gets a posterior over ``kk``, ``ru``, ``en`` and ``other`` from
a multinomial logistic model over hashed character n-grams (orders 1 to 5, with word boundaries) and the
hashed whole word. The model was learned from word lists, not from sentences: the Kazakh forms of
Debian's hunspell-kk expanded with their affixes, Kazakh verb paradigms generated from its verbs, the
same forms as people type them with Russian letters (``жаксы`` for ``жақсы``) and in Latin script (the
2021 and 2018 official alphabets and informal typing: ``jaqsy``, ``zhaksy``, ``kushti``), the Russian
forms of the OpenCorpora dictionary shipped with pymorphy3, the English forms of simplemma, other
languages of simplemma as ``other``, and hand-written lists of frequent words (see
``tools/build_langid.py`` and ``langid_data/README.md``).

A text's score for each language adds up, over its words, the log of a mixture of the word's
posteriors: a Kazakh text is expected to hold Russian and English loanwords, a Russian text hardly any
Kazakh word, so one Kazakh-only word weighs more than one Russian-looking word and one odd word cannot
outvote the rest. Capitalised words inside a text (often names) count for less; a small prior favours
Kazakh and disfavours ``other``.

Words in other scripts (Arabic, Chinese, ...) and undecodable bytes count as ``other``; a text with no
words at all (numbers, emoji, punctuation) is ``other`` with confidence 1, and an empty text is
``other`` with confidence 0.

The batch path, :func:`identify_many`, scores each distinct word of the batch once, so its cost grows
with the number of distinct words rather than with the number of texts. Per sentence or span:
:func:`document_languages`, and for many documents at once :func:`languages_many` (with
:func:`span_languages` to give each token the language of its span); per word: :func:`word_language_scores`.

Examples
--------
>>> identify("Бүгін ауа райы өте жақсы")[0]
'kk'
>>> identify("Маган катты унады, рахмет")[0]
'kk'
>>> identify("Цены опять выросли")[0]
'ru'
>>> document_languages("Керемет! Но цены опять выросли, әкімдік не қарап отыр?").mixed
True
"""

from __future__ import annotations

import gc
import json
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from pathlib import Path

import numpy as np

LANGUAGES: tuple[str, ...] = ("kk", "ru", "en", "other")
"""The labels, in the order of the columns of every score array in this module."""

DATA_DIR = Path(__file__).with_name("langid_data")

NGRAM_ORDERS = 5
"""Character n-grams of orders 1 to 5 over ``\\x02word\\x03`` (the two marks stand for the word's edges)."""

MAX_WORD_CHARS = 40
"""Longer letter runs (pasted hashes, keyboard mashing) are scored by their first 40 letters."""

_OTHER = LANGUAGES.index("other")
_MULT = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xBF58476D1CE4E5B9)
_ORDER_SALTS = np.array([(order * 0x94D049BB133111EB) % (1 << 64) for order in range(8)], dtype=np.uint64)
_WHOLE_WORD_SALT = np.uint64(0xD6E8FEB86659FD93)


def _splitmix64(n: int, seed: int) -> np.ndarray:
    """``n`` fixed pseudo-random 64-bit integers (SplitMix64), the same on every machine."""
    mask = (1 << 64) - 1
    out, x = [], seed
    for _ in range(n):
        x = (x + 0x9E3779B97F4A7C15) & mask
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        out.append(z ^ (z >> 31))
    return np.array(out, dtype=np.uint64)


_POSITION_KEYS = _splitmix64(64, 20240601)

# A word is a run of letters (and combining marks: a stress mark or a dot typed as a separate character);
# undecodable input (U+FFFD) and control characters form "garbage" words.
_WORD = re.compile(r"[\u0300-\u036f]*[^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*|[\ufffd\x00-\x08\x0e-\x1f\x7f-\x9f]+")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_GARBAGE_START = frozenset("\ufffd" + "".join(map(chr, chain(range(0x00, 0x09), range(0x0E, 0x20), range(0x7F, 0xA0)))))
# Letters of neither the Latin nor the Cyrillic script (combining marks are allowed: é typed as e + ◌́).
_OTHER_SCRIPT = re.compile(r"[^a-z\u00c0-\u02af\u1e00-\u1eff\u0300-\u036f\u0400-\u052f]")
_REPEATS = re.compile(r"(.)\1\1+")
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_LATIN = re.compile(r"[a-z\u00c0-\u02af]")
_LOOK_ALIKES = str.maketrans("aceiopxykmhəɵ", "асеіорхукмһәө")
_SENTENCE_GAP = re.compile(r"[.!?…\n]")
_CLAUSE_GAP = re.compile(r"[,;:()\"«»“”—–]|\s-+\s")


def normalize_word(word: str) -> str:
    """The form the model scores: lowercase, NFC, a letter typed three or more times in a row kept once.

    Combining marks left after NFC (Russian stress marks: ``би́тва`` → ``битва``) are dropped; the
    Turkish-style capital ``İ`` (Kazakh 2021 Latin) lowercases to plain ``i``. In a word with Cyrillic
    letters, Latin look-alikes are read as the Cyrillic letters they imitate (``i`` as the Kazakh ``і``,
    the schwa ``ə`` as ``ә``, ``o`` as ``о``, ...). ``"ӨТЕЕЕ"`` → ``"өте"``.
    """
    word = word.lower()
    if not word.isalpha():
        word = _COMBINING.sub("", unicodedata.normalize("NFC", word.replace("i\u0307", "i")))
    if not word.isascii() and _LATIN.search(word) and _CYRILLIC.search(word):
        word = word.translate(_LOOK_ALIKES)
    if len(word) > 2 and _REPEATS.search(word):
        word = _REPEATS.sub(r"\1", word)
    return word[:MAX_WORD_CHARS]


def word_features(words: list[str], bits: int) -> tuple[np.ndarray, np.ndarray]:
    """Hashed features of normalised words: for each feature, the index of its word and its bucket.

    The features are every character n-gram of orders 1 to :data:`NGRAM_ORDERS` of ``\\x02word\\x03``
    (without the lone edge marks) and the whole word, each hashed into ``2**bits`` buckets. The build
    script (``tools/build_langid.py``) learns the weights of these same buckets, so any change here
    needs a rebuilt model.
    """
    if not words:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.astype(np.uint64)
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words)) + 2
    joined = "\x03\x02".join(words)
    codes = np.frombuffer(("\x02" + joined + "\x03").encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    owner = np.repeat(np.arange(len(words), dtype=np.int64), lengths)
    starts = np.cumsum(lengths) - lengths
    shift = np.uint64(64 - bits)
    owners, buckets = [], []
    hashes = codes
    for order in range(1, NGRAM_ORDERS + 1):
        if order > 1:
            hashes = hashes[:-1] * _MULT + codes[order - 1 :]
        own = owner[: len(hashes)]
        valid = own == owner[order - 1 :]
        if order == 1:
            valid &= codes > 3
        salted = hashes[valid] + _ORDER_SALTS[order]
        owners.append(own[valid])
        buckets.append((salted * _MIX) >> shift)
    positions = np.arange(len(codes), dtype=np.int64) - np.repeat(starts, lengths)
    whole = np.add.reduceat(codes * _POSITION_KEYS[positions & 63], starts) + _WHOLE_WORD_SALT
    owners.append(np.arange(len(words), dtype=np.int64))
    buckets.append((whole * _MIX) >> shift)
    return np.concatenate(owners), np.concatenate(buckets)


class LangidModel:
    """The word model and the text-level settings read from ``langid_data`` (use :func:`load_model`).

    Attributes: ``weights`` (buckets × 4 int8 log-linear weights, times ``scale``), ``bias`` (4),
    ``bits``, ``mixture`` (4 × 4: row L gives the shares of the words of a text in language L expected
    to look like each language — a Russian loanword in a Kazakh comment is common, a Kazakh word in a
    Russian sentence is not), ``prior`` (4 log-prior terms added to a text's score),
    ``capitalized_weight`` (the weight of a capitalised word that does not open the text: often a name,
    whose spelling says little about the language around it), ``temperature``
    (how much each further word sharpens confidence), ``floor`` (the lowest log posterior a word brings
    to span labelling) and ``switch_cost`` (the penalty for a change of language between two words in a
    clause, across a comma or dash, and across the end of a sentence or line).
    """

    def __init__(self, weights: np.ndarray, settings: dict) -> None:
        self.weights = np.ascontiguousarray(weights, dtype=np.int8)
        # Each bucket's four int8 weights read as one int32: a flat take is several times faster than
        # gathering rows of a two-dimensional array.
        self._rows = self.weights.view(np.int32).ravel()
        self.scale = float(settings["weight_scale"])
        self.bits = int(settings["bits"])
        self.bias = np.asarray(settings["bias"], dtype=np.float64)
        self.mixture = np.asarray(settings["mixture"], dtype=np.float64)
        self.prior = np.asarray(settings["prior"], dtype=np.float64)
        self.capitalized_weight = float(settings["capitalized_weight"])
        self.temperature = float(settings["temperature"])
        self.floor = float(settings["floor"])
        self.switch_cost = tuple(float(x) for x in settings["switch_cost"])
        self._known: dict[str, int] = {}  # lowercased word -> its row in _known_rows
        self._known_rows = np.zeros((0, len(LANGUAGES)))

    def word_log_posteriors(self, words: list[str]) -> np.ndarray:
        """Log posteriors (words × 4, columns as :data:`LANGUAGES`) of normalised words, equal priors.

        Words of other scripts and runs of undecodable or control characters are ``other`` outright.
        """
        out = np.full((len(words), len(LANGUAGES)), _OTHER_OUTRIGHT)
        out[:, _OTHER] = 0.0
        rows = [i for i, w in enumerate(words) if w[0] not in _GARBAGE_START and not _OTHER_SCRIPT.search(w)]
        if rows:
            owner, bucket = word_features([words[i] for i in rows] if len(rows) < len(words) else words, self.bits)
            feature_weights = self._rows.take(bucket.astype(np.intp)).view(np.int8).reshape(-1, len(LANGUAGES))
            logits = np.empty((len(rows), len(LANGUAGES)))
            for k in range(len(LANGUAGES)):
                logits[:, k] = np.bincount(owner, weights=feature_weights[:, k], minlength=len(rows))
            logits = logits * self.scale + self.bias
            logits -= logits.max(axis=1, keepdims=True)
            out[rows] = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        return out

    def lowercase_word_log_posteriors(self, words: list[str]) -> np.ndarray:
        """:meth:`word_log_posteriors` of lowercased words before :func:`normalize_word`, remembered across
        calls (batch after batch brings mostly words met before; a word's row never depends on the batch)."""
        if len(self._known) > _KNOWN_WORDS_LIMIT:
            self._known.clear()
            self._known_rows = np.zeros((0, len(LANGUAGES)))
        known = self._known
        missing = list(dict.fromkeys(w for w in words if w not in known))
        if missing:
            for word in missing:
                known[word] = len(known)
            new_rows = self.word_log_posteriors([normalize_word(w) for w in missing])
            self._known_rows = np.concatenate([self._known_rows, new_rows])
        return self._known_rows.take(np.fromiter(map(known.__getitem__, words), np.int64, len(words)), axis=0)

    def text_word_scores(self, log_posteriors: np.ndarray) -> np.ndarray:
        """What each word adds to a text's score for language L: log of the sum over L' of mixture[L, L'] p(L')."""
        # Column by column rather than a matrix product: the same figures for a word wherever it stands in
        # the batch (a BLAS kernel may round the rows of a block and its remainder differently).
        probs = np.exp(log_posteriors)
        mixed = probs[:, :1] * self.mixture[:, 0]
        for k in range(1, len(LANGUAGES)):
            mixed += probs[:, k : k + 1] * self.mixture[:, k]
        return np.log(mixed)

    def decide(self, scores: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Label index and confidence of each text from its summed word scores and its number of words.

        Confidence is the share of the chosen language in a softmax of the scores, tempered by the number
        of words (the words of one text are not independent evidence); 0 for a text without words.
        """
        scores = scores + self.prior
        best = scores.argmax(axis=1)
        tempering = 1.0 / (1.0 + self.temperature * np.maximum(counts - 1, 0))
        spread = (scores - scores.max(axis=1, keepdims=True)) * tempering[:, None]
        confidence = np.where(counts > 0, 1.0 / np.exp(spread).sum(axis=1), 0.0)
        return np.where(counts > 0, best, _OTHER), np.round(confidence, 4)


_OTHER_OUTRIGHT = np.log(1e-6)
_KNOWN_WORDS_LIMIT = 1 << 18


@lru_cache(maxsize=1)
def load_model() -> LangidModel:
    """The shipped model, loaded once per process (about 5 ms: one 4 MB array and a small JSON file)."""
    settings = json.loads((DATA_DIR / "model.json").read_text(encoding="utf-8"))
    return LangidModel(np.load(DATA_DIR / "weights.npy"), settings)


_SEPARATOR = "\uffff"


def identify_many(texts: list[str]) -> list[tuple[str, float]]:
    """Language and confidence of each text: ``(lang, confidence)`` with lang in :data:`LANGUAGES`.

    Confidence is between 0 and 1 (see :meth:`LangidModel.decide`). A blank text gives
    ``("other", 0.0)``; a text without letters (numbers, emoji, punctuation) gives ``("other", 1.0)``.
    This is the fast path: identical texts (reposts, one-word replies) are identified once, and each
    distinct whitespace-separated chunk and each distinct word of the batch is analysed once.
    """
    distinct = dict.fromkeys(texts)
    if len(distinct) == len(texts):
        return _identify_distinct(texts)
    results = dict(zip(distinct, _identify_distinct(list(distinct)), strict=True))
    return [results[t] for t in texts]


def _identify_distinct(texts: list[str]) -> list[tuple[str, float]]:
    return _identify_with_words(texts)[0]


def _identify_with_words(texts: list[str]) -> tuple[list[tuple[str, float]], dict[str, int], np.ndarray]:
    """:func:`identify_many` of distinct texts, with the lowercased words met and their log posteriors (rows)."""
    if not texts:
        return [], {}, np.zeros((0, len(LANGUAGES)))
    model = load_model()
    joined = f" {_SEPARATOR} ".join(texts)
    if joined.count(_SEPARATOR) != len(texts) - 1:
        joined = f" {_SEPARATOR} ".join(t.replace(_SEPARATOR, " ") for t in texts)
    chunks = joined.split()
    index = {_SEPARATOR: 0}
    ids = np.array([index.setdefault(c, len(index)) for c in chunks], dtype=np.int64)
    distinct_chunks = list(index)
    chunk_scores, chunk_counts, words, log_posteriors = _chunk_scores(model, distinct_chunks)

    boundaries = np.flatnonzero(ids == 0)
    starts = np.insert(boundaries + 1, 0, 0)
    weights = np.where([c[0].isupper() for c in distinct_chunks], model.capitalized_weight, 1.0)[ids]
    weights[starts[starts < len(ids)]] = 1.0
    inside = ids != 0
    per_text = np.diff(np.append(starts, len(ids) + 1)) - 1
    # Each text's sum is taken on its own (not as a difference of running sums over the batch), so that a
    # text gets the same figures whatever the batch around it.
    scores = _segment_sums((chunk_scores.take(ids, axis=0) * weights[:, None])[inside], per_text)
    counts = _segment_sums(chunk_counts.take(ids)[inside], per_text)
    labels, confidence = model.decide(scores, counts)
    results = list(zip(map(LANGUAGES.__getitem__, labels.tolist()), confidence.tolist(), strict=True))
    for i in np.flatnonzero(counts == 0).tolist():
        results[i] = ("other", 1.0 if texts[i].strip() else 0.0)
    return results, words, log_posteriors


def _segment_sums(rows: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Sums of consecutive runs of ``rows`` of the given lengths (0 for an empty run), each run summed on its own."""
    out = np.zeros((len(lengths),) + rows.shape[1:], dtype=np.float64)
    filled = lengths > 0
    if filled.any():
        out[filled] = np.add.reduceat(rows, (np.cumsum(lengths) - lengths)[filled], axis=0)
    return out


def _chunk_scores(model: LangidModel, chunks: list[str]) -> tuple[np.ndarray, np.ndarray, dict[str, int], np.ndarray]:
    """For each whitespace-free chunk: its words' summed text scores (chunks × 4) and its word count; and the
    distinct lowercased words (word → row) with their log posteriors."""
    word_lists = [_words_of_chunk(c) for c in map(str.lower, chunks)]
    index: dict[str, int] = {}
    flat = np.array([index.setdefault(w, len(index)) for w in chain.from_iterable(word_lists)], dtype=np.int64)
    log_posteriors = model.lowercase_word_log_posteriors(list(index))
    counts = np.fromiter(map(len, word_lists), dtype=np.int64, count=len(word_lists))
    scores = _segment_sums(model.text_word_scores(log_posteriors).take(flat, axis=0), counts)
    return scores, counts.astype(np.float64), index, log_posteriors


_EDGE_PUNCTUATION = ".,!?;:()[]{}\"'«»“”„‘’…-–—/\\*#@%&+=<>|~^`$0123456789"


def _words_of_chunk(chunk: str) -> list[str]:
    """The words of a lowercased chunk; the common case, one word with punctuation around it, without a regex."""
    if chunk.isalpha():
        return [chunk]
    stripped = chunk.strip(_EDGE_PUNCTUATION)
    if stripped.isalpha():
        return [stripped]
    return _WORD.findall(stripped)


def identify(text: str) -> tuple[str, float]:
    """Language and confidence of one text (see :func:`identify_many`, which is faster for many)."""
    return identify_many([text])[0]


def word_language_scores(word: str) -> dict[str, float]:
    """Posterior probability of each language for one word, with equal priors (they sum to 1).

    Meant for deciding word by word, for example whether a Latin-script word is Kazakh (``"jaqsy"``)
    or English (``"juicy"``). Several words (``"қалай жағдай"``) are scored together (their log
    posteriors added); a string without letters is ``other`` with probability 1.
    :func:`word_language_scores_many` scores many strings at once (much faster than one by one).
    """
    return word_language_scores_many([word])[0]


def word_language_scores_many(strings: list[str]) -> list[dict[str, float]]:
    """:func:`word_language_scores` of each string, the model run once over all their new words (the model
    remembers the words it has scored, so asking again about a word is cheap)."""
    words = [[w.lower() for w in _WORD.findall(s)] for s in strings]
    posteriors = load_model().lowercase_word_log_posteriors([w for ws in words for w in ws])
    out, start = [], 0
    for ws in words:
        if not ws:
            out.append({lang: float(lang == "other") for lang in LANGUAGES})
            continue
        total = posteriors[start : start + len(ws)].sum(axis=0)
        start += len(ws)
        probs = np.exp(total - total.max())
        probs /= probs.sum()
        out.append({lang: round(float(p), 6) for lang, p in zip(LANGUAGES, probs, strict=True)})
    return out


@dataclass(frozen=True)
class DocumentLanguages:
    """The languages of one document.

    ``lang`` and ``confidence`` are those of :func:`identify`. ``shares`` gives, for each language with
    words in the document, its share of the document's word tokens (the shares sum to 1; empty for a
    document without words). ``spans`` are ``(start, end, lang)`` character offsets of the runs of words
    of one language, in order: ``text[start:end]`` runs from the first word of the run to its last, and
    what lies between two spans is spaces, digits, emoji and punctuation. ``mixed`` is true when the
    spans hold more than one language.
    """

    lang: str
    confidence: float
    mixed: bool
    shares: dict[str, float]
    spans: list[tuple[int, int, str]]


@dataclass(frozen=True)
class BatchLanguages:
    """The languages of many documents: the fields of :class:`DocumentLanguages`, one list item per document.

    Identical texts share one ``shares`` dict and one ``spans`` list: copy them before changing them.
    ``batch[i]`` is the :class:`DocumentLanguages` of the i-th document.
    """

    lang: list[str]
    confidence: list[float]
    mixed: list[bool]
    shares: list[dict[str, float]]
    spans: list[list[tuple[int, int, str]]]

    def __len__(self) -> int:
        return len(self.lang)

    def __getitem__(self, i: int) -> DocumentLanguages:
        return DocumentLanguages(self.lang[i], self.confidence[i], self.mixed[i], self.shares[i], self.spans[i])


def document_languages(text: str) -> DocumentLanguages:
    """Language of a document, the share of each language among its words, and its one-language spans.

    Each word is labelled by the best path (Viterbi) through the words' log posteriors in which a change
    of language costs a penalty: high inside a clause, lower after a comma or a dash, lowest after the
    end of a sentence or a line. A Russian sentence in a Kazakh comment becomes a span of its own; one
    Russian loanword in a Kazakh sentence does not. Time and memory grow linearly with the text's length.

    >>> doc = document_languages("Керемет! Но цены опять выросли, әкімдік не қарап отыр?")
    >>> doc.lang, doc.mixed, [lang for _, _, lang in doc.spans]
    ('kk', True, ['kk', 'ru', 'kk'])
    """
    return languages_many([text])[0]


_BLOCK_TEXTS = 50_000
"""Distinct texts analysed together: enough to share the scoring of frequent words, few enough to bound memory."""


def languages_many(texts: Sequence[str]) -> BatchLanguages:
    """:func:`document_languages` of many documents at once, with the same results, much faster.

    Identical texts are analysed once and each distinct word of a block of texts is scored once. A
    document whose words all look most like one language (most documents) is labelled without the
    Viterbi search: that one language is then the best path, with certainty (see
    :func:`_single_language_documents`); the other documents go through one Viterbi search advancing
    all of them word by word. On one core, about 35 µs per distinct document of nine words, identification
    included, and about 1 µs per repeat of a text already seen (``bench/langid_bench.py``).

    >>> batch = languages_many(["Цены опять выросли", "Керемет! Но цены опять выросли, әкімдік не қарап отыр?"])
    >>> batch.lang, batch.mixed
    (['ru', 'kk'], [False, True])
    """
    texts = list(texts)
    if not texts:
        return BatchLanguages([], [], [], [], [])
    # The results are hundreds of thousands of small tuples, dicts and lists, none of them in a cycle:
    # the cyclic garbage collector, set off again and again by their creation, would double the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        index: dict[str, int] = {}
        inverse = [index.setdefault(t, len(index)) for t in texts]
        distinct = list(index)
        plain, special = _split_special(distinct)
        rows: list[tuple] = []
        for group, words in ((plain, _PLAIN_WORD_SPLIT), (special, _WORD_SPLIT)):
            for i in range(0, len(group), _BLOCK_TEXTS):
                rows += _languages_distinct([distinct[j] for j in group[i : i + _BLOCK_TEXTS]], words)
        if special:
            in_order = [rows[0]] * len(rows)
            for row, j in zip(rows, plain + special, strict=True):
                in_order[j] = row
            rows = in_order
        fields = [list(field) for field in zip(*rows, strict=True)]
        if len(distinct) < len(texts):
            fields = [list(map(field.__getitem__, inverse)) for field in fields]
    finally:
        if collecting:
            gc.enable()
    return BatchLanguages(*fields)


def span_language_at(spans: list[tuple[int, int, str]], offset: int, default: str) -> str:
    """The language of the span holding character ``offset`` (``start <= offset < end``), else ``default``.

    Meant for giving a token, by its start offset, the language of its span; ``default`` (normally the
    document's language) covers tokens between spans, such as punctuation. For all the tokens of a
    document at once, :func:`span_languages` is faster.

    >>> span_language_at([(0, 7, "kk"), (9, 30, "ru")], 12, "kk")
    'ru'
    """
    i = bisect_right(spans, offset, key=itemgetter(0)) - 1
    if i >= 0 and offset < spans[i][1]:
        return spans[i][2]
    return default


def span_languages(spans: list[tuple[int, int, str]], offsets: Sequence[int], default: str) -> list[str]:
    """:func:`span_language_at` of each of ``offsets`` (character offsets into one document, in any order).

    >>> span_languages([(0, 7, "kk"), (9, 30, "ru")], [0, 7, 9, 40], "kk")
    ['kk', 'kk', 'ru', 'kk']
    """
    if not spans or (len(spans) == 1 and spans[0][2] == default):
        return [default] * len(offsets)
    if len(spans) == 1:
        start, end, lang = spans[0]
        return [lang if start <= o < end else default for o in offsets]
    return [span_language_at(spans, o, default) for o in offsets]


_WORD_SPLIT = re.compile(f"({_WORD.pattern})")
# In a text without combining marks, undecodable bytes or control characters, the words are plain runs
# of letters, which this simpler pattern finds twice as fast.
_PLAIN_WORD_SPLIT = re.compile(r"([^\W\d_]+)")
_SPECIAL = re.compile(r"[\u0300-\u036f\ufffd\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _split_special(texts: list[str]) -> tuple[list[int], list[int]]:
    """Positions of the ``texts`` without and with characters that :data:`_PLAIN_WORD_SPLIT` does not handle."""
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    hits = [m.start() for m in _SPECIAL.finditer("\n".join(texts))]
    special = np.unique(np.searchsorted(starts, hits, side="right") - 1).tolist()
    if not special:
        return list(range(len(texts))), []
    plain = np.ones(len(texts), dtype=bool)
    plain[special] = False
    return np.flatnonzero(plain).tolist(), special


_STAND_IN = "\ufffe"
"""Replaces the batch separator inside a text: like it, neither a letter, a space nor punctuation."""
_LOCKSTEP_WORDS = 256
"""Documents up to this many words share one Viterbi search; longer ones (rare) are searched one by one."""


def _languages_distinct(texts: list[str], words: re.Pattern) -> list[tuple]:
    """``(lang, confidence, mixed, shares, spans)`` of each of distinct ``texts`` (see :func:`languages_many`),
    with ``words`` splitting the texts into words and what lies between them."""
    if not texts:
        return []
    model = load_model()
    identified, known, known_log_posteriors = _identify_with_words(texts)
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != len(texts) - 1:
        joined = _SEPARATOR.join(t.replace(_SEPARATOR, _STAND_IN) for t in texts)
    parts = words.split(joined)  # gap, word, gap, word, ..., gap
    raw = parts[1::2]
    if not raw:
        return [(lang, confidence, False, {}, []) for lang, confidence in identified]
    edges = np.cumsum(np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)))
    word_starts, word_ends = edges[0:-1:2], edges[1::2]
    text_starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    doc = np.searchsorted(text_starts, word_starts, side="right") - 1
    n_words = np.bincount(doc, minlength=len(texts))
    first = np.cumsum(n_words) - n_words
    opens = np.zeros(len(raw), dtype=bool)
    opens[first[n_words > 0]] = True

    index: dict[str, int] = {}
    ids = np.array([index.setdefault(w, len(index)) for w in raw], dtype=np.int64)
    distinct_raw = list(index)
    # A word scores as its lowercase form (normalize_word lowercases first), which identification has
    # mostly scored already.
    lowered = [w.lower() for w in distinct_raw]
    rows = [known.get(w, -1) for w in lowered]
    unknown = [w for w, row in zip(lowered, rows, strict=True) if row < 0]
    if unknown:
        extra = model.word_log_posteriors([normalize_word(w) for w in unknown])
        rows = np.array(rows)
        rows[rows < 0] = np.arange(len(unknown)) + len(known_log_posteriors)
        known_log_posteriors = np.concatenate([known_log_posteriors, extra])
    scores = np.maximum(known_log_posteriors, model.floor).take(rows, axis=0)
    emissions = scores.take(ids, axis=0)
    capitalized = np.array([w[0].isupper() for w in distinct_raw], dtype=bool).take(ids) & ~opens
    emissions[capitalized] *= model.capitalized_weight
    emissions += model.prior / n_words.take(doc)[:, None]

    gaps: dict[str, int] = {}
    gap_ids = np.array([gaps.setdefault(g, len(gaps)) for g in parts[2:-1:2]], dtype=np.int64)
    in_clause, clause, sentence = model.switch_cost
    gap_costs = np.array([sentence if _SENTENCE_GAP.search(g) else clause if _CLAUSE_GAP.search(g) else in_clause
                          for g in gaps], dtype=np.float64)
    costs = np.zeros(len(raw))
    costs[1:] = gap_costs.take(gap_ids)
    costs[opens] = 0.0

    labels = emissions.argmax(axis=1)
    with_words = np.flatnonzero(n_words)
    searched = with_words[~_single_language_documents(emissions, labels, first[with_words])]
    lockstep = searched[n_words[searched] <= _LOCKSTEP_WORDS]
    if len(lockstep):
        _best_paths(emissions, costs, first[lockstep], n_words[lockstep], labels)
    for d in searched[n_words[searched] > _LOCKSTEP_WORDS].tolist():
        a, b = int(first[d]), int(first[d] + n_words[d])
        labels[a:b] = _best_path(emissions[a:b], costs[a:b].tolist())

    changes = opens.copy()
    changes[1:] |= labels[1:] != labels[:-1]
    run_first = np.flatnonzero(changes)
    run_last = np.append(run_first[1:], len(raw)) - 1
    run_doc = doc.take(run_first)
    run_starts = (word_starts.take(run_first) - text_starts.take(run_doc)).tolist()
    run_ends = (word_ends.take(run_last) - text_starts.take(run_doc)).tolist()
    run_langs = [LANGUAGES[k] for k in labels.take(run_first).tolist()]
    all_spans = list(zip(run_starts, run_ends, run_langs, strict=True))
    n_runs = np.bincount(run_doc, minlength=len(texts))
    run_bounds = np.cumsum(n_runs).tolist()
    counts = np.bincount(doc * len(LANGUAGES) + labels, minlength=len(texts) * len(LANGUAGES))
    counts = counts.reshape(-1, len(LANGUAGES))

    out = []
    for d, ((lang, confidence), runs, end, n) in enumerate(
        zip(identified, n_runs.tolist(), run_bounds, n_words.tolist(), strict=True)
    ):
        if runs == 1:
            span = all_spans[end - 1]
            out.append((lang, confidence, False, {span[2]: 1.0}, [span]))
        elif runs:
            shares = {LANGUAGES[k]: c / n for k, c in enumerate(counts[d].tolist()) if c}
            out.append((lang, confidence, len(shares) > 1, shares, all_spans[end - runs : end]))
        else:
            out.append((lang, confidence, False, {}, []))
    return out


_SURE_MARGIN = 1e-6


def _single_language_documents(emissions: np.ndarray, labels: np.ndarray, first: np.ndarray) -> np.ndarray:
    """For each document (its words start at ``first``), whether every word's best language is the same one.

    Then labelling every word with that language is the best path: its score, the sum of each word's
    best emission, is an upper bound of any path's score, and it pays no switching cost. The Viterbi
    search finds it too, ties aside: each word's best language must lead the next best by a margin far
    above the rounding error of the running scores, so that the search's tie-breaking cannot pick
    another path.
    """
    top = np.sort(emissions, axis=1)
    margin = top[:, -1] - top[:, -2]
    return (
        (np.minimum.reduceat(labels, first) == np.maximum.reduceat(labels, first))
        & (np.minimum.reduceat(margin, first) > _SURE_MARGIN)
    )


def _best_paths(
    emissions: np.ndarray, costs: np.ndarray, first: np.ndarray, lengths: np.ndarray, labels: np.ndarray
) -> None:
    """:func:`_best_path` of many documents at once, written into ``labels`` (one per word).

    Document d has the emissions and costs ``first[d]`` to ``first[d] + lengths[d]``. The documents advance
    word by word together (the longest first, so that those still going are a prefix), with the same
    arithmetic and tie-breaking as :func:`_best_path`.
    """
    order = np.argsort(-lengths, kind="stable")
    first, lengths = first[order], lengths[order]
    steps = int(lengths[0])
    going = np.searchsorted(-lengths, -np.arange(steps), side="left")  # documents longer than each step
    columns = np.arange(len(LANGUAGES))
    score = emissions.take(first, axis=0)
    final = np.empty(len(first), dtype=np.int64)
    back = []
    for step in range(1, steps):
        n = going[step]
        if n < len(score):
            final[n : len(score)] = score[n:].argmax(axis=1)
            score = score[:n]
        rows = first[:n] + step
        switch = (score.max(axis=1) - costs.take(rows))[:, None]
        keep = score >= switch
        back.append(np.where(keep, columns, score.argmax(axis=1)[:, None]))
        score = np.where(keep, score, switch) + emissions.take(rows, axis=0)
    final[: len(score)] = score.argmax(axis=1)
    label = final[: going[steps - 1]]
    for step in range(steps - 1, -1, -1):
        n = going[step]
        label = np.concatenate([label, final[len(label) : n]])
        labels[first[:n] + step] = label
        if step:
            label = back[step - 1][np.arange(n), label]


def _best_path(emissions: np.ndarray, costs: list[float]) -> list[int]:
    """Viterbi labels: maximise the summed emissions of the labels minus the cost of each change of label.

    Plain Python floats: with four labels this is faster than numpy calls on arrays of four.
    """
    rows = emissions.tolist()
    score = rows[0]
    back: list[list[int]] = []
    for row, cost in zip(rows[1:], costs[1:], strict=True):
        best = max(score)
        best_prev = score.index(best)
        switch = best - cost
        back.append([k if v >= switch else best_prev for k, v in enumerate(score)])
        score = [(v if v >= switch else switch) + e for v, e in zip(score, row, strict=True)]
    path = [score.index(max(score))]
    for pointers in reversed(back):
        path.append(pointers[path[-1]])
    return path[::-1]
