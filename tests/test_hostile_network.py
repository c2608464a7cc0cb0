"""Hostile labels in the network files and figures: XML-invalid control characters, markup,
very long, right-to-left, Turkish and emoji labels are written as well-formed files (the
characters XML cannot hold left out, the rest escaped), not a crash or an unparsable SVG."""

from __future__ import annotations

import pytest
from lxml import etree

from conftest import REPO
from ittifak.network.exchange import read_network, write_network
from ittifak.network.projection import build_network, read_facts
from ittifak.project import Project

X = "https://example.org/hostile/"
MARKUP = '</script><img src=x onerror=alert(1)> "]]> &'
HOSTILE = r"""
@prefix itt: <https://w3id.org/ittifak/ontology#> .
@prefix x: <https://example.org/hostile/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
x:a a itt:Person ; rdfs:label "A\u0001yşe \uFFFE </script><img src=x onerror=alert(1)> \"]]> &"@en .
x:b a itt:Person ; rdfs:label "Işık İıŞşĞğ 🎉 שלום كاوف"@en .
x:c a itt:Person ; rdfs:label "LONG"@en .
x:treaty a itt:Agreement ; rdfs:label "Treaty \u0001"@en ;
    itt:party x:a , x:b , x:c ; itt:signedOn "1992-03-05"^^xsd:date .
""".replace("LONG", "L" * 10_000)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.ttl"
    path.write_text(HOSTILE, encoding="utf-8")
    return read_facts(Project(REPO, store="memory").open([path]))


@pytest.mark.parametrize("kind", ["actors", "bipartite"])
@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_exchange_files_with_hostile_labels_are_well_formed(hostile, kind, fmt, tmp_path):
    g = build_network(hostile, kind, lang="en")
    path = write_network(g, tmp_path / f"n.{fmt}")
    doc = etree.parse(str(path))  # well-formed
    if fmt == "gexf":
        schema = etree.XMLSchema(etree.parse(str(REPO / "tests" / "schemas" / "gexf-1.3" / "gexf.xsd")))
        assert schema.validate(doc), schema.error_log
    back = read_network(path)
    labels = {n: d.get("label") for n, d in back.nodes(data=True)}
    assert labels[X + "a"] == f"Ayşe  {MARKUP}"  # U+0001 and U+FFFE left out, the rest kept
    assert labels[X + "b"] == "Işık İıŞşĞğ 🎉 שלום كاوف"
    assert labels[X + "c"] == "L" * 10_000


def test_figure_svg_with_hostile_labels_parses(hostile, tmp_path):
    from ittifak.network.diagram import write_figure

    g = build_network(hostile, "actors", lang="en")
    paths = write_figure(g, tmp_path / "actors", ("svg",))
    svg = next(p for p in paths if p.suffix == ".svg")
    doc = etree.parse(str(svg))  # U+0001 in a label made the SVG unparsable
    text = "".join(doc.getroot().itertext())
    assert "\x01" not in text and "\ufffe" not in text


def test_a_failing_caption_writes_none_of_the_figure_set(hostile, tmp_path, monkeypatch):
    from ittifak.network import diagram

    g = build_network(hostile, "actors", lang="en")

    def broken(*args, **kwargs):
        raise RuntimeError("caption failed")

    monkeypatch.setattr(diagram, "caption", broken)
    with pytest.raises(RuntimeError):
        diagram.write_figure(g, tmp_path / "actors", ("svg", "png"))
    assert list(tmp_path.iterdir()) == []  # not an SVG and PNG without their caption


def test_a_failing_year_caption_writes_none_of_the_year_figures(hostile, tmp_path, monkeypatch):
    from ittifak.network import panels
    from ittifak.network.centrality import annotate
    from ittifak.network.diagram import layout

    g = annotate(build_network(hostile, "actors", lang="en"))

    def broken(*args, **kwargs):
        raise RuntimeError("caption failed")

    monkeypatch.setattr(panels, "_trends_caption", broken)
    with pytest.raises(RuntimeError):
        panels.write_year_figures(g, tmp_path / "actors", lambda y: annotate(build_network(hostile, "actors", y, y)),
                                  (1992, 1992), layout(g), ("svg",))
    assert list(tmp_path.iterdir()) == []  # the years figure not written without the trends


@pytest.mark.parametrize("compare", [False, True])
def test_centrality_table_shows_control_characters_not_raw(hostile, compare):
    from ittifak.network.outputs import centrality_report

    text = centrality_report(hostile, "actors", lang="en", compare=compare)
    assert "\x01" not in text and "\ufffe" not in text  # they would reach the terminal as they are
    assert "AU+0001yşe U+FFFE </script>" in text
    assert max(len(line) for line in text.splitlines()) < 200  # the 10,000-character label is cut


def test_figures_by_year_without_coverage_write_nothing(hostile, tmp_path):
    from ittifak.core.errors import InputError
    from ittifak.network.outputs import write_diagrams

    g = build_network(hostile, "actors", lang="en")
    g.graph.pop("coverage", None)
    with pytest.raises(InputError, match="coverage"):
        write_diagrams(g, tmp_path, "actors", ("svg", "html"), network_for=lambda y: g)
    assert list(tmp_path.iterdir()) == []  # not the main figure without its years


def test_an_empty_selection_says_which_network_and_evidence(hostile):
    from ittifak.core.errors import InputError
    from ittifak.network.outputs import selected_network

    # nothing in the hostile graph cites an archival document: `ittifak network` wrote nothing
    # and said "nothing to draw", leaving out the evidence that emptied it
    with pytest.raises(InputError, match=r"the actors network is empty: .*the evidence \(archival\)"):
        selected_network(hostile, "actors", evidence="archival")
