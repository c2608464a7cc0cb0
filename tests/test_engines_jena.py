"""The .rq files run as they are in another SPARQL tool: Apache Jena's ARQ (Debian's
libapache-jena-java) fills their label columns with no parameter given.

A file run outside ittifak has `?lang` unbound; the library's queries then label in English, or in
Turkish where a resource has no English label (tests/test_query_language_fallback.py). Each query
file with no required parameter runs on an export of the project's graph; one JVM runs them all
with ARQ, as `arq --data GRAPH --query FILE` would (tests/jena.py).
"""

from __future__ import annotations

import csv
import io

import pytest
from rdflib import Graph
from rdflib.namespace import RDFS

from conftest import load_project
from ittifak.core.sparql import list_columns
from ittifak.query.library import load_library
from ittifak.query.run import run_query
from jena import jena_installed, run_arq

if not jena_installed():
    pytest.skip("Apache Jena is absent (bash scripts/setup.sh --test installs libapache-jena-java)",
                allow_module_level=True)

LIBRARY = load_library()
# Files with no required parameter that are not worth running raw, and why.
NOT_RUN = {
    "actor-links": "with no actor it links every resource: over two minutes in ARQ",
    "actor-paths": "with no actors it looks for every path between any two resources: minutes in ARQ",
    "archival-documents": "its span (?from, ?to) is only in a FILTER: unbound, it finds nothing to label",
    "paper-line": "its ?line is only in a FILTER: unbound, it finds nothing to label",
    "year": "its ?year is only in a FILTER: unbound, it finds nothing to label",
}
RUNNABLE = sorted(name for name, q in LIBRARY.items()
                  if not any(p.required for p in q.params) and name not in NOT_RUN)


@pytest.fixture(scope="module")
def jena_answers(tmp_path_factory):
    """Each runnable query file's answer from ARQ, as text, by query name."""
    folder = tmp_path_factory.mktemp("jena")
    export = folder / "graph.nt"
    load_project("memory").graph.serialize(export, format="nt", encoding="utf-8")
    answers = run_arq(export, [LIBRARY[name].path for name in RUNNABLE], folder)
    return {LIBRARY_BY_PATH[str(path)]: text for path, text in answers.items()}


LIBRARY_BY_PATH = {str(q.path): name for name, q in LIBRARY.items()}


def filled(rows, column):
    return [r[column] for r in rows if r[column]]


@pytest.mark.parametrize("name", RUNNABLE)
def test_the_raw_file_fills_its_label_columns_in_jena(name, jena_answers, oxigraph_project):
    query = LIBRARY[name]
    answer = jena_answers[name]
    assert not answer.startswith("ERROR"), answer[:500]
    if query.form == "ASK":
        assert answer.strip() in ("true", "false")
        return
    if query.form == "CONSTRUCT":
        graph = Graph().parse(data=answer, format="nt")
        assert len(graph) > 0
        if "rdfs:label" in query.text:
            assert any(label.language == "en" for label in graph.objects(None, RDFS.label))
        return
    rows = list(csv.DictReader(io.StringIO(answer)))
    assert rows, f"{name}: ARQ found nothing"
    ours = run_query(oxigraph_project, query, {}, lang="en")
    lists = list_columns(query.text)
    for column in (v for v in ours.variables if v.endswith("Label") or v in lists):
        at = ours.variables.index(column)
        if any(row[at] is not None for row in ours.rows):
            assert filled(rows, column), f"{name}: ARQ leaves the column {column} empty"
