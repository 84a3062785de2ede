"""Collocations: pairs of terms that occur near each other more often than chance, with the association
measures of Evert's *The Statistics of Word Cooccurrences* (2005; the collocations chapter of the
*Corpus Linguistics* handbook, 2008), whose notation this module follows.

Counting unit: surface co-occurrence in a window. Two counted terms (lemmas by default; see
:mod:`dauys.analyze.terms`: stopwords and short words are left out) co-occur when they are in the same
sentence of a document and the second is at most ``window`` tokens after the first (positions in the
token table, so punctuation and left-out words between them count towards the distance). Each such
pair of occurrences is one *pair token*; the same term twice (су ... су) is not a pair. The pair tokens
of the selection are the sample.

- ``ordered=True``: a pair token is ``(u, v)`` with ``u`` first, so ``(жер, реформа)`` and
  ``(реформа, жер)`` are two pairs with their own counts. The sample size ``N`` is the number of pair
  tokens, ``R1`` (column ``f1``) the number with ``u`` first and ``C1`` (``f2``) the number with ``v``
  second.
- ``ordered=False`` (default): order does not matter. Every pair token is counted in both directions,
  so the contingency table is symmetric: ``N`` is twice the number of pair tokens, ``O11`` the number of
  pair tokens made of ``u`` and ``v``, ``R1`` the number of pair tokens holding ``u`` and ``C1`` those
  holding ``v``. Each pair is listed once, its terms in alphabetical order (with a ``node``, the node first).

The 2×2 contingency table of a pair ``(u, v)`` crosses "first term is u" with "second term is v" over the
sample: ``O11`` (``observed``), ``O12 = R1 − O11``, ``O21 = C1 − O11``, ``O22 = N − R1 − C1 + O11``.
Expected frequencies under independence are ``Eij = Ri·Cj / N``. The measures:

``expected``
    ``E11 = R1·C1 / N``.
``pmi``
    pointwise mutual information, ``log2(O11 / E11)``: how many times (as a power of 2) more often than
    chance the pair occurs; high for rare pairs, so read it with a minimum frequency.
``t_score``
    ``(O11 − E11) / √O11``: favours frequent pairs; above about 2 the pair is unlikely to be chance.
``log_likelihood``
    Dunning's ``G² = 2 Σij Oij · ln(Oij / Eij)`` (``0 · ln 0 = 0``) over the four cells, the value
    ``scipy.stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")`` gives, signed as
    Evert does for one-sided tests: negative when ``O11 < E11`` (the terms avoid each other). Against the
    χ² distribution with one degree of freedom, ``|G²|`` above 3.84 is p < 0.05 and above 10.83 p < 0.001.

Pair counting is SQL over the occurrences of :func:`dauys.analyze.terms.term_occurrences_sql` (a self-join
on document and sentence with the difference of positions); the measures are computed with numpy on the
pairs seen at least ``min_count`` times (the marginals always come from the whole sample).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy.special import xlogy

from dauys.analyze.base import Analysis, param
from dauys.analyze.terms import TermOptions, TermParams, TermSelection, require_tokens, term_occurrences_sql
from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

__all__ = ["COLLOCATION_COLUMNS", "MEASURES", "Collocations", "CollocationsParams", "PairCounts",
           "association_measures", "collocations", "pair_counts"]

MEASURES = ("log_likelihood", "pmi", "t_score", "observed")
COLLOCATION_COLUMNS = ("term1", "term2", "observed", "expected", "pmi", "t_score", "log_likelihood", "f1", "f2",
                       "documents")
MAX_WINDOW = 50
_PAIRS = "dauys_pair_types"
_KEEP = "dauys_pair_terms"


@dataclass
class PairCounts:
    """The pair types :func:`pair_counts` kept, and the sample they were counted in.

    ``pairs`` has the columns ``term1``, ``term2``, ``observed`` (O11), ``documents`` (documents where the
    pair occurs), ``f1`` (R1) and ``f2`` (C1); ``sample`` is N; ``pair_tokens`` the number of pairs of
    occurrences within the window (N itself when ordered, N / 2 when not); ``pair_types`` the number of
    distinct pairs before any filter.
    """

    pairs: pd.DataFrame
    sample: int
    pair_tokens: int
    pair_types: int
    selection: TermSelection


def _fold_word(word: str) -> str:
    return word.strip().lower().replace("ё", "е")


def pair_counts(
    project: Project,
    where: DocumentFilter,
    options: TermOptions,
    window: int = 5,
    ordered: bool = False,
    min_count: int = 1,
    node: str | None = None,
    terms: list[str] | None = None,
) -> PairCounts:
    """Count the pairs of terms within ``window`` tokens of each other in one sentence (the module's sample).

    ``min_count`` keeps the pairs seen at least that often, ``node`` (a term) only the pairs holding it,
    ``terms`` only the pairs of two of those terms; the marginals ``f1``, ``f2`` and the sample size are
    always those of the whole sample, before these filters. Unordered pairs come once, in alphabetical
    order, or with the node as ``term1``.
    """
    if options.ngram != 1:
        raise InputError(f"--ngram {options.ngram}: pairs are counted between single terms; use --ngram 1")
    if not 1 <= window <= MAX_WINDOW:
        raise InputError(f"--window {window}: expected a number from 1 to {MAX_WINDOW}")
    selected = require_tokens(project, where)
    directed = "SELECT doc_id, term1, term2 FROM p"
    if not ordered:
        directed += " UNION ALL SELECT doc_id, term2, term1 FROM p"
    filters, filter_values = ["observed >= ?"], [int(min_count)]
    if node:
        filters.append("term1 = ?" if not ordered else "(term1 = ? OR term2 = ?)")
        filter_values += [_fold_word(node)] * (1 if not ordered else 2)
    elif not ordered:
        filters.append("term1 < term2")
    with project.store.read() as con, term_occurrences_sql(project, con, where, options) as (sql, values, selection):
        con.execute(
            f"""CREATE TEMP TABLE {_PAIRS} AS
                WITH o AS MATERIALIZED (SELECT doc_id, sentence, position, term FROM {sql} x),
                p AS (
                    SELECT a.doc_id, a.term AS term1, b.term AS term2 FROM o a JOIN o b
                    ON b.doc_id = a.doc_id AND b.sentence = a.sentence
                       AND b.position > a.position AND b.position <= a.position + {int(window)}
                    WHERE a.term <> b.term
                ),
                directed AS ({directed})
                SELECT term1, term2, count(*) AS observed, count(DISTINCT doc_id) AS documents
                FROM directed GROUP BY term1, term2""",
            values,
        )
        sample, pair_types = con.execute(f"SELECT coalesce(sum(observed), 0), count(*) FROM {_PAIRS}").fetchall()[0]
        if terms is not None:
            con.register(_KEEP, pa.table({"term": pa.array(list(terms), pa.string())}))
            filters.append(f"term1 IN (SELECT term FROM {_KEEP}) AND term2 IN (SELECT term FROM {_KEEP})")
        pairs = con.execute(
            f"""SELECT term1, term2, observed, documents, f1, f2 FROM (
                    SELECT *, sum(observed) OVER (PARTITION BY term1) AS f1,
                           sum(observed) OVER (PARTITION BY term2) AS f2
                    FROM {_PAIRS}
                ) m WHERE {' AND '.join(filters)} ORDER BY term1, term2""",
            filter_values,
        ).df()
    selection.documents = selected
    pairs = pairs.astype({"term1": "string", "term2": "string", "observed": "int64", "documents": "int64",
                          "f1": "int64", "f2": "int64"})
    sample, pair_types = int(sample), int(pair_types)
    if ordered:
        return PairCounts(pairs, sample, sample, pair_types, selection)
    return PairCounts(pairs, sample, sample // 2, pair_types // 2, selection)


def association_measures(observed, f1, f2, sample: int) -> pd.DataFrame:
    """Expected frequency, PMI, t-score and signed G² of pairs from their 2×2 contingency tables.

    ``observed`` (O11), ``f1`` (R1) and ``f2`` (C1) are arrays of equal length, ``sample`` is N (see the
    module docstring for the formulas). Returns a DataFrame with the columns ``expected``, ``pmi``,
    ``t_score`` and ``log_likelihood``, one row per pair.

    >>> association_measures([10], [20], [30], 1000).round(3).values.tolist()
    [[0.6, 4.059, 2.973, 46.497]]
    """
    o11 = np.asarray(observed, dtype=np.float64)
    r1 = np.asarray(f1, dtype=np.float64)
    c1 = np.asarray(f2, dtype=np.float64)
    n = float(sample)
    r2, c2 = n - r1, n - c1
    cells = ((o11, r1 * c1), (r1 - o11, r1 * c2), (c1 - o11, r2 * c1), (n - r1 - c1 + o11, r2 * c2))
    expected = r1 * c1 / n
    # O·ln(O/E) with E = margins / N; a cell with E = 0 has O = 0 and adds nothing
    g2 = 2.0 * sum(xlogy(o, np.divide(o * n, margins, out=np.ones_like(o), where=margins > 0))
                   for o, margins in cells)
    return pd.DataFrame({
        "expected": expected,
        "pmi": np.log2(o11 / expected),
        "t_score": (o11 - expected) / np.sqrt(o11),
        "log_likelihood": np.where(o11 < expected, -g2, g2),
    })


def collocations(
    project: Project,
    where: DocumentFilter | None = None,
    options: TermOptions | None = None,
    window: int = 5,
    ordered: bool = False,
    min_count: int = 3,
    measure: str = "log_likelihood",
    n: int = 50,
    node: str = "",
) -> tuple[pd.DataFrame, PairCounts]:
    """The top ``n`` collocations of the selected documents by ``measure``, and the counts they came from.

    Parameters
    ----------
    project, where
        The project and the documents (None: all); the documents need tokens.
    options
        What counts as a term (lemmas of words without stopwords by default; ``ngram`` must be 1).
    window
        The second term is at most this many tokens after the first, in the same sentence.
    ordered
        Count ``(u, v)`` and ``(v, u)`` apart (see the module docstring).
    min_count
        Leave out pairs seen fewer times (Evert recommends at least 3 to 5 for PMI and G²).
    measure
        Rank by ``log_likelihood``, ``pmi``, ``t_score`` or ``observed``, highest first; ties by observed,
        then alphabetically.
    n
        How many pairs to list.
    node
        If given, only the pairs holding this term (a lemma by default): its collocates.

    Returns
    -------
    (pandas.DataFrame, PairCounts)
        The table has the columns ``term1``, ``term2``, ``observed``, ``expected``, ``pmi``,
        ``t_score``, ``log_likelihood``, ``f1``, ``f2`` and ``documents`` (see the module docstring);
        its ``attrs`` say ``window``, ``ordered``, ``measure``, ``node``, ``sample`` (N) and
        ``pair_tokens``.
    """
    where = where if where is not None else DocumentFilter(tz=project.tz)
    options = options if options is not None else TermOptions()
    if measure not in MEASURES:
        raise InputError(f"--measure {measure!r}: expected one of {', '.join(MEASURES)}")
    counts = pair_counts(project, where, options, window, ordered, min_count, node or None)
    what = options.describe()
    if not counts.sample:
        raise InputError(
            f"No two {what} occur within {window} tokens of each other in a sentence of the "
            f"{counts.selection.documents:,} selected documents; try a wider --window, --keep-stopwords or "
            "another --kind."
        )
    pairs = counts.pairs
    if pairs.empty:
        if node:
            raise InputError(
                f"The node {node!r} has no collocate seen at least {min_count} times within {window} tokens "
                f"(among the {what}: check its spelling and --feature); try a lower --min-count or a wider --window."
            )
        raise InputError(
            f"No pair of {what} is seen at least {min_count} times within {window} tokens; try a lower "
            "--min-count or a wider --window."
        )
    measures = association_measures(pairs["observed"], pairs["f1"], pairs["f2"], counts.sample)
    table = pd.concat([pairs.reset_index(drop=True), measures], axis=1)
    order = [measure, "observed", "term1", "term2"] if measure != "observed" else ["observed", "term1", "term2"]
    table = table.sort_values(order, ascending=[False] * (len(order) - 2) + [True, True], kind="stable")
    table = table.head(n)[list(COLLOCATION_COLUMNS)].reset_index(drop=True)
    table.attrs = {"window": int(window), "ordered": bool(ordered), "measure": measure, "node": node,
                   "sample": counts.sample, "pair_tokens": counts.pair_tokens}
    return table, counts


@dataclass(frozen=True)
class CollocationsParams(TermParams):
    window: int = param(5, "Pair terms at most this many tokens apart in one sentence (punctuation and left-out "
                           "words between them count).", min=1, max=MAX_WINDOW)
    ordered: bool = param(False, "Count 'u then v' and 'v then u' as two pairs (by default order does not matter).")
    min_count: int = param(3, "Leave out pairs seen fewer times.", min=1, max=1_000_000)
    measure: str = param("log_likelihood", "Rank pairs by log-likelihood (G²), PMI, t-score or observed frequency.",
                         choices=MEASURES)
    n: int = param(50, "How many pairs to list.", min=1, max=100_000)
    node: str = param("", "List only the collocates of this lemma (or term), e.g. сот; empty: all pairs.")


class Collocations(Analysis):
    """Pairs of terms that occur near each other, ranked by an association measure.

    Result columns (formulas and the counting unit in the module docstring):

    ``term1``, ``term2``
        the pair; when ordered, ``term1`` comes first in the text.
    ``observed``
        pair tokens of the two terms (O11): how often they occur within the window.
    ``expected``
        E11, the count expected if the terms were independent.
    ``pmi``, ``t_score``, ``log_likelihood``
        the association measures (log2, t, signed G²).
    ``f1``, ``f2``
        the marginals R1 and C1: pair tokens holding ``term1`` (first, when ordered) and ``term2``.
    ``documents``
        documents in which the pair occurs within the window.
    """

    name = "collocations"
    title = "Collocations"
    description = (
        "Pairs of lemmas (or hashtags, mentions, ...) that occur within N tokens of each other in a sentence, "
        "with observed and expected frequency, PMI, t-score and log-likelihood; all pairs or the collocates "
        "of one lemma."
    )
    Params = CollocationsParams
    needs_tokens = True

    def result_title(self, params: CollocationsParams) -> str:
        what = TermOptions.of(params).describe()
        head = f"Collocates of {params.node}" if params.node else f"Collocations of {what}"
        order = ", ordered" if params.ordered else ""
        return f"{head} (window {params.window}{order}, by {params.measure.replace('_', '-')})"

    def run(
        self, project: Project, where: DocumentFilter, params: CollocationsParams, progress: Progress = SILENT
    ) -> pd.DataFrame:
        """The collocations of the documents ``where`` selects (see the class for the columns)."""
        options = TermOptions.of(params)
        progress.stage(f"Counting pairs of {options.describe()}", None)
        table, counts = collocations(project, where, options, params.window, params.ordered, params.min_count,
                                     params.measure, params.n, params.node)
        self.resources_ = {**counts.selection.resources}
        self.counts_ = {"documents": counts.selection.documents, "pair_tokens": counts.pair_tokens,
                        "pair_types": counts.pair_types,
                        "sample": counts.sample, "pairs_kept": len(counts.pairs)}
        return table
