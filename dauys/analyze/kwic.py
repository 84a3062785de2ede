"""Keyword in context: every occurrence of a lemma, a word form, a phrase or a regular expression, with the
words around it as the document writes them (quanteda's ``kwic``, AntConc's concordance).

A pattern is matched on the project's token table (``dauys text process``), so the search is
lemma-aware: ``сот`` finds сотқа, соттың; ``суд`` finds суда, суде. ``match`` says how the pattern is read:

``lemma`` (default)
    One word, compared with the lemma of each token (lowercase, ё read as е). A word that is not the
    lemma of any token of the selection is read as a word form: it matches the lemmas the token table
    gives that form in these texts (``сотқа`` finds every form of сот), or the lemma the lemmatiser gives
    the pattern itself (``реформасы``: реформа). Which lemmas were searched is kept in the table's
    ``attrs["lemmas"]``.
``form``
    One word or several in a row, compared with the normalised form of each token (``сотқа`` finds сотқа
    and СОТҚА, not соттың; Kazakh typed in Latin letters or with Russian letters is normalised first).
``phrase``
    Several words that must follow each other inside one sentence, each read as a lemma as above:
    ``жер реформасы`` finds жер реформасы, жер реформасын, жер реформасына.
``regex``
    A regular expression in RE2 syntax (what DuckDB runs; no look-arounds or back-references). With
    ``regex_on="norm"`` it is searched in the normalised form of each token (lowercase; ``^сот`` finds
    сот, сотқа, соттың); with ``regex_on="text"`` in the document's text as written, so it may span words
    and punctuation (``жер\\s+реформа\\pL*``). It is searched, not fully matched: anchor it with ``^``
    and ``$`` to match whole forms. Case is ignored unless ``case_sensitive``. RE2's ``\\w`` and ``\\b``
    know only Latin letters: write ``\\pL`` for a letter of any script, ``(?:^|\\PL)`` for a word's start.
    On the text, the keyword is the match itself (which may begin or end inside a word), its context is
    counted from the tokens it touches, and a match of spaces alone is not listed.

The context is ``window`` words (tokens other than punctuation and symbols: words, numbers, hashtags,
mentions, emoji, links) on each side, taken from the document's text by character offsets, so
punctuation, spacing and capitals are kept: ``left + keyword + right`` is a stretch of the text as
written. Contexts stay inside the document but may cross sentences, as in a printed concordance.

Matching is SQL over the token table (DuckDB); only the documents of the rows listed are read for their
texts. Zero hits are not an error: the table is then empty, and its ``attrs`` (``hits``, ``documents``)
and the analysis's ``counts_`` say that nothing matched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.analyze.terms import require_tokens
from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

__all__ = ["KWIC_COLUMNS", "KWIC_MATCHES", "REGEX_TARGETS", "Kwic", "KwicParams", "kwic"]

KWIC_MATCHES = ("lemma", "form", "phrase", "regex")
REGEX_TARGETS = ("norm", "text")
KWIC_COLUMNS = ("doc_id", "sentence", "left", "keyword", "right", "lemma", "channel", "created_at", "corpus")
MAX_PATTERN_WORDS = 10
MAX_WINDOW = 50
_NOT_WORD = "('punct', 'symbol')"
_HITS = "dauys_kwic_hits"
_TEXTS = "dauys_kwic_texts"


def _fold(sql: str) -> str:
    """A token column compared as the patterns are: lowercase, ё read as е."""
    return f"replace(lower({sql}), 'ё', 'е')"


def _fold_word(word: str) -> str:
    return word.lower().replace("ё", "е")


@dataclass(frozen=True)
class _Pattern:
    """A pattern read for matching: one entry per word (lemma, form, phrase) or the expression (regex)."""

    text: str
    words: tuple[str, ...] = ()
    norms: tuple[str, ...] = ()
    lemmas: tuple[str, ...] = ()


def _read_pattern(pattern: str, match: str) -> _Pattern:
    from dauys.text.pipeline import token_table  # loaded when a search runs, not when the registry lists analyses

    text = (pattern or "").strip()
    if not text:
        raise InputError("--pattern is empty: give a lemma (сот), a phrase (жер реформасы) or a regex (^сот)")
    if match not in KWIC_MATCHES:
        raise InputError(f"--match {match!r}: expected one of {', '.join(KWIC_MATCHES)}")
    if match == "regex":
        return _Pattern(text)
    tokens = token_table([0], [text]).tokens
    kinds = tokens.column("kind").to_pylist()
    keep = [i for i, kind in enumerate(kinds) if kind not in ("punct", "symbol")]
    if not keep:
        raise InputError(f"--pattern {text!r} holds no word, only punctuation; use --match regex to find it")
    if match == "lemma" and len(keep) > 1:
        raise InputError(
            f"--pattern {text!r} has {len(keep)} words; --match lemma takes one: use --match phrase for words "
            "that follow each other"
        )
    if len(keep) > MAX_PATTERN_WORDS:
        raise InputError(f"--pattern {text!r} has {len(keep)} words; give at most {MAX_PATTERN_WORDS}")
    column = {name: tokens.column(name).to_pylist() for name in ("form", "norm", "lemma")}
    return _Pattern(
        text,
        words=tuple(column["form"][i] for i in keep),
        norms=tuple(_fold_word(column["norm"][i]) for i in keep),
        lemmas=tuple(_fold_word(column["lemma"][i]) for i in keep),
    )


def _check_regex(con: duckdb.DuckDBPyConnection, text: str, expression: str, on_text: bool) -> None:
    """InputError for a pattern RE2 cannot read, or (on the text) one that matches empty text."""
    try:
        empty = con.execute("SELECT regexp_matches('', ?)", [expression]).fetchall()[0][0]
    except duckdb.Error as exc:
        problem = str(exc).split("Error:", 1)[-1].strip().replace(expression, text)
        raise InputError(
            f"--pattern {text!r} is not a valid regular expression ({problem}); the syntax is RE2's "
            "(no look-arounds or back-references)"
        ) from None
    if on_text and empty:
        raise InputError(f"--pattern {text!r} matches empty text; make it require at least one character (+ not *)")


def _lemma_keys(con, tokens: str, selected: str, values: list[Any], pattern: _Pattern) -> list[list[str]]:
    """The lemmas each word of a lemma or phrase pattern is matched with (see the module docstring)."""
    keys = []
    for norm, lemma in zip(pattern.norms, pattern.lemmas, strict=True):
        rows = con.execute(
            f"""SELECT {_fold('t.lemma')} AS lemma, bool_or({_fold('t.norm')} = ?) AS as_form
                FROM {tokens} t WHERE {selected} AND t.kind NOT IN {_NOT_WORD}
                  AND ({_fold('t.lemma')} IN (?, ?) OR {_fold('t.norm')} = ?)
                GROUP BY 1 ORDER BY 1""",
            [norm, *values, norm, lemma, norm],
        ).fetchall()
        lemmas = {found for found, _ in rows}
        if norm in lemmas:
            keys.append([norm])
            continue
        given = sorted({found for found, as_form in rows if as_form} | ({lemma} & lemmas))
        keys.append(given or [norm])
    return keys


def _token_hits(con, tokens: str, selected: str, values: list[Any], conditions: list[tuple[str, list[Any]]]) -> None:
    """Fill the hits table from the token table: one row per run of tokens meeting the conditions in order.

    ``conditions`` holds one SQL condition on a token ``t`` (with its parameters) per word of the pattern;
    the tokens of a hit are consecutive and in one sentence.
    """
    flags = ", ".join(f"({sql}) AS m{i}" for i, (sql, _) in enumerate(conditions))
    flag_values = [v for _, params in conditions for v in params]
    last = len(conditions) - 1
    joins = " ".join(
        f"JOIN candidates c{i} ON c{i}.doc_id = c0.doc_id AND c{i}.sentence = c0.sentence "
        f"AND c{i}.position = c0.position + {i} AND c{i}.m{i}"
        for i in range(1, len(conditions))
    )
    lemma = " || ' ' || ".join(f"c{i}.lemma" for i in range(len(conditions)))
    con.execute(
        f"""CREATE TEMP TABLE {_HITS} AS
            WITH flagged AS (
                SELECT t.doc_id, t.sentence, t.position, t.start, t."end", t.lemma, {flags}
                FROM {tokens} t WHERE {selected} AND t.kind NOT IN {_NOT_WORD}
            ),
            candidates AS (SELECT * FROM flagged WHERE {' OR '.join(f'm{i}' for i in range(len(conditions)))})
            SELECT c0.doc_id, c0.sentence, c0.position AS first_pos, c{last}.position AS last_pos,
                   c0.start AS kw_start, c{last}."end" AS kw_end, {lemma} AS lemma
            FROM candidates c0 {joins} WHERE c0.m0""",
        flag_values + values,
    )


def _in(column: str, keys: list[str]) -> tuple[str, list[Any]]:
    """The condition that a token's folded ``column`` is one of ``keys``."""
    return f"{_fold('t.' + column)} IN ({', '.join('?' for _ in keys)})", list(keys)


