"""The interactive map in a real headless Chromium (Debian's), with every outside request refused."""

from __future__ import annotations

import doctest
import json
import re
from contextlib import contextmanager
from html import unescape

import networkx as nx
import pytest
from PIL import Image
from playwright.sync_api import sync_playwright

import ittifak.network.webmap
from browser import CHROMIUM, FLAGS
from ittifak.core.text import match_key
from ittifak.network.centrality import annotate
from ittifak.network.diagram import figure
from ittifak.network.projection import build_network, read_facts
from ittifak.network.webmap import webmap_html, write_webmap, year_range

ID = "https://w3id.org/ittifak/id/"
TIKA = ID + "organisation/tika"
ELCIBEY = ID + "person/ebulfez-elcibey"
COVERAGE = (1990, 1993)  # the study's years (dataset.ttl)


@pytest.fixture(scope="module")
def graph(project):
    return annotate(build_network(read_facts(project), "actors"))


@pytest.fixture(scope="module")
def page_file(graph, tmp_path_factory):
    return write_webmap(graph, tmp_path_factory.mktemp("map") / "actors.html", lang="en", coverage=COVERAGE)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


@contextmanager
def opened(browser, path):
    """The page at `path` loaded with only file:, data: and blob: requests allowed; yields it with
    the lists of requests refused, console errors and dialogs (alert, confirm, …) opened."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 820})
    seen = {"refused": [], "errors": [], "dialogs": []}

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            seen["refused"].append(r.request.url)
            r.abort()

    def dialog(d):
        seen["dialogs"].append(d.message)
        d.dismiss()

    ctx.route("**/*", route)
    pg = ctx.new_page()
    pg.on("pageerror", lambda e: seen["errors"].append(str(e)))
    pg.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    pg.on("dialog", dialog)
    pg.goto(path.as_uri())
    pg.wait_for_function("window.ittifakReady === true", timeout=30_000)
    try:
        yield pg, seen
    finally:
        ctx.close()


@pytest.fixture
def page(browser, page_file):
    """The project's map; the test fails on any console error, dialog or outside request."""
    with opened(browser, page_file) as (pg, seen):
        yield pg
        assert seen == {"refused": [], "errors": [], "dialogs": []}


def policy(html: str) -> str:
    return unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1))


def test_page_is_self_contained(page_file):
    html = page_file.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)
    assert "sourceMappingURL" not in html
    csp = policy(html)
    assert csp.startswith("default-src 'none'; script-src 'sha256-") and "unsafe-inline' ;" not in csp
    assert "script-src" in csp and "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
    assert "http" not in csp  # no origin is allowed anything


HOSTILE = "</script><img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory):
    """A map whose every text from the data is a script-injection attempt."""
    g = nx.Graph(network="actors", dataset=HOSTILE)
    common = {"label_tr": HOSTILE, "label_en": HOSTILE, "alt_labels": [HOSTILE], "class": HOSTILE,
              "years": [1991], "sources": ["https://x/doc/" + HOSTILE], "citations": [HOSTILE],
              "passages": [HOSTILE], "office_tr": HOSTILE, "office_en": HOSTILE}
    g.add_node("https://x/evil", group="Person", **common)
    g.add_node("https://x/" + HOSTILE, group="Polity", **common)
    g.add_edge("https://x/evil", "https://x/" + HOSTILE, roles=[HOSTILE], contexts=[HOSTILE])
    positions = {"https://x/evil": (0.0, 0.0), "https://x/" + HOSTILE: (200.0, 0.0)}
    return write_webmap(g, tmp_path_factory.mktemp("hostile") / "evil.html", positions=positions)


def test_hostile_labels_stay_text(browser, hostile_file):
    html = hostile_file.read_text(encoding="utf-8")
    assert html.count("</script") == 3 and "<img" not in html  # only the page's own three scripts end
    with opened(browser, hostile_file) as (pg, seen):
        assert pg.text_content("#title") == "Actors tied by the affairs they shared — " + HOSTILE
        pg.fill("#search", "script img")
        assert HOSTILE in pg.text_content("#results")
        pg.press("#search", "Enter")
        assert pg.evaluate("network.getSelectedNodes()") == [pg.evaluate("DATA.nodes[0].id")]
        assert pg.text_content("#details .name") == HOSTILE
        assert pg.text_content("#picked") == HOSTILE
        details = pg.text_content("#details")
        assert details.count(HOSTILE) >= 4  # class, office, source, tie: all as text
        box = pg.locator("#map").bounding_box()
        pos = pg.evaluate("(id) => network.canvasToDOM(network.getPositions([id])[id])", "https://x/evil")
        pg.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])  # the tooltip
        pg.wait_for_timeout(300)
        assert HOSTILE in pg.text_content(".vis-tooltip")
        pg.select_option("#lang", "tr")
        pg.wait_for_timeout(200)
        assert pg.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
        assert pg.evaluate("document.scripts.length") == 3
        assert seen == {"refused": [], "errors": [], "dialogs": []}


