"""Co-occurrence networks: edges and weights by hand at the document and window levels, node attributes,
Louvain communities reproducible with a seed, GEXF and GraphML read back, the CLI, the drawing.

The fixture: the four water-tariff posts of test_collocations (d1-d4) and four posts with hashtags:

=== ================================ =================================================
doc text                             counted
=== ================================ =================================================
d1  Су тарифі өсті.                  су, тариф, өс
d2  Су тарифі қымбат.                су, тариф, қымбат
d3  Тариф өсті, су жоқ.              тариф, өс, су (жоқ is a stopword)
d4  Газ бағасы өсті.                 газ, баға, өс
h1  #Qantar #Алматы митинг           #qantar, #алматы; митинг
h2  #Qantar #Жаңаөзен @azattyq       #qantar, #жаңаөзен; @azattyq
h3  #Алматы #Qantar @azattyq         #алматы, #qantar; @azattyq
h4  #Жаңаөзен ереуіл                 #жаңаөзен; ереуіл
=== ================================ =================================================

D = 8 selected documents. Lemmas in documents: су, тариф, өс 3 each; the others 1.
"""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest
from conftest import add_documents
from test_collocations import WATER

from dauys.analyze import get_analysis, run_analysis
from dauys.analyze.networks import (
    EDGE_COLUMNS,
    NODE_COLUMNS,
    Network,
    cooccurrence_network,
    export_network,
    network_graph,
    node_table,
)
from dauys.analyze.terms import TermOptions
from dauys.errors import InputError
from dauys.store.filters import DocumentFilter

HASHTAGS = [
    {"external_id": "h1", "channel": "qantar_news", "created_at": "2022-01-04T12:00Z",
     "text": "#Qantar #Алматы митинг"},
    {"external_id": "h2", "channel": "qantar_news", "created_at": "2022-01-05T12:00Z",
     "text": "#Qantar #Жаңаөзен @azattyq"},
    {"external_id": "h3", "channel": "vlast_kz", "created_at": "2022-01-06T12:00Z",
     "text": "#Алматы #Qantar @azattyq"},
    {"external_id": "h4", "channel": "vlast_kz", "created_at": "2022-01-07T12:00Z", "text": "#Жаңаөзен ереуіл"},
]


@pytest.fixture
def posts(project):
    add_documents(project, WATER + HASHTAGS)
    return project


def network(project, **params) -> pd.DataFrame:
    return Network().run(project, DocumentFilter(tz=project.tz), Network.validate(params))


def edges(table: pd.DataFrame) -> list[tuple]:
    return [(s, t, w, round(p, 6)) for s, t, w, p in table[list(EDGE_COLUMNS)].itertuples(index=False)]


def test_document_level_edges_and_nodes_by_hand(posts):
    found = cooccurrence_network(posts, options=TermOptions(), level="document", min_weight=2, top_nodes=3)
    # the top 3 lemmas (3 documents each); pmi = log2(w · D / (d_u · d_v)) with D = 8
    assert edges(found.edges) == [
        ("су", "тариф", 3, round(math.log2(3 * 8 / 9), 6)),
        ("су", "өс", 2, round(math.log2(2 * 8 / 9), 6)),
        ("тариф", "өс", 2, round(math.log2(2 * 8 / 9), 6)),
    ]
    assert list(found.nodes.columns) == list(NODE_COLUMNS)
    assert found.nodes[["term", "frequency", "documents", "degree", "weighted_degree", "community"]].values.tolist() \
        == [["су", 3, 3, 2, 5, 1], ["тариф", 3, 3, 2, 5, 1], ["өс", 3, 3, 2, 4, 1]]
    assert (found.units, found.candidates) == (8, 3)


def test_nodes_left_without_an_edge_are_left_out(posts):
    found = cooccurrence_network(posts, min_weight=1, top_nodes=100)
    # митинг and ереуіл are the only words of their posts
    assert set(found.nodes["term"]) == {"су", "тариф", "өс", "қымбат", "газ", "баға"}
    assert found.candidates == 8
    assert ("газ", "баға") not in set(zip(found.edges["source"], found.edges["target"], strict=True))
    assert ("баға", "газ", 1) in set(zip(found.edges["source"], found.edges["target"], found.edges["weight"],
                                         strict=True))


def test_hashtag_network_at_the_document_level(posts):
    table = network(posts, kind="hashtags", min_weight=1)
    assert edges(table) == [
        ("#qantar", "#алматы", 2, round(math.log2(2 * 8 / (3 * 2)), 6)),
        ("#qantar", "#жаңаөзен", 1, round(math.log2(1 * 8 / (3 * 2)), 6)),
    ]
    nodes = pd.DataFrame(table.attrs["nodes"])
    assert nodes["term"].tolist() == ["#qantar", "#алматы", "#жаңаөзен"]
    assert nodes["frequency"].tolist() == [3, 2, 2] and nodes["weighted_degree"].tolist() == [3, 2, 1]
    assert table.attrs["level"] == "document" and table.attrs["units"] == 8 and table.attrs["window"] is None


