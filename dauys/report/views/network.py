"""The co-occurrence network drawn in the report: a spring layout with a fixed seed (each connected part on
its own), nodes sized by frequency and coloured by community, edges as lines (wider for heavier edges); its
matplotlib twin; the labels.

The drawing reads the saved edge table and the node table it keeps in ``attrs["nodes"]``
(:func:`dauys.analyze.networks.network_graph`); the layout's seed is the run's seed, so the same result
is always drawn the same way.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import matplotlib
import networkx as nx
import pandas as pd
import plotly.graph_objects as go
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from dauys.analyze.networks import DEFAULT_SEED, network_graph
from dauys.report.charts import PALETTE, register_chart, register_reader_title, require_columns, style_figure
from dauys.report.i18n import format_number, register_labels, t
from dauys.report.png import png_style, register_png, save_figure

LABELLED_NODES = 60
"""Only the most frequent nodes are named on the drawing (every node has a hover text)."""
EDGE_WIDTHS = 4
MIN_SIZE, MAX_SIZE = 10.0, 42.0
PART_GAP = 0.5
"""The space between the connected parts of a network, in units of the side of a one-node part."""

register_labels({
    "en": {
        "analysis.network": "Co-occurrence network",
        "column.source": "Node 1",
        "column.target": "Node 2",
        "network.community": "community {n}",
        "network.frequency": "frequency",
        "network.degree": "links",
        "network.weighted_degree": "weighted links",
    },
    "ru": {
        "analysis.network": "Сеть совместной встречаемости",
        "column.source": "Узел 1",
        "column.target": "Узел 2",
        "network.community": "сообщество {n}",
        "network.frequency": "частота",
        "network.degree": "связи",
        "network.weighted_degree": "взвешенные связи",
    },
    "kk": {
        "analysis.network": "Бірге кездесу желісі",
        "column.source": "1-түйін",
        "column.target": "2-түйін",
        "network.community": "{n}-қауымдастық",
        "network.frequency": "жиілігі",
        "network.degree": "байланыстар",
        "network.weighted_degree": "салмақты байланыстар",
    },
})


@dataclass(frozen=True)
class NetworkDrawing:
    """What both drawings share: positions, node sizes (0 to 1 of the largest), communities, edge bands."""

    graph: nx.Graph
    positions: dict[str, tuple[float, float]]
    size: dict[str, float]
    communities: list[int]
    labelled: set[str]

    def band(self, weight: float, heaviest: float) -> int:
        """1 to :data:`EDGE_WIDTHS`: the width band of an edge, by its weight relative to the heaviest."""
        return max(1, math.ceil(EDGE_WIDTHS * weight / heaviest)) if heaviest > 0 else 1

    def colour(self, community: int) -> str:
        return PALETTE[(community - 1) % len(PALETTE)]

    @cached_property
    def heaviest(self) -> float:
        """The weight of the heaviest edge (1 without edges)."""
        return max((float(d.get("weight", 1)) for _, _, d in self.graph.edges(data=True)), default=1.0)

    def members(self, community: int) -> list[str]:
        """The nodes of a community, in the graph's order."""
        return [n for n, d in self.graph.nodes(data=True) if int(d["community"]) == community]

    def marker_size(self, node: str) -> float:
        """A node's marker diameter, from :data:`MIN_SIZE` to :data:`MAX_SIZE` by its size."""
        return MIN_SIZE + (MAX_SIZE - MIN_SIZE) * self.size[node]


def add_network_traces(fig: go.Figure, drawing: NetworkDrawing, *, text_size: int,
                       node_trace: Callable[[int, list[str]], dict]) -> go.Figure:
    """Draw a network on a plotly figure: grey edges in width bands, then one trace of nodes per community
    (``node_trace(community, members)`` gives that trace's own settings: name, hover, legend), axes hidden."""
    graph, positions = drawing.graph, drawing.positions
    for band in range(1, EDGE_WIDTHS + 1):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for u, v, data in graph.edges(data=True):
            if drawing.band(float(data.get("weight", 1)), drawing.heaviest) == band:
                xs += [positions[u][0], positions[v][0], None]
                ys += [positions[u][1], positions[v][1], None]
        if xs:
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                     line={"width": 0.6 + 0.9 * (band - 1), "color": "#b8c0c8"}))
    for community in drawing.communities:
        members = drawing.members(community)
        fig.add_trace(go.Scatter(
            x=[positions[n][0] for n in members], y=[positions[n][1] for n in members], mode="markers+text",
            text=[n if n in drawing.labelled else "" for n in members], textposition="top center",
            textfont={"size": text_size},
            marker={"size": [drawing.marker_size(n) for n in members], "color": drawing.colour(community),
                    "line": {"width": 1, "color": "white"}, "opacity": 0.9},
            **node_trace(community, members),
        ))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    return fig


