"""Change over time, for print: one panel per year with the nodes where the whole period's layout
put them, and the centralities of the leading actors year by year.

Both figures are drawn like `ittifak.network.diagram`'s (same sizes, fonts, colours, key and
caption file); the years are the dataset's coverage (dataset.ttl), never fixed in code.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

import networkx as nx

from ittifak.core.errors import InputError
from ittifak.core.output import atomic_write
from ittifak.network.centrality import rank, resolve_measure
from ittifak.network.diagram import (
    _ASCENT,
    _DESCENT,
    FIGURE_MEASURE,
    FONT_PT,
    FORMATS,
    SIZES,
    TITLES,
    Canvas,
    _fit,
    _key_height,
    _mm,
    caption_languages,
    draw_key,
    draw_network,
    labelled_nodes,
    names_list,
    short,
    weighting_text,
    word,
    write_caption,
)
from ittifak.network.labels import Box
from ittifak.network.projection import find_nodes

LINE_STYLES = ("-", "--", "-.", ":")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
PER_PANEL_LABELS = 4
IN_NETWORK = {
    "actors": ("aktör ağında", "in the actor network"),
    "bipartite": ("aktör–iş ağında", "in the actor–affair network"),
    "organisational": ("kurum ağında", "in the organisational network"),
}


def _years_caption(G: nx.Graph, yearly: dict[int, nx.Graph], measure: str, lang: str, names: Sequence) -> str:
    kind = G.graph.get("network", "")
    what = TITLES.get(kind, {}).get(lang, kind)
    dataset = G.graph.get(f"dataset_{lang}") or G.graph.get("dataset", "")
    counts = "; ".join(f"{y}: {len(g)}/{g.number_of_edges()}" for y, g in yearly.items())
    years = f"{min(yearly)}–{max(yearly)}"
    weighting = weighting_text(G, lang)
    if lang == "tr":
        return (f"{what}, yıl yıl ({years})" + (f" — {dataset}" if dataset else "") + ". Her panel o yıla "
                f"tarihlenen işlerin ağıdır (düğüm/bağ: {counts}); düğümler tüm dönemin yerleşimindeki "
                "yerlerinde durur, o yıl bağı olmayanlar gri noktadır. Düğüm boyutu: o yılın ağındaki "
                f"{word(measure, lang)} merkeziliği (tüm panellerde aynı ölçek). Bağ kalınlığı: {weighting}. "
                f"Her panelde en merkezi {PER_PANEL_LABELS} düğümün adı yazılıdır"
                + (f", ayrıca {names_list(G, names, lang)}" if names else "") + ". Kaynak: Ittifak bilgi grafı.")
    return (f"{what}, year by year ({years})" + (f" — {dataset}" if dataset else "") + ". Each panel is the "
            f"network of the affairs dated in that year (nodes/ties: {counts}); nodes stay where the whole "
            "period's layout put them, and those without a tie that year are grey dots. Node size: "
            f"{word(measure, lang)} centrality in that year's network (one scale for all panels). Tie width: "
            f"{weighting}. Each panel names its {PER_PANEL_LABELS} most central nodes"
            + (f", and {names_list(G, names, lang)}" if names else "") + ". Source: Ittifak knowledge graph.")


def years_figure(G: nx.Graph, yearly: dict[int, nx.Graph], positions: dict, *, measure: str = FIGURE_MEASURE,
                 lang: str = "en", size: str = "double", names: Sequence[str] = ()) -> Canvas:
    """Small multiples: one panel per year of `yearly` (annotated networks), nodes at `positions`
    (the whole period's layout), sized on one scale across the panels."""
    if not yearly:
        raise InputError("no years to draw: the dataset gives no temporal coverage (dcterms:temporal)")
    measure = resolve_measure(G, measure)
    width = _mm(SIZES[size])
    cols = min(len(yearly), 2 if size == "column" else 4)
    rows = math.ceil(len(yearly) / cols)
    margin, gap, head = 3.0, 4.0, (_ASCENT + _DESCENT) * 8.0 + 2
    panel_w = (width - 2 * margin - (cols - 1) * gap) / cols
    panel_h = panel_w * 0.95
    r_max = 4.5 if size == "column" else 6.0
    key_h = _key_height(G, width - 2 * margin, lang, measure, r_max)
    height = 2 * margin + rows * (panel_h + head) + (rows - 1) * gap + 4 + key_h
    canvas = Canvas(width, height)
    top_value = max((float(d.get(measure) or 0) for g in yearly.values() for _, d in g.nodes(data=True)),
                    default=0.0)
    top_weight = max((float(d.get("weight", 1) or 1) for g in yearly.values() for *_, d in g.edges(data=True)),
                     default=1.0)
    for i, (year, g) in enumerate(sorted(yearly.items())):
        row, col = divmod(i, cols)
        x0 = margin + col * (panel_w + gap)
        top = height - margin - row * (panel_h + head + gap)
        rect = Box(x0, top - head - panel_h, x0 + panel_w, top - head)
        canvas.ax.add_patch(_frame(rect, canvas.gid("frame")))
        canvas.text(x0 + 1, top - head + 1, str(year), 8.0, "panel", bold=True)
        canvas.text(x0 + panel_w - 1, top - head + 1, f"{len(g)} {word('nodes', lang)}, "
                    f"{g.number_of_edges()} {word('ties', lang)}", FONT_PT, "panel", anchor="right")
        place = _fit(positions, rect, r_max + 1)
        context = [place(n) for n in positions if n not in g]
        drawn_nodes = [n for n in g if n in positions]
        sub = g.subgraph(drawn_nodes)
        labelled = labelled_nodes(sub, measure, PER_PANEL_LABELS, [x for x in names if _named_in(sub, x)]) \
            if len(sub) else []
        draw_network(canvas, sub, measure, place, rect, labelled, top_value=top_value, r_max=r_max,
                     top_weight=top_weight, context=context)
    draw_key(canvas, G, measure, lang, Box(margin, margin, width - margin, margin + key_h),
             top_value=top_value, r_max=r_max, top_weight=top_weight)
    return canvas


def _named_in(g: nx.Graph, name: str) -> bool:
    return bool(find_nodes(g, name))


def _frame(rect: Box, gid: str):
    from matplotlib.patches import Rectangle

    return Rectangle((rect.x0, rect.y0), rect.x1 - rect.x0, rect.y1 - rect.y0, fill=False,
                     edgecolor="#BBBBBB", linewidth=0.4, gid=gid)


def trend_actors(G: nx.Graph, measure: str, names: Sequence[str] = (), count: int = 6) -> list:
    """The actors whose centrality over the years is plotted: the nodes called `names`, then the
    most central of the whole period, `count` in all (more when more are named)."""
    named = labelled_nodes(G, measure, 0, names) if names else []
    rest = [n for n in rank(G, measure) if n not in named]
    return named + rest[: max(count - len(named), 0)]


def trends_figure(G: nx.Graph, yearly: dict[int, nx.Graph], *, measure: str = FIGURE_MEASURE, lang: str = "en",
                  size: str = "double", names: Sequence[str] = (), count: int = 6) -> tuple[Canvas, list]:
    """One line per leading actor: its `measure` in each year's network (0 in a year it has no
    tie). Returns the canvas and the actors drawn."""
    if not yearly:
        raise InputError("no years to draw: the dataset gives no temporal coverage (dcterms:temporal)")
    measure = resolve_measure(G, measure)
    actors = trend_actors(G, measure, names, count)
    width = _mm(SIZES[size])
    line = (_ASCENT + _DESCENT) * FONT_PT
    per_row = 2 if size == "column" else 3
    legend_h = math.ceil(len(actors) / per_row) * (line + 2) + 4
    plot_h = width * (0.62 if size == "column" else 0.42)
    height = plot_h + legend_h + 6
    canvas = Canvas(width, height)
    years = sorted(yearly)
    ax = canvas.fig.add_axes((34 / width, (legend_h + 24) / height, 1 - 42 / width, (plot_h - 28) / height))
    palette = ("#000000", "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442")
    for i, n in enumerate(actors):
        values = [float(yearly[y].nodes[n].get(measure) or 0) if n in yearly[y] else 0.0 for y in years]
        ax.plot(years, values, color=palette[i % len(palette)], linestyle=LINE_STYLES[i % len(LINE_STYLES)],
                marker=MARKERS[i % len(MARKERS)], markersize=3.5, linewidth=1.0, gid=f"trend-{i + 1}")
    ax.set_xticks(years, [str(y) for y in years])
    ax.tick_params(labelsize=FONT_PT, width=0.5, length=2.5)
    ax.set_ylabel(f"{word(measure, lang)}", fontsize=FONT_PT)
    ax.set_ylim(bottom=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_linewidth(0.5)
    ax.grid(axis="y", linewidth=0.3, color="#DDDDDD")
    col_w = (width - 6) / per_row
    for i, n in enumerate(actors):
        row, col = divmod(i, per_row)
        x = 3 + col * col_w
        y = legend_h - (row + 1) * (line + 2)
        colour = palette[i % len(palette)]
        canvas.ax.plot([x, x + 14], [y + line / 2] * 2, color=colour, linestyle=LINE_STYLES[i % len(LINE_STYLES)],
                       linewidth=1.0, gid=canvas.gid("keymark"))
        canvas.ax.plot([x + 7], [y + line / 2], color=colour, marker=MARKERS[i % len(MARKERS)], markersize=3.5,
                       gid=canvas.gid("keymark"))
        canvas.text(x + 17, y, short(G.nodes[n].get("label", str(n)), 30), FONT_PT, "key")
    return canvas, actors


def _trends_caption(G: nx.Graph, yearly: dict, actors: list, measure: str, lang: str) -> str:
    kind = G.graph.get("network", "")
    dataset = G.graph.get(f"dataset_{lang}") or G.graph.get("dataset", "")
    who = names_list(G, actors, lang)
    where = IN_NETWORK.get(kind, (kind, kind))[0 if lang == "tr" else 1]
    what = word(measure, lang)
    what = what[:1].upper() + what[1:]
    years = f"{min(yearly)}–{max(yearly)}"
    if lang == "tr":
        return (f"{what} merkeziliği, yıl yıl ({years}), {where}"
                + (f" — {dataset}" if dataset else "") + f". Çizgiler: {who}. Her yılın değeri yalnız o yıla "
                "tarihlenen işlerin ağında hesaplandı; o yıl bağı olmayan aktör 0'dır. Kaynak: Ittifak bilgi grafı.")
    return (f"{what} centrality year by year ({years}) {where}"
            + (f" — {dataset}" if dataset else "") + f". Lines: {who}. Each year's value is computed on the "
            "network of the affairs dated in that year; an actor without a tie that year scores 0. "
            "Source: Ittifak knowledge graph.")


def write_year_figures(G: nx.Graph, base: Path | str, network_for: Callable[[int], nx.Graph],
                       years: tuple[int, int], positions: dict, formats: tuple[str, ...] = FORMATS, *,
                       measure: str = FIGURE_MEASURE, lang: str = "en", size: str = "double",
                       names: Sequence[str] = ()) -> list[Path]:
    """`base`-years.* (small multiples) and `base`-trends.* (centralities over the years), with
    their caption files. `network_for(year)` gives that year's annotated network (empty if none)."""
    measure = resolve_measure(G, measure)
    yearly = {y: network_for(y) for y in range(years[0], years[1] + 1)}
    written: list[Path] = []
    small = years_figure(G, yearly, positions, measure=measure, lang=lang, size=size, names=names)
    trends, actors = trends_figure(G, yearly, measure=measure, lang=lang, size=size, names=names)
    named = labelled_nodes(G, measure, 0, names) if names else []
    # every file rendered before any is written, so that a failure leaves the last set whole
    rendered: list[tuple[Path, bytes | list[str]]] = []
    for suffix, canvas, text in (
            ("years", small, lambda x: _years_caption(G, yearly, measure, x, named)),
            ("trends", trends, lambda x: _trends_caption(G, yearly, actors, measure, x))):
        rendered += [(Path(f"{base}-{suffix}.{fmt}"), canvas.save(fmt)) for fmt in formats]
        rendered.append((Path(f"{base}-{suffix}.caption.txt"), [text(x) for x in caption_languages(G, lang)]))
    for path, data in rendered:
        written.append(write_caption(path, data) if isinstance(data, list) else atomic_write(path, data))
    return written

