"""Clusters of documents: groups of texts that use the same words (the "cluster analysis of texts").

Each document is its row of the tf-idf matrix (scikit-learn's default tf-idf: smooth idf, each row
scaled to unit length, see :func:`cluster_matrix`). When the corpus is large (more documents and more
terms than ``dimensions``) the rows are reduced by truncated SVD to ``dimensions`` dimensions (latent
semantic analysis, as in scikit-learn's text-clustering example) and scaled to unit length again.
Distances are Euclidean between those unit rows, which for two documents is √(2 − 2·cos), so documents
that share more weighted words are closer. Two methods:

``kmeans``
    k-means (scikit-learn: k-means++ starts, the best of ``n_init`` runs, seeded). Scales to any
    corpus.
``ward``
    Ward's agglomerative clustering (:func:`scipy.cluster.hierarchy.linkage`, ``method="ward"``): every
    document starts alone and the two clusters whose merge least increases the within-cluster sum of
    squares are merged, until one remains; the tree (its linkage matrix, drawn as a dendrogram) is cut
    into k clusters. It needs the n(n−1)/2 pairwise distances in memory twice (scipy's working copy:
    about 0.8 GB for 10,000 documents) and time growing with n², so it is refused above 10,000
    documents: use k-means, or cluster a random sample.

Choosing k: for each k of a range the *silhouette* (:func:`sklearn.metrics.silhouette_score`) is the
mean over documents of (b − a) / max(a, b), where a is a document's mean distance to the others of its
cluster and b to those of the nearest other cluster: from −1 to 1, higher meaning tighter, better
separated clusters (short texts often score under 0.1: compare k within a corpus, not corpora). Above
5,000 documents it is computed on a random sample of 5,000 (seeded, the same sample for every k). The
k with the highest silhouette is kept (the smaller k on a tie).

For each cluster, :class:`DocumentClusters` gives its size, its most typical terms (the highest mean
tf-idf in the cluster compared with the rest of the documents) and its most typical documents (the
closest to its centroid). Clusters are numbered by size, the largest first.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import sparse

from dauys.analyze.base import Analysis, param
from dauys.analyze.dfm import DFM, build_dfm, matrix_parts
from dauys.analyze.estimator import Estimator
from dauys.analyze.terms import TermOptions, TermParams
from dauys.analyze.topics import LABEL_TERMS, document_starts, k_values, l2_tfidf, trim_terms
from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

__all__ = ["CLUSTER_METHODS", "CLUSTER_PARTS", "WARD_MAX_DOCUMENTS", "Clusters", "DocumentClusters",
           "cluster_matrix", "clusters_table"]

CLUSTER_METHODS = ("kmeans", "ward")
CLUSTER_PARTS = ("cluster", "term", "document", "silhouette")
WARD_MAX_DOCUMENTS = 10_000
"""Ward's clustering is refused above this many documents (memory and time grow with the square)."""
WARD_DENSE_MAX_CELLS = 100_000_000
"""Ward's clustering of unreduced rows (``dimensions=0``) needs them dense: at most this many cells (0.8 GB)."""
SILHOUETTE_SAMPLE = 5_000


def cluster_matrix(x: DFM, min_docfreq: int = 2, max_docfreq: float = 0.95) -> DFM:
    """The matrix documents are clustered on: ``x`` (counts) trimmed, then tf-idf with unit-length rows.

    Terms found in fewer than ``min_docfreq`` documents or in more than the share ``max_docfreq`` of them
    are left out (:class:`InputError` with a hint when none remains); the tf-idf is scikit-learn's default,
    ``count × (ln((1 + N) / (1 + df)) + 1)``, each row divided by its Euclidean length.
    """
    return l2_tfidf(trim_terms(x, min_docfreq, max_docfreq))


def _ward_memory(n: int) -> float:
    """Gigabytes for Ward's clustering of ``n`` documents: the condensed distances and scipy's copy."""
    return 2 * 8 * n * (n - 1) / 2 / 1e9


