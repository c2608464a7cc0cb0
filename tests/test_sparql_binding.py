"""Parameters are bound as RDF terms, never pasted as query text."""

from rdflib import Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from ittifak.core.sparql import bind_values, query_form


def test_hostile_value_stays_one_literal(project):
    hostile = Literal('x" } ; DROP ALL { "')
    text = bind_values("SELECT ?s WHERE { ?s ?p ?name }", {"name": [hostile]})
    before = len(project)
    assert project.query(text).rows == []
    assert len(project) == before


def test_values_go_inside_the_where_group_of_construct():
    text = bind_values("CONSTRUCT { ?a ?b ?c } WHERE { ?a ?b ?c }", {"a": [Literal(1), Literal(2)]})
    assert text.index("VALUES") > text.index("WHERE")


def test_keywords_inside_comments_and_strings_are_ignored():
    assert query_form('# CONSTRUCT\nASK { ?s ?p "SELECT" }') == "ASK"


def test_a_value_is_written_where_the_variable_is_used():
    """Inside an OPTIONAL's FILTER too, where Virtuoso 7.2 does not see an outer VALUES block."""
    text = bind_values('SELECT ?x ?l WHERE { ?x a ?c OPTIONAL { ?x rdfs:label ?l FILTER(LANG(?l) = ?lang) } }',
                       {"lang": [Literal("en")]})
    assert 'FILTER(LANG(?l) = "en")' in text
    assert "?lang" not in text


def test_a_name_that_starts_like_the_parameter_is_left_alone():
    text = bind_values("SELECT ?yearLabel WHERE { ?s ?p ?yearLabel FILTER(STR(?year) = ?yearLabel) }",
                       {"year": [Literal("1992")]})
    assert 'FILTER(STR("1992") = ?yearLabel)' in text
    assert "SELECT ?yearLabel WHERE" in text


def test_bound_of_a_given_parameter_is_true():
    text = bind_values("SELECT ?s WHERE { ?s ?p ?o FILTER(!BOUND(?year) || ?o = ?year) }",
                       {"year": [Literal(1992)]})
    assert f"FILTER(!true || ?o = {Literal(1992).n3()})" in text


def test_a_projected_parameter_is_bound_in_the_level_that_projects_it():
    iri = URIRef("https://example.org/a")
    text = bind_values("SELECT ?a ?n WHERE { { SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?p ?o } GROUP BY ?a } } "
                       "ORDER BY ?a", {"a": [iri]})
    assert text.count("VALUES ?a { <https://example.org/a> }") == 2
    assert "<https://example.org/a> ?p ?o }" in text
    assert "GROUP BY ?a" in text and "ORDER BY ?a" in text and "SELECT ?a ?n" in text
    prepareQuery(text)


def test_several_values_are_alternatives_in_one_values_block():
    text = bind_values("SELECT ?s WHERE { ?s ?p ?year }", {"year": [Literal(1991), Literal(1992)]})
    assert f"VALUES ?year {{ {Literal(1991).n3()} {Literal(1992).n3()} }}" in text
    assert "?s ?p ?year" in text


def test_hostile_value_written_in_place_stays_one_literal(project):
    hostile = Literal('x" } ; DROP ALL { "')
    text = bind_values("SELECT ?s WHERE { ?s ?p ?o OPTIONAL { ?s ?q ?l FILTER(?l = ?name) } FILTER(?o = ?name) }",
                       {"name": [hostile]})
    assert text.count(hostile.n3()) == 2  # in both places the query uses it
    prepareQuery(text)
    before = len(project)
    assert project.query(text).rows == []
    assert len(project) == before


def test_a_coalesce_led_by_a_given_parameter_is_its_value():
    """The default after the parameter is for tools that bind nothing; given a value, it drops out,
    whatever it holds (parentheses, braces, an EXISTS, strings with parentheses)."""
    query = ('SELECT ?x ?l WHERE { ?x a ?c OPTIONAL { ?x rdfs:label ?l FILTER(LANGMATCHES(LANG(?l), '
             'COALESCE(?lang, IF(EXISTS { ?x rdfs:label ?en FILTER(LANGMATCHES(LANG(?en), "en)")) }, "en", "tr")))) } }')
    text = bind_values(query, {"lang": [Literal("tr")]})
    assert 'FILTER(LANGMATCHES(LANG(?l), "tr")) } }' in text
    assert "EXISTS" not in text and "?lang" not in text
    prepareQuery(text)


def test_a_coalesce_keeps_its_default_when_the_parameter_is_not_given():
    query = 'SELECT ?s WHERE { ?s ?p ?o FILTER(?o = COALESCE(?year, ?o)) }'
    assert bind_values(query, {"other": [Literal(1)]}).count("COALESCE(?year, ?o)") == 1


def test_a_parameter_later_in_a_coalesce_is_written_in_place():
    text = bind_values('SELECT ?s WHERE { ?s ?p ?o FILTER(?o = COALESCE(?x, ?year)) }', {"year": [Literal("1992")]})
    assert 'COALESCE(?x, "1992")' in text


def test_parameters_inside_a_dropped_coalesce_go_with_it():
    text = bind_values('SELECT ?s WHERE { ?s ?p ?o FILTER(?o = COALESCE(?lang, ?year)) }',
                       {"lang": [Literal("en")], "year": [Literal("1992")]})
    assert 'FILTER(?o = "en")' in text
    prepareQuery(text)
