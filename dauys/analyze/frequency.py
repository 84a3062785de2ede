"""Term frequencies: the top-N terms of each group of documents (quanteda's ``textstat_frequency``), and
the terms × groups matrix with an average column of the presidential-addresses study.

Both count terms of the project's token table (lemmas by default; forms, n-grams, hashtags, mentions or
emoji on request: see :mod:`dauys.analyze.terms`) in SQL, grouped by any document field. The counting is
:func:`dauys.analyze.terms.group_term_counts`; this module ranks the counts into documented tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.analyze.terms import (
    GROUP_FIELDS,
    META_GROUP,
    NO_VALUE,
    TermOptions,
    TermParams,
    group_expression,
    group_term_counts,
)
from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

__all__ = ["GROUP_FIELDS", "META_GROUP", "NO_VALUE", "TOP_TERMS_COLUMNS", "TermMatrix", "TopTerms",
           "group_expression", "term_matrix_table", "top_terms_table"]

TOP_TERMS_COLUMNS = ("group", "rank", "term", "count", "per_1000", "documents", "percent_documents")
MATRIX_VALUES = ("per_1000", "count")
AVERAGE = "average"


def _group_order(groups: pd.Series) -> list[str]:
    """Group labels in order, the no-value group last."""
    return sorted(groups.dropna().unique().tolist(), key=lambda g: (g == NO_VALUE, g))


def top_terms_table(counts: pd.DataFrame, groups: pd.DataFrame, n: int = 30) -> pd.DataFrame:
    """The ``n`` most frequent terms of each group as a tidy table (columns as in :class:`TopTerms`).

    ``counts`` and ``groups`` are what :func:`dauys.analyze.terms.group_term_counts` returns. Groups are
    in order of their labels (the no-value group last); within a group terms are ranked by count, ties
    broken by the term in alphabetical (code point) order. Groups without a counted term have no rows.
    """
    totals = groups.set_index("group")
    parts = []
    for group in _group_order(groups["group"]):
        tokens = int(totals.at[group, "tokens"])
        if not tokens:
            continue
        part = counts.loc[counts["group"] == group].sort_values(["count", "term"], ascending=[False, True])
        part = part.head(n).copy()
        part["rank"] = np.arange(1, len(part) + 1)
        part["per_1000"] = part["count"] * 1000.0 / tokens
        part["percent_documents"] = part["documents"] * 100.0 / int(totals.at[group, "documents"])
        parts.append(part)
    columns = list(TOP_TERMS_COLUMNS)
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    table = pd.concat(parts, ignore_index=True)[columns]
    return table.astype({"group": "string", "rank": "int64", "term": "string", "count": "int64",
                         "per_1000": "float64", "documents": "int64", "percent_documents": "float64"})


def term_matrix_table(counts: pd.DataFrame, groups: pd.DataFrame, n: int = 30, value: str = "per_1000") -> pd.DataFrame:
    """The terms × groups matrix: the union of each group's top ``n`` terms, one column per group and an
    ``average`` column (the mean over the groups), sorted by the average.

    Values are per 1,000 counted terms of the group (``per_1000``) or raw counts (``count``). A term
    absent from a group counts 0 there. The first column, ``term``, names the row.
    """
    if value not in MATRIX_VALUES:
        raise InputError(f"--value {value!r}: expected one of {', '.join(MATRIX_VALUES)}")
    top = top_terms_table(counts, groups, n)
    order = [g for g in _group_order(groups["group"]) if g in set(top["group"])]
    terms = top["term"].unique()
    wanted = counts.loc[counts["term"].isin(terms) & counts["group"].isin(order)]
    matrix = wanted.pivot_table(index="term", columns="group", values="count", aggfunc="sum", fill_value=0)
    matrix = matrix.reindex(columns=order, fill_value=0).astype("float64")
    if value == "per_1000":
        tokens = groups.set_index("group")["tokens"].reindex(order).astype("float64")
        matrix = matrix.div(tokens, axis=1) * 1000.0
    matrix[AVERAGE] = matrix[order].mean(axis=1)
    matrix = matrix.reset_index()
    matrix = matrix.sort_values([AVERAGE, "term"], ascending=[False, True], kind="stable")
    matrix.columns = [str(c) for c in matrix.columns]
    matrix.columns.name = None
    matrix = matrix.reset_index(drop=True).astype({"term": "string"})
    matrix.attrs["value"] = value  # kept in the saved Parquet file, so the heat map can name its unit
    return matrix


def _counted(project: Project, where: DocumentFilter, params, progress: Progress, analysis: Analysis):
    options = TermOptions.of(params)
    progress.stage(f"Counting {options.describe()}", None)
    counts, groups, selection = group_term_counts(project, where, options, params.by)
    analysis.resources_ = {**selection.resources}
    analysis.counts_ = {
        "documents": selection.documents,
        "groups": len(groups),
        "terms_counted": int(groups["tokens"].sum()),
        "distinct_terms": int(counts["term"].nunique()),
    }
    if not analysis.counts_["terms_counted"]:
        raise InputError(
            f"No {options.describe()} remain to count in the {selection.documents:,} selected documents after "
            f"leaving out stopwords and words shorter than {options.min_length} letters; try --keep-stopwords, "
            "a lower --min-length or another --kind."
        )
    return counts, groups, options


@dataclass(frozen=True)
class TopTermsParams(TermParams):
    by: str = param(
        "all",
        "Group documents by this field and list the top terms of each group; year and month are taken "
        "in the project's time zone; meta.FIELD groups by a field of the imported metadata.",
        choices=GROUP_FIELDS,
        pattern=META_GROUP,
        pattern_label="meta.FIELD",
    )
    n: int = param(30, "How many terms to list per group.", min=1, max=100_000)


class TopTerms(Analysis):
    """The most frequent terms of each group of documents.

    Result columns:

    ``group``
        the group's label: the corpus, platform, language, channel handle, year (``2022``), month
        (``2022-01``) or meta value; ``all`` without grouping; ``(none)`` for documents without one.
    ``rank``
        1 to N within the group, by count; ties are broken by the term in alphabetical order, so every
        rank is distinct.
    ``term``
        the lemma (by default), normalised form, form, n-gram, hashtag, mention or emoji, lowercase.
    ``count``
        occurrences of the term in the group's documents.
    ``per_1000``
        the count per 1,000 counted terms of the group (after stopwords and short words were left out, so
        the per_1000 of all terms of a group add up to 1,000).
    ``documents``
        the number of documents of the group that contain the term at least once.
    ``percent_documents``
        those documents as a percentage of all selected documents of the group.
    """

    name = "top_terms"
    title = "Top terms"
    description = (
        "The N most frequent lemmas (or forms, phrases, hashtags, mentions, emoji) of each group of documents "
        "(by channel, year, month, corpus, platform, language or a meta field), with counts per 1,000 terms "
        "and document counts; Kazakh, Russian and English stopwords left out."
    )
    Params = TopTermsParams
    needs_tokens = True

    def result_title(self, params: TopTermsParams) -> str:
        title = f"Top {params.n} {TermOptions.of(params).describe()}"
        title += "" if params.by == "all" else f" by {params.by}"
        return title + (" (stopwords kept)" if params.keep_stopwords else "")

    def run(
        self, project: Project, where: DocumentFilter, params: TopTermsParams, progress: Progress = SILENT
    ) -> pd.DataFrame:
        """The top-terms table of the documents ``where`` selects (see the class for its columns)."""
        counts, groups, _ = _counted(project, where, params, progress, self)
        return top_terms_table(counts, groups, params.n)


@dataclass(frozen=True)
class TermMatrixParams(TermParams):
    by: str = param(
        "year",
        "One column per group of documents (year, channel, corpus, ... or meta.FIELD); for the annual "
        "addresses, year gives one column per address.",
        choices=GROUP_FIELDS,
        pattern=META_GROUP,
        pattern_label="meta.FIELD",
    )
    n: int = param(30, "Rows: the union of each group's N most frequent terms.", min=1, max=10_000)
    value: str = param("per_1000", "Cell values: per 1,000 counted terms of the group, or raw counts.",
                       choices=MATRIX_VALUES)


class TermMatrix(Analysis):
    """The terms × groups matrix with an average column (the addresses study's document-term matrix).

    Result columns: ``term``; one column per group (named by its label, in label order), holding the
    term's frequency in that group per 1,000 counted terms (or its count); ``average``, the mean of the
    group columns. ``attrs["value"]`` of the table says which values it holds. Rows are the union of each
    group's top N terms, sorted by the average, highest first.
    """

    name = "term_matrix"
    title = "Term matrix"
    description = (
        "A terms × groups table of frequencies (per 1,000 terms or counts) with an average column: the union "
        "of each group's top N lemmas, for comparing how priorities shift between addresses, years or outlets; "
        "drawn as a heat map."
    )
    Params = TermMatrixParams
    needs_tokens = True

    def result_title(self, params: TermMatrixParams) -> str:
        return f"Top {params.n} {TermOptions.of(params).describe()} by {params.by}: matrix with average"

    def run(
        self, project: Project, where: DocumentFilter, params: TermMatrixParams, progress: Progress = SILENT
    ) -> pd.DataFrame:
        """The matrix of the documents ``where`` selects (see the class for its columns)."""
        counts, groups, _ = _counted(project, where, params, progress, self)
        return term_matrix_table(counts, groups, params.n, params.value)