class DocumentClusters(Estimator):
    """k-means or Ward's clustering of documents' tf-idf rows, with k chosen by silhouette.

    Parameters
    ----------
    method
        ``"kmeans"`` or ``"ward"`` (see the module's description).
    k
        The number of clusters, or several (a range) to compare by silhouette, keeping the best. Each at
        least 2 and below the number of documents.
    seed
        Seed of the SVD, of k-means' starts and of the silhouette's sample: the same seed on the same
        matrix gives the same clusters.
    dimensions
        Reduce the rows to this many SVD dimensions when there are more documents and more terms than
        that; 0: always cluster the tf-idf rows themselves (Ward then needs them dense: n × terms).
    n_init
        k-means runs from different starts; the one with the lowest within-cluster sum of squares is kept.
    silhouette_sample
        The silhouette is computed on a random sample of this many documents when there are more.
    max_ward_documents
        Ward's clustering is refused above this many documents.

    Attributes
    ----------
    k_ : int
        The number of clusters kept.
    labels_ : ndarray of int
        The cluster of each placed document (1 to k, the largest cluster 1), in the order of ``doc_ids_``.
    doc_ids_ : ndarray of int64
        The documents clustered: those with at least one term, in the matrix's order.
    unplaced_ : ndarray of int64
        The documents left out: no term left in the matrix (nothing to compare them by).
    features_ : ndarray of str
    silhouette_ : DataFrame
        ``k`` and ``silhouette`` for every k tried.
    sizes_ : ndarray of int
        Documents per cluster (cluster 1 first).
    similarity_ : ndarray of float
        Each placed document's cosine similarity to the centroid of its cluster (in the clustered space).
    cluster_means_, rest_means_ : ndarray of shape (k, n_features)
        The mean tf-idf of each term in each cluster's documents, and in all other documents.
    linkage_ : ndarray of shape (n_placed − 1, 4) or None
        Ward's tree, scipy's linkage matrix (merged clusters, merge height, size); its leaves 0 to
        n_placed − 1 are the documents of ``doc_ids_``. None for k-means.
    dimensions_ : int
        The width of the clustered rows (the SVD's dimensions, or the number of terms).
    explained_variance_ : float or None
        The share of the tf-idf variance the SVD kept; None without reduction.
    inertia_ : float
        The within-cluster sum of squared distances of the kept clustering.

    Examples
    --------
    >>> x = cluster_matrix(build_dfm(project), min_docfreq=2)              # doctest: +SKIP
    >>> clusters = DocumentClusters("kmeans", k=range(2, 11), seed=1).fit(x)  # doctest: +SKIP
    >>> clusters.k_, clusters.typical_terms(10).head()                    # doctest: +SKIP
    """

    def __init__(self, method: str = "kmeans", k: int | Sequence[int] = tuple(range(2, 11)), *, seed: int = 0,
                 dimensions: int = 100, n_init: int = 5, silhouette_sample: int = SILHOUETTE_SAMPLE,
                 max_ward_documents: int = WARD_MAX_DOCUMENTS):
        self.method = method
        self.k = k
        self.seed = seed
        self.dimensions = dimensions
        self.n_init = n_init
        self.silhouette_sample = silhouette_sample
        self.max_ward_documents = max_ward_documents

    def _ks(self, n: int) -> list[int]:
        ks = sorted({int(k) for k in ([self.k] if np.isscalar(self.k) else self.k)})
        if not ks or ks[0] < 2:
            raise InputError(f"--k {self.k!r}: expected numbers of clusters of at least 2")
        if ks[-1] >= n:
            raise InputError(
                f"--k {ks[-1]} is too many clusters for the {n:,} documents that have terms left: the silhouette "
                f"needs fewer clusters than documents, so choose at most {n - 1:,}, or select more documents."
            )
        return ks

    def fit(self, X: DFM | Any, features: Sequence[str] | None = None,
            doc_ids: Sequence[int] | None = None) -> DocumentClusters:
        """Cluster the rows of ``X``: a DFM or a documents × terms matrix of unit-length tf-idf rows
        (:func:`cluster_matrix` makes one). Rows without any term are left out (``unplaced_``). Returns self.
        """
        from sklearn.metrics import silhouette_score

        if self.method not in CLUSTER_METHODS:
            raise InputError(f"--method {self.method!r}: expected one of {', '.join(CLUSTER_METHODS)}")
        matrix, features, doc_ids = _parts(X, features, doc_ids)
        filled = np.diff(matrix.indptr) > 0
        rows, n = matrix[filled], int(filled.sum())
        ks = self._ks(n)
        if self.method == "ward" and n > self.max_ward_documents:
            raise InputError(
                f"--method ward: Ward's clustering of {n:,} documents would hold their {n * (n - 1) // 2:,} "
                f"pairwise distances in memory (about {_ward_memory(n):.1f} GB) and take time growing with the "
                f"square of that number, so it is limited to {self.max_ward_documents:,} documents; use --method "
                f"kmeans, or cluster a random sample (--sample {self.max_ward_documents})."
            )
        reduce = bool(self.dimensions) and n > self.dimensions and rows.shape[1] > self.dimensions
        if self.method == "ward" and not reduce and n * rows.shape[1] > WARD_DENSE_MAX_CELLS:
            raise InputError(
                f"--dimensions {self.dimensions}: Ward's clustering needs the {n:,} × {rows.shape[1]:,} tf-idf rows "
                f"dense (about {n * rows.shape[1] * 8 / 1e9:.1f} GB); reduce them with --dimensions 100."
            )
        space = self._space(rows, reduce)
        sample = self.silhouette_sample if n > self.silhouette_sample else None
        self.linkage_ = None
        if self.method == "ward":
            from scipy.cluster.hierarchy import linkage

            dense = space.toarray() if sparse.issparse(space) else space
            self.linkage_ = linkage(dense, method="ward")
        scores, fits = [], {}
        for k in ks:
            labels, inertia = self._cluster(space, k)
            fits[k] = (labels, inertia)
            # identical documents can leave a single distinct cluster, which has no silhouette
            separated = len(np.unique(labels)) > 1
            scores.append(float(silhouette_score(space, labels, sample_size=sample, random_state=self.seed))
                          if separated else float("nan"))
        if np.isnan(scores).all():
            raise InputError(f"The {n:,} documents cannot be told apart by their terms (they hold the same ones); "
                             "select more varied documents or keep more terms (a lower --min-docfreq).")
        best = ks[int(np.nanargmax(scores))]
        labels, self.inertia_ = fits[best]
        self.silhouette_ = pd.DataFrame({"k": np.array(ks, dtype=np.int64), "silhouette": scores})
        self._describe(rows, space, labels)
        self.features_ = features
        self.doc_ids_ = doc_ids[filled]
        self.unplaced_ = doc_ids[~filled]
        self.n_features_in_ = matrix.shape[1]
        return self

    def _space(self, rows: sparse.csr_matrix, reduce: bool) -> sparse.csr_matrix | np.ndarray:
        """The rows as clustered: reduced by SVD and re-normalised when ``reduce``, else as they are."""
        from sklearn.decomposition import TruncatedSVD
        from sklearn.preprocessing import normalize

        self.explained_variance_ = None
        if reduce:
            svd = TruncatedSVD(n_components=int(self.dimensions), random_state=self.seed)
            reduced = svd.fit_transform(rows)
            self.explained_variance_ = float(svd.explained_variance_ratio_.sum())
            self.dimensions_ = int(self.dimensions)
            return normalize(reduced, norm="l2")
        self.dimensions_ = int(rows.shape[1])
        return rows

    def _cluster(self, space: sparse.csr_matrix | np.ndarray, k: int) -> tuple[np.ndarray, float]:
        """Raw labels (0 to k − 1) and the within-cluster sum of squares for ``k`` clusters."""
        if self.method == "kmeans":
            from sklearn.cluster import KMeans
            from sklearn.exceptions import ConvergenceWarning

            with warnings.catch_warnings():
                # duplicate documents can leave fewer distinct clusters than k: the clusters kept say so (k_)
                warnings.simplefilter("ignore", ConvergenceWarning)
                model = KMeans(n_clusters=k, n_init=int(self.n_init), random_state=self.seed).fit(space)
            return model.labels_.astype(np.int64), float(model.inertia_)
        from scipy.cluster.hierarchy import fcluster

        labels = fcluster(self.linkage_, t=k, criterion="maxclust").astype(np.int64) - 1
        return labels, _inertia(space, labels)

    def _describe(self, rows: sparse.csr_matrix, space: sparse.csr_matrix | np.ndarray, raw: np.ndarray) -> None:
        n = rows.shape[0]
        sizes = np.bincount(raw)
        first = np.array([np.flatnonzero(raw == c)[0] if sizes[c] else n for c in range(len(sizes))])
        order = np.lexsort((first, -sizes))
        order = order[sizes[order] > 0]
        renumber = np.empty(len(sizes), dtype=np.int64)
        renumber[order] = np.arange(len(order))
        labels = renumber[raw]
        k = len(order)
        indicator = sparse.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(k, n))
        self.k_ = k
        self.labels_ = labels + 1
        self.sizes_ = np.bincount(labels, minlength=k).astype(np.int64)
        sums = _dense(indicator @ rows)
        total = np.asarray(rows.sum(axis=0)).ravel()
        rest = np.maximum(n - self.sizes_, 1)[:, None]
        self.cluster_means_ = sums / self.sizes_[:, None]
        self.rest_means_ = (total[None, :] - sums) / rest
        centroids = _dense(indicator @ space) / self.sizes_[:, None]
        if sparse.issparse(space):
            # row by row over the stored cells only: a dense n × terms copy of the centroids would not fit
            cells = space.tocoo()
            dots = np.bincount(cells.row, weights=cells.data * centroids[labels[cells.row], cells.col], minlength=n)
        else:
            dots = (space * centroids[labels]).sum(axis=1)
        scale = _row_norms(space) * np.linalg.norm(centroids, axis=1)[labels]
        self.similarity_ = np.divide(dots, scale, out=np.zeros_like(dots), where=scale > 0)

    def _check_fitted(self) -> None:
        if not hasattr(self, "labels_"):
            raise InputError("These DocumentClusters are not fitted yet: call fit(matrix) first.")

    # --- what the clusters say ----------------------------------------------------------------------
    def cluster_sizes(self) -> pd.DataFrame:
        """``cluster``, ``documents`` (its size) and ``percent_documents`` (its share of the clustered documents, %)."""
        self._check_fitted()
        return pd.DataFrame({"cluster": np.arange(1, self.k_ + 1, dtype=np.int64), "documents": self.sizes_,
                             "percent_documents": self.sizes_ * 100.0 / self.sizes_.sum()})

    def typical_terms(self, n: int = 10) -> pd.DataFrame:
        """Each cluster's ``n`` most typical terms: the highest mean tf-idf in it compared with the rest.

        Columns: ``cluster``, ``rank``, ``term``, ``weight`` (the term's mean tf-idf over the cluster's
        documents) and ``weight_rest`` (over all other documents). Terms are ranked by ``weight −
        weight_rest``, and only terms heavier in the cluster than elsewhere are listed; ties by the term.
        """
        self._check_fitted()
        features = self.features_.astype(str)
        parts = []
        for c in range(self.k_):
            lift = self.cluster_means_[c] - self.rest_means_[c]
            order = np.lexsort((features, -lift))[: max(int(n), 0)]
            order = order[lift[order] > 0]
            parts.append(pd.DataFrame({"cluster": c + 1, "rank": np.arange(1, len(order) + 1),
                                       "term": self.features_[order], "weight": self.cluster_means_[c, order],
                                       "weight_rest": self.rest_means_[c, order]}))
        table = pd.concat(parts, ignore_index=True)
        return table.astype({"cluster": "int64", "rank": "int64", "term": "string", "weight": "float64",
                             "weight_rest": "float64"})

    def typical_documents(self, n: int = 3, texts: Mapping[int, str] | pd.Series | None = None) -> pd.DataFrame:
        """Each cluster's ``n`` documents closest to its centroid.

        Columns: ``cluster``, ``rank``, ``doc_id``, ``similarity`` (cosine similarity to the centroid: 1
        is the centroid's direction itself), and ``text`` when ``texts`` (by document id) are given. Ties
        are broken by the document id.
        """
        self._check_fitted()
        parts = []
        for c in range(1, self.k_ + 1):
            members = np.flatnonzero(self.labels_ == c)
            order = members[np.lexsort((self.doc_ids_[members], -self.similarity_[members]))][: max(int(n), 0)]
            parts.append(pd.DataFrame({"cluster": c, "rank": np.arange(1, len(order) + 1),
                                       "doc_id": self.doc_ids_[order], "similarity": self.similarity_[order]}))
        table = pd.concat(parts, ignore_index=True).astype({"cluster": "int64", "rank": "int64", "doc_id": "int64"})
        if texts is not None:
            lookup = pd.Series(texts) if not isinstance(texts, pd.Series) else texts
            table["text"] = lookup.reindex(table["doc_id"].to_numpy()).astype("string").to_numpy()
        return table

    def document_clusters(self) -> pd.DataFrame:
        """The cluster of every clustered document: ``doc_id``, ``cluster``, ``similarity`` (to its centroid)."""
        self._check_fitted()
        return pd.DataFrame({"doc_id": self.doc_ids_, "cluster": self.labels_.astype(np.int64),
                             "similarity": self.similarity_})


