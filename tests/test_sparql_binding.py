"""Parameters are bound as RDF terms, never pasted as query text."""

from rdflib import Literal

from ittifak.core.sparql import bind_values, query_form


def test_hostile_value_stays_one_literal(project):
    hostile = Literal('x" } ; DROP ALL { "')
    text = bind_values("SELECT ?s WHERE { ?s ?p ?name }", {"name": [hostile]})
    before = len(project)
    assert project.query(text).rows == []
    assert len(project) == before


def test_values_go_inside_the_where_group_of_construct():
    text = bind_values("CONSTRUCT { ?a ?b ?c } WHERE { ?a ?b ?c }", {"a": [Literal(1)]})
    assert text.index("VALUES") > text.index("WHERE")


def test_keywords_inside_comments_and_strings_are_ignored():
    assert query_form('# CONSTRUCT\nASK { ?s ?p "SELECT" }') == "ASK"
