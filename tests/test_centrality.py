"""Centrality on small graphs whose answers are worked out by hand, and on the project's networks."""

from __future__ import annotations

import doctest
import json
import math

import networkx as nx
import pytest

import ittifak.network.centrality
from conftest import LAYOUT
from ittifak.core.errors import InputError
from ittifak.network.centrality import (
    annotate,
    betweenness,
    bipartite_betweenness,
    bipartite_closeness,
    bipartite_degree,
    centralities,
    centrality_table,
    closeness,
    degree,
    eigenvector,
    pagerank,
    rank,
    weighted_degree,
)
from ittifak.network.outputs import centrality_report, windows


def test_docstring_examples():
    result = doctest.testmod(ittifak.network.centrality)
    assert result.failed == 0 and result.attempted >= 10


def star():
    """A centre c and three leaves: the broker every path runs through."""
    return nx.Graph([("c", "a"), ("c", "b"), ("c", "d")])


def test_star_by_hand():
    g = star()
    assert degree(g) == {"c": 3, "a": 1, "b": 1, "d": 1}
    # every one of the 3 leaf pairs runs through c: 3 / C(3,2) = 1
    assert betweenness(g) == {"c": 1.0, "a": 0.0, "b": 0.0, "d": 0.0}
    # c reaches all at 1; a leaf reaches c at 1 and two leaves at 2: 3 / 5
    assert closeness(g) == pytest.approx({"c": 1.0, "a": 0.6, "b": 0.6, "d": 0.6})
    # λ = √3; c = √3 · leaf; c² + 3 leaf² = 1 → leaf = 1/√6, c = 1/√2
    assert eigenvector(g) == pytest.approx({"c": 1 / math.sqrt(2), "a": 1 / math.sqrt(6),
                                            "b": 1 / math.sqrt(6), "d": 1 / math.sqrt(6)}, abs=1e-6)
    # C = 0.15/4 + 0.85·3L, L = 0.15/4 + 0.85·C/3  →  C = 0.133125 / 0.2775
    c = 0.133125 / 0.2775
    assert pagerank(g) == pytest.approx({"c": c, "a": (1 - c) / 3, "b": (1 - c) / 3, "d": (1 - c) / 3},
                                        abs=1e-8)


def test_path_middle_is_the_broker():
    g = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    # b lies on a–c and a–d (2 of the 3 pairs not involving b)
    assert betweenness(g) == pytest.approx({"a": 0, "b": 2 / 3, "c": 2 / 3, "d": 0})


def test_weighted_degree_sums_shared_affairs():
    g = nx.Graph()
    g.add_edge("a", "b", weight=2)
    g.add_edge("a", "c", weight=3)
    assert weighted_degree(g) == {"a": 5, "b": 2, "c": 3}
    assert degree(g) == {"a": 2, "b": 1, "c": 1}


def test_weights_move_pagerank_and_eigenvector():
    g = nx.Graph()
    g.add_edge("x", "a", weight=1)
    g.add_edge("x", "b", weight=5)
    assert pagerank(g)["b"] > pagerank(g)["a"]
    assert eigenvector(g)["b"] > eigenvector(g)["a"]


def test_bipartite_forms_by_hand():
    # actors A, B; affairs x, y; A took part in both, B in x only
    g = nx.Graph([("A", "x"), ("A", "y"), ("B", "x")])
    actors = {"A", "B"}
    # degree over the size of the other side (2)
    assert bipartite_degree(g, actors) == {"A": 1.0, "x": 1.0, "y": 0.5, "B": 0.5}
    # A lies on B–y and x–y, the most a node of its side can; B on none
    assert bipartite_betweenness(g, actors) == {"A": 1.0, "x": 1.0, "y": 0.0, "B": 0.0}
    # B: distances 1 (x) + 2 (A) + 3 (y) = 6, best possible 1 + 1 + 2 = 4
    assert bipartite_closeness(g, actors)["B"] == pytest.approx(4 / 6)


def test_bipartite_side_defaults_to_the_bipartite_attribute():
    g = nx.Graph([("A", "x"), ("A", "y"), ("B", "x")])
    nx.set_node_attributes(g, {"A": 0, "B": 0, "x": 1, "y": 1}, "bipartite")
    assert bipartite_degree(g) == bipartite_degree(g, {"A", "B"})


def test_empty_and_edgeless_graphs():
    assert eigenvector(nx.Graph()) == {} and pagerank(nx.Graph()) == {}
    lonely = nx.Graph()
    lonely.add_nodes_from(["a", "b"])
    assert eigenvector(lonely) == pytest.approx({"a": 1 / math.sqrt(2), "b": 1 / math.sqrt(2)})


def test_ties_are_broken_by_iri():
    g = nx.cycle_graph(["https://x/d", "https://x/b", "https://x/c", "https://x/a"])
    g.graph["network"] = "actors"
    assert rank(g, "betweenness") == ["https://x/a", "https://x/b", "https://x/c", "https://x/d"]
    rows = centrality_table(g, sort="pagerank", top=2)
    assert [r["iri"] for r in rows] == ["https://x/a", "https://x/b"] and rows[0]["rank"] == 1