def _parts(X: Any, features: Sequence[str] | None, doc_ids: Sequence[int] | None
           ) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    return matrix_parts(X, features, doc_ids, dtype=np.float64)


def _dense(matrix: sparse.spmatrix | np.ndarray) -> np.ndarray:
    return matrix.toarray() if sparse.issparse(matrix) else np.asarray(matrix)


def _row_norms(space: sparse.csr_matrix | np.ndarray) -> np.ndarray:
    if sparse.issparse(space):
        return np.sqrt(np.asarray(space.multiply(space).sum(axis=1)).ravel())
    return np.linalg.norm(space, axis=1)


def _inertia(space: sparse.csr_matrix | np.ndarray, labels: np.ndarray) -> float:
    """The within-cluster sum of squared Euclidean distances to the cluster means."""
    k, n = int(labels.max()) + 1, len(labels)
    indicator = sparse.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(k, n))
    sizes = np.bincount(labels, minlength=k)[:, None]
    centroids = _dense(indicator @ space) / np.maximum(sizes, 1)
    squares = float((_row_norms(space) ** 2).sum())
    return squares - float((sizes[:, 0] * (centroids ** 2).sum(axis=1)).sum())


def clusters_table(model: DocumentClusters, *, n_terms: int = 10, n_documents: int = 3,
                   texts: Mapping[int, str] | pd.Series | None = None) -> pd.DataFrame:
    """Fitted clusters as one tidy table, one kind of row per ``part`` (see :class:`Clusters` for the columns)."""
    terms = model.typical_terms(n_terms)
    first = terms.loc[terms["rank"] <= LABEL_TERMS]
    labels = first.groupby("cluster", sort=True)["term"].agg(lambda s: ", ".join(map(str, s)))
    frames = {"cluster": model.cluster_sizes(), "term": terms, "document": model.typical_documents(n_documents, texts),
              "silhouette": model.silhouette_}
    table = pd.concat([frames[name].assign(part=name) for name in CLUSTER_PARTS if len(frames[name])],
                      ignore_index=True)
    clustered = table["cluster"].notna() if "cluster" in table.columns else pd.Series(False, index=table.index)
    table["top_terms"] = None
    table.loc[clustered, "top_terms"] = labels.reindex(table.loc[clustered, "cluster"].astype("int64")).to_numpy()
    columns = {"part": "string", "cluster": "Int64", "top_terms": "string", "documents": "Int64",
               "percent_documents": "float64",
               "rank": "Int64", "term": "string", "weight": "float64", "weight_rest": "float64", "doc_id": "Int64",
               "similarity": "float64", "text": "string", "k": "Int64", "silhouette": "float64"}
    for column in columns:
        if column not in table.columns:
            table[column] = None
    table = table[list(columns)].astype(columns)
    table.attrs.update(method=model.method, k=int(model.k_), n_terms=int(n_terms), dimensions=int(model.dimensions_))
    if model.linkage_ is not None:
        table.attrs["linkage"] = [[int(a), int(b), float(h), int(size)] for a, b, h, size in model.linkage_]
        table.attrs["leaf_clusters"] = [int(c) for c in model.labels_]
        table.attrs["leaf_doc_ids"] = [int(i) for i in model.doc_ids_]
    return table


