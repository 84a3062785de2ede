"""The document-feature matrix (quanteda's ``dfm``): documents × terms, sparse, trimmed, weighted, grouped.

A :class:`DFM` holds a ``scipy.sparse`` CSR matrix whose rows are documents (or groups of documents)
and whose columns are features (terms of the token table, chosen by
:class:`~dauys.analyze.terms.TermOptions`), with ``docs`` (a table with one row per matrix row) and
``features`` (the column labels). It is the input of topic models and clustering; its API is small and
stable::

    x = build_dfm(project, where, TermOptions(), by="channel")     # counts, one row per document
    x = dfm_trim(x, min_docfreq=5)                                 # features in 5+ documents
    x = dfm_weight(x, "tfidf")                                     # count × log10(N / df)
    x.matrix, x.doc_ids, x.features                                # CSR matrix, ids, terms
    dfm_group(x)                                                   # one row per channel (sums)
    write_dfm(x, "exports/dfm.mtx")                                # dfm.mtx, dfm.rows, dfm.cols for R

Every function takes the matrix first and returns a new :class:`DFM` (the input is never changed), so
calls chain as in quanteda. Trimming and grouping need counts: trim and group first, weight last.

Reading the Matrix Market export in R (the ``.rows`` and ``.cols`` files hold one label per line, UTF-8)::

    library(Matrix)
    x <- readMM("dfm.mtx")
    dimnames(x) <- list(readLines("dfm.rows", encoding = "UTF-8"),
                        readLines("dfm.cols", encoding = "UTF-8"))
    x <- as(x, "CsparseMatrix")          # quanteda::as.dfm(x) makes it a quanteda dfm

and in Python: ``scipy.io.mmread("dfm.mtx").tocsr()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import scipy.io
from scipy import sparse

from dauys.analyze.base import Analysis, param
from dauys.analyze.terms import (
    GROUP_FIELDS,
    META_GROUP,
    NO_VALUE,
    TermOptions,
    TermParams,
    document_term_counts,
    group_expression,
)
from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

__all__ = ["DFM", "DFM_WEIGHTS", "EXPORT_SUFFIXES", "IDF_VARIANTS", "DocumentFeatureMatrix", "build_dfm",
           "dfm_group", "dfm_long", "dfm_select", "dfm_table", "dfm_trim", "dfm_weight", "docfreq", "export_suffix",
           "featfreq", "group_order", "topfeatures", "write_dfm"]

DFM_WEIGHTS = ("count", "prop", "tfidf", "boolean")
IDF_VARIANTS = ("inverse", "smooth")
FREQ_TYPES = ("count", "prop")
EXPORT_SUFFIXES = (".mtx", ".parquet", ".csv", ".xlsx")
WIDE_CSV_MAX_CELLS = 5_000_000
"""A wide CSV is for small matrices: this many cells (rows × features) at most, about 20 MB of text."""
XLSX_MAX_CELLS = 1_000_000
XLSX_MAX_COLUMNS = 16_384
XLSX_MAX_ROWS = 1_048_576
DOCUMENT_ROWS = "document"
"""The ``by`` of the :class:`DocumentFeatureMatrix` that keeps one row per document."""


@dataclass(frozen=True, eq=False)
class DFM:
    """A document-feature matrix.

    Attributes
    ----------
    matrix
        ``scipy.sparse.csr_matrix``, rows × features. Counts (int64) until weighted; ``prop`` and
        ``tfidf`` weights are float64, ``boolean`` int64 (1 where the document holds the feature).
    docs
        One row per matrix row, in matrix order. A DFM of documents has ``doc_id`` (``documents.id``)
        and, when built with ``by``, ``group`` (the document's group label); a grouped DFM
        (:func:`dfm_group`) has ``group`` and ``documents`` (how many documents its row sums).
    features
        The feature (term) of each column: an array of str, unique, in code-point order as built.
    weight
        ``count``, ``prop``, ``tfidf`` or ``boolean``; ``tfidf`` records its idf variant as
        ``tfidf:inverse`` or ``tfidf:smooth``.
    resources
        What the term query used (the stopword list's version), for an analysis's ``resources_``.
    """

    matrix: sparse.csr_matrix
    docs: pd.DataFrame
    features: np.ndarray
    weight: str = "count"
    resources: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        rows, columns = self.matrix.shape
        if len(self.docs) != rows or len(self.features) != columns:
            raise ValueError(
                f"a DFM of shape {rows} × {columns} needs {rows} docs rows and {columns} features; "
                f"got {len(self.docs)} and {len(self.features)}"
            )

    def __repr__(self) -> str:
        rows, columns = self.matrix.shape
        cells = rows * columns
        filled = 100.0 * self.matrix.nnz / cells if cells else 0.0
        unit = "groups" if self.is_grouped else "documents"
        return f"DFM({rows:,} {unit} × {columns:,} features, {self.weight}, {filled:.2f}% non-zero)"

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape

    @property
    def is_grouped(self) -> bool:
        """Whether the rows are groups of documents (made by :func:`dfm_group`) rather than documents."""
        return "doc_id" not in self.docs.columns

    @property
    def doc_ids(self) -> np.ndarray:
        """The document id of each row (int64); a grouped DFM has groups instead (see :attr:`docnames`)."""
        if self.is_grouped:
            raise ValueError("the rows of a grouped DFM are groups, not documents: use .docnames or .docs")
        return self.docs["doc_id"].to_numpy(dtype=np.int64)

    @property
    def groups(self) -> np.ndarray | None:
        """The group label of each row (str), or None for a DFM built without ``by``."""
        if "group" not in self.docs.columns:
            return None
        return self.docs["group"].to_numpy(dtype=object)

    @property
    def docnames(self) -> list[str]:
        """The row labels: document ids as text, or group labels (quanteda's ``docnames``)."""
        if self.is_grouped:
            return [str(g) for g in self.docs["group"]]
        return [str(i) for i in self.doc_ids]

    def _with(self, matrix: sparse.csr_matrix, docs: pd.DataFrame | None = None,
              features: np.ndarray | None = None, weight: str | None = None) -> DFM:
        return DFM(
            matrix=matrix,
            docs=(self.docs if docs is None else docs).reset_index(drop=True),
            features=self.features if features is None else features,
            weight=self.weight if weight is None else weight,
            resources=dict(self.resources),
        )


def _require_counts(x: DFM, what: str) -> None:
    if x.weight != "count":
        raise InputError(
            f"{what.capitalize()} needs counts, and this DFM is weighted ({x.weight}): do the {what} before weighting."
        )


# --- building --------------------------------------------------------------------------------------
def matrix_parts(
    X: DFM | Any, features: Sequence[str] | None = None, doc_ids: Sequence[int] | None = None,
    dtype: Any = None,
) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    """The CSR matrix (explicit zeros dropped), feature labels and row ids of a DFM, or of a plain matrix
    labelled by position; what models fitted on a DFM (topics, clusters) take as their input."""
    matrix = X.matrix if isinstance(X, DFM) else X
    if features is None:
        features = X.features if isinstance(X, DFM) else [str(j) for j in range(matrix.shape[1])]
    if doc_ids is None:
        doc_ids = X.doc_ids if isinstance(X, DFM) else np.arange(matrix.shape[0])
    matrix = sparse.csr_matrix(matrix, dtype=dtype)
    if matrix.nnz and not matrix.data.all():
        matrix = matrix.copy()  # explicit zeros are dropped on a copy: the caller's matrix stays as it was
        matrix.eliminate_zeros()
    features = np.asarray(features, dtype=object)
    doc_ids = np.asarray(doc_ids, dtype=np.int64)
    if matrix.shape != (len(doc_ids), len(features)):
        raise ValueError(f"a matrix of shape {matrix.shape} needs {matrix.shape[0]} doc_ids and "
                         f"{matrix.shape[1]} features; got {len(doc_ids)} and {len(features)}")
    return matrix, features, doc_ids


def build_dfm(
    project: Project,
    where: DocumentFilter | None = None,
    options: TermOptions | None = None,
    by: str | None = None,
    progress: Progress = SILENT,
) -> DFM:
    """The document-feature matrix of counts of the documents ``where`` selects.

    Parameters
    ----------
    project
        The open project; its token table must cover the selection (``dauys text process``).
    where
        The documents (all of the project by default). Every selected document has a row, in order of
        its id, including documents with no counted term (an empty row).
    options
        What counts as a term (lemmas of words by default; see :mod:`dauys.analyze.terms`).
    by
        A grouping field (``channel``, ``year``, ``meta.outlet``, ...: see
        :func:`~dauys.analyze.terms.group_expression`) whose label each row carries in ``docs["group"]``,
        for :func:`dfm_group`; None for no labels.

    Returns
    -------
    DFM
        Counts (int64): cell (i, j) is how many times document i holds feature j. Features are sorted in
        code-point order.
    """
    where = where if where is not None else DocumentFilter(tz=project.tz)
    options = options or TermOptions()
    progress.stage(f"Counting {options.describe()} per document", None)
    counts, documents, selection = document_term_counts(project, where, options)
    doc_ids = documents.to_numpy(dtype=np.int64)
    codes, features = pd.factorize(counts["term"], sort=True)
    rows = np.searchsorted(doc_ids, counts["doc_id"].to_numpy(dtype=np.int64))
    values = counts["count"].to_numpy(dtype=np.int64)
    # one row per (document, term), ordered by document then term, is already the CSR layout
    if not (np.diff(rows) >= 0).all():
        order = np.lexsort((codes, rows))
        rows, codes, values = rows[order], codes[order], values[order]
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=len(doc_ids)))])
    matrix = sparse.csr_matrix((values, codes, indptr), shape=(len(doc_ids), len(features)))
    matrix.sort_indices()  # a no-op when the terms came in order
    docs = pd.DataFrame({"doc_id": doc_ids})
    if by is not None:
        docs["group"] = _group_labels(project, where, by, doc_ids)
    return DFM(matrix, docs, np.asarray(features, dtype=object), "count", dict(selection.resources))


