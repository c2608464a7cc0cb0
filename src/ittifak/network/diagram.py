"""Network figures a journal prints: SVG, PNG (300 dpi) and PDF at one- or two-column width.

Graphviz's sfdp (a multilevel force-directed layout) places the nodes, deterministically.
matplotlib then draws the figure at its printed size, so a 7 pt label is 7 pt on paper; text
stays text in the SVG and is embedded as DejaVu Sans (every Turkish letter) in the PDF. Labels are
placed by `ittifak.network.labels`: never over a tie, another label or a node (over a tie only when
no place clear of ties is left), beside their node or joined to it by a leader line. A key for
colour, size and tie width is drawn inside the figure; the caption goes to a text file beside it
(`caption`), and a title is drawn only when asked for.
"""

from __future__ import annotations

import io
import json
import math
import os
from collections.abc import Callable, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import graphviz
import networkx as nx
import numpy as np

from ittifak.core.errors import InputError, IttifakError
from ittifak.core.output import atomic_write
from ittifak.core.text import xml_chars
from ittifak.network.centrality import annotate, is_annotated, rank, resolve_measure
from ittifak.network.exchange import group_colour
from ittifak.network.labels import Box, Label, Placement, place_labels
from ittifak.network.projection import GROUPS, find_nodes

FONT = "DejaVu Sans"
FORMATS = ("svg", "png", "pdf")
SIZES = {"column": 85.0, "double": 175.0}
"""Figure widths in millimetres: one column and the full page width of a two-column journal."""
DPI = 300
FONT_PT = 7.0
"""The smallest text in a figure, in points at its printed size."""
TOP_LABELS = {"column": 12, "double": 24}
"""How many of the most central nodes are named by default, by figure size."""
FIGURE_MEASURE = "betweenness"
"""What sizes a figure's nodes by default: the brokers between circles (heads of government,
foreign ministers), not the members of one large cabinet decision, whom degree makes the biggest."""
_ASCENT, _DESCENT = 1901 / 2048, 483 / 2048  # DejaVu Sans: the em box a browser gives a line of text

TITLES = {  # what each network shows; the dataset's own title is added from dataset.ttl
    "actors": {"en": "Actors tied by the affairs they shared",
               "tr": "Ortak işlere göre birbirine bağlı aktörler"},
    "bipartite": {"en": "Actors and the agreements, events and projects they took part in",
                  "tr": "Aktörler ve katıldıkları anlaşmalar, olaylar ve projeler"},
    "organisational": {"en": "Persons, posts, organisations and states",
                       "tr": "Kişiler, görevler, kurumlar ve devletler"},
}

GROUP_NAMES = {
    "Person": ("Kişi", "Person"),
    "Polity": ("Devlet", "State or polity"),
    "Organisation": ("Kurum", "Organisation"),
    "Delegation": ("Heyet", "Delegation"),
    "Agreement": ("Anlaşma", "Agreement"),
    "Instrument": ("Karar, kanun", "Decision or law"),
    "Event": ("Olay", "Event"),
    "Project": ("Proje", "Project"),
    "AidPackage": ("Yardım", "Aid package"),
    "PostHolding": ("Görev", "Post"),
}

MEASURE_NAMES = {
    "degree": ("derece", "degree"),
    "weighted_degree": ("ağırlıklı derece", "weighted degree"),
    "betweenness": ("arasındalık", "betweenness"),
    "closeness": ("yakınlık", "closeness"),
    "eigenvector": ("özvektör", "eigenvector"),
    "pagerank": ("PageRank", "PageRank"),
    "bipartite_degree": ("iki kümeli derece", "bipartite degree"),
    "bipartite_betweenness": ("iki kümeli arasındalık", "bipartite betweenness"),
    "bipartite_closeness": ("iki kümeli yakınlık", "bipartite closeness"),
}
WEIGHTED_MEASURES = {"weighted_degree", "eigenvector", "pagerank"}

_WORDS = {
    "size": ("Boyut", "Size"),
    "colour": ("Renk", "Colour"),
    "width": ("Bağ kalınlığı", "Tie width"),
    "nodes": ("düğüm", "nodes"),
    "ties": ("bağ", "ties"),
    "all years": ("tüm yıllar", "all years"),
}

