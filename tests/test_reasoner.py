"""The ontology and data under an OWL 2 RL reasoner, with the W3C vocabularies they align to.

The closure is computed by `reasonable` (OWL 2 RL in Rust, about 2 s here); owlrl gives the same
inferences but takes about 60 s on this graph. `reasonable` does not report inconsistencies, so
the OWL 2 RL rules that do, for the axioms ORG and PROV-O use (cax-dw, cax-adc, cls-nothing2,
prp-pdw, cls-maxc1), are run as SPARQL on its closure. The W3C ORG and PROV-O files are shared,
not part of the repository: they are found through ITTIFAK_VOCABULARIES, else
../shared/vocabularies beside the checkout; without them the tests skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import reasonable
from rdflib import Graph

REPO = Path(__file__).resolve().parent.parent
VOCABULARY_FILES = ("org.ttl", "prov-o.ttl")

PREFIXES = """
PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX itt:  <https://w3id.org/ittifak/ontology#>
PREFIX org:  <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""


def vocabularies_dir() -> Path:
    return Path(os.environ.get("ITTIFAK_VOCABULARIES") or REPO.parent / "shared" / "vocabularies")


@pytest.fixture(scope="module")
def asserted() -> Graph:
    """Ontology, data and the W3C vocabularies, as written."""
    folder = vocabularies_dir()
    missing = [name for name in VOCABULARY_FILES if not (folder / name).is_file()]
    if missing:
        pytest.skip(f"W3C vocabularies not found: {', '.join(missing)} in {folder} "
                    "(set ITTIFAK_VOCABULARIES to the folder that holds them)")
    graph = Graph()
    ours = sorted((REPO / "ontology").glob("*.ttl")) + sorted(
        p for p in (REPO / "data").glob("*.ttl") if not p.name.startswith("_"))
    for path in [*ours, *(folder / name for name in VOCABULARY_FILES)]:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def closure(asserted) -> Graph:
    """The OWL 2 RL closure of `asserted`: what it states and everything it entails."""
    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(asserted)
    graph = Graph()
    for triple in reasoner.reason():
        graph.add(triple)
    return graph


def select(graph: Graph, query: str) -> list[tuple]:
    return [tuple(row) for row in graph.query(PREFIXES + query)]


# The OWL 2 RL rules that make a graph inconsistent, for the axioms ORG and PROV-O use.
INCONSISTENCIES = {
    "member of two disjoint classes (cax-dw)": """
        SELECT DISTINCT ?x ?a ?b WHERE { ?a owl:disjointWith ?b . ?x a ?a , ?b }""",
    "member of two classes of an AllDisjointClasses (cax-adc)": """
        SELECT DISTINCT ?x ?a ?b WHERE {
            ?d a owl:AllDisjointClasses ; owl:members ?list .
            ?list rdf:rest*/rdf:first ?a . ?list rdf:rest*/rdf:first ?b .
            FILTER(?a != ?b) ?x a ?a , ?b }""",
    "member of owl:Nothing (cls-nothing2)": """
        SELECT DISTINCT ?x WHERE { ?x a owl:Nothing }""",
    "two disjoint properties on one pair (prp-pdw)": """
        SELECT DISTINCT ?x ?p ?q ?y WHERE { ?p owl:propertyDisjointWith ?q . ?x ?p ?y . ?x ?q ?y }""",
    "a value where the maximum cardinality is 0 (cls-maxc1)": """
        SELECT DISTINCT ?x ?p WHERE {
            ?c owl:maxCardinality ?n ; owl:onProperty ?p . FILTER(?n = 0) ?x a ?c ; ?p ?y }""",
    "two IRIs inferred to be one resource": """
        SELECT DISTINCT ?x ?y WHERE { ?x owl:sameAs ?y . FILTER(isIRI(?x) && isIRI(?y) && ?x != ?y) }""",
}


SAME_AS = "two IRIs inferred to be one resource"


@pytest.mark.parametrize("rule", sorted(INCONSISTENCIES))
def test_the_closure_is_consistent(asserted, closure, rule):
    clashes = select(closure, INCONSISTENCIES[rule])
    if rule == SAME_AS:
        # a merged record's old IRI is kept with an asserted owl:sameAs (README, IRI policy):
        # only an owl:sameAs the data does not state is a clash
        stated = {(x, y) for x, y in select(asserted, INCONSISTENCIES[rule])}
        clashes = [(x, y) for x, y in clashes if (x, y) not in stated and (y, x) not in stated]
    assert clashes == [], f"{len(clashes)} × {rule}, e.g. {clashes[:3]}"


