"""`ittifak serve --backend URL`: the portal in front of a real SPARQL store (an Oxigraph server on
loopback that holds the paper's graph) gives the same pages and answers as the embedded store;
/sparql is forwarded read-only with its deadline and cap; credentials go to the store only."""

from __future__ import annotations

import re

import httpx
import pytest

from conftest import REPO
from endpoint_proxy import EndpointProxy
from ittifak.core.errors import EndpointError, InputError
from ittifak.portal import pages, timeline
from ittifak.portal.model import Linker, Portal
from ittifak.portal.reconcile import Reconciler
from ittifak.project import Project
from portal_server import running

# a resource with a blank-node structure (its provisions), one with a source conflict, a person, a place
SAMPLES = ["organisation/tika", "agreement/1990-turkey-ussr-cultural-scientific-exchange",
           "aid/1990-food-medicine", "person/ebulfez-elcibey", "place/baku"]


@pytest.fixture(scope="module")
def linked_server(tmp_path_factory, project):
    """An Oxigraph server holding what the embedded portal holds: the graph and its outside links."""
    from rdflib import Graph

    from conftest import LAYOUT, OxigraphServer
    from ittifak.core.load import parse_files
    from ittifak.store.push import push_graph

    graph = Graph()
    graph += project.graph
    parse_files(graph, LAYOUT.links_files())
    server = OxigraphServer.start(tmp_path_factory.mktemp("linked"))
    try:
        push_graph(graph, server.query)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def remote(linked_server, no_endpoint_credentials_module):
    return Portal(Project(REPO), backend=linked_server.query)


@pytest.fixture(scope="module")
def no_endpoint_credentials_module():
    with pytest.MonkeyPatch.context() as mp:
        for name in ("ITTIFAK_ENDPOINT_USER", "ITTIFAK_ENDPOINT_PASSWORD", "ITTIFAK_ENDPOINT_AUTH"):
            mp.delenv(name, raising=False)
        yield


def _page(portal: Portal, path: str) -> str:
    html = pages.resource_page(portal, portal.iri_for(path), Linker(portal.uri_space))
    return html


def test_the_remote_store_gives_the_same_indexes_as_the_embedded_one(portal, remote):
    assert remote.resources() == portal.resources()
    assert [(c.iri, c.count) for c in remote.classes()] == [(c.iri, c.count) for c in portal.classes()]
    assert remote.passage_lines == portal.passage_lines
    assert remote.coordinates == portal.coordinates


@pytest.mark.parametrize("path", SAMPLES)
def test_the_remote_store_gives_the_same_resource_pages(portal, remote, path):
    iri = portal.iri_for(path)
    if not portal.exists(iri):
        pytest.skip(f"{path} is not in the data")
    assert remote.exists(iri)
    assert _page(remote, path) == _page(portal, path)
    local = {str(t) for t in portal.describe(iri) if "_:" not in str(t)}
    assert {str(t) for t in remote.describe(iri) if "_:" not in str(t)} == local
    assert len(remote.describe(iri)) == len(set(portal.describe(iri)))  # a CONSTRUCT answer is a set


def test_the_remote_store_gives_the_same_timeline_and_reconciliation(portal, remote):
    link = Linker(portal.uri_space)
    ours = [(i.iri, i.start, i.end, i.when) for i in timeline.items(portal, link)]
    assert [(i.iri, i.start, i.end, i.when) for i in timeline.items(remote, link)] == ours
    query = {"query": "tika", "type": "Organisation", "properties": [{"pid": "itt:inPolity", "v": "Türkiye"}]}
    assert Reconciler(remote).reconcile(query) == Reconciler(portal).reconcile(query)


