"""Terms of documents, read from the token table: what every counting analysis counts.

quanteda builds its counts on *tokens*; dauys builds them on the project's token table (written by
``dauys text process``, see :mod:`dauys.text.pipeline`). A *term* is what one token, or a run of ``n``
adjacent tokens, contributes to a count, chosen by :class:`TermOptions`:

``feature``
    ``lemma`` (default: ``сотқа``, ``соттың`` and ``сот`` are one term), ``norm`` (the normalised form:
    ``кушти`` and ``күшті`` are one term, ``сотқа`` and ``сот`` two) or ``form`` (as written, lowercased).
``kind``
    ``words`` (default), ``hashtags``, ``mentions``, ``emoji`` (the lemma of an emoji is its name, so with
    ``feature="form"`` the emoji itself is the term), or ``numbers``.
``ngram``
    1 (single tokens) up to 5: runs of adjacent tokens of the kind inside one sentence (punctuation and
    other kinds break a run), joined with a space. A run may hold stopwords inside (``жер мен су``) but
    never at either end, so phrases stay phrases.
``min_length``, ``keep_stopwords``, ``languages``
    Words shorter than ``min_length`` letters are left out (a ``#`` or ``@`` is not counted); stopwords
    of the project's list are left out unless kept, a word being a stopword when its lemma or its
    normalised form is on the list; ``languages`` keeps only words in those languages (the language of
    the span each word is in).

Every term is lowercase with ``ё`` written ``е``, as the stopword lists are.

All counting is SQL over the token files (DuckDB now; the statements keep to what PostgreSQL also
runs), so a count over millions of tokens never loads them into Python: :func:`term_occurrences_sql`
is the relation of counted occurrences, :func:`group_term_counts` and :func:`document_term_counts`
aggregate it. Analyses that count terms set ``needs_tokens = True``; ``run_analysis`` then processes
documents that have no tokens yet before it runs them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa

from dauys.analyze.base import param
from dauys.errors import InputError
from dauys.store.filters import DocumentFilter
from dauys.text.stopwords import LANGUAGES as STOPWORD_LANGUAGES
from dauys.text.stopwords import load_stopwords

if TYPE_CHECKING:
    from dauys.project import Project

TERM_FEATURES = ("lemma", "norm", "form")
TERM_KINDS = {"words": "word", "hashtags": "hashtag", "mentions": "mention", "emoji": "emoji", "numbers": "number"}
MAX_NGRAM = 5
NO_VALUE = "(none)"
"""The group of documents that have no value for the grouping field (no channel, no date, no meta)."""
GROUP_FIELDS = ("all", "corpus", "platform", "lang", "channel", "year", "month")
META_GROUP = r"meta\.[^\s'\"]+"
_STOPWORDS_TABLE = "dauys_stopwords"


@dataclass(frozen=True)
class TermOptions:
    """What counts as a term (see the module docstring); the same fields are the options of analyses."""

    feature: str = "lemma"
    kind: str = "words"
    ngram: int = 1
    min_length: int = 2
    keep_stopwords: bool = False
    languages: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.feature not in TERM_FEATURES:
            raise InputError(f"--feature {self.feature!r}: expected one of {', '.join(TERM_FEATURES)}")
        if self.kind not in TERM_KINDS:
            raise InputError(f"--kind {self.kind!r}: expected one of {', '.join(TERM_KINDS)}")
        if not 1 <= self.ngram <= MAX_NGRAM:
            raise InputError(f"--ngram {self.ngram}: expected a number from 1 to {MAX_NGRAM}")
        if self.min_length < 1:
            raise InputError(f"--min-length {self.min_length}: expected a number of at least 1")
        unknown = [lang for lang in self.languages if lang not in ("kk", "ru", "en", "other")]
        if unknown:
            raise InputError(f"--languages {','.join(unknown)}: expected kk, ru, en or other")

    @classmethod
    def of(cls, params: Any) -> TermOptions:
        """The term options of an analysis's parameters (fields of :class:`TermParams` or a subset)."""
        languages = getattr(params, "languages", "") or ""
        return cls(
            feature=getattr(params, "feature", "lemma"),
            kind=getattr(params, "kind", "words"),
            ngram=getattr(params, "ngram", 1),
            min_length=getattr(params, "min_length", 2),
            keep_stopwords=getattr(params, "keep_stopwords", False),
            languages=tuple(lang.strip() for lang in languages.split(",") if lang.strip()),
        )

    def describe(self) -> str:
        """In words, for titles: ``lemmas``, ``word pairs (lemmas)``, ``hashtags``."""
        if self.kind != "words":
            return self.kind
        plural = {"lemma": "lemmas", "norm": "words", "form": "word forms"}[self.feature]
        if self.ngram == 1:
            return plural
        return f"{self.ngram}-word phrases ({plural})"