def test_policy_stops_scripts_the_page_did_not_ship(browser, hostile_file):
    with opened(browser, hostile_file) as (pg, seen):
        pg.evaluate("""() => {
            // what an escaping slip would let in: an inline handler (the image cannot load: it
            // errors) and a script element
            document.body.insertAdjacentHTML("beforeend", '<img id="probe" src="x" onerror="window.ran1 = 1">');
            const s = document.createElement("script");
            s.textContent = "window.ran2 = 1";
            document.body.append(s);
        }""")
        pg.wait_for_function("document.getElementById('probe').complete")
        pg.wait_for_timeout(200)
        assert pg.evaluate("[window.ran1, window.ran2]") == [None, None]
        assert seen["dialogs"] == [] and any("Content Security Policy" in e for e in seen["errors"])


def test_nodes_are_rendered(page, graph, tmp_path):
    assert page.evaluate("network.body.data.nodes.length") == len(graph)
    shown = len(graph) - len(outside_coverage(graph))
    assert page.evaluate("Object.keys(network.getPositions()).length") == shown
    shot = tmp_path / "map.png"
    page.locator("#map").screenshot(path=str(shot))
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 24)
    assert len(colours) > 50
    inked = sum(n for n, c in colours if c != (255, 255, 255))
    assert inked / (image.size[0] * image.size[1]) > 0.01