WEIGHTING = {  # what a tie's weight counts: per network, and in the actor network per weighting
    "count": ("iki aktörün paylaştığı iş sayısı", "the number of affairs the two actors shared"),
    "bipartite": ("aktörün o işteki rol sayısı", "the number of roles the actor had in the affair"),
    "organisational": ("ağırlıksız (her bağ 1)", "unweighted (every tie 1)"),
    "newman": ("Newman ağırlığı: n aktörlü her ortak iş 1/(n−1) sayılır",
               "Newman weighting: each shared affair with n actors counts 1/(n−1)"),
}


def weighting_text(G: nx.Graph, lang: str) -> str:
    """What the width of a tie stands for in `G` (the actor network's `weighting`, else the
    network's own weight)."""
    kind = G.graph.get("network", "")
    key = (G.graph.get("weighting") or "count") if kind == "actors" else kind
    return word(key, lang)


def network_title(G: nx.Graph, lang: str) -> str:
    """The default title of a network's figure or page: what it shows, and of which dataset
    (``G.graph["dataset_tr"]``/``["dataset_en"]``, else ``G.graph["dataset"]``)."""
    what = TITLES.get(G.graph.get("network", ""), {}).get(lang, "")
    dataset = G.graph.get(f"dataset_{lang}") or G.graph.get("dataset", "")
    return " — ".join(part for part in (what, dataset) if part) or "Ittifak"


def word(key: str, lang: str) -> str:
    pair = _WORDS.get(key) or GROUP_NAMES.get(key) or MEASURE_NAMES.get(key) or WEIGHTING.get(key) or (key, key)
    return pair[0] if lang == "tr" else pair[1]


def short(label: str, limit: int = 48) -> str:
    """A label cut at a word boundary to fit a figure; the full one stays in the caption's data.

    >>> short("Türkiye ve Azerbaycan Ticaret ve Ekonomik İş Birliği Anlaşması", 30)
    'Türkiye ve Azerbaycan Ticaret…'
    """
    if len(label) <= limit:
        return label
    cut = label[: limit - 1]
    if label[limit - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–-") + "…"


def labelled_nodes(G: nx.Graph, measure: str, top: int, names: Sequence[str] = ()) -> list:
    """The nodes a figure names, most important first: focus nodes, the nodes called `names`
    (matched Turkish-aware, as `--focus` is: "elçibey" = "ELÇİBEY"), then the `top` highest by
    `measure`. A name that matches no node is an error."""
    chosen = [n for n, f in sorted(G.nodes(data="focus"), key=lambda x: str(x[0])) if f]
    for name in names:
        found = find_nodes(G, name)
        if not found:
            raise InputError(f"no node of the {G.graph.get('network', '')} network is named {name!r} "
                             "(--label)")
        chosen += found
    chosen += rank(G, measure)[: max(top, 0)]
    return list(dict.fromkeys(chosen))


def _names(G: nx.Graph) -> dict:
    """Short DOT names (n0, n1, …) in IRI order: an IRI's colon would read as a DOT port."""
    return {n: f"n{i}" for i, n in enumerate(sorted(G, key=str))}


def _scaled(G: nx.Graph, measure: str, top: float | None = None) -> dict:
    values = {n: float(G.nodes[n].get(measure) or 0) for n in G}
    top = top or max(values.values(), default=0) or 1.0
    return {n: math.sqrt(min(max(v, 0) / top, 1.0)) for n, v in values.items()}


class Positions(dict):
    """``{node: (x, y)}`` of the sfdp layout, in Graphviz points (only their proportions count)."""


def layout(G: nx.Graph, measure: str = "degree", max_labels: int = 40) -> Positions:
    """Positions of the figure's sfdp layout; deterministic (fixed seed). Nodes are kept apart
    by their drawn size, with room left for labels; `max_labels` most central get more room."""
    result = Positions()
    if len(G) == 0:
        return result
    measure = resolve_measure(G, measure)
    size = _scaled(G, measure)
    roomy = set(rank(G, measure)[:max_labels])
    dot = graphviz.Graph("ittifak", engine="sfdp", strict=True)
    dot.attr("graph", overlap="prism", overlap_scaling="-4", sep="+6", splines="false", K="0.6", start="7")
    dot.attr("node", shape="circle", fixedsize="true", label="")
    names = _names(G)
    for n in sorted(G, key=str):
        width = 0.12 + 0.3 * size[n] + (0.15 if n in roomy else 0)
        dot.node(names[n], width=f"{width:.3f}")
    for u, v in sorted(G.edges(), key=lambda e: (str(e[0]), str(e[1]))):
        dot.edge(names[u], names[v])
    try:
        laid = json.loads(dot.pipe(format="json0"))
    except graphviz.ExecutableNotFound:
        raise IttifakError("Graphviz is not installed (its sfdp program lays out the figures): "
                           "run scripts/setup.sh --system") from None
    by_name = {name: n for n, name in names.items()}
    for obj in laid.get("objects", []):
        if obj.get("name") in by_name and "pos" in obj:
            x, y = (float(c) for c in obj["pos"].split(","))
            result[by_name[obj["name"]]] = (x, y)
    return result


# ---------------------------------------------------------------------------- drawing


@contextmanager
def _style():
    """matplotlib settings of every figure: DejaVu Sans, text kept as text in the SVG and embedded
    as TrueType in the PDF, reproducible ids."""
    import matplotlib

    with matplotlib.rc_context({"font.family": FONT, "svg.fonttype": "none", "pdf.fonttype": 42,
                                "svg.hashsalt": "ittifak", "path.simplify": False}):
        yield


#: OpenType tables a PDF never reads: its text is placed glyph by glyph, so ligatures, kerning and
#: mathematical layout tables are dead weight in an embedded font, and subsetting them (fontTools
#: decompiles every lookup of DejaVu Sans) took most of the time of writing a figure's PDF
LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "MATH", "kern", "JSTF", "BASE")


