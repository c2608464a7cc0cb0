"""`/sparql`: the SPARQL 1.1 Protocol, read-only, checked with SPARQLWrapper and rdflib's SPARQLStore.

Expected answers come from the data: TİKA (data/organisations.ttl:226-235) is an itt:PublicAgency
labelled "TİKA"@tr, and the README counts 48 people.
"""

from __future__ import annotations

import csv
import io
from urllib.error import HTTPError

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

from portal_server import running

TIKA = "https://w3id.org/ittifak/id/organisation/tika"
PREFIXES = "PREFIX itt: <https://w3id.org/ittifak/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
TIKA_LABELS = PREFIXES + f"SELECT ?l WHERE {{ <{TIKA}> rdfs:label ?l }} ORDER BY ?l"
PEOPLE = PREFIXES + "SELECT (COUNT(?p) AS ?n) WHERE { ?p a itt:Person }"


@pytest.fixture(scope="module")
def endpoint(portal):
    with running(portal=portal) as url:
        yield url + "/sparql"


def wrapper(endpoint, query, fmt, method="GET"):
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    return sw


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_as_json_with_sparqlwrapper(endpoint, method):
    result = wrapper(endpoint, TIKA_LABELS, JSON, method).query().convert()
    labels = {(b["l"]["value"], b["l"].get("xml:lang")) for b in result["results"]["bindings"]}
    assert labels == {("TİKA", "tr"), ("TIKA", "en")}


def test_select_as_xml_csv_and_tsv(endpoint):
    xml = wrapper(endpoint, PEOPLE, XML).query().convert()
    assert xml.getElementsByTagName("literal")[0].firstChild.data == "48"
    rows = list(csv.reader(io.StringIO(wrapper(endpoint, TIKA_LABELS, CSV).query().convert().decode())))
    assert rows == [["l"], ["TIKA"], ["TİKA"]]
    tsv = wrapper(endpoint, TIKA_LABELS, TSV).query().convert().decode().splitlines()
    assert tsv == ["?l", '"TIKA"@en', '"TİKA"@tr']


def test_ask_and_construct(endpoint):
    ask = wrapper(endpoint, PREFIXES + f"ASK {{ <{TIKA}> a itt:PublicAgency }}", JSON).query().convert()
    assert ask["boolean"] is True
    construct = PREFIXES + f"CONSTRUCT {{ <{TIKA}> rdfs:label ?l }} WHERE {{ <{TIKA}> rdfs:label ?l }}"
    g = wrapper(endpoint, construct, TURTLE).query().convert()
    g = g if isinstance(g, Graph) else Graph().parse(data=g, format="turtle")
    assert (URIRef(TIKA), RDFS.label, Literal("TİKA", lang="tr")) in g
    jsonld = httpx.get(endpoint, params={"query": construct}, headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json") and "TİKA" in jsonld.text
    nt = httpx.get(endpoint, params={"query": f"DESCRIBE <{TIKA}>"}, headers={"Accept": "application/n-triples"})
    assert f"<{TIKA}> <http://www.w3.org/2000/01/rdf-schema#label> \"TİKA\"@tr ." in nt.text


def test_rdflib_sparqlstore_reads_the_endpoint(endpoint):
    g = Graph(store=SPARQLStore(endpoint, returnFormat="json"))
    rows = list(g.query(PEOPLE))
    assert int(rows[0][0]) == 48
    assert (URIRef(TIKA), RDFS.label, Literal("TİKA", lang="tr")) in g


def test_post_direct_and_form_bodies(endpoint):
    direct = httpx.post(endpoint, content=PEOPLE.encode(), headers={
        "Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert direct.text.splitlines() == ["n", "48"]
    form = httpx.post(endpoint, data={"query": PEOPLE}, headers={"Accept": "text/csv"})
    assert form.text.splitlines() == ["n", "48"]


def test_updates_and_service_are_refused_and_the_graph_is_unchanged(endpoint):
    update = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    assert httpx.post(endpoint, data={"update": update}).status_code == 403
    assert httpx.post(endpoint, content=update, headers={"Content-Type": "application/sparql-update"}).status_code == 403
    as_query = httpx.get(endpoint, params={"query": update})
    assert as_query.status_code == 400 and as_query.text.startswith("error: not a SPARQL query")
    with pytest.raises(HTTPError) as refused:  # SPARQLWrapper sends an update as `update=`
        wrapper(endpoint, "DROP ALL", JSON, "POST").query()
    assert refused.value.code == 403
    service = httpx.get(endpoint, params={"query": "SELECT * { SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }"})
    assert service.status_code == 403 and "SERVICE" in service.text
    # "service" inside a string is not the keyword
    literal = httpx.get(endpoint, params={"query": 'ASK { FILTER("SERVICE" = "x") }'},
                        headers={"Accept": "application/sparql-results+json"})
    assert literal.status_code == 200 and literal.json()["boolean"] is False
    assert httpx.get(endpoint, params={"query": "ASK { <urn:x> <urn:y> <urn:z> }"},
                     headers={"Accept": "application/json"}).json()["boolean"] is False


def test_unacceptable_formats_get_406(endpoint):
    r = httpx.get(endpoint, params={"query": TIKA_LABELS}, headers={"Accept": "text/turtle"})
    assert r.status_code == 406 and "application/sparql-results+json" in r.text
    r = httpx.get(endpoint, params={"query": f"DESCRIBE <{TIKA}>"}, headers={"Accept": "text/csv"})
    assert r.status_code == 406


def test_the_row_cap_is_announced_and_applied(portal):
    with running(portal=portal, cap=5) as url:
        page = httpx.get(url + "/sparql")
        assert page.headers["x-ittifak-row-cap"] == "5" and "<strong>5</strong>" in page.text
        r = httpx.get(url + "/sparql", params={"query": "SELECT ?s WHERE { ?s a ?c }"},
                      headers={"Accept": "text/csv"})
        assert r.headers["x-ittifak-row-cap"] == "5" and r.headers["x-ittifak-truncated"] == "true"
        assert len(r.text.splitlines()) == 1 + 5
        small = httpx.get(url + "/sparql", params={"query": TIKA_LABELS}, headers={"Accept": "text/csv"})
        assert small.headers["x-ittifak-truncated"] == "false"


def test_a_long_query_is_stopped_at_the_timeout(portal):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 8398³ rows
    with running(portal=portal, timeout=0.5) as url:
        r = httpx.get(url + "/sparql", params={"query": heavy}, timeout=60)
        assert r.status_code == 503 and "0.5 s" in r.text
        assert r.headers["x-ittifak-timeout"] == "0.5"
        # the stopped query's process was replaced: the next query is answered
        after = httpx.get(url + "/sparql", params={"query": PEOPLE}, headers={"Accept": "text/csv"}, timeout=60)
        assert after.status_code == 200 and after.text.splitlines() == ["n", "48"]


def test_dataset_parameters_are_refused_not_ignored(endpoint):
    r = httpx.get(endpoint, params={"query": PEOPLE, "default-graph-uri": "urn:g"})
    assert r.status_code == 400 and "default-graph-uri" in r.text


def test_an_oversized_post_is_refused(endpoint):
    r = httpx.post(endpoint, content=b"#" * (300 * 1024), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413 and r.text.startswith("error: ")