def draw_network_png(ax, drawing: NetworkDrawing, *, label_size: int,
                     community_label: Callable[[int], str] | None = None) -> None:
    """Draw a network on matplotlib axes with the chart's layout, sizes and colours: edges, nodes (labelled
    per community by ``community_label`` for a legend), the names of the labelled nodes; axes hidden."""
    graph, positions = drawing.graph, drawing.positions
    segments = [(positions[u], positions[v]) for u, v in graph.edges]
    widths = [0.4 + 0.6 * (drawing.band(float(d.get("weight", 1)), drawing.heaviest) - 1)
              for _, _, d in graph.edges(data=True)]
    ax.add_collection(LineCollection(segments, linewidths=widths, colors="#b8c0c8", zorder=1))
    for community in drawing.communities:
        members = drawing.members(community)
        ax.scatter([positions[n][0] for n in members], [positions[n][1] for n in members],
                   s=[drawing.marker_size(n) ** 2 / 4 for n in members], color=drawing.colour(community),
                   edgecolors="white", linewidths=0.6, zorder=2,
                   **({"label": community_label(community)} if community_label else {}))
    for node in drawing.labelled:
        x, y = positions[node]
        ax.annotate(node, (x, y), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=label_size,
                    zorder=3)
    ax.set_aspect("equal", adjustable="datalim")
    ax.autoscale_view()
    ax.axis("off")


def network_layout(graph: nx.Graph, seed: int = DEFAULT_SEED) -> dict[str, tuple[float, float]]:
    """Positions of the nodes: each connected part laid out on its own and the parts packed in rows.

    Each part is a ``networkx.spring_layout`` with ``seed``, on ``1 + ln(weight)`` so that a few very heavy
    edges do not pull their part into a knot; a part of ``n`` nodes gets a square of side ``√n``, the
    largest first, so small parts sit next to the main one instead of being pushed to the margins.
    """
    rank = {node: i for i, node in enumerate(graph.nodes)}
    parts = sorted(nx.connected_components(graph), key=lambda part: (-len(part), min(rank[n] for n in part)))
    width = max((math.sqrt(len(parts[0])) if parts else 1.0), 1.2 * math.sqrt(graph.number_of_nodes()))
    positions: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for part in parts:
        side = math.sqrt(len(part))
        if x > 0 and x + side > width:
            x, y, row = 0.0, y - row - PART_GAP, 0.0
        local = _part_layout(graph.subgraph(sorted(part, key=rank.get)), seed)
        for node, (lx, ly) in local.items():
            positions[node] = (x + lx * side, y - (1.0 - ly) * side)
        x += side + PART_GAP
        row = max(row, side)
    return positions


