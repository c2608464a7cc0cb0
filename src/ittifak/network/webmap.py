"""An interactive network map for a project website: one HTML file that works offline.

The page, its script and its style are templates (``ittifak/templates/network/map.*``); the
data goes in as JSON inside a ``<script type="application/json">`` element, read with JSON.parse.

vis-network (vendored in ``ittifak/vendor`` with its licences) is inlined into the page too;
a Content-Security-Policy forbids any outside request. The page searches names the way
``ittifak.core.text.match_key`` does (the same folding in JavaScript: "tika" finds TİKA, "elcibey"
finds Elçibey), filters by class and year, and shows on click the sources behind a node. A map
with affairs (the bipartite network) opens on the agreements and their parties (`start_view`),
everything else a click away. Nodes
sit where the static figure's sfdp layout put them, so the map is the same every time; when it
has drawn, the page sets ``window.ittifakReady`` and ``<body data-ready="true">``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from importlib import resources
from pathlib import Path

import networkx as nx
from markupsafe import Markup

from ittifak.core.errors import InputError, IttifakError
from ittifak.core.output import atomic_write
from ittifak.core.templates import render_template
from ittifak.network.centrality import annotate, is_annotated, measures_for, resolve_measure
from ittifak.network.diagram import GROUP_NAMES, MEASURE_NAMES, layout, network_title
from ittifak.network.exchange import group_colour
from ittifak.network.projection import GROUPS

VIS_FILE = "vis-network.min.js"


def vis_network_js() -> str:
    """The vendored vis-network standalone build, made safe to inline in a <script>."""
    try:
        text = resources.files("ittifak").joinpath("vendor", VIS_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise IttifakError(f"the vendored {VIS_FILE} is missing from the ittifak package") from None
    text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.MULTILINE)
    return text.replace("</script", "<\\/script")


def map_data(G: nx.Graph, measure: str, positions: dict) -> dict:
    """The nodes and edges the page draws, as plain JSON-ready data."""
    measures = measures_for(G)
    nodes = []
    for n in sorted(G, key=str):
        d = G.nodes[n]
        sources, cites = d.get("sources", []), d.get("citations", [])
        node = {
            "id": str(n),
            "label_tr": d.get("label_tr", ""),
            "label_en": d.get("label_en", ""),
            "alt": d.get("alt_labels", []),
            "group": d.get("group", ""),
            "cls": d.get("class", ""),
            "years": d.get("years", []),
            "datedBy": d.get("dated_by", ""),
            "sources": [{"iri": s, "cite": c} for s, c in zip(sources, cites + [""] * len(sources))],
            "passages": d.get("passages", []),
            "office": [d.get("office_tr", ""), d.get("office_en", "")],
            "m": {m: d.get(m, 0) for m in measures},
            "value": d.get(measure, 0) or 0,
            "color": group_colour(d.get("group", "")),
            "focus": bool(d.get("focus")),
            "kind": d.get("kind", ""),
        }
        if n in positions:
            node["x"], node["y"] = round(positions[n][0], 1), round(-positions[n][1], 1)
        nodes.append(node)
    edges = []
    for u, v, d in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        edges.append({"from": str(u), "to": str(v), "value": d.get("weight", 1),
                      "how": d.get("roles") or d.get("relation") or [], "contexts": d.get("contexts", [])})
    return {"nodes": nodes, "edges": edges, "measures": measures, "measure": measure,
            "positioned": bool(positions)}


START_AFFAIRS = ("Agreement",)
"""The affairs a bipartite map shows first, with the actors tied to them."""


def start_view(G: nx.Graph) -> dict | None:
    """What a map with affairs opens on: the agreements and their parties (the rest a click away),
    or, without agreements, everything.

    >>> G = nx.Graph(); G.add_node("a", kind="affair", group="Agreement"); G.add_node("p", kind="actor")
    >>> start_view(G)
    {'affairs': ['Agreement'], 'linked': True}
    """
    groups = {d.get("group") for _, d in G.nodes(data=True) if d.get("kind") == "affair"}
    shown = [g for g in START_AFFAIRS if g in groups]
    return {"affairs": shown, "linked": True} if shown else None


def year_range(G: nx.Graph, coverage: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """The years the page's filter starts at: the dataset's coverage (`coverage`, else
    ``G.graph["coverage"]``), else the period the network was cut to (``G.graph["window"]``,
    "1991-1992"), else the first and last year of any node; None when nothing is dated.

    >>> G = nx.Graph(window="1991-1992"); G.add_node("a", years=[1918, 1991])
    >>> year_range(G, (1990, 1993)), year_range(G), year_range(nx.Graph(G, window="all"))
    ((1990, 1993), (1991, 1992), (1918, 1991))
    """
    coverage = coverage or G.graph.get("coverage")
    if coverage:
        return int(coverage[0]), int(coverage[1])
    cut = re.fullmatch(r"(-?\d+)-(-?\d+)", G.graph.get("window", ""))
    if cut:
        return int(cut.group(1)), int(cut.group(2))
    years = [y for _, d in G.nodes(data=True) for y in d.get("years", [])]
    return (min(years), max(years)) if years else None


def webmap_html(G: nx.Graph, *, measure: str = "degree", lang: str = "en", title: str | None = None,
                positions: dict | None = None, max_labels: int = 40,
                coverage: tuple[int, int] | None = None) -> str:
    """The self-contained page for `G` (labels in `lang`, node size by `measure`).

    The year filter starts at `coverage` (the dataset's years, see `year_range`); the page's
    heading is `title` in both languages, or `network_title` in each.
    """
    if len(G) == 0:
        raise InputError("nothing to draw: the network has no nodes (check the period, the classes and the focus)")
    measure = resolve_measure(G, measure)
    if not is_annotated(G):  # best annotated once by the caller; `G` itself is never changed
        G = annotate(G)
    if positions is None:
        positions = layout(G, measure, max_labels)
    titles = {x: title or network_title(G, x) for x in ("tr", "en")}
    data = map_data(G, measure, positions)
    data.update(lang=lang, titles=titles, network=G.graph.get("network", ""), years=year_range(G, coverage),
                start=start_view(G),
                groups=[[g, GROUP_NAMES[g][0], GROUP_NAMES[g][1], group_colour(g)] for g in GROUPS],
                measureNames={k: list(v) for k, v in MEASURE_NAMES.items()})
    scripts = [vis_network_js(), render_template("network/map.js")]
    return render_template("network/map.html.j2", lang=lang, title=titles[lang], data=data,
                           csp=content_security_policy(scripts), scripts=[Markup(s) for s in scripts])


def content_security_policy(scripts: list[str]) -> str:
    """The page's policy: nothing loads from anywhere; only these inline scripts run (named by
    their SHA-256, so no inline event handler and no injected script does); inline style may be
    used (it cannot run code).

    >>> print(content_security_policy(["alert(1)"]).replace("; ", ";\\n"))
    default-src 'none';
    script-src 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=';
    style-src 'unsafe-inline';
    base-uri 'none';
    form-action 'none'
    """
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
                      for s in scripts)
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
            "base-uri 'none'; form-action 'none'")


def write_webmap(G: nx.Graph, path: Path | str, **options) -> Path:
    """Write the page for `G` to `path` atomically."""
    return atomic_write(path, webmap_html(G, **options))