def _group_labels(project: Project, where: DocumentFilter, by: str, doc_ids: np.ndarray) -> pd.Series:
    expression, group_params, join = group_expression(by, project.tz)
    condition, where_values = where.sql("d")
    with project.store.read() as con:
        labels = con.execute(
            f"SELECT d.id AS doc_id, {expression} AS grp FROM documents d {join} WHERE {condition} ORDER BY d.id",
            group_params + where_values,
        ).df()
    labels = labels.set_index("doc_id")["grp"].reindex(doc_ids)
    return labels.fillna(NO_VALUE).astype("string").reset_index(drop=True)


# --- frequencies -----------------------------------------------------------------------------------
def featfreq(x: DFM) -> np.ndarray:
    """The sum of each feature's column: its count over all rows, for a DFM of counts."""
    return np.asarray(x.matrix.sum(axis=0)).ravel()


def docfreq(x: DFM) -> np.ndarray:
    """How many rows (documents, or groups) hold each feature (a value above zero)."""
    return np.bincount(x.matrix.indices[x.matrix.data > 0], minlength=x.shape[1]).astype(np.int64)


def topfeatures(x: DFM, n: int = 10, scheme: str = "count") -> pd.Series:
    """The ``n`` features with the highest total (``count``: column sums) or document frequency (``docfreq``).

    A Series indexed by feature, highest first; ties in alphabetical (code-point) order.
    """
    if scheme not in ("count", "docfreq"):
        raise InputError(f"scheme {scheme!r}: expected count or docfreq")
    values = featfreq(x) if scheme == "count" else docfreq(x)
    order = np.lexsort((np.arange(len(values)), -values))[: max(int(n), 0)]
    return pd.Series(values[order], index=pd.Index(x.features[order], dtype="string", name="feature"),
                     name=scheme)