def _text_hits(con, tokens: str, condition: str, values: list[Any], text: str, expression: str) -> None:
    """Fill the hits table from the documents' texts: one row per regex match that covers a token.

    DuckDB gives the matches of a text (``regexp_extract_all``) and the pieces between them
    (``regexp_split_to_array``) but no offsets; a match starts after the pieces and matches before it.
    """
    con.execute(
        f"""CREATE TEMP TABLE {_TEXTS} AS
            SELECT d.id AS doc_id, regexp_split_to_array(d.text, ?) AS pieces,
                   regexp_extract_all(d.text, ?) AS found
            FROM documents d WHERE {condition} AND regexp_matches(d.text, ?)""",
        [expression, expression, *values, expression],
    )
    empty = con.execute(f"SELECT count(*) FROM {_TEXTS} WHERE list_contains(found, '')").fetchall()[0][0]
    if empty:
        raise InputError(
            f"--pattern {text!r} matches empty text in {empty:,} documents (an anchor or \\b alone); make it "
            "require at least one character"
        )
    con.execute(
        f"""CREATE TEMP TABLE {_HITS} AS
            WITH found AS (
                SELECT doc_id, generate_subscripts(found, 1) AS i, unnest(found) AS kw FROM {_TEXTS}
            ),
            pieces AS (
                SELECT doc_id, i, length(piece) AS piece_length FROM (
                    SELECT doc_id, generate_subscripts(pieces, 1) AS i, unnest(pieces) AS piece FROM {_TEXTS}
                ) p
            ),
            spans AS (
                SELECT f.doc_id, f.i, length(f.kw) AS kw_length,
                       CAST(sum(p.piece_length + length(f.kw)) OVER (PARTITION BY f.doc_id ORDER BY f.i)
                            - length(f.kw) AS BIGINT) AS kw_start
                FROM found f JOIN pieces p ON p.doc_id = f.doc_id AND p.i = f.i
            ),
            t AS (
                SELECT t.doc_id, t.position, t.sentence, t.start, t."end", t.lemma, t.kind
                FROM {tokens} t WHERE t.doc_id IN (SELECT doc_id FROM {_TEXTS})
            )
            SELECT s.doc_id, arg_min(t.sentence, t.position) AS sentence, min(t.position) AS first_pos,
                   max(t.position) AS last_pos, s.kw_start, s.kw_start + s.kw_length AS kw_end,
                   coalesce(string_agg(t.lemma, ' ' ORDER BY t.position)
                            FILTER (WHERE t.kind NOT IN {_NOT_WORD}), '') AS lemma
            FROM spans s JOIN t ON t.doc_id = s.doc_id AND t.start < s.kw_start + s.kw_length AND t."end" > s.kw_start
            GROUP BY s.doc_id, s.i, s.kw_start, s.kw_length""",
    )