@contextmanager
def _lean_font_subsets():
    """While a PDF is written, the fonts matplotlib embeds leave out LAYOUT_TABLES.

    matplotlib gives fontTools no way to pass this, so the defaults of fontTools' subsetter options
    are extended for the duration (and left as they were if fontTools ever renames them)."""
    from fontTools import subset

    defaults = getattr(subset.Options, "_drop_tables_default", None)
    if not isinstance(defaults, list):
        yield
        return
    subset.Options._drop_tables_default = defaults + [t for t in LAYOUT_TABLES if t not in defaults]
    try:
        yield
    finally:
        subset.Options._drop_tables_default = defaults


def _mm(mm: float) -> float:
    return mm * 72 / 25.4


class Canvas:
    """A figure whose axes coordinates are the printed page's points, y up: what is computed for
    label placement is exactly what is drawn."""

    def __init__(self, width: float, height: float) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.width, self.height = width, height
        self.fig = Figure(figsize=(width / 72, height / 72), dpi=72)
        FigureCanvasAgg(self.fig)
        self.ax = self.fig.add_axes((0, 0, 1, 1))
        self.ax.set_xlim(0, width)
        self.ax.set_ylim(0, height)
        self.ax.set_axis_off()
        self._count: dict[str, int] = {}

    def gid(self, kind: str) -> str:
        self._count[kind] = self._count.get(kind, 0) + 1
        return f"{kind}-{self._count[kind]}"

    def text_size(self, text: str, size: float, bold: bool = False) -> tuple[float, float]:
        """(width, height) of a line of text in points; the height is the font's em box."""
        from matplotlib.font_manager import FontProperties
        from matplotlib.textpath import TextToPath

        prop = FontProperties(family=FONT, size=size, weight="bold" if bold else "normal")
        # unhinted advance widths: what the SVG viewer and the 300 dpi raster lay out
        w, _, _ = TextToPath().get_text_width_height_descent(xml_chars(text), prop, ismath=False)
        return w, (_ASCENT + _DESCENT) * size

    def text(self, x: float, y: float, text: str, size: float, kind: str, *, bold: bool = False,
             colour: str = "#000000", anchor: str = "left") -> Box:
        """Draw `text` with the lower left (or lower centre/right) of its em box at (x, y); the
        characters XML cannot hold are left out (the SVG would not parse)."""
        text = xml_chars(text)
        w, h = self.text_size(text, size, bold)
        x0 = x - w / 2 if anchor == "center" else x - w if anchor == "right" else x
        self.ax.text(x0, y + _DESCENT * size, text, fontsize=size, ha="left", va="baseline",
                     fontweight="bold" if bold else "normal", color=colour, gid=self.gid(kind))
        return Box(x0, y, x0 + w, y + h)

    def save(self, fmt: str) -> bytes:
        if fmt not in FORMATS:
            raise IttifakError(f"unknown figure format {fmt!r}: use {', '.join(FORMATS)}")
        # no date in the file unless SOURCE_DATE_EPOCH gives one, so that a build is byte-identical
        dated = os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit()
        metadata = {"svg": {} if dated else {"Date": None},
                    "pdf": {"ModDate": None} if dated else {"CreationDate": None, "ModDate": None}}.get(fmt, {})
        buf = io.BytesIO()
        with _style(), (_lean_font_subsets() if fmt == "pdf" else nullcontext()):
            self.fig.savefig(buf, format=fmt, dpi=DPI, metadata=metadata, facecolor="white")
        return buf.getvalue()


