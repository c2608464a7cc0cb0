"""Who sat at the centre and who brokered: centrality measures over a NetworkX graph.

Plain functions in NetworkX style, each returning ``{node: value}`` and leaving the graph as it
was: `centralities` gives every measure of a network, `annotate` a copy of the graph with them as
node attributes, `rank` and `centrality_table` rank the nodes by one of them. Compute once (with
`annotate`) and pass the annotated graph on: the figure and the map read the attributes. Results
are deterministic: no measure here draws random numbers, values are rounded to 6 decimals and
ties are broken by the node's IRI. docs/network.md says what each measure means for a historian.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import networkx as nx
from networkx.algorithms import bipartite as nxb

from ittifak.core.errors import InputError

DIGITS = 6


def degree(G: nx.Graph) -> dict:
    """Number of ties of each node.

    >>> degree(nx.star_graph(3))
    {0: 3, 1: 1, 2: 1, 3: 1}
    """
    return {n: d for n, d in G.degree()}


def weighted_degree(G: nx.Graph, weight: str = "weight") -> dict:
    """Sum of the weights of each node's ties (its strength): in the actor network under Newman's
    weighting, the number of affairs a node shared with others.

    >>> G = nx.Graph(); G.add_edge("a", "b", weight=2); G.add_edge("a", "c", weight=3)
    >>> weighted_degree(G)
    {'a': 5, 'b': 2, 'c': 3}
    """
    return {n: d for n, d in G.degree(weight=weight)}


def betweenness(G: nx.Graph, normalized: bool = True) -> dict:
    """Share of shortest paths between other nodes that pass through each node (hops, unweighted).

    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    return nx.betweenness_centrality(G, normalized=normalized)


def closeness(G: nx.Graph) -> dict:
    """Inverse mean distance to the nodes each node can reach, scaled by the share it can reach
    (Wasserman and Faust), so a node in a small separate cluster does not look central.

    >>> closeness(nx.star_graph(3))
    {0: 1.0, 1: 0.6, 2: 0.6, 3: 0.6}
    """
    return nx.closeness_centrality(G)


def eigenvector(G: nx.Graph, weight: str | None = "weight") -> dict:
    """Ties to well-tied nodes count more: the leading eigenvector of the (weighted) adjacency.

    Power iteration from a uniform start (no randomness); on a graph without ties every node
    gets the same value. For a star with three leaves the centre gets 1/√2, each leaf 1/√6.

    >>> {n: round(v, 4) for n, v in eigenvector(nx.star_graph(3)).items()}
    {0: 0.7071, 1: 0.4082, 2: 0.4082, 3: 0.4082}
    """
    if len(G) == 0:
        return {}
    if G.number_of_edges() == 0:
        return {n: 1 / math.sqrt(len(G)) for n in G}
    # NetworkX's eigenvector_centrality, step for step (x ← (A + I)x, normalised, until the change
    # is under n·tol), with the product done by a sparse matrix instead of a loop over the ties
    import numpy as np

    nodes = list(G)
    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=weight, format="csr")
    x = np.full(len(nodes), 1.0 / len(nodes))
    for _ in range(5000):
        last = x
        x = last + A.T @ last
        x = x / (np.sqrt((x * x).sum()) or 1.0)
        if np.abs(x - last).sum() < len(nodes) * 1e-9:
            return dict(zip(nodes, x.tolist()))
    raise nx.PowerIterationFailedConvergence(5000)


def pagerank(G: nx.Graph, weight: str | None = "weight", alpha: float = 0.85) -> dict:
    """Share of time a random walker following (weighted) ties spends at each node.

    >>> {n: round(v, 4) for n, v in pagerank(nx.star_graph(3)).items()}
    {0: 0.4797, 1: 0.1734, 2: 0.1734, 3: 0.1734}
    """
    if len(G) == 0:
        return {}
    return nx.pagerank(G, alpha=alpha, weight=weight, tol=1e-10, max_iter=1000)


def _side(G: nx.Graph, nodes: Iterable | None) -> set:
    if nodes is not None:
        return set(nodes)
    return {n for n, side in G.nodes(data="bipartite") if side == 0}


def bipartite_degree(G: nx.Graph, nodes: Iterable | None = None) -> dict:
    """Degree divided by the size of the other side: the share of the affairs an actor took part
    in, and of the actors an affair brought in. `nodes` is one side (default: ``bipartite=0``).

    >>> G = nx.Graph([("A", "x"), ("A", "y"), ("B", "x")])
    >>> bipartite_degree(G, {"A", "B"})
    {'A': 1.0, 'x': 1.0, 'y': 0.5, 'B': 0.5}

    With one side empty (a project with actors but no affairs yet) no node has a tie: 0.

    >>> lonely = nx.Graph()
    >>> lonely.add_node("A")
    >>> bipartite_degree(lonely, {"A"})
    {'A': 0.0}
    """
    side = _side(G, nodes)
    if not side or len(side) == len(G):
        return {n: 0.0 for n in G}
    result = nxb.degree_centrality(G, side)
    return {n: result[n] for n in G}