def _sampled(x: DFM, size: int, seed: int) -> DFM:
    """A random sample of ``size`` rows of ``x`` (in their order), drawn with ``seed``."""
    if not size or size >= x.shape[0]:
        return x
    rows = np.sort(np.random.default_rng(seed).choice(x.shape[0], size=size, replace=False))
    return DFM(x.matrix[rows], x.docs.iloc[rows].reset_index(drop=True), x.features, x.weight, dict(x.resources))


_METHOD_NAMES = {"kmeans": "k-means", "ward": "Ward"}


@dataclass(frozen=True)
class ClustersParams(TermParams):
    method: str = param("kmeans", "kmeans: k-means, for any number of documents; ward: Ward's hierarchical "
                                  f"clustering with a dendrogram, for at most {WARD_MAX_DOCUMENTS:,} documents.",
                        choices=CLUSTER_METHODS)
    k: str = param("2-10", "The number of clusters (6), or a range to compare by silhouette keeping the best "
                           "(2-10, or with a step: 2-20:2).")
    seed: int = param(0, "Seed of the SVD, of k-means' starts and of the samples: the same seed gives the same "
                         "clusters.", min=0, max=2**32 - 1)
    n_terms: int = param(10, "Typical terms listed per cluster.", min=1, max=100)
    n_documents: int = param(3, "Typical documents (closest to the centroid) listed per cluster.", min=0, max=100)
    min_docfreq: int = param(2, "Leave out terms found in fewer documents.", min=1)
    max_docfreq: float = param(0.95, "Leave out terms found in more than this share of the documents (0 to 1).",
                               min=0.001, max=1)
    dimensions: int = param(100, "Reduce the tf-idf rows to this many SVD dimensions (LSA) when the corpus has more "
                                 "documents and terms than that; 0: cluster the tf-idf rows themselves.",
                            min=0, max=2_000)
    sample: int = param(0, "Cluster a random sample of this many of the selected documents (drawn with --seed); "
                           "0: all of them.", min=0)

    def __post_init__(self) -> None:
        k_values(self.k)


