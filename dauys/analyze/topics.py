"""Topics: what a corpus talks about, as NMF or LDA topic models of its document-feature matrix.

A *topic* is a list of terms, with weights, that tend to occur in the same documents; every document is
a mixture of topics. :class:`TopicModel` fits one of two scikit-learn models on a document-feature
matrix (:mod:`dauys.analyze.dfm`):

``nmf`` (default)
    Non-negative matrix factorisation of the tf-idf matrix: X ≈ W·H with no negative entries, each row
    of H a topic (weights over the terms), each row of W a document's weights on the topics. The tf-idf
    is scikit-learn's default (``count × (ln((1 + N) / (1 + df)) + 1)``, each document's row scaled to
    unit length, so long and short posts weigh alike). Started from NNDSVDa (a randomised SVD, seeded)
    and fitted by multiplicative updates of the Frobenius loss in single precision, which is fast on
    large corpora: 20 topics of 500,000 posts in well under a minute on two cores.
``lda``
    Latent Dirichlet allocation of the term counts (batch variational Bayes; priors 1/k on the
    document-topic and the topic-term distributions, scikit-learn's defaults): each document a draw of
    topic proportions, each topic a probability distribution over the terms. Slower than NMF.

What a fitted model gives, each as a documented DataFrame:

- :meth:`TopicModel.top_terms`: each topic's terms with the highest weights;
- :attr:`TopicModel.doc_topic_` and :meth:`TopicModel.document_topics`: the *share* of each topic in each
  document (each row sums to 1);
- :meth:`TopicModel.representative_documents`: the documents in which a topic has the highest share,
  the ones to read before naming it;
- :meth:`TopicModel.coherence`: NPMI coherence of each topic's top terms (:func:`npmi_coherence`);
- :meth:`TopicModel.topic_shares_over_time`: each topic's average share in the documents of each month
  or week, in the project's time zone.

Two analyses use it: ``topics`` (one model as one tidy table, :class:`Topics`) and ``topic_count``
(models for a range of topic numbers with their coherence and fit, to choose how many, :class:`TopicCount`).
A topic model is a reading aid, not a measurement: name topics from their terms *and* their documents,
check that they hold with another seed, and report the method, the number of topics, the seed and the
trimming (the ledger records them).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import sparse

from dauys.analyze.base import Analysis, param
from dauys.analyze.dfm import DFM, build_dfm, dfm_trim, dfm_weight, docfreq, matrix_parts
from dauys.analyze.estimator import Estimator
from dauys.analyze.terms import TermOptions, TermParams
from dauys.analyze.trends import period_label, shares_over_time
from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.store.filters import DEFAULT_TZ, DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

__all__ = ["METHODS", "NPMI_EPSILON", "PERIODS", "TOPIC_PARTS", "TopicCount", "TopicModel", "Topics",
           "document_dates", "document_starts", "k_values", "npmi_coherence", "topic_matrix", "topics_table"]

METHODS = ("nmf", "lda")
PERIODS = ("month", "week")
TOPIC_PARTS = ("topic", "term", "document", "period")
NPMI_EPSILON = 1e-12
"""ε of NPMI (as in Röder et al.'s Palmetto and in gensim): keeps the logarithm finite for pairs never seen together."""
TEXT_START = 200
"""Characters of a document's text shown with it (whitespace collapsed)."""
LABEL_TERMS = 3
"""How many top terms name a topic (or a cluster) in the ``top_terms`` column."""
LDA_EVALUATE_EVERY = 10
"""LDA computes its perplexity every this many passes and stops when it changes by less than 0.1."""
MAX_K_VALUES = 50


# --- inputs ------------------------------------------------------------------------------------------
def _matrix_parts(
    X: Any, features: Sequence[str] | None, doc_ids: Sequence[int] | None
) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    """:func:`dauys.analyze.dfm.matrix_parts`, refusing negative cells (no topic model takes them)."""
    matrix, features, doc_ids = matrix_parts(X, features, doc_ids)
    if matrix.nnz and matrix.data.min() < 0:
        raise InputError("A topic model needs non-negative cells (counts or tf-idf weights); this matrix has "
                         "negative ones.")
    return matrix, features, doc_ids


def k_values(text: str, option: str = "--k") -> list[int]:
    """The numbers a k option names: ``6`` (one), ``2-10`` (2 to 10) or ``5-30:5`` (5, 10, ..., 30).

    Every number must be at least 2; at most 50 of them.
    """
    match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*(?::\s*(\d+)\s*)?)?", str(text))
    if not match:
        raise InputError(f"{option} {text!r}: expected a number (6), a range (2-10) or a range with a step (5-30:5)")
    start = int(match.group(1))
    stop = int(match.group(2)) if match.group(2) else start
    step = int(match.group(3)) if match.group(3) else 1
    if start < 2 or stop < start or step < 1:
        raise InputError(f"{option} {text!r}: expected numbers of at least 2, the range from low to high and a "
                         "step of at least 1, for example 2-10 or 5-30:5")
    values = list(range(start, stop + 1, step))
    if len(values) > MAX_K_VALUES:
        raise InputError(f"{option} {text!r} names {len(values)} numbers; scan at most {MAX_K_VALUES} (use a step, "
                         "for example 5-100:5)")
    return values