# --- trimming, selecting, weighting, grouping ------------------------------------------------------
def _bound(value: float | None, name: str, kind: str) -> float | None:
    if value is None:
        return None
    if value < 0 or (kind == "prop" and value > 1):
        expected = "a share from 0 to 1" if kind == "prop" else "a count of at least 0"
        raise InputError(f"--{name.replace('_', '-')} {value:g}: expected {expected} (it is a {kind})")
    return float(value)


def dfm_trim(
    x: DFM,
    min_termfreq: float | None = None,
    max_termfreq: float | None = None,
    min_docfreq: float | None = None,
    max_docfreq: float | None = None,
    termfreq_type: str = "count",
    docfreq_type: str = "count",
) -> DFM:
    """Keep the features whose frequencies fall inside the bounds (quanteda's ``dfm_trim``).

    Parameters
    ----------
    min_termfreq, max_termfreq
        Bounds, inclusive, on a feature's total count (``termfreq_type="count"``) or on its share of all
        counted terms (``"prop"``, 0 to 1). None: no bound.
    min_docfreq, max_docfreq
        Bounds, inclusive, on the number of rows (documents) holding the feature (``docfreq_type="count"``)
        or on their share of all rows (``"prop"``).

    Rows stay, even when trimming leaves one empty. Raises :class:`InputError` when no feature remains.
    """
    _require_counts(x, "trimming")
    for name, kind in (("termfreq_type", termfreq_type), ("docfreq_type", docfreq_type)):
        if kind not in FREQ_TYPES:
            raise InputError(f"--{name.replace('_', '-')} {kind!r}: expected one of {', '.join(FREQ_TYPES)}")
    bounds = {
        "min_termfreq": _bound(min_termfreq, "min_termfreq", termfreq_type),
        "max_termfreq": _bound(max_termfreq, "max_termfreq", termfreq_type),
        "min_docfreq": _bound(min_docfreq, "min_docfreq", docfreq_type),
        "max_docfreq": _bound(max_docfreq, "max_docfreq", docfreq_type),
    }
    termfreq = featfreq(x).astype(np.float64)
    if termfreq_type == "prop":
        termfreq = termfreq / termfreq.sum() if termfreq.sum() else termfreq
    documents = docfreq(x).astype(np.float64)
    if docfreq_type == "prop":
        documents = documents / x.shape[0] if x.shape[0] else documents
    keep = np.ones(x.shape[1], dtype=bool)
    for values, low, high in ((termfreq, bounds["min_termfreq"], bounds["max_termfreq"]),
                              (documents, bounds["min_docfreq"], bounds["max_docfreq"])):
        if low is not None:
            keep &= values >= low
        if high is not None:
            keep &= values <= high
    if not keep.any():
        given = ", ".join(f"--{k.replace('_', '-')} {v:g}" for k, v in bounds.items() if v is not None)
        raise InputError(
            f"No terms remain after trimming the {x.shape[1]:,} terms of {x.shape[0]:,} rows with {given}; "
            "try a lower --min-termfreq or --min-docfreq, or a higher --max-termfreq or --max-docfreq."
        )
    return _keep_features(x, keep)