def _fit(positions: dict, rect: Box, pad: float) -> Callable[[object], tuple[float, float]]:
    """A map from layout positions into `rect` (less `pad`), one scale for both axes, centred."""
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    dx, dy = max(max(xs) - min(xs), 1e-9), max(max(ys) - min(ys), 1e-9)
    scale = min((rect.x1 - rect.x0 - 2 * pad) / dx, (rect.y1 - rect.y0 - 2 * pad) / dy)
    ox = (rect.x0 + rect.x1) / 2 - scale * (min(xs) + max(xs)) / 2
    oy = (rect.y0 + rect.y1) / 2 - scale * (min(ys) + max(ys)) / 2
    return lambda n: (ox + scale * positions[n][0], oy + scale * positions[n][1])


@dataclass
class Drawn:
    """What one network panel shows: the placement of its labels, the radii of its nodes."""

    placement: Placement
    labelled: list
    radius: dict = field(default_factory=dict)


def radius_for(value: float, top: float, r_max: float, r_min: float = 1.6) -> float:
    return r_min + (r_max - r_min) * math.sqrt(min(max(value, 0) / (top or 1.0), 1.0))


def draw_network(canvas: Canvas, G: nx.Graph, measure: str, place: Callable, rect: Box, labelled: list,
                 *, top_value: float, r_max: float, top_weight: float, label_size: float = FONT_PT,
                 context: Sequence[tuple[float, float]] = ()) -> Drawn:
    """Ties, nodes and labels of `G` at `place(node)` inside `rect`; `context` points are drawn as
    faint dots behind (the nodes of other panels)."""
    from matplotlib.collections import LineCollection, PatchCollection
    from matplotlib.patches import Circle

    ax = canvas.ax
    at = {n: place(n) for n in G}
    radius = {n: radius_for(float(G.nodes[n].get(measure) or 0), top_value, r_max) for n in G}
    gid = canvas.gid("context")  # numbered in every panel, so that context-k, ties-k, nodes-k go together
    if context:
        ax.add_collection(PatchCollection([Circle(p, 0.8) for p in context], facecolor="#D9D9D9",
                                          edgecolor="none", gid=gid))
    edges = sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))
    segments = np.array([[*at[u], *at[v]] for u, v, _ in edges]).reshape(-1, 4)
    gid = canvas.gid("ties")
    if len(edges):
        widths = [0.25 + 1.1 * math.sqrt(float(d.get("weight", 1) or 1) / top_weight) for _, _, d in edges]
        ax.add_collection(LineCollection(segments.reshape(-1, 2, 2), linewidths=widths, colors="#8C8C8C",
                                         alpha=0.55, capstyle="round", gid=gid))
    order = sorted(G, key=lambda n: (-radius[n], str(n)))  # small nodes on top of big ones
    circles = [Circle(at[n], radius[n]) for n in order]
    ax.add_collection(PatchCollection(
        circles, facecolor=[group_colour(G.nodes[n].get("group", "")) for n in order],
        edgecolor=["#000000" if G.nodes[n].get("focus") else "#FFFFFF" for n in order],
        linewidth=[1.0 if G.nodes[n].get("focus") else 0.3 for n in order], gid=canvas.gid("nodes")))
    texts = {}
    labels = []
    for n in (n for n in labelled if n in G):
        name, limit = G.nodes[n].get("label", str(n)), 34
        text = short(name, limit)
        w, h = canvas.text_size(text, label_size)
        while w + 0.6 > rect.x1 - rect.x0 and limit > 8:  # a label wider than a small panel is cut more
            limit -= 2
            text = short(name, limit)
            w, h = canvas.text_size(text, label_size)
        texts[n] = text
        labels.append(Label(n, *at[n], radius[n], w + 0.6, h))
    placement = place_labels(labels, [(*at[n], radius[n]) for n in G], segments, rect)
    for n, text in texts.items():
        if n not in placement.boxes:
            continue
        box = placement.boxes[n]
        canvas.text(box.x0 + 0.3, box.y0, text, label_size, "label")
        if n in placement.leaders:
            (x, y), (ex, ey) = at[n], placement.leaders[n]
            d = math.hypot(ex - x, ey - y) or 1.0
            sx, sy = x + (ex - x) * radius[n] / d, y + (ey - y) * radius[n] / d
            ax.plot([sx, ex], [sy, ey], color="#333333", linewidth=0.4, gid=canvas.gid("leader"))
    return Drawn(placement, [n for n in texts if n in placement.boxes], radius)