@dataclass(frozen=True)
class TermParams:
    """The term options as analysis parameters; analyses that count terms list these fields too."""

    feature: str = param("lemma", "Count lemmas (сотқа, соттың -> сот), normalised forms or forms as written.",
                         choices=TERM_FEATURES)
    kind: str = param("words", "Which tokens to count.", choices=tuple(TERM_KINDS))
    ngram: int = param(1, "Count runs of this many adjacent tokens inside a sentence (2 = word pairs).",
                       min=1, max=MAX_NGRAM)
    min_length: int = param(2, "Leave out words shorter than this many letters.", min=1, max=100)
    keep_stopwords: bool = param(
        False, "Count stopwords too (by default the Kazakh, Russian and English stopwords are left out)."
    )
    languages: str = param("", "Count only words in these languages, comma-separated (kk,ru,en); "
                               "empty: all.", pattern=r"((kk|ru|en|other),?)*", pattern_label="kk,ru,en")


@dataclass
class TermSelection:
    """What a term query read and used, for an analysis's ``counts_`` and ``resources_``."""

    documents: int = 0
    resources: dict[str, Any] = field(default_factory=dict)


def group_expression(by: str, tz: str) -> tuple[str, list[Any], str]:
    """SQL for the group label of each document (aliased ``d``): expression, its parameters, a join.

    ``year`` and ``month`` are taken in ``tz`` (the project's time zone, Asia/Almaty by default), so a
    post at 2021-12-31 20:00 UTC belongs to 2022. Documents without a value are labelled ``(none)``.
    """
    if by == "all":
        return "'all'", [], ""
    if by in ("corpus", "platform", "lang"):
        expression, params, join = f"d.{by}", [], ""
    elif by == "channel":
        expression, params, join = "c.handle", [], "LEFT JOIN channels c ON c.id = d.channel_id"
    elif by in ("year", "month"):
        pattern = "%Y" if by == "year" else "%Y-%m"
        expression, params, join = f"strftime(timezone(?, d.created_at), '{pattern}')", [tz], ""
    elif by.startswith("meta.") and len(by) > len("meta."):
        key = by.removeprefix("meta.").replace('"', "")
        expression, params, join = "json_extract_string(d.meta, ?)", ["$." + key], ""
    else:
        raise InputError(f"--by {by!r}: expected one of {', '.join(GROUP_FIELDS)} or meta.FIELD")
    return f"coalesce(CAST({expression} AS VARCHAR), '{NO_VALUE}')", params, join


def filter_text(described: dict[str, Any]) -> str:
    """A document filter as the options that made it: ``corpus=news, since=2022-01-01, meta.outlet=Dala``."""
    parts = []
    for key, value in described.items():
        if key == "meta":
            parts += [f"meta.{name}={wanted}" for name, wanted in value.items()]
        elif isinstance(value, list):
            parts.append(f"{key}={','.join(value)}")
        else:
            parts.append(f"{key}={value}")
    return ", ".join(parts)


def require_tokens(project: Project, where: DocumentFilter) -> int:
    """The number of documents ``where`` selects; InputError when there are none or some lack tokens."""
    condition, values = where.sql("d")
    with project.store.read() as con:
        total, missing = con.execute(
            f"""SELECT count(*), count(*) FILTER (WHERE t.doc_id IS NULL OR t.text_hash <> md5(d.text))
                FROM documents d LEFT JOIN token_documents t ON t.doc_id = d.id WHERE {condition}""",
            values,
        ).fetchone()
    if not total:
        chosen = filter_text(where.describe())
        raise InputError(
            f"No documents to count in {project.path}"
            + (f" with {chosen}" if chosen else " (the project holds none)")
            + "; `dauys status` lists the corpora, platforms, languages and months it holds."
        )
    if missing:
        raise InputError(
            f"{missing:,} of the {total:,} selected documents have no tokens yet (or changed since); run "
            f"`dauys text process --project {project.path}` first."
        )
    return int(total)


