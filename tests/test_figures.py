"""The print figures as a journal gets them (`ittifak diagram`): labels clear of each other and of
the ties (measured in Chromium on the written SVG), sizes and resolution, the caption file, names
matched Turkish-aware, one panel per year; and the bipartite map's first view."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from contextlib import contextmanager

import pytest
from PIL import Image
from playwright.sync_api import sync_playwright

from browser import CHROMIUM, FLAGS
from conftest import REPO, paper_lines
from ittifak.cli import main
from ittifak.network.centrality import annotate
from ittifak.network.diagram import TOP_LABELS, labelled_nodes
from ittifak.network.panels import PER_PANEL_LABELS
from ittifak.network.projection import build_network, read_facts
from ittifak.project import Project

ID = "https://w3id.org/ittifak/id/"
ELCIBEY = ID + "person/ebulfez-elcibey"
OX = ["--store", "oxigraph"]
SVG = "{http://www.w3.org/2000/svg}"
MM = {"column": 85.0, "double": 175.0}  # the widths the option promises


def run(runner, *args) -> tuple[list[str], str]:
    """The paths `ittifak diagram` printed, and what it said on stderr."""
    result = runner.invoke(main, ["diagram", *OX, *args])
    assert result.exit_code == 0, result.output
    return result.stdout.split(), result.stderr


@pytest.fixture(scope="module")
def column(tmp_path_factory):
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("column")
    paths, note = run(CliRunner(), "--size", "column", "--by-year", "--label", "elçibey", "--lang", "tr",
                      "--out", str(out), "--format", "svg", "--format", "png", "--format", "pdf")
    return out, paths, note


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


@contextmanager
def opened(browser, path):
    """`path` in Chromium with only file: requests allowed; yields the page and the console errors,
    page errors and refused requests seen."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    seen: list[str] = []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            seen.append("refused " + r.request.url)
            r.abort()

    ctx.route("**/*", route)
    page = ctx.new_page()
    page.on("pageerror", lambda e: seen.append(str(e)))
    page.on("console", lambda m: seen.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    try:
        yield page, seen
    finally:
        ctx.close()


MEASURE = """() => {
  const box = (t) => { const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, t.textContent]; };
  const labels = [...document.querySelectorAll('g[id^="label-"] text')].map(box);
  const others = [...document.querySelectorAll('text')].filter((t) => !t.closest('g[id^="label-"]')).map(box);
  const sampled = (p) => {
    const m = p.getScreenCTM(), n = p.getTotalLength(), steps = Math.max(2, Math.ceil(n / 0.25)), pts = [];
    for (let i = 0; i <= steps; i++) {
      const q = p.getPointAtLength(n * i / steps), s = new DOMPoint(q.x, q.y).matrixTransform(m);
      pts.push([s.x, s.y]);
    }
    return pts;
  };
  const ties = [...document.querySelectorAll('g[id^="ties-"] path')].map(sampled);
  const leaders = [...document.querySelectorAll('g[id^="leader-"] path')].map(sampled);
  const nodes = [...document.querySelectorAll('g[id^="nodes-"] path')].map((p) => {
    const r = p.getBoundingClientRect(); return [(r.left + r.right) / 2, (r.top + r.bottom) / 2, r.width / 2];
  });
  const frames = [...document.querySelectorAll('g[id^="frame-"] path')].map((p) => {
    const r = p.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];
  });
  return {labels, others, ties, leaders, nodes, frames};
}"""


def _overlap(a, b) -> bool:
    return a[0] < b[2] - 0.01 and b[0] < a[2] - 0.01 and a[1] < b[3] - 0.01 and b[1] < a[3] - 0.01


def _inside(box, x: float, y: float, margin: float = 0.0) -> bool:
    return box[0] + margin < x < box[2] - margin and box[1] + margin < y < box[3] - margin


def _distance(box, x: float, y: float) -> float:
    return math.hypot(max(box[0] - x, 0, x - box[2]), max(box[1] - y, 0, y - box[3]))


def _over_circle(box, x: float, y: float, r: float) -> bool:
    dx = max(box[0] - x, 0, x - box[2])
    dy = max(box[1] - y, 0, y - box[3])
    return dx * dx + dy * dy < (r - 0.01) ** 2


def measured(browser, path) -> dict:
    """What Chromium lays out in an SVG: how many labels, and how many (label, other text),
    (label, tie), (label, node) and (label, leader line) pairs overlap; and the console errors."""
    with opened(browser, path) as (page, errors):
        found = page.evaluate(MEASURE)
    labels, texts = found["labels"], found["labels"] + found["others"]
    return {
        "labels": len(labels),
        "clashes": sum(_overlap(a, b) for i, a in enumerate(labels) for b in texts[i + 1:]),
        "ties": sum(any(_inside(a, x, y) for x, y in tie) for a in labels for tie in found["ties"]),
        "nodes": sum(_over_circle(a, *n) for a in labels for n in found["nodes"]),
        # a leader line ends on its own label's edge, the label nearest its end: the others count
        "leaders": sum(any(_inside(a, x, y) for x, y in line) for line in found["leaders"]
                       for a in labels if a is not min(labels, key=lambda b: _distance(b, *line[-1]))),
        # how many labels each panel of the small multiples has
        "panels": [sum(_inside(f, (a[0] + a[2]) / 2, (a[1] + a[3]) / 2) for a in labels) for f in found["frames"]],
        "errors": errors,
    }


def ties_under_labels(note: str) -> int:
    return int(re.search(r"(\d+) ties under labels", note).group(1))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The network figures `ittifak build` writes (double width)."""
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("built")
    result = CliRunner().invoke(main, ["build", *OX, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "network"


@pytest.mark.parametrize("size", ["column", "double"])
def test_no_label_over_a_tie_a_node_a_leader_line_or_another_text(browser, column, built, size,
                                                                   oxigraph_project):
    out, _, note = column
    folder = out if size == "column" else built
    assert size != "column" or (ties_under_labels(note) == 0 and "no room for" not in note), note
    for name in ("actors.svg", "actors-years.svg"):
        seen = measured(browser, folder / name)
        assert seen["labels"] >= 8 and seen["errors"] == [], (name, seen)
        assert (seen["clashes"], seen["ties"], seen["nodes"], seen["leaders"]) == (0, 0, 0, 0), (name, seen)
        if name == "actors-years.svg":  # each year's most central, in a panel that may be narrower than a label
            assert len(seen["panels"]) >= 4 and min(seen["panels"]) >= PER_PANEL_LABELS, seen["panels"]
    # every label the figure should show is there: the most central, and Elçibey asked for by name
    g = annotate(build_network(read_facts(oxigraph_project), "actors"))
    wanted = labelled_nodes(g, "betweenness", TOP_LABELS[size], ["elçibey"] if size == "column" else [])
    assert measured(browser, folder / "actors.svg")["labels"] == len(wanted)
    caption = (folder / "actors.caption.txt").read_text(encoding="utf-8")
    assert "for want of room" not in caption and "Yer bulunamadığı" not in caption


def test_png_is_printed_size_at_300_dpi(column):
    out, _, _ = column
    for name in ("actors", "actors-years", "actors-trends"):
        png = Image.open(out / f"{name}.png")
        assert abs(png.size[0] - MM["column"] / 25.4 * 300) <= 1.5, (name, png.size)
        assert png.info["dpi"] == pytest.approx((300, 300), abs=0.01)


def test_text_is_legible_at_print_size(column):
    out, _, _ = column
    root = ET.parse(out / "actors.svg").getroot()
    width = float(root.get("width").removesuffix("pt"))
    assert width == pytest.approx(MM["column"] * 72 / 25.4, abs=0.01)
    assert float(root.get("viewBox").split()[2]) == pytest.approx(width)  # one user unit is one point
    sizes = [float(re.search(r"font-size: ([\d.]+)px", t.get("style")).group(1)) for t in root.iter(SVG + "text")]
    assert sizes and min(sizes) >= 7.0
    assert "DejaVu" in (out / "actors.pdf").read_bytes().decode("latin-1")


def _embedded_fonts(pdf: bytes) -> list:
    """The TrueType programs a PDF embeds (streams with /Length1), read by fontTools."""
    import io
    import zlib

    from fontTools.ttLib import TTFont

    fonts = []
    for m in re.finditer(rb"<<([^>]*?/Length1 \d+[^>]*?)>>\s*stream\r?\n", pdf):
        head = m.group(1)
        raw = pdf[m.end(): m.end() + int(re.search(rb"/Length (\d+)", head).group(1))]
        fonts.append(TTFont(io.BytesIO(zlib.decompress(raw) if b"FlateDecode" in head else raw)))
    return fonts


def test_pdf_embeds_every_letter_drawn_without_layout_tables(column):
    """The Turkish column figure's PDF carries TrueType subsets that hold a glyph for every character
    of its text (read from the SVG of the same figure), and none of the OpenType layout tables a
    PDF does not read (left out to write the PDFs faster)."""
    out, _, _ = column
    drawn = {c for t in ET.parse(out / "actors.svg").getroot().iter(SVG + "text") for c in "".join(t.itertext())}
    assert {"ı", "ş", "ç"} & drawn  # a Turkish figure: the test would mean little without them
    fonts = _embedded_fonts((out / "actors.pdf").read_bytes())
    assert fonts and all("glyf" in f for f in fonts)
    covered = {chr(code) for f in fonts for code in (f.getBestCmap() or {})}
    assert drawn - {" "} <= covered, sorted(drawn - covered)
    assert not any(t in f for f in fonts for t in ("GSUB", "GPOS", "GDEF", "MATH"))


def test_caption_file(column, oxigraph_project):
    out, paths, _ = column
    assert str(out / "actors.caption.txt") in paths
    tr, en = (out / "actors.caption.txt").read_text(encoding="utf-8").strip().split("\n\n")
    g = build_network(read_facts(oxigraph_project), "actors")
    first, last = Project(REPO).years()  # dataset.ttl's coverage
    assert f"{len(g)} nodes, {g.number_of_edges()} ties" in en and f"{len(g)} düğüm, {g.number_of_edges()} bağ" in tr
    assert f"{first}–{last}" in en and f"{first}–{last}" in tr
    assert "betweenness centrality" in en and "tie weights ignored" in en
    assert "arasındalık merkeziliği" in tr
    assert g.graph["weighting"] == "newman"  # the default: the caption says so
    assert "Tie width: Newman weighting: each shared affair with n actors counts 1/(n−1)" in en
    assert "Bağ kalınlığı: Newman ağırlığı" in tr
    assert "Named: the 12 most central nodes by betweenness" in en
    for name in ("actors-years", "actors-trends"):
        assert (out / f"{name}.caption.txt").read_text(encoding="utf-8").count("\n\n") == 1


def svg_label_texts(path) -> set[str]:
    root = ET.parse(path).getroot()
    return {"".join(t.itertext()) for g in root.iter(SVG + "g") if g.get("id", "").startswith("label-")
            for t in g.iter(SVG + "text")}


def test_label_names_a_node_turkish_aware(runner, tmp_path):
    assert "Elçibey" in paper_lines(651, 653)  # signed the trade agreement for Azerbaijan
    shown = []
    for spelling in ("elçibey", "ELÇİBEY", "Elcibey"):
        run(runner, "--labels", "0", "--label", spelling, "--format", "svg", "--format", "png",
            "--out", str(tmp_path / spelling), "--lang", "tr")
        shown.append(svg_label_texts(tmp_path / spelling / "actors.svg"))
        caption = (tmp_path / spelling / "actors.caption.txt").read_text(encoding="utf-8")
        assert "en merkezi 0 düğüm ve Ebulfez Elçibey" in caption  # the Turkish paragraph, Turkish name
        png = Image.open(tmp_path / spelling / "actors.png")  # the default width: two columns
        assert abs(png.size[0] - MM["double"] / 25.4 * 300) <= 1.5
    assert shown == [{"Ebulfez Elçibey"}] * 3
    result = runner.invoke(main, ["diagram", *OX, "--label", "Nobody Atall", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2 and "named 'Nobody Atall'" in result.output and "Traceback" not in result.output


def _centre(d: str) -> tuple[float, float]:
    xy = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]
    xs, ys = xy[0::2], xy[1::2]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def test_one_panel_per_year_with_fixed_positions(column):
    out, _, _ = column
    first, last = Project(REPO).years()
    root = ET.parse(out / "actors-years.svg").getroot()
    groups = {g.get("id"): g for g in root.iter(SVG + "g") if g.get("id")}
    years = [int(t) for k, g in groups.items() if k.startswith("panel-")
             for t in ("".join(x.itertext()) for x in g.iter(SVG + "text")) if t.isdigit()]
    assert years == list(range(first, last + 1))
    places = []
    for k in range(1, len(years) + 1):
        x0, y0 = _centre(groups[f"frame-{k}"].find(SVG + "path").get("d"))
        dots = [p.get("d") for name in (f"context-{k}", f"nodes-{k}") if name in groups
                for p in groups[name].iter(SVG + "path")]
        places.append(sorted((round(x - x0, 1), round(y - y0, 1)) for x, y in map(_centre, dots)))
    assert len(places[0]) > 50 and all(p == places[0] for p in places)  # every node, at one place


def test_trends_plot_one_line_per_leading_actor(column):
    out, _, _ = column
    first, last = Project(REPO).years()
    root = ET.parse(out / "actors-trends.svg").getroot()
    lines = [g for g in root.iter(SVG + "g") if g.get("id", "").startswith("trend-")]
    assert len(lines) == 6
    for g in lines:
        d = g.find(SVG + "path").get("d")
        assert d.count("L") + 1 == last - first + 1
    assert "Ebulfez Elçibey" in (out / "actors-trends.caption.txt").read_text(encoding="utf-8")


def test_bipartite_map_opens_on_agreements_and_their_parties(runner, tmp_path, browser):
    run(runner, "--network", "bipartite", "--format", "html", "--out", str(tmp_path))
    with opened(browser, tmp_path / "bipartite.html") as (page, errors):
        page.wait_for_function("window.ittifakReady === true", timeout=30_000)
        shown = page.evaluate("""() => network.body.data.nodes.get({filter: (n) => !n.hidden}).map((n) => n.id)""")
        data = page.evaluate("""() => JSON.parse(document.getElementById('ittifak-data').textContent)""")
        nodes = {n["id"]: n for n in data["nodes"]}
        affairs = [n for n in shown if nodes[n]["kind"] == "affair"]
        assert affairs and {nodes[n]["group"] for n in affairs} == {"Agreement"}
        tied = {e["from"] for e in data["edges"] if e["to"] in affairs} | {e["to"] for e in data["edges"] if e["from"] in affairs}
        assert set(shown) - set(affairs) <= tied
        assert ELCIBEY in shown  # signed the trade agreement (L651-653)
        assert page.is_visible("#showall") and page.inner_text("#showall") == "Show everything"
        page.click("#showall")
        after = page.evaluate("""() => network.body.data.nodes.get({filter: (n) => !n.hidden}).map((n) => n.id)""")
        assert set(shown) < set(after)
        assert {"Event", "Project"} <= {nodes[n]["group"] for n in after}
        page.select_option("#lang", "tr")
        assert page.inner_text("#showall") == "Hepsini göster"
        assert errors == []


def test_title_only_when_asked(runner, tmp_path, column):
    out, _, _ = column
    run(runner, "--title", "Türkiye ile Azerbaycan, 1990–1993", "--format", "svg", "--out", str(tmp_path))
    root = ET.parse(tmp_path / "actors.svg").getroot()
    titles = ["".join(t.itertext()) for g in root.iter(SVG + "g") if g.get("id", "").startswith("title-")
              for t in g.iter(SVG + "text")]
    assert titles == ["Türkiye ile Azerbaycan, 1990–1993"]
    assert not any(g.get("id", "").startswith("title-") for g in ET.parse(out / "actors.svg").getroot().iter(SVG + "g"))


def test_label_placement_keeps_labels_apart_and_drops_what_cannot_fit():
    import doctest

    import numpy as np

    from ittifak.network import diagram, labels
    from ittifak.network.labels import Box, Label, place_labels

    for module in (labels, diagram):
        assert doctest.testmod(module).failed == 0
    frame = Box(0, 0, 100, 60)
    nodes = [(50, 30, 2), (54, 30, 2)]  # two nodes side by side, each wanting a wide label
    ties = np.array([[50, 30, 54, 30], [50, 30, 50, 0]])
    placed = place_labels([Label("a", 50, 30, 2, 30, 8), Label("b", 54, 30, 2, 30, 8)], nodes, ties, frame)
    assert set(placed.boxes) == {"a", "b"} and not placed.dropped
    assert not placed.boxes["a"].overlaps(placed.boxes["b"])
    assert placed.edge_overlaps == sum(int(labels.segments_hit(b, ties).sum()) for b in placed.boxes.values())
    assert placed.edge_overlaps == 0  # there is room clear of both ties
    crowded = place_labels([Label("a", 5, 5, 2, 30, 8)], [(5, 5, 2)], np.zeros((0, 4)), Box(0, 0, 10, 10))
    assert crowded.dropped == ["a"] and not crowded.boxes


def test_a_label_goes_to_the_only_place_clear_of_ties():
    import numpy as np

    from ittifak.network.labels import Box, Label, place_labels, segments_hit

    # ties across the whole frame every 6 points up to y = 27, and two upright ones at x = 10 and
    # x = 70 above it: the one place clear of ties for a 20 × 8 label is x 10–70, y 27–40, away
    # from its node at (40, 15), which needs a leader line up to the box's nearest point
    frame = Box(0, 0, 100, 40)
    ties = np.array([[0, y, 100, y] for y in (3, 9, 15, 21, 27)] + [[10, 27, 10, 40], [70, 27, 70, 40]], dtype=float)
    placed = place_labels([Label("a", 40, 15, 2, 20, 8)], [(40, 15, 2)], ties, frame)
    box = placed.boxes["a"]
    assert placed.edge_overlaps == 0 and not segments_hit(box, ties).any() and not placed.dropped
    assert 10 < box.x0 and box.x1 < 70 and 27 < box.y0 and box.y1 <= 40
    # straight above the node, as low as it goes less the point or two the grid keeps clear of a tie
    assert box.x0 <= 40 <= box.x1 and box.y0 <= 30
    assert placed.leaders["a"] == (40, box.y0)
    # no place clear of ties at all: every 30-point box in a 40-point frame covers x = 20, so the
    # label goes over that one tie, and says so
    placed = place_labels([Label("b", 5, 6, 1, 30, 8)], [(5, 6, 1)], np.array([[20.0, 0, 20, 12]]), Box(0, 0, 40, 12))
    assert "b" in placed.boxes and placed.edge_overlaps == 1


def test_label_grid_errs_on_the_side_of_marking():
    """Every box the grid calls clear is clear by the exact tests: of ties, nodes (with GAP/2),
    placed labels (with GAP) and leader lines, and inside the frame."""
    import numpy as np

    from ittifak.network.labels import GAP, Box, Label, _Grid, boxes_hit

    rng = np.random.default_rng(7)
    frame = Box(3.3, 7.1, 203.9, 157.4)
    ties = rng.uniform([0, 0, 0, 0], [210, 165, 210, 165], size=(14, 4))
    nodes = np.c_[rng.uniform(0, 210, 30), rng.uniform(0, 165, 30), rng.uniform(1, 6, 30)]
    grid = _Grid(frame, nodes, ties)
    # a label with a leader line from its node at (120.3, 40.1) to its box's corner, one without
    placed = [(Box(50.2, 60.7, 90.9, 68.8), (120.3, 40.1), (90.9, 60.7)),
              (Box(150.5, 120.2, 170.1, 128.3), (148, 124), None)]
    for box, node, end in placed:
        grid.mark(Label("p", *node, 1, box.x1 - box.x0, box.y1 - box.y0), box, end, 1)
    leaders = np.array([[120.3, 40.1, 90.9, 60.7]])
    checked = 0
    for _ in range(25):
        label = Label("a", *rng.uniform([10, 10], [190, 150]), 2, rng.uniform(5, 60), rng.uniform(5, 12))
        for options in grid.options(label, None, True):
            x0, y0, x1, y1 = options.boxes.T
            dx = np.maximum(np.maximum(x0[:, None] - nodes[:, 0], 0), nodes[:, 0] - x1[:, None])
            dy = np.maximum(np.maximum(y0[:, None] - nodes[:, 1], 0), nodes[:, 1] - y1[:, None])
            assert not (dx ** 2 + dy ** 2 < (nodes[:, 2] + GAP / 2) ** 2).any()
            assert not boxes_hit(options.boxes, ties).any() and not boxes_hit(options.boxes, leaders).any()
            assert not any(((x0 < b.x1 + GAP) & (b.x0 < x1 + GAP) & (y0 < b.y1 + GAP) & (b.y0 < y1 + GAP)).any()
                           for b, _, _ in placed)
            assert (x0 >= frame.x0).all() and (x1 <= frame.x1 + 1e-9).all()
            assert (y0 >= frame.y0).all() and (y1 <= frame.y1 + 1e-9).all()
            checked += len(x0)
    assert checked > 10_000