def test_the_server_over_a_remote_store_answers_like_the_embedded_one(base, remote, portal):
    count = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a <https://w3id.org/ittifak/ontology#Person> }"
    with running(portal=remote, cap=5) as url:
        for path in ("/", "/id/organisation/tika", "/timeline", "/map", "/network", "/ontology",
                     "/queries/agreements?year=1992", "/class/Person"):
            mine, theirs = httpx.get(url + path, timeout=60), httpx.get(base + path, timeout=60)
            assert mine.status_code == theirs.status_code == 200, path
            assert mine.text == theirs.text, path
        answer = httpx.get(url + "/sparql", params={"query": count}, headers={"Accept": "text/csv"}, timeout=60)
        assert answer.text.splitlines() == httpx.get(base + "/sparql", params={"query": count},
                                                     headers={"Accept": "text/csv"}).text.splitlines()
        assert answer.headers["X-Ittifak-Truncated"] == "false"
        many = httpx.get(url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                         headers={"Accept": "text/csv"}, timeout=60)
        assert many.status_code == 200 and many.headers["X-Ittifak-Truncated"] == "true"
        assert len(many.text.strip().splitlines()) == 1 + 5  # header and the cap
        triples = httpx.get(url + "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, timeout=60)
        assert triples.headers["X-Ittifak-Truncated"] == "true"
        refused = [
            httpx.post(url + "/sparql", content="DROP ALL", headers={"Content-Type": "application/sparql-update"}),
            httpx.post(url + "/sparql", data={"update": "DROP ALL"}),
            httpx.get(url + "/sparql", params={"query": "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"}),
        ]
        assert [r.status_code for r in refused] == [403, 403, 403]
        bad = httpx.get(url + "/sparql", params={"query": "SELECT WHERE nonsense"})
        assert bad.status_code == 400 and "127.0.0.1" not in bad.text  # the store's words, not its address
        reconcile = httpx.get(url + "/reconcile", params={"queries": '{"q0": {"query": "tika"}}'}).json()
        assert reconcile["q0"]["result"][0]["id"] == "organisation/tika"
    assert len(remote.store) == len(portal.store)  # the store still holds the graph: nothing was dropped


def test_a_slow_store_is_stopped_at_the_portals_deadline(oxigraph_server, remote_project,
                                                         no_endpoint_credentials_module):
    with EndpointProxy(oxigraph_server.base, slow=(b"slow-marker", 5.0)) as proxy:
        portal = Portal(Project(REPO), backend=proxy.base + "/query")
        with running(portal=portal, timeout=1.0) as url:
            late = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p 'slow-marker' }"}, timeout=30)
            assert late.status_code == 503 and "longer than 1 s" in late.text
            fine = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
            assert fine.status_code == 200 and fine.json()["boolean"] is True


@pytest.mark.parametrize("scheme", ["basic", "digest"])
def test_credentials_go_to_the_store_only_and_never_into_pages(oxigraph_server, remote_project, monkeypatch, scheme):
    # urllib's digest handler encodes the password as ASCII: a non-ASCII one fails (in the store layer)
    user, password = "reader", "s3cret-Pässword" if scheme == "basic" else "s3cret-Password"
    with EndpointProxy(oxigraph_server.base, **{scheme: (user, password)}) as proxy:
        for name in ("ITTIFAK_ENDPOINT_USER", "ITTIFAK_ENDPOINT_PASSWORD", "ITTIFAK_ENDPOINT_AUTH"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("ITTIFAK_ENDPOINT_AUTH", scheme)
        with pytest.raises(EndpointError) as refused:
            Portal(Project(REPO), backend=proxy.base + "/query")
        assert "ITTIFAK_ENDPOINT_USER" in str(refused.value) and "\n" not in str(refused.value)
        before = len(proxy.headers)
        monkeypatch.setenv("ITTIFAK_ENDPOINT_USER", user)
        monkeypatch.setenv("ITTIFAK_ENDPOINT_PASSWORD", password)
        portal = Portal(Project(REPO), backend=proxy.base + "/query")
        with running(portal=portal) as url:
            said = [httpx.get(url + path, timeout=60).text for path in
                    ("/", "/id/organisation/tika", "/sparql", "/reconcile")]
            said.append(httpx.get(url + "/sparql", params={"query": "SELECT WHERE nonsense"}).text)
        token = re.escape(password)
        assert not any(re.search(token, text) or user in text for text in said)
        sent = [h.get("Authorization", "") for h in proxy.headers[before:]]
        prefix = "Basic " if scheme == "basic" else "Digest "
        assert sent and any(a.startswith(prefix) for a in sent)
        assert all(a.startswith(prefix) or (scheme == "digest" and not a) for a in sent)  # digest: challenge first
        if scheme == "basic":  # the command's log names the store's origin, never who or how
            said = _serve_and_read_log(proxy.base + "/query")
            assert f"from the store at {proxy.base}" in said
            assert password not in said and "reader" not in said
    with pytest.raises(InputError, match="not in the URL"):
        Portal(Project(REPO), backend=f"http://{user}:{password}@127.0.0.1:1/query")


def _serve_and_read_log(backend: str) -> str:
    """Run `ittifak serve --backend` until it answers a page, stop it, return what it printed."""
    import subprocess
    import sys
    import time

    from portal_server import free_port

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "ittifak", "serve", "--port", str(port), "--backend", backend],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, process.stderr.read()
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/id/organisation/tika", timeout=30)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)
        assert page.status_code == 200 and "TİKA" in page.text
    finally:
        process.terminate()
        process.wait(timeout=30)
    return process.stdout.read() + process.stderr.read()


def test_the_command_refuses_credentials_in_the_backend_url_in_one_line():
    import subprocess
    import sys

    secret = "pw-in-url-0451"
    done = subprocess.run([sys.executable, "-m", "ittifak", "serve", "--backend",
                           f"http://reader:{secret}@127.0.0.1:1/query"], check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "not in the URL" in done.stderr and secret not in done.stderr
