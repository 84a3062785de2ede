"""Tokens of Kazakh, Russian, English and mixed social-media text, with offsets, kinds and sentences.

Two views of the same rules:

- :func:`tokenize` (one text) and :func:`tokenize_many` (a batch, as columns) give every token with its
  character offsets, its kind and the sentence it belongs to; :func:`sentence_spans` gives the sentences.
- :func:`word_tokens` gives what a content analyst counts as words: the ``word`` and ``hashtag`` tokens,
  normalised by :func:`normalize_token` (NFC, lowercase, ``ё`` as ``е``, plain ``'`` and ``-``, Russian
  stress marks removed).

Every character that is not whitespace (``str.isspace``) belongs to exactly one token; whitespace is
never part of a token. So ``text[t.start:t.end] == t.text``, tokens are in order and do not overlap, and
the gaps between them are whitespace only. Token kinds (:data:`TOKEN_KINDS`), tried in this order:

``url``
    With a scheme (``https://egov.kz/services?id=12``), starting with ``www.``, or a bare domain with a
    known top-level domain (``egov.kz/services``, ``t.me/dala_habar``). Trailing ``. , ; : ! ? ) ' »``
    and the like are left out (they end the sentence, not the address).
``email``
    ``info@gov.kz``.
``emoji``
    One whole emoji sequence: ``👍🏽``, ``👨‍👩‍👧``, ``🇰🇿``, ``1️⃣``, ``❤️`` are each one token (see
    :mod:`dauys.text.emoji_names` for what counts as an emoji; :func:`emoji_name` names it).
``word``
    A letter of any script followed by letters, digits and combining marks (stress accents, Arabic
    vowel signs, zero-width (non-)joiners, soft hyphens), with inner hyphens and apostrophes
    (``көк-жайлау``, ``из-за``, ``covid-19``, ``covid19``, ``don't``, ``don’t``, ``o'zbek``). Every
    Kazakh letter (ә ғ қ ң ө ұ ү һ і) and the Kazakh Latin letters (á ǵ ı ń ó ú ý ş ç ğ) are letters.
    Scripts written without spaces (Chinese, Japanese, Thai) come out as one word per run. An
    abbreviation is a word and its dots: ``т.б.`` is ``т``, ``.``, ``б``, ``.``.
    A keycap glued to the end of a word is not seen (``Рахмет1️⃣`` is ``Рахмет1`` and a symbol).
``hashtag``
    ``#`` and word characters with at least one letter, any script: ``#Шерзатүшін``, ``#qantar``,
    ``#су_тасқыны``, ``#Qantar2022``. Not after a letter or digit (``C#`` is a word and a ``#``).
``number``
    Anything that starts with a digit: ``2022``, ``3.14``, ``15,5``, ``12:30``, ``22.11.2026``,
    ``1/2``, ``50%``, and a number with its case ending or unit glued on: ``2022-жылы``, ``5-й``,
    ``15%-ға``, ``2022ж``, ``5G``. Spaces never join digits: ``1 000 000`` is three numbers.
    ``2022-2023`` is a number, a ``-`` and a number; signs (``-5``, ``+3``) are separate tokens.
``mention``
    ``@akimat_almaty``, ``@dala.habar``; not after a letter or digit.
``punct``
    Unicode punctuation (categories P*), one character a token, except runs: sentence-ending marks in
    any mix (``...``, ``!!!``, ``?!``), and repeats of the same hyphen, dash, ``*``, ``_``, ``(`` or ``)``
    (``--``; ``))))``, the Russian smiley, is one token).
``symbol``
    Everything else that is not whitespace, one character a token: currency and maths signs (``₸``,
    ``+``, ``№``, ``°``), ``©`` and ``™`` without the emoji selector, control characters, U+FFFD,
    private-use characters, and combining marks or joiners with nothing to attach to.

Combining marks after a punctuation mark or symbol stay with it.

Sentences (``Token.sentence``, :func:`sentence_spans`) end at a line break (any newline: in posts and
comments a new line is a new thought), and after ``.``, ``!``, ``?``, ``…`` (and their runs, and
``。！？؟``). Closing brackets and quotes and emoji that follow the mark stay in its sentence
(``Су жоқ!» 😡`` is one sentence). No break:

- after ``.`` following an initial (``А. Байтұрсынұлы``, ``Н.Ә. Назарбаев``) or a title or abbreviation
  that stands before what it qualifies (``г.``, ``ж.``, ``ул.``, ``т.е.``, ``e.g.``, ``Mr.``, ``Dr.``);
- after ``.`` following another abbreviation (``т.б.``, ``т.с.с.``, ``т.д.``, ``т.п.``, ``др.``,
  ``etc.``, ``млн.``, any single lowercase letter) unless the next word is capitalised;
- after ``.`` following a number that opens the sentence (``1. Кіріспе``: a list label);
- after ``…`` or ``..`` followed by a lowercase word, a comma or a dash (``Ну... не знаю``);
- after ``!`` or ``?`` followed by a comma or a dash (``— Жоқ! — деді ол.``).

Decimals and URLs are single tokens, so their dots never end a sentence.

The functions are pure and run in linear time (no nested ambiguous repetition in the patterns), so they
suit batches of documents in a process pool or on a cluster. Nothing is downloaded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import NamedTuple

import numpy as np

from dauys.text.emoji_names import EMOJI_PATTERN, emoji_name

__all__ = [
    "TOKENIZER_VERSION", "TOKEN_KINDS", "Token", "TokenColumns", "emoji_name", "normalize_token", "sentence_spans",
    "tokenize", "tokenize_many", "word_tokens",
]

TOKENIZER_VERSION = "2026.2"
"""Recorded in the ledger with every analysis that counts tokens; changes whenever the rules change."""

TOKEN_KINDS = ("word", "number", "url", "email", "mention", "hashtag", "emoji", "punct", "symbol")
"""Token kinds; ``TokenColumns.kind`` holds the index into this tuple (word = 0 … symbol = 8)."""


class Token(NamedTuple):
    """One token of a text.

    Attributes
    ----------
    text : str
        Exactly ``original_text[start:end]``.
    start, end : int
        Character offsets (Python ``str`` indices) in the original text.
    kind : str
        One of :data:`TOKEN_KINDS`.
    sentence : int
        0-based index of the token's sentence within the text (an index into :func:`sentence_spans`).
    """

    text: str
    start: int
    end: int
    kind: str
    sentence: int


@dataclass
class TokenColumns:
    """The tokens of a batch of texts as parallel columns, one row per token.

    Rows are ordered by text, then by position in the text. Texts without tokens (empty, whitespace
    only, ``None``) have no rows.

    Attributes
    ----------
    doc : numpy.ndarray of int64
        Index of the token's text in the sequence given to :func:`tokenize_many`.
    start, end : numpy.ndarray of int64
        Character offsets of the token in its own text: ``texts[doc][start:end] == text``.
    kind : numpy.ndarray of int8
        Index into :data:`TOKEN_KINDS` (0 word, 1 number, 2 url, 3 email, 4 mention, 5 hashtag, 6 emoji,
        7 punct, 8 symbol).
    sentence : numpy.ndarray of int64
        0-based sentence index within the token's own text, as :attr:`Token.sentence`.
    text : list of str
        The token strings.
    """

    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    kind: np.ndarray
    sentence: np.ndarray
    text: list[str]

    def __len__(self) -> int:
        return len(self.text)


def _category_classes(*wanted: tuple[str, ...]) -> list[str]:
    """For each tuple of category prefixes, a regex matching one code point of those categories.

    Each is a regex for one character (see :func:`_char_class`), built from the running Python's Unicode
    database in one pass over the planes that have marks and punctuation (about 0.1 s at import).
    """
    ranges: list[list[list[int]]] = [[] for _ in wanted]
    first_letters = "".join({prefix[0] for prefixes in wanted for prefix in prefixes})
    for point in chain(range(0x30000), range(0xE0000, 0xE01F0)):
        category = unicodedata.category(chr(point))
        if category[0] not in first_letters:
            continue
        for prefixes, found in zip(wanted, ranges, strict=True):
            if category.startswith(prefixes):
                if found and found[-1][1] == point - 1:
                    found[-1][1] = point
                else:
                    found.append([point, point])
    return [_char_class(found) for found in ranges]


def _char_class(ranges: list[list[int]]) -> str:
    """A regex for one character in ``ranges``, quick to reject a character from the Basic Multilingual Plane.

    The :mod:`re` engine looks characters up in a table for the BMP part of a class but walks the list of
    ranges above it one by one, so those are only tried for a character above U+FFFF.
    """
    def body(part: list[list[int]]) -> str:
        return "".join(f"\\U{a:08X}" + (f"-\\U{b:08X}" if b > a else "") for a, b in part)

    bmp = [[a, min(b, 0xFFFF)] for a, b in ranges if a <= 0xFFFF]
    astral = [[max(a, 0x10000), b] for a, b in ranges if b > 0xFFFF]
    return f"(?:[{body(bmp)}]|(?=[\\U00010000-\\U0010FFFF])[{body(astral)}])" if astral else f"[{body(bmp)}]"


_MARKS, _CLOSERS, _PUNCTUATION = _category_classes(("M",), ("Pe", "Pf"), ("P",))
# Characters that continue a word without starting one: combining marks, zero-width (non-)joiners, soft hyphen.
# Variation selectors and the keycap mark are left out: they belong to the emoji before them (1️⃣, ©️).
_MARK = rf"(?:(?![\uFE00-\uFE0F\u20E3])(?:[\u200C\u200D\u00AD]|{_MARKS}))"
_TERMINATORS = frozenset(".!?…‼⁉。！？．؟۔")
_APOSTROPHES = "'’ʼ‘`"
_HYPHENS = "\\-‐‑"
_TLDS = "kz|ru|com|org|net|gov|edu|info|io|me|tv|uz|kg|tj|by|ua|su|uk|us|de|fr|eu|ly|be|co|рф|қаз"
_URL_CHAR = r"[^\s<>\"«»“”]"
_URL_END = r"[^\s<>\"«»“”.,;:!?'’)\]}…]"  # the last character of an address
_ALNUM_MARKS = rf"[^\W_]*(?:{_MARK}+[^\W_]*)*"  # letters, digits and marks, unrolled so that matching stays linear

# One alternative per kind, in the order they are tried. "domain" is a url; "term" (sentence-ending marks) and
# "close" (closing brackets and quotes) are punct; "plain" is a word without hyphen, apostrophe, mark, "." or
# "@" after it: the common case, tried first (nothing before it in this order can match where it matches).
# E-mails and bare domains are only tried where a run of [\w.+-] begins, so that each run is scanned a bounded
# number of times, and (with urls) only when the run reaches a ".", "@" or ":".
_ALTERNATIVES = (
    ("email", r"(?<![\w.+\-@])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"),
    ("url", rf"(?i:https?://|ftp://|www\.){_URL_CHAR}*{_URL_END}"),
    ("domain", rf"(?<![\w.+\-@])(?:[\w\-]+\.)+(?i:{_TLDS})(?![^\W_])(?:/(?:{_URL_CHAR}*{_URL_END})?)?"),
    ("emoji", EMOJI_PATTERN),
    ("plain", r"[^\W\d_][^\W_]*+(?=[\s,;!?)\]»\"]|\Z)"),
    ("word", rf"[^\W\d_]{_ALNUM_MARKS}(?:[{_HYPHENS}{_APOSTROPHES}][^\W_]{_ALNUM_MARKS})*"),
    ("hashtag", rf"(?<![^\W_])#[\d_]*[^\W\d_](?:\w|{_MARK})*"),
    ("number", rf"\d[^\W_]*(?:[.,:/]\d[^\W_]*)*%?(?:[{_HYPHENS}][^\W\d_]{_ALNUM_MARKS})?"),
    ("mention", r"(?<![^\W_])@\w+(?:\.\w+)*"),
    ("term", rf"[{''.join(_TERMINATORS)}]+"),  # term and close are punct, told apart again when sentences are found
    ("close", rf"\)+|{_CLOSERS}{_MARK}*"),
    ("punct", rf"-+|[‐‑‒–—―]+|\*+|_+|\(+|{_PUNCTUATION}{_MARK}*"),
    ("symbol", rf"\S{_MARK}*"),
)
_GUARDED = ("email", "url", "domain")
_GUARD = r"(?=[\w+\-]*[.@:])"
_ORDER = ("plain", *(name for name, _ in _ALTERNATIVES if name != "plain"))


def _pattern(*captures: tuple[str, ...], order: tuple[str, ...] = _ORDER, space: str = "") -> re.Pattern[str]:
    """The alternatives in ``order`` as one pattern, each tuple of adjacent ones in ``captures`` one capturing group.

    The whitespace before a token is part of the match (``space`` wraps it: "(" and ")" to capture it):
    matching it is much faster than letting the search try every alternative at every space.
    """
    sources = dict(_ALTERNATIVES)
    lasts = {names[0]: names[-1] for names in captures}
    pieces, last = [], None
    for name in order:
        last = lasts.get(name, last)
        piece = ("(" if name in lasts else "") + f"(?:{sources[name]})" + (")" if name == last else "")
        if name == _GUARDED[0]:
            piece = f"{_GUARD}(?:{piece}"
        if name == _GUARDED[-1]:
            piece += ")"
        pieces.append(piece)
    return re.compile(rf"{space[:1]}\s*+{space[1:]}(?:" + "|".join(pieces) + ")")


# One capturing group per kind, except that the two ways to a word are two groups (not adjacent in _ORDER).
_GROUPS = (
    ("plain",), ("email",), ("url", "domain"), ("emoji",), ("word",), ("hashtag",), ("number",), ("mention",),
    ("term", "close", "punct"), ("symbol",),
)
_TOKEN = _pattern(*_GROUPS, space="()")
_GROUP_KIND = np.array(
    [TOKEN_KINDS.index(next((name for name in names if name in TOKEN_KINDS), "word")) for names in _GROUPS], np.int8
)
_WORD, _NUMBER, _EMOJI, _PUNCT = (TOKEN_KINDS.index(kind) for kind in ("word", "number", "emoji", "punct"))
_NEWLINE = re.compile(r"[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")

# A "." after these never ends a sentence: they stand before what they qualify (г. Алматы, ж. 5 қаңтар).
_BEFORE_NAMES = frozenset(
    "mr mrs ms dr prof st vs no e g i т е ж г қ ул көш обл им акад проф ген тел см ст стр рис гр тов св".split()
)
# A "." after these (and after any single lowercase letter) ends a sentence only before a capitalised word.
_ABBREVIATIONS = frozenset("etc др пр тыс млн млрд трлн руб тг коп мың р-н ауд кв жж сағ мин сек км кг шт".split())
_DASHES = frozenset("-‐‑‒–—―")
_CHUNK_CHARS = 1 << 20


def _sentence_break(mark: str, before: str | None, number_opens: bool, after: str, after_word: bool) -> bool:
    """Whether the sentence-ending mark ``mark`` ends its sentence.

    ``before`` is the word glued to the mark's left (None if there is none), ``number_opens`` whether a
    number that opens the sentence is glued there instead, and ``after`` the first token after the mark
    and the closing quotes, brackets and emoji that follow it; ``after_word`` whether that is a word.
    """
    if after == "," or after[0] in _DASHES:
        return False
    if "!" in mark or "?" in mark or "‼" in mark or "⁉" in mark:
        return True
    if "…" in mark or mark.startswith(".."):
        return not (after_word and not after[0].isupper())
    if mark in (".", "．"):
        if before is not None:
            lowered = before.lower()
            if (len(before) == 1 and before.isupper()) or lowered in _BEFORE_NAMES:
                return False
            if (len(before) == 1 or lowered in _ABBREVIATIONS) and not (after_word and after[0].isupper()):
                return False
        return not number_opens
    return True


def _tokenize_chunk(
    texts: list[str], doc_start: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Token columns of a few thousand texts (starting at ``doc_start`` when joined), found in one pass over
    the texts joined by spaces.

    A space stands for the start and end of a text to every lookaround of the pattern, so joining
    changes nothing; the doc index comes from the offsets.
    """
    joined = " ".join(texts)
    # re.split gives ["", space, group 1, …, group K, "", space, group 1, …, trailing space]: the space
    # before each token, then K groups of which one holds the token.
    parts = _TOKEN.split(joined)
    width = len(_GROUPS) + 2
    n = (len(parts) - 1) // width
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, np.zeros(0, dtype=np.int8), empty, []
    cells = np.fromiter(parts, dtype=object, count=len(parts))
    rows = cells[1:].reshape(n, width)
    groups = rows[:, 1:-1]
    present = np.not_equal(groups, None)
    group = present.argmax(axis=1)
    words = groups[present].tolist()
    length = np.fromiter(map(len, words), dtype=np.int64, count=n)
    gap = np.fromiter(map(len, rows[:, 0].tolist()), dtype=np.int64, count=n)
    end = np.cumsum(gap + length)
    start = end - length

    doc = np.searchsorted(doc_start, start, side="right") - 1
    opens_doc = np.empty(n, dtype=bool)
    opens_doc[:1] = True
    np.not_equal(doc[1:], doc[:-1], out=opens_doc[1:])
    opens = opens_doc.copy()  # the token opens a sentence
    breaks = [match.start() for match in _NEWLINE.finditer(joined)]
    if breaks:
        after_break = np.searchsorted(start, breaks)
        opens[after_break[after_break < n]] = True

    # Sentence-ending marks, left to right; plain lists because the loop reads single items.
    kind = _GROUP_KIND[group]
    opens_list, kind_list = opens.tolist(), kind.tolist()
    start_list, end_list = start.tolist(), end.tolist()
    marks = [i for i in np.flatnonzero(kind == _PUNCT).tolist() if words[i][0] in _TERMINATORS]
    for i in marks:
        j = i + 1
        while j < n and not opens_list[j] and (
            kind_list[j] == _EMOJI
            or (kind_list[j] == _PUNCT and (words[j][0] == ")" or unicodedata.category(words[j][0]) in ("Pe", "Pf")))
            or (words[j] in ('"', "'") and start_list[j] == end_list[j - 1])
        ):
            j += 1
        if j == n or opens_list[j]:
            continue
        glued = i > 0 and not opens_list[i] and start_list[i] == end_list[i - 1]
        before = words[i - 1] if glued and kind_list[i - 1] == _WORD else None
        number_opens = glued and kind_list[i - 1] == _NUMBER and opens_list[i - 1]
        if _sentence_break(words[i], before, number_opens, words[j], kind_list[j] == _WORD):
            opens_list[j] = True
    sentence = np.cumsum(np.array(opens_list, dtype=bool), dtype=np.int64) - 1
    sentence -= np.maximum.accumulate(np.where(opens_doc, sentence, 0))
    return doc, start - doc_start[doc], end - doc_start[doc], kind, sentence, words


