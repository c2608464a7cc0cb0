"""The release's own Turtle/TriG/N-Triples writer: whatever the triples, rdflib and Oxigraph read
back the same graph, and the text is the same whatever order the triples came in."""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from ittifak.core.turtle import ntriples, trig, turtle
from ittifak.release.export import canonical

EX = "https://example.org/id/"
PREFIXES = {"ex": EX, "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "ex-dash": "https://example.org/d/"}


def _hostile() -> Graph:
    g = Graph()
    s = URIRef(EX + "s")
    for text in ['quote " and \\ backslash', "line\nbreak\r\ttab", "bell \x07 and \x00 nul", "İı Şş Ğğ Çç Öö Üü",
                 "'''triple'''", '"""', "", " ", "ends with a backslash \\"]:
        g.add((s, RDFS.label, Literal(text, lang="tr")))
        g.add((s, RDFS.comment, Literal(text)))
    g.add((s, RDFS.seeAlso, Literal("12", datatype=XSD.integer)))
    g.add((s, RDFS.seeAlso, Literal("012", datatype=XSD.integer)))
    g.add((s, RDFS.seeAlso, Literal("-1.50", datatype=XSD.decimal)))
    g.add((s, RDFS.seeAlso, Literal("true", datatype=XSD.boolean)))
    g.add((s, RDFS.seeAlso, Literal("1", datatype=XSD.boolean)))
    g.add((s, RDFS.seeAlso, Literal("1e3", datatype=XSD.double)))
    g.add((s, RDFS.seeAlso, Literal("1992-05", datatype=XSD.gYearMonth)))
    g.add((s, RDFS.seeAlso, Literal("x", datatype=URIRef("https://example.org/d/type"))))
    # IRIs no prefixed name can carry
    for local in ["a.", "a(b)", "a~b", "a/b", "1st", "a%20b", "a#b", "ş", "-a", ".a", ""]:
        g.add((s, RDFS.seeAlso, URIRef(EX + local)))
    g.add((URIRef("urn:x:y"), RDF.type, URIRef("https://example.org/d/a-b")))
    return g


def _structures() -> Graph:
    g = Graph()
    s = URIRef(EX + "s")
    # nested blank nodes, a list of literals and of blank nodes, an empty list, a shared blank node
    inner = BNode()
    g.add((s, URIRef(EX + "p"), inner))
    g.add((inner, URIRef(EX + "q"), Literal("inner")))
    Collection(g, head := BNode(), [Literal("a"), URIRef(EX + "b"), Literal("3", datatype=XSD.integer)])
    g.add((s, URIRef(EX + "list"), head))
    items = [BNode(), BNode()]
    for i, b in enumerate(items):
        g.add((b, RDFS.label, Literal(f"item {i}")))
    Collection(g, head2 := BNode(), items)
    g.add((s, URIRef(EX + "list2"), head2))
    g.add((s, URIRef(EX + "empty"), RDF.nil))
    shared = BNode()
    g.add((s, URIRef(EX + "one"), shared))
    g.add((URIRef(EX + "t"), URIRef(EX + "two"), shared))
    g.add((shared, RDFS.label, Literal("shared")))
    # a cycle of blank nodes, each used once, that no named subject reaches
    a, b = BNode(), BNode()
    g.add((a, URIRef(EX + "next"), b))
    g.add((b, URIRef(EX + "next"), a))
    # a list cell used twice is not a list any more
    cell = BNode()
    g.add((cell, RDF.first, Literal("x")))
    g.add((cell, RDF.rest, RDF.nil))
    g.add((s, URIRef(EX + "l1"), cell))
    g.add((s, URIRef(EX + "l2"), cell))
    # a list cell with a third property is written as a blank node
    odd = BNode()
    g.add((odd, RDF.first, Literal("y")))
    g.add((odd, RDF.rest, RDF.nil))
    g.add((odd, RDFS.comment, Literal("extra")))
    g.add((s, URIRef(EX + "l3"), odd))
    # a blank node pointing at itself
    loop = BNode()
    g.add((loop, URIRef(EX + "self"), loop))
    # a blank node with nothing to say
    g.add((s, URIRef(EX + "nothing"), BNode()))
    return g


@pytest.mark.parametrize("make", [_hostile, _structures], ids=["hostile-terms", "blank-nodes-and-lists"])
def test_turtle_reads_back_as_the_same_graph(make):
    g = make()
    text = turtle(canonical(g), PREFIXES)
    assert isomorphic(Graph().parse(data=text, format="turtle"), g), text
    assert len(list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))) == len(g)
    nt = ntriples(canonical(g))
    assert isomorphic(Graph().parse(data=nt, format="nt"), g)
    assert len(list(ox.parse(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))) == len(g)


def test_output_does_not_depend_on_the_order_of_the_triples():
    g = _structures() + _hostile()
    triples = list(g)
    first = turtle(canonical(triples), PREFIXES)
    random.Random(7).shuffle(triples)
    assert turtle(canonical(triples), PREFIXES) == first


def test_lists_and_nested_nodes_are_written_in_place():
    text = turtle(canonical(_structures()), PREFIXES)
    assert '( "a" ex:b 3 )' in text
    assert "rdf:first" in text  # the cell used twice and the cell with a comment are not lists
    assert text.count("rdf:first") == 2


def test_prefixed_names_only_where_the_local_part_is_plain():
    text = turtle(canonical(_hostile()), PREFIXES)
    assert f"<{EX}a.>" in text and f"<{EX}a(b)>" in text and f"<{EX}ş>" in text
    assert "ex:1st" in text and "ex-dash:a-b" in text and "@prefix ex-dash: <https://example.org/d/> ." in text
    assert "@prefix xsd:" in text and "@prefix unused" not in text


def test_trig_keeps_every_graph_apart():
    g1, g2 = _structures(), _hostile()
    text = trig([(None, canonical(g1)), (EX + "g2", canonical(g2))], PREFIXES)
    ds = Dataset()
    ds.parse(data=text, format="trig")
    assert isomorphic(ds.graph(URIRef(EX + "g2")), g2)
    assert len(list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TRIG))) == len(g1) + len(g2)
