"""Clusters in the report: silhouette by k, cluster sizes, Ward's dendrogram and each cluster's typical terms.

The clusters table is tidy with a ``part`` column (see :class:`dauys.analyze.clusters.Clusters`). The
dendrogram is drawn from the linkage matrix the table carries in ``attrs`` (Ward only), with
:func:`scipy.cluster.hierarchy.dendrogram` laying it out: the tree is cut to its last 30 merges (each
leaf then stands for a group of documents, labelled by its size), branches inside a cluster take the
cluster's colour, and a dashed line marks the height at which the tree was cut into k clusters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from plotly.subplots import make_subplots

from dauys.report.charts import PALETTE, register_chart, register_reader_title, require_columns, style_figure
from dauys.report.i18n import register_labels, t
from dauys.report.png import png_style, register_png, save_figure

COLUMNS = ("part", "cluster", "top_terms", "documents", "rank", "term", "weight", "k", "silhouette")
PANEL_COLUMNS = 3
DENDROGRAM_LEAVES = 30
ABOVE_CUT = "#9e9e9e"

register_labels({
    "en": {
        "analysis.clusters": "Clusters of documents",
        "column.cluster": "Cluster",
        "column.weight_rest": "Weight in the other documents",
        "column.similarity": "Similarity to the centroid (cosine)",
        "column.silhouette": "Silhouette",
        "clusters.cluster": "Cluster",
        "clusters.silhouette": "Silhouette by number of clusters",
        "clusters.k": "number of clusters (k)",
        "clusters.chosen": "kept",
        "clusters.sizes": "Documents per cluster",
        "clusters.dendrogram": "Dendrogram (Ward), last 30 merges",
        "clusters.height": "merge height (Ward)",
        "clusters.cut": "cut into k clusters",
        "clusters.weight": "mean tf-idf in the cluster",
    },
    "ru": {
        "analysis.clusters": "Кластеры документов",
        "column.cluster": "Кластер",
        "column.weight_rest": "Вес в остальных документах",
        "column.similarity": "Сходство с центроидом (косинус)",
        "column.silhouette": "Силуэт",
        "clusters.cluster": "Кластер",
        "clusters.silhouette": "Силуэт при разном числе кластеров",
        "clusters.k": "число кластеров (k)",
        "clusters.chosen": "выбрано",
        "clusters.sizes": "Число документов в кластерах",
        "clusters.dendrogram": "Дендрограмма (метод Уорда), последние 30 объединений",
        "clusters.height": "высота объединения (Уорд)",
        "clusters.cut": "разрез на k кластеров",
        "clusters.weight": "средний tf-idf в кластере",
    },
    "kk": {
        "analysis.clusters": "Құжаттар кластерлері",
        "column.cluster": "Кластер",
        "column.weight_rest": "Басқа құжаттардағы салмағы",
        "column.similarity": "Центроидқа ұқсастығы (косинус)",
        "column.silhouette": "Силуэт",
        "clusters.cluster": "Кластер",
        "clusters.silhouette": "Кластерлер саны бойынша силуэт",
        "clusters.k": "кластерлер саны (k)",
        "clusters.chosen": "таңдалды",
        "clusters.sizes": "Кластерлердегі құжаттар саны",
        "clusters.dendrogram": "Дендрограмма (Уорд әдісі), соңғы 30 біріктіру",
        "clusters.height": "біріктіру биіктігі (Уорд)",
        "clusters.cut": "k кластерге бөлу",
        "clusters.weight": "кластердегі орташа tf-idf",
    },
})


def _color(cluster: int) -> str:
    return PALETTE[(cluster - 1) % len(PALETTE)]


def _rows(table: pd.DataFrame, part: str) -> pd.DataFrame:
    require_columns(table, COLUMNS, "clusters")
    return table.loc[table["part"] == part]


def cluster_names(table: pd.DataFrame) -> dict[int, str]:
    """``{1: "1: тариф, газ, бензин", ...}``: each cluster's number and typical terms, for legends."""
    rows = _rows(table, "cluster").dropna(subset=["cluster"])
    return {int(c): f"{int(c)}: {terms}" if pd.notna(terms) else str(int(c))
            for c, terms in zip(rows["cluster"], rows["top_terms"], strict=True)}


