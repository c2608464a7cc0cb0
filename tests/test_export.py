"""Linked-data publication: every distribution parses, round-trips, is deterministic and described."""

from __future__ import annotations

import json
import os
import subprocess

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef

from conftest import LAYOUT, REPO
from ittifak.cli import main
from ittifak.core.vocab import VOID
from ittifak.release.export import FORMATS, canonical, load_parts

DATASET = URIRef(LAYOUT.dataset.iri)
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml"}
OX_FORMAT = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
             "rdf": ox.RdfFormat.RDF_XML}


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def parts():
    return load_parts()


def _source(parts, stem):
    return {"ontology": parts.ontology, "shapes": parts.shapes, "data": parts.data,
            "ittifak": parts.combined}[stem]


@pytest.mark.parametrize("ext", ["ttl", "nt", "jsonld", "rdf"])
@pytest.mark.parametrize("stem", ["ontology", "shapes", "data", "ittifak"])
def test_distribution_round_trips_in_rdflib_and_oxigraph(release, parts, stem, ext):
    path = release / f"{stem}.{ext}"
    source = _source(parts, stem)
    g = Graph().parse(path, format=RDFLIB_FORMAT[ext])
    # canonical() labels blank nodes from graph structure alone, so equal sets mean isomorphic graphs
    assert set(canonical(g)) == set(canonical(source)), f"{path.name} differs from its source in rdflib"
    ox_triples = list(ox.parse(path=str(path), format=OX_FORMAT[ext]))
    assert len(ox_triples) == len(source), f"{path.name} has a different triple count in pyoxigraph"