def test_window_level_weights_are_pair_tokens(posts):
    found = cooccurrence_network(posts, level="window", window=2, min_weight=2, top_nodes=3)
    # the unordered pair tokens of test_collocations: N = 22, margins су 5, тариф 5, өс 6
    assert edges(found.edges) == [
        ("су", "тариф", 2, round(math.log2(2 * 22 / 25), 6)),
        ("су", "өс", 2, round(math.log2(2 * 22 / 30), 6)),
        ("тариф", "өс", 2, round(math.log2(2 * 22 / 30), 6)),
    ]
    assert found.units == 22
    # at window 1 the pairs су-өс (d1: positions 0 and 2) and d3's өс , су are out
    narrow = cooccurrence_network(posts, level="window", window=1, min_weight=1, top_nodes=3)
    assert edges(narrow.edges)[0][:3] == ("су", "тариф", 2) and len(narrow.edges) == 2


def test_communities_are_numbered_by_size_and_reproducible_with_a_seed():
    fruit = [("алма", "алмұрт", 5), ("алма", "жүзім", 5), ("алмұрт", "жүзім", 5)]
    courts = [("прокурор", "сот", 5), ("прокурор", "судья", 5), ("сот", "судья", 5), ("сот", "түрме", 4)]
    table = pd.DataFrame(fruit + courts + [("жүзім", "сот", 1)], columns=["source", "target", "weight"])
    terms = pd.DataFrame({"term": ["сот", "алма", "алмұрт", "жүзім", "прокурор", "судья", "түрме"],
                          "frequency": [12, 9, 7, 7, 6, 6, 4], "documents": [9, 8, 6, 6, 5, 5, 3]})
    nodes = node_table(table, terms, seed=7)
    community = dict(zip(nodes["term"], nodes["community"], strict=True))
    assert {t for t, c in community.items() if c == 1} == {"сот", "прокурор", "судья", "түрме"}
    assert {t for t, c in community.items() if c == 2} == {"алма", "алмұрт", "жүзім"}
    assert nodes["term"].tolist()[:2] == ["сот", "алма"]  # most frequent first
    assert dict(zip(nodes["term"], nodes["weighted_degree"], strict=True))["сот"] == 15
    pd.testing.assert_frame_equal(nodes, node_table(table, terms, seed=7))


def test_the_seed_is_recorded_and_a_rerun_gives_the_same_network(posts):
    first = run_analysis(posts, "network", {"seed": 7, "min_weight": 1})
    second = run_analysis(posts, "network", {"seed": 7, "min_weight": 1})
    assert first.frame().attrs["nodes"] == second.frame().attrs["nodes"]
    pd.testing.assert_frame_equal(first.frame(), second.frame())
    entry = posts.log()[-1]
    assert entry["params"]["seed"] == 7 and entry["params"]["level"] == "document"
    communities = max(first.frame().attrs["nodes"]["community"])
    assert entry["counts"] == {"documents": 8, "candidates": 8, "nodes": 6, "edges": 8, "communities": communities,
                               "units": 8, "rows": 8}
    assert first.title == "Co-occurrence network of lemmas (top 100, in documents)"
    assert get_analysis("network") is Network


def test_gexf_and_graphml_read_back_with_networkx(posts, tmp_path):
    saved = run_analysis(posts, "network", {"top_nodes": 3, "export": str(tmp_path / "gephi" / "water.gexf")})
    gexf = nx.read_gexf(tmp_path / "gephi" / "water.gexf")
    assert sorted(gexf.nodes) == ["су", "тариф", "өс"]
    assert not gexf.is_directed()
    assert gexf.edges["су", "тариф"]["weight"] == 3
    assert gexf.edges["су", "өс"]["pmi"] == pytest.approx(math.log2(16 / 9))
    su = gexf.nodes["су"]
    assert (su["label"], su["frequency"], su["degree"], su["weighted_degree"], su["community"]) == \
        ("су", 3, 2, 5, 1)

    path = export_network(network_graph(saved.frame()), tmp_path / "water.graphml")
    graphml = nx.read_graphml(path)
    assert sorted(graphml.nodes) == ["су", "тариф", "өс"]
    assert graphml.edges["тариф", "өс"]["weight"] == 2
    assert graphml.nodes["өс"]["weighted_degree"] == 4 and graphml.nodes["өс"]["documents"] == 3
    assert {frozenset(edge) for edge in graphml.edges} == {frozenset(edge) for edge in gexf.edges}


def test_a_graph_without_its_node_table_still_has_degrees():
    graph = network_graph(pd.DataFrame({"source": ["#qantar"], "target": ["#алматы"], "weight": [2]}))
    assert graph.nodes["#qantar"] == {"label": "#qantar", "degree": 1}
    assert graph.edges["#qantar", "#алматы"]["weight"] == 2


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"export": "network.csv"}, r"--export network.csv: networks export as .gexf or .graphml"),
        ({"kind": "mentions"}, r"No two of the 1 most frequent mentions co-occur in at least 2 documents"),
        ({"min_weight": 4}, r"try a lower --min-weight, more --top-nodes or another --kind"),
        ({"level": "window", "ngram": 2}, r"--ngram 2: window co-occurrence pairs single terms"),
        ({"level": "window", "min_weight": 4}, r"in at least 4 windows of 5 tokens .* or --level document"),
    ],
)
def test_bad_or_empty_networks_are_explained(posts, params, message):
    with pytest.raises(InputError, match=message):
        network(posts, **params)