def term_panels(table: pd.DataFrame, lang: str) -> list[tuple[int, str, pd.DataFrame]]:
    """``(cluster, title, its term rows by rank)`` for each cluster, in cluster order."""
    sizes = _rows(table, "cluster").set_index("cluster")["documents"]
    panels = []
    for cluster, part in _rows(table, "term").groupby("cluster", sort=True):
        size = sizes.get(cluster)
        title = f"{t('clusters.cluster', lang)} {int(cluster)}" + (f" (n = {int(size)})" if pd.notna(size) else "")
        panels.append((int(cluster), title, part.sort_values("rank", kind="stable")))
    return panels


@dataclass
class Dendrogram:
    """Ward's tree laid out for drawing: line segments by colour, leaf ticks and the cut height."""

    segments: dict[int, list[tuple[list[float], list[float]]]] = field(default_factory=dict)
    """Per cluster (0: the merges above the cut), the ⊓-shaped links as (x, y) point lists."""
    ticks: list[float] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    cut: float | None = None


def dendrogram_layout(table: pd.DataFrame, leaves: int = DENDROGRAM_LEAVES) -> Dendrogram | None:
    """The dendrogram of a Ward result (None for k-means): the last ``leaves`` merges of the tree.

    A link whose documents all belong to one cluster gets that cluster's number, a link joining clusters
    0; leaves are labelled ``(n)`` (a group of n documents) or ``#id`` (one document).
    """
    from scipy.cluster.hierarchy import dendrogram

    linkage = table.attrs.get("linkage")
    if not linkage:
        return None
    z = np.asarray(linkage, dtype=float)
    leaf_clusters = np.asarray(table.attrs["leaf_clusters"], dtype=int)
    leaf_ids = table.attrs.get("leaf_doc_ids") or list(range(len(leaf_clusters)))
    n = len(leaf_clusters)
    node_cluster = np.concatenate([leaf_clusters, np.zeros(n - 1, dtype=int)])
    for j, (a, b, _, _) in enumerate(z):
        left, right = node_cluster[int(a)], node_cluster[int(b)]
        node_cluster[n + j] = left if left == right else 0
    pure = z[node_cluster[n:] > 0, 2]
    mixed = z[node_cluster[n:] == 0, 2]
    cut = None
    if len(mixed):
        cut = float((pure.max() + mixed.min()) / 2) if len(pure) else float(mixed.min() / 2)

    def leaf_label(node: int) -> str:
        return f"#{leaf_ids[node]}" if node < n else f"({int(z[node - n, 3])})"

    tree = dendrogram(z, truncate_mode="lastp", p=min(leaves, n), no_plot=True,
                      link_color_func=lambda node: str(node_cluster[node]), leaf_label_func=leaf_label)
    layout = Dendrogram(cut=cut, labels=list(tree["ivl"]))
    layout.ticks = [5.0 + 10.0 * i for i in range(len(tree["ivl"]))]
    for xs, ys, color in zip(tree["icoord"], tree["dcoord"], tree["color_list"], strict=True):
        layout.segments.setdefault(int(color), []).append((list(xs), list(ys)))
    return layout


def _silhouette(table: pd.DataFrame) -> tuple[pd.DataFrame, int | None]:
    scan = _rows(table, "silhouette").sort_values("k", kind="stable")
    chosen = table.attrs.get("k")
    return scan, int(chosen) if chosen is not None else None