def _rows(con, tokens: str, window: int, n: int) -> pd.DataFrame:
    """The first ``n`` hits, oldest document first, with their contexts cut from the documents' texts."""
    words = f"CASE WHEN t.kind NOT IN {_NOT_WORD} THEN 1 ELSE 0 END"
    window = int(window)
    return con.execute(
        f"""WITH page AS (
                SELECT h.* FROM {_HITS} h JOIN documents d ON d.id = h.doc_id
                ORDER BY d.created_at NULLS LAST, h.doc_id, h.kw_start LIMIT {int(n)}
            ),
            tok AS (
                SELECT t.doc_id, t.position, t.start, t."end", {words} AS is_word,
                       sum({words}) OVER (PARTITION BY t.doc_id ORDER BY t.position
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS seen
                FROM {tokens} t WHERE t.doc_id IN (SELECT doc_id FROM page)
            ),
            counted AS (SELECT doc_id, max(seen) AS total FROM tok GROUP BY doc_id),
            hit AS (
                SELECT p.*, f.seen - f.is_word AS before, l.seen AS upto, n.total
                FROM page p
                JOIN tok f ON f.doc_id = p.doc_id AND f.position = p.first_pos
                JOIN tok l ON l.doc_id = p.doc_id AND l.position = p.last_pos
                JOIN counted n ON n.doc_id = p.doc_id
            ),
            ctx AS (
                SELECT h.*, coalesce(lw.start, h.kw_start) AS ctx_start, coalesce(rw."end", h.kw_end) AS ctx_end
                FROM hit h
                LEFT JOIN tok lw ON {window} > 0 AND h.before > 0 AND lw.doc_id = h.doc_id AND lw.is_word = 1
                    AND lw.seen = greatest(h.before - {window} + 1, 1)
                LEFT JOIN tok rw ON {window} > 0 AND h.upto < h.total AND rw.doc_id = h.doc_id AND rw.is_word = 1
                    AND rw.seen = least(h.upto + {window}, h.total)
            )
            SELECT x.doc_id, x.sentence,
                   substring(d.text, x.ctx_start + 1, x.kw_start - x.ctx_start) AS "left",
                   substring(d.text, x.kw_start + 1, x.kw_end - x.kw_start) AS keyword,
                   substring(d.text, x.kw_end + 1, x.ctx_end - x.kw_end) AS "right",
                   x.lemma, ch.handle AS channel, d.created_at, d.corpus
            FROM ctx x JOIN documents d ON d.id = x.doc_id LEFT JOIN channels ch ON ch.id = d.channel_id
            ORDER BY d.created_at NULLS LAST, x.doc_id, x.kw_start"""
    ).df()


