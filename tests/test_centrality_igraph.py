"""igraph computes the same centralities as NetworkX; large networks use it, and say so."""

from __future__ import annotations

import networkx as nx
import pytest

from ittifak.core.errors import InputError
from ittifak.network.centrality import (
    AUTO_EXACT_LIMIT,
    MEASURES,
    SAMPLE_K,
    annotate,
    engine_for,
    measures_for,
)
from ittifak.network.centrality_igraph import igraph_measures
from ittifak.network.projection import build_network


@pytest.mark.parametrize("kind", ["actors", "organisational"])
def test_same_values_as_networkx_on_the_paper(project, kind):
    G = build_network(project, kind)
    exact = {m: MEASURES[m](G) for m in measures_for(G)}
    fast = igraph_measures(G, measures_for(G))
    for m, values in exact.items():
        assert fast[m].keys() == values.keys()
        assert max(abs(fast[m][n] - values[n]) for n in G) < 1e-6, m


def test_same_values_on_a_random_weighted_graph_with_components():
    G = nx.gnm_random_graph(300, 900, seed=3)
    G.add_edges_from([(1000, 1001), (1001, 1002)])  # a separate small component
    for i, (u, v) in enumerate(G.edges()):
        G[u][v]["weight"] = 1 + i % 4
    G.graph["network"] = "actors"
    exact = {m: MEASURES[m](G) for m in measures_for(G)}
    fast = igraph_measures(G, measures_for(G))
    for m in exact:
        assert max(abs(fast[m][n] - exact[m][n]) for n in G) < 1e-6, m


def test_auto_engine_by_size_and_the_graph_says_which(project):
    small = annotate(build_network(project, "actors"))
    assert small.graph["centrality_engine"] == "networkx (exact)"
    big = nx.path_graph(AUTO_EXACT_LIMIT + 1)
    big.graph["network"] = "actors"
    assert engine_for(big) == "igraph"
    big = annotate(big)
    assert big.graph["centrality_engine"] == "igraph (exact)"
    assert big.nodes[AUTO_EXACT_LIMIT // 2]["betweenness"] > 0.49


def test_sampled_betweenness_is_seeded_and_stated():
    G = nx.connected_watts_strogatz_graph(SAMPLE_K + 100, 4, 0.1, seed=1)
    G.graph["network"] = "actors"
    a = annotate(G.copy(), engine="sample")
    b = annotate(G.copy(), engine="sample")
    assert a.graph["centrality_engine"].startswith(f"networkx (betweenness sampled: k={SAMPLE_K}")
    assert [a.nodes[n]["betweenness"] for n in a] == [b.nodes[n]["betweenness"] for n in b]


def test_unknown_engine():
    with pytest.raises(InputError, match="centrality engine"):
        engine_for(nx.Graph(), "gpu")
