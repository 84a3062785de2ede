"""Term frequencies: the top-N words of each group of documents (quanteda's ``textstat_frequency``).

The work is split the way it scales. :func:`count_terms` counts the word tokens of a batch of texts per
group label (a pure function; given ``into``, it adds to running counts instead); the store is read in
batches and their counts added up, so the same function runs in-process now and in a process pool or on
a cluster later. :func:`select_terms` then leaves out stopwords and short words, and
:func:`top_terms_table` ranks what remains into the documented table. Group labels (channel handle, year
in the project's time zone, a meta field) are computed by the store, in SQL.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.store.filters import DocumentFilter
from dauys.text.stopwords import LANGUAGES, load_stopwords
from dauys.text.tokenize import TOKENIZER_VERSION, word_tokens

if TYPE_CHECKING:
    from dauys.project import Project

GROUP_FIELDS = ("all", "corpus", "platform", "lang", "channel", "year", "month")
META_GROUP = r"meta\.[^\s'\"]+"
NO_VALUE = "(none)"
"""The group of documents that have no value for the grouping field (no channel, no date, no meta)."""
TOP_TERMS_COLUMNS = ("group", "rank", "term", "count", "per_1000", "documents")
BATCH_ROWS = 10_000


@dataclass
class TermCounts:
    """Word counts per group label.

    ``occurrences[group][term]`` is how often the term occurs in the group's documents,
    ``documents[group][term]`` in how many of them it occurs at least once, ``tokens[group]`` the number
    of word tokens counted (the sum of the group's occurrences), and ``n_documents[group]`` the number of
    documents read.
    """

    occurrences: dict[str, Counter[str]] = field(default_factory=dict)
    documents: dict[str, Counter[str]] = field(default_factory=dict)
    tokens: Counter[str] = field(default_factory=Counter)
    n_documents: Counter[str] = field(default_factory=Counter)


def count_terms(
    texts: Iterable[str | None], groups: Iterable[str], into: TermCounts | None = None
) -> TermCounts:
    """Count the word tokens (:func:`dauys.text.tokenize.word_tokens`) of a batch of texts per group.

    Every token is counted; :func:`select_terms` leaves out stopwords and short words afterwards. With
    ``into``, the batch's counts are added to those and ``into`` is returned.

    >>> counts = count_terms(["Су тарифі өсті, су жоқ", "Тариф снова вырос"], ["kk", "ru"])
    >>> counts.occurrences["kk"]["су"], counts.tokens["kk"], counts.documents["kk"]["су"]
    (2, 5, 1)
    """
    counts = into if into is not None else TermCounts()
    groups = list(groups)
    words: dict[str, list[str]] = {}
    distinct: dict[str, list[str]] = {}
    for text, group in zip(texts, groups, strict=True):
        tokens = word_tokens(text or "")
        if group not in words:
            words[group], distinct[group] = [], []
        words[group] += tokens
        distinct[group] += set(tokens)
    # one Counter update per group and batch: counting a list runs in C, a call per document would not
    for group, tokens in words.items():
        counts.occurrences.setdefault(group, Counter()).update(tokens)
        counts.documents.setdefault(group, Counter()).update(distinct[group])
        counts.tokens[group] += len(tokens)
    counts.n_documents.update(groups)
    return counts


def select_terms(
    counts: TermCounts, *, stopwords: frozenset[str] | set[str] = frozenset(), min_length: int = 1
) -> TermCounts:
    """The counts without stopwords and words shorter than ``min_length`` letters (``#`` not counted).

    ``tokens`` of the result is the number of word tokens that remain in each group, the denominator
    of per-1,000 rates; ``n_documents`` is unchanged.

    >>> kept = select_terms(count_terms(["Су жоқ, су бар"], ["kk"]), stopwords={"жоқ", "бар"})
    >>> dict(kept.occurrences["kk"]), kept.tokens["kk"]
    ({'су': 2}, 2)
    """
    out = TermCounts(n_documents=Counter(counts.n_documents))
    for group, occurrences in counts.occurrences.items():
        kept = Counter(
            {t: n for t, n in occurrences.items() if t not in stopwords and len(t) - (t[0] == "#") >= min_length}
        )
        in_documents = counts.documents[group]
        out.occurrences[group] = kept
        out.documents[group] = Counter({t: in_documents[t] for t in kept})
        out.tokens[group] = sum(kept.values())
    return out


def top_terms_table(counts: TermCounts, n: int = 30) -> pd.DataFrame:
    """The ``n`` most frequent terms of each group as a tidy table (columns as in :class:`TopTerms`).

    Groups are in order of their labels (the no-value group last); within a group terms are ranked by
    count, ties broken by the term in alphabetical (Unicode code point) order. Groups without a counted
    token have no rows.
    """
    rows: list[tuple[str, int, str, int, float, int]] = []
    for group in sorted(counts.occurrences, key=lambda g: (g == NO_VALUE, g)):
        total = counts.tokens[group]
        if not total:
            continue
        best = heapq.nsmallest(n, counts.occurrences[group].items(), key=lambda item: (-item[1], item[0]))
        in_documents = counts.documents[group]
        for rank, (term, count) in enumerate(best, start=1):
            rows.append((group, rank, term, count, count * 1000.0 / total, in_documents[term]))
    table = pd.DataFrame(rows, columns=list(TOP_TERMS_COLUMNS))
    return table.astype(
        {"group": "string", "rank": "int64", "term": "string", "count": "int64", "per_1000": "float64",
         "documents": "int64"}
    )


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


def _filter_text(described: dict[str, Any]) -> str:
    """A document filter as the options that made it: ``corpus=news, since=2022-01-01, meta.outlet=Dala``."""
    parts = []
    for key, value in described.items():
        if key == "meta":
            parts += [f"meta.{field}={wanted}" for field, wanted in value.items()]
        elif isinstance(value, list):
            parts.append(f"{key}={','.join(value)}")
        else:
            parts.append(f"{key}={value}")
    return ", ".join(parts)


@dataclass(frozen=True)
class TopTermsParams:
    by: str = param(
        "all",
        "Group documents by this field and list the top terms of each group; year and month are taken "
        "in the project's time zone; meta.FIELD groups by a field of the imported metadata.",
        choices=GROUP_FIELDS,
        pattern=META_GROUP,
        pattern_label="meta.FIELD",
    )
    n: int = param(30, "How many terms to list per group.", min=1, max=100_000)
    min_length: int = param(2, "Leave out words shorter than this many letters.", min=1, max=100)
    keep_stopwords: bool = param(
        False, "Count stopwords too (by default the Kazakh, Russian and English stopwords are left out)."
    )


class TopTerms(Analysis):
    """The most frequent words of each group of documents.

    Result columns:

    ``group``
        the group's label: the corpus, platform, language, channel handle, year (``2022``), month
        (``2022-01``) or meta value; ``all`` without grouping; ``(none)`` for documents without one.
    ``rank``
        1 to N within the group, by count; ties are broken by the term in alphabetical order, so every
        rank is distinct.
    ``term``
        the word as :func:`dauys.text.tokenize.word_tokens` gives it (lowercase, ё as е, hashtags with #).
    ``count``
        occurrences of the term in the group's documents.
    ``per_1000``
        the count per 1,000 word tokens of the group, counted after stopwords and words shorter than the
        minimum length were left out (so the per_1000 of all terms of a group add up to 1,000).
    ``documents``
        the number of documents of the group that contain the term at least once.

    Only the ``text`` of each document is counted (titles are not). Words are counted as written;
    inflected forms count separately until lemmas are available.
    """

    name = "top_terms"
    title = "Top terms"
    description = (
        "The N most frequent words of each group of documents (by channel, year, month, corpus, "
        "platform, language or a meta field), with counts per 1,000 words and document counts; "
        "Kazakh, Russian and English stopwords left out."
    )
    Params = TopTermsParams

    def result_title(self, params: TopTermsParams) -> str:
        title = f"Top {params.n} terms" + ("" if params.by == "all" else f" by {params.by}")
        return title + (" (stopwords kept)" if params.keep_stopwords else "")

    def run(
        self, project: Project, where: DocumentFilter, params: TopTermsParams, progress: Progress = SILENT
    ) -> pd.DataFrame:
        """The top-terms table of the documents ``where`` selects (see the class for its columns)."""
        if params.keep_stopwords:
            stopwords: frozenset[str] = frozenset()
            self.resources_ = {"word_segmentation": TOKENIZER_VERSION, "stopwords": None}
        else:
            stoplist = load_stopwords(LANGUAGES, project=project)
            stopwords = stoplist.words
            self.resources_ = {"word_segmentation": TOKENIZER_VERSION, "stopwords": stoplist.version,
                               "stopword_languages": list(LANGUAGES)}

        expression, group_params, join = group_expression(params.by, project.tz)
        condition, where_params = where.sql(alias="d")
        with project.store.read() as con:
            total, first_id, last_id = con.execute(
                f"SELECT count(*), min(d.id), max(d.id) FROM documents d WHERE {condition}", where_params
            ).fetchone()
        if not total:
            chosen = _filter_text(where.describe())
            raise InputError(
                f"No documents to count in {project.path}"
                + (f" with {chosen}" if chosen else " (the project holds none)")
                + "; `dauys status` lists the corpora, platforms, languages and months it holds."
            )
        progress.stage("Counting words", total)
        counts = TermCounts()
        # Batches are ranges of document ids, each read on its own short connection, so that another
        # process can write between batches and no batch needs a sort.
        for start in range(first_id, last_id + 1, BATCH_ROWS):
            with project.store.read() as con:
                batch = con.execute(
                    f"SELECT {expression}, d.text FROM documents d {join} "
                    f"WHERE {condition} AND d.id >= ? AND d.id < ?",
                    group_params + where_params + [start, start + BATCH_ROWS],
                ).fetchall()
            if batch:
                groups, texts = zip(*batch, strict=True)
                count_terms(texts, groups, into=counts)
                progress.advance(len(batch))

        selected = select_terms(counts, stopwords=stopwords, min_length=params.min_length)
        read = sum(counts.n_documents.values())
        self.counts_ = {
            "documents": read,
            "groups": len(counts.n_documents),
            "tokens_read": int(sum(counts.tokens.values())),
            "tokens_counted": int(sum(selected.tokens.values())),
        }
        if not self.counts_["tokens_counted"]:
            raise InputError(
                f"No words remain to count in the {read:,} selected documents after leaving out stopwords "
                f"and words shorter than {params.min_length} letters; try --keep-stopwords or a lower "
                "--min-length."
            )
        return top_terms_table(selected, params.n)