def tokenize_many(texts: Sequence[str | None]) -> TokenColumns:
    """Tokenize a batch of texts into columns, without a Python object per token other than its string.

    Parameters
    ----------
    texts : sequence of str
        The texts; ``None`` counts as an empty text.

    Returns
    -------
    TokenColumns
        One row per token, ordered by text and position; see :class:`TokenColumns` for the columns and
        the module docstring for the rules. The same tokens as :func:`tokenize` gives for each text.

    Examples
    --------
    >>> columns = tokenize_many(["Су тарифі өсті! 😡", "", "#Qantar 2022-жылы"])
    >>> columns.text
    ['Су', 'тарифі', 'өсті', '!', '😡', '#Qantar', '2022-жылы']
    >>> columns.doc.tolist(), columns.start.tolist(), columns.sentence.tolist()
    ([0, 0, 0, 0, 0, 2, 2], [0, 3, 10, 14, 16, 0, 8], [0, 0, 0, 0, 0, 0, 0])
    >>> [TOKEN_KINDS[code] for code in columns.kind]
    ['word', 'word', 'word', 'punct', 'emoji', 'hashtag', 'number']
    """
    texts = [text or "" for text in texts]
    # Chunks of about _CHUNK_CHARS characters, each joined into one string with a space after each text.
    ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1)
    cuts = np.searchsorted(ends, np.arange(_CHUNK_CHARS, ends[-1] if len(texts) else 0, _CHUNK_CHARS)) + 1
    chunks = []
    for first, last in zip(chain([0], cuts.tolist()), chain(cuts.tolist(), [len(texts)]), strict=True):
        if first < last:
            base = ends[first - 1] if first else 0
            doc, *rest = _tokenize_chunk(texts[first:last], np.r_[0, ends[first : last - 1] - base])
            chunks.append((doc + first, *rest))
    chunks = [chunk for chunk in chunks if len(chunk[5])]
    if not chunks:
        empty = np.zeros(0, dtype=np.int64)
        return TokenColumns(empty, empty.copy(), empty.copy(), np.zeros(0, dtype=np.int8), empty.copy(), [])
    doc, start, end, kind, sentence = (np.concatenate([chunk[k] for chunk in chunks]) for k in range(5))
    return TokenColumns(doc, start, end, kind, sentence, list(chain.from_iterable(chunk[5] for chunk in chunks)))