def _part_layout(part: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """A connected part laid out in the unit square."""
    if part.number_of_nodes() == 1:
        return {node: (0.5, 0.5) for node in part.nodes}
    spaced = nx.Graph()
    spaced.add_nodes_from(part.nodes)
    spaced.add_weighted_edges_from((u, v, 1.0 + math.log(max(float(d.get("weight", 1)), 1.0)))
                                   for u, v, d in part.edges(data=True))
    raw = nx.spring_layout(spaced, seed=seed, weight="weight", k=1.5 / math.sqrt(part.number_of_nodes()),
                           iterations=150)
    xs, ys = [float(p[0]) for p in raw.values()], [float(p[1]) for p in raw.values()]
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    scale = max(span_x, span_y) or 1.0  # one scale for both axes keeps the part's shape, centred in the square
    dx, dy = (1.0 - span_x / scale) / 2, (1.0 - span_y / scale) / 2
    return {node: ((float(p[0]) - min(xs)) / scale + dx, (float(p[1]) - min(ys)) / scale + dy)
            for node, p in raw.items()}


def network_drawing(table: pd.DataFrame) -> NetworkDrawing:
    """What to draw of a saved network: its graph, laid out by :func:`network_layout` with the run's seed."""
    require_columns(table, ("source", "target", "weight"), "network")
    graph = network_graph(table)
    positions = network_layout(graph, int(table.attrs.get("seed", DEFAULT_SEED)))
    measure = {node: float(data.get("frequency", data.get("weighted_degree", data.get("degree", 1))))
               for node, data in graph.nodes(data=True)}
    largest = max(measure.values(), default=1.0) or 1.0
    size = {node: math.sqrt(value / largest) for node, value in measure.items()}
    for node in graph.nodes:
        graph.nodes[node].setdefault("community", 1)
    communities = sorted({int(data["community"]) for _, data in graph.nodes(data=True)})
    ranked = sorted(graph.nodes, key=lambda node: (-measure[node], node))
    return NetworkDrawing(graph, positions, size, communities, set(ranked[:LABELLED_NODES]))


def _hover_value(data: dict, key: str, lang: str) -> str:
    return format_number(data[key], lang) if key in data else "—"


@register_chart("network")
def network_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """The network: grey edges (in width bands by weight) and one trace of nodes per community."""
    drawing = network_drawing(table)
    graph = drawing.graph
    hover = (f"<b>%{{customdata[0]}}</b><br>{t('network.frequency', lang)}: %{{customdata[1]}}<br>"
             f"{t('network.degree', lang)}: %{{customdata[2]}}<br>"
             f"{t('network.weighted_degree', lang)}: %{{customdata[3]}}<extra>%{{fullData.name}}</extra>")
    fig = add_network_traces(go.Figure(), drawing, text_size=11, node_trace=lambda community, members: {
        "name": t("network.community", lang, n=community), "hovertemplate": hover,
        "customdata": [[n, _hover_value(graph.nodes[n], "frequency", lang),
                        _hover_value(graph.nodes[n], "degree", lang),
                        _hover_value(graph.nodes[n], "weighted_degree", lang)] for n in members],
    })
    style_figure(fig, height=640)
    fig.update_layout(margin={"t": 30, "b": 10}, legend={"itemsizing": "constant"})
    return fig


@register_png("network")
def network_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    """The network as a publication figure: the same layout, sizes and colours as the report's chart."""
    drawing = network_drawing(table)
    with matplotlib.rc_context({**png_style(), "font.size": 8}):
        fig = Figure(figsize=(8.0, 7.0), layout="constrained")
        ax = fig.subplots()
        draw_network_png(ax, drawing, label_size=7,
                         community_label=lambda community: t("network.community", lang, n=community))
        ax.set_title(t("analysis.network", lang), fontsize=11)
        ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), markerscale=0.5)
        return save_figure(fig, path)


register_labels({
    "en": {"title.network.title": "Co-occurrence network of {terms} (top {n}, in {level})",
           "title.network.documents": "documents", "title.network.windows": "windows of {window} tokens"},
    "ru": {"title.network.title": "Сеть совместной встречаемости {terms} (топ-{n}, {level})",
           "title.network.documents": "в документах", "title.network.windows": "в окнах по {window}"},
    "kk": {"title.network.title": "{terms} бірге кездесу желісі (ең жиі {n}, {level})",
           "title.network.documents": "құжаттар ішінде", "title.network.windows": "{window} токендік терезелер ішінде"},
})


@register_reader_title("network")
def network_title(params: dict, lang: str) -> str:
    """``Сеть совместной встречаемости лемм (топ-100, в документах)``."""
    from dauys.report.views.top_terms import capital, counted, terms_phrase

    window = int(params.get("window", 5))
    if params.get("level", "document") == "document":
        level = t("title.network.documents", lang)
    else:
        level = t("title.network.windows", lang,
                  window=counted(window, ("токену", "токена", "токенов"), lang) if lang == "ru" else window)
    return capital(t("title.network.title", lang, terms=terms_phrase(params, lang, "gen"),
                     n=params.get("top_nodes", 100), level=level))