def _value_text(value: float) -> str:
    return str(round(value)) if float(value).is_integer() else f"{value:.3g}"


def draw_key(canvas: Canvas, G: nx.Graph, measure: str, lang: str, rect: Box, *, top_value: float,
             r_max: float, top_weight: float, groups: Sequence[str] | None = None) -> float:
    """The key (colour = class, size = measure, width = tie weight) in rows from the top of
    `rect` down; returns the height used."""
    from matplotlib.patches import Circle

    ax = canvas.ax
    size = FONT_PT
    line = (_ASCENT + _DESCENT) * size
    y = rect.y1
    x = rect.x0
    groups = list(groups) if groups is not None else [
        g for g in GROUPS if any(d.get("group") == g for _, d in G.nodes(data=True))]
    # colour
    row_h = line + 1.5
    y -= row_h
    head = canvas.text(x, y, word("colour", lang) + ":", size, "key", bold=True)
    cx = head.x1 + 4
    for g in groups:
        name = word(g, lang)
        w, _ = canvas.text_size(name, size)
        if cx + 7 + w > rect.x1:
            y -= row_h
            cx = rect.x0 + head.x1 - head.x0 + 4
        ax.add_patch(Circle((cx + 2.5, y + line / 2), 2.5, facecolor=group_colour(g), edgecolor="white",
                            linewidth=0.3, gid=canvas.gid("keymark")))
        canvas.text(cx + 6.5, y, name, size, "key")
        cx += 6.5 + w + 6
    # size: three values of the measure, or its one value when every node has it
    values = [top_value, top_value / 4, top_value / 16] if top_value > 0 else [0.0]
    radii = [radius_for(v, top_value, r_max) for v in values]
    y -= max(2 * radii[0], line) + 3
    mid = y + max(2 * radii[0], line) / 2
    head = canvas.text(x, mid - line / 2, f"{word('size', lang)}: {word(measure, lang)}", size, "key", bold=True)
    cx = head.x1 + 5
    for v, r in zip(values, radii):
        ax.add_patch(Circle((cx + r, mid), r, facecolor="#BBBBBB", edgecolor="#666666", linewidth=0.3,
                            gid=canvas.gid("keymark")))
        box = canvas.text(cx + 2 * r + 2, mid - line / 2, _value_text(round(v, 4) if v < 1 else round(v, 1)),
                          size, "key")
        cx = box.x1 + 6
    # tie width
    if G.number_of_edges():
        y -= line + 3
        head = canvas.text(x, y, word("width", lang) + ":", size, "key", bold=True)
        cx = head.x1 + 5
        lightest = min(float(d.get("weight", 1) or 1) for *_, d in G.edges(data=True))
        for w in sorted({min(lightest, top_weight), top_weight}):
            lw = 0.25 + 1.1 * math.sqrt(w / top_weight)
            ax.plot([cx, cx + 12], [y + line / 2] * 2, color="#8C8C8C", linewidth=lw, gid=canvas.gid("keymark"))
            box = canvas.text(cx + 14, y, _value_text(round(w, 3)), size, "key")
            cx = box.x1 + 6
    return rect.y1 - y