def bipartite_betweenness(G: nx.Graph, nodes: Iterable | None = None) -> dict:
    """Betweenness normalised by the largest value a node of its side can reach in a bipartite
    graph of these side sizes (Borgatti and Halgin).

    >>> G = nx.Graph([("A", "x"), ("A", "y"), ("B", "x")])
    >>> bipartite_betweenness(G, {"A", "B"})
    {'A': 1.0, 'x': 1.0, 'y': 0.0, 'B': 0.0}
    """
    top = _side(G, nodes)
    raw = nx.betweenness_centrality(G, normalized=False)
    n, m = len(top), len(G) - len(top)
    top_max, bottom_max = _bipartite_max(n, m), _bipartite_max(m, n)
    # a side whose largest possible value is 0 (one node facing one) has only zeros
    return {v: (raw[v] / (top_max if v in top else bottom_max)) if raw[v] else 0.0 for v in G}


def _bipartite_max(own: int, other: int) -> float:
    """The largest betweenness a node can have on a side of `own` nodes facing `other` nodes
    (Borgatti and Halgin; the formula networkx.algorithms.bipartite uses)."""
    if other == 0:
        return 0.0
    s, t = divmod(own - 1, other)
    return ((other**2) * ((s + 1) ** 2) + other * (s + 1) * (2 * t - s - 1) - t * ((2 * s) - t + 3)) / 2.0


def bipartite_closeness(G: nx.Graph, nodes: Iterable | None = None) -> dict:
    """Closeness against the shortest distances a bipartite graph allows (1 to each node of the
    other side, 2 to each of one's own): B reaches x, A, y at 1 + 2 + 3 = 6
    against a best of 1 + 1 (the other side) + 2 (A) = 4, so 4/6.

    >>> G = nx.Graph([("A", "x"), ("A", "y"), ("B", "x")])
    >>> {n: round(v, 4) for n, v in bipartite_closeness(G, {"A", "B"}).items()}
    {'A': 1.0, 'x': 1.0, 'y': 0.6667, 'B': 0.6667}
    """
    result = nxb.closeness_centrality(G, _side(G, nodes))
    return {n: result[n] for n in G}


MEASURES: dict[str, Callable[[nx.Graph], dict]] = {
    "degree": degree,
    "weighted_degree": weighted_degree,
    "betweenness": betweenness,
    "closeness": closeness,
    "eigenvector": eigenvector,
    "pagerank": pagerank,
    "bipartite_degree": bipartite_degree,
    "bipartite_betweenness": bipartite_betweenness,
    "bipartite_closeness": bipartite_closeness,
}


def measures_for(G: nx.Graph) -> list[str]:
    """The measures reported for a network: bipartite-aware forms for the bipartite one.

    >>> measures_for(nx.Graph(network="bipartite"))[:3]
    ['degree', 'weighted_degree', 'bipartite_degree']
    """
    if G.graph.get("network") == "bipartite":
        return ["degree", "weighted_degree", "bipartite_degree", "bipartite_betweenness",
                "bipartite_closeness", "eigenvector", "pagerank"]
    return ["degree", "weighted_degree", "betweenness", "closeness", "eigenvector", "pagerank"]


def resolve_measure(G: nx.Graph, name: str) -> str:
    """`name` as reported for `G`: "betweenness" means bipartite_betweenness on the bipartite network.

    >>> resolve_measure(nx.Graph(network="bipartite"), "betweenness")
    'bipartite_betweenness'
    """
    available = measures_for(G)
    if name in available:
        return name
    if f"bipartite_{name}" in available:
        return f"bipartite_{name}"
    raise InputError(f"unknown measure {name!r} for the {G.graph.get('network', '')} network: "
                     f"use one of {', '.join(available)}")


ENGINES = ("auto", "networkx", "igraph", "sample")
"""How the measures are computed: NetworkX (exact), igraph (exact, in C; the same values), sample
(NetworkX with betweenness estimated from `SAMPLE_K` seeded pivots), or auto: NetworkX up to
`AUTO_EXACT_LIMIT` nodes, igraph above (sampling if igraph is missing)."""
AUTO_EXACT_LIMIT = 2000
SAMPLE_K = 500
SAMPLE_SEED = 1


def engine_for(G: nx.Graph, engine: str = "auto") -> str:
    """The engine `annotate` uses for `G` (auto resolved).

    >>> engine_for(nx.path_graph(3))
    'networkx'
    """
    if engine not in ENGINES:
        raise InputError(f"unknown centrality engine {engine!r}: use one of {', '.join(ENGINES)}")
    if engine != "auto":
        return engine
    if len(G) <= AUTO_EXACT_LIMIT or G.graph.get("network") == "bipartite":
        return "networkx"
    try:
        import igraph  # noqa: F401
    except ImportError:
        return "sample"
    return "igraph"


