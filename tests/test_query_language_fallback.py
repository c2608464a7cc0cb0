"""The query files run as they are, in a tool that binds no parameter, label in English where a
resource has an English label and in Turkish where it has none: on embedded Oxigraph, in Jena's ARQ
and on a Virtuoso 7.2 server. Through the library (`lang` always bound) they label in the language
given, and only in it.

The data is invented (tests/labels-turkish-only.ttl): kinds, organisations, states, concepts,
offices, places and people labelled in both languages, in Turkish only, or in English only.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.query import Result

from conftest import load_project
from ittifak.core.sparql import list_columns
from ittifak.query.library import load_library
from ittifak.query.run import run_query
from ittifak.store.base import QueryResult
from ittifak.store.endpoint import EndpointStore
from jena import jena_installed, run_arq
from virtuoso import VirtuosoServer, virtuoso_binary

DATA = Path(__file__).with_name("labels-turkish-only.ttl")
EX = "https://example.org/invented/"
GRAPH = "https://example.org/graph/invented"
LIBRARY = load_library()


def en(text):
    return (text, "en")


def tr(text):
    return (text, "tr")


# What each file gives raw, row by row: the resource, then its label columns (text and language;
# a list column as the set of its items).
EXPECTED = {
    "organisation-kinds": (["type", "typeLabel", "organisations"], {
        ("Ministry", en("Ministry"), "2"),
        ("ProductionUnion", tr("Üretim Birliği"), "2"),
        ("Company", en("Company"), "1"),
    }),
    "organisations": (["organisation", "organisationLabel", "typeLabel"], {
        ("ministry-of-trade", en("Ministry of Trade"), en("Ministry")),
        ("ministry-of-culture", tr("Kültür Bakanlığı"), en("Ministry")),
        ("tea-union", tr("Çay Üretim Birliği"), tr("Üretim Birliği")),
        ("silk-union", tr("İpek Üretim Birliği"), tr("Üretim Birliği")),
        ("northwind", en("Northwind"), en("Company")),
    }),
    "agreements": (["agreement", "agreementLabel", "kindLabel", "parties", "domains", "statusLabel"], {
        ("trade-accord", en("Trade accord"), en("Accord"), frozenset({"State A", "Şirin Devleti"}),
         frozenset({"trade"}), tr("yürürlükte")),
        ("culture-protocol", tr("Kültür İşbirliği Protokolü"), tr("Protokol"), frozenset({"Şirin Devleti"}),
         frozenset({"kültür"}), en("signed")),
    }),
    "people-posts": (["person", "personLabel", "officeLabel", "bodyLabel", "polityLabel", "placeLabel"], {
        ("ali", en("Ali Veli"), en("Minister"), en("Ministry of Trade"), en("State A"), None),
        ("ayse", tr("Ayşe Öztürk"), tr("Büyükelçi"), tr("Kültür Bakanlığı"), tr("Şirin Devleti"), tr("Iğdır")),
    }),
}
NAMES = sorted(EXPECTED)


def cell(term, name: str, column: str):
    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term).removeprefix(EX)
    separator = list_columns(LIBRARY[name].text).get(column)
    if separator:
        return frozenset(str(term).split(separator))
    if isinstance(term, Literal) and term.language:
        return (str(term), term.language)
    return str(term)


def table(name: str, variables: list[str], rows) -> list[tuple]:
    """The expected columns of each row, as EXPECTED writes them; a list, so duplicates show."""
    columns = EXPECTED[name][0]
    at = [variables.index(c) for c in columns]
    return [tuple(cell(row[i], name, c) for i, c in zip(at, columns)) for row in rows]


def check(name: str, got: list[tuple]) -> None:
    assert sorted(got, key=repr) == sorted(EXPECTED[name][1], key=repr)


@pytest.fixture(scope="module")
def invented():
    return load_project("oxigraph", [DATA])


@pytest.mark.parametrize("name", NAMES)
def test_the_raw_file_falls_back_to_turkish_on_oxigraph(name, invented):
    result = invented.query(LIBRARY[name].text)  # as written: ?lang is never bound
    check(name, table(name, result.variables, result.rows))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_library_labels_in_the_language_given_only(name, lang, invented):
    raw = invented.query(LIBRARY[name].text)
    bound = run_query(invented, LIBRARY[name], {}, lang=lang)
    assert len(bound.rows) == len(raw.rows)  # the same rows, only the labels change
    labels = [term for row in bound.rows for v, term in zip(bound.variables, row)
              if v.endswith("Label") and term is not None]
    assert labels, f"{name} labels nothing in {lang}"
    assert {term.language for term in labels} == {lang}


@pytest.fixture(scope="module")
def jena_answers(tmp_path_factory):
    if not jena_installed():
        pytest.skip("Apache Jena is absent (bash scripts/setup.sh --test installs libapache-jena-java)")
    answers = run_arq(DATA, [LIBRARY[name].path for name in NAMES], tmp_path_factory.mktemp("jena"), "json")
    return {name: answers[LIBRARY[name].path] for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_the_raw_file_falls_back_to_turkish_in_jena(name, jena_answers):
    answer = jena_answers[name]
    assert not answer.startswith("ERROR"), answer[:500]
    result = Result.parse(io.StringIO(answer), format="json")
    variables = [str(v) for v in result.vars]
    check(name, table(name, variables, [[row.get(v) for v in result.vars] for row in result.bindings]))


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    if virtuoso_binary() is None:
        pytest.skip("virtuoso-t is absent (apt-get install virtuoso-opensource, or bash scripts/setup.sh --test)")
    server = VirtuosoServer.start(tmp_path_factory.mktemp("virtuoso"))
    try:
        server.load(DATA, GRAPH)
        yield EndpointStore(server.sparql, default_graph=GRAPH)
    finally:
        server.stop()


@pytest.mark.parametrize("name", NAMES)
def test_the_raw_file_falls_back_to_turkish_on_virtuoso(name, virtuoso):
    result: QueryResult = virtuoso.query(LIBRARY[name].text)
    check(name, table(name, result.variables, result.rows))

