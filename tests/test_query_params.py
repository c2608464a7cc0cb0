"""Parameters: typed, bound as RDF terms (never pasted), names resolved Turkish-aware, and every
mistake named in a clear error."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from ittifak.core.errors import InputError
from ittifak.query.library import get_query
from ittifak.query.named import parse_query
from ittifak.query.params import parse_assignments, resolve_name
from ittifak.query.run import prepare, run_named, run_query

ITT = "https://w3id.org/ittifak/ontology#"
AGENT = ITT + "Agent"
TIKA = URIRef("https://w3id.org/ittifak/id/organisation/tika")
HOSTILE = 'x" } ; DROP ALL { "\' }} {{ <urn:x> ?p ?o } ; INSERT DATA { <urn:a> <urn:b> <urn:c> }'


@pytest.fixture(scope="module")
def store(oxigraph_project):
    return oxigraph_project


# ---------------------------------------------------------------- names


@pytest.mark.parametrize("name", ["tika", "TİKA", "Tika", "tİka", "EKETİB", "eketib", "  TİKA  "])
def test_tika_by_any_spelling(store, name):
    assert resolve_name(store, name, AGENT) == TIKA


def test_turkish_letters_typed_without_them(store):
    assert resolve_name(store, "Elcibey", AGENT).endswith("/person/ebulfez-elcibey")
    assert resolve_name(store, "ŞIVGIN", AGENT).endswith("/person/halil-sivgin")


def test_iri_curie_and_slug(store):
    assert resolve_name(store, "organisation:tika", AGENT) == TIKA
    assert resolve_name(store, str(TIKA), AGENT) == TIKA
    assert resolve_name(store, f"<{TIKA}>", AGENT) == TIKA


def test_unknown_curie_is_an_error(store):
    with pytest.raises(InputError, match=r"no resource organisation:tikaa"):
        resolve_name(store, "organisation:tikaa", AGENT)


def test_ambiguous_name_lists_the_candidates(store):
    # L290 Faik Koç and L298 Ergün Koç
    with pytest.raises(InputError) as err:
        resolve_name(store, "Koç", AGENT, "parameter 'actor'")
    message = str(err.value)
    assert "parameter 'actor'" in message and "ambiguous" in message
    assert "person:faik-koc" in message and "person:ergun-koc" in message


def test_unknown_name_suggests_close_ones(store):
    with pytest.raises(InputError) as err:
        resolve_name(store, "Demirell", AGENT)
    assert "no actor is called 'Demirell'" in str(err.value)
    assert "person:suleyman-demirel" in str(err.value)


def test_a_name_outside_the_class_is_not_an_actor(store):
    with pytest.raises(InputError, match="no actor is called"):
        resolve_name(store, "Treaty of Kars", AGENT)


# ---------------------------------------------------------------- typed values


@pytest.mark.parametrize(("name", "params", "message"), [
    ("agreements", {"year": "92"}, "parameter 'year': '92' is not a year"),
    ("agreements", {"year": "1992-11"}, "is not a year"),
    ("paper-line", {"line": "six hundred"}, "parameter 'line': 'six hundred' is not an integer"),
    ("agreements", {"lang": "turkish"}, "parameter 'lang': 'turkish' is not a language tag"),
    ("sources", {"resource": "nope:thing"}, "parameter 'resource'"),
    ("agreements", {"domain": "astrology"}, "no concept is called 'astrology'"),
    ("agreements", {"yaer": "1992"}, "unknown parameter 'yaer' for query agreements"),
    ("archival-documents", {"from": "1991-02-30"}, "parameter 'from': '1991-02-30' is not a date"),
    ("archival-documents", {"to": "14.03.1991"}, "parameter 'to': '14.03.1991' is not a date"),
])
def test_bad_values_are_named(store, name, params, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        run_named(store, name, **params)


def test_missing_required_parameter_is_named_with_an_example(store):
    with pytest.raises(InputError) as err:
        run_named(store, "search")
    assert "missing parameter 'text' for query search" in str(err.value)
    assert "--param text=Köprü" in str(err.value)


def test_values_are_bound_as_terms(store):
    text, _ = prepare(store, get_query("agreements"), {"year": ["1992"], "party": ["Türkiye"]})
    assert 'STR("1992"^^<http://www.w3.org/2001/XMLSchema#gYear>)' in text
    assert "?agreement itt:party <https://w3id.org/ittifak/id/state/turkey>" in text


def test_several_values_of_one_parameter(store):
    rows = run_named(store, "agreements", year=["1991", "1992"]).rows
    years = {str(row[3])[:4] for row in rows}
    assert years == {"1991", "1992"}


def test_an_optional_parameter_left_out_matches_anything(store):
    every = run_named(store, "agreements").rows
    of_1992 = run_named(store, "agreements", year="1992").rows
    assert len(every) > len(of_1992) > 0


# ---------------------------------------------------------------- hostile values


def test_hostile_text_changes_nothing_and_finds_nothing(store):
    before = len(store)
    result = run_named(store, "search", text=HOSTILE)
    assert result.rows == []
    assert len(store) == before


def test_hostile_text_on_the_memory_store(project):
    before = len(project)
    assert run_named(project, "search", text=HOSTILE).rows == []
    assert len(project) == before


def test_hostile_name_is_an_unknown_name(store):
    before = len(store)
    with pytest.raises(InputError, match="no actor is called"):
        run_named(store, "actor-links", actor=HOSTILE)
    assert len(store) == before


def test_hostile_text_stays_inside_one_literal(store):
    from rdflib import Literal
    from rdflib.plugins.sparql import prepareQuery

    text, _ = prepare(store, get_query("search"), {"text": [HOSTILE]})
    assert f"LCASE(STR({Literal(HOSTILE).n3()}))" in text
    prepareQuery(text)  # still one well-formed query: nothing escaped the literal


def test_hostile_text_on_the_remote_server(remote_project):
    before = len(remote_project)
    assert run_named(remote_project, "search", text=HOSTILE).rows == []
    assert len(remote_project) == before


# ---------------------------------------------------------------- headers


def header(*lines: str, body: str = "SELECT ?x WHERE { ?x ?p ?y }") -> str:
    return "\n".join(lines) + "\n" + body + "\n"


def test_header_is_read():
    q = parse_query(header(
        "# title: T", "# question: Q?", "#   continued", "# returns: R",
        '# param: ?y xsd:gYear default=1992 example="19 91" -- the year',
        "# param: ?p actor optional example=TİKA -- who"), "t")
    assert (q.title, q.question, q.returns, q.form) == ("T", "Q? continued", "R", "SELECT")
    year, actor = q.params
    assert (year.name, year.type, year.default, year.example, year.description) == (
        "y", "xsd:gYear", "1992", "19 91", "the year")
    assert (actor.optional, actor.required, actor.cls) == (True, False, AGENT)


@pytest.mark.parametrize(("lines", "message"), [
    (["# titel: T"], r"t.rq:1: unknown header key 'titel'"),
    (["# title: T", "# question: Q", "# returns: R", "# param: ?y xsd:year"], r"t.rq:4: unknown parameter type"),
    (["# title: T", "# question: Q", "# returns: R", "# param: y xsd:gYear"], r"t.rq:4: a param line reads"),
    (["# title: T", "# question: Q", "# returns: R", "# param: ?q xsd:gYear"], r"\?q is declared but the query never uses it"),
    (["# title: T", "# returns: R"], r"no '# question:' line"),
    (["# title: T", "# question: Q", "# returns: R", "# param: ?y iri defualt=x"], r"t.rq:4: unexpected 'defualt=x'"),
])
def test_header_mistakes_name_the_file_and_line(tmp_path, lines, message):
    from pathlib import Path

    with pytest.raises(InputError, match=message):
        parse_query(header(*lines), "t", Path("t.rq"))


def test_parse_assignments():
    assert parse_assignments(["year=1992", "party=a=b", "party=c"]) == {"year": ["1992"], "party": ["a=b", "c"]}
    with pytest.raises(InputError, match="KEY=VALUE"):
        parse_assignments(["year"])


def test_user_file_gets_project_prefixes(tmp_path, store):
    from ittifak.query.library import read_query_file

    path = tmp_path / "mine.rq"
    path.write_text("# param: ?who actor\nSELECT ?a WHERE { ?a itt:party ?who }\n", encoding="utf-8")
    query = read_query_file(path)
    rows = run_query(store, query, {"who": ["Azerbaycan"]}).rows
    assert URIRef("https://w3id.org/ittifak/id/agreement/1992-trade-economic-cooperation") in {r[0] for r in rows}


def test_names_resolve_on_a_store_without_the_ontology(tmp_path):
    from conftest import data_files
    from ittifak.store import open_store

    data_only = open_store("oxigraph")
    data_only.load(data_files())
    assert resolve_name(data_only, "TİKA", AGENT) == TIKA


def test_own_files_run_on_the_text_alone(tmp_path, project, oxigraph_project):
    """A parameter used inside a UNION branch's FILTER: the value is written where the variable is
    used, so the branch sees it on every engine (an outer VALUES block would leave it unbound there
    on Oxigraph, and Virtuoso lets no FILTER inside an OPTIONAL see one)."""
    from ittifak.query.library import read_query_file

    path = tmp_path / "inner.rq"
    path.write_text("# param: ?lang lang default=en\n"
                    "SELECT ?l WHERE { { <https://w3id.org/ittifak/id/organisation/tika> rdfs:label ?l "
                    "FILTER(LANG(?l) = ?lang) } UNION { BIND(1 AS ?one) FILTER(false) } }\n", encoding="utf-8")
    query = read_query_file(path)
    text, hints = prepare(project, query, {})
    assert hints == {}
    assert 'FILTER(LANG(?l) = "en")' in text
    on_memory = run_query(project, query).rows
    assert on_memory == run_query(oxigraph_project, query).rows == [(Literal("TIKA", lang="en"),)]
