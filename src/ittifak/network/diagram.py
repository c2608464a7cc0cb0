"""Static network figures for articles and slides: SVG, PNG and PDF drawn by Graphviz.

Graphviz's sfdp (a multilevel force-directed layout) spreads a few hundred nodes without the
hairball a plain spring layout gives, and its prism overlap removal keeps every drawn label
clear of every other node. The layout is run once; the figure is then drawn from those fixed
positions (``neato -n2``) in each format, so SVG, PNG and PDF show the same picture. Labels are
set in DejaVu Sans, which has every Turkish letter.
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from pathlib import Path

import graphviz
import networkx as nx

from ittifak.core.errors import InputError, IttifakError
from ittifak.core.output import atomic_write
from ittifak.network.centrality import annotate, is_annotated, rank, resolve_measure
from ittifak.network.exchange import group_colour
from ittifak.network.projection import GROUPS

FONT = "DejaVu Sans"
FORMATS = ("svg", "png", "pdf")

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

_WORDS = {
    "size": ("Boyut", "Size"),
    "nodes": ("düğüm", "nodes"),
    "ties": ("bağ", "ties"),
    "source": ("Kaynak: Ittifak bilgi grafı", "Source: Ittifak knowledge graph"),
    "all years": ("tüm yıllar", "all years"),
}


def network_title(G: nx.Graph, lang: str) -> str:
    """The default title of a network's figure or page: what it shows, and of which dataset
    (``G.graph["dataset_tr"]``/``["dataset_en"]``, else ``G.graph["dataset"]``)."""
    what = TITLES.get(G.graph.get("network", ""), {}).get(lang, "")
    dataset = G.graph.get(f"dataset_{lang}") or G.graph.get("dataset", "")
    return " — ".join(part for part in (what, dataset) if part) or "Ittifak"


def word(key: str, lang: str) -> str:
    pair = _WORDS.get(key) or GROUP_NAMES.get(key) or MEASURE_NAMES.get(key) or (key, key)
    return pair[0] if lang == "tr" else pair[1]


def _text_colour(hexa: str) -> str:
    r, g, b = (int(hexa[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return "#000000" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 else "#FFFFFF"


def _scaled(G: nx.Graph, measure: str) -> dict:
    values = {n: float(G.nodes[n].get(measure) or 0) for n in G}
    top = max(values.values(), default=0) or 1.0
    return {n: math.sqrt(max(v, 0) / top) for n, v in values.items()}


def labelled_nodes(G: nx.Graph, measure: str, max_labels: int) -> set:
    """The nodes whose names the figure prints: the `max_labels` highest by `measure`, and any
    focus node."""
    chosen = set(rank(G, measure)[:max_labels])
    return chosen | {n for n, f in G.nodes(data="focus") if f}


def short(label: str, limit: int = 48) -> str:
    """A label cut at a word boundary to fit a figure; the full one stays in the tooltip.

    >>> short("Türkiye ve Azerbaycan Ticaret ve Ekonomik İş Birliği Anlaşması", 30)
    'Türkiye ve Azerbaycan Ticaret…'
    """
    if len(label) <= limit:
        return label
    cut = label[: limit - 1]
    if label[limit - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–-") + "…"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _names(G: nx.Graph) -> dict:
    """Short DOT names (n0, n1, …) in IRI order: an IRI's colon would read as a DOT port."""
    return {n: f"n{i}" for i, n in enumerate(sorted(G, key=str))}


