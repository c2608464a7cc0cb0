"""The curated data: it loads, every resource is labelled and sourced, every agreement has parties.

These are the structural promises of the dataset; the SHACL shapes check them in more detail.
"""

from __future__ import annotations

import re

import pytest

from conftest import paper_text

PREFIXES = """
PREFIX itt: <https://w3id.org/ittifak/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def rows(store, body):
    return store.query(PREFIXES + body).rows


def test_both_local_stores_load_the_same_graph(project, oxigraph_project):
    assert len(project) == len(oxigraph_project) > 5000


def test_every_named_entity_has_one_turkish_and_one_english_label(project):
    bad = rows(project, """
        SELECT ?s WHERE {
          { SELECT DISTINCT ?s WHERE { ?s a ?class . ?class rdfs:subClassOf* itt:FactBearing } }
          OPTIONAL { ?s rdfs:label ?l }
        } GROUP BY ?s
        HAVING (SUM(IF(LANG(?l) = "tr", 1, 0)) != 1 || SUM(IF(LANG(?l) = "en", 1, 0)) != 1)""")
    assert bad == [], [str(r[0]) for r in bad]



def test_every_agreement_has_at_least_two_parties(project):
    """Except the two the paper cites only by name (Kars 1921 L657, Helsinki 1975 L979-981).

    The paper names no party for those, and parties are never invented.
    """
    bad = {str(r[0]).rsplit("/", 1)[1] for r in rows(project, """
        SELECT ?a WHERE {
          ?a a ?c . ?c rdfs:subClassOf* itt:Agreement . OPTIONAL { ?a itt:party ?p }
        } GROUP BY ?a HAVING (COUNT(DISTINCT ?p) < 2)""")}
    assert bad == {"1921-kars-treaty", "1975-helsinki-final-act"}


def test_every_fact_bearing_resource_cites_a_source_and_a_passage(project):
    bad = rows(project, """
        SELECT DISTINCT ?s WHERE {
          ?s a ?class . ?class rdfs:subClassOf* itt:FactBearing .
          FILTER (NOT EXISTS { ?s itt:citedSource ?src } || NOT EXISTS { ?s itt:statedIn ?p })
        }""")
    assert bad == [], [str(r[0]) for r in bad]


def test_every_passage_is_inside_the_paper_and_ordered(project):
    n_lines = len(paper_text().splitlines())
    for passage, first, last in rows(project, "SELECT ?p ?a ?b WHERE { ?p itt:lineStart ?a ; itt:lineEnd ?b }"):
        assert 1 <= int(first) <= int(last) <= n_lines, passage


def test_no_reference_is_left_dangling(project):
    dangling = rows(project, """
        SELECT DISTINCT ?o WHERE {
          ?s ?p ?o . FILTER(isIRI(?o) && STRSTARTS(STR(?o), "https://w3id.org/ittifak/id/"))
          FILTER NOT EXISTS { ?o ?pp ?oo }
        }""")
    assert dangling == [], [str(r[0]) for r in dangling]


def test_turkish_labels_are_spelled_as_the_paper_spells_them(project):
    """Every person's Turkish label occurs verbatim in the paper (line breaks joined)."""
    text = re.sub(r"\s+", " ", paper_text())
    missing = [str(label) for (label,) in rows(project, """
        SELECT ?l WHERE { ?s a itt:Person ; rdfs:label ?l FILTER(LANG(?l) = "tr") }""")
        if str(label) not in text]
    assert missing == []


def test_no_invented_precision_in_dates(project):
    """Dates are xsd:date, xsd:gYearMonth or xsd:gYear only, and each is a real calendar date."""
    allowed = {"date", "gYearMonth", "gYear"}
    for s, p, value in rows(project, """
        SELECT ?s ?p ?d WHERE {
          VALUES ?p { itt:date itt:startDate itt:endDate itt:signedOn itt:foundingDate itt:attestedDate }
          ?s ?p ?d }"""):
        assert value.datatype is not None and value.datatype.split("#")[1] in allowed, (s, p, value)
        assert not value.ill_typed, (s, p, value)


@pytest.mark.parametrize("kind,minimum", [
    ("Person", 48), ("Organisation", 75), ("Agreement", 16), ("CouncilOfMinistersDecision", 16),
    ("Event", 40), ("Project", 28), ("Place", 50), ("ArchivalDocument", 24), ("SecondaryWork", 38),
])
def test_the_whole_paper_is_there(project, kind, minimum):
    """Counts of what the paper names (people, organisations, …), subclasses included."""
    (n,) = rows(project, f"""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{
        ?s a ?c . ?c rdfs:subClassOf* itt:{kind} }}""")[0]
    assert int(n) >= minimum