def _keep_features(x: DFM, keep: np.ndarray) -> DFM:
    columns = np.flatnonzero(keep)
    return x._with(x.matrix[:, columns].tocsr(), features=x.features[columns])


def dfm_select(x: DFM, features: Iterable[str], selection: str = "keep") -> DFM:
    """Keep (``selection="keep"``) or remove (``"remove"``) the given features, matched exactly.

    Features the DFM lacks are ignored; the kept ones stay in the DFM's order.
    """
    if selection not in ("keep", "remove"):
        raise InputError(f"selection {selection!r}: expected keep or remove")
    wanted = np.isin(x.features, np.asarray(list(features), dtype=object))
    return _keep_features(x, wanted if selection == "keep" else ~wanted)


def dfm_weight(x: DFM, scheme: str = "count", idf: str = "inverse") -> DFM:
    """The DFM with weighted cells (quanteda's ``dfm_weight`` and ``dfm_tfidf``).

    Schemes
    -------
    ``count``
        the counts as they are.
    ``prop``
        each count divided by its row's total: the share of the document's counted terms (rows sum to
        1; an empty row stays 0).
    ``tfidf``
        count × idf, where N is the number of rows and df a feature's document frequency:
        ``idf="inverse"`` (default; quanteda's ``dfm_tfidf``) is ``log10(N / df)``, so a feature found in
        every document weighs 0; ``idf="smooth"`` is scikit-learn's default ``ln((1 + N) / (1 + df)) + 1``
        (``TfidfTransformer(norm=None)``), never 0. No row normalisation is applied.
    ``boolean``
        1 where the document holds the feature, else 0.
    """
    if scheme not in DFM_WEIGHTS:
        raise InputError(f"--weight {scheme!r}: expected one of {', '.join(DFM_WEIGHTS)}")
    if idf not in IDF_VARIANTS:
        raise InputError(f"--idf {idf!r}: expected one of {', '.join(IDF_VARIANTS)}")
    if x.weight != "count":
        raise InputError(f"This DFM is already weighted ({x.weight}); weight a DFM of counts (weights do not stack).")
    if scheme == "count":
        return x
    matrix = x.matrix.astype(np.float64 if scheme in ("prop", "tfidf") else np.int64)
    if scheme == "boolean":
        matrix.data = (matrix.data > 0).astype(np.int64)
        matrix.eliminate_zeros()
        return x._with(matrix, weight="boolean")
    if scheme == "prop":
        totals = np.asarray(matrix.sum(axis=1)).ravel()
        scale = np.divide(1.0, totals, out=np.zeros_like(totals), where=totals > 0)
        return x._with(sparse.csr_matrix(sparse.diags(scale) @ matrix), weight="prop")
    n = x.shape[0]
    df = docfreq(x).astype(np.float64)
    if idf == "inverse":
        weights = np.log10(np.divide(n, df, out=np.ones_like(df), where=df > 0))
    else:
        weights = np.log((1.0 + n) / (1.0 + df)) + 1.0
    weighted = sparse.csr_matrix(matrix @ sparse.diags(weights))
    weighted.eliminate_zeros()
    weighted.sort_indices()
    return x._with(weighted, weight=f"tfidf:{idf}")