def _build(G: nx.Graph, measure: str, labelled: set, positions: dict | None,
           legend: str | None, font_scale: float = 1.0) -> graphviz.Graph:
    size = _scaled(G, measure)
    weights = [float(d.get("weight", 1) or 1) for _, _, d in G.edges(data=True)]
    heaviest = max(weights, default=1.0)
    dot = graphviz.Graph("ittifak", engine="sfdp", strict=True)
    dot.attr("graph", overlap="prism", overlap_scaling="-4", sep="+5", splines="false",
             outputorder="edgesfirst", fontname=FONT, bgcolor="white", pad="0.4", K="0.9",
             start="7")
    if legend is not None:
        dot.attr("graph", label=legend, labelloc="t", labeljust="l")
    dot.attr("node", fontname=FONT, style="filled", penwidth="0.6", color="#FFFFFF")
    dot.attr("edge", color="#6B6B6B55")
    names = _names(G)
    for n in sorted(G, key=str):
        d = G.nodes[n]
        fill = group_colour(d.get("group", ""))
        attrs = {"fillcolor": fill, "tooltip": d.get("label", str(n)), "id": str(n)}
        if positions is not None:
            x, y = positions[n]
            attrs["pos"] = f"{x:.2f},{y:.2f}!"
        if n in labelled:
            attrs.update(shape="box", style="rounded,filled", label=short(d.get("label", str(n))),
                         fontsize=f"{font_scale * (10 + 12 * size[n]):.1f}", fontcolor=_text_colour(fill),
                         margin="0.06,0.03", height="0.1", width="0.1")
            if d.get("focus"):
                attrs.update(penwidth="3", color="#000000")
        else:
            attrs.update(shape="circle", fixedsize="true", label="", width=f"{0.1 + 0.35 * size[n]:.3f}")
        dot.node(names[n], **attrs)
    for u, v, d in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        w = float(d.get("weight", 1) or 1)
        dot.edge(names[u], names[v], penwidth=f"{0.5 + 2.5 * math.sqrt(w / heaviest):.2f}")
    return dot


PAGE = (770.0, 520.0)
"""The drawing area of an A4 landscape page, in points: the PDF is set to fit it."""
MIN_PRINTED_FONT = 7.0


class Positions(dict):
    """``{node: (x, y)}`` in points, with the label scale the layout was made for."""

    font_scale: float = 1.0


def _sfdp(G: nx.Graph, measure: str, labelled: set, font_scale: float) -> tuple[dict, tuple]:
    try:
        laid = json.loads(_build(G, measure, labelled, None, None, font_scale).pipe(format="json0"))
    except graphviz.ExecutableNotFound:
        raise IttifakError("Graphviz is not installed (its sfdp program draws the figures): "
                           "run scripts/setup.sh --system") from None
    by_name = {name: n for n, name in _names(G).items()}
    positions = {}
    for obj in laid.get("objects", []):
        if obj.get("name") in by_name and "pos" in obj:
            x, y = (float(c) for c in obj["pos"].split(","))
            positions[by_name[obj["name"]]] = (x, y)
    x0, y0, x1, y1 = (float(c) for c in laid["bb"].split(","))
    return positions, (x1 - x0, y1 - y0)


def layout(G: nx.Graph, measure: str = "degree", max_labels: int = 40) -> Positions:
    """Positions (points) of the figure's sfdp layout; deterministic.

    The labels are scaled up until the smallest prints at 7 pt or more once the drawing is fitted
    to an A4 landscape page (at most three tries; more nodes spread the drawing, and larger labels
    push it apart less than they grow).
    """
    result = Positions()
    if len(G) == 0:
        return result
    measure = resolve_measure(G, measure)
    labelled = labelled_nodes(G, measure, max_labels)
    scale = 1.0
    for attempt in range(3):
        positions, (width, height) = _sfdp(G, measure, labelled, scale)
        printed = 10 * scale * min(1.0, PAGE[0] / max(width, 1), PAGE[1] / max(height, 1))
        if printed >= MIN_PRINTED_FONT or scale >= 3 or attempt == 2:
            break
        scale = min(3.0, scale * MIN_PRINTED_FONT / printed * 1.05)
    result.update(positions)
    result.font_scale = scale  # the scale these positions were laid out for
    return result


