"""`ittifak serve --backend URL --graph IRI` in front of a real Virtuoso 7.2 (Debian's, private,
on loopback), the paper's graph bulk-loaded into a named graph: the same indexes and pages as the
embedded store. Virtuoso's default graph is the union of all its graphs (its own system graphs
too), so the portal names the graph (`default-graph-uri`)."""

from __future__ import annotations

import httpx
import pytest

from conftest import LAYOUT, REPO, load_project
from ittifak.core.load import parse_files
from ittifak.portal import pages, timeline
from ittifak.portal.model import Linker, Portal
from ittifak.portal.reconcile import Reconciler
from ittifak.project import Project
from portal_server import running
from virtuoso import VirtuosoServer, virtuoso_binary

GRAPH = "https://example.org/graph/ittifak-portal"
# pages without an xsd:duration or boolean (Virtuoso returns P10Y as 120 months and true as 1)
SAMPLES = ["organisation/tika", "agreement/1990-turkey-ussr-cultural-scientific-exchange", "person/ebulfez-elcibey"]


@pytest.fixture(scope="module")
def virtuoso_portal(tmp_path_factory):
    if not virtuoso_binary():
        pytest.skip("virtuoso-t is not installed (Debian: virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso-portal")
    server = VirtuosoServer.start(folder)
    try:
        export = folder / "graph.nt"
        graph = load_project("memory").graph  # with its outside links, as the embedded portal holds it
        parse_files(graph, LAYOUT.links_files())
        graph.serialize(export, format="nt", encoding="utf-8")
        server.load(export, GRAPH)
        with pytest.MonkeyPatch.context() as mp:
            for name in ("ITTIFAK_ENDPOINT_USER", "ITTIFAK_ENDPOINT_PASSWORD", "ITTIFAK_ENDPOINT_AUTH"):
                mp.delenv(name, raising=False)
            yield Portal(Project(REPO), backend=server.sparql, graph=GRAPH)
    finally:
        server.stop()


def test_virtuoso_gives_the_same_indexes_and_pages(portal, virtuoso_portal):
    remote = virtuoso_portal
    assert remote.resources() == portal.resources()
    assert [(c.iri, c.count) for c in remote.classes()] == [(c.iri, c.count) for c in portal.classes()]
    assert remote.passage_lines == portal.passage_lines
    link = Linker(portal.uri_space)
    for path in SAMPLES:
        iri = portal.iri_for(path)
        assert pages.resource_page(remote, iri, link) == pages.resource_page(portal, iri, link), path
    ours = [(i.iri, i.start, i.end) for i in timeline.items(portal, link)]
    assert [(i.iri, i.start, i.end) for i in timeline.items(remote, link)] == ours
    query = {"query": "tika", "type": "Organisation", "properties": [{"pid": "itt:inPolity", "v": "Türkiye"}]}
    assert Reconciler(remote).reconcile(query) == Reconciler(portal).reconcile(query)


def test_sparql_is_forwarded_to_the_named_graph(virtuoso_portal):
    count = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a <https://w3id.org/ittifak/ontology#Person> }"
    with running(portal=virtuoso_portal, cap=3) as url:
        answer = httpx.get(url + "/sparql", params={"query": count}, headers={"Accept": "text/csv"}, timeout=60)
        assert answer.text.splitlines()[1] == "48"  # README: 48 people, as on the embedded store
        many = httpx.get(url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                         headers={"Accept": "text/csv"}, timeout=60)
        assert many.headers["X-Ittifak-Truncated"] == "true" and len(many.text.strip().splitlines()) == 4
        refused = httpx.post(url + "/sparql", data={"update": "CLEAR ALL"})
        assert refused.status_code == 403