def group_order(labels: Iterable[Any]) -> list[str]:
    """Group labels in order: alphabetical (code point), the no-value group ``(none)`` last."""
    return sorted({str(g) for g in labels}, key=lambda g: (g == NO_VALUE, g))


def dfm_group(x: DFM, groups: Sequence[Any] | pd.Series | None = None) -> DFM:
    """Sum the rows of each group (quanteda's ``dfm_group``): one row per group, in :func:`group_order`.

    ``groups`` gives a label per row; by default the labels the DFM was built with (``build_dfm(by=...)``).
    The result's ``docs`` has ``group`` and ``documents`` (the number of rows summed). Needs counts.
    """
    _require_counts(x, "grouping")
    if groups is None:
        if x.groups is None:
            raise InputError("This DFM has no group labels: build it with by=FIELD (--by), or pass the groups.")
        labels = x.groups
    else:
        labels = np.asarray(list(groups), dtype=object)
        if len(labels) != x.shape[0]:
            raise InputError(f"groups: {len(labels):,} labels for a DFM of {x.shape[0]:,} rows; give one per row.")
    labels = np.array([NO_VALUE if pd.isna(g) else str(g) for g in labels], dtype=object)
    order = group_order(labels)
    index = pd.Index(order).get_indexer(labels)
    indicator = sparse.csr_matrix(
        (np.ones(len(labels), dtype=np.int64), (index, np.arange(len(labels)))), shape=(len(order), len(labels))
    )
    summed = sparse.csr_matrix(indicator @ x.matrix)
    summed.sort_indices()
    docs = pd.DataFrame({"group": pd.array(order, dtype="string"),
                         "documents": np.bincount(index, minlength=len(order)).astype(np.int64)})
    return x._with(summed, docs=docs)


# --- tables and files ------------------------------------------------------------------------------
def _row_label_column(x: DFM) -> tuple[str, Any]:
    if x.is_grouped:
        return "group", x.docs["group"].astype("string").to_numpy(dtype=object)
    return "doc_id", x.doc_ids


def _value_dtype(x: DFM) -> str:
    return "int64" if x.weight in ("count", "boolean") else "float64"


def dfm_long(x: DFM) -> pd.DataFrame:
    """The non-zero cells as a long table: ``doc_id`` (or ``group``), ``feature``, ``value``.

    One row per non-zero cell, in row order and, within a row, in feature order; the tidy form R's
    tidytext calls ``tidy(dfm)``.
    """
    label, labels = _row_label_column(x)
    coo = x.matrix.tocoo()
    table = pd.DataFrame({
        label: labels[coo.row],
        "feature": pd.array(x.features[coo.col], dtype="string"),
        "value": coo.data.astype(_value_dtype(x)),
    })
    if label == "group":
        table["group"] = table["group"].astype("string")
    return table