@dataclass
class PrintFigure:
    """A drawn figure and what a report or caption says of it."""

    canvas: Canvas
    measure: str
    labelled: list
    dropped: list
    edge_overlaps: int
    top: int
    named: list = field(default_factory=list)

    def save(self, fmt: str) -> bytes:
        return self.canvas.save(fmt)


def _key_height(G: nx.Graph, width: float, lang: str, measure: str, r_max: float) -> float:
    """The height the key takes, found by drawing it once on a scratch canvas."""
    probe = Canvas(width + 10, 400)
    return draw_key(probe, G, measure, lang, Box(0, 0, width, 400), top_value=1.0, r_max=r_max, top_weight=2.0)


def figure(G: nx.Graph, *, measure: str = FIGURE_MEASURE, lang: str = "en", title: str | None = None,
           top: int | None = None, names: Sequence[str] = (), size: str = "double",
           positions: dict | None = None, max_labels: int | None = None) -> PrintFigure:
    """The print figure of `G`: nodes coloured by class and sized by `measure`, the `top` most
    central and the nodes called `names` labelled, a key below, `title` above only when given."""
    if len(G) == 0:
        raise InputError("nothing to draw: the network has no nodes (check the period, the classes and the focus)")
    if size not in SIZES:
        raise InputError(f"unknown figure size {size!r}: use {' or '.join(SIZES)}")
    measure = resolve_measure(G, measure)
    if not is_annotated(G):  # best annotated once by the caller; `G` itself is never changed
        G = annotate(G)
    top = top if top is not None else max_labels if max_labels is not None else TOP_LABELS[size]
    labelled = labelled_nodes(G, measure, top, names)
    positions = positions or layout(G, measure, len(labelled))
    width = _mm(SIZES[size])
    margin = 3.0
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    aspect = (max(ys) - min(ys) + 1) / (max(xs) - min(xs) + 1)
    net_h = min(max(aspect, 0.7 if size == "double" else 0.9), 1.05) * width
    r_max = 6.0 if size == "column" else 9.0
    key_h = _key_height(G, width - 2 * margin, lang, measure, r_max)
    title_h = 0.0
    if title:
        title_h = 14.0
    height = margin + title_h + net_h + 4 + key_h + margin
    canvas = Canvas(width, height)
    if title:
        canvas.text(margin, height - margin - 11, title, 9.0, "title", bold=True)
    rect = Box(margin, margin + key_h + 4, width - margin, height - margin - title_h)
    place = _fit({n: positions[n] for n in G}, rect, r_max + 2)
    top_value = max((float(d.get(measure) or 0) for _, d in G.nodes(data=True)), default=0.0)
    top_weight = max((float(d.get("weight", 1) or 1) for *_, d in G.edges(data=True)), default=1.0)
    drawn = draw_network(canvas, G, measure, place, rect, labelled, top_value=top_value, r_max=r_max,
                         top_weight=top_weight, label_size=FONT_PT)
    draw_key(canvas, G, measure, lang, Box(margin, margin, width - margin, margin + key_h),
             top_value=top_value, r_max=r_max, top_weight=top_weight)
    named = [n for n in labelled if n not in set(rank(G, measure)[:top])]
    return PrintFigure(canvas, measure, drawn.labelled, drawn.placement.dropped, drawn.placement.edge_overlaps,
                       top, named)


# ---------------------------------------------------------------------------- captions


def _window_text(G: nx.Graph, lang: str) -> str:
    window = G.graph.get("window", "all")
    coverage = G.graph.get("coverage")
    if window == "all":
        if coverage:
            span = f"{coverage[0]}–{coverage[1]}"
            return (f"tüm yıllar (veri setinin kapsamı {span}; tarihsiz işler dahil)" if lang == "tr"
                    else f"all years (the dataset covers {span}; undated affairs included)")
        return word("all years", lang)
    span = window.replace("-", "–")
    return f"{span} yıllarına tarihlenen işler" if lang == "tr" else f"affairs dated {span}"


def name_in(G: nx.Graph, n, lang: str) -> str:
    """A node's name in `lang` (a caption in Turkish names nodes in Turkish, whatever the figure's
    language)."""
    d = G.nodes[n]
    return d.get(f"label_{lang}") or d.get("label") or str(n)