def test_search_tika_selects_tika(page):
    page.fill("#search", "tika")
    page.press("#search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == [TIKA]
    details = page.inner_text("#details")
    assert "TİKA" in details  # the Turkish label, shown beside the English one
    assert "Sources" in details and "Lines of the paper" in details


def test_search_without_turkish_letters_finds_elcibey(page):
    page.fill("#search", "elcibey")
    assert "Ebulfez" in page.inner_text("#results")
    page.press("#search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == [ELCIBEY]


def test_js_folding_matches_python(page):
    samples = ["TİKA", "Tika", "tika", "Ebulfez Elçibey", "ELÇİBEY", "Şakir Dorukkaya", "IĞDIR",
               "  Kırgızistan  Cumhuriyeti ", "Mutalıbov", "Hüseyin Aga Sadıkov", "Âşık", "Çağlar"]
    assert page.evaluate("(xs) => xs.map(matchKey)", samples) == [match_key(s) for s in samples]


def test_click_on_a_node_shows_its_sources(page):
    turkey = ID + "state/turkey"
    box = page.locator("#map").bounding_box()
    pos = page.evaluate("(id) => network.canvasToDOM(network.getPositions([id])[id])", turkey)
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    assert page.evaluate("network.getSelectedNodes()") == [turkey]
    details = page.inner_text("#details")
    assert "Turkey" in details and "Türkiye" in details and "Sources" in details


def outside_coverage(graph) -> set:
    """Nodes dated only outside the study's years: the page hides them at first."""
    return {n for n, d in graph.nodes(data=True)
            if d["years"] and not any(COVERAGE[0] <= y <= COVERAGE[1] for y in d["years"])}


def test_filter_by_class_and_year(page, graph):
    persons = {n for n, d in graph.nodes(data=True) if d["group"] == "Person"}
    page.uncheck('input[data-group="Person"]')
    hidden = page.evaluate("network.body.data.nodes.get({filter: (n) => n.hidden}).map((n) => n.id)")
    assert persons and set(hidden) == persons | outside_coverage(graph)
    page.check('input[data-group="Person"]')
    page.select_option("#from", "1992")
    page.select_option("#to", "1992")
    page.uncheck("#undated")
    shown = page.evaluate("network.body.data.nodes.get({filter: (n) => !n.hidden}).map((n) => n.id)")
    assert shown and ELCIBEY in shown  # signs in 1992, L645-653
    for n in shown:
        assert 1992 in graph.nodes[n]["years"]


def test_language_switch_relabels(page):
    assert page.inner_text("#title") == "Actors tied by the affairs they shared"
    page.select_option("#lang", "tr")
    assert page.evaluate(f"network.body.data.nodes.get('{ID}state/turkey').label") == "Türkiye"
    assert page.text_content("#title") == "Ortak işlere göre birbirine bağlı aktörler"
    assert page.title() == "Ortak işlere göre birbirine bağlı aktörler"
    assert page.evaluate("document.documentElement.lang") == "tr"
    assert page.evaluate("[...document.querySelectorAll('h2')].map((h) => h.textContent)") == [
        "Ad ara", "Sınıflar", "Yıllar", "Dil", "Ayrıntılar"]
    assert page.text_content("#t-undated") == "tarihsizler"
    assert page.get_attribute("#search", "placeholder") == "ör. tika, elçibey"
    assert page.text_content("#details") == "Bir düğüme tıklayın ya da ad arayın."
    assert "gösterilen" in page.text_content("#count") and "bağlar" in page.text_content("#count")
    assert "Kişi" in page.text_content("#classes") and "Person" not in page.text_content("#classes")


def test_year_filter_starts_at_the_dataset_coverage(page, graph):
    dated = [y for _, d in graph.nodes(data=True) for y in d["years"]]
    assert min(dated) < COVERAGE[0] and max(dated) > COVERAGE[1]  # nodes dated outside the study
    assert (page.input_value("#from"), page.input_value("#to")) == ("1990", "1993")
    options = page.evaluate("[...document.getElementById('from').options].map((o) => +o.value)")
    assert options == sorted(set(dated) | set(range(1990, 1994)))


def test_year_range():
    g = nx.Graph()
    g.add_node("a", years=[1918, 1991])
    g.add_node("b", years=[1997])
    g.add_node("c", years=[])
    assert year_range(g) == (1918, 1997)
    assert year_range(g, (1990, 1993)) == (1990, 1993)
    g.graph["window"] = "1991-1992"  # `ittifak diagram --from 1991 --to 1992`
    assert year_range(g) == (1991, 1992)
    g.graph["coverage"] = (1990, 1993)
    assert year_range(g) == (1990, 1993)
    assert year_range(nx.Graph([("a", "b")])) is None


def test_map_and_figure_leave_the_graph_alone():
    g = nx.Graph([("a", "b"), ("b", "c")], network="actors")
    nx.set_node_attributes(g, {"a": [1991], "b": [], "c": [1992]}, "years")
    before = {n: dict(d) for n, d in g.nodes(data=True)}
    html = webmap_html(g, positions={})
    assert {n: dict(d) for n, d in g.nodes(data=True)} == before and "centrality_engine" not in g.graph
    data = page_data(html)
    assert {n["id"]: n["m"]["betweenness"] for n in data["nodes"]} == {"a": 0.0, "b": 1.0, "c": 0.0}
    figure(g)
    assert {n: dict(d) for n, d in g.nodes(data=True)} == before


def page_data(html: str) -> dict:
    """The JSON the page reads, as JSON.parse would."""
    return json.loads(html.split('id="ittifak-data">', 1)[1].split("</script>", 1)[0])


def test_selected_node_name_is_shown_over_the_map(page):
    assert page.is_hidden("#picked")
    page.fill("#search", "elcibey")
    page.press("#search", "Enter")
    assert page.is_visible("#picked") and page.text_content("#picked") == "Ebulfez Elchibey"
    box, mapbox = page.locator("#picked").bounding_box(), page.locator("#map").bounding_box()
    node = page.evaluate("(id) => network.canvasToDOM(network.getPositions([id])[id])", ELCIBEY)
    assert box["height"] >= 16  # the 15px bold name, not a speck
    # centred over the node, just above it, inside the map
    assert abs(box["x"] + box["width"] / 2 - (mapbox["x"] + node["x"])) < 2
    assert box["y"] + box["height"] <= mapbox["y"] + node["y"]
    assert mapbox["x"] <= box["x"] and box["x"] + box["width"] <= mapbox["x"] + mapbox["width"]
    page.select_option("#lang", "tr")
    assert page.text_content("#picked") == "Ebulfez Elçibey"
    page.uncheck('input[data-group="Person"]')  # hidden by the filter: the name goes too
    assert page.is_hidden("#picked")


def test_search_words_in_any_order(page):
    page.fill("#search", "ministers council")  # "Turkish Council of Ministers"
    page.press("#search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == [ID + "organisation/tr-council-of-ministers"]


def test_docstring_examples():
    result = doctest.testmod(ittifak.network.webmap)
    assert result.failed == 0 and result.attempted >= 1
