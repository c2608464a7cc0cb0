"""Time, evidence and weights in the networks and their exchange files (GEXF 1.3, GraphML).

Small graphs whose answers are worked out by hand, written as Turtle and read by the real
reader; the paper's graph for what the paper says; the GEXF against the GEXF 1.3 schema
(tests/schemas/gexf-1.3, README there) and through NetworkX's reader.
"""

from __future__ import annotations

import json

import pytest
from lxml import etree

from conftest import REPO, paper_lines
from ittifak.core.errors import InputError
from ittifak.network.centrality import annotate
from ittifak.network.diagram import layout
from ittifak.network.exchange import GEXF_NS, read_network, write_network
from ittifak.network.outputs import compare_evidence, evidence_counts
from ittifak.network.projection import NETWORKS, build_network, read_facts
from ittifak.project import Project

ID = "https://w3id.org/ittifak/id/"
X = "https://example.org/small/"
SCHEMAS = REPO / "tests" / "schemas" / "gexf-1.3"

# Two affairs: a bilateral agreement of a and b, cited to an archival document, signed on a day;
# a decision that a, b, c and d share, cited to a secondary work only, dated to a month; and an
# undated event of c and d that nothing is cited for.
SMALL = """
@prefix itt: <https://w3id.org/ittifak/ontology#> .
@prefix x: <https://example.org/small/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
x:a a itt:Person ; rdfs:label "Ayşe"@tr , "Ayshe"@en .
x:b a itt:Person ; rdfs:label "Barış"@tr , "Baris"@en .
x:c a itt:Person ; rdfs:label "Cem"@tr , "Cem"@en .
x:d a itt:Person ; rdfs:label "Derya"@tr , "Derya"@en .
x:doc a itt:ArchivalDocument ; rdfs:label "BCA 1"@tr .
x:work a itt:SecondaryWork ; rdfs:label "Book"@tr .
x:treaty a itt:Agreement ; rdfs:label "Antlaşma"@tr , "Treaty"@en ;
    itt:party x:a , x:b ; itt:signedOn "1992-03-05"^^xsd:date ; itt:citedSource x:doc .
x:decision a itt:Instrument ; rdfs:label "Karar"@tr , "Decision"@en ;
    itt:party x:a , x:b , x:c , x:d ; itt:date "1992-02"^^xsd:gYearMonth ; itt:citedSource x:work .
x:meeting a itt:Event ; rdfs:label "Toplantı"@tr , "Meeting"@en ; itt:participant x:c , x:d .
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("small") / "small.ttl"
    path.write_text(SMALL, encoding="utf-8")
    return read_facts(Project(REPO, store="memory").open([path]))


@pytest.fixture(scope="module")
def facts(project):
    return read_facts(project)


def test_newman_weighting_by_hand(small):
    g = build_network(small, "actors")
    # a-b share the treaty (2 actors: 1/1) and the decision (4 actors: 1/3)
    assert g.edges[X + "a", X + "b"]["weight"] == pytest.approx(1 + 1 / 3, abs=1e-6)
    assert g.edges[X + "a", X + "b"]["weight_count"] == 2
    assert g.edges[X + "a", X + "c"]["weight"] == pytest.approx(1 / 3, abs=1e-6)
    # c-d: the decision (1/3) and the meeting of two (1)
    assert g.edges[X + "c", X + "d"]["weight_newman"] == pytest.approx(4 / 3, abs=1e-6)
    # each affair gives each of its actors a total weight of 1 across its ties
    assert sum(d["weight"] for _, _, d in g.edges(X + "a", data=True)) == pytest.approx(2, abs=1e-5)
    counted = build_network(small, "actors", weighting="count")
    assert counted.edges[X + "a", X + "b"]["weight"] == 2 and counted.edges[X + "a", X + "c"]["weight"] == 1


def test_evidence_filter_by_hand(small):
    archival = build_network(small, "actors", evidence="archival")
    assert sorted(map(sorted, archival.edges)) == [[X + "a", X + "b"]]
    assert archival.edges[X + "a", X + "b"]["weight"] == 1  # the decision is gone: 1/1 only
    paper = build_network(small, "actors", evidence="paper")
    assert paper.number_of_edges() == 6  # the decision's 4 actors pairwise; the meeting's pair among them
    assert all(d["evidence"] == "paper" for _, _, d in paper.edges(data=True))
    full = build_network(small, "actors")
    assert full.edges[X + "a", X + "b"]["evidence"] == "archival"  # one archival context is enough
    assert evidence_counts(full) == {"ties": {"archival": 1, "paper": 5},
                                     "nodes": {"archival": 2, "paper": 2}}
    with pytest.raises(InputError, match="unknown evidence 'rumour'"):
        build_network(small, "actors", evidence="rumour")


def test_spells_by_hand(small):
    b = build_network(small, "bipartite")
    assert b.edges[X + "a", X + "treaty"]["spells"] == [("1992-03-05", "1992-03-05")]
    assert b.edges[X + "a", X + "decision"]["spells"] == [("1992-02-01", "1992-02-29")]  # a leap year
    assert b.edges[X + "c", X + "meeting"] == {**b.edges[X + "c", X + "meeting"], "spells": [], "dated": False}
    g = build_network(small, "actors")
    assert g.edges[X + "a", X + "b"]["spells"] == [("1992-02-01", "1992-02-29"), ("1992-03-05", "1992-03-05")]
    assert g.edges[X + "c", X + "d"]["dated"] is False  # the meeting is undated: no spell is invented
    assert g.nodes[X + "a"]["spells"] == g.edges[X + "a", X + "b"]["spells"]
    assert g.nodes[X + "c"]["spells"] == [] and g.nodes[X + "c"]["dated"] is False


def test_small_gexf_validates_and_reads_back(small, tmp_path):
    g = annotate(build_network(small, "actors", lang="tr"))
    path = write_network(g, tmp_path / "small.gexf", positions=layout(g))
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "gexf.xsd")))
    assert schema.validate(etree.parse(str(path))), schema.error_log
    root = etree.parse(str(path)).getroot()
    graph = root.find(f"{{{GEXF_NS}}}graph")
    assert (root.get("version"), graph.get("mode"), graph.get("timeformat")) == ("1.3", "dynamic", "date")
    types = {a.get("title"): a.get("type") for a in graph.iter(f"{{{GEXF_NS}}}attribute")}
    assert types["weight_newman"] == "double" and types["weight_count"] == "integer"
    assert types["dated"] == "boolean" and types["class"] == "string"
    back = read_network(path)
    assert back.nodes[X + "a"]["label"] == "Ayşe" and back.nodes[X + "a"]["label_en"] == "Ayshe"
    assert back.edges[X + "a", X + "b"]["spells"] == [("1992-02-01", "1992-02-29"), ("1992-03-05", "1992-03-05")]
    assert back.edges[X + "c", X + "d"]["dated"] is False and "spells" not in back.edges[X + "c", X + "d"]
    assert back.nodes[X + "a"]["viz"]["position"]["x"] == pytest.approx(layout(g)[X + "a"][0])
    graphml = read_network(write_network(g, tmp_path / "small.graphml", positions=layout(g)))
    assert graphml.nodes[X + "a"]["color"] == "#E69F00" and "x" in graphml.nodes[X + "a"]
    assert graphml.edges[X + "a", X + "b"]["spells"] == "1992-02-01/1992-02-29;1992-03-05/1992-03-05"


@pytest.mark.parametrize("kind", NETWORKS)
def test_paper_networks_validate_against_gexf_1_3(kind, facts, tmp_path):
    g = annotate(build_network(facts, kind, lang="tr"))
    path = write_network(g, tmp_path / f"{kind}.gexf", positions=layout(g))
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "gexf.xsd")))
    assert schema.validate(etree.parse(str(path))), schema.error_log
    text = path.read_text(encoding="utf-8")
    assert "<spell " in text and "Türkiye" in text


def test_upstream_schema_does_not_compile():
    """Why tests/schemas/gexf-1.3 carries a completed schema (README there; gephi/gexf#19)."""
    with pytest.raises(etree.XMLSchemaParseError, match="graph-content"):
        etree.XMLSchema(etree.parse(str(SCHEMAS / "upstream" / "gexf.xsd")))


def test_a_tie_only_the_papers_narrative_supports_is_not_archival(facts):
    # L645-653: Demirel signed the 2 November 1992 trade and economic cooperation agreement for
    # Turkey and Elçibey for Azerbaijan; L667-669 cite secondary works for it, no archival document.
    text = paper_lines(645, 669)
    assert "Süleyman Demirel" in text and "Ebulfez Elçibey" in text and "Aslanlı, 2018" in text
    assert "BCA" not in text and "TDA" not in text
    demirel, elcibey = ID + "person/suleyman-demirel", ID + "person/ebulfez-elcibey"
    full = build_network(facts, "actors")
    assert full.has_edge(demirel, elcibey)
    assert full.edges[demirel, elcibey]["spells"][0][0] <= "1992-11-02"
    assert not build_network(facts, "actors", evidence="archival").has_edge(demirel, elcibey)
    assert build_network(facts, "actors", evidence="paper").has_edge(demirel, elcibey)
    gone = {r["iri"] for r in compare_evidence(facts, top=None) if r["rank_archival"] is None}
    assert elcibey in gone


def test_undated_ties_are_kept_and_marked(facts):
    b = build_network(facts, "bipartite")
    undated = [(u, v) for u, v, d in b.edges(data=True) if not d["dated"]]
    assert undated and all(b.edges[e]["spells"] == [] for e in undated)
    assert all(d["spells"] for _, _, d in b.edges(data=True) if d["dated"])


def test_graphology_gexf_reads_our_file(facts, tmp_path):
    """The JavaScript reader (graphology-gexf, installed into tests/js by scripts/setup.sh --test)."""
    import shutil
    import subprocess

    node = shutil.which("node")
    script = REPO / "tests" / "js" / "read-gexf.js"
    if node is None or not (REPO / "tests" / "js" / "node_modules" / "graphology-gexf").is_dir():
        pytest.skip("node or graphology-gexf is absent: run bash scripts/setup.sh --test")
    g = annotate(build_network(facts, "actors", lang="tr"))
    path = write_network(g, tmp_path / "actors.gexf", positions=layout(g))
    demirel, elcibey = ID + "person/suleyman-demirel", ID + "person/ebulfez-elcibey"
    done = subprocess.run([node, str(script), str(path), elcibey, demirel, elcibey],
                          capture_output=True, text=True, timeout=60, check=True)
    seen = json.loads(done.stdout)
    assert (seen["order"], seen["size"]) == (len(g), g.number_of_edges())
    assert seen["node"]["label"] == "Ebulfez Elçibey" and seen["node"]["label_en"] == "Ebulfez Elchibey"
    assert seen["node"]["x"] == pytest.approx(layout(g)[elcibey][0], abs=0.01)
    assert seen["node"]["dated"] in (True, False) and isinstance(seen["node"]["degree"], int)
    edge = seen["edge"]
    assert edge["evidence"] == "paper" and edge["weight_count"] == g.edges[demirel, elcibey]["weight_count"]
    assert edge["weight_newman"] == pytest.approx(g.edges[demirel, elcibey]["weight_newman"])


def test_another_project_writes_a_valid_dynamic_gexf(tmp_path):
    """Nothing here is the paper's: the invented project's networks validate and are dated too."""
    store = Project(REPO / "tests" / "projects" / "invented-treaties", store="memory").open()
    g = annotate(build_network(read_facts(store), "actors"))
    first = write_network(g, tmp_path / "a.gexf", positions=layout(g))
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "gexf.xsd")))
    assert schema.validate(etree.parse(str(first))), schema.error_log
    assert any(d["spells"] for _, _, d in g.edges(data=True))
    again = write_network(g, tmp_path / "b.gexf", positions=layout(g))
    assert first.read_bytes() == again.read_bytes()  # no date of writing, a fixed order


def test_project_facade_passes_evidence_and_weighting(project):
    facade = Project(REPO, store="memory")
    g = facade.network(project, "actors", evidence="archival", weighting="count")
    assert g.graph["evidence"] == "archival" and g.graph["weighting"] == "count"
    assert {d["evidence"] for _, _, d in g.edges(data=True)} == {"archival"}
    assert all(d["weight"] == d["weight_count"] for _, _, d in g.edges(data=True))
    assert g.graph["dataset"] == facade.dataset.short_title(facade.language())
    rows = json.loads(facade.centrality(project, "organisational", compare=True, fmt="json", top=None))["rows"]
    assert rows and not [r for r in rows if r["iri"].startswith(ID + "post/")]  # posts are not actors


def test_docstring_examples():
    import doctest

    import ittifak.network.exchange
    import ittifak.network.outputs
    import ittifak.network.projection

    for module in (ittifak.network.projection, ittifak.network.exchange, ittifak.network.outputs):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__