def _rounded(value):
    return round(value, DIGITS) if isinstance(value, float) else value


def centralities(G: nx.Graph, engine: str = "auto") -> tuple[dict[str, dict], str]:
    """Every measure of `measures_for(G)` as ``{measure: {node: value}}`` (rounded), and how they
    were computed (see ENGINES). `G` is not changed.

    >>> values, how = centralities(nx.path_graph(3))
    >>> values["degree"], values["betweenness"], how
    ({0: 1, 1: 2, 2: 1}, {0: 0.0, 1: 1.0, 2: 0.0}, 'networkx (exact)')
    """
    used = engine_for(G, engine)
    if used == "igraph" and G.graph.get("network") != "bipartite":
        from ittifak.network.centrality_igraph import igraph_measures

        computed = igraph_measures(G, measures_for(G))
        how = "igraph (exact)"
    else:
        computed = {}
        for name in measures_for(G):
            if used == "sample" and name == "betweenness" and len(G) > SAMPLE_K:
                computed[name] = nx.betweenness_centrality(G, k=SAMPLE_K, seed=SAMPLE_SEED)
            else:
                computed[name] = MEASURES[name](G)
        sampled = used == "sample" and len(G) > SAMPLE_K
        how = f"networkx (betweenness sampled: k={SAMPLE_K}, seed={SAMPLE_SEED})" if sampled else "networkx (exact)"
    return {name: {n: _rounded(v) for n, v in values.items()} for name, values in computed.items()}, how


def annotate(G: nx.Graph, engine: str = "auto") -> nx.Graph:
    """A copy of `G` with every measure of `measures_for(G)` as a node attribute (rounded);
    ``graph["centrality_engine"]`` says how they were computed (see ENGINES). `G` is not changed.

    >>> G = nx.star_graph(2)
    >>> H = annotate(G)
    >>> H.nodes[0]["degree"], H.nodes[0]["betweenness"], "degree" in G.nodes[0]
    (2, 1.0, False)
    """
    values, how = centralities(G, engine)
    H = G.copy()
    H.graph["centrality_engine"] = how
    for name, by_node in values.items():
        nx.set_node_attributes(H, by_node, name)
    return H


def is_annotated(G: nx.Graph) -> bool:
    """Whether every node of `G` carries every measure of `measures_for(G)` (see `annotate`).

    >>> is_annotated(nx.path_graph(2)), is_annotated(annotate(nx.path_graph(2)))
    (False, True)
    """
    wanted = measures_for(G)
    return all(m in d for _, d in G.nodes(data=True) for m in wanted)


def rank(G: nx.Graph, measure: str, values: dict | None = None) -> list:
    """Nodes by `measure`, highest first, ties broken by IRI (the node key).

    The values are `values` (``{node: value}``), else the node attributes `annotate` set, else
    the measure computed here; `G` is not changed.

    >>> G = nx.Graph([("b", "a"), ("b", "c"), ("c", "d")], network="actors")
    >>> rank(G, "degree")
    ['b', 'c', 'a', 'd']
    >>> rank(G, "degree", {"a": 3, "b": 1, "c": 1, "d": 0})
    ['a', 'b', 'c', 'd']
    """
    measure = resolve_measure(G, measure)
    if values is None:
        if all(measure in d for _, d in G.nodes(data=True)):
            values = {n: d[measure] for n, d in G.nodes(data=True)}
        else:
            values = {n: _rounded(v) for n, v in MEASURES[measure](G).items()}
    return sorted(G, key=lambda n: (-values[n], str(n)))


ROW_FIELDS = ("rank", "iri", "label", "label_tr", "label_en", "class", "group", "years")


def centrality_table(G: nx.Graph, sort: str = "degree", top: int | None = None) -> list[dict]:
    """Rows of ROW_FIELDS and every measure of `G`, ranked by `sort` (see `rank`).

    `G` is best annotated already (see `annotate`); if not, the measures are computed here on a copy.

    >>> G = nx.Graph(network="actors"); G.add_edges_from([("b", "a"), ("b", "c")])
    >>> [(r["iri"], r["degree"]) for r in centrality_table(G)]
    [('b', 2), ('a', 1), ('c', 1)]
    """
    if top is not None and top < 1:
        raise InputError(f"the number of rows (top) must be 1 or more, not {top}")
    if not is_annotated(G):
        G = annotate(G)
    order = rank(G, sort)
    rows = []
    for i, n in enumerate(order[:top] if top else order, start=1):
        d = G.nodes[n]
        row = {"rank": i, "iri": str(n)}
        row.update({f: d.get(f, "") for f in ROW_FIELDS[2:]})
        row["label"] = d.get("label") or str(n)
        row.update({m: d[m] for m in measures_for(G)})
        rows.append(row)
    return rows
