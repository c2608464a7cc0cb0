"""How SHACL-SPARQL queries are checked and pre-bound (ittifak.validation.shacl_sparql).

A query is run for all focus nodes at once only where that equals SHACL's pre-binding; the W3C
pre-binding tests (tests/test_w3c_shacl.py) check the answers, these check the decision.
"""

from __future__ import annotations

import pytest

from ittifak.core.errors import InputError
from ittifak.validation.shacl_sparql import prepare


@pytest.mark.parametrize("query", [
    "SELECT $this WHERE { $this <urn:p> ?v . FILTER NOT EXISTS { ?v <urn:q> $this } }",
    "SELECT $this WHERE { $this <urn:p> ?v OPTIONAL { $this <urn:q> ?w FILTER(?w > 1) } }",
    "SELECT $this WHERE { { $this <urn:p> ?v . BIND($this AS ?x) } UNION { ?v <urn:p> $this } }",
    "SELECT $this ?n WHERE { { SELECT $this (COUNT(?v) AS ?n) WHERE { $this <urn:p> ?v } GROUP BY $this } }",
    "SELECT $this WHERE { FILTER($this = <urn:x>) }",
])
def test_runs_for_all_focus_nodes_at_once_where_that_is_pre_binding(query):
    assert prepare(query, "c").simple


@pytest.mark.parametrize("query", [
    "SELECT $this WHERE { { FILTER($this = <urn:x>) } }",
    "SELECT $this WHERE { { BIND($this AS ?x) $this <urn:p> ?x } }",
    "SELECT $this WHERE { { SELECT $this WHERE { FILTER($this = <urn:x>) } } }",
    "SELECT $this WHERE { { SELECT $this WHERE { $this <urn:p> ?v } LIMIT 1 } }",
    "SELECT $this WHERE { GRAPH $shapesGraph { FILTER bound($currentShape) } }",
    "SELECT ?value WHERE { $this <urn:p> ?value }",
])
def test_runs_node_by_node_where_sets_would_differ(query):
    prepared = prepare(query, "c")
    assert not prepared.simple
    assert "BIND(<urn:ittifak:prebound#" in prepared.for_node()


@pytest.mark.parametrize(("query", "word"), [
    ("SELECT $this WHERE { $this ?p ?o MINUS { $this ?p 1 } }", "MINUS"),
    ("SELECT $this WHERE { VALUES ?o { 1 } }", "VALUES"),
    ("SELECT $this WHERE { SERVICE <urn:s> { ?a ?b ?c } }", "SERVICE"),
    ("SELECT $this WHERE { BIND(1 AS $this) }", "AS"),
    ("SELECT $this WHERE { { SELECT ?o WHERE { ?s ?p ?o } } }", "does not return"),
    ("SELECT $this WHERE { { SELECT * WHERE { FILTER($this = 1) } } }", "does not return"),
])
def test_refuses_what_shacl_forbids_with_pre_binding(query, word):
    with pytest.raises(InputError, match=word):
        prepare(query, "c")


def test_rewrites_variables_not_strings_or_iris():
    prepared = prepare('SELECT $this WHERE { $this <urn:a$b> "costs $5" }', "c")
    assert prepared.text == 'SELECT ?this WHERE { ?this <urn:a$b> "costs $5" }'
    assert "VALUES ?this { <urn:x> }" in prepared.for_set("<urn:x>", set())