def write_dfm(x: DFM, path: str | Path) -> list[Path]:
    """Write the DFM to ``path``, in the format its suffix names; returns the files written.

    ``.mtx``
        Matrix Market (coordinate, general), plus ``.rows`` (row labels: document ids or groups) and
        ``.cols`` (features) next to it, one label per line in UTF-8: readable by R's ``Matrix::readMM``
        (see the module's description) and ``scipy.io.mmread``. Any size.
    ``.parquet``
        The long table of :func:`dfm_long` (``doc_id`` or ``group``, ``feature``, ``value``). Any size.
    ``.csv``
        Wide: one row per document (or group), one column per feature, zeros written, UTF-8 with a
        byte-order mark for Excel. Only for small matrices: at most 5,000,000 cells.
    ``.xlsx``
        Wide, as the CSV, within Excel's limits (16,383 features, 1,048,575 rows) and 1,000,000 cells.
    """
    path = Path(path)
    suffix = export_suffix(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".mtx":
        return _write_mtx(x, path)
    if suffix == ".parquet":
        return [_write_parquet(x, path)]
    rows, columns = x.shape
    if suffix == ".csv":
        if rows * columns > WIDE_CSV_MAX_CELLS:
            raise InputError(
                f"{path.name}: a wide CSV is for small matrices (at most {WIDE_CSV_MAX_CELLS:,} cells) and this "
                f"one has {rows:,} × {columns:,}; trim it (--min-docfreq, --max-docfreq), group it (--by), or "
                "export .parquet (long) or .mtx (sparse) instead."
            )
        _wide(x).to_csv(path, index=False, lineterminator="\r\n", encoding="utf-8-sig")
        return [path]
    if columns + 1 > XLSX_MAX_COLUMNS or rows + 1 > XLSX_MAX_ROWS or rows * columns > XLSX_MAX_CELLS:
        raise InputError(
            f"{path.name}: this matrix ({rows:,} × {columns:,}) is too large for an Excel sheet (at most "
            f"{XLSX_MAX_COLUMNS - 1:,} features, {XLSX_MAX_ROWS - 1:,} rows and {XLSX_MAX_CELLS:,} cells here); "
            "trim or group it, or export .parquet (long) or .mtx (sparse) instead."
        )
    _write_xlsx(_wide(x), path)
    return [path]


def export_suffix(path: str | Path) -> str:
    """The suffix of an export path, or :class:`InputError` when it is not one a DFM exports to."""
    suffix = Path(path).suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise InputError(
            f"--export {str(path)!r}: a document-feature matrix exports as .mtx (Matrix Market, with .rows and "
            ".cols), .parquet (long), .csv or .xlsx (wide); give a file name ending in one of them."
        )
    return suffix


def _write_mtx(x: DFM, path: Path) -> list[Path]:
    field_type = "integer" if _value_dtype(x) == "int64" else "real"
    scipy.io.mmwrite(
        path, x.matrix, field=field_type, symmetry="general",
        comment=f" dauys document-feature matrix ({x.weight}): rows in {path.stem}.rows, columns in "
                f"{path.stem}.cols",
    )
    rows_path, cols_path = path.with_suffix(".rows"), path.with_suffix(".cols")
    rows_path.write_text("".join(f"{name}\n" for name in x.docnames), encoding="utf-8")
    cols_path.write_text("".join(f"{feature}\n" for feature in x.features), encoding="utf-8")
    return [path, rows_path, cols_path]


def _write_parquet(x: DFM, path: Path) -> Path:
    # Arrow straight from the sparse arrays (a take from the feature list): millions of cells, no Python objects.
    label, labels = _row_label_column(x)
    coo = x.matrix.tocoo()
    rows = pa.array(labels, pa.string() if label == "group" else pa.int64()).take(pa.array(coo.row))
    features = pa.array(x.features.tolist(), pa.string()).take(pa.array(coo.col))
    values = pa.array(coo.data.astype(_value_dtype(x)))
    pq.write_table(pa.table({label: rows, "feature": features, "value": values}), path, compression="zstd")
    return path


def _wide(x: DFM) -> pd.DataFrame:
    label, labels = _row_label_column(x)
    wide = pd.DataFrame(x.matrix.toarray(), columns=pd.Index(x.features, dtype=object))
    wide.insert(0, label, labels, allow_duplicates=True)
    return wide


def _write_xlsx(wide: pd.DataFrame, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("dfm")
    sheet.freeze_panes = "B2"
    bold = Font(bold=True)

    def text(value: str, font: Font | None = None) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # a label that starts with "=" stays text, never a formula
        if font is not None:
            cell.font = font
        return cell

    sheet.append([text(str(name), bold) for name in wide.columns])
    first_is_text = not pd.api.types.is_integer_dtype(wide.iloc[:, 0].dtype)
    for row in wide.itertuples(index=False, name=None):
        label = text(str(row[0])) if first_is_text else int(row[0])
        sheet.append([label, *(v.item() if isinstance(v, np.generic) else v for v in row[1:])])
    book.save(path)


# --- the analysis ----------------------------------------------------------------------------------
def dfm_table(x: DFM, max_rows: int) -> tuple[pd.DataFrame, int | None]:
    """The long table for the report: per row, its features by value (highest first, ties by feature).

    When the matrix has more non-zero cells than ``max_rows``, each row keeps its top
    ``max(1, max_rows // rows)`` features and the table stops at ``max_rows`` rows; the second value
    is that number per row, or None when nothing was left out.
    """
    coo = x.matrix.tocoo()
    order = np.lexsort((coo.col, -coo.data, coo.row))
    rows, columns, values = coo.row[order], coo.col[order], coo.data[order]
    per_row = None
    if len(values) > max_rows:
        per_row = max(1, max_rows // max(x.shape[0], 1))
        starts = np.searchsorted(rows, rows, side="left")
        kept = (np.arange(len(rows)) - starts) < per_row
        rows, columns, values = rows[kept][:max_rows], columns[kept][:max_rows], values[kept][:max_rows]
    label, labels = _row_label_column(x)
    table = pd.DataFrame({
        label: labels[rows],
        "feature": pd.array(x.features[columns], dtype="string"),
        "value": values.astype(_value_dtype(x)),
    })
    if label == "group":
        table["group"] = table["group"].astype("string")
    table.attrs["weight"] = x.weight
    return table, per_row


def _limit(value: float) -> float | None:
    return None if value == 0 else value


@dataclass(frozen=True)
class DfmParams(TermParams):
    by: str = param(
        DOCUMENT_ROWS,
        "One row per document (document), or the sum of the documents of each group of this field (year, "
        "channel, corpus, ... or meta.FIELD; all gives one row for the whole selection).",
        choices=(DOCUMENT_ROWS, *GROUP_FIELDS),
        pattern=META_GROUP,
        pattern_label="meta.FIELD",
    )
    min_termfreq: float = param(1, "Keep terms counted at least this often over all documents (a count, or a "
                                   "share of all counted terms with --termfreq-type prop).", min=0)
    max_termfreq: float = param(0, "Keep terms counted at most this often (0: no upper limit).", min=0)
    min_docfreq: float = param(1, "Keep terms found in at least this many documents (or this share of "
                                  "documents with --docfreq-type prop).", min=0)
    max_docfreq: float = param(0, "Keep terms found in at most this many documents, or share of documents "
                                  "(0: no upper limit); 0.5 with --docfreq-type prop drops terms in over half.",
                               min=0)
    termfreq_type: str = param("count", "Whether --min/max-termfreq are counts or shares (0 to 1).",
                               choices=FREQ_TYPES)
    docfreq_type: str = param("count", "Whether --min/max-docfreq are document counts or shares (0 to 1).",
                              choices=FREQ_TYPES)
    weight: str = param("count", "Cell values: counts, shares of the row's terms (prop), tf-idf, or 1/0 "
                                 "(boolean). Applied after trimming and grouping.", choices=DFM_WEIGHTS)
    idf: str = param("inverse", "The idf of tf-idf: inverse is log10(N/df) as in quanteda (0 for a term in "
                                "every document); smooth is scikit-learn's ln((1+N)/(1+df))+1.",
                     choices=IDF_VARIANTS)
    export: str = param("", "Also write the whole matrix to this file (relative to the current folder): .mtx "
                            "(Matrix Market for R, with .rows and .cols), .parquet (long), .csv or .xlsx (wide, "
                            "small matrices only); empty: none.")
    max_rows: int = param(10_000, "Save at most this many rows of the long table for the report (each "
                                  "document or group keeps its top terms); the export holds the whole matrix.",
                          min=1, max=10_000_000)


class DocumentFeatureMatrix(Analysis):
    """The document-feature matrix, trimmed, optionally grouped, weighted, saved in long form.

    The matrix is built from the token table (:func:`build_dfm`), trimmed on document-level frequencies
    (:func:`dfm_trim`), summed per group when ``by`` names a field (:func:`dfm_group`), then weighted
    (:func:`dfm_weight`); ``export`` writes it whole (:func:`write_dfm`).

    Result columns (one row per non-zero cell; a row's features by value, highest first):

    ``doc_id`` or ``group``
        the document (``documents.id``) or, with ``by``, the group label.
    ``feature``
        the term (lemma by default).
    ``value``
        the cell: a count (occurrences of the term in the document or group), a share of the row's
        counted terms (prop), a tf-idf weight, or 1 (boolean). ``attrs["weight"]`` names it.

    When the matrix has more non-zero cells than ``max_rows``, each row keeps only its top terms;
    ``counts_`` then says ``top_per_row`` and ``cells`` (all non-zero cells of the matrix).
    """

    name = "dfm"
    title = "Document-feature matrix"
    description = (
        "The document-feature matrix (documents × lemmas, forms, phrases, hashtags or emoji): trimmed by term "
        "and document frequency, optionally summed per group, weighted as counts, proportions, tf-idf or 1/0, "
        "and exported for R (Matrix Market), Parquet, CSV or Excel."
    )
    Params = DfmParams
    needs_tokens = True

    def result_title(self, params: DfmParams) -> str:
        title = f"Document-feature matrix of {TermOptions.of(params).describe()}"
        title += "" if params.by == DOCUMENT_ROWS else f" by {params.by}"
        weight = params.weight if params.weight != "tfidf" else f"tf-idf ({params.idf} idf)"
        return f"{title}, {weight}"

    def run(
        self, project: Project, where: DocumentFilter, params: DfmParams, progress: Progress = SILENT
    ) -> pd.DataFrame:
        """The long table of the matrix of the documents ``where`` selects (see the class for its columns)."""
        if params.export:
            export_suffix(params.export)  # a bad name fails before the counting, not after
        by = None if params.by == DOCUMENT_ROWS else params.by
        x = build_dfm(project, where, TermOptions.of(params), by=by, progress=progress)
        self.resources_ = dict(x.resources)
        counted = x.shape[1]
        if not counted:
            raise InputError(
                f"No {TermOptions.of(params).describe()} remain to count in the {x.shape[0]:,} selected documents "
                f"after leaving out stopwords and words shorter than {params.min_length} letters; try "
                "--keep-stopwords, a lower --min-length or another --kind."
            )
        progress.stage("Trimming and weighting the matrix", None)
        x = dfm_trim(x, params.min_termfreq, _limit(params.max_termfreq), params.min_docfreq,
                     _limit(params.max_docfreq), params.termfreq_type, params.docfreq_type)
        documents = x.shape[0]
        if by is not None:
            x = dfm_group(x)
        x = dfm_weight(x, params.weight, params.idf)
        if params.export:
            progress.stage(f"Writing {params.export}", None)
            write_dfm(x, params.export)
        table, per_row = dfm_table(x, params.max_rows)
        self.counts_ = {
            "documents": documents,
            "groups": x.shape[0] if by is not None else None,
            "terms_before_trimming": counted,
            "terms": x.shape[1],
            "cells": int(x.matrix.nnz),
            "top_per_row": per_row,
        }
        return table
