"""Networks for Gephi, Cytoscape and NetworkX: GraphML and GEXF with node and edge attributes."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from ittifak.core.errors import InputError
from ittifak.core.output import atomic_path

FORMATS = ("graphml", "gexf")

_PALETTE = {  # Okabe–Ito: distinguishable with colour-blindness, and in print
    "Person": "#E69F00",
    "Polity": "#0072B2",
    "Organisation": "#009E73",
    "Delegation": "#CC79A7",
    "Agreement": "#56B4E9",
    "Instrument": "#8C6BB1",
    "Event": "#F0E442",
    "Project": "#D55E00",
    "AidPackage": "#999999",
    "PostHolding": "#BBBBBB",
    "": "#666666",
}


def group_colour(group: str) -> str:
    """The hex colour of a node class (see network.GROUPS) in every figure and file."""
    return _PALETTE.get(group, _PALETTE[""])


SEPARATORS = {"alt_labels": " | ", "citations": " | "}
"""How a list attribute is joined in a file: names and citations (which may hold ";") by " | ",
the rest (years, IRIs, roles, classes, passages) by ";"."""


def flat_value(key: str, value):
    """`value` as one string, number or boolean: lists joined in order (see SEPARATORS), sets
    sorted first.

    >>> flat_value("years", [1991, 1992]), flat_value("citations", ["A; B", "C"]), flat_value("weight", 2)
    ('1991;1992', 'A; B | C', 2)
    """
    if isinstance(value, (set, frozenset)):
        value = sorted(value)
    if isinstance(value, (list, tuple)):
        return SEPARATORS.get(key, ";").join(str(v) for v in value)
    return value


def exportable(G: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all strings, numbers or booleans (None dropped), as both
    GraphML and GEXF require: the graph's lists are formatted here, and only here."""
    out = nx.Graph()
    out.graph.update({k: flat_value(k, v) for k, v in G.graph.items() if v is not None})
    for n, d in G.nodes(data=True):
        out.add_node(str(n), **{k: flat_value(k, v) for k, v in d.items() if v is not None})
    for u, v, d in G.edges(data=True):
        out.add_edge(str(u), str(v), **{k: flat_value(k, x) for k, x in d.items() if x is not None})
    return out


def _with_viz(G: nx.Graph, positions: dict | None, size_by: str) -> nx.Graph:
    """GEXF's viz: colour by class, size by `size_by`, and the figure's layout when given, so
    Gephi opens the network as the figure shows it."""
    values = [d.get(size_by, 0) or 0 for _, d in G.nodes(data=True)]
    top = max(values, default=0) or 1
    for n, d in G.nodes(data=True):
        hexa = group_colour(d.get("group", ""))
        viz = {
            "color": {"r": int(hexa[1:3], 16), "g": int(hexa[3:5], 16), "b": int(hexa[5:7], 16), "a": 1.0},
            "size": round(4 + 20 * ((d.get(size_by, 0) or 0) / top) ** 0.5, 3),
        }
        if positions and n in positions:
            x, y = positions[n]
            viz["position"] = {"x": float(x), "y": float(y), "z": 0.0}
        d["viz"] = viz
    return G


def write_network(G: nx.Graph, path: Path | str, fmt: str | None = None, *,
                  positions: dict | None = None, size_by: str = "degree") -> Path:
    """Write `G` as GraphML or GEXF (by `fmt`, else by the file's extension), atomically."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise InputError(f"{path}: unknown network format {fmt!r}: use graphml or gexf")
    H = exportable(G)
    with atomic_path(path) as tmp:
        if fmt == "graphml":
            nx.write_graphml(H, tmp, encoding="utf-8", prettyprint=True)
        else:
            nx.write_gexf(_with_viz(H, positions, size_by), tmp, encoding="utf-8", prettyprint=True)
    return path


def read_network(path: Path | str) -> nx.Graph:
    """Read a GraphML or GEXF file written by `write_network` (for checks and round trips)."""
    path = Path(path)
    if path.suffix.lower() == ".gexf":
        return nx.read_gexf(path)
    return nx.read_graphml(path)