@register_chart("clusters")
def clusters_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """Silhouette by k and cluster sizes on top, Ward's dendrogram below, then each cluster's typical terms."""
    scan, chosen = _silhouette(table)
    sizes = _rows(table, "cluster").sort_values("cluster", kind="stable")
    panels = term_panels(table, lang)
    names = cluster_names(table)
    tree = dendrogram_layout(table)
    columns = PANEL_COLUMNS
    term_rows = max(math.ceil(len(panels) / columns), 1)
    longest = max((len(part) for _, _, part in panels), default=1)
    specs = [[{}, {"colspan": 2}, None]]
    titles = [t("clusters.silhouette", lang), t("clusters.sizes", lang)]
    heights = [320]
    if tree is not None:
        specs.append([{"colspan": columns}, None, None])
        titles.append(t("clusters.dendrogram", lang))
        heights.append(380)
    specs += [[{} for _ in range(columns)] for _ in range(term_rows)]
    titles += [title for _, title, _ in panels] + [""] * (term_rows * columns - len(panels))
    heights += [longest * 20 + 90] * term_rows
    fig = make_subplots(rows=len(specs), cols=columns, specs=specs, subplot_titles=titles, row_heights=heights,
                        horizontal_spacing=0.14, vertical_spacing=min(0.08, 0.3 / len(specs)))
    fig.add_trace(go.Scatter(x=scan["k"], y=scan["silhouette"], mode="lines+markers", showlegend=False,
                             line={"color": PALETTE[0], "width": 2},
                             hovertemplate="k = %{x}: %{y:.3f}<extra></extra>"), row=1, col=1)
    kept = scan.loc[scan["k"] == chosen]
    if len(kept):
        fig.add_trace(go.Scatter(x=kept["k"], y=kept["silhouette"], mode="markers", name=t("clusters.chosen", lang),
                                 marker={"color": PALETTE[1], "size": 12, "symbol": "star"}, showlegend=False,
                                 hovertemplate=f"k = %{{x}} ({t('clusters.chosen', lang)}): %{{y:.3f}}<extra></extra>"),
                      row=1, col=1)
    fig.update_xaxes(title_text=t("clusters.k", lang), tickvals=scan["k"].tolist(), row=1, col=1)
    fig.update_yaxes(title_text=t("column.silhouette", lang), row=1, col=1)
    # numbers on the axis (the legend and the hover name each cluster by its terms)
    fig.add_trace(go.Bar(x=[str(int(c)) for c in sizes["cluster"]], y=sizes["documents"],
                         marker_color=[_color(int(c)) for c in sizes["cluster"]], showlegend=False,
                         customdata=[names.get(int(c), str(c)) for c in sizes["cluster"]],
                         hovertemplate="%{customdata}: %{y}<extra></extra>"), row=1, col=2)
    fig.update_xaxes(type="category", title_text=t("clusters.cluster", lang), row=1, col=2)
    fig.update_yaxes(title_text=t("chart.documents", lang), row=1, col=2)
    first_terms = 2
    if tree is not None:
        first_terms = 3
        for cluster, links in sorted(tree.segments.items()):
            xs, ys = [], []
            for x, y in links:
                xs += [*x, None]
                ys += [*y, None]
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip",
                                     line={"color": _color(cluster) if cluster else ABOVE_CUT, "width": 1.5},
                                     name=names.get(cluster, ""), showlegend=bool(cluster)), row=2, col=1)
        if tree.cut is not None:
            fig.add_trace(go.Scatter(x=[0, 10 * len(tree.labels)], y=[tree.cut, tree.cut], mode="lines",
                                     line={"color": "#555555", "width": 1, "dash": "dash"},
                                     name=t("clusters.cut", lang), hoverinfo="skip"), row=2, col=1)
        fig.update_xaxes(tickvals=tree.ticks, ticktext=tree.labels, tickangle=-90, row=2, col=1)
        fig.update_yaxes(title_text=t("clusters.height", lang), rangemode="tozero", row=2, col=1)
    hover = f"<b>%{{y}}</b><br>{t('column.weight', lang)}: %{{x:.3f}}<extra>%{{fullData.name}}</extra>"
    for i, (cluster, _, part) in enumerate(panels):
        row, col = first_terms + i // columns, i % columns + 1
        fig.add_trace(go.Bar(x=part["weight"], y=part["term"].astype(str), orientation="h",
                             name=names.get(cluster, str(cluster)), marker_color=_color(cluster),
                             hovertemplate=hover, showlegend=False), row=row, col=col)
        fig.update_yaxes(autorange="reversed", automargin=True, type="category", row=row, col=col)
        fig.update_xaxes(title_text=t("clusters.weight", lang), title_font_size=11, row=row, col=col)
    style_figure(fig, height=sum(heights) + 120)
    return fig