def names_list(G: nx.Graph, nodes: Sequence, lang: str) -> str:
    return ", ".join(name_in(G, n, lang) for n in nodes)


def caption(G: nx.Graph, fig: PrintFigure, lang: str) -> str:
    """What the figure shows, in `lang`: the network, its counts and period, the measure that
    sizes the nodes, what a tie's width counts, who is named."""
    measure = fig.measure
    kind = G.graph.get("network", "")
    what = TITLES.get(kind, {}).get(lang, kind)
    dataset = G.graph.get(f"dataset_{lang}") or G.graph.get("dataset", "")
    weighting = weighting_text(G, lang)
    classes = ", ".join(f"{word(g, lang)} {c}" for g in GROUPS
                        if (c := sum(1 for _, d in G.nodes(data=True) if d.get("group") == g)))
    values = [float(d.get(measure) or 0) for _, d in G.nodes(data=True)]
    span = f"{_value_text(round(min(values), 4))}–{_value_text(round(max(values), 4))}"
    weighted = measure in WEIGHTED_MEASURES
    named = names_list(G, fig.named, lang)
    top = min(fig.top, len(G))
    if lang == "tr":
        span = span.replace(".", ",")  # Turkish writes a decimal comma
        text = (f"{what}" + (f" — {dataset}" if dataset else "") + f". {len(G)} düğüm, "
                f"{G.number_of_edges()} bağ; {_window_text(G, lang)}. Düğüm boyutu: "
                f"{word(measure, lang)} merkeziliği ({span}; bağ ağırlıkları "
                f"{'hesaba katıldı' if weighted else 'hesaba katılmadı'}). Renk: düğüm sınıfı "
                f"({classes}). Bağ kalınlığı: {weighting}. Adı yazılanlar: {word(measure, lang)} "
                f"ölçüsüne göre en merkezi {top} düğüm" + (f" ve {named}" if named else "") + ".")
        if fig.dropped:
            text += f" Yer bulunamadığı için adı yazılamayanlar: {names_list(G, fig.dropped, lang)}."
        text += " Yerleşim: Graphviz sfdp (kuvvet yönelimli). Kaynak: Ittifak bilgi grafı."
    else:
        text = (f"{what}" + (f" — {dataset}" if dataset else "") + f". {len(G)} nodes, "
                f"{G.number_of_edges()} ties; {_window_text(G, lang)}. Node size: {word(measure, lang)} "
                f"centrality ({span}; tie weights {'used' if weighted else 'ignored'}). Colour: class of "
                f"node ({classes}). Tie width: {weighting}. Named: the {top} most central nodes by "
                f"{word(measure, lang)}" + (f", and {named}" if named else "") + ".")
        if fig.dropped:
            text += f" Not named for want of room: {names_list(G, fig.dropped, lang)}."
        text += " Layout: Graphviz sfdp (force-directed). Source: Ittifak knowledge graph."
    return text


def caption_languages(G: nx.Graph, lang: str) -> list[str]:
    """The chosen language first, then the dataset's other languages the captions are written in."""
    return list(dict.fromkeys([lang, *(x for x in G.graph.get("languages", ()) if x in ("tr", "en"))]))


def write_caption(path: Path | str, texts: Sequence[str]) -> Path:
    """The caption file: one paragraph per language."""
    return atomic_write(Path(path), "\n\n".join(texts) + "\n")


def write_figure(G: nx.Graph, base: Path | str, formats: tuple[str, ...] = FORMATS, *,
                 lang: str = "en", report: list | None = None, **options) -> list[Path]:
    """Write `base`.svg/.png/.pdf and `base`.caption.txt (atomically); return the paths written.
    `report`, when given, receives the PrintFigure (labels dropped, ties under labels)."""
    if not is_annotated(G):
        G = annotate(G)
    fig = figure(G, lang=lang, **options)
    # every file rendered before any is written: a failure leaves the last set whole, not a new
    # SVG beside an old PDF and caption
    rendered = {Path(f"{base}.{fmt}"): fig.save(fmt) for fmt in formats}
    texts = [caption(G, fig, x) for x in caption_languages(G, lang)]
    written = []
    for path, data in rendered.items():
        atomic_write(path, data)
        written.append(path)
    written.append(write_caption(f"{base}.caption.txt", texts))
    if report is not None:
        report.append(fig)
    return written