def _typed(frame: pd.DataFrame, tz: str) -> pd.DataFrame:
    frame = frame.reindex(columns=list(KWIC_COLUMNS))
    created = pd.to_datetime(frame["created_at"], utc=True).dt.tz_convert(tz)
    frame = frame.astype({"doc_id": "int64", "sentence": "int64", "left": "string", "keyword": "string",
                          "right": "string", "lemma": "string", "channel": "string", "corpus": "string"})
    return frame.assign(created_at=created).reset_index(drop=True)


def kwic(
    project: Project,
    where: DocumentFilter | None,
    pattern: str,
    match: str = "lemma",
    window: int = 5,
    n: int = 1000,
    regex_on: str = "norm",
    case_sensitive: bool = False,
) -> pd.DataFrame:
    """Every occurrence of ``pattern`` in the documents ``where`` selects, with its context.

    Parameters
    ----------
    project
        The open project; the selected documents need tokens (``dauys text process``).
    where
        Which documents (None: all).
    pattern
        A lemma, a word form, a phrase or a regular expression, as ``match`` says (module docstring).
    match
        ``lemma``, ``form``, ``phrase`` or ``regex``.
    window
        Words of context on each side (0 to 50); punctuation in between is kept but not counted.
    n
        List at most this many hits (the oldest documents first); ``attrs["hits"]`` counts them all.
    regex_on
        ``norm`` (each token's normalised form) or ``text`` (the document's text); regex only.
    case_sensitive
        Tell capitals from small letters; regex only.

    Returns
    -------
    pandas.DataFrame
        One row per hit, in the order of the documents' dates (undated last), then of the text:
        ``doc_id``; ``sentence`` (index of the hit's sentence in its document, from 0); ``left``,
        ``keyword`` and ``right`` (the context before, the hit as written, the context after: together a
        stretch of the text); ``lemma`` (the lemmas of the hit's words, which shows what a lemma search
        found); ``channel`` (its handle), ``created_at`` (in the project's time zone) and ``corpus`` of
        the document. ``attrs`` holds ``pattern``, ``match``, ``window``, ``regex_on`` (regex only),
        ``hits`` (all matches, however many rows are listed), ``documents`` (documents with at least one),
        ``selected_documents`` and, for lemma and phrase patterns, ``lemmas`` (the lemmas searched for
        each word of the pattern).

    Examples
    --------
    >>> table = kwic(project, None, "сот", window=3)                     # doctest: +SKIP
    >>> table[["left", "keyword", "right"]].head(2)                      # doctest: +SKIP
                      left keyword                  right
    0             Іс енді    сотқа   жетті. Соттың шешімі
    1  енді сотқа жетті.    Соттың       шешімі әділ емес
    """
    where = where if where is not None else DocumentFilter(tz=project.tz)
    if regex_on not in REGEX_TARGETS:
        raise InputError(f"--regex-on {regex_on!r}: expected one of {', '.join(REGEX_TARGETS)}")
    if match != "regex" and (regex_on != "norm" or case_sensitive):
        option = "--regex-on text" if regex_on != "norm" else "--case-sensitive"
        raise InputError(f"{option} applies to --match regex only; leave it out for --match {match}")
    if not 0 <= window <= MAX_WINDOW:
        raise InputError(f"--window {window}: expected a number from 0 to {MAX_WINDOW}")
    if n < 1:
        raise InputError(f"--n {n}: expected a number of at least 1")
    read = _read_pattern(pattern, match)
    selected_documents = require_tokens(project, where)
    condition, values = where.sql("d")
    selected = f"t.doc_id IN (SELECT d.id FROM documents d WHERE {condition})"
    attrs: dict[str, Any] = {"pattern": read.text, "match": match, "window": int(window)}
    with project.store.read() as con:
        tokens = project.tokens_sql(con)
        if match == "regex":
            expression = read.text if case_sensitive else "(?i)" + read.text
            _check_regex(con, read.text, expression, regex_on == "text")
            attrs["regex_on"] = regex_on
            if regex_on == "text":
                _text_hits(con, tokens, condition, values, read.text, expression)
            else:
                _token_hits(con, tokens, selected, values, [("regexp_matches(t.norm, ?)", [expression])])
        elif match == "form":
            _token_hits(con, tokens, selected, values, [_in("norm", [norm]) for norm in read.norms])
        else:
            keys = _lemma_keys(con, tokens, selected, values, read)
            attrs["lemmas"] = {word: key for word, key in zip(read.words, keys, strict=True)}
            _token_hits(con, tokens, selected, values, [_in("lemma", key) for key in keys])
        hits, documents = con.execute(f"SELECT count(*), count(DISTINCT doc_id) FROM {_HITS}").fetchall()[0]
        table = _typed(_rows(con, tokens, window, n), project.tz)
    attrs.update(hits=int(hits), documents=int(documents), selected_documents=selected_documents)
    table.attrs = attrs
    return table


