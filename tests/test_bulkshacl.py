"""The set-at-a-time SHACL engine reports exactly what pySHACL reports.

The paper's graph is broken in many ways at once (each mutation on its own resource, one per kind
of constraint the shapes use), then both engines validate it against shapes/; their results must
be the same set of (focus node, shape, component, severity, path, value).
"""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH, XSD

from conftest import project_files, resource_dir
from ittifak.validation.bulkshacl import InputError, validate_graph

ITT = Namespace("https://w3id.org/ittifak/ontology#")
SCHEMA = Namespace("https://schema.org/")
ID = "https://w3id.org/ittifak/id/"


def load_shapes() -> Graph:
    shapes = Graph()
    for path in sorted(resource_dir("shapes").glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


class _SparqlOnOxigraph(Graph):
    """pySHACL reads triples from memory and runs its SPARQL on an Oxigraph copy: the same answers,
    minutes sooner (the project's validator does the same)."""

    def __init__(self, data: Graph) -> None:
        super().__init__(store=data.store, identifier=data.identifier)
        self._sparql = Graph(store="Oxigraph")
        self._sparql.addN((s, p, o, self._sparql) for s, p, o in data)

    def query(self, query_object, *args, **kwargs):
        return self._sparql.query(query_object, *args, **kwargs)


def pyshacl_report(data: Graph, shapes: Graph) -> Graph:
    """pySHACL with its defaults for our shapes (no inference; warnings reported)."""
    import pyshacl

    _, report, _ = pyshacl.validate(_SparqlOnOxigraph(data), shacl_graph=shapes, inference="none",
                                    allow_warnings=True, advanced=False)
    return report


def summary(report: Graph) -> set[tuple[str, ...]]:
    def name(node) -> str:
        return "_:" if isinstance(node, BNode) else ("" if node is None else str(node))

    return {
        (name(report.value(r, SH.focusNode)), name(report.value(r, SH.sourceShape)),
         name(report.value(r, SH.sourceConstraintComponent)), name(report.value(r, SH.resultSeverity)),
         name(report.value(r, SH.resultPath)), name(report.value(r, SH.value)))
        for r in report.objects(None, SH.result)  # pySHACL nests more under sh:detail; not results
    }


def first(g: Graph, cls: URIRef, having: URIRef | None = None) -> URIRef:
    found = sorted(s for s in g.subjects(RDF.type, cls)
                   if isinstance(s, URIRef) and (having is None or g.value(s, having) is not None))
    return found[0]


def mutate(g: Graph) -> list[str]:
    """Break `g` once per kind of constraint; return what was broken."""
    done = []
    persons = sorted(s for s in g.subjects(RDF.type, ITT.Person) if isinstance(s, URIRef))
    person = persons[0]
    g.remove((person, RDFS.label, Literal(g.value(person, RDFS.label), lang="tr")))
    for lit in list(g.objects(person, RDFS.label)):  # qualifiedMinCount: no Turkish label left
        if getattr(lit, "language", None) == "tr":
            g.remove((person, RDFS.label, lit))
    g.add((persons[1], RDFS.label, Literal("Second English label", lang="en")))  # qualifiedMaxCount
    g.add((persons[2], RDFS.label, Literal("No language tag")))  # languageIn
    g.remove((persons[3], ITT.citedSource, None))  # minCount
    done += ["label tr missing", "label en twice", "label untagged", "source missing"]

    signatures = sorted(s for s in g.subjects(RDF.type, ITT.Signature) if isinstance(s, URIRef))
    g.set((signatures[0], ITT.signedFor, URIRef(ID + "state/ussr")))  # not a party (SPARQL)
    other_post = min(p for p in g.subjects(RDF.type, ITT.PostHolding)
                        if g.value(p, ITT.holder) != g.value(signatures[1], ITT.signatory))
    g.set((signatures[1], ITT.signedAsPost, other_post))  # someone else's post (SPARQL)
    g.add((signatures[2], ITT.signatory, persons[4]))  # maxCount
    done += ["signed for a non-party", "signed in another's post", "two signatories"]

    posts = sorted(p for p in g.subjects(ITT.attestedDate, None) if isinstance(p, URIRef))
    g.add((posts[0], ITT.startDate, Literal("2001-01-01", datatype=XSD.date)))  # post dates (SPARQL)
    g.add((posts[1], ITT.startDate, Literal("1985", datatype=XSD.gYear)))
    g.add((posts[1], ITT.endDate, Literal("1984", datatype=XSD.gYear)))  # chronology (SPARQL)
    g.add((posts[2], ITT.holder, persons[5]))  # maxCount
    done += ["act outside post", "ends before it starts", "two holders"]

    kinds = (ITT.Agreement, ITT.Treaty, ITT.Protocol, ITT.MemorandumOfUnderstanding, ITT.FinalAct)
    agreements = sorted({a for k in kinds for a in g.subjects(RDF.type, k) if isinstance(a, URIRef)})
    g.add((agreements[0], ITT.articleCount, Literal(0)))  # minInclusive
    g.add((agreements[1], ITT.duration, Literal("P0Y", datatype=XSD.duration)))  # not
    g.add((agreements[2], ITT.domain, URIRef(ID + "status/planned")))  # node (scheme)
    g.add((agreements[3], ITT.status, URIRef(ID + "domain/trade")))  # in
    g.add((agreements[4], ITT.party, URIRef(ID + "state/atlantis")))  # dangling reference (SPARQL)
    g.add((agreements[5], ITT.signedOn, Literal("1990-06-31", datatype=XSD.date)))  # or / pattern
    g.add((agreements[6], ITT.description, Literal("Another", lang="en")))  # uniqueLang + qualifiedMax
    g.add((agreements[7], ITT.renewalTerms, Literal("untagged terms")))  # languageIn
    g.add((agreements[8], ITT.party, Literal("Turkey")))  # class on a literal
    done += ["0 articles", "P0Y", "status as domain", "domain as status", "dangling", "31 June",
             "two English descriptions", "untagged terms", "literal party"]

    amount = BNode()
    g.add((agreements[9], ITT.volume, amount))
    g.add((amount, RDF.type, ITT.MonetaryAmount))
    g.add((amount, SCHEMA.currency, Literal("usd")))  # pattern
    g.add((amount, SCHEMA.minValue, Literal(500)))
    g.add((amount, SCHEMA.maxValue, Literal(-5)))  # lessThanOrEquals, minExclusive
    done += ["lower-case currency", "min above max", "negative max"]

    items = sorted(g.subjects(RDF.type, ITT.AidItem))
    g.add((URIRef(ID + "aid/1990-food-medicine-copy"), ITT.item, items[0]))  # inverse path maxCount
    passages = sorted(g.subjects(RDF.type, ITT.Passage))
    g.set((passages[0], ITT.lineStart, Literal(99999)))  # passage IRI mismatch + start > end (SPARQL)
    conflicts = sorted(g.subjects(RDF.type, ITT.SourceConflict))
    g.add((conflicts[0], ITT.conflictAbout, Literal("a literal")))  # nodeKind
    docs = sorted(g.subjects(RDF.type, ITT.ArchivalDocument))
    g.set((docs[0], ITT.fileCode, Literal("1-2")))  # pattern + IRI mismatch (SPARQL)
    done += ["item in two packages", "passage lines", "literal conflict subject", "file code"]
    return done


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def broken() -> Graph:
    g = Graph()
    for path in project_files():
        g.parse(path, format="turtle")
    mutate(g)
    return g


def test_same_results_as_pyshacl_on_the_mutated_paper(broken, shapes):
    expected = summary(pyshacl_report(broken, shapes))
    got = summary(validate_graph(broken, shapes))
    assert len(expected) > 30  # the mutations really broke things
    assert got - expected == set()
    assert expected - got == set()


def test_same_results_as_pyshacl_on_the_paper(project, shapes):
    graph = project.graph
    assert summary(validate_graph(graph, shapes)) == summary(pyshacl_report(graph, shapes))


def test_copies_a_memory_graph_to_oxigraph(oxigraph_project, project, shapes):
    assert summary(validate_graph(project.graph, shapes)) == summary(
        validate_graph(oxigraph_project.graph, shapes))


@pytest.mark.parametrize(("shape", "feature"), [
    ("<urn:s> a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; sh:select \"SELECT ?this {}\" ] .",
     "sh:target"),
    ("<urn:s> sh:targetNode <urn:x> ; sh:minCount 1 . <urn:g> sh:entailment <urn:rdfs> .",
     "sh:entailment"),
    ("<urn:s> sh:targetNode <urn:x> ; sh:node <urn:s> ; sh:minCount 1 .", "recursive shapes"),
])
def test_refuses_a_feature_it_does_not_implement(project, shape, feature):
    shapes = Graph()
    shapes.parse(data="@prefix sh: <http://www.w3.org/ns/shacl#> .\n" + shape, format="turtle")
    with pytest.raises(InputError, match=f"^unsupported: {feature}"):
        validate_graph(project.graph, shapes)