# --- coherence ---------------------------------------------------------------------------------------
def npmi_coherence(
    matrix: Any, topics: Sequence[Sequence[int]], epsilon: float = NPMI_EPSILON
) -> np.ndarray:
    """NPMI coherence of sets of terms, from their co-occurrence in the documents (rows) of ``matrix``.

    For two terms w_i and w_j::

        NPMI(w_i, w_j) = log[(P(w_i, w_j) + ε) / (P(w_i) · P(w_j))] / −log[P(w_i, w_j) + ε]

    with document probabilities P(w) = D(w) / D and P(w_i, w_j) = D(w_i, w_j) / D, where D is the
    number of rows of ``matrix``, D(w) the number of rows holding w (a non-zero cell) and D(w_i, w_j)
    the number holding both, and ε = 1e-12. The coherence of a set of N terms is the mean NPMI over its
    N(N−1)/2 pairs (Bouma 2009; Lau, Newman & Baldwin 2014; Röder, Both & Hinneburg 2015: C_NPMI with
    the whole document as the co-occurrence window). NPMI runs from −1 (never together) through 0
    (independent) to 1 (always together); a pair found in every document counts 1 (the limit, which ε
    would otherwise turn into −1), and a pair with a term found in no document −1.

    The reference corpus is the matrix itself, not an outside one such as Wikipedia: compare coherence
    between models of the same documents and trimming, not between corpora.

    Parameters
    ----------
    matrix
        Documents × terms (counts or weights; only non-zero matters), sparse or dense.
    topics
        For each set, the column indices of its terms.
    epsilon
        ε of the formula.

    Returns
    -------
    ndarray
        One coherence per set; NaN for a set of fewer than two terms.
    """
    occurrence = sparse.csc_matrix(matrix)
    n_docs = occurrence.shape[0]
    sets = [np.asarray(terms, dtype=np.int64) for terms in topics]
    columns = np.unique(np.concatenate(sets)) if sets else np.empty(0, dtype=np.int64)
    out = np.full(len(sets), np.nan)
    if not len(columns) or not n_docs:
        return out
    present = occurrence[:, columns]
    present.data = (present.data != 0).astype(np.float64)
    together = (present.T @ present).toarray()
    single = np.diag(together) / n_docs
    position = {int(c): i for i, c in enumerate(columns)}
    for t, terms in enumerate(sets):
        if len(terms) < 2:
            continue
        index = np.array([position[int(c)] for c in terms])
        i, j = np.triu_indices(len(index), k=1)
        a, b = index[i], index[j]
        joint = together[a, b] / n_docs
        independent = single[a] * single[b]
        with np.errstate(divide="ignore", invalid="ignore"):
            npmi = np.log((joint + epsilon) / independent) / -np.log(joint + epsilon)
        npmi = np.where(joint >= 1.0, 1.0, npmi)
        npmi = np.where(independent == 0, -1.0, npmi)
        out[t] = float(npmi.mean())
    return out