@contextmanager
def term_occurrences_sql(
    project: Project, con, where: DocumentFilter, options: TermOptions
) -> Iterator[tuple[str, list[Any], TermSelection]]:
    """The counted occurrences of terms in the documents ``where`` selects, as a SQL relation.

    Yields ``(sql, params, selection)``: ``sql`` is a parenthesised relation with one row per counted
    occurrence and the columns ``doc_id``, ``sentence``, ``position`` (of the occurrence's first token)
    and ``term``, to use as ``SELECT ... FROM {sql} o`` on ``con`` with ``params``; ``selection`` holds
    the stopword list's version for the ledger. The stopword list is a temporary table of ``con`` (it
    goes with the connection).
    """
    selection = TermSelection()
    if options.keep_stopwords:
        selection.resources["stopwords"] = None
    else:
        stoplist = load_stopwords(STOPWORD_LANGUAGES, project=project)
        selection.resources.update(stopwords=stoplist.version, stopword_languages=list(STOPWORD_LANGUAGES))
        con.execute(f"CREATE OR REPLACE TEMP TABLE {_STOPWORDS_TABLE} AS SELECT unnest(?::VARCHAR[]) AS word",
                    [sorted(stoplist.words)])
    texts, values = _text_occurrences(project, con, where, options, not options.keep_stopwords)
    sql = (f"(SELECT td.doc_id, o.sentence, o.position, o.term FROM {texts} o JOIN token_documents td "
           f"ON td.part_id = o.part_id AND td.text_id = o.text_id WHERE td.doc_id IN ({_selected(where)[0]}))")
    yield sql, values + _selected(where)[1], selection


def _selected(where: DocumentFilter) -> tuple[str, list[Any]]:
    condition, values = where.sql("d")
    return f"SELECT d.id FROM documents d WHERE {condition}", values


def _text_occurrences(
    project: Project, con, where: DocumentFilter, options: TermOptions, stopwords: bool
) -> tuple[str, list[Any]]:
    """Counted occurrences in the stored texts of the selected documents: part_id, text_id, sentence,
    position, term (each text's once, however many documents hold it)."""
    selected, values = _selected(where)
    term = f"replace(lower(t.{options.feature}), 'ё', 'е')"
    kind = TERM_KINDS[options.kind]
    letters = f"length({term}) - CASE WHEN t.kind IN ('hashtag', 'mention') THEN 1 ELSE 0 END"
    counted = [f"t.kind = '{kind}'"]
    if options.languages and kind == "word":
        counted.append("t.lang IN (" + ", ".join(f"'{lang}'" for lang in options.languages) + ")")
    # A stopword or a short word may sit inside a phrase but is never counted alone or at a phrase's end.
    # Emoji and numbers have no letters to count, and no stopwords.
    plain = ["TRUE"]
    if kind in ("word", "hashtag", "mention"):
        plain = [f"{letters} >= {int(options.min_length)}"]
    if stopwords and kind == "word":
        plain.append(
            f"replace(lower(t.lemma), 'ё', 'е') NOT IN (SELECT word FROM {_STOPWORDS_TABLE}) "
            f"AND replace(lower(t.norm), 'ё', 'е') NOT IN (SELECT word FROM {_STOPWORDS_TABLE})"
        )
    tokens = (
        f"SELECT t.part_id, t.text_id, t.sentence, t.position, {term} AS term, "
        f"({' AND '.join(counted)}) AS counted, ({' AND '.join(plain)}) AS plain "
        f"FROM {project.stored_tokens_sql(con)} t WHERE EXISTS (SELECT 1 FROM token_documents td "
        f"WHERE td.part_id = t.part_id AND td.text_id = t.text_id AND td.doc_id IN ({selected}))"
    )
    if options.ngram == 1:
        return (f"(SELECT part_id, text_id, sentence, position, term FROM ({tokens}) x WHERE counted AND plain)",
                values)
    n = options.ngram
    leads = ", ".join(
        f"lead(term, {k}) OVER w AS term_{k}, lead(counted, {k}) OVER w AS counted_{k}, "
        f"lead(sentence, {k}) OVER w AS sentence_{k}, lead(position, {k}) OVER w AS position_{k}"
        for k in range(1, n)
    )
    joined = " || ' ' || ".join(["term", *[f"term_{k}" for k in range(1, n)]])
    adjacent = " AND ".join(
        f"counted_{k} AND sentence_{k} = sentence AND position_{k} = position + {k}" for k in range(1, n)
    )
    last = n - 1
    return (
        f"""(SELECT part_id, text_id, sentence, position, {joined} AS term FROM (
                SELECT *, {leads}, lead(plain, {last}) OVER w AS plain_last FROM ({tokens}) x
                WINDOW w AS (PARTITION BY part_id, text_id ORDER BY position)
            ) y WHERE counted AND plain AND plain_last AND {adjacent})""",
        values,
    )


