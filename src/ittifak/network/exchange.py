"""Networks for Gephi, Cytoscape and NetworkX: GraphML and GEXF with node and edge attributes.

The GEXF is version 1.3 in dynamic mode, written here (NetworkX's writer dates the file with
today's date and misspells the schema-instance namespace): every tie carries the spells of the
dated facts behind it, attributes are declared with their types, and ``viz`` gives the figure's
positions, colours and sizes. The GraphML carries the same attributes, positions (``x``, ``y``),
colours and sizes, and the spells as ISO 8601 intervals.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from lxml import etree

from ittifak.core.errors import InputError
from ittifak.core.output import atomic_path
from ittifak.core.text import xml_chars

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
    sorted first, spells as ISO 8601 intervals (``start/end``, an open end left empty); text
    without the characters XML cannot hold (`xml_chars`: a U+0001 in a label would make the file
    unwritable).

    >>> flat_value("years", [1991, 1992]), flat_value("citations", ["A; B", "C"]), flat_value("weight", 2)
    ('1991;1992', 'A; B | C', 2)
    >>> flat_value("spells", [("1992-01-01", "1992-12-31"), ("1993-05-01", None)])
    '1992-01-01/1992-12-31;1993-05-01/'
    """
    if key == "spells":
        return ";".join(f"{a or ''}/{b or ''}" for a, b in value)
    if isinstance(value, (set, frozenset)):
        value = sorted(value)
    if isinstance(value, (list, tuple)):
        value = SEPARATORS.get(key, ";").join(str(v) for v in value)
    return xml_chars(value) if isinstance(value, str) else value


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


GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


def viz(G: nx.Graph, positions: dict | None = None, size_by: str = "degree") -> dict:
    """Each node's colour (by class), size (by `size_by`) and, when given, position: what the
    figure and the map show, for the exchange files.

    >>> G = nx.Graph(); G.add_node("a", group="Polity", degree=4); G.add_node("b", group="", degree=1)
    >>> viz(G, {"a": (1.0, 2.0)})["a"]
    {'color': '#0072B2', 'size': 24.0, 'x': 1.0, 'y': 2.0}
    """
    values = [d.get(size_by, 0) or 0 for _, d in G.nodes(data=True)]
    top = max(values, default=0) or 1
    out = {}
    for n, d in G.nodes(data=True):
        found = {"color": group_colour(d.get("group", "")),
                 "size": round(4 + 20 * ((d.get(size_by, 0) or 0) / top) ** 0.5, 3)}
        if positions and n in positions:
            found["x"], found["y"] = float(positions[n][0]), float(positions[n][1])
        out[n] = found
    return out


def _gexf_type(values: list) -> str:
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "integer"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_NOT_ATTRIBUTES = {"node": {"label", "spells"}, "edge": {"spells"}}


def _declare(graph_el, cls: str, rows: list[dict]) -> dict[str, str]:
    """<attributes class=cls> with one typed <attribute> per key; returns key -> type."""
    keys = sorted({k for d in rows for k, v in d.items() if v is not None} - _NOT_ATTRIBUTES[cls])
    types = {k: _gexf_type([flat_value(k, d[k]) for d in rows if d.get(k) is not None]) for k in keys}
    el = etree.SubElement(graph_el, f"{{{GEXF_NS}}}attributes", {"class": cls, "mode": "static"})
    for k in keys:
        etree.SubElement(el, f"{{{GEXF_NS}}}attribute", id=k, title=k, type=types[k])
    return types


def _attvalues(parent, d: dict, types: dict[str, str]) -> None:
    present = [k for k in types if d.get(k) is not None]
    if present:
        el = etree.SubElement(parent, f"{{{GEXF_NS}}}attvalues")
        for k in present:
            value = flat_value(k, d[k])
            if types[k] == "double":
                value = float(value)
            etree.SubElement(el, f"{{{GEXF_NS}}}attvalue", {"for": k, "value": _text(value)})


def _spells(parent, spells) -> None:
    if spells:
        el = etree.SubElement(parent, f"{{{GEXF_NS}}}spells")
        for start, end in spells:
            attrs = {k: v for k, v in (("start", start), ("end", end)) if v}
            etree.SubElement(el, f"{{{GEXF_NS}}}spell", attrs)


