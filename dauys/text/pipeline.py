"""The token table of a project: every document normalised, language-identified, tokenised and lemmatised.

Two layers:

- :func:`token_table` is the heavy step, a pure function over one batch of ``(document id, text)``
  pairs that returns Arrow tables (tokens, and the languages of each document). It runs in-process, in
  the process pool of :func:`build_token_table`, or as a Dask task. Its caches live in the worker and
  grow across batches: each distinct ``(language, word form)`` is normalised and lemmatised once.
- :func:`build_token_table` runs it over the project's documents that have no tokens yet (or whose text
  changed), writes the tokens as one zstd Parquet file per run under ``tokens/``, and registers the
  file, the documents it covers and their languages in the store in one transaction with the ledger
  entry. A killed run leaves at most an unregistered file, which the next run deletes. Identical texts
  (reposts, copied comments, one-word replies) are processed once and their rows copied to each
  document. Worker processes (fork on Linux, spawn elsewhere) start before the texts are read and load
  their models meanwhile, take one batch at a time (the first and last batches small, so that they share
  the common words early and finish together), and pass each other the word types they have worked out,
  so a type is normalised and lemmatised by one worker only. They run without the cycle collector: the
  work makes next to no reference cycles, and the collector would only rescan the caches.

The token table is read with :meth:`dauys.project.Project.tokens` (an Arrow table) or, in SQL, from
:meth:`dauys.project.Project.tokens_sql`, which reads only the registered files and leaves out tokens
of documents removed or processed again since. Stopwords are left to the analyses (their lists change
per project and version); the table holds every token.

Columns of the token table (one row per token, in document order):

``doc_id``      ``documents.id``
``position``    index of the token in its document (0, 1, ...)
``sentence``    index of the token's sentence in its document
``start, end``  character offsets of the token in the document's text
``form``        the token as written
``norm``        the normalised form (lowercase; Kazakh typed with Russian letters or in Latin script
                restored, look-alike letters and letters repeated for emphasis fixed); for emoji and
                other non-words the form lowercased
``lemma``       the lemma of ``norm`` in the token's language (names keep their capital); for emoji
                its name, for other non-words ``norm``
``lang``        the language of the span the word is in (kk, ru, en, other); ``-`` for non-words
``kind``        word, number, url, email, mention, hashtag, emoji, punct or symbol

Context and caching. Most lemmas depend on the word alone, and those are cached per ``(language, form)``.
The few that depend on neighbours are computed on a window of the sentence that holds all the context the
lemmatiser uses (see :func:`_lemma_context`): Russian forms with several candidate lemmas (settled by the
classes of the previous and next token), English forms whose rules look at the neighbours (``-ing``,
``-ed``, ``-s``, capitalised words, ``her``), capitalised Kazakh words (a name unless the sentence opens
with it) and Kazakh converbs before the auxiliaries ``ал``/``жат``. The lemmatiser sees the normalised
form with the capitals of the form as written, and the sentence's tokens of every language as its
neighbours.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import multiprocessing.queues
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.text.langid import languages_many
from dauys.text.normalize import NORMALIZER_VERSION, NormalizeOptions, normalize_word, prepare_words
from dauys.text.tokenize import TOKEN_KINDS, TOKENIZER_VERSION, emoji_name, tokenize_many

if TYPE_CHECKING:
    from dauys.project import Project
    from dauys.store.filters import DocumentFilter

PIPELINE_VERSION = "2026.1"
"""Changes whenever the way this module puts the steps together changes (recorded with every run)."""

TOKENS_FOLDER = "tokens"
LANGUAGES = ("kk", "ru", "en", "other")
NON_WORD = "-"
DEFAULT_BATCH_SIZE = 4000
_FIRST_BATCH = 250
_TAIL_SHARES, _TAIL_BATCH = 8, 1000  # a batch is at most an eighth of the texts left, but not below 1,000

_DICT8 = pa.dictionary(pa.int8(), pa.string())
TOKEN_SCHEMA = pa.schema(
    [
        ("doc_id", pa.int64()),
        ("position", pa.int32()),
        ("sentence", pa.int32()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("form", pa.string()),
        ("norm", pa.string()),
        ("lemma", pa.string()),
        ("lang", _DICT8),
        ("kind", _DICT8),
    ]
)
FILE_SCHEMA = pa.schema([pa.field("text_id", pa.int64()), *list(TOKEN_SCHEMA)[1:]])
"""The columns of a token file: those of :data:`TOKEN_SCHEMA` with ``text_id`` (the distinct text's
number in its file; ``token_documents`` maps documents to it) in place of ``doc_id``."""
LANGUAGE_SCHEMA = pa.schema(
    [
        ("doc_id", pa.int64()),
        ("lang", pa.string()),
        ("confidence", pa.float64()),
        ("mixed", pa.bool_()),
        *[(f"share_{lang}", pa.float64()) for lang in LANGUAGES],
        ("tokens", pa.int32()),
    ]
)
_LANG_CODES = {lang: i for i, lang in enumerate((NON_WORD, *LANGUAGES))}
_LANG_VALUES = pa.array([NON_WORD, *LANGUAGES], pa.string())
_KIND_VALUES = pa.array(TOKEN_KINDS, pa.string())
_WORD = TOKEN_KINDS.index("word")
_EMOJI = TOKEN_KINDS.index("emoji")
_PUNCT = TOKEN_KINDS.index("punct")
_EMOJI_KEY = len(LANGUAGES) + 1  # the key code of emoji, whose lemma is their name


@dataclass(frozen=True)
class TokenTables:
    """What :func:`token_table` returns for a batch: ``tokens`` (:data:`TOKEN_SCHEMA`) and
    ``languages`` (:data:`LANGUAGE_SCHEMA`: one row per document)."""

    tokens: pa.Table
    languages: pa.Table


# --- the batch step -----------------------------------------------------------------------------
class _Lexicon:
    """A worker's per-type caches for one set of normalisation options.

    ``entries`` maps a key (a code character: 0 a non-word, 1-4 a word of :data:`LANGUAGES`, 5 an emoji;
    then the form as written) to its index in the parallel lists ``norms``, ``cased`` (the norm with the
    form's capitals, what the lemmatiser sees) and ``lemmas`` (None where the lemma depends on context).
    ``windows`` caches the lemmas decided in context, by language, window of the sentence and position.
    """

    def __init__(self, options: NormalizeOptions):
        self.options = options
        self.entries: dict[str, int] = {}
        self.norms: list[str] = []
        self.cased: list[str] = []
        self.lemmas: list[str | None] = []
        self.windows: dict[tuple, str] = {}
        self.normalized: dict[tuple[int, str], str] = {}

    def export(self, start: int) -> list[tuple[str, str, str, str | None]]:
        """The entries from index ``start`` on, as (key, norm, cased, lemma)."""
        keys = list(self.entries)[start:]  # dicts keep insertion order, and entries are only ever added
        return list(zip(keys, self.norms[start:], self.cased[start:], self.lemmas[start:], strict=True))

    def learn(self, entries: list[tuple[str, str, str, str | None]]) -> None:
        """Add entries another worker worked out (a norm also serves the form written in other capitals)."""
        for key, norm, cased, lemma in entries:
            if key not in self.entries:
                self.entries[key] = len(self.norms)
                self.norms.append(norm)
                self.cased.append(cased)
                self.lemmas.append(lemma)
                code = int(key[0])
                if 0 < code < _EMOJI_KEY:
                    self.normalized.setdefault(_case_free(code, key[1:]), norm)

    def prepare(self, keys: list[str]) -> None:
        """Get ready to :meth:`add` these keys: what is faster for many at once is done at once."""
        by_code: dict[str, list[str]] = {}
        for key in keys:
            by_code.setdefault(key[0], []).append(key[1:])
        for code, lang in enumerate(LANGUAGES, start=1):
            if str(code) in by_code:
                prepare_words(by_code[str(code)], lang, self.options)

    def add(self, key: str) -> int:
        code, form = int(key[0]), key[1:]
        if code == _EMOJI_KEY:
            norm = cased = form
            lemma = emoji_name(form) if form else form
        elif code == 0:
            norm = form.lower()
            cased, lemma = form, norm
        else:
            lang = LANGUAGES[code - 1]
            # Normalisation ignores case: capitalised and lowercase forms share one call.
            lowered = _case_free(code, form)
            norm = self.normalized.get(lowered)
            if norm is None:
                norm = self.normalized[lowered] = normalize_word(form, lang, self.options) or form.lower()
            cased = cased_norm(norm, form)
            lemma = _context_free_lemma(cased, lang)
        index = len(self.norms)
        self.entries[key] = index
        self.norms.append(norm)
        self.cased.append(cased)
        self.lemmas.append(lemma)
        return index


def _case_free(code: int, form: str) -> tuple[int, str]:
    """The key of a word's normalisation, which ignores case (a form with "İ" keeps it: its lowercase differs)."""
    return code, form.lower() if "İ" not in form else form


_lexicons: dict[NormalizeOptions, _Lexicon] = {}


def _lexicon(options: NormalizeOptions) -> _Lexicon:
    found = _lexicons.get(options)
    if found is None:
        found = _lexicons[options] = _Lexicon(options)
    return found


def cased_norm(norm: str, form: str) -> str:
    """``norm`` with the capitals of ``form``: Title for a capitalised form, UPPER for a word in capitals."""
    if form[:1].isupper():
        if len(form) > 1 and form.isupper():
            return norm.upper()
        return norm[:1].upper() + norm[1:]
    return norm


@cache
def _lemmatizer(lang: str):
    from importlib import import_module

    return import_module(f"dauys.text.lemma.{lang}").lemmatize


@cache
def _kk_context() -> tuple[frozenset[str], frozenset[str]]:
    """Kazakh: punctuation that may open a sentence, and the auxiliaries that make a converb of the word before."""
    from dauys.text.lemma.kk import _CONVERB_AUXILIARIES, _SENTENCE_START

    return frozenset(_SENTENCE_START), frozenset(_CONVERB_AUXILIARIES)


# Words whose Russian lemma is settled by a neighbour even when the form has one lemma out of context:
# possessive or personal его/ее/их, ничего before не, and the halves of т. д., т. е., т. к., т. п.
_RU_NEIGHBOUR_WORDS = frozenset("его ее её их ничего т д е к п".split())
# Tokens after a word that the lemmatisers look at: Russian the next one, English two ('s been, 's just been).
_RIGHT_CONTEXT = {"ru": 1, "en": 2}


def _context_free_lemma(cased: str, lang: str) -> str | None:
    """The lemma of a word that no neighbour can change, or None when it depends on context."""
    if lang == "other":
        return cased.lower()
    lower = cased.lower()
    if lang == "ru":
        from dauys.text.lemma.ru import lemma_candidates

        if lower in _RU_NEIGHBOUR_WORDS or len({lemma for lemma, _, _ in lemma_candidates(cased)}) > 1:
            return None
    elif lang == "en":
        if not cased.islower() or lower.endswith(("ing", "ed", "s")) or lower in _en_contextual():
            return None
    elif lang == "kk" and cased[:1].isupper():
        return None  # a name inside a sentence, a common word when it opens the sentence
    lemma = _lemmatizer(lang)([cased])[0]
    return lemma or cased


@cache
def _en_contextual() -> frozenset[str]:
    """English lowercase forms the lemmatiser settles with the neighbours (besides -s, -ing, -ed forms)."""
    from dauys.text.lemma.en import _CONTEXTUAL

    return frozenset(_CONTEXTUAL)


def token_table(
    doc_ids: list[int] | np.ndarray, texts: list[str], options: NormalizeOptions | None = None
) -> TokenTables:
    """Tokens, normalised forms, languages and lemmas of a batch of documents.

    Parameters
    ----------
    doc_ids
        The documents' ids (``documents.id``), one per text.
    texts
        The documents' texts. Empty texts give no tokens; undecodable bytes, other scripts and very long
        lines are tokenised like anything else.
    options
        Which normalisations to apply (all by default).

    Returns
    -------
    TokenTables
        ``tokens``: one row per token (columns in :data:`TOKEN_SCHEMA`, described in the module's
        docstring); ``languages``: one row per document with its language, the confidence of that
        label (0 to 1), whether it mixes languages, the share of its words in each language and its
        number of tokens.

    >>> tables = token_table([7], ["Бүгін ауа райы өте жақсы!"])  # doctest: +SKIP
    >>> tables.tokens.column("lemma").to_pylist()  # doctest: +SKIP
    ['бүгін', 'ауа', 'рай', 'өте', 'жақсы', '!']
    """
    options = options or NormalizeOptions()
    texts = [text if isinstance(text, str) else "" for text in texts]
    ids = np.asarray(doc_ids, dtype=np.int64)
    if len(ids) != len(texts):
        raise ValueError(f"{len(ids)} document ids for {len(texts)} texts")
    columns = tokenize_many(texts)
    doc = np.asarray(columns.doc, dtype=np.int64)
    start = np.asarray(columns.start, dtype=np.int64)
    end = np.asarray(columns.end, dtype=np.int64)
    kind = np.asarray(columns.kind, dtype=np.int8)
    sentence = np.asarray(columns.sentence, dtype=np.int32)
    forms = columns.text
    if isinstance(forms, pa.ChunkedArray):
        forms = forms.combine_chunks()
    elif not isinstance(forms, pa.Array):
        forms = pa.array(forms, pa.string())
    languages = languages_many(texts)
    n = len(doc)

    lang_code = _token_languages(languages, doc, start, kind)
    lexicon = _lexicon(options)
    # One key per (language, form), deduplicated in Arrow; Python sees each distinct key of the batch once.
    key_code = np.where(kind == _EMOJI, _EMOJI_KEY, lang_code).astype(np.int8)
    prefixes = pa.DictionaryArray.from_arrays(pa.array(key_code, pa.int8()), pa.array(list("012345"), pa.string()))
    encoded = pc.dictionary_encode(pc.binary_join_element_wise(prefixes.cast(pa.string()), forms, ""))
    entries = lexicon.entries
    keys = encoded.dictionary.to_pylist()
    lexicon.prepare([k for k in keys if k not in entries])
    local_index = np.fromiter(
        (entries[k] if k in entries else lexicon.add(k) for k in keys),
        dtype=np.int64,
        count=len(encoded.dictionary),
    )
    token_index = local_index[encoded.indices.to_numpy(zero_copy_only=False)] if n else np.zeros(0, np.int64)
    used, inverse = np.unique(token_index, return_inverse=True)
    used_list = used.tolist()
    norms = pa.array([lexicon.norms[i] for i in used_list], pa.string())
    lemmas = _lemmas(lexicon, token_index, used_list, inverse, doc, sentence, kind, lang_code)

    starts_of_docs = np.zeros(len(texts) + 1, dtype=np.int64)
    np.add.at(starts_of_docs, doc + 1, 1)
    counts = starts_of_docs[1:].copy()
    starts_of_docs = np.cumsum(starts_of_docs)
    position = np.arange(n, dtype=np.int64) - starts_of_docs[doc]
    tokens = pa.Table.from_arrays(
        [
            pa.array(ids[doc], pa.int64()),
            pa.array(position.astype(np.int32)),
            pa.array(sentence),
            pa.array(start.astype(np.int32)),
            pa.array(end.astype(np.int32)),
            forms,
            norms.take(pa.array(inverse.astype(np.int32))),
            lemmas,
            pa.DictionaryArray.from_arrays(pa.array(lang_code, pa.int8()), _LANG_VALUES),
            pa.DictionaryArray.from_arrays(pa.array(kind, pa.int8()), _KIND_VALUES),
        ],
        schema=TOKEN_SCHEMA,
    )
    return TokenTables(tokens, _languages_table(ids, languages, counts))


def _token_languages(languages: Any, doc: np.ndarray, start: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Language code of each token (0 for non-words): that of the span the word starts in, else its document's."""
    doc_codes = np.fromiter((_LANG_CODES.get(lang, 4) for lang in languages.lang), np.int8, len(languages.lang))
    span_doc, span_start, span_end, span_code = [], [], [], []
    for d, spans in enumerate(languages.spans):
        for s, e, lang in spans:
            span_doc.append(d)
            span_start.append(s)
            span_end.append(e)
            span_code.append(_LANG_CODES.get(lang, 4))
    codes = doc_codes[doc] if len(doc) else np.zeros(0, np.int8)
    if span_doc:
        span_doc_a = np.asarray(span_doc, np.int64)
        span_key = (span_doc_a << 32) + np.asarray(span_start, np.int64)
        found = np.searchsorted(span_key, (doc << 32) + start, side="right") - 1
        clipped = np.maximum(found, 0)
        inside = (found >= 0) & (span_doc_a[clipped] == doc) & (start < np.asarray(span_end, np.int64)[clipped])
        codes = np.where(inside, np.asarray(span_code, np.int8)[clipped], codes)
    return np.where(kind == _WORD, codes, 0).astype(np.int8)


def _lemmas(
    lexicon: _Lexicon,
    token_index: np.ndarray,
    used_list: list[int],
    inverse: np.ndarray,
    doc: np.ndarray,
    sentence: np.ndarray,
    kind: np.ndarray,
    lang_code: np.ndarray,
) -> pa.Array:
    """The lemma of each token: the cached context-free lemma, or one worked out on a window of its sentence."""
    values = [lexicon.lemmas[i] for i in used_list]
    codes = inverse.astype(np.int64)
    dependent = np.flatnonzero(np.fromiter((v is None for v in values), bool, len(values))[codes]) if values else []
    n = len(token_index)
    same_next = np.zeros(n, dtype=bool)
    if n > 1:
        same_next[:-1] = (doc[1:] == doc[:-1]) & (sentence[1:] == sentence[:-1])
    cased = lexicon.cased
    extra: dict[str, int] = {}

    def code_of(lemma: str) -> int:
        found = extra.get(lemma)
        if found is None:
            found = extra[lemma] = len(values) + len(extra)
        return found

    for i in dependent.tolist() if len(dependent) else ():
        lang = LANGUAGES[lang_code[i] - 1]
        if lang == "kk":
            initial = _opens_sentence(i, token_index, kind, same_next, cased)
            key = ("kk", cased[token_index[i]], initial)
            lemma = lexicon.windows.get(key)
            if lemma is None:
                lemma = lexicon.windows[key] = _window_lemma("kk", [cased[token_index[i]]], 0, initial)
        else:
            lo = i - 1 if i and same_next[i - 1] else i
            hi = i
            while hi < i + _RIGHT_CONTEXT[lang] and same_next[hi]:
                hi += 1
            window = tuple(cased[token_index[j]] for j in range(lo, hi + 1))
            key = (lang, window, i - lo)
            lemma = lexicon.windows.get(key)
            if lemma is None:
                lemma = lexicon.windows[key] = _window_lemma(lang, list(window), i - lo, True)
        codes[i] = code_of(lemma)
    _en_capitals(lexicon, token_index, codes, code_of, kind, lang_code, same_next)
    _kk_converbs(lexicon, token_index, codes, values, extra, code_of, kind, lang_code, same_next)
    return pa.array(values + list(extra), pa.string()).take(pa.array(codes))


def _en_capitals(lexicon, token_index, codes, code_of, kind, lang_code, same_next) -> None:
    """English sentences with three or more words in capitals go to the lemmatiser whole: it lowercases a
    sentence written in capitals (shouting), which no window shows."""
    english = lang_code == _LANG_CODES["en"]
    if not english.any():
        return
    cased = lexicon.cased
    types, of_token = np.unique(token_index, return_inverse=True)  # one look per word type, not per token
    upper = np.fromiter((cased[t].isupper() for t in types.tolist()), bool, len(types))[of_token]
    sentence_id = np.concatenate(([0], np.cumsum(~same_next[:-1]))) if len(same_next) else same_next
    capitals = np.bincount(sentence_id, weights=upper)
    with_english = np.zeros(len(capitals), dtype=bool)
    with_english[sentence_id[english]] = True
    starts = np.searchsorted(sentence_id, np.arange(len(capitals)))
    ends = np.searchsorted(sentence_id, np.arange(len(capitals)), side="right")
    for sid in np.flatnonzero((capitals >= 3) & with_english).tolist():
        lo, hi = starts[sid], ends[sid]
        window = tuple(cased[token_index[j]] for j in range(lo, hi))
        key = ("en-sentence", window)
        lemmas = lexicon.windows.get(key)
        if lemmas is None:
            lemmas = lexicon.windows[key] = tuple(_lemmatizer("en")(list(window)))
        for j in range(lo, hi):
            if english[j] and kind[j] == _WORD:
                codes[j] = code_of(lemmas[j - lo] or window[j - lo])


def _window_lemma(lang: str, window: list[str], k: int, initial: bool) -> str:
    if not initial:
        window, k = [",", *window], k + 1  # a comma: the word does not open its sentence
    if lang == "ru":
        from dauys.text.lemma.ru import lemma_at

        return lemma_at(window, k) or window[k]  # the neighbours' own lemmas are not needed
    return _lemmatizer(lang)(window)[k] or window[k]


def _opens_sentence(i: int, token_index: np.ndarray, kind: np.ndarray, same_next: np.ndarray, cased: list[str]) -> bool:
    """Whether nothing but opening punctuation (quotes, dashes, brackets) comes before token ``i`` in its sentence."""
    openers = _kk_context()[0]
    j = i - 1
    while j >= 0 and same_next[j]:
        if kind[j] != _PUNCT or cased[token_index[j]] not in openers:
            return False
        j -= 1
    return True


def _kk_converbs(lexicon, token_index, codes, values, extra, code_of, kind, lang_code, same_next) -> None:
    """Kazakh converbs before ал-/жат- (ала алмады, келе жатыр) take the verb's lemma, as in the lemmatiser."""
    auxiliaries = _kk_context()[1]
    aux_codes = [c for c, v in enumerate(values) if v in auxiliaries]
    aux_codes += [c for v, c in extra.items() if v in auxiliaries]
    if not aux_codes or len(codes) < 2:
        return
    before = np.flatnonzero(
        np.isin(codes[1:], aux_codes) & same_next[:-1] & (lang_code[:-1] == _LANG_CODES["kk"]) & (kind[:-1] == _WORD)
    )
    cased = lexicon.cased
    for i in before.tolist():
        pair = (cased[token_index[i]], cased[token_index[i + 1]])
        initial = _opens_sentence(i, token_index, kind, same_next, cased)
        key = ("kk-pair", pair, initial)
        lemma = lexicon.windows.get(key)
        if lemma is None:
            lemma = lexicon.windows[key] = _window_lemma("kk", list(pair), 0, initial)
        codes[i] = code_of(lemma)


def _languages_table(ids: np.ndarray, languages: Any, counts: np.ndarray) -> pa.Table:
    shares = {lang: [s.get(lang, 0.0) for s in languages.shares] for lang in LANGUAGES}
    return pa.Table.from_arrays(
        [
            pa.array(ids, pa.int64()),
            pa.array(list(languages.lang), pa.string()),
            pa.array(list(languages.confidence), pa.float64()),
            pa.array([bool(m) for m in languages.mixed], pa.bool_()),
            *[pa.array(shares[lang], pa.float64()) for lang in LANGUAGES],
            pa.array(counts.astype(np.int32)),
        ],
        schema=LANGUAGE_SCHEMA,
    )


# --- over a project -----------------------------------------------------------------------------
@dataclass
class ProcessResult:
    """What :func:`build_token_table` did.

    ``documents``: documents tokenised by this run; ``up_to_date``: selected documents whose tokens were
    already there; ``tokens``: tokens written; ``languages``: documents per identified language;
    ``path``: the Parquet file written (None when nothing was new); ``removed_parts``: older files
    dropped because every document in them was processed again or removed from the project.
    """

    run_id: int | None
    documents: int
    up_to_date: int
    tokens: int
    languages: dict[str, int]
    seconds: float
    path: Path | None = None
    removed_parts: int = 0
    filled_lang: int = 0
    params: dict[str, Any] = field(default_factory=dict)


@cache
def lemmatizer_version() -> str:
    """A fingerprint of the shipped lemmatisers (code and data): 12 hex digits of a SHA-256."""
    digest = hashlib.sha256()
    folder = Path(__file__).resolve().parent / "lemma"
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def versions() -> dict[str, str]:
    """The versions of every part of the pipeline, recorded in the ledger and with each token file."""
    return {
        "pipeline": PIPELINE_VERSION,
        "tokenizer": TOKENIZER_VERSION,
        "normalizer": NORMALIZER_VERSION,
        "lemmatizer": lemmatizer_version(),
    }


def _pool_context() -> multiprocessing.context.BaseContext:
    # fork starts workers at once on Linux; spawn (the default elsewhere) re-imports this module in each.
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _worker_loop(
    inbox: multiprocessing.queues.Queue, outbox: multiprocessing.queues.Queue, number: int, options: NormalizeOptions
) -> None:
    """A worker: takes (ids, texts, entries other workers learnt) and returns (number, tables, entries it learnt).

    Sharing the per-type entries means a word type is normalised and lemmatised by one worker, not by each.
    """
    import queue

    # A worker's caches grow by many small objects that stay until it exits, and the work makes no reference
    # cycles to speak of (what it drops, reference counting frees): the cycle collector would only scan the
    # caches over and over (a twentieth of a worker's time even with rare collections).
    gc.disable()
    _warm_up(options)  # while the parent reads the documents
    lexicon = _lexicon(options)
    parent = os.getppid()
    while True:
        try:
            task = inbox.get(timeout=2.0)
        except queue.Empty:
            if os.getppid() != parent:  # the parent was killed: nobody will read results or send work
                outbox.cancel_join_thread()
                return
            continue
        if task is None:
            return
        ids, texts, learnt = task
        lexicon.learn(learnt)
        before = len(lexicon.norms)
        try:
            tables = token_table(ids, texts, options)
        except Exception as exc:  # the parent re-raises it
            outbox.put((number, exc, []))
            continue
        outbox.put((number, tables, lexicon.export(before)))


# Words of each language and each path through the normaliser (Kazakh typed with Russian letters, in Latin,
# stretched), so that a worker loads every model it will need before the first batch arrives.
_WARM_UP_TEXTS = (
    "Бүгін ауа райы өте жаксы, калайсыз? Rahmet, óte jaqsy! Кееррреемееетт",
    "Цены на бензин снова выросли, люди недовольны.",
    "The prices went up again and people are angry.",
)


def _warm_up(options: NormalizeOptions) -> None:
    """Load the tokenizer's, identifier's, normalisers' and lemmatisers' models (about 0.7 s), leaving no
    word type in the worker's shared lexicon."""
    token_table(np.arange(len(_WARM_UP_TEXTS)), list(_WARM_UP_TEXTS), options)
    _lexicons.pop(options, None)


class _SharingPool:
    """Worker processes fed one batch at a time, each batch carrying the type entries the others learnt."""

    def __init__(self, workers: int, options: NormalizeOptions):
        context = _pool_context()
        self.outbox = context.Queue()
        self.inboxes = [context.Queue() for _ in range(workers)]
        self.processes = [
            context.Process(target=_worker_loop, args=(inbox, self.outbox, i, options), daemon=True)
            for i, inbox in enumerate(self.inboxes)
        ]
        for process in self.processes:
            process.start()
        self.learnt: list[tuple[int, tuple]] = []  # (worker that learnt it, entry)
        self.sent = [0] * workers
        self.used = [False] * workers

    def _send(self, number: int, batch: tuple[np.ndarray, list[str]]) -> None:
        news = [entry for origin, entry in self.learnt[self.sent[number] :] if origin != number]
        self.sent[number] = len(self.learnt)
        self.used[number] = True
        self.inboxes[number].put((*batch, news))

    def _receive(self) -> tuple[int, TokenTables, list[tuple]]:
        import queue

        while True:
            try:
                return self.outbox.get(timeout=1.0)
            except queue.Empty:
                dead = [p for p in self.processes if not p.is_alive()]
                if dead:
                    raise RuntimeError(
                        f"a text worker stopped (exit code {dead[0].exitcode}); if the machine ran out of "
                        "memory, run again with --workers 1"
                    ) from None

    def map(self, batches: Iterator[tuple[np.ndarray, list[str]]]) -> Iterator[TokenTables]:
        busy = 0
        for number in range(len(self.processes)):
            batch = next(batches, None)
            if batch is None:
                break
            self._send(number, batch)
            busy += 1
        while busy:
            number, tables, learnt = self._receive()
            busy -= 1
            if isinstance(tables, BaseException):
                raise tables
            self.learnt += [(number, entry) for entry in learnt]
            batch = next(batches, None)
            if batch is not None:
                self._send(number, batch)
                busy += 1
            yield tables

    def close(self) -> None:
        for inbox, process, used in zip(self.inboxes, self.processes, self.used, strict=True):
            if used:
                inbox.put(None)
            else:
                process.terminate()  # it holds nothing and may still be loading its models: no need to wait
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()


class _Copies:
    """The distinct texts of the documents to process, and which documents hold each one.

    Identical texts (reposts, copied comments, one-word replies) get identical tokens, languages and
    lemmas, so each distinct text is processed, and its tokens stored, once, under its index ``k``: the
    text's ``text_id`` in the token file; ``token_documents`` maps every document to it.
    """

    def __init__(self, pending: pa.Table, batch_size: int):
        self.batch_size = batch_size
        self.ids = pending.column("id").to_numpy()
        encoded = pc.dictionary_encode(pending.column("text")).combine_chunks()
        self.codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)  # text id of each row
        self.texts = encoded.dictionary.to_pylist()  # by text id, in order of first appearance
        self.n = len(self.texts)
        self.counts = np.bincount(self.codes, minlength=self.n)  # documents holding each text

    def text_hashes(self) -> pa.Array:
        """The MD5 of each row's text (as DuckDB's ``md5`` writes it), worked out once per distinct text."""
        hashes = pa.array([hashlib.md5(text.encode()).hexdigest() for text in self.texts], pa.string())
        return hashes.take(pa.array(self.codes))

    def distinct_texts(self) -> Iterator[tuple[np.ndarray, list[str]]]:
        """(text ids, texts) of the distinct texts, in order of first appearance, one batch at a time."""
        return _distinct_batches(self, self.batch_size)


def _distinct_batches(copies: _Copies, size: int | None = None) -> Iterator[tuple[np.ndarray, list[str]]]:
    # The first batches are small and grow to ``size``: every worker starts knowing no word type, and
    # what one works out reaches the others only with their next batch, so small first batches keep
    # them from working out the same common words side by side.
    # The last batches shrink again, so that the workers run out of work at about the same time.
    size = size or DEFAULT_BATCH_SIZE
    lo, step = 0, min(size, _FIRST_BATCH)
    while lo < copies.n:
        hi = min(lo + min(step, max((copies.n - lo) // _TAIL_SHARES, _TAIL_BATCH)), copies.n)
        yield np.arange(lo, hi), copies.texts[lo:hi]
        lo, step = hi, min(size, step * 3 // 2 + 1)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # cannot tell (another user's process, or Windows): keep the file
    return True


def remove_orphan_parts(project: Project, registered: set[str]) -> int:
    """Delete token files of runs that were killed before they registered them; returns how many."""
    folder = project.path / TOKENS_FOLDER
    removed = 0
    if not folder.is_dir():
        return 0
    for path in folder.glob("part-*.parquet"):
        relative = f"{TOKENS_FOLDER}/{path.name}"
        if relative in registered:
            continue
        pid = path.stem.rsplit("-", 1)[-1]
        if pid.isdigit() and not _pid_alive(int(pid)):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def build_token_table(
    project: Project,
    where: DocumentFilter | None = None,
    options: NormalizeOptions | None = None,
    workers: int | None = None,
    rebuild: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress = SILENT,
) -> ProcessResult:
    """Tokenise, normalise, language-identify and lemmatise the project's documents into its token table.

    Only documents without tokens, or whose text changed since, are processed; ``rebuild`` processes every
    selected document again. The tokens of a document processed again replace its old ones.

    Parameters
    ----------
    project
        The open project.
    where
        Which documents (default: all).
    options
        Which normalisations to apply (all by default). A project's token table is built with one set of
        options and versions: when they differ from the table's, pass ``rebuild``.
    workers
        Processes working in parallel (default: the number of CPU cores, at most 8; 1 works in this
        process).
    rebuild
        Process every selected document again.
    batch_size
        Documents per unit of work.
    progress
        Receives one stage, "processing", counted in documents.

    Returns
    -------
    ProcessResult
        Counts and the ledger run id (None when every selected document was up to date).
    """
    from dauys.store.filters import DocumentFilter

    began = time.perf_counter()
    options = options or NormalizeOptions()
    where = where or DocumentFilter(tz=project.tz)
    workers = max(1, min(os.cpu_count() or 1, 8) if workers is None else workers)
    if batch_size < 1:
        raise InputError(f"batch size {batch_size}: give a positive number of documents")
    params: dict[str, Any] = {
        "filter": where.describe(),
        "normalize": asdict(options),
        "rebuild": rebuild,
        "workers": workers,
        "batch_size": batch_size,
        "versions": versions(),
    }
    with project.store.read() as con:
        if not rebuild:
            _check_table_params(con, _table_params(params))
        condition, values = where.sql("d")
        selected = con.execute(f"SELECT count(*) FROM documents d WHERE {condition}", values).fetchall()[0][0]
    # Workers start now, and load their models while this process reads the texts.
    with _workers(workers if selected >= batch_size else 1, options) as pool:
        return _process(project, pool, where, options, rebuild, batch_size, params, selected, progress, began)


def _table_params(params: dict[str, Any]) -> dict[str, Any]:
    """What a token table is built with: every part of it must have been built with the same."""
    return {"normalize": params["normalize"], "versions": params["versions"]}


@contextmanager
def _workers(workers: int, options: NormalizeOptions) -> Iterator[_SharingPool | None]:
    """A pool of ``workers`` processes (None for one: the work stays in this process), closed on exit."""
    pool = _SharingPool(workers, options) if workers > 1 else None
    try:
        yield pool
    finally:
        if pool is not None:
            pool.close()


def _process(project: Project, pool: _SharingPool | None, where: DocumentFilter, options: NormalizeOptions,
             rebuild: bool, batch_size: int, params: dict[str, Any], selected: int, progress: Progress,
             began: float) -> ProcessResult:
    """:func:`build_token_table` once its workers are started: read the documents to process, process their
    distinct texts, write the token file and register it."""
    from dauys.provenance import Run

    table_params = _table_params(params)
    condition, values = where.sql("d")
    with project.store.read() as con:
        registered = {row[0] for row in con.execute("SELECT path FROM token_parts").fetchall()}
        stale = "TRUE" if rebuild else "t.doc_id IS NULL OR t.text_hash <> md5(d.text)"
        pending = con.sql(
            f"""SELECT d.id, d.text FROM documents d
                LEFT JOIN token_documents t ON t.doc_id = d.id
                WHERE ({condition}) AND ({stale}) ORDER BY d.id""",
            params=values,
        ).to_arrow_table()
    remove_orphan_parts(project, registered)
    result = ProcessResult(None, pending.num_rows, selected - pending.num_rows, 0, {}, 0.0, params=params)
    if pending.num_rows == 0:
        result.seconds = time.perf_counter() - began
        return result

    run = Run("text.process", params, extra_packages=("pymorphy3", "pymorphy3-dicts-ru", "simplemma"))
    folder = project.folder(TOKENS_FOLDER)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    relative = f"{TOKENS_FOLDER}/part-{stamp}-{os.getpid()}.parquet"
    progress.stage(f"processing {pending.num_rows:,} documents", total=pending.num_rows)
    copies = _Copies(pending, batch_size)
    text_languages = []  # one row per distinct text, "doc_id" holding its text id
    stored = 0
    writer = None
    try:
        # Statistics for the numbers only: min and max of words prune nothing and cost a third of the writing.
        writer = pq.ParquetWriter(folder / Path(relative).name, FILE_SCHEMA, compression="zstd",
                                  write_statistics=["text_id", "position", "sentence", "start", "end"])
        for tables in _run_batches(copies.distinct_texts(), copies.n, batch_size, pool, options):
            if tables.tokens.num_rows:
                writer.write_table(pa.Table.from_arrays(tables.tokens.columns, schema=FILE_SCHEMA),
                                   row_group_size=1 << 20)
                stored += tables.tokens.num_rows
            text_languages.append(tables.languages)
            holders = copies.counts[tables.languages.column("doc_id").to_numpy()]
            result.tokens += int(np.dot(tables.languages.column("tokens").to_numpy().astype(np.int64), holders))
            progress.advance(int(holders.sum()))
    except BaseException:
        if writer is not None:
            writer.close()
        (folder / Path(relative).name).unlink(missing_ok=True)
        raise
    writer.close()

    # Each document gets the tokens and languages of its text; the copying to documents happens in SQL.
    texts = pa.concat_tables(text_languages).rename_columns(["text_id", *LANGUAGE_SCHEMA.names[1:]])
    text_tokens = np.zeros(copies.n, dtype=np.int32)
    text_tokens[texts.column("text_id").to_numpy()] = texts.column("tokens").to_numpy()
    processed = pa.Table.from_arrays(
        [pending.column("id"), pa.array(copies.codes, pa.int64()), copies.text_hashes(),
         pa.array(text_tokens[copies.codes])],
        names=["doc_id", "text_id", "text_hash", "tokens"],
    )
    lang_codes = pc.dictionary_encode(texts.column("lang")).combine_chunks()
    per_lang = np.bincount(lang_codes.indices.to_numpy(), weights=copies.counts[texts.column("text_id").to_numpy()],
                           minlength=len(lang_codes.dictionary))
    result.languages = {lang: int(n) for n, lang in sorted(zip(per_lang.tolist(), lang_codes.dictionary.to_pylist(),
                                                                strict=True), key=lambda pair: -pair[0])}
    distinct = copies.n
    del pending, copies
    run.counts = {"documents": result.documents, "up_to_date": result.up_to_date, "tokens": result.tokens,
                  "distinct_texts": distinct,
                  "languages": result.languages}
    dead_paths: list[str] = []
    with project.store.write() as con:
        run.record(con, n_in=result.documents, n_out=result.tokens)
        part_id = con.execute(
            "INSERT INTO token_parts (run_id, path, documents, tokens, params, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [run.id, relative, result.documents, stored, json.dumps(table_params, sort_keys=True),
             datetime.now(UTC)],
        ).fetchall()[0][0]
        con.register("new_documents", processed)
        con.register("new_texts", texts)
        con.execute("DELETE FROM token_documents WHERE doc_id IN (SELECT doc_id FROM new_documents)")
        con.execute(
            "INSERT INTO token_documents (doc_id, part_id, text_id, text_hash, tokens) "
            "SELECT doc_id, ?, text_id, text_hash, tokens FROM new_documents",
            [part_id],
        )
        con.execute("DELETE FROM document_languages WHERE doc_id IN (SELECT doc_id FROM new_documents)")
        con.execute(
            "INSERT INTO document_languages (doc_id, run_id, lang, confidence, mixed, share_kk, share_ru, "
            "share_en, share_other) SELECT d.doc_id, ?, t.lang, t.confidence, t.mixed, t.share_kk, t.share_ru, "
            "t.share_en, t.share_other FROM new_documents d JOIN new_texts t USING (text_id)",
            [run.id],
        )
        result.filled_lang = con.execute(
            "UPDATE documents SET lang = n.lang FROM (SELECT d.doc_id, t.lang FROM new_documents d "
            "JOIN new_texts t USING (text_id)) n WHERE documents.id = n.doc_id AND documents.lang IS NULL"
        ).fetchall()[0][0]
        dead_paths = drop_dead_parts(con)
        con.unregister("new_documents")
        con.unregister("new_texts")
    for path in dead_paths:
        (project.path / path).unlink(missing_ok=True)
    result.run_id = run.id
    result.path = project.path / relative
    result.removed_parts = len(dead_paths)
    result.seconds = time.perf_counter() - began
    return result


def drop_dead_parts(con) -> list[str]:
    """Forget token registrations of removed documents and the token files no live document uses (on the
    caller's transaction); returns the paths of the files to delete once it commits."""
    con.execute("DELETE FROM token_documents WHERE doc_id NOT IN (SELECT id FROM documents)")
    con.execute("DELETE FROM document_languages WHERE doc_id NOT IN (SELECT id FROM documents)")
    dead = con.execute(
        "SELECT id, path FROM token_parts WHERE id NOT IN (SELECT DISTINCT part_id FROM token_documents)"
    ).fetchall()
    if dead:
        con.execute(f"DELETE FROM token_parts WHERE id IN ({', '.join(str(part) for part, _ in dead)})")
    return [path for _, path in dead]


def _check_table_params(con, table_params: dict[str, Any]) -> None:
    rows = con.execute(
        "SELECT DISTINCT params FROM token_parts WHERE id IN (SELECT DISTINCT part_id FROM token_documents)"
    ).fetchall()
    for (stored,) in rows:
        before = json.loads(stored)
        if before != json.loads(json.dumps(table_params, sort_keys=True)):
            changed = [k for k in ("normalize", "versions") if before.get(k) != table_params[k]]
            detail = "; ".join(f"{k}: {before.get(k)} then, {table_params[k]} now" for k in changed)
            raise InputError(
                f"The project's token table was built with other settings ({detail}). Run "
                "`dauys text process --rebuild` to build it again with these, so that every document's "
                "tokens are comparable."
            )


def _run_batches(
    batches: Iterator[tuple[np.ndarray, list[str]]], texts: int, batch_size: int, pool: _SharingPool | None,
    options: NormalizeOptions,
) -> Iterator[TokenTables]:
    # Small runs stay in this process: sending them to workers costs more than it saves.
    if pool is None or texts < batch_size:
        collecting = gc.isenabled()
        gc.disable()  # as in a worker (see _worker_loop)
        try:
            for ids, batch in batches:
                yield token_table(ids, batch, options)
        finally:
            if collecting:
                gc.enable()
        return
    yield from pool.map(iter(batches))
