"""Coordination: groups of accounts posting near-identical texts within short windows, and their network.

The selected documents with an author are compared for near-duplicates (:mod:`dauys.social.near_duplicates`:
MinHash LSH candidates, each pair verified on the Jaccard similarity of its word 3-shingles ≥
``similarity``, 0.8); near-duplicates link into clusters (connected parts). Each cluster's dated posts are
then cut in time: a new *group* starts wherever more than ``window_minutes`` (60) pass without a post of
the cluster, so the same slogan pasted by people on different days is not one group. Groups with posts by
at least ``min_accounts`` (3) distinct accounts are kept.

:class:`Coordination` gives one row per group; :class:`CoordinationNetwork` the account–account network:
an edge joins two accounts for every group they both posted in (``weight``: the number of such groups),
with the node table (groups and documents per account) in ``attrs["nodes"]``, drawn by the report like
the term network.

Near-identical texts in a short window are what coordinated campaigns leave behind, and also what a
popular quote, a chain letter or a news headline shared by many leaves: read the sample texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.social.bot_scores import load_documents
from dauys.social.near_duplicates import (
    SHINGLE_KINDS,
    duplicate_clusters,
    near_duplicate_pairs,
    require_documents,
)
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

GROUP_COLUMNS = ("group_id", "accounts", "documents", "first_at", "last_at", "span_minutes", "platforms", "channels",
                 "sample_text", "account_keys")
NETWORK_COLUMNS = ("source", "target", "weight")
SAMPLE_CHARS = 200


@dataclass(frozen=True)
class CoordinationParams:
    window_minutes: float = param(60.0, "A new group starts when this many minutes pass without a post of the "
                                        "near-duplicate cluster.", min=0.1)
    similarity: float = param(0.8, "Jaccard similarity of shingle sets from which two texts are near-duplicates.",
                              min=0.05, max=1)
    min_accounts: int = param(3, "Keep groups with posts by at least this many distinct accounts.", min=2)
    shingles: str = param("words", "Shingles of 3 words or of 5 characters.", choices=SHINGLE_KINDS)
    min_words: int = param(4, "Texts with fewer words are not compared (short replies repeat by themselves).",
                           min=1)


@dataclass
class Groups:
    """What :func:`coordinated_groups` found: one row per group and one per (group, document)."""

    groups: pd.DataFrame
    members: pd.DataFrame
    counts: dict[str, Any]


def coordinated_groups(project: Project, where: DocumentFilter, params: Any, progress: Progress = SILENT) -> Groups:
    """The groups of near-identical posts by ``min_accounts`` or more accounts within short windows."""
    progress.stage("Reading documents", None)
    documents = load_documents(project, where)
    selected = len(documents)
    require_documents(selected, where)
    documents = documents.loc[documents["author_key"].notna() & documents["created_at"].notna()].reset_index(drop=True)
    if documents.empty:
        raise InputError(
            f"None of the {selected:,} selected documents has both an author and a date, so there is nothing to "
            "group; import them with --map author=COLUMN,created_at=COLUMN."
        )
    progress.stage("Comparing texts for near-duplicates", None)
    pairs = near_duplicate_pairs(documents["text"].tolist(), params.similarity, kind=params.shingles,
                                 min_words=params.min_words)
    clusters = duplicate_clusters(len(documents), pairs)
    documents["cluster"] = clusters
    sizes = np.bincount(clusters)
    linked = documents.loc[sizes[clusters] > 1].copy()
    linked["created_at"] = pd.to_datetime(linked["created_at"], utc=True)
    linked = linked.sort_values(["cluster", "created_at", "id"], kind="stable")
    gap = linked.groupby("cluster")["created_at"].diff() > pd.Timedelta(minutes=params.window_minutes)
    new_group = gap | linked["cluster"].ne(linked["cluster"].shift())
    linked["raw_group"] = new_group.cumsum()
    linked["account"] = linked["platform"] + "\x1f" + linked["author_key"]
    n_accounts = linked.groupby("raw_group")["account"].nunique()
    keep = n_accounts.index[n_accounts >= params.min_accounts]
    members = linked.loc[linked["raw_group"].isin(keep)].copy()

    groups = members.groupby("raw_group", sort=False).agg(
        accounts=("account", "nunique"), documents=("id", "size"), first_at=("created_at", "min"),
        last_at=("created_at", "max"), sample_text=("text", "first"),
    )
    groups["platforms"] = members.groupby("raw_group")["platform"].agg(lambda v: ", ".join(sorted(set(v))))
    groups["channels"] = members.groupby("raw_group")["channel"].agg(
        lambda v: ", ".join(sorted({str(c) for c in v if pd.notna(c)})))
    groups["account_keys"] = members.groupby("raw_group")["author_key"].agg(lambda v: ", ".join(sorted(set(v))))
    groups["span_minutes"] = ((groups["last_at"] - groups["first_at"]).dt.total_seconds() / 60).round(1)
    groups["sample_text"] = groups["sample_text"].str.slice(0, SAMPLE_CHARS)
    groups = groups.sort_values(["accounts", "documents", "first_at"], ascending=[False, False, True], kind="stable")
    numbering = pd.Series(np.arange(1, len(groups) + 1), index=groups.index)
    groups = groups.reset_index(drop=True)
    groups.insert(0, "group_id", np.arange(1, len(groups) + 1, dtype=np.int64))
    groups = groups[list(GROUP_COLUMNS)].astype({"accounts": "int64", "documents": "int64"})
    members["group_id"] = members["raw_group"].map(numbering).astype("int64")
    members = members[["group_id", "id", "platform", "author_key", "created_at"]].rename(columns={"id": "doc_id"})
    counts = {
        "documents": selected,
        "documents_compared": len(documents),
        "near_duplicate_pairs": len(pairs),
        "clusters": int((sizes > 1).sum()),
        "groups": len(groups),
        "accounts_in_groups": int(members[["platform", "author_key"]].drop_duplicates().shape[0]),
    }
    return Groups(groups, members.reset_index(drop=True), counts)


def _warnings(found: Groups, params: Any) -> list[str]:
    notes = []
    if found.counts["documents_compared"] < found.counts["documents"]:
        left = found.counts["documents"] - found.counts["documents_compared"]
        notes.append(f"{left:,} selected documents without an author or a date were left out")
    if not found.counts["groups"]:
        notes.append(f"no near-identical texts (similarity ≥ {params.similarity:g}) by {params.min_accounts} or more "
                     f"accounts within {params.window_minutes:g} minutes")
    notes.append("near-identical posts in a short window are a sign of coordination, and also of a shared quote, "
                 "slogan or headline: read the sample texts before calling a group a campaign")
    return notes


class Coordination(Analysis):
    """One row per group of near-identical posts by several accounts within a short window.

    Columns: ``group_id`` (1 = most accounts), ``accounts``, ``documents``, ``first_at``, ``last_at``,
    ``span_minutes``, ``platforms``, ``channels``, ``sample_text`` (the first post's first 200
    characters) and ``account_keys`` (the pseudonymised accounts, comma-separated).
    """

    name = "coordination"
    title = "Coordinated posting"
    description = (
        "Groups of accounts posting near-identical texts (MinHash LSH, verified Jaccard similarity of shingles) "
        "within short time windows: accounts, documents, first and last time, span, channels and a sample text."
    )
    Params = CoordinationParams
    command_group = "social"

    def result_title(self, params: CoordinationParams) -> str:
        return (f"Coordinated posting: {params.min_accounts}+ accounts, similarity ≥ {params.similarity:g}, "
                f"{params.window_minutes:g}-minute windows")

    def run(self, project: Project, where: DocumentFilter, params: CoordinationParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        found = coordinated_groups(project, where, params, progress)
        self.counts_ = found.counts
        self.warnings_ = _warnings(found, params)
        return found.groups


@dataclass(frozen=True)
class CoordinationNetworkParams(CoordinationParams):
    min_weight: int = param(1, "Leave out edges of accounts sharing fewer groups than this.", min=1)


def coordination_network(members: pd.DataFrame, min_weight: int = 1) -> pd.DataFrame:
    """The account–account edges (``source``, ``target``, ``weight`` = shared groups) of group memberships.

    ``members`` has ``group_id``, ``platform`` and ``author_key`` (one row per document). The node table —
    ``term`` (the account), ``platform``, ``groups``, ``documents``, ``degree``, ``weighted_degree`` and
    ``community`` (the connected part, 1 = largest) — is kept in ``attrs["nodes"]``.
    """
    member = members.assign(node=members["author_key"].astype(str))
    pairs = member[["group_id", "node"]].drop_duplicates()
    joined = pairs.merge(pairs, on="group_id")
    joined = joined.loc[joined["node_x"] < joined["node_y"]]
    edges = joined.groupby(["node_x", "node_y"]).size().reset_index(name="weight")
    edges = edges.rename(columns={"node_x": "source", "node_y": "target"})
    edges = edges.loc[edges["weight"] >= min_weight].sort_values(["weight", "source", "target"],
                                                                  ascending=[False, True, True], kind="stable")
    edges = edges.reset_index(drop=True).astype({"weight": "int64"})
    graph = nx.Graph()
    graph.add_weighted_edges_from(edges.itertuples(index=False, name=None))
    parts = sorted(nx.connected_components(graph), key=lambda part: (-len(part), min(part)))
    community = {node: i + 1 for i, part in enumerate(parts) for node in part}
    nodes = member.groupby("node").agg(platform=("platform", "first"), groups=("group_id", "nunique"),
                                       documents=("group_id", "size")).reset_index()
    nodes = nodes.loc[nodes["node"].isin(community)].rename(columns={"node": "term"})
    nodes["degree"] = nodes["term"].map(dict(graph.degree())).astype("int64")
    nodes["weighted_degree"] = nodes["term"].map(dict(graph.degree(weight="weight"))).astype("int64")
    nodes["community"] = nodes["term"].map(community).astype("int64")
    nodes = nodes.sort_values(["community", "term"])
    edges.attrs["nodes"] = {column: nodes[column].tolist() for column in nodes.columns}
    return edges


class CoordinationNetwork(Analysis):
    """The account–account network of coordinated groups: ``source``, ``target``, ``weight`` (shared groups)."""

    name = "coordination_network"
    title = "Coordination network"
    description = (
        "The network of accounts that posted in the same coordinated groups (see coordination): an edge per pair "
        "of accounts, weighted by the number of groups they share; drawn as a network, exportable for Gephi."
    )
    Params = CoordinationNetworkParams
    command_group = "social"

    def run(self, project: Project, where: DocumentFilter, params: CoordinationNetworkParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        found = coordinated_groups(project, where, params, progress)
        edges = coordination_network(found.members, params.min_weight)
        self.counts_ = {**found.counts, "edges": len(edges), "nodes": len(edges.attrs["nodes"]["term"])}
        self.warnings_ = _warnings(found, params)
        return edges