def test_export_refuses_another_format(tmp_path):
    with pytest.raises(InputError, match=r"--export net.json: networks export as .gexf or .graphml"):
        export_network(nx.Graph(), tmp_path / "net.json")
    assert not (tmp_path / "net.json").exists()


def test_bad_parameters_name_the_option():
    with pytest.raises(InputError, match=r"--level 'sentence': expected one of document, window"):
        Network.validate({"level": "sentence"})
    with pytest.raises(InputError, match=r"--top-nodes 1: expected a number from 2 to 2000"):
        Network.validate({"top_nodes": 1})


# --- the drawing --------------------------------------------------------------------------------------
def test_the_network_is_drawn_with_a_fixed_layout_sized_and_coloured(posts, tmp_path):
    from dauys.report.charts import PALETTE, chart_for
    from dauys.report.png import save_chart_png
    from dauys.report.views.network import MAX_SIZE, MIN_SIZE

    frame = run_analysis(posts, "network", {"kind": "hashtags", "min_weight": 1}).frame()
    figure = chart_for("network", frame, "kk")
    lines = [trace for trace in figure.data if trace.mode == "lines"]
    nodes = [trace for trace in figure.data if trace.mode == "markers+text"]
    # two edges: weight 2 in the widest band, weight 1 in a band of its own
    assert len(lines) == 2 and sum(len(trace.x) for trace in lines) == 6
    assert lines[0].line.width < lines[1].line.width
    communities = pd.DataFrame(frame.attrs["nodes"]).set_index("term")["community"]
    assert [trace.name for trace in nodes] == [f"{c}-қауымдастық" for c in sorted(set(communities))]
    size = {term: s for trace in nodes for term, s in zip(trace.text, trace.marker.size, strict=True)}
    assert size["#qantar"] == MAX_SIZE
    assert size["#алматы"] == pytest.approx(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(2 / 3))
    assert all(trace.marker.color == PALETTE[int(trace.name.split("-")[0]) - 1] for trace in nodes)
    again = chart_for("network", frame, "kk")
    assert [list(trace.x) for trace in again.data] == [list(trace.x) for trace in figure.data]
    png = save_chart_png("network", frame, tmp_path / "network.png", "ru").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    assert int.from_bytes(png[16:20], "big") > 400


def test_the_layout_places_every_node_and_keeps_connected_parts_apart():
    from dauys.report.views.network import network_layout

    graph = network_graph(pd.DataFrame({
        "source": ["су", "су", "тариф", "#qantar", "#алматы"],
        "target": ["тариф", "өс", "өс", "#алматы", "#жаңаөзен"],
        "weight": [40, 2, 2, 3, 1],
    }))
    positions = network_layout(graph, seed=3)
    assert set(positions) == set(graph.nodes)
    assert positions == network_layout(graph, seed=3)

    def box(nodes):
        xs, ys = [positions[n][0] for n in nodes], [positions[n][1] for n in nodes]
        return min(xs), max(xs), min(ys), max(ys)

    water, hashtags = box(["су", "тариф", "өс"]), box(["#qantar", "#алматы", "#жаңаөзен"])
    assert water[1] < hashtags[0] or hashtags[1] < water[0] or water[3] < hashtags[2] or hashtags[3] < water[2]
    assert math.dist(positions["су"], positions["тариф"]) > 0.05  # the heavy edge does not make one knot


def test_the_network_labels_exist_in_every_language():
    from dauys.report.i18n import t
    from dauys.report.views import load_views

    load_views()
    assert t("analysis.network", "kk") == "Бірге кездесу желісі"
    assert [t(f"column.{c}", "ru") for c in EDGE_COLUMNS] == ["Узел 1", "Узел 2", "Вес", "PMI"]


# --- the command line ---------------------------------------------------------------------------------
def test_cli_builds_exports_and_saves_the_network(cli, posts, tmp_path):
    target = tmp_path / "hashtags.graphml"
    result = cli("analyze", "network", "-p", posts.path, "--kind", "hashtags", "--min-weight", "1",
                 "--export", target)
    assert result.exit_code == 0, result.output
    assert "Co-occurrence network of hashtags" in result.stdout
    assert "#qantar" in result.stdout and "Saved as result 1" in result.stdout
    assert set(nx.read_graphml(target).nodes) == {"#qantar", "#алматы", "#жаңаөзен"}
    assert posts.log()[-1]["params"]["export"] == str(target)
    result = cli("analyze", "network", "-p", posts.path, "--export", tmp_path / "net.png")
    assert result.exit_code == 2 and "networks export as .gexf or .graphml" in result.stderr
