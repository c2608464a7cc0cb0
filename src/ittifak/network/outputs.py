"""The network outputs of a build and of the `centrality`, `network` and `diagram` commands."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from ittifak.core import formats
from ittifak.core.errors import InputError
from ittifak.core.layout import Dataset
from ittifak.core.output import atomic_write
from ittifak.core.text import shown
from ittifak.network.centrality import (
    ROW_FIELDS,
    annotate,
    centrality_table,
    is_annotated,
    measures_for,
    resolve_measure,
)
from ittifak.network.diagram import FIGURE_MEASURE, TOP_LABELS, labelled_nodes, layout, write_figure
from ittifak.network.diagram import FORMATS as FIGURE_FORMATS
from ittifak.network.exchange import flat_value, write_network
from ittifak.network.panels import write_year_figures
from ittifak.network.projection import (
    EVIDENCE,
    NETWORKS,
    Facts,
    build_network,
    filter_classes,
    find_nodes,
    focus,
    read_facts,
    set_language,
)
from ittifak.network.webmap import write_webmap
from ittifak.store.base import Store

REPORT_FORMATS = formats.names("centrality")


def windows(start: int | None, end: int | None, by_year: bool,
            coverage: tuple[int, int] | None = None) -> list[tuple[int | None, int | None]]:
    """The (from, to) windows a report covers: one, or one per year with `by_year`.

    Per-year windows run over `coverage` (the dataset's years, from dataset.ttl) unless `start`
    and `end` say otherwise.
    """
    if start is not None and end is not None and start > end:
        raise InputError(f"the period starts ({start}) after it ends ({end})")
    if not by_year:
        return [(start, end)]
    first = start if start is not None else coverage[0] if coverage else None
    last = end if end is not None else coverage[1] if coverage else None
    if first is None or last is None:
        raise InputError("a per-year report needs a first and last year: the dataset's coverage "
                         "(dcterms:temporal in dataset.ttl) or a period given")
    if last < first:
        raise InputError(f"the period starts ({first}) after it ends ({last})")
    return [(y, y) for y in range(first, last + 1)]


def evidence_counts(g: nx.Graph) -> dict:
    """How many ties, and nodes, an archival document supports and how many only the paper's
    narrative does (a node counts as archival when one of its ties is).

    >>> g = nx.Graph(); g.add_edge("a", "b", evidence="archival"); g.add_edge("b", "c", evidence="paper")
    >>> for n in g: g.nodes[n]["evidence"] = "paper" if n == "c" else "archival"
    >>> evidence_counts(g)
    {'ties': {'archival': 1, 'paper': 1}, 'nodes': {'archival': 2, 'paper': 1}}
    """
    ties = [d.get("evidence", "paper") for _, _, d in g.edges(data=True)]
    nodes = [d.get("evidence", "paper") for _, d in g.nodes(data=True)]
    return {"ties": {e: ties.count(e) for e in EVIDENCE[1:]}, "nodes": {e: nodes.count(e) for e in EVIDENCE[1:]}}


def evidence_summary(g: nx.Graph) -> str:
    """One line: the network's size with its ties and nodes by evidence."""
    counts = evidence_counts(g)
    return (f"{g.graph.get('network', '')} network ({g.graph.get('evidence', 'any')} evidence): "
            f"{len(g)} nodes ({counts['nodes']['archival']} archival, {counts['nodes']['paper']} paper only), "
            f"{g.number_of_edges()} ties ({counts['ties']['archival']} archival, {counts['ties']['paper']} paper only)")


def centrality_windows(source: Store | Facts, kind: str = "actors", *, sort: str = "degree",
                       top: int | None = 20, lang: str = "en", start: int | None = None,
                       end: int | None = None, by_year: bool = False,
                       coverage: tuple[int, int] | None = None, evidence: str = "any",
                       weighting: str = "newman") -> list[dict]:
    """For each window: its network's size, its ties and nodes by evidence and its ranked
    centrality rows."""
    facts = source if isinstance(source, Facts) else read_facts(source)
    out = []
    for lo, hi in windows(start, end, by_year, coverage):
        g = annotate(build_network(facts, kind, lo, hi, lang, evidence, weighting))
        rows = centrality_table(g, sort=sort, top=top) if len(g) else []
        out.append({"from": lo, "to": hi, "nodes": len(g), "edges": g.number_of_edges(),
                    "evidence": evidence, "by_evidence": evidence_counts(g),
                    "measures": measures_for(g) if len(g) else measures_for(nx.Graph(network=kind)),
                    "rows": rows})
    return out


def compare_evidence(source: Store | Facts, kind: str = "actors", *, sort: str = "degree",
                     top: int | None = 20, lang: str = "en", start: int | None = None,
                     end: int | None = None, weighting: str = "newman") -> list[dict]:
    """The actors whose rank by `sort` moves most between the full network and the one of
    archival ties only: rank in each (None where the archival network lacks the node), the
    move (full rank minus archival rank: positive when archives alone rank it higher), largest
    moves first; nodes missing from the archival network come first, by their full rank."""
    facts = source if isinstance(source, Facts) else read_facts(source)
    full = annotate(build_network(facts, kind, start, end, lang, "any", weighting))
    archival = annotate(build_network(facts, kind, start, end, lang, "archival", weighting))
    ranks_full = {r["iri"]: r for r in centrality_table(full, sort=sort)} if len(full) else {}
    ranks_arch = {r["iri"]: r["rank"] for r in centrality_table(archival, sort=sort)} if len(archival) else {}
    rows = []
    for iri, r in ranks_full.items():
        if full.nodes[iri].get("kind", "actor") != "actor":  # affairs and posts are not actors
            continue
        other = ranks_arch.get(iri)
        rows.append({"iri": iri, "label": r["label"], "class": r["class"], "rank_full": r["rank"],
                     "rank_archival": other, "move": None if other is None else r["rank"] - other})
    rows.sort(key=lambda r: (r["move"] is not None, -abs(r["move"] or 0), r["rank_full"], r["iri"]))
    return rows[:top] if top else rows


def format_comparison(rows: list[dict], fmt: str, kind: str, sort: str) -> str:
    """The comparison as an aligned table, CSV or JSON."""
    fields = ["rank_full", "rank_archival", "move", "label", "class", "iri"]
    if fmt == "json":
        return json.dumps({"network": kind, "sort": sort, "rows": rows}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(fields)
        for r in rows:
            writer.writerow(["" if r[f] is None else r[f] for f in fields])
        return buf.getvalue()
    lines = [f"{kind} network: rank by {sort}, all ties against archival ties only; largest moves first",
             f"{'full':>5} {'archival':>8} {'move':>5}  name"]
    for r in rows:
        arch = "—" if r["rank_archival"] is None else str(r["rank_archival"])
        move = "gone" if r["move"] is None else f"{r['move']:+d}"
        label = shown(r["label"])
        label = label if len(label) <= 60 else label[:59] + "…"
        lines.append(f"{r['rank_full']:>5} {arch:>8} {move:>5}  {label} ({r['class']})")
    return "\n".join(lines) + "\n"


def _short(value) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def format_report(result: list[dict], fmt: str, kind: str, sort: str, lang: str) -> str:
    """The centrality windows as an aligned table, CSV or JSON."""
    if fmt == "json":
        return json.dumps({"network": kind, "sort": sort, "lang": lang, "windows": result},
                          ensure_ascii=False, indent=2) + "\n"
    measures = result[0]["measures"] if result else []
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["from", "to", *ROW_FIELDS, *measures])
        for w in result:
            for row in w["rows"]:
                writer.writerow([w["from"] or "", w["to"] or "", *(flat_value(f, row[f]) for f in ROW_FIELDS),
                                 *(row[m] for m in measures)])
        return buf.getvalue()
    if fmt != "table":
        raise InputError(f"unknown format {fmt!r}: use {', '.join(REPORT_FORMATS)}")
    lines = []
    for w in result:
        span = "all years" if w["from"] is None and w["to"] is None else (
            str(w["from"]) if w["from"] == w["to"] else f"{w['from'] or '…'}–{w['to'] or '…'}")
        counts = w.get("by_evidence") or evidence_counts(nx.Graph())
        lines.append(f"{kind} network, {span}: {w['nodes']} nodes ({counts['nodes']['archival']} archival, "
                     f"{counts['nodes']['paper']} paper only), {w['edges']} ties ({counts['ties']['archival']} "
                     f"archival, {counts['ties']['paper']} paper only); evidence {w.get('evidence', 'any')}; "
                     f"by {sort}")
        if not w["rows"]:
            lines.append("  (no nodes)")
            lines.append("")
            continue
        labels = [shown(r["label"]) for r in w["rows"]]
        width = min(42, max(len(x) for x in labels))
        cls = max(5, max(len(r["class"]) for r in w["rows"]))
        heads = [m.replace("bipartite_", "bip_").replace("weighted_degree", "w_degree") for m in measures]
        cols = [max(len(h), 8) for h in heads]
        lines.append(f"{'#':>3}  {'name':<{width}}  {'class':<{cls}}  "
                     + "  ".join(f"{h:>{c}}" for h, c in zip(heads, cols)))
        for r, label in zip(w["rows"], labels):
            name = label if len(label) <= width else label[: width - 1] + "…"
            lines.append(f"{r['rank']:>3}  {name:<{width}}  {r['class']:<{cls}}  "
                         + "  ".join(f"{_short(r[m]):>{c}}" for m, c in zip(measures, cols)))
        lines.append("")
    return "\n".join(lines)


def centrality_report(source: Store | Facts, kind: str = "actors", *, fmt: str = "table",
                      sort: str = "degree", top: int | None = 20, lang: str = "en",
                      start: int | None = None, end: int | None = None, by_year: bool = False,
                      coverage: tuple[int, int] | None = None, evidence: str = "any",
                      weighting: str = "newman", compare: bool = False) -> str:
    """What `ittifak centrality` prints; with `compare`, the actors whose rank moves most
    between the archival network and the full one (`compare_evidence`)."""
    if fmt not in REPORT_FORMATS:
        raise InputError(f"unknown format {fmt!r}: use {', '.join(REPORT_FORMATS)}")
    if compare:
        if by_year:
            raise InputError("--compare-evidence compares one period: leave out --by-year")
        rows = compare_evidence(source, kind, sort=sort, top=top, lang=lang, start=start, end=end,
                                weighting=weighting)
        return format_comparison(rows, fmt, kind, sort)
    result = centrality_windows(source, kind, sort=sort, top=top, lang=lang, start=start, end=end,
                                by_year=by_year, coverage=coverage, evidence=evidence, weighting=weighting)
    return format_report(result, fmt, kind, sort, lang)


def selected_network(source: Store | Facts, kind: str = "actors", *, lang: str = "en",
                     start: int | None = None, end: int | None = None, focus_name: str | None = None,
                     depth: int = 2, classes: list[str] | None = None, evidence: str = "any",
                     weighting: str = "newman") -> nx.Graph:
    """A network cut to a period, an evidence, the neighbourhood of a name and some classes,
    with centralities computed on what is left."""
    g = build_network(source, kind, start, end, lang, evidence, weighting)
    if focus_name:
        g = focus(g, focus_name, depth)
    g = filter_classes(g, list(classes or []))
    if len(g) == 0:
        raise InputError(f"the {kind} network is empty: no node is left after the period, the evidence "
                         f"({evidence}), the focus and the classes were applied")
    return annotate(g)


def write_diagrams(g: nx.Graph, out_dir: Path | str, name: str, formats: tuple[str, ...] = (*FIGURE_FORMATS, "html"),
                   *, measure: str = FIGURE_MEASURE, lang: str = "en", title: str | None = None,
                   max_labels: int | None = None, names: tuple[str, ...] = (), size: str = "double",
                   positions: dict | None = None, coverage: tuple[int, int] | None = None,
                   network_for: Callable[[int], nx.Graph] | None = None,
                   report: list | None = None) -> list[Path]:
    """The print figure (svg/png/pdf, with its caption file) and the interactive page (html) of
    `g`; `coverage` (the dataset's years) is where the page's year filter starts. With
    `network_for` (a year's network), also the small multiples and the trends over `coverage`
    (`name`-years.*, `name`-trends.*). `report` receives the figure (labels dropped, ties under
    labels)."""
    out_dir = Path(out_dir)
    unknown = [f for f in formats if f not in (*FIGURE_FORMATS, "html")]
    if unknown:
        raise InputError(f"unknown diagram format {unknown[0]!r}: use svg, png, pdf or html")
    if not is_annotated(g):  # once, for the layout, the figure and the page
        g = annotate(g)
    coverage = coverage or g.graph.get("coverage")
    top = max_labels if max_labels is not None else TOP_LABELS.get(size, 24)
    if positions is None:
        positions = layout(g, measure, len(labelled_nodes(g, resolve_measure(g, measure), top, names)))
    written: list[Path] = []
    figure_formats = tuple(f for f in FIGURE_FORMATS if f in formats)
    if figure_formats and network_for is not None and coverage is None:  # before anything is written
        raise InputError("figures by year need the dataset's coverage (dcterms:temporal in dataset.ttl)")
    if figure_formats:
        written += write_figure(g, out_dir / name, figure_formats, measure=measure, lang=lang, title=title,
                                top=top, names=names, size=size, positions=positions, report=report)
        if network_for is not None:
            written += write_year_figures(g, out_dir / name, network_for, coverage, positions, figure_formats,
                                          measure=measure, lang=lang, size=size, names=names)
    if "html" in formats:
        written.append(write_webmap(g, out_dir / f"{name}.html", measure=measure, lang=lang,
                                    title=title, positions=positions, max_labels=top,
                                    coverage=coverage))
    return written


def year_networks(source: Store | Facts, kind: str = "actors", *, lang: str = "en",
                  focus_name: str | None = None, depth: int = 2, classes: list[str] | None = None,
                  evidence: str = "any", weighting: str = "newman") -> Callable[[int], nx.Graph]:
    """A year's network cut the way `selected_network` cuts the whole (empty when nothing is left)."""
    facts = source if isinstance(source, Facts) else read_facts(source)

    def network_for(year: int) -> nx.Graph:
        g = build_network(facts, kind, year, year, lang, evidence, weighting)
        if focus_name:
            g = focus(g, focus_name, depth) if find_nodes(g, focus_name) else nx.Graph(g.graph)
        g = filter_classes(g, list(classes or []))
        return annotate(g) if len(g) else g

    return network_for


def _rows_csv(rows: list[dict], measures: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([*ROW_FIELDS, *measures])
    for row in rows:
        writer.writerow([*(flat_value(f, row[f]) for f in ROW_FIELDS), *(row[m] for m in measures)])
    return buf.getvalue()


def describe(g: nx.Graph, dataset: Dataset, lang: str) -> nx.Graph:
    """Put what dataset.ttl says (short titles, coverage, languages) on `g` for its figures."""
    g.graph.update(dataset=dataset.short_title(lang), dataset_tr=dataset.short_title("tr"),
                   dataset_en=dataset.short_title("en"), languages=dataset.languages)
    if dataset.years:
        g.graph["coverage"] = dataset.years
    return g


def in_language(g: nx.Graph, lang: str, dataset: Dataset | None = None) -> nx.Graph:
    """`g` with its node labels (and, given `dataset`, its title) in `lang`: `g` itself when it is
    in `lang` already, else a copy."""
    if g.graph.get("lang") == lang:
        return g
    copy = g.copy()
    set_language(copy, lang)
    if dataset is not None:
        describe(copy, dataset, lang)
    return copy


def write_network_outputs(store: Store | Facts, out_dir: Path | str, lang: str = "en",
                          dataset: Dataset | None = None, exchange_lang: str | None = None,
                          years: bool = True) -> list[Path]:
    """Everything a build publishes about the networks, into `out_dir`:

    for each of NETWORKS, ``centrality-{network}.csv`` and ``.json`` (every node, ranked by
    degree) and ``{network}.graphml`` and ``.gexf`` (centralities as node attributes, with the
    figure's layout, colours and sizes; node labels in `exchange_lang`, default `lang`, the
    other language as ``label_tr``/``label_en``); and, for the actor network, the figure
    ``actors.svg``/``.png``/``.pdf`` with ``actors.caption.txt``, the interactive map
    ``actors.html`` and, when dataset.ttl gives the coverage, one panel per year
    (``actors-years.*``) and the leading actors' centrality over the years (``actors-trends.*``;
    `years=False` leaves these two to `write_year_outputs`). Every file is written atomically.
    Returns the paths written.
    """
    out_dir = Path(out_dir)
    facts = store if isinstance(store, Facts) else read_facts(store)
    written: list[Path] = []
    for kind in NETWORKS:
        g = annotate(build_network(facts, kind, lang=lang))
        if dataset is not None:
            describe(g, dataset, lang)
        measures = measures_for(g)
        rows = centrality_table(g) if len(g) else []
        written.append(atomic_write(out_dir / f"centrality-{kind}.csv", _rows_csv(rows, measures)))
        payload = {"network": kind, "nodes": len(g), "edges": g.number_of_edges(), "sort": "degree",
                   "measures": measures, "rows": rows}
        written.append(atomic_write(out_dir / f"centrality-{kind}.json",
                                    json.dumps(payload, ensure_ascii=False, indent=2) + "\n"))
        positions = layout(g, FIGURE_MEASURE, TOP_LABELS["double"]) if len(g) else {}
        exchanged = in_language(g, exchange_lang or lang, dataset)
        written.append(write_network(exchanged, out_dir / f"{kind}.graphml", positions=positions))
        written.append(write_network(exchanged, out_dir / f"{kind}.gexf", positions=positions))
        if kind == "actors" and len(g):
            written += write_diagrams(g, out_dir, "actors", lang=lang, positions=positions,
                                      coverage=dataset.years if dataset is not None else None)
    if years:
        written += write_year_outputs(facts, out_dir, lang, dataset)
    return written


def write_year_outputs(store: Store | Facts, out_dir: Path | str, lang: str = "en",
                       dataset: Dataset | None = None) -> list[Path]:
    """The actors' panels per year and their centralities over the years, as the build publishes
    them (the figure's layout), when dataset.ttl gives the coverage: apart from
    `write_network_outputs` so that a build can draw them in its second process."""
    facts = store if isinstance(store, Facts) else read_facts(store)
    coverage = dataset.years if dataset is not None else None
    g = annotate(build_network(facts, "actors", lang=lang))
    if coverage is None or not len(g):
        return []
    describe(g, dataset, lang)
    positions = layout(g, FIGURE_MEASURE, TOP_LABELS["double"])
    return write_year_figures(g, Path(out_dir) / "actors", year_networks(facts, "actors", lang=lang), coverage,
                              positions, FIGURE_FORMATS, measure=FIGURE_MEASURE, lang=lang)