def tokenize(text: str) -> list[Token]:
    """The tokens of one text, with offsets, kinds and sentence indices.

    Parameters
    ----------
    text : str
        Any text; nothing is normalised, so offsets refer to ``text`` as given.

    Returns
    -------
    list of Token
        Every non-whitespace character in exactly one token, in order (see the module docstring).

    Examples
    --------
    >>> [(t.text, t.kind) for t in tokenize("Алматыда су жоқ 😷 #қантар @akimat_almaty")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('Алматыда', 'word'), ('су', 'word'), ('жоқ', 'word'), ('😷', 'emoji'), ('#қантар', 'hashtag'),
     ('@akimat_almaty', 'mention')]
    >>> tokenize("Тариф 15%-ға өсті.")[1]
    Token(text='15%-ға', start=6, end=12, kind='number', sentence=0)
    >>> [t.sentence for t in tokenize("Тариф өсті. Н.Ә. Назарбаев айтты.")]
    [0, 0, 0, 1, 1, 1, 1, 1, 1, 1]
    """
    columns = tokenize_many([text])
    return [
        Token(word, start, end, TOKEN_KINDS[kind], sentence)
        for word, start, end, kind, sentence in zip(
            columns.text, columns.start.tolist(), columns.end.tolist(), columns.kind.tolist(),
            columns.sentence.tolist(), strict=True,
        )
    ]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of a text as ``(start, end)`` character offsets.

    A sentence runs from the start of its first token to the end of its last, so it never begins or
    ends with whitespace; sentence ``i`` holds the tokens whose ``Token.sentence`` is ``i``. A text
    without tokens has no sentences.

    Examples
    --------
    >>> text = "Су жоқ!!! 😡\\nТариф т.б. өсті. Ещё 3.5% (по данным stat.gov.kz)."
    >>> [text[start:end] for start, end in sentence_spans(text)]
    ['Су жоқ!!! 😡', 'Тариф т.б. өсті.', 'Ещё 3.5% (по данным stat.gov.kz).']
    """
    columns = tokenize_many([text])
    if not len(columns):
        return []
    first = np.flatnonzero(np.r_[True, columns.sentence[1:] != columns.sentence[:-1]])
    last = np.r_[first[1:] - 1, len(columns) - 1]
    return list(zip(columns.start[first].tolist(), columns.end[last].tolist(), strict=True))


# Folded before counting: ё as е, typographic apostrophes and hyphens as plain ones, and the Turkish capital
# İ as I (so that lowercasing gives i, not i with a combining dot). None of these moves a token boundary.
_FOLDS = (
    ("ё", "е"), ("Ё", "Е"), ("’", "'"), ("‘", "'"), ("ʼ", "'"), ("`", "'"), ("‐", "-"), ("‑", "-"), ("İ", "I"),
)
_STRESS = ("\u0301", "\u0300")  # Russian stress marks, still there after NFC (there is no precomposed Cyrillic о́)
# The tokenizer's pattern capturing only words and hashtags: findall gives "" for every other token.
_WORDS = _pattern(("plain", "word", "hashtag"), order=tuple(name for name, _ in _ALTERNATIVES))


def _replace_folds(text: str) -> str:
    for old, new in _FOLDS:
        if old in text:
            text = text.replace(old, new)
    return text


def _folded(text: str) -> str:
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _replace_folds(text)


def _lowered(words: list[str]) -> list[str]:
    """Lowercased, stress marks removed, in one pass over the joined words (no token holds a newline)."""
    joined = "\n".join(words).lower()
    for mark in _STRESS:
        if mark in joined:
            joined = joined.replace(mark, "")
    return joined.split("\n")


def normalize_token(word: str) -> str:
    """A word in the form :func:`word_tokens` gives it: NFC, lowercase, ё as е, plain ' and -, no stress marks.

    >>> normalize_token("Ёлка"), normalize_token("Don’t"), normalize_token("со\u0301рок")
    ('елка', "don't", 'сорок')
    """
    return _lowered([_folded(word)])[0]


def word_tokens(text: str) -> list[str]:
    """The word and hashtag tokens of ``text``, normalised by :func:`normalize_token`, in order.

    These are the ``word`` and ``hashtag`` tokens of :func:`tokenize`: URLs, e-mail addresses, mentions,
    numbers (with what is glued to them: ``2022-жылы``), punctuation and emoji are left out.

    >>> word_tokens("Су тарифі тағы өсті! #ЖаңаҚазақстан https://egov.kz @akimat")
    ['су', 'тарифі', 'тағы', 'өсті', '#жаңақазақстан']
    >>> word_tokens("Ещё 15% — из-за COVID-19, don’t panic 😷")
    ['еще', 'из-за', 'covid-19', "don't", 'panic']
    """
    if not text:
        return []
    # The words are found in the text as given, as tokenize finds them: composing a letter with the mark after
    # it (NFC) can move a boundary (in "г\u0301#а" the mark ends the word; composed, "ѓ" glues to the "#").
    words = list(filter(None, _WORDS.findall(_replace_folds(text))))
    if not words:
        return []
    if not unicodedata.is_normalized("NFC", text):
        words = [_folded(word) for word in words]
    return _lowered(words)
