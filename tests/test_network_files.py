"""GraphML and GEXF for Gephi and Cytoscape; the static figure in SVG, PNG and PDF."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from PIL import Image

from conftest import REPO
from ittifak.core.errors import InputError
from ittifak.network.centrality import annotate, measures_for
from ittifak.network.diagram import labelled_nodes, layout, write_figure
from ittifak.network.exchange import flat_value, group_colour, read_network, write_network
from ittifak.network.projection import NETWORKS, build_network, read_facts
from ittifak.project import Project

ID = "https://w3id.org/ittifak/id/"
TURKISH = set("İıŞşĞğÇçÖöÜü")


@pytest.fixture(scope="module")
def facts(project):
    return read_facts(project)


@pytest.mark.parametrize("kind", NETWORKS)
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_round_trip_keeps_nodes_edges_and_attributes(kind, fmt, facts, tmp_path):
    g = annotate(build_network(facts, kind, lang="tr"))
    path = write_network(g, tmp_path / f"{kind}.{fmt}", positions=layout(g))
    back = read_network(path)
    assert set(back.nodes) == set(g.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in g.edges}

    def same(got, key, value):
        if key == "spells" and fmt == "gexf":  # <spells>, read back as (start, end) pairs;
            # NetworkX's reader gives an open end as the text "None"
            read = [tuple(None if x == "None" else x for x in s) for s in got.get(key, [])]
            return read == list(value)
        return got[key] == flat_value(key, value)

    for n, d in g.nodes(data=True):
        for key, value in d.items():
            assert same(back.nodes[n], key, value), (n, key)
    for u, v, d in g.edges(data=True):
        for key, value in d.items():
            assert same(back.edges[u, v], key, value), (u, v, key)
    for m in measures_for(g):
        assert m in back.nodes[ID + "state/turkey"]
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


def test_gexf_carries_colour_size_and_layout_for_gephi(facts, tmp_path):
    g = annotate(build_network(facts, "actors"))
    positions = layout(g)
    path = write_network(g, tmp_path / "actors.gexf", positions=positions)
    turkey = nx.read_gexf(path).nodes[ID + "state/turkey"]
    colour = group_colour("Polity")
    assert (turkey["viz"]["color"]["r"], turkey["viz"]["color"]["g"]) == (int(colour[1:3], 16), int(colour[3:5], 16))
    assert turkey["viz"]["position"]["x"] == pytest.approx(positions[ID + "state/turkey"][0])
    assert turkey["label"] == "Turkey"


def test_graphml_keeps_turkish_letters(facts, tmp_path):
    g = build_network(facts, "actors", lang="tr")
    path = write_network(g, tmp_path / "a.graphml")
    text = path.read_text(encoding="utf-8")
    assert "Ebulfez Elçibey" in text and "Türkiye" in text  # L653; the polity's Turkish name


def test_lists_become_text_only_in_the_file(facts, tmp_path):
    g = build_network(facts, "bipartite")
    node = g.nodes[ID + "state/turkey"]
    assert isinstance(node["years"], list) and len(node["sources"]) > 1
    back = read_network(write_network(g, tmp_path / "b.graphml")).nodes[ID + "state/turkey"]
    assert back["years"] == ";".join(str(y) for y in node["years"])
    assert back["sources"].split(";") == node["sources"]
    assert back["citations"].split(" | ") == node["citations"]  # in the order of the sources
    assert isinstance(g.nodes[ID + "state/turkey"]["years"], list)  # the graph itself is untouched


def test_unknown_exchange_format_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="unknown network format 'dot'"):
        write_network(nx.Graph(), tmp_path / "x.dot")


@pytest.fixture(scope="module")
def figure(facts, tmp_path_factory):
    g = annotate(build_network(facts, "actors", lang="tr"))
    g.graph["dataset"] = Project(REPO).dataset.short_title("tr")  # as `ittifak diagram` does
    base = tmp_path_factory.mktemp("figure") / "actors"
    paths = write_figure(g, base, lang="tr")
    return g, {p.suffix: p for p in paths}


def test_figure_files_exist_and_are_not_trivial(figure):
    _, paths = figure
    assert set(paths) == {".svg", ".png", ".pdf"}
    assert paths[".pdf"].read_bytes().startswith(b"%PDF") and paths[".pdf"].stat().st_size > 20_000
    assert b"DejaVu" in paths[".pdf"].read_bytes()  # the font with every Turkish letter is embedded
    image = Image.open(paths[".png"]).convert("RGB")
    assert min(image.size) > 800
    colours = image.getcolors(maxcolors=1 << 24)
    assert len(colours) > 200
    inked = sum(n for n, c in colours if c != (255, 255, 255))
    assert inked / (image.size[0] * image.size[1]) > 0.03
    present = {c for _, c in colours}
    for group in ("Person", "Polity", "Organisation"):
        hexa = group_colour(group)
        assert (int(hexa[1:3], 16), int(hexa[3:5], 16), int(hexa[5:7], 16)) in present, group


def test_svg_names_the_central_actors_with_turkish_letters(figure):
    g, paths = figure
    root = ET.parse(paths[".svg"]).getroot()
    texts = {"".join(t.itertext()).strip() for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert "Türkiye" in texts and "Azerbaycan" in texts
    named = {g.nodes[n]["label"] for n in labelled_nodes(g, "degree", 40)}
    shown = {t.rstrip("…") for t in texts}
    for label in named:
        assert any(label.startswith(s) for s in shown if s), label
    assert any(TURKISH & set(t) for t in named & texts)
    assert "Aytekin Akagün" in texts  # heads the 1991 delegation, L246-250: among the most tied
    assert 'font-family="DejaVu Sans' in paths[".svg"].read_text(encoding="utf-8")
    # the legend and the title
    assert any("Kişi" in t for t in texts) and any("Türkiye–Azerbaycan, 1990–1993" in t for t in texts)


def test_layout_is_reproducible(facts):
    g = annotate(build_network(facts, "actors"))
    assert layout(g) == layout(g.copy())


def test_png_is_the_same_picture_as_the_svg(figure):
    _, paths = figure
    svg = ET.parse(paths[".svg"]).getroot()
    width_pt = float(svg.get("width").removesuffix("pt"))
    height_pt = float(svg.get("height").removesuffix("pt"))
    png = Image.open(io.BytesIO(paths[".png"].read_bytes()))
    assert png.size[0] / png.size[1] == pytest.approx(width_pt / height_pt, rel=0.02)