def test_trig_holds_each_data_file_as_a_named_graph(release, parts):
    ds = Dataset()
    ds.parse(release / "ittifak.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    for stem in parts.by_file:
        assert f"https://w3id.org/ittifak/graph/{stem}" in names
    quads = list(ox.parse(path=str(release / "ittifak.trig"), format=ox.RdfFormat.TRIG))
    assert len(quads) == len(list(ds.quads()))


def test_jsonld_uses_our_context(release):
    data = json.loads((release / "data.jsonld").read_text(encoding="utf-8"))
    context = json.loads((release / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert data["@context"] == context
    assert context["party"] == {"@id": "itt:party", "@type": "@id"}


def test_strict_third_party_parser_accepts_every_file(release):
    """Apache Jena's riot (Debian's libapache-jena-java) in strict mode.

    JSON-LD is left out: Debian's Jena 4.5 cannot load local JSON-LD files at all
    (LOADING_DOCUMENT_FAILED even for a one-triple file); rdflib and pyoxigraph check those.
    """
    classpath = subprocess.run(["bash", str(REPO / "scripts" / "jena-classpath.sh")], check=True,
                               capture_output=True, text=True).stdout.strip()
    files = sorted(str(p) for p in release.iterdir() if p.suffix in (".ttl", ".nt", ".trig", ".rdf"))
    run = subprocess.run(["java", "-cp", classpath, "riotcmd.riot", "--validate", "--strict", *files],
                         check=False, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ERROR" not in run.stderr and "WARN" not in run.stderr, run.stderr


def test_two_builds_are_byte_identical(release, tmp_path):
    """A second export, in another process with another hash seed, gives the same bytes."""
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([str(REPO / ".venv" / "bin" / "ittifak"), "export", "--out", str(tmp_path)],
                   check=True, env=env, capture_output=True)
    first = sorted(p.name for p in release.iterdir())
    assert first == sorted(p.name for p in tmp_path.iterdir())
    for name in first:
        assert (release / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_void_counts_equal_independent_counts(release):
    void = Graph().parse(release / "void.ttl")
    store = ox.Store()
    store.load(path=str(release / "ittifak.nt"), format=ox.RdfFormat.N_TRIPLES)

    def count(q):
        return int(next(iter(store.query(q)))[0].value)

    def stated(prop):
        return int(void.value(DATASET, VOID[prop]))

    assert stated("triples") == count("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    assert stated("distinctSubjects") == count("SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o }")
    assert stated("distinctObjects") == count("SELECT (COUNT(DISTINCT ?o) AS ?n) { ?s ?p ?o }")
    assert stated("properties") == count("SELECT (COUNT(DISTINCT ?p) AS ?n) { ?s ?p ?o }")
    # each class partition
    for part in void.objects(DATASET, VOID.classPartition):
        cls = void.value(part, VOID["class"])
        n = int(void.value(part, VOID.entities))
        assert n == count(f"SELECT (COUNT(DISTINCT ?s) AS ?n) {{ ?s a <{cls}> }}"), cls


def test_dcat_distributions_have_size_and_checksum(release):
    import hashlib

    void = Graph().parse(release / "void.ttl")
    dcat = "http://www.w3.org/ns/dcat#"
    spdx = "http://spdx.org/rdf/terms#"
    dists = list(void.objects(DATASET, URIRef(dcat + "distribution")))
    assert len(dists) == len([p for p in release.iterdir() if p.name != "void.ttl"])
    for dist in dists:
        name = str(dist).rsplit("/", 1)[1]
        path = release / name
        assert int(void.value(dist, URIRef(dcat + "byteSize"))) == path.stat().st_size
        checksum = void.value(dist, URIRef(spdx + "checksum"))
        assert str(void.value(checksum, URIRef(spdx + "checksumValue"))) == hashlib.sha256(
            path.read_bytes()).hexdigest()
    titles = set(void.objects(DATASET, URIRef("http://purl.org/dc/terms/title")))
    assert {t.language for t in titles} == {"tr", "en"}


def test_links_point_only_at_described_resources(release, parts):
    """One file per data/links/ file; the check records (blank nodes) name described resources too."""
    files = sorted(release.glob("links-*.ttl"))
    assert "links-wikidata.ttl" in {f.name for f in files}
    subjects = {s for s, _, _ in parts.data}
    for path in files:
        links = Graph().parse(path)
        linked = {s for s in links.subjects() if isinstance(s, URIRef)}
        linked |= set(links.objects(None, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject")))
        missing = sorted(str(s) for s in linked if s not in subjects)
        assert not missing, f"{path.name} links resources the data does not describe: {missing}"


def test_ontology_page_has_both_languages(release):
    html = (release / "ontology.html").read_text(encoding="utf-8")
    assert "Siyasi birim" in html and "Polity" in html
    assert "https://cdn" not in html


def test_unknown_format_is_refused(runner, tmp_path):
    result = runner.invoke(main, ["export", "--format", "yaml", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert not any(tmp_path.iterdir())


def test_every_format_has_a_media_type():
    assert {"text/turtle", "application/n-triples", "application/ld+json", "application/trig",
            "application/rdf+xml"} == {media for _, media in FORMATS.values()}


def test_jsonld_compaction_reads_back_as_the_same_graph():
    """Values that do not fit their property's term keep their own datatype, language or kind."""
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import RDFS, XSD

    from ittifak.core.jsonld import compact_document, jsonld_context
    from ittifak.release.export import serialize

    itt = "https://w3id.org/ittifak/ontology#"
    parts = load_parts()
    context = jsonld_context(parts.ontology_graph, {"itt": itt, "rdfs": str(RDFS), "xsd": str(XSD),
                                              "state": "https://w3id.org/ittifak/id/state/"})
    g = Graph()
    s, blank = URIRef("https://w3id.org/ittifak/id/state/x"), BNode()
    g.add((s, URIRef(itt + "party"), URIRef("https://example.org/not//covered")))
    g.add((s, URIRef(itt + "party"), Literal("a literal where a link is expected")))
    g.add((s, URIRef(itt + "party"), blank))
    g.add((blank, RDFS.label, Literal("boş", lang="tr")))
    g.add((blank, RDFS.label, Literal("empty", lang="en")))
    g.add((blank, RDFS.label, Literal("no language")))
    g.add((s, URIRef(itt + "author"), Literal("typed", datatype=XSD.string)))
    g.add((s, URIRef(itt + "author"), Literal("plain")))
    g.add((s, URIRef(itt + "date"), Literal("1992-05", datatype=XSD.gYearMonth)))
    g.add((s, URIRef("https://example.org/p"), Literal("12", datatype=XSD.integer)))
    g.add((s, URIRef(itt + "unknownProperty"), Literal("x", lang="en")))
    data = serialize(g, "jsonld", context)
    assert set(canonical(Graph().parse(data=data, format="json-ld"))) == set(canonical(g))
    assert len(list(ox.parse(data, format=ox.RdfFormat.JSON_LD))) == len(g)
    assert compact_document(canonical(g), context)["@context"] == context["@context"]