def group_term_counts(
    project: Project, where: DocumentFilter, options: TermOptions, by: str = "all"
) -> tuple[pd.DataFrame, pd.DataFrame, TermSelection]:
    """Counts of terms per group of documents.

    Returns ``(counts, groups, selection)``. ``counts`` has one row per group and term: ``group``,
    ``term``, ``count`` (occurrences) and ``documents`` (documents of the group holding the term).
    ``groups`` has one row per group of the selection: ``group``, ``documents`` (documents selected,
    with or without counted terms) and ``tokens`` (counted occurrences: the denominator of relative
    frequencies). Groups are labelled as :func:`group_expression` says.

    Terms are counted once per stored text and multiplied by the documents of each group holding it.
    """
    selected = require_tokens(project, where)
    expression, group_params, join = group_expression(by, project.tz)
    condition, where_values = where.sql("d")
    labels = f"SELECT d.id AS doc_id, {expression} AS grp FROM documents d {join} WHERE {condition}"
    with project.store.read() as con, term_occurrences_sql(project, con, where, options) as (_, _, selection):
        texts, values = _text_occurrences(project, con, where, options, not options.keep_stopwords)
        counts = con.execute(
            f"""WITH per_text AS (SELECT part_id, text_id, term, count(*) AS n FROM {texts} o GROUP BY ALL),
                     holders AS (SELECT td.part_id, td.text_id, g.grp, count(*) AS docs FROM token_documents td
                                 JOIN ({labels}) g ON g.doc_id = td.doc_id GROUP BY ALL)
                SELECT h.grp AS "group", p.term, sum(p.n * h.docs) AS count, sum(h.docs) AS documents
                FROM per_text p JOIN holders h ON h.part_id = p.part_id AND h.text_id = p.text_id
                GROUP BY h.grp, p.term""",
            values + group_params + where_values,
        ).df()
        groups = con.execute(
            f'SELECT g.grp AS "group", count(*) AS documents FROM ({labels}) g GROUP BY g.grp',
            group_params + where_values,
        ).df()
    selection.documents = selected
    counts = counts.astype({"group": "string", "term": "string", "count": "int64", "documents": "int64"})
    tokens = counts.groupby("group")["count"].sum()
    groups["tokens"] = groups["group"].map(tokens).fillna(0)
    groups = groups.astype({"group": "string", "documents": "int64", "tokens": "int64"})
    return counts, groups, selection


def document_term_counts(
    project: Project, where: DocumentFilter, options: TermOptions
) -> tuple[pd.DataFrame, pd.Series, TermSelection]:
    """Counts of terms per document: ``(counts, documents, selection)``.

    ``counts`` has one row per document and term it holds: ``doc_id``, ``term``, ``count``.
    ``documents`` is every selected document id in order (documents with no counted term included, so a
    document-feature matrix keeps a row for each).
    """
    selected = require_tokens(project, where)
    condition, where_values = where.sql("d")
    chosen, chosen_values = _selected(where)
    with project.store.read() as con, term_occurrences_sql(project, con, where, options) as (_, _, selection):
        texts, values = _text_occurrences(project, con, where, options, not options.keep_stopwords)
        # counted once per stored text; through Arrow: a string column arrives without a Python object per cell
        counts = con.sql(
            f"""WITH per_text AS (SELECT part_id, text_id, term, count(*) AS n FROM {texts} o GROUP BY ALL)
                SELECT td.doc_id, p.term, p.n AS count FROM per_text p JOIN token_documents td
                ON td.part_id = p.part_id AND td.text_id = p.text_id WHERE td.doc_id IN ({chosen})
                ORDER BY td.doc_id, p.term""",
            params=values + chosen_values,
        ).to_arrow_table().to_pandas(types_mapper={pa.string(): pd.StringDtype()}.get)
        documents = con.execute(f"SELECT d.id FROM documents d WHERE {condition} ORDER BY d.id", where_values).df()
    selection.documents = selected
    counts = counts.astype({"doc_id": "int64", "term": "string", "count": "int64"})
    return counts, documents["id"].astype("int64").rename("doc_id"), selection