# --- the estimator -----------------------------------------------------------------------------------
class TopicModel(Estimator):
    """An NMF or LDA topic model of a document-feature matrix (scikit-learn convention).

    Parameters
    ----------
    method
        ``"nmf"`` (fit it on a tf-idf matrix: :func:`topic_matrix` makes one) or ``"lda"`` (fit it on
        counts).
    n_topics
        The number of topics, k (at least 2).
    seed
        Seed of the initialisation (NMF's randomised SVD; LDA's random start): the same seed on the same
        matrix gives the same topics.
    max_iter
        At most this many iterations: NMF's multiplicative updates (stopping earlier when the loss
        falls by less than ``tol`` times its starting value over 10 iterations); LDA's passes over the corpus
        (stopping earlier when the perplexity, computed every 10 passes, changes by less than 0.1).
    tol
        NMF's tolerance of the stopping rule.

    Attributes
    ----------
    components_ : ndarray of shape (n_topics, n_features)
        The topics over the terms, topic 1 first: NMF's H, LDA's variational topic-term parameters.
    features_ : ndarray of str
        The term of each column.
    doc_ids_ : ndarray of int64
        The documents placed in the topics: those with at least one term (and, for NMF, some weight in a
        topic), in the matrix's order.
    unplaced_ : ndarray of int64
        The documents left out: no term of the matrix (empty after trimming) or no weight in any topic.
    doc_topic_ : ndarray of shape (n_placed, n_topics)
        The share of each topic in each placed document; every row sums to 1. For NMF the share of topic
        k in document d is W_dk·ΣH_k / Σ_j W_dj·ΣH_j, the part of the document's reconstructed tf-idf
        weight that the topic accounts for; for LDA it is the document's topic distribution.
    reconstruction_err_ : float or None
        NMF: the Frobenius norm of X − WH on the fitted matrix (lower fits better; it always falls as
        k grows). None for LDA.
    perplexity_ : float or None
        LDA: the perplexity of the fitted counts (lower fits better). None for NMF.
    n_iter_ : int
        Iterations run.
    converged_ : bool
        Whether it stopped by its stopping rule before ``max_iter``.
    estimator_
        The fitted scikit-learn model (its topics in its own order: see ``order_``).
    order_ : ndarray of int
        ``components_[i]`` is the scikit-learn model's topic ``order_[i]``: topics are numbered by their
        average share, the largest first (ties by the model's order).

    Examples
    --------
    >>> x = topic_matrix(build_dfm(project), "nmf", min_docfreq=2)        # doctest: +SKIP
    >>> model = TopicModel("nmf", 8, seed=1).fit(x)                       # doctest: +SKIP
    >>> model.top_terms(10).head()                                        # doctest: +SKIP
    """

    def __init__(self, method: str = "nmf", n_topics: int = 10, *, seed: int = 0, max_iter: int = 200,
                 tol: float = 1e-4):
        self.method = method
        self.n_topics = n_topics
        self.seed = seed
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X: DFM | Any, features: Sequence[str] | None = None,
            doc_ids: Sequence[int] | None = None) -> TopicModel:
        """Fit the topics of ``X``: a :class:`~dauys.analyze.dfm.DFM` or a documents × terms matrix.

        For a plain matrix, ``features`` and ``doc_ids`` label its columns and rows (by default their
        positions). Rows without any term are left out of the fit (see ``unplaced_``). Returns self.
        """
        if self.method not in METHODS:
            raise InputError(f"--method {self.method!r}: expected one of {', '.join(METHODS)}")
        if int(self.n_topics) != self.n_topics or self.n_topics < 2:
            raise InputError(f"--n-topics {self.n_topics}: expected a whole number of at least 2")
        if self.max_iter < 1:
            raise InputError(f"--max-iter {self.max_iter}: expected a number of at least 1")
        matrix, features, doc_ids = _matrix_parts(X, features, doc_ids)
        filled = np.diff(matrix.indptr) > 0
        k, placed = int(self.n_topics), int(filled.sum())
        if k > placed:
            raise InputError(
                f"--n-topics {k} is more than the {placed:,} documents that have terms left; choose at most "
                f"{placed:,} topics, or select more documents (or trim less: a lower --min-docfreq)."
            )
        if k > matrix.shape[1]:
            raise InputError(
                f"--n-topics {k} is more than the {matrix.shape[1]:,} terms left after trimming; choose at most "
                f"{matrix.shape[1]:,} topics, or keep more terms (a lower --min-docfreq or a higher --max-docfreq)."
            )
        rows = matrix[filled]
        with warnings.catch_warnings():
            from sklearn.exceptions import ConvergenceWarning

            # not converging within max_iter is reported in converged_ (and the ledger), not as a warning
            warnings.simplefilter("ignore", ConvergenceWarning)
            weights, components = self._fit_nmf(rows) if self.method == "nmf" else self._fit_lda(rows)
        keep = weights.sum(axis=1) > 0
        shares = weights[keep] / weights[keep].sum(axis=1, keepdims=True)
        self.order_ = np.lexsort((np.arange(k), -shares.mean(axis=0)))
        self.components_ = components[self.order_]
        self.doc_topic_ = shares[:, self.order_]
        self.features_ = features
        self.doc_ids_ = doc_ids[filled][keep]
        self.unplaced_ = np.sort(np.concatenate([doc_ids[~filled], doc_ids[filled][~keep]]))
        self.n_features_in_ = matrix.shape[1]
        return self

    def _fit_nmf(self, rows: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
        from sklearn.decomposition import NMF

        # float32 halves the memory and time of every product; the loss is reported in float64 anyway
        model = NMF(n_components=int(self.n_topics), init="nndsvda", solver="mu", beta_loss="frobenius",
                    max_iter=int(self.max_iter), tol=self.tol, random_state=self.seed)
        w = model.fit_transform(rows.astype(np.float32))
        h = model.components_.astype(np.float64)
        self.estimator_ = model
        self.n_iter_ = int(model.n_iter_)
        self.converged_ = self.n_iter_ < self.max_iter
        self.reconstruction_err_ = float(model.reconstruction_err_)
        self.perplexity_ = None
        return w.astype(np.float64) * h.sum(axis=1), h

    def _fit_lda(self, rows: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
        from sklearn.decomposition import LatentDirichletAllocation

        if rows.nnz and not np.array_equal(rows.data, np.round(rows.data)):
            raise InputError("LDA models term counts, and this matrix holds weights (tf-idf?); fit LDA on the "
                             "counts of the document-feature matrix.")
        model = LatentDirichletAllocation(
            n_components=int(self.n_topics), learning_method="batch", max_iter=int(self.max_iter),
            evaluate_every=LDA_EVALUATE_EVERY, random_state=self.seed,
        )
        counts = rows.astype(np.float64)
        model.fit(counts)
        shares = model.transform(counts)
        self.estimator_ = model
        self.n_iter_ = int(model.n_iter_)
        self.converged_ = self.n_iter_ < self.max_iter
        self.reconstruction_err_ = None
        self.perplexity_ = float(model.bound_)
        return shares, model.components_.astype(np.float64)

    def _check_fitted(self) -> None:
        if not hasattr(self, "components_"):
            raise InputError("This TopicModel is not fitted yet: call fit(dfm) first.")

    def transform(self, X: DFM | Any) -> np.ndarray:
        """The topic shares of the rows of ``X`` (same terms as the fitted matrix), topics in model order.

        A row with no weight in any topic (no term of the model) is all zeros; every other row sums to 1.
        """
        self._check_fitted()
        matrix, _, _ = _matrix_parts(X, None, None)
        if matrix.shape[1] != self.n_features_in_:
            raise InputError(f"This matrix has {matrix.shape[1]:,} terms and the model was fitted on "
                             f"{self.n_features_in_:,}; use a matrix with the same terms.")
        filled = np.diff(matrix.indptr) > 0
        weights = np.zeros((matrix.shape[0], len(self.order_)))
        if filled.any():
            rows = matrix[filled]
            with warnings.catch_warnings():
                from sklearn.exceptions import ConvergenceWarning

                warnings.simplefilter("ignore", ConvergenceWarning)
                if self.method == "nmf":
                    found = self.estimator_.transform(rows.astype(np.float32)).astype(np.float64)
                    found *= self.estimator_.components_.astype(np.float64).sum(axis=1)
                else:
                    found = self.estimator_.transform(rows.astype(np.float64))
            weights[filled] = found
        weights = weights[:, self.order_]
        totals = weights.sum(axis=1, keepdims=True)
        return np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)

    # --- what the model says ------------------------------------------------------------------------
    def top_terms(self, n: int = 10) -> pd.DataFrame:
        """The ``n`` terms of each topic with the highest weight.

        Columns: ``topic`` (1 to k, the topic with the largest average share first), ``rank`` (1 to n),
        ``term`` and ``weight``: the term's share of the topic's weights (NMF: H_kw / Σ_w H_kw; LDA: the
        term's probability in the topic); a topic's weights over all terms sum to 1. Terms of zero
        weight are not listed; ties are broken by the term (code-point order).
        """
        self._check_fitted()
        totals = self.components_.sum(axis=1, keepdims=True)
        weights = np.divide(self.components_, totals, out=np.zeros_like(self.components_), where=totals > 0)
        parts = []
        for t, order in enumerate(self._top_indices(n)):
            parts.append(pd.DataFrame({"topic": t + 1, "rank": np.arange(1, len(order) + 1),
                                       "term": self.features_[order], "weight": weights[t, order]}))
        table = pd.concat(parts, ignore_index=True)
        return table.astype({"topic": "int64", "rank": "int64", "term": "string", "weight": "float64"})

    def _top_indices(self, n: int) -> list[np.ndarray]:
        """The columns of each topic's ``n`` heaviest terms (ties by the term), terms of zero weight left out."""
        features = self.features_.astype(str)
        out = []
        for row in self.components_:
            order = np.lexsort((features, -row))[: max(int(n), 0)]
            out.append(order[row[order] > 0])
        return out

    def coherence(self, X: DFM | Any, n: int = 10, epsilon: float = NPMI_EPSILON) -> pd.DataFrame:
        """NPMI coherence of each topic's top ``n`` terms, from document co-occurrence in ``X``.

        ``X`` is the matrix the model was fitted on (or one with the same terms, e.g. its counts):
        see :func:`npmi_coherence` for the formula. Columns: ``topic``, ``coherence`` (the mean NPMI
        over the n(n−1)/2 pairs; −1 to 1, higher: the top terms occur together more often).
        """
        self._check_fitted()
        matrix, _, _ = _matrix_parts(X, None, None)
        if matrix.shape[1] != self.n_features_in_:
            raise InputError(f"This matrix has {matrix.shape[1]:,} terms and the model was fitted on "
                             f"{self.n_features_in_:,}; compute coherence on the matrix the model was fitted on.")
        values = npmi_coherence(matrix, self._top_indices(n), epsilon)
        return pd.DataFrame({"topic": np.arange(1, len(values) + 1, dtype=np.int64), "coherence": values})

    def document_topics(self) -> pd.DataFrame:
        """The document-topic shares as a table: one row per placed document (index ``doc_id``), one column
        per topic (1 to k); each row sums to 1."""
        self._check_fitted()
        return pd.DataFrame(self.doc_topic_, index=pd.Index(self.doc_ids_, name="doc_id"),
                            columns=pd.RangeIndex(1, self.doc_topic_.shape[1] + 1, name="topic"))

    def representative_documents(self, n: int = 3, texts: Mapping[int, str] | pd.Series | None = None
                                 ) -> pd.DataFrame:
        """The ``n`` documents in which each topic has the highest share: read them to name the topic.

        Columns: ``topic``, ``rank`` (1 to n), ``doc_id``, ``share`` (the topic's share in that
        document, 0 to 1), and ``text`` when ``texts`` (by document id) are given. Ties are broken by
        the document id.
        """
        self._check_fitted()
        parts = []
        for t in range(self.doc_topic_.shape[1]):
            shares = self.doc_topic_[:, t]
            order = np.lexsort((self.doc_ids_, -shares))[: max(int(n), 0)]
            parts.append(pd.DataFrame({"topic": t + 1, "rank": np.arange(1, len(order) + 1),
                                       "doc_id": self.doc_ids_[order], "share": shares[order]}))
        table = pd.concat(parts, ignore_index=True).astype({"topic": "int64", "rank": "int64", "doc_id": "int64"})
        if texts is not None:
            lookup = pd.Series(texts) if not isinstance(texts, pd.Series) else texts
            table["text"] = lookup.reindex(table["doc_id"].to_numpy()).astype("string").to_numpy()
        return table

    def topic_shares_over_time(self, dates: pd.Series | Mapping[int, Any], period: str = "month",
                               tz: str = DEFAULT_TZ) -> pd.DataFrame:
        """Each topic's average share among the documents of each period.

        Parameters
        ----------
        dates
            The date and time of each document, by document id (UTC, or with an offset; missing: no
            date): :func:`document_dates` reads them from a project.
        period
            ``month`` (labelled ``2022-01``) or ``week`` (ISO, Monday to Sunday, labelled ``2022-W01`` as in
            :mod:`dauys.analyze.trends`), both in the time zone ``tz`` (the project's: Asia/Almaty by default, with
            its historical offsets), so a post at 23:30 UTC on 31 January counts in February in Almaty.

        Returns
        -------
        DataFrame
            ``period``, ``topic``, ``share`` (the mean share of the topic over the period's placed
            documents: the shares of a period sum to 1, every document weighing the same) and
            ``documents`` (the period's placed documents). Periods without documents have no rows;
            placed documents without a date are left out.
        """
        self._check_fitted()
        if period not in PERIODS:
            raise InputError(f"--period {period!r}: expected one of {', '.join(PERIODS)}")
        lookup = pd.Series(dates) if not isinstance(dates, pd.Series) else dates
        when = pd.to_datetime(lookup.reindex(self.doc_ids_), utc=True).dt.tz_convert(tz)
        if period == "month":
            labels = when.dt.strftime("%Y-%m")
        else:
            day = when.dt.tz_localize(None).dt.normalize()
            monday = day - pd.to_timedelta(day.dt.day_of_week, unit="D")
            labels = monday.map(lambda d: None if pd.isna(d) else period_label(d.date(), "week"))
        dated = labels.notna().to_numpy()
        k = self.doc_topic_.shape[1]
        if not dated.any():
            return pd.DataFrame({"period": pd.Series(dtype="string"), "topic": pd.Series(dtype="int64"),
                                 "share": pd.Series(dtype="float64"), "documents": pd.Series(dtype="int64"),
                                 "dominant": pd.Series(dtype="int64"), "ci_low": pd.Series(dtype="float64"),
                                 "ci_high": pd.Series(dtype="float64")})
        shares = self.doc_topic_[dated]
        frame = pd.DataFrame(shares, columns=np.arange(1, k + 1))
        frame["period"] = labels.to_numpy()[dated]
        grouped = frame.groupby("period", sort=True)
        means, sizes = grouped.mean(), grouped.size()
        table = means.stack().rename("share").reset_index()
        table.columns = ["period", "topic", "share"]
        table["documents"] = sizes.reindex(table["period"]).to_numpy()
        # documents whose largest share is the topic: a count, so its share has a binomial interval
        leading = pd.DataFrame({"period": frame["period"], "topic": shares.argmax(axis=1) + 1})
        dominant = leading.groupby(["period", "topic"]).size().rename("dominant")
        table = table.join(dominant, on=["period", "topic"]).fillna({"dominant": 0})
        intervals = shares_over_time(table.rename(columns={"topic": "series", "dominant": "hits",
                                                           "documents": "total"}))
        table["ci_low"], table["ci_high"] = intervals["ci_low"].to_numpy(), intervals["ci_high"].to_numpy()
        return table.astype({"period": "string", "topic": "int64", "share": "float64", "documents": "int64",
                             "dominant": "int64"})


# --- from a project ----------------------------------------------------------------------------------
def topic_matrix(x: DFM, method: str = "nmf", min_docfreq: int = 2, max_docfreq: float = 0.95) -> DFM:
    """The matrix a topic model is fitted on: ``x`` (counts) trimmed, then weighted for the method.

    Terms found in fewer than ``min_docfreq`` documents, or in more than the share ``max_docfreq`` of
    them (0 to 1), are left out. NMF gets scikit-learn's tf-idf (smooth idf) with each row scaled to
    unit length; LDA gets the counts. :class:`InputError` when no term remains.
    """
    if method not in METHODS:
        raise InputError(f"--method {method!r}: expected one of {', '.join(METHODS)}")
    trimmed = trim_terms(x, min_docfreq, max_docfreq)
    return l2_tfidf(trimmed) if method == "nmf" else trimmed


def trim_terms(x: DFM, min_docfreq: int, max_docfreq: float) -> DFM:
    """``x`` without the terms found in fewer than ``min_docfreq`` documents or in more than the share
    ``max_docfreq`` of them; :class:`InputError` with a hint when none remains."""
    if not 0 < max_docfreq <= 1:
        raise InputError(f"--max-docfreq {max_docfreq:g}: expected a share of documents above 0 and at most 1")
    frequency = docfreq(x)
    n = x.shape[0]
    kept = (frequency >= min_docfreq) & (frequency <= max_docfreq * n)
    if not kept.any():
        raise InputError(
            f"No terms remain after trimming: none of the {x.shape[1]:,} terms is found in at least "
            f"{min_docfreq:g} and at most {max_docfreq:.0%} of the {n:,} documents; try a lower --min-docfreq "
            "or a higher --max-docfreq, or select more documents."
        )
    x = dfm_trim(x, min_docfreq=min_docfreq)
    return dfm_trim(x, max_docfreq=max_docfreq, docfreq_type="prop")


def l2_tfidf(x: DFM) -> DFM:
    """scikit-learn's default tf-idf of a DFM of counts: smooth idf, each row scaled to unit length."""
    from sklearn.preprocessing import normalize

    weighted = dfm_weight(x, "tfidf", idf="smooth")
    return DFM(sparse.csr_matrix(normalize(weighted.matrix, norm="l2")), weighted.docs, weighted.features,
               f"{weighted.weight}:l2", dict(weighted.resources))


def document_dates(project: Project, where: DocumentFilter) -> pd.Series:
    """The ``created_at`` (UTC) of the documents ``where`` selects, by document id (NaT: no date)."""
    condition, values = where.sql("d")
    with project.store.read() as con:
        frame = con.execute(f"SELECT d.id, d.created_at FROM documents d WHERE {condition} ORDER BY d.id",
                            values).df()
    dates = pd.to_datetime(frame["created_at"], utc=True)
    dates.index = pd.Index(frame["id"].to_numpy(dtype=np.int64), name="doc_id")
    return dates


def document_starts(project: Project, doc_ids: Sequence[int], length: int = TEXT_START) -> pd.Series:
    """The first ``length`` characters of each document's text (whitespace collapsed, ``…`` when cut), by id."""
    ids = sorted({int(i) for i in doc_ids})
    if not ids:
        return pd.Series(dtype="string")
    with project.store.read() as con:
        rows = con.execute("SELECT id, text FROM documents WHERE id IN (SELECT unnest(?::BIGINT[]))", [ids]).fetchall()
    starts = {}
    for doc_id, text in rows:
        flat = " ".join(str(text or "").split())
        starts[int(doc_id)] = flat if len(flat) <= length else flat[:length].rstrip() + "…"
    return pd.Series(starts, dtype="string")


def _label(terms: pd.DataFrame, key: str) -> pd.Series:
    """``тариф, баға, газ``: the first terms of each topic (or cluster), by its number."""
    first = terms.loc[terms["rank"] <= LABEL_TERMS]
    return first.groupby(key, sort=True)["term"].agg(lambda s: ", ".join(map(str, s)))


def topics_table(
    model: TopicModel,
    x: DFM | Any,
    *,
    n_terms: int = 10,
    n_documents: int = 3,
    texts: Mapping[int, str] | pd.Series | None = None,
    dates: pd.Series | Mapping[int, Any] | None = None,
    period: str = "month",
    tz: str = DEFAULT_TZ,
) -> pd.DataFrame:
    """A fitted model as one tidy table, one kind of row per ``part`` (see :class:`Topics` for the columns).

    ``x`` is the matrix the model was fitted on (for coherence); ``texts`` and ``dates`` are by document
    id (:func:`document_starts`, :func:`document_dates`); without dates there are no period rows.
    """
    terms = model.top_terms(n_terms)
    labels = _label(terms, "topic")
    k = len(model.components_)
    topic_ids = np.arange(1, k + 1)
    dominant = np.bincount(model.doc_topic_.argmax(axis=1), minlength=k)
    topics = pd.DataFrame({
        "topic": topic_ids,
        "coherence": model.coherence(x, n_terms)["coherence"].to_numpy(),
        "share": model.doc_topic_.mean(axis=0),
        "documents": dominant,
    })
    documents = model.representative_documents(n_documents, texts)
    periods = (model.topic_shares_over_time(dates, period, tz) if dates is not None
               else pd.DataFrame(columns=["period", "topic", "share", "documents", "dominant", "ci_low", "ci_high"]))
    frames = {"topic": topics, "term": terms, "document": documents, "period": periods}
    parts = [frames[name].assign(part=name) for name in TOPIC_PARTS if len(frames[name])]
    table = pd.concat(parts, ignore_index=True)
    table["top_terms"] = labels.reindex(table["topic"].astype("int64")).to_numpy()
    columns = {"part": "string", "topic": "int64", "top_terms": "string", "rank": "Int64", "term": "string",
               "weight": "float64", "coherence": "float64", "share": "float64", "documents": "Int64",
               "doc_id": "Int64", "text": "string", "period": "string", "dominant": "Int64", "ci_low": "float64",
               "ci_high": "float64"}
    for column in columns:
        if column not in table.columns:
            table[column] = None
    table = table[list(columns)].astype(columns)
    table.attrs.update(method=model.method, n_topics=int(k), n_terms=int(n_terms), period=period)
    return table


def _fitted_matrix(analysis: Analysis, project: Project, where: DocumentFilter, params: Any,
                   progress: Progress) -> tuple[DFM, DFM]:
    """The counts of the selection, and the trimmed matrix a model of ``params.method`` is fitted on."""
    options = TermOptions.of(params)
    counts = build_dfm(project, where, options, progress=progress)
    analysis.resources_ = dict(counts.resources)
    if not counts.shape[1]:
        raise InputError(
            f"No {options.describe()} remain to count in the {counts.shape[0]:,} selected documents after leaving "
            f"out stopwords and words shorter than {options.min_length} letters; try --keep-stopwords, a lower "
            "--min-length or another --kind."
        )
    trimmed = trim_terms(counts, params.min_docfreq, params.max_docfreq)
    fitted = l2_tfidf(trimmed) if params.method == "nmf" else trimmed
    analysis.counts_ = {
        "documents": counts.shape[0],
        "documents_with_terms": int((np.diff(trimmed.matrix.indptr) > 0).sum()),
        "terms_before_trimming": counts.shape[1],
        "terms": trimmed.shape[1],
    }
    return trimmed, fitted


_METHOD_NAMES = {"nmf": "NMF", "lda": "LDA"}


@dataclass(frozen=True)
class TopicsParams(TermParams):
    method: str = param("nmf", "nmf: non-negative matrix factorisation of tf-idf (fast); lda: latent Dirichlet "
                               "allocation of counts.", choices=METHODS)
    n_topics: int = param(10, "How many topics to fit (try topic-count to choose).", min=2, max=500)
    seed: int = param(0, "Seed of the model's random start: the same seed gives the same topics.", min=0,
                      max=2**32 - 1)
    n_terms: int = param(10, "Top terms listed per topic; coherence is computed on them.", min=2, max=100)
    n_documents: int = param(3, "Representative documents listed per topic (the highest shares).", min=0, max=100)
    period: str = param("month", "Topic shares over time per month or per week (in the project's time zone).",
                        choices=PERIODS)
    min_docfreq: int = param(2, "Leave out terms found in fewer documents.", min=1)
    max_docfreq: float = param(0.95, "Leave out terms found in more than this share of the documents (0 to 1).",
                               min=0.001, max=1)
    max_iter: int = param(200, "At most this many iterations (the model stops earlier when it converges).",
                          min=1, max=100_000)


class Topics(Analysis):
    """Topics of the selected documents: top terms, coherence, representative documents, shares over time.

    The counts of the documents' terms (:func:`~dauys.analyze.dfm.build_dfm`) are trimmed
    (``min_docfreq``, ``max_docfreq``), weighted for the method (:func:`topic_matrix`) and fitted
    (:class:`TopicModel`). The result is one tidy table; ``part`` says what a row is:

    ``topic`` (one row per topic)
        ``coherence``: NPMI of its top ``n_terms`` terms (:func:`npmi_coherence`); ``share``: its
        average share of a document (the shares of all topics sum to 1); ``documents``: the documents
        in which it has the largest share.
    ``term`` (n_terms rows per topic)
        ``rank``, ``term`` and ``weight``: the term's share of the topic's weights.
    ``document`` (n_documents rows per topic)
        ``rank``, ``doc_id``, ``share`` (the topic's share in that document) and ``text`` (its first
        200 characters): the documents that show the topic best.
    ``period`` (one row per period and topic)
        ``period`` (``2022-01``, or an ISO week ``2022-W01``, in the project's time zone), ``share`` (the
        topic's average share in the period's documents; a period's shares sum to 1), ``documents`` (the
        period's documents), ``dominant`` (those whose largest share is the topic) with the Wilson 95 %
        interval of that proportion (``ci_low``, ``ci_high``). Documents without a date are left out.

    Every row has ``topic`` (1 to k, the largest average share first) and ``top_terms`` (its first three
    terms, to name it in charts); columns a part does not use are empty. ``attrs`` holds ``method``,
    ``n_topics``, ``n_terms`` and ``period``. Documents with no term left after trimming are in no
    topic; ``counts_`` says how many.
    """

    name = "topics"
    title = "Topics"
    description = (
        "Topic model (NMF of tf-idf, or LDA of counts) of the selected documents' lemmas: each topic's top "
        "terms and NPMI coherence, the documents that represent it best, and its share per month or week."
    )
    Params = TopicsParams
    needs_tokens = True

    def result_title(self, params: TopicsParams) -> str:
        return f"{params.n_topics} {_METHOD_NAMES[params.method]} topics of {TermOptions.of(params).describe()}"

    def run(self, project: Project, where: DocumentFilter, params: TopicsParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        """The topics table of the documents ``where`` selects (see the class for its rows and columns)."""
        trimmed, fitted = _fitted_matrix(self, project, where, params, progress)
        progress.stage(f"Fitting {params.n_topics} {_METHOD_NAMES[params.method]} topics", None)
        model = TopicModel(params.method, params.n_topics, seed=params.seed, max_iter=params.max_iter).fit(fitted)
        shown = model.representative_documents(params.n_documents)["doc_id"]
        table = topics_table(model, trimmed, n_terms=params.n_terms, n_documents=params.n_documents,
                             texts=document_starts(project, shown), dates=document_dates(project, where),
                             period=params.period, tz=project.tz)
        self.counts_.update(documents_in_topics=len(model.doc_ids_), iterations=model.n_iter_,
                            converged=model.converged_, mean_coherence=_mean(table, "topic", "coherence"))
        _warn_unplaced(self, len(model.unplaced_))
        if not model.converged_:
            self.warnings_.append(
                f"The {_METHOD_NAMES[params.method]} model stopped at --max-iter {params.max_iter} before it "
                "converged, so its topics may still change; try a higher --max-iter."
            )
        if model.reconstruction_err_ is not None:
            self.counts_["reconstruction_error"] = round(model.reconstruction_err_, 6)
        if model.perplexity_ is not None:
            self.counts_["perplexity"] = round(model.perplexity_, 6)
        return table


def _warn_unplaced(analysis: Analysis, unplaced: int) -> None:
    if unplaced:
        analysis.warnings_.append(
            f"{unplaced:,} of the {analysis.counts_['documents']:,} selected documents have no term left after "
            "trimming (or no weight in any topic) and are in no topic; a lower --min-docfreq keeps more terms."
        )


def _mean(table: pd.DataFrame, part: str, column: str) -> float | None:
    values = table.loc[table["part"] == part, column].dropna()
    return round(float(values.mean()), 6) if len(values) else None


@dataclass(frozen=True)
class TopicCountParams(TermParams):
    method: str = param("nmf", "nmf: non-negative matrix factorisation of tf-idf (fast); lda: latent Dirichlet "
                               "allocation of counts.", choices=METHODS)
    k: str = param("5-30:5", "The numbers of topics to fit: a range with a step (5-30:5 is 5, 10, ..., 30), a "
                             "range (4-12) or one number.")
    seed: int = param(0, "Seed of each model's random start.", min=0, max=2**32 - 1)
    n_terms: int = param(10, "Coherence is computed on each topic's top this many terms.", min=2, max=100)
    min_docfreq: int = param(2, "Leave out terms found in fewer documents.", min=1)
    max_docfreq: float = param(0.95, "Leave out terms found in more than this share of the documents (0 to 1).",
                               min=0.001, max=1)
    max_iter: int = param(200, "At most this many iterations per model.", min=1, max=100_000)

    def __post_init__(self) -> None:
        k_values(self.k)


class TopicCount(Analysis):
    """How many topics? Models for a range of k, with their coherence and fit.

    The same matrix as :class:`Topics` is fitted once for each k. Result columns, one row per k:

    ``k``
        the number of topics.
    ``coherence``
        the mean over the k topics of the NPMI coherence of their top ``n_terms`` terms
        (:func:`npmi_coherence`): higher means topics whose top terms occur together; prefer a k where
        it peaks or levels off.
    ``reconstruction_error`` (NMF)
        the Frobenius norm of the tf-idf matrix minus its reconstruction: it always falls as k grows;
        look for the k after which it falls slowly (the "elbow").
    ``perplexity`` (LDA, instead)
        the perplexity of the fitted counts: lower fits better; it too usually falls as k grows.

    No statistic picks k alone: read the topics of the two or three best k before choosing.
    """

    name = "topic_count"
    title = "Number of topics"
    description = (
        "Fits NMF or LDA topic models for a range of topic numbers (5, 10, ..., 30 by default) and gives each "
        "one's mean NPMI coherence and its reconstruction error (NMF) or perplexity (LDA), to choose how many "
        "topics to fit."
    )
    Params = TopicCountParams
    needs_tokens = True

    def result_title(self, params: TopicCountParams) -> str:
        return (f"Coherence of {_METHOD_NAMES[params.method]} topic models of {TermOptions.of(params).describe()} "
                f"by number of topics ({params.k})")

    def run(self, project: Project, where: DocumentFilter, params: TopicCountParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        """One row per number of topics (see the class for the columns)."""
        ks = k_values(params.k)
        trimmed, fitted = _fitted_matrix(self, project, where, params, progress)
        error = "reconstruction_error" if params.method == "nmf" else "perplexity"
        rows = []
        progress.stage(f"Fitting {_METHOD_NAMES[params.method]} models for {len(ks)} numbers of topics", len(ks))
        for i, k in enumerate(ks):
            model = TopicModel(params.method, k, seed=params.seed, max_iter=params.max_iter).fit(fitted)
            if not i:
                _warn_unplaced(self, len(model.unplaced_))
            coherence = model.coherence(trimmed, params.n_terms)["coherence"]
            value = model.reconstruction_err_ if params.method == "nmf" else model.perplexity_
            rows.append({"k": k, "coherence": float(coherence.mean()), error: value,
                         "converged": model.converged_})
            progress.advance(1)
        table = pd.DataFrame(rows)
        self.counts_["models"] = len(ks)
        self.counts_["not_converged"] = [int(k) for k in table.loc[~table["converged"], "k"]]
        if self.counts_["not_converged"]:
            listed = ", ".join(map(str, self.counts_["not_converged"]))
            self.warnings_.append(f"The models of k = {listed} stopped at --max-iter {params.max_iter} before they "
                                  "converged; try a higher --max-iter before comparing them.")
        table = table.drop(columns="converged").astype({"k": "int64", "coherence": "float64", error: "float64"})
        table.attrs.update(method=params.method, n_terms=int(params.n_terms))
        return table