class Clusters(Analysis):
    """Clusters of the selected documents by their words, with k chosen by silhouette.

    The counts of the documents' terms are trimmed (``min_docfreq``, ``max_docfreq``), weighted as
    unit-length tf-idf rows (:func:`cluster_matrix`) and clustered (:class:`DocumentClusters`; see
    :mod:`dauys.analyze.clusters` for the methods and their limits). The result is one tidy table;
    ``part`` says what a row is:

    ``cluster`` (one row per cluster)
        ``documents`` (its size) and ``percent_documents`` (its share of the clustered documents, %).
    ``term`` (n_terms rows per cluster)
        ``rank``, ``term``, ``weight`` (the term's mean tf-idf in the cluster's documents) and
        ``weight_rest`` (in all the others): the terms most typical of the cluster, by the difference.
    ``document`` (n_documents rows per cluster)
        ``rank``, ``doc_id``, ``similarity`` (cosine similarity to the cluster's centroid) and
        ``text`` (its first 200 characters): the cluster's most typical documents.
    ``silhouette`` (one row per k tried)
        ``k`` and ``silhouette`` (mean silhouette of the clustering into k clusters); the best k is kept.

    Rows of clusters have ``cluster`` (1 to k, the largest first) and ``top_terms`` (its first three
    typical terms). ``attrs`` holds ``method``, ``k`` (kept), ``n_terms`` and ``dimensions``, and for
    Ward the tree for the dendrogram: ``linkage`` (scipy's linkage matrix as lists), ``leaf_clusters``
    and ``leaf_doc_ids`` (the cluster and the document of each leaf). Documents with no term left after
    trimming are in no cluster; ``counts_`` says how many.
    """

    name = "clusters"
    title = "Clusters of documents"
    description = (
        "Cluster analysis of texts: k-means or Ward's hierarchical clustering of the documents' tf-idf "
        "(lemmas), the number of clusters chosen by silhouette, with each cluster's size, typical terms and "
        "typical documents, and Ward's dendrogram."
    )
    Params = ClustersParams
    needs_tokens = True

    def result_title(self, params: ClustersParams) -> str:
        k = self.counts_.get("k")
        scanned = len(k_values(params.k)) > 1
        chosen = f"k = {k}" + (" by silhouette" if scanned else "") if k else f"k = {params.k}"
        return f"{_METHOD_NAMES[params.method]} clusters of documents by {TermOptions.of(params).describe()} ({chosen})"

    def run(self, project: Project, where: DocumentFilter, params: ClustersParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        """The clusters table of the documents ``where`` selects (see the class for its rows and columns)."""
        ks = k_values(params.k)
        options = TermOptions.of(params)
        counts = build_dfm(project, where, options, progress=progress)
        self.resources_ = dict(counts.resources)
        if not counts.shape[1]:
            raise InputError(
                f"No {options.describe()} remain to count in the {counts.shape[0]:,} selected documents after "
                f"leaving out stopwords and words shorter than {options.min_length} letters; try --keep-stopwords, "
                "a lower --min-length or another --kind."
            )
        selected = counts.shape[0]
        counts = _sampled(counts, params.sample, params.seed)
        x = cluster_matrix(counts, params.min_docfreq, params.max_docfreq)
        progress.stage(f"Clustering {x.shape[0]:,} documents ({_METHOD_NAMES[params.method]})", None)
        model = DocumentClusters(params.method, ks, seed=params.seed, dimensions=params.dimensions).fit(x)
        scan = model.silhouette_.set_index("k")["silhouette"]
        shown = model.typical_documents(params.n_documents)["doc_id"]
        table = clusters_table(model, n_terms=params.n_terms, n_documents=params.n_documents,
                               texts=document_starts(project, shown))
        self.counts_ = {
            "documents": selected,
            "sampled": x.shape[0] if x.shape[0] < selected else None,
            "documents_clustered": len(model.doc_ids_),
            "documents_without_terms": len(model.unplaced_),
            "terms_before_trimming": counts.shape[1],
            "terms": x.shape[1],
            "dimensions": model.dimensions_,
            "explained_variance": None if model.explained_variance_ is None else round(model.explained_variance_, 6),
            "k": model.k_,
            "silhouette": round(float(scan.max()), 6),
        }
        self._warn(model, scan, ks)
        return table

    def _warn(self, model: DocumentClusters, scan: pd.Series, ks: list[int]) -> None:
        """What the researcher should know: documents left out, a best k at the edge of the range, lost clusters."""
        best = int(scan.idxmax())
        if len(model.unplaced_):
            self.warnings_.append(
                f"{len(model.unplaced_):,} of the clustered documents have no term left after trimming and are in "
                "no cluster; a lower --min-docfreq keeps more terms."
            )
        if len(ks) > 1 and best == ks[-1]:
            self.warnings_.append(
                f"The silhouette is highest at the largest k tried ({best}); a wider range (--k {ks[0]}-{2 * best}) "
                "shows whether it peaks. With short texts it often keeps rising: read the clusters of a smaller k too."
            )
        elif len(ks) > 1 and best == ks[0] and best > 2:
            self.warnings_.append(f"The silhouette is highest at the smallest k tried ({best}): try a range starting "
                                  f"lower (--k 2-{ks[-1]}).")
        if model.k_ < best:
            self.warnings_.append(f"Only {model.k_} distinct clusters were found for k = {best} (documents with "
                                  "identical terms cannot be told apart).")
