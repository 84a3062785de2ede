"""Clustering of texts: k-means and Ward recover the themes, silhouette picks k, Ward agrees with scipy.

The fixtures are those of test_topics: ``THEMES`` (48 Kazakh, Russian and mixed posts on four themes) and
``CLEAR`` (20 posts, five per theme, each holding its theme's three shared words). On ``THEMES`` the
Kazakh and Russian posts of a theme share few words, so a silhouette scan there prefers to split themes by
language; with k = 4 both methods find the four themes. On ``CLEAR`` the silhouette peaks at k = 4.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize
from test_topics import CLEAR, CLEAR_WORDS, EXPECTED, THEMES, built_project, project_copy, theme_of

from dauys.analyze import get_analysis, run_analysis
from dauys.analyze.clusters import (
    CLUSTER_PARTS,
    WARD_MAX_DOCUMENTS,
    Clusters,
    DocumentClusters,
    cluster_matrix,
    clusters_table,
)
from dauys.analyze.dfm import DFM, build_dfm
from dauys.analyze.topics import document_starts
from dauys.errors import InputError
from dauys.store.filters import DocumentFilter


@pytest.fixture(scope="module")
def themes_built(tmp_path_factory):
    return built_project(tmp_path_factory, "themes", THEMES)


@pytest.fixture(scope="module")
def clear_built(tmp_path_factory):
    return built_project(tmp_path_factory, "clear", CLEAR)


@pytest.fixture
def themes(themes_built, tmp_path):
    return project_copy(themes_built, tmp_path / "themes")


@pytest.fixture
def clear(clear_built, tmp_path):
    return project_copy(clear_built, tmp_path / "clear")


def by_theme(model: DocumentClusters, themes_by_id: dict[int, str]) -> pd.DataFrame:
    """Documents of each theme (rows) by cluster (columns)."""
    return pd.crosstab(pd.Series([themes_by_id[int(i)] for i in model.doc_ids_], name="theme"),
                       pd.Series(model.labels_, name="cluster"))


def assert_recovered(model: DocumentClusters, themes_by_id: dict[int, str], expected: dict[str, set[str]], n: int):
    table = by_theme(model, themes_by_id)
    terms = model.typical_terms(n)
    assert len(table.columns) == len(expected)
    for theme, row in table.iterrows():
        assert (row > 0).sum() == 1, f"{theme} is split: {row.to_dict()}"
        top = set(terms.loc[terms["cluster"] == int(row.idxmax()), "term"])
        assert expected[theme] <= top, f"{theme}: {expected[theme] - top} not among {sorted(top)}"


# --- recovering the themes -------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["kmeans", "ward"])
def test_four_clusters_are_the_four_themes(themes, method):
    x = cluster_matrix(build_dfm(themes))
    model = DocumentClusters(method, 4, seed=0).fit(x)
    assert model.k_ == 4
    assert_recovered(model, theme_of(themes), EXPECTED, 10)
    assert model.sizes_.tolist() == [12, 12, 12, 12]
    assert (model.linkage_ is None) == (method == "kmeans")


@pytest.mark.parametrize("method", ["kmeans", "ward"])
def test_silhouette_picks_four_clusters_on_clear_themes(clear, method):
    x = cluster_matrix(build_dfm(clear))
    model = DocumentClusters(method, range(2, 9), seed=0).fit(x)
    assert model.k_ == 4
    scan = model.silhouette_.set_index("k")["silhouette"]
    assert scan.index.tolist() == list(range(2, 9)) and scan.idxmax() == 4
    assert_recovered(model, theme_of(clear), CLEAR_WORDS, 3)
    # the kept score is scikit-learn's silhouette of the kept labels on the clustered rows
    assert scan[4] == pytest.approx(silhouette_score(x.matrix, model.labels_))


def test_the_same_seed_gives_the_same_clusters(themes):
    x = cluster_matrix(build_dfm(themes))
    for method in ("kmeans", "ward"):
        first = DocumentClusters(method, range(2, 7), seed=5, dimensions=10).fit(x)
        second = DocumentClusters(method, range(2, 7), seed=5, dimensions=10).fit(x)
        np.testing.assert_array_equal(first.labels_, second.labels_)
        pd.testing.assert_frame_equal(first.silhouette_, second.silhouette_)
    where = DocumentFilter(tz=themes.tz)
    params = Clusters.validate({"k": "3-5", "seed": 9, "dimensions": 12})
    pd.testing.assert_frame_equal(Clusters().run(themes, where, params), Clusters().run(themes, where, params))


# --- Ward against scipy ----------------------------------------------------------------------------------
def test_ward_linkage_is_scipys_on_the_same_matrix(themes):
    x = cluster_matrix(build_dfm(themes))
    model = DocumentClusters("ward", 4, dimensions=0).fit(x)
    expected = linkage(x.matrix.toarray(), method="ward")
    np.testing.assert_allclose(model.linkage_, expected)
    # the clusters are scipy's cut of that tree into 4, renumbered by size
    cut = fcluster(expected, t=4, criterion="maxclust")
    assert pd.crosstab(cut, model.labels_).gt(0).sum(axis=1).tolist() == [1, 1, 1, 1]
    assert model.dimensions_ == x.shape[1] and model.explained_variance_ is None


def test_ward_on_the_svd_reduction_is_scipys_on_the_reduced_rows(themes):
    x = cluster_matrix(build_dfm(themes))
    model = DocumentClusters("ward", 4, seed=3, dimensions=10).fit(x)
    svd = TruncatedSVD(n_components=10, random_state=3)
    reduced = normalize(svd.fit_transform(x.matrix))
    np.testing.assert_allclose(model.linkage_, linkage(reduced, method="ward"), atol=1e-10)
    assert model.dimensions_ == 10
    assert model.explained_variance_ == pytest.approx(svd.explained_variance_ratio_.sum())


def test_ward_is_refused_above_its_bound_with_a_way_out(themes):
    x = cluster_matrix(build_dfm(themes))
    with pytest.raises(InputError, match=r"--method ward: Ward's clustering of 48 documents would hold their 1,128 "
                                         r"pairwise distances.*limited to 40 documents; use --method kmeans, or "
                                         r"cluster a random sample \(--sample 40\)"):
        DocumentClusters("ward", 4, max_ward_documents=40).fit(x)
    assert DocumentClusters().max_ward_documents == WARD_MAX_DOCUMENTS == 10_000
    # --sample clusters that many of the selected documents, drawn with the seed
    table = Clusters().run(themes, DocumentFilter(tz=themes.tz),
                           Clusters.validate({"method": "ward", "k": "4", "sample": 40, "seed": 1}))
    assert table.loc[table["part"] == "cluster", "documents"].sum() == 40


# --- sizes, typical terms and documents by hand ----------------------------------------------------------
HAND = np.array([
    [3.0, 1.0, 0.0, 0.0],  # газ, тариф, жол, асфальт
    [2.0, 2.0, 0.0, 0.0],
    [1.0, 1.0, 0.0, 1.0],
    [0.0, 0.0, 1.0, 2.0],
    [0.0, 1.0, 2.0, 2.0],
])


def test_typical_terms_and_documents_by_hand():
    x = normalize(HAND)
    model = DocumentClusters("kmeans", 2, seed=0).fit(x, features=["газ", "тариф", "жол", "асфальт"],
                                                          doc_ids=[11, 12, 13, 14, 15])
    assert model.labels_.tolist() == [1, 1, 1, 2, 2]  # the larger cluster is 1
    sizes = model.cluster_sizes()
    assert sizes.values.tolist() == [[1, 3, 60.0], [2, 2, 40.0]]
    np.testing.assert_allclose(model.cluster_means_[0], x[:3].mean(axis=0))
    np.testing.assert_allclose(model.rest_means_[0], x[3:].mean(axis=0))
    terms = model.typical_terms(4)
    first = terms.loc[terms["cluster"] == 1]
    lift = x[:3].mean(axis=0) - x[3:].mean(axis=0)
    assert first["term"].tolist() == ["газ", "тариф"]  # only terms heavier in the cluster than elsewhere
    assert lift[0] > lift[1] > 0 > lift[3]
    assert terms.loc[terms["cluster"] == 2, "term"].tolist() == ["асфальт", "жол"]
    # typical documents: cosine similarity to the cluster's mean row, highest first
    centroid = x[:3].mean(axis=0)
    cosine = x[:3] @ centroid / (np.linalg.norm(x[:3], axis=1) * np.linalg.norm(centroid))
    texts = {11: "Газ қымбат", 12: "Тариф өсті", 13: "Газ и асфальт"}
    documents = model.typical_documents(3, texts=texts)
    one = documents.loc[documents["cluster"] == 1]
    assert one["doc_id"].tolist() == [11 + i for i in np.argsort(-cosine)]
    np.testing.assert_allclose(one["similarity"], np.sort(cosine)[::-1])
    assert one["text"].tolist() == [texts[i] for i in one["doc_id"]]
    # the within-cluster sum of squares, Ward's objective, matches k-means' inertia for the same clusters
    ward = DocumentClusters("ward", 2).fit(x)
    assert ward.labels_.tolist() == [1, 1, 1, 2, 2]
    assert ward.inertia_ == pytest.approx(model.inertia_)


def test_documents_without_terms_are_left_out(themes):
    x = cluster_matrix(build_dfm(themes))
    empty = DFM(sparse.vstack([x.matrix, sparse.csr_matrix((1, x.shape[1]))]).tocsr(),
                pd.DataFrame({"doc_id": [*x.doc_ids, 999]}), x.features)
    model = DocumentClusters("kmeans", 4, seed=0).fit(empty)
    assert model.unplaced_.tolist() == [999] and len(model.doc_ids_) == 48


# --- the analysis ----------------------------------------------------------------------------------------
def test_clusters_table_has_one_kind_of_row_per_part(themes):
    saved = run_analysis(themes, "clusters", {"method": "ward", "k": "3-6", "n_terms": 4, "n_documents": 2})
    table = saved.frame()
    k = int(table.attrs["k"])
    assert saved.title == f"Ward clusters of documents by lemmas (k = {k} by silhouette)"
    assert list(table.columns) == ["part", "cluster", "top_terms", "documents", "percent_documents", "rank", "term",
                                   "weight", "weight_rest", "doc_id", "similarity", "text", "k", "silhouette"]
    assert table["part"].unique().tolist() == list(CLUSTER_PARTS) == ["cluster", "term", "document", "silhouette"]
    parts = {name: part for name, part in table.groupby("part")}
    assert len(parts["cluster"]) == k and parts["cluster"]["documents"].sum() == 48
    assert parts["cluster"]["percent_documents"].sum() == pytest.approx(100.0)
    assert parts["cluster"]["documents"].is_monotonic_decreasing
    assert len(parts["document"]) == 2 * k and parts["document"]["text"].notna().all()
    assert parts["silhouette"]["k"].tolist() == [3, 4, 5, 6]
    assert parts["silhouette"].set_index("k")["silhouette"].idxmax() == k
    assert (parts["term"]["weight"] > parts["term"]["weight_rest"]).all()
    assert parts["silhouette"]["cluster"].isna().all() and parts["silhouette"]["top_terms"].isna().all()
    # the dendrogram's data survive the Parquet file
    tree = np.asarray(table.attrs["linkage"])
    assert tree.shape == (47, 4) and tree[-1, 3] == 48
    assert sorted(set(table.attrs["leaf_clusters"])) == list(range(1, k + 1))
    assert len(table.attrs["leaf_doc_ids"]) == 48
    entry = themes.log()[-1]
    assert entry["step"] == "analyze.clusters" and entry["params"]["method"] == "ward"
    assert entry["counts"]["k"] == k and entry["counts"]["documents_clustered"] == 48
    assert entry["counts"]["dimensions"] == x_terms(themes)


def x_terms(project) -> int:
    return cluster_matrix(build_dfm(project)).shape[1]


def test_clusters_table_built_by_hand_equals_the_analysis(themes):
    x = cluster_matrix(build_dfm(themes), min_docfreq=3)
    model = DocumentClusters("kmeans", [4], seed=2).fit(x)
    texts = document_starts(themes, model.typical_documents(1)["doc_id"])
    table = clusters_table(model, n_terms=5, n_documents=1, texts=texts)
    params = Clusters.validate({"k": "4", "seed": 2, "min_docfreq": 3, "n_terms": 5, "n_documents": 1})
    analysis = Clusters().run(themes, DocumentFilter(tz=themes.tz), params)
    pd.testing.assert_frame_equal(table, analysis)
    assert "linkage" not in analysis.attrs and analysis.attrs["method"] == "kmeans"


def test_a_sample_is_drawn_with_the_seed(themes):
    where = DocumentFilter(tz=themes.tz)
    params = Clusters.validate({"k": "4", "sample": 30, "seed": 4})
    first, second = Clusters(), Clusters()
    pd.testing.assert_frame_equal(first.run(themes, where, params), second.run(themes, where, params))
    assert first.counts_["sampled"] == 30 and first.counts_["documents"] == 48


def test_a_best_k_at_the_edge_of_the_range_is_a_warning(themes):
    saved = run_analysis(themes, "clusters", {"k": "2-4"})
    # Kazakh and Russian posts of a theme share few words, so the silhouette keeps rising past 4 here
    assert saved.warnings == (
        "The silhouette is highest at the largest k tried (4); a wider range (--k 2-8) shows whether it peaks. "
        "With short texts it often keeps rising: read the clusters of a smaller k too.",
    )
    assert run_analysis(themes, "clusters", {"k": "4"}).warnings == ()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"method": "dbscan"}, r"--method 'dbscan': expected one of kmeans, ward"),
        ({"k": "1"}, r"--k '1': expected numbers of at least 2"),
        ({"k": "2-x"}, r"--k '2-x': expected a number \(6\), a range \(2-10\)"),
        ({"dimensions": -1}, r"--dimensions -1: expected a number from 0"),
    ],
)
def test_bad_parameters_name_the_option(params, message):
    with pytest.raises(InputError, match=message):
        get_analysis("clusters").validate(params)


def test_too_many_clusters_and_no_terms_are_explained(clear):
    x = cluster_matrix(build_dfm(clear))
    with pytest.raises(InputError, match=r"--k 20 is too many clusters for the 20 documents.*at most 19"):
        DocumentClusters("kmeans", 20).fit(x)
    with pytest.raises(InputError, match=r"No terms remain after trimming.*try a lower --min-docfreq"):
        Clusters().run(clear, DocumentFilter(tz=clear.tz), Clusters.validate({"min_docfreq": 21}))
    with pytest.raises(InputError, match="not fitted yet"):
        DocumentClusters().typical_terms()


def test_ward_without_reduction_on_a_wide_matrix_is_refused():
    wide = sparse.random(200, 600_000, density=1e-5, format="csr", random_state=0)
    wide.data[:] = 1.0
    with pytest.raises(InputError, match=r"--dimensions 0: Ward's clustering needs the .* rows dense.*--dimensions 1"):
        DocumentClusters("ward", 2, dimensions=0).fit(wide)


# --- the command line and the report ---------------------------------------------------------------------
def test_cli_clusters_documents(cli, clear):
    result = cli("analyze", "clusters", "--project", clear.path, "--method", "ward", "--k", "2-6", "--seed", "1")
    assert result.exit_code == 0, result.output
    assert "Ward clusters of documents by lemmas (k = 4 by silhouette)" in result.stdout
    assert "Saved as result 1" in result.stdout
    assert clear.log()[-1]["params"]["k"] == "2-6"
    result = cli("analyze", "clusters", "-p", clear.path, "--k", "30")
    assert result.exit_code == 2 and "--k 30 is too many clusters for the 20 documents" in result.stderr
    help_text = cli("analyze", "clusters", "--help").stdout
    for option in ("--method", "--k", "--seed", "--dimensions", "--sample", "--min-docfreq", "--n-terms"):
        assert option in help_text


def test_cluster_charts_with_and_without_the_dendrogram(clear, tmp_path):
    from dauys.report.charts import chart_for
    from dauys.report.png import save_chart_png
    from dauys.report.views.clusters import dendrogram_layout

    ward = run_analysis(clear, "clusters", {"method": "ward", "k": "2-6", "n_terms": 3}).frame()
    kmeans = run_analysis(clear, "clusters", {"k": "2-6", "n_terms": 3}).frame()
    figure = chart_for("clusters", ward, "kk")
    titles = [annotation.text for annotation in figure.layout.annotations]
    assert titles[:3] == ["Кластерлер саны бойынша силуэт", "Кластерлердегі құжаттар саны",
                          "Дендрограмма (Уорд әдісі), соңғы 30 біріктіру"]
    silhouette = figure.data[0]
    assert list(silhouette.x) == [2, 3, 4, 5, 6]
    assert list(figure.data[1].x) == [4]  # the kept k is starred
    terms = [trace for trace in figure.data if trace.type == "bar" and trace.orientation == "h"]
    assert len(terms) == 4 and all(len(bar.y) == 3 for bar in terms)
    links = [trace for trace in figure.data if trace.type == "scatter" and trace.mode == "lines"]
    assert len(links) == 6  # four clusters, the merges above the cut, the cut itself
    tree = dendrogram_layout(ward)
    assert sorted(tree.segments) == [0, 1, 2, 3, 4]
    assert len(tree.labels) == 20 and all(label.startswith("#") for label in tree.labels)
    heights = np.asarray(ward.attrs["linkage"])[:, 2]
    assert heights[-4] < tree.cut < heights[-3]  # below the last three merges: four clusters
    assert dendrogram_layout(kmeans) is None
    plain = chart_for("clusters", kmeans, "ru")
    assert "Дендрограмма" not in " ".join(a.text for a in plain.layout.annotations)
    for name, table in (("ward", ward), ("kmeans", kmeans)):
        for lang in ("kk", "ru", "en"):
            data = save_chart_png("clusters", table, tmp_path / f"{name}-{lang}.png", lang).read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"


def test_a_large_tree_is_drawn_from_its_last_thirty_merges(themes):
    from dauys.report.views.clusters import dendrogram_layout

    table = Clusters().run(themes, DocumentFilter(tz=themes.tz), Clusters.validate({"method": "ward", "k": "4"}))
    tree = dendrogram_layout(table)
    assert len(tree.labels) == 30
    sizes = [int(label.strip("()")) for label in tree.labels if label.startswith("(")]
    singles = [label for label in tree.labels if label.startswith("#")]
    assert sum(sizes) + len(singles) == 48