def gexf_document(G: nx.Graph, positions: dict | None = None, size_by: str = "degree") -> bytes:
    """`G` as a GEXF 1.3 document in dynamic mode (dates as days, ``timeformat="date"``).

    A node's ``label`` is its ``label`` attribute (the network's language; the others stay
    ``label_tr``/``label_en`` attributes); ties and nodes with ``spells`` carry them as
    <spells>, the undated have ``dated=false``; every other attribute is an <attvalue> of a
    declared type (boolean, integer, double, string; lists joined as `flat_value` joins them).
    """
    root = etree.Element(f"{{{GEXF_NS}}}gexf", nsmap={None: GEXF_NS, "viz": VIZ_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{GEXF_NS} {GEXF_NS}/gexf.xsd")
    root.set("version", "1.3")
    meta = etree.SubElement(root, f"{{{GEXF_NS}}}meta")
    etree.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "ittifak"
    title = G.graph.get("dataset")
    about = f"{G.graph.get('network', '')} network" + (f" of {title}" if title else "")
    about += "".join(f"; {k} {G.graph[k]}" for k in ("window", "evidence", "weighting") if G.graph.get(k))
    etree.SubElement(meta, f"{{{GEXF_NS}}}description").text = xml_chars(about)
    graph = etree.SubElement(root, f"{{{GEXF_NS}}}graph", defaultedgetype="undirected", mode="dynamic",
                             timeformat="date")
    nodes = sorted(G.nodes(data=True), key=lambda item: str(item[0]))
    edges = sorted(((str(u), str(v), d) for u, v, d in G.edges(data=True)), key=lambda e: (e[0], e[1]))
    node_types = _declare(graph, "node", [d for _, d in nodes])
    edge_types = _declare(graph, "edge", [d for _, _, d in edges])
    looks = viz(G, positions, size_by)
    nodes_el = etree.SubElement(graph, f"{{{GEXF_NS}}}nodes", count=str(len(nodes)))
    for n, d in nodes:
        el = etree.SubElement(nodes_el, f"{{{GEXF_NS}}}node", id=str(n),
                              label=xml_chars(str(d.get("label", n))))
        _attvalues(el, d, node_types)
        _spells(el, d.get("spells"))
        look = looks[n]
        hexa = look["color"]
        etree.SubElement(el, f"{{{VIZ_NS}}}color", r=str(int(hexa[1:3], 16)), g=str(int(hexa[3:5], 16)),
                         b=str(int(hexa[5:7], 16)), a="1.0")
        if "x" in look:
            etree.SubElement(el, f"{{{VIZ_NS}}}position", x=repr(look["x"]), y=repr(look["y"]), z="0.0")
        etree.SubElement(el, f"{{{VIZ_NS}}}size", value=repr(float(look["size"])))
    edges_el = etree.SubElement(graph, f"{{{GEXF_NS}}}edges", count=str(len(edges)))
    for i, (u, v, d) in enumerate(edges):
        el = etree.SubElement(edges_el, f"{{{GEXF_NS}}}edge", id=str(i), source=u, target=v,
                              weight=repr(float(d.get("weight", 1) or 0)))
        _attvalues(el, d, edge_types)
        _spells(el, d.get("spells"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _graphml_ready(G: nx.Graph, positions: dict | None, size_by: str) -> nx.Graph:
    """The GraphML copy: flat attributes plus each node's ``x``, ``y``, ``color`` and ``size``."""
    H = exportable(G)
    for n, look in viz(G, positions, size_by).items():
        H.nodes[str(n)].update(look)
    return H


def write_network(G: nx.Graph, path: Path | str, fmt: str | None = None, *,
                  positions: dict | None = None, size_by: str = "degree") -> Path:
    """Write `G` as GraphML or GEXF 1.3 (by `fmt`, else by the file's extension), atomically."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise InputError(f"{path}: unknown network format {fmt!r}: use graphml or gexf")
    with atomic_path(path) as tmp:
        if fmt == "graphml":
            nx.write_graphml(_graphml_ready(G, positions, size_by), tmp, encoding="utf-8", prettyprint=True)
        else:
            Path(tmp).write_bytes(gexf_document(G, positions, size_by))
    return path


def read_network(path: Path | str) -> nx.Graph:
    """Read a GraphML or GEXF file written by `write_network` (for checks and round trips)."""
    path = Path(path)
    if path.suffix.lower() == ".gexf":
        return nx.read_gexf(path, version="1.3")
    return nx.read_graphml(path)
