"""The query library as a whole: every .rq file is well formed, runs on every store, gives the same
answers embedded and on a real Oxigraph server, and labels things in the language asked for."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.sparql import prepareQuery

from ittifak.query.library import load_library
from ittifak.query.run import run_query

LIBRARY = load_library()
NAMES = sorted(LIBRARY)


def given_for(query) -> dict[str, list[str]]:
    """Values for required parameters without a default: the header's own example."""
    return {p.name: [p.example] for p in query.params if p.required}


def normalise(term):
    """A term as a comparable value: numbers by value, "; "-joined lists as sets, blank nodes alike.

    Engines may differ in a number's datatype (SUM of integers) and in the order GROUP_CONCAT
    joins values; neither is a difference in the answer.
    """
    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return ("number", Decimal(str(value)))
        text = str(term)
        if "; " in text:
            text = tuple(sorted(text.split("; ")))
        return ("literal", text, term.language)
    return ("iri", str(term))


@pytest.fixture(scope="session")
def local_answer(project):
    """Each query's answer on the memory store, computed once per (query, language)."""
    cache = {}

    def answer(name: str, lang: str = "en"):
        if (name, lang) not in cache:
            query = LIBRARY[name]
            cache[name, lang] = run_query(project, query, given_for(query), lang=lang)
        return cache[name, lang]

    return answer


def answer_set(result):
    if result.kind == "ask":
        return result.boolean
    return sorted({tuple(normalise(t) for t in row) for row in result.rows}, key=repr)


def test_library_has_at_least_twenty_queries_of_every_form():
    assert len(LIBRARY) >= 20
    assert {q.form for q in LIBRARY.values()} >= {"SELECT", "ASK", "CONSTRUCT"}


@pytest.mark.parametrize("name", NAMES)
def test_header_is_complete(name):
    query = LIBRARY[name]
    assert query.title and query.question and query.returns
    for p in query.params:
        assert p.description, f"{name}: parameter {p.name} has no description"
        assert p.default is not None or p.example is not None, f"{name}: {p.name} needs an example"


@pytest.mark.parametrize("name", NAMES)
def test_query_is_standard_sparql_and_self_contained(name):
    """It parses with no prefixes supplied, so it can be pasted into any endpoint's editor."""
    prepareQuery(LIBRARY[name].text)


@pytest.mark.parametrize("name", NAMES)
def test_runs_on_memory_and_embedded_oxigraph_alike(name, local_answer, oxigraph_project):
    query = LIBRARY[name]
    memory = local_answer(name)
    embedded = run_query(oxigraph_project, query, given_for(query))
    if memory.kind == "graph":
        assert len(memory.graph) > 0
        assert isomorphic(memory.graph, embedded.graph)
    else:
        assert answer_set(memory) == answer_set(embedded)
        if memory.kind == "select":
            assert memory.rows, f"{name} found nothing with its defaults"


@pytest.mark.parametrize("name", NAMES)
def test_same_answers_remote_and_embedded(name, local_answer, remote_project):
    """The graph pushed to a real Oxigraph server answers every named query as the local one does."""
    query = LIBRARY[name]
    local = local_answer(name)
    remote = run_query(remote_project, query, given_for(query))
    assert local.kind == remote.kind
    if local.kind == "graph":
        assert isomorphic(local.graph, remote.graph)
    else:
        assert answer_set(local) == answer_set(remote)


@pytest.mark.parametrize("name", [n for n in NAMES if LIBRARY[n].param("lang")])
@pytest.mark.parametrize("lang", ["tr", "en"])
def test_labels_come_in_the_language_asked_for(name, lang, local_answer):
    result = local_answer(name, lang)
    if result.kind == "graph":
        tagged = [o for o in result.graph.objects() if isinstance(o, Literal) and o.language]
        assert tagged and {o.language for o in tagged} == {lang}
        return
    label_columns = [i for i, v in enumerate(result.variables) if v.endswith("Label")]
    seen = {row[i].language for row in result.rows for i in label_columns if row[i] is not None}
    assert seen == {lang}, f"{name}: label languages {seen}"


@pytest.mark.parametrize("name", NAMES)
def test_every_example_value_is_understood(name, oxigraph_project):
    """The documented examples resolve (names, CURIEs, typed values) and the query runs with them."""
    query = LIBRARY[name]
    examples = {p.name: [p.example] for p in query.params if p.example is not None}
    run_query(oxigraph_project, query, examples)


def test_the_pushed_graph_holds_every_triple(project, remote_project):
    report = remote_project.push_report
    assert report.method == "GSP PUT"
    assert report.triples == len(project) == report.remote_count == len(remote_project)


def test_iris_in_results_are_iris(project):
    result = run_query(project, LIBRARY["agreement-signatories"])
    assert all(isinstance(row[0], URIRef) for row in result.rows)


JENA_PARSE = """
import org.apache.jena.query.*;
import java.nio.file.*;
public class ParseQueries { public static void main(String[] files) throws Exception {
  for (String f : files) {
    try { QueryFactory.create(Files.readString(Path.of(f)), Syntax.syntaxSPARQL_11); }
    catch (Exception e) { System.out.println(f + ": " + e.getMessage().replace('\\n', ' ')); }
  }
} }
"""


def test_apache_jena_parses_every_query_as_strict_sparql_11(tmp_path):
    """A third, independent parser (Jena ARQ, from Debian's libapache-jena-java) finds no syntax
    outside SPARQL 1.1 in any query of the library."""
    import shutil
    import subprocess

    from conftest import REPO

    assert shutil.which("java"), "java is missing: bash scripts/setup.sh --system"
    classpath = subprocess.run(["bash", str(REPO / "scripts" / "jena-classpath.sh")], capture_output=True,
                               text=True, check=True).stdout.strip()
    source = tmp_path / "ParseQueries.java"
    source.write_text(JENA_PARSE, encoding="utf-8")
    files = [str(q.path) for q in LIBRARY.values()]
    done = subprocess.run(["java", "-cp", classpath, str(source), *files], check=False, capture_output=True,
                          text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "", done.stdout


@pytest.mark.parametrize("name", ["agreements", "projects", "source-conflicts", "claims"])
def test_lists_inside_a_cell_come_sorted_by_label_on_every_store(name, project, oxigraph_project):
    """GROUP_CONCAT's order is the engine's; the items come back sorted, Turkish-aware, so two
    stores holding the same triples give the same cells, not just the same sets."""
    from ittifak.core.sparql import list_columns
    from ittifak.core.text import match_key

    query = LIBRARY[name]
    columns = list_columns(query.text)
    assert columns, f"{name} has no GROUP_CONCAT list"
    answers = []
    for store in (project, oxigraph_project):
        result = run_query(store, query, given_for(query), lang="tr")
        at = [result.variables.index(v) for v in columns]
        cells = sorted(tuple(str(row[i]) for i in at) for row in result.rows)
        lists = [cell.split("; ") for row in cells for cell in row if "; " in cell]
        assert lists, f"{name}: no cell holds two items"
        for items in lists:
            assert items == sorted(items, key=lambda item: (match_key(item), item))
        answers.append(cells)
    assert answers[0] == answers[1]
