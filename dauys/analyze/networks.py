"""Co-occurrence networks of words, hashtags or mentions, with communities, exported for Gephi.

The nodes are the ``top_nodes`` most frequent terms of the selection (lemmas of words by default; with
``kind="hashtags"`` or ``"mentions"`` the hashtags or accounts: see :mod:`dauys.analyze.terms`). Two
nodes are joined by an edge whose ``weight`` counts their co-occurrences at one of two levels:

``document``
    the number of documents that hold both terms (however often each occurs in them). The association
    measure is ``pmi = log2(w · D / (d_u · d_v))``, with ``D`` the number of selected documents and
    ``d_u``, ``d_v`` the documents holding each term: the log of the "association strength" that
    VOSviewer normalises co-occurrence maps with (van Eck and Waltman, 2009).
``window``
    the number of times the two terms occur within ``window`` tokens of each other in one sentence: the
    unordered pair tokens of :mod:`dauys.analyze.collocations`, whose 2×2 contingency the association
    measure comes from (``pmi = log2(O11 / E11)``, over every pair of counted terms, not only the nodes').

Edges lighter than ``min_weight`` are left out, and so are nodes left without an edge. Each node gets its
``frequency`` (occurrences in the selection), ``documents``, ``degree`` (edges), ``weighted_degree``
(sum of its edges' weights) and ``community``: the Louvain communities of :mod:`networkx`
(``louvain_communities`` on the weights) with a fixed ``seed``, recorded in the ledger, so a rerun gives
the same communities. Communities are numbered from 1, the largest first.

For Gephi: :func:`export_network` writes GEXF (``.gexf``, Gephi's own format) or GraphML (``.graphml``,
also read by Cytoscape, yEd, igraph and R). Node ids are the terms; each node carries ``label`` (the
term) and the attributes above, each edge ``weight`` and ``pmi``. In Gephi, open the file as an
undirected graph, size nodes by ``frequency`` and colour them by ``community`` (Appearance → Nodes →
Partition), and lay them out with ForceAtlas 2, which reads the edge weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd
import pyarrow as pa
from networkx.algorithms.community import louvain_communities

from dauys.analyze.base import Analysis, param
from dauys.analyze.collocations import MAX_WINDOW, pair_counts
from dauys.analyze.terms import TermOptions, TermParams, TermSelection, require_tokens, term_occurrences_sql
from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

__all__ = ["EDGE_COLUMNS", "LEVELS", "NETWORK_SUFFIXES", "NODE_COLUMNS", "CooccurrenceNetwork", "Network",
           "NetworkParams", "cooccurrence_network", "export_network", "network_graph", "node_table"]

LEVELS = ("document", "window")
EDGE_COLUMNS = ("source", "target", "weight", "pmi")
NODE_COLUMNS = ("term", "frequency", "documents", "degree", "weighted_degree", "community")
NETWORK_SUFFIXES = (".gexf", ".graphml")
DEFAULT_SEED = 42
MAX_NODES = 2000
_NODES = "dauys_network_nodes"


@dataclass
class CooccurrenceNetwork:
    """What :func:`cooccurrence_network` found: the edge and node tables and what they were counted on.

    ``units`` is ``D`` (selected documents) at the document level and the sample size ``N`` of the
    window pairs at the window level; ``candidates`` the number of most frequent terms considered;
    ``selection`` what the term query read (stopword list version).
    """

    edges: pd.DataFrame
    nodes: pd.DataFrame
    level: str
    units: int
    candidates: int
    seed: int
    selection: TermSelection

    def graph(self) -> nx.Graph:
        """The network as a :class:`networkx.Graph` (see :func:`network_graph`)."""
        return network_graph(self.edges, self.nodes)


def _top_terms(project: Project, where: DocumentFilter, options: TermOptions, level: str, top_nodes: int,
               min_weight: int) -> tuple[pd.DataFrame, pd.DataFrame | None, TermSelection]:
    """The most frequent terms, and at the document level the edges between them, in SQL."""
    with project.store.read() as con, term_occurrences_sql(project, con, where, options) as (sql, values, selection):
        top = con.execute(
            f"""SELECT term, count(*) AS frequency, count(DISTINCT doc_id) AS documents FROM {sql} o
                GROUP BY term ORDER BY frequency DESC, term LIMIT {int(top_nodes)}""",
            values,
        ).df()
        edges = None
        if level == "document":
            con.register(_NODES, pa.table({"term": pa.array(top["term"].tolist(), pa.string())}))
            edges = con.execute(
                f"""WITH o AS MATERIALIZED (
                        SELECT DISTINCT doc_id, term FROM {sql} x WHERE term IN (SELECT term FROM {_NODES})
                    )
                    SELECT a.term AS source, b.term AS target, count(*) AS weight
                    FROM o a JOIN o b ON b.doc_id = a.doc_id AND a.term < b.term
                    GROUP BY a.term, b.term HAVING count(*) >= ?""",
                [*values, int(min_weight)],
            ).df()
    return top.astype({"term": "string", "frequency": "int64", "documents": "int64"}), edges, selection


def node_table(edges: pd.DataFrame, terms: pd.DataFrame, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """The nodes of an edge table: their counts, degrees and Louvain communities.

    ``edges`` has ``source``, ``target`` and ``weight``; ``terms`` has ``term``, ``frequency`` and
    ``documents`` for (at least) every term of an edge. Returns one row per term that has an edge, most
    frequent first, with the columns of :data:`NODE_COLUMNS`. Communities come from
    ``networkx.algorithms.community.louvain_communities(graph, weight="weight", seed=seed)`` and are
    numbered from 1 by size, largest first (ties: the community of the more frequent term first).
    """
    linked = set(edges["source"]) | set(edges["target"])
    nodes = terms.loc[terms["term"].isin(linked)]
    nodes = nodes.sort_values(["frequency", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
    graph = nx.Graph()
    graph.add_nodes_from(nodes["term"].tolist())
    graph.add_weighted_edges_from(
        zip(edges["source"].tolist(), edges["target"].tolist(), edges["weight"].tolist(), strict=True)
    )
    rank = {term: i for i, term in enumerate(nodes["term"].tolist())}
    found = louvain_communities(graph, weight="weight", seed=seed)
    ordered = sorted(found, key=lambda members: (-len(members), min(rank[m] for m in members)))
    community = {term: i for i, members in enumerate(ordered, start=1) for term in members}
    terms_list = nodes["term"].tolist()
    degree = dict(graph.degree())
    weighted = dict(graph.degree(weight="weight"))
    nodes = nodes.assign(
        degree=[degree[t] for t in terms_list],
        weighted_degree=[weighted[t] for t in terms_list],
        community=[community[t] for t in terms_list],
    )
    return nodes[list(NODE_COLUMNS)].astype({"term": "string", "frequency": "int64", "documents": "int64",
                                             "degree": "int64", "weighted_degree": "int64", "community": "int64"})


def cooccurrence_network(
    project: Project,
    where: DocumentFilter | None = None,
    options: TermOptions | None = None,
    level: str = "document",
    window: int = 5,
    min_weight: int = 2,
    top_nodes: int = 100,
    seed: int = DEFAULT_SEED,
) -> CooccurrenceNetwork:
    """The co-occurrence network of the ``top_nodes`` most frequent terms of the selected documents.

    Parameters
    ----------
    project, where
        The project and the documents (None: all); the documents need tokens.
    options
        What counts as a term: ``kind`` words (lemmas by default), hashtags or mentions, ... At the
        window level ``ngram`` must be 1.
    level
        ``document`` (weight: documents holding both terms) or ``window`` (weight: times they occur within
        ``window`` tokens of each other in a sentence); see the module docstring.
    window
        The window in tokens, at the window level.
    min_weight
        Leave out edges lighter than this.
    top_nodes
        How many of the most frequent terms (by occurrences; ties alphabetically) may be nodes.
    seed
        The seed of the Louvain community detection.

    Returns
    -------
    CooccurrenceNetwork
        ``edges``: ``source``, ``target`` (the two terms, in alphabetical order), ``weight`` and ``pmi``,
        heaviest first; ``nodes``: see :func:`node_table`.

    >>> network = cooccurrence_network(project, options=TermOptions(kind="hashtags"))  # doctest: +SKIP
    >>> export_network(network.graph(), "hashtags.gexf")                                # doctest: +SKIP
    """
    where = where if where is not None else DocumentFilter(tz=project.tz)
    options = options if options is not None else TermOptions()
    if level not in LEVELS:
        raise InputError(f"--level {level!r}: expected one of {', '.join(LEVELS)}")
    if not 2 <= top_nodes <= MAX_NODES:
        raise InputError(f"--top-nodes {top_nodes}: expected a number from 2 to {MAX_NODES}")
    if level == "window" and options.ngram != 1:
        raise InputError(f"--ngram {options.ngram}: window co-occurrence pairs single terms; use --ngram 1 "
                         "or --level document")
    selected = require_tokens(project, where)
    top, edges, selection = _top_terms(project, where, options, level, top_nodes, min_weight)
    selection.documents = selected
    what = options.describe()
    if level == "document":
        units = selected
        docs = top.set_index("term")["documents"]
        d_u = edges["source"].map(docs).to_numpy(dtype=np.float64)
        d_v = edges["target"].map(docs).to_numpy(dtype=np.float64)
        edges = edges.assign(pmi=np.log2(edges["weight"].to_numpy(dtype=np.float64) * units / (d_u * d_v)))
        unit = "documents"
    else:
        counts = pair_counts(project, where, options, window, False, min_weight, terms=top["term"].tolist())
        units = counts.sample
        pairs = counts.pairs
        observed = pairs["observed"].to_numpy(dtype=np.float64)
        pmi = np.log2(observed * units / (pairs["f1"].to_numpy(dtype=np.float64) * pairs["f2"].to_numpy(np.float64)))
        edges = pd.DataFrame({"source": pairs["term1"], "target": pairs["term2"], "weight": pairs["observed"],
                              "pmi": pmi})
        unit = f"windows of {window} tokens"
    if edges.empty:
        raise InputError(
            f"No two of the {len(top):,} most frequent {what} co-occur in at least {min_weight} {unit} of the "
            f"{selected:,} selected documents; try a lower --min-weight, more --top-nodes"
            + (" or --level document." if level == "window" else " or another --kind.")
        )
    edges = edges.astype({"source": "string", "target": "string", "weight": "int64", "pmi": "float64"})
    edges = edges.sort_values(["weight", "source", "target"], ascending=[False, True, True], kind="stable")
    edges = edges[list(EDGE_COLUMNS)].reset_index(drop=True)
    nodes = node_table(edges, top, seed)
    return CooccurrenceNetwork(edges, nodes, level, int(units), len(top), int(seed), selection)


def _plain(value: Any) -> Any:
    """A value the GEXF and GraphML writers accept: numpy numbers as Python ones."""
    return value.item() if isinstance(value, np.generic) else value


def network_graph(edges: pd.DataFrame, nodes: pd.DataFrame | None = None) -> nx.Graph:
    """An undirected :class:`networkx.Graph` of an edge table and its node table.

    ``nodes`` defaults to the node table a saved ``network`` result keeps in ``edges.attrs["nodes"]``
    (so ``network_graph(saved.frame())`` rebuilds the saved network); without one the nodes carry only
    their degrees. Node ids are the terms; node attributes are ``label`` and the columns of the node
    table, edge attributes ``weight`` and any other column of the edge table (``pmi``).
    """
    if nodes is None and "nodes" in edges.attrs:
        nodes = pd.DataFrame(edges.attrs["nodes"])
    graph = nx.Graph()
    if nodes is not None:
        for row in nodes.to_dict("records"):
            term = str(row.pop("term"))
            graph.add_node(term, label=term, **{k: _plain(v) for k, v in row.items()})
    extra = [c for c in edges.columns if c not in ("source", "target")]
    for row in edges.to_dict("records"):
        source, target = str(row["source"]), str(row["target"])
        graph.add_edge(source, target, **{k: _plain(row[k]) for k in extra})
    for term in graph.nodes:
        graph.nodes[term].setdefault("label", term)
    if nodes is None:
        for term, degree in graph.degree():
            graph.nodes[term]["degree"] = int(degree)
    return graph


def export_network(graph: nx.Graph, path: str | Path) -> Path:
    """Write ``graph`` as GEXF (``.gexf``) or GraphML (``.graphml``), chosen by the suffix; returns the path.

    Both open in Gephi (see the module docstring); GraphML also in Cytoscape, yEd, igraph and R.
    """
    path = Path(path).expanduser()
    suffix = path.suffix.lower()
    if suffix not in NETWORK_SUFFIXES:
        raise InputError(f"--export {path.name}: networks export as .gexf or .graphml; give a file name ending "
                         "in either.")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".gexf":
        nx.write_gexf(graph, path)
    else:
        nx.write_graphml(graph, path)
    return path


@dataclass(frozen=True)
class NetworkParams(TermParams):
    level: str = param("document", "Join two terms by the documents holding both, or by the times they occur "
                                   "within --window tokens of each other in a sentence.", choices=LEVELS)
    window: int = param(5, "The window in tokens, for --level window.", min=1, max=MAX_WINDOW)
    min_weight: int = param(2, "Leave out edges lighter than this (documents, or co-occurrences in windows).",
                            min=1, max=1_000_000)
    top_nodes: int = param(100, "Nodes: at most this many of the most frequent terms.", min=2, max=MAX_NODES)
    seed: int = param(DEFAULT_SEED, "Seed of the Louvain community detection (the same seed, the same "
                                    "communities).", min=0, max=2**32 - 1)
    export: str = param("", "Also write the network to this file for Gephi: a path ending in .gexf or .graphml; "
                            "empty: none.")


class Network(Analysis):
    """A co-occurrence network of terms (see the module docstring); the saved table is its edges.

    Result columns: ``source`` and ``target`` (two terms, alphabetical), ``weight`` (documents, or
    co-occurrences within the window, holding both) and ``pmi`` (log2 association). ``attrs`` holds
    ``level``, ``window``, ``seed``, ``units`` and ``nodes`` (the node table as lists: term, frequency,
    documents, degree, weighted_degree, community), so :func:`network_graph` rebuilds the network from
    the saved result and the report draws it.
    """

    name = "network"
    title = "Co-occurrence network"
    description = (
        "A network of the most frequent lemmas, hashtags or mentions, joined by the documents (or windows of "
        "N tokens) holding both, with Louvain communities; drawn in the report and exported as GEXF or "
        "GraphML for Gephi."
    )
    Params = NetworkParams
    needs_tokens = True

    def result_title(self, params: NetworkParams) -> str:
        what = TermOptions.of(params).describe()
        level = "documents" if params.level == "document" else f"windows of {params.window} tokens"
        return f"Co-occurrence network of {what} (top {params.top_nodes}, in {level})"

    def run(
        self, project: Project, where: DocumentFilter, params: NetworkParams, progress: Progress = SILENT
    ) -> pd.DataFrame:
        """The edge table of the network of the documents ``where`` selects (see the class)."""
        export = params.export.strip()
        if export and Path(export).suffix.lower() not in NETWORK_SUFFIXES:
            raise InputError(f"--export {export}: networks export as .gexf or .graphml; give a file name ending "
                             "in either.")
        options = TermOptions.of(params)
        progress.stage(f"Counting co-occurrences of {options.describe()}", None)
        network = cooccurrence_network(project, where, options, params.level, params.window, params.min_weight,
                                       params.top_nodes, params.seed)
        if export:
            export_network(network.graph(), Path(export))
        self.resources_ = {**network.selection.resources}
        self.counts_ = {"documents": network.selection.documents, "candidates": network.candidates,
                        "nodes": len(network.nodes), "edges": len(network.edges),
                        "communities": int(network.nodes["community"].max()), "units": network.units}
        edges = network.edges
        edges.attrs = {
            "level": network.level, "window": params.window if network.level == "window" else None,
            "seed": network.seed, "units": network.units,
            "nodes": {column: [_plain(v) for v in network.nodes[column].tolist()] for column in NODE_COLUMNS},
        }
        return edges