@register_png("clusters")
def clusters_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    """The clusters chart as a publication figure."""
    scan, chosen = _silhouette(table)
    sizes = _rows(table, "cluster").sort_values("cluster", kind="stable")
    panels = term_panels(table, lang)
    names = cluster_names(table)
    tree = dendrogram_layout(table)
    columns = PANEL_COLUMNS
    term_rows = max(math.ceil(len(panels) / columns), 1)
    longest = max((len(part) for _, _, part in panels), default=1)
    heights = [2.8] + ([3.4] if tree is not None else []) + [0.22 * longest + 0.9] * term_rows
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(3.6 * columns, sum(heights) + 0.6), layout="constrained")
        grid = fig.add_gridspec(len(heights), columns, height_ratios=heights)
        ax = fig.add_subplot(grid[0, 0])
        ax.plot(scan["k"].to_numpy(dtype=int), scan["silhouette"].to_numpy(dtype=float), color=PALETTE[0], marker="o")
        kept = scan.loc[scan["k"] == chosen]
        if len(kept):
            ax.plot(kept["k"].to_numpy(dtype=int), kept["silhouette"].to_numpy(dtype=float), color=PALETTE[1],
                    marker="*", markersize=14, linestyle="none", label=t("clusters.chosen", lang))
            ax.legend(fontsize=8, frameon=False)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(t("clusters.k", lang))
        ax.set_ylabel(t("column.silhouette", lang))
        ax.set_title(t("clusters.silhouette", lang), fontsize=10, fontweight="bold")
        ax = fig.add_subplot(grid[0, 1:])
        ax.bar(range(len(sizes)), sizes["documents"].to_numpy(dtype=float),
               color=[_color(int(c)) for c in sizes["cluster"]])
        ax.set_xticks(range(len(sizes)), [names.get(int(c), str(c)) for c in sizes["cluster"]],
                      rotation=30 if len(sizes) > 3 else 0, ha="right" if len(sizes) > 3 else "center")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel(t("chart.documents", lang))
        ax.set_title(t("clusters.sizes", lang), fontsize=10, fontweight="bold")
        first_terms = 1
        if tree is not None:
            first_terms = 2
            ax = fig.add_subplot(grid[1, :])
            for cluster, links in sorted(tree.segments.items()):
                color = _color(cluster) if cluster else ABOVE_CUT
                for i, (x, y) in enumerate(links):
                    ax.plot(x, y, color=color, linewidth=1.2, label=names.get(cluster) if cluster and not i else None)
            if tree.cut is not None:
                ax.axhline(tree.cut, color="#555555", linewidth=0.8, linestyle="--", label=t("clusters.cut", lang))
            ax.set_xticks(tree.ticks, tree.labels, rotation=90, fontsize=7)
            ax.set_xlim(0, 10 * len(tree.labels))
            ax.set_ylim(bottom=0)
            ax.set_ylabel(t("clusters.height", lang))
            ax.set_title(t("clusters.dendrogram", lang), fontsize=10, fontweight="bold")
            ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        for i, (cluster, title, part) in enumerate(panels):
            ax = fig.add_subplot(grid[first_terms + i // columns, i % columns])
            ax.barh(range(len(part)), part["weight"].to_numpy(dtype=float), color=_color(cluster))
            ax.set_yticks(range(len(part)), [str(term) for term in part["term"]])
            ax.invert_yaxis()
            ax.set_title(title, fontsize=10, fontweight="bold")
            ax.set_xlabel(t("clusters.weight", lang))
        fig.suptitle(t("analysis.clusters", lang), fontsize=11)
        return save_figure(fig, path)


register_labels({
    "en": {"title.clusters.title": "{method} clusters of documents by {terms} ({chosen})",
           "title.clusters.method.kmeans": "k-means", "title.clusters.method.ward": "Ward",
           "title.clusters.k": "k = {k}", "title.clusters.k_scan": "k from {k} by silhouette"},
    "ru": {"title.clusters.title": "Кластеры документов на основе {terms} ({method}, {chosen})",
           "title.clusters.method.kmeans": "метод k-средних", "title.clusters.method.ward": "метод Уорда",
           "title.clusters.k": "k = {k}", "title.clusters.k_scan": "k из {k} по силуэту"},
    "kk": {"title.clusters.title": "{terms} негізіндегі құжаттар кластерлері ({method}, {chosen})",
           "title.clusters.method.kmeans": "k-орташа әдісі", "title.clusters.method.ward": "Уорд әдісі",
           "title.clusters.k": "k = {k}", "title.clusters.k_scan": "k силуэт бойынша {k} аралығынан таңдалған"},
})


@register_reader_title("clusters")
def clusters_title(params: dict, lang: str) -> str:
    """``Кластеры документов на основе лемм (метод k-средних, k из 2-10 по силуэту)``."""
    from dauys.analyze.clusters import k_values
    from dauys.report.views.top_terms import capital, terms_phrase

    k = str(params.get("k", ""))
    try:
        scanned = len(k_values(k)) > 1
    except Exception:  # a k the analysis itself would refuse: name it as saved
        scanned = False
    chosen = t("title.clusters.k_scan" if scanned else "title.clusters.k", lang, k=k)
    return capital(t("title.clusters.title", lang, terms=terms_phrase(params, lang, "gen" if lang == "ru" else "nom"),
                     method=t(f"title.clusters.method.{params.get('method', 'kmeans')}", lang), chosen=chosen))