def _legend(G: nx.Graph, measure: str, lang: str, title: str, width_pt: float) -> str:
    big = max(18.0, width_pt / 45)
    small = big * 0.62
    groups = [g for g in GROUPS if any(d.get("group") == g for _, d in G.nodes(data=True))]
    swatches = "   ".join(
        f'<font color="{group_colour(g)}" point-size="{small * 1.3:.1f}">■</font> {_escape(word(g, lang))}'
        for g in groups
    )
    window = G.graph.get("window", "all")
    when = word("all years", lang) if window == "all" else window.replace("-", "–")
    facts = (f"{word('size', lang)}: {word(measure, lang)}  ·  {len(G)} {word('nodes', lang)}, "
             f"{G.number_of_edges()} {word('ties', lang)}  ·  {when}  ·  {word('source', lang)}")
    return (f'<<table border="0" cellspacing="2" cellpadding="2">'
            f'<tr><td align="left"><font point-size="{big:.1f}"><b>{_escape(title)}</b></font></td></tr>'
            f'<tr><td align="left"><font point-size="{small:.1f}">{swatches or " "}</font></td></tr>'
            f'<tr><td align="left"><font point-size="{small:.1f}" color="#444444">{_escape(facts)}'
            f"</font></td></tr></table>>")


def figure(G: nx.Graph, *, measure: str = "degree", lang: str = "en", title: str | None = None,
           max_labels: int = 40, positions: dict | None = None) -> graphviz.Graph:
    """The figure as a positioned Graphviz graph (render it with neato -n2)."""
    if len(G) == 0:
        raise InputError("nothing to draw: the network has no nodes (check the period, the classes and the focus)")
    measure = resolve_measure(G, measure)
    if not is_annotated(G):  # best annotated once by the caller; `G` itself is never changed
        G = annotate(G)
    positions = positions or layout(G, measure, max_labels)
    xs = [p[0] for p in positions.values()] or [0]
    title = title or network_title(G, lang)
    legend = _legend(G, measure, lang, title, max(xs) - min(xs) + 200)
    return _build(G, measure, labelled_nodes(G, measure, max_labels), positions, legend,
                  getattr(positions, "font_scale", 1.0))


def render(dot: graphviz.Graph, fmt: str) -> bytes:
    """Bytes of `dot` drawn in `fmt` (svg, png or pdf) from its fixed positions."""
    if fmt not in FORMATS:
        raise IttifakError(f"unknown figure format {fmt!r}: use {', '.join(FORMATS)}")
    source = dot.source
    if fmt == "png":  # about 3000 pixels across, whatever the drawing's size
        source = source.replace("{", f"{{\n\tgraph [dpi={_png_dpi(dot)}]", 1)
    elif fmt == "pdf":  # an A4 landscape page (11.69 × 8.27 in), margins left
        source = source.replace("{", '{\n\tgraph [size="11.2,7.8"]', 1)
    drawn = graphviz.Source(source, engine="neato").pipe(format=fmt, neato_no_op=2, quiet=True)
    return _pdf_dates(drawn) if fmt == "pdf" else drawn


_PDF_DATE = re.compile(rb"/(?:CreationDate|ModDate) \([^)]*\)")


def _pdf_dates(pdf: bytes) -> bytes:
    """The PDF's dates set from SOURCE_DATE_EPOCH, else blanked, so a build is byte-identical.

    cairo 1.16 (under Graphviz here) writes the current time and ignores SOURCE_DATE_EPOCH. Each
    date is overwritten in place, padded with spaces, so the cross-reference offsets still hold.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    stamp = time.strftime("D:%Y%m%d%H%M%SZ", time.gmtime(int(epoch))).encode() if epoch.isdigit() else None

    def fix(found: re.Match) -> bytes:
        old = found.group(0)
        new = old.split(b" (")[0] + b" (" + stamp + b")" if stamp else b""
        return (new if len(new) <= len(old) else b"").ljust(len(old))

    return _PDF_DATE.sub(fix, pdf)


def _png_dpi(dot: graphviz.Graph) -> int:
    laid = json.loads(graphviz.Source(dot.source, engine="neato").pipe(format="json0", neato_no_op=2))
    x0, y0, x1, y1 = (float(c) for c in laid["bb"].split(","))
    return max(72, min(220, int(3000 * 72 / max(x1 - x0, y1 - y0, 1))))


def write_figure(G: nx.Graph, base: Path | str, formats: tuple[str, ...] = FORMATS, **options) -> list[Path]:
    """Write `base`.svg/.png/.pdf (atomically) and return the paths written."""
    dot = figure(G, **options)
    written = []
    for fmt in formats:
        path = Path(f"{base}.{fmt}")
        atomic_write(path, render(dot, fmt))
        written.append(path)
    return written