# For each rule, a closed graph that breaks it: the SPARQL must find the clash.
BROKEN = {
    "member of two disjoint classes (cax-dw)": "ex:A owl:disjointWith ex:B . ex:x a ex:A , ex:B .",
    "member of two classes of an AllDisjointClasses (cax-adc)":
        "[] a owl:AllDisjointClasses ; owl:members ( ex:A ex:B ex:C ) . ex:x a ex:A , ex:C .",
    "member of owl:Nothing (cls-nothing2)": "ex:x a owl:Nothing .",
    "two disjoint properties on one pair (prp-pdw)":
        "ex:p owl:propertyDisjointWith ex:q . ex:x ex:p ex:y ; ex:q ex:y .",
    "a value where the maximum cardinality is 0 (cls-maxc1)":
        "ex:C owl:maxCardinality 0 ; owl:onProperty ex:p . ex:x a ex:C ; ex:p ex:y .",
    "two IRIs inferred to be one resource": "ex:x owl:sameAs ex:y .",
}


@pytest.mark.parametrize("rule", sorted(INCONSISTENCIES))
def test_each_inconsistency_rule_finds_a_clash(rule):
    graph = Graph().parse(data="@prefix owl: <http://www.w3.org/2002/07/owl#> . "
                          "@prefix ex: <http://example.org/> . " + BROKEN[rule], format="turtle")
    assert select(graph, INCONSISTENCIES[rule]), rule


# (what a resource is asserted to be, a class the reasoner must not put it in)
NOT_INFERRED = [
    ("itt:Person", "org:Organization"),
    ("itt:Person", "foaf:Organization"),
    ("itt:Person", "itt:Place"),
    ("itt:Person", "prov:Activity"),
    ("itt:Person", "prov:Entity"),
    ("itt:Person", "org:Membership"),
    ("itt:Person", "org:Role"),
    ("itt:Place", "prov:Activity"),
    ("itt:Place", "itt:Person"),
    ("itt:City", "org:Organization"),
    ("itt:City", "prov:Agent"),
    ("itt:Region", "org:Organization"),
    ("itt:Facility", "org:Organization"),
    ("itt:Polity", "org:Site"),
    ("itt:ArchivalDocument", "prov:Activity"),
    ("itt:ArchivalDocument", "prov:Agent"),
    ("itt:ArchivalDocument", "org:Organization"),
    ("itt:ArchivalDocument", "itt:FactBearing"),
    ("itt:SecondaryWork", "prov:Activity"),
    ("itt:Passage", "prov:Activity"),
    ("itt:Event", "prov:Entity"),
    ("itt:Project", "prov:Entity"),
    ("itt:Delegation", "org:OrganizationalCollaboration"),
    ("itt:Delegation", "org:FormalOrganization"),
    ("itt:PostHolding", "org:Organization"),
    ("itt:Office", "org:Organization"),
    # an attestation is a record (prov:Entity) tied to its resource outside PROV: the resource it
    # attests is not made an entity, and the attestation is no activity
    ("itt:Attestation", "prov:Activity"),
    ("itt:PostHolding", "prov:Entity"),
    ("itt:Signature", "prov:Entity"),
    ("itt:Provision", "prov:Activity"),
]


@pytest.mark.parametrize("kind,wrong", NOT_INFERRED, ids=[f"{k}-not-{w}" for k, w in NOT_INFERRED])
def test_nothing_is_inferred_into_a_class_it_is_not(asserted, closure, kind, wrong):
    members = {s for (s,) in select(asserted, f"SELECT DISTINCT ?s WHERE {{ ?s a/rdfs:subClassOf* {kind} }}")}
    assert members, f"no {kind} in the data: the check would pass vacuously"
    wrongly = sorted(s for (s,) in select(closure, f"SELECT DISTINCT ?s WHERE {{ ?s a {wrong} }}")
                     if s in members)
    assert wrongly == [], f"{len(wrongly)} × {kind} inferred to be {wrong}, e.g. {wrongly[:3]}"


def test_a_state_is_a_place_and_a_formal_organisation(closure):
    """A polity is both; ORG makes organisations disjoint from org:Site only, so this holds."""
    turkey = "<https://w3id.org/ittifak/id/state/turkey>"
    for cls in ("itt:Place", "org:FormalOrganization", "prov:Agent", "foaf:Agent"):
        assert closure.query(PREFIXES + f"ASK {{ {turkey} a {cls} }}").askAnswer, cls


def test_the_reasoner_infers_what_the_alignment_says(closure):
    """The closure is a real one: delegation members are agents, events are PROV activities."""
    assert closure.query(PREFIXES + """ASK {
        <https://w3id.org/ittifak/id/delegation/1991-akagun-baku> org:hasMember ?p .
        ?p a foaf:Agent , itt:Person }""").askAnswer
    assert closure.query(PREFIXES + """ASK {
        ?e a itt:Visit , prov:Activity ; prov:wasAssociatedWith ?who . ?who a prov:Agent }""").askAnswer