@dataclass(frozen=True)
class KwicParams:
    pattern: str = param("", "What to look for: a lemma (сот finds сотқа, соттың; суд finds суда), a word form, "
                             "a phrase (жер реформасы) or a regular expression, as --match says.")
    match: str = param("lemma", "How to read the pattern: one lemma; word forms as written (normalised); a "
                                "phrase of words in a row, each as a lemma; or a regular expression (RE2).",
                       choices=KWIC_MATCHES)
    regex_on: str = param("norm", "Regex only: search each word's normalised form, or the document's text as "
                                  "written (a match may then span words and punctuation).", choices=REGEX_TARGETS)
    window: int = param(5, "Words of context on each side of the keyword (punctuation is kept, not counted).",
                        min=0, max=MAX_WINDOW)
    n: int = param(1000, "List at most this many hits, oldest documents first (the ledger counts all of them).",
                   min=1, max=1_000_000)
    case_sensitive: bool = param(False, "Regex only: tell capitals from small letters (the normalised form is "
                                        "lowercase, so this matters with --regex-on text).")


class Kwic(Analysis):
    """Keyword in context: the hits of a pattern with the words around them (see :func:`kwic`).

    Result columns: ``doc_id``, ``sentence``, ``left``, ``keyword``, ``right``, ``lemma``, ``channel``,
    ``created_at`` and ``corpus``, as :func:`kwic` describes. ``counts_`` records ``hits`` (every match
    in the selection, however many rows are listed) and ``documents_with_hits``; a search with no hit
    saves an empty table and says so in its title. Export the table with ``dauys export --result ID
    hits.xlsx`` (dates are written in the project's time zone).
    """

    name = "kwic"
    title = "Keyword in context"
    description = (
        "Every occurrence of a lemma (сот finds сотқа, соттың), word form, phrase (жер реформасы) or regular "
        "expression, with N words of context on each side as the text writes them, and the channel, date and "
        "corpus of each document."
    )
    Params = KwicParams
    needs_tokens = True

    def result_title(self, params: KwicParams) -> str:
        title = f"Keyword in context: {params.pattern} ({params.match}"
        title += f" on {params.regex_on})" if params.match == "regex" else ")"
        hits, listed = self.counts_.get("hits"), self.counts_.get("listed")
        if hits is None:
            return title
        if not hits:
            return title + ": no hits"
        return title + (f": {hits:,} hits" if listed == hits else f": {listed:,} of {hits:,} hits")

    def run(
        self, project: Project, where: DocumentFilter, params: KwicParams, progress: Progress = SILENT
    ) -> pd.DataFrame:
        """The hits of the pattern in the documents ``where`` selects (see the class for the columns)."""
        progress.stage(f"Finding {params.pattern}", None)
        table = kwic(project, where, params.pattern, params.match, params.window, params.n, params.regex_on,
                     params.case_sensitive)
        self.counts_ = {
            "documents": table.attrs["selected_documents"],
            "hits": table.attrs["hits"],
            "documents_with_hits": table.attrs["documents"],
            "listed": len(table),
        }
        if "lemmas" in table.attrs:
            self.resources_ = {"lemmas_searched": table.attrs["lemmas"]}
        return table