def test_bipartite_network_reports_bipartite_measures():
    g = nx.Graph([("A", "x"), ("B", "x")], network="bipartite")
    nx.set_node_attributes(g, {"A": 0, "B": 0, "x": 1}, "bipartite")
    g = annotate(g)
    assert g.nodes["x"]["bipartite_betweenness"] == 1.0
    assert rank(g, "betweenness")[0] == "x"  # "betweenness" means the bipartite form here


def test_annotate_returns_a_copy_and_leaves_the_graph_alone():
    g = star()
    g.graph["network"] = "actors"
    before = (dict(g.graph), {n: dict(d) for n, d in g.nodes(data=True)})
    h = annotate(g)
    assert (dict(g.graph), {n: dict(d) for n, d in g.nodes(data=True)}) == before
    assert h is not g and h.graph["centrality_engine"] == "networkx (exact)"
    # by hand, as in test_star_by_hand, rounded to 6 decimals
    assert h.nodes["c"] == {"degree": 3, "weighted_degree": 3, "betweenness": 1.0, "closeness": 1.0,
                            "eigenvector": 0.707107, "pagerank": round(0.133125 / 0.2775, 6)}
    assert h.nodes["a"] == {"degree": 1, "weighted_degree": 1, "betweenness": 0.0, "closeness": 0.6,
                            "eigenvector": 0.408248, "pagerank": round((1 - 0.133125 / 0.2775) / 3, 6)}


def test_centralities_are_the_measures_of_the_network():
    g = nx.Graph([("A", "x"), ("B", "x"), ("B", "y")], network="bipartite")
    nx.set_node_attributes(g, {"A": 0, "B": 0, "x": 1, "y": 1}, "bipartite")
    values, how = centralities(g)
    assert how == "networkx (exact)"
    assert list(values) == ["degree", "weighted_degree", "bipartite_degree", "bipartite_betweenness",
                            "bipartite_closeness", "eigenvector", "pagerank"]
    assert values["degree"] == {"A": 1, "x": 2, "B": 2, "y": 1}
    # B is in 2 of the 2 affairs, A in 1; x brought in 2 of the 2 actors, y 1
    assert values["bipartite_degree"] == {"A": 0.5, "x": 1.0, "B": 1.0, "y": 0.5}
    assert "bipartite_degree" not in g.nodes["A"]


def test_rank_and_table_leave_the_graph_alone():
    g = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")], network="actors")
    assert rank(g, "betweenness") == ["c", "b", "d", "a", "e"]  # c on 4 of 6 pairs, b and d on 3
    assert rank(g, "betweenness", {"a": 1, "b": 0, "c": 0, "d": 0, "e": 0})[0] == "a"
    assert [r["iri"] for r in centrality_table(g, sort="closeness", top=1)] == ["c"]
    assert all(d == {} for _, d in g.nodes(data=True)) and "centrality_engine" not in g.graph


def test_unknown_measure_and_bad_top_are_input_errors():
    g = star()
    g.graph["network"] = "actors"
    with pytest.raises(InputError, match="unknown measure 'fame'"):
        rank(g, "fame")
    with pytest.raises(InputError, match="must be 1 or more"):
        centrality_table(g, top=0)


def test_windows():
    assert windows(None, None, False) == [(None, None)]
    study = LAYOUT.dataset.years  # dataset.ttl: 1990–1993
    assert windows(None, None, True, study) == [(1990, 1990), (1991, 1991), (1992, 1992), (1993, 1993)]
    assert windows(1991, 1992, True, study) == [(1991, 1991), (1992, 1992)]
    assert windows(1991, 1992, True) == [(1991, 1991), (1992, 1992)]
    assert windows(1992, None, True, study) == [(1992, 1992), (1993, 1993)]
    with pytest.raises(InputError, match="after it ends"):
        windows(1993, 1990, True)
    with pytest.raises(InputError, match="needs a first and last year"):
        windows(None, None, True)


def test_project_report_is_deterministic_and_the_same_on_both_stores(project, oxigraph_project):
    study = LAYOUT.dataset.years
    a = centrality_report(project, "actors", fmt="json", top=None, by_year=True, coverage=study)
    b = centrality_report(oxigraph_project, "actors", fmt="json", top=None, by_year=True, coverage=study)
    assert a == b == centrality_report(project, "actors", fmt="json", top=None, by_year=True, coverage=study)
    years = json.loads(a)["windows"]
    assert [w["from"] for w in years] == [1990, 1991, 1992, 1993]
    # L645-653: Demirel signs in 1992, so he ranks in 1992 and is tied to Elçibey there
    in_1992 = {r["iri"] for r in years[2]["rows"]}
    assert "https://w3id.org/ittifak/id/person/suleyman-demirel" in in_1992
    for w in years:
        values = [(-r["degree"], r["iri"]) for r in w["rows"]]
        assert values == sorted(values)


def test_turkey_is_the_most_central_actor(project):
    # The paper is about Turkey's ties: Turkey is party, signatory state or participant almost
    # everywhere (e.g. L242-256, L645-653), so it leads the actor network by degree.
    rows = json.loads(centrality_report(project, "actors", fmt="json", top=1))["windows"][0]["rows"]
    assert rows[0]["iri"] == "https://w3id.org/ittifak/id/state/turkey"
