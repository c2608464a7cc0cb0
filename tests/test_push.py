"""`ittifak push`: the whole graph reaches a real Oxigraph server or nothing does, and every failure
says which endpoint, what happened and what was loaded."""

from __future__ import annotations

import json
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from conftest import OxigraphServer, free_port, ontology_files
from endpoint_proxy import EndpointProxy
from ittifak.cli import main
from ittifak.core.errors import EndpointError
from ittifak.store import EndpointStore
from ittifak.store.endpoint import http_error_message
from ittifak.store.push import chunks, endpoint_urls, push_graph
from loopback import serving

EX = "http://example.org/"


def count(server_query: str, graph: str | None = None) -> int:
    text = (f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}" if graph
            else "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(EndpointStore(server_query).query(text).rows[0][0])


def fetch(server_query: str, graph: str) -> Graph:
    text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return EndpointStore(server_query).query(text).graph


def staging_graphs(server_query: str) -> list[str]:
    text = ('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } '
            'FILTER(STRSTARTS(STR(?g), "urn:ittifak:staging:")) }')
    return [str(row[0]) for row in EndpointStore(server_query).query(text).rows]


def small_graph(n: int = 5) -> Graph:
    g = Graph()
    for i in range(n):
        amount = BNode()
        g.add((URIRef(f"{EX}project{i}"), URIRef(f"{EX}credit"), amount))
        g.add((amount, URIRef(f"{EX}value"), Literal(i * 1000)))
        g.add((amount, URIRef(f"{EX}currency"), Literal("USD")))
    return g


# ---------------------------------------------------------------- whole graph, both ways


def test_cli_push_into_a_named_graph_loads_every_triple(runner, oxigraph_server, project):
    graph = "urn:ittifak:test:cli-push"
    result = runner.invoke(main, ["push", "--endpoint", oxigraph_server.query, "--graph", graph])
    assert result.exit_code == 0, result.output
    assert f"pushed {len(project)} triples into <{graph}>" in result.output
    assert "(GSP PUT)" in result.output
    assert count(oxigraph_server.query, graph) == len(project)
    assert f"now holds {len(project)} triples" in result.output


def test_push_by_sparql_update_in_chunks_keeps_the_graph_isomorphic(oxigraph_server, project):
    graph = "urn:ittifak:test:update-chunks"
    report = push_graph(project.graph, oxigraph_server.query, graph, method="update", chunk_size=2000)
    assert report.method == "SPARQL Update" and report.chunks > 1
    assert report.remote_count == count(oxigraph_server.query, graph) == len(project)
    assert isomorphic(fetch(oxigraph_server.query, graph), project.graph)  # blank nodes kept whole
    assert staging_graphs(oxigraph_server.query) == []


def test_queries_on_a_named_graph(runner, oxigraph_server):
    graph = "urn:ittifak:test:cli-push"
    runner.invoke(main, ["push", "--endpoint", oxigraph_server.query, "--graph", graph])
    result = runner.invoke(main, ["query", "signed-for", "--endpoint", oxigraph_server.query, "--graph", graph])
    assert (result.exit_code, result.output) == (0, "true\n")  # L651


def test_chunks_never_split_a_blank_node():
    g = small_graph(4)
    parts = list(chunks(g, 1))
    assert sum(len(p) for p in parts) == len(g)
    for part in parts:
        subjects = {s for s, _, _ in part if isinstance(s, BNode)}
        objects = {o for _, _, o in part if isinstance(o, BNode)}
        assert subjects == objects  # each blank node travels with the triple that points at it


def test_replace_and_append(oxigraph_server):
    graph = "urn:ittifak:test:replace"
    push_graph(small_graph(5), oxigraph_server.query, graph)
    push_graph(small_graph(2), oxigraph_server.query, graph)
    assert count(oxigraph_server.query, graph) == 6  # replaced: 2 projects x 3 triples
    extra = Graph()
    extra.add((URIRef(f"{EX}a"), URIRef(f"{EX}b"), Literal("c")))
    push_graph(extra, oxigraph_server.query, graph, append=True)
    assert count(oxigraph_server.query, graph) == 7
    push_graph(extra, oxigraph_server.query, graph, append=True, method="update")
    assert count(oxigraph_server.query, graph) == 7  # the same triple again


def test_endpoint_urls():
    urls = endpoint_urls("http://127.0.0.1:7878/query")
    assert (urls.update, urls.gsp) == ("http://127.0.0.1:7878/update", (
        "http://127.0.0.1:7878/store", "http://127.0.0.1:7878/data"))
    virtuoso = endpoint_urls("http://127.0.0.1:8890/sparql")
    assert (virtuoso.update, virtuoso.gsp) == ("http://127.0.0.1:8890/sparql",
                                               ("http://127.0.0.1:8890/sparql-graph-crud",))


# ---------------------------------------------------------------- failures


def test_unreachable_endpoint(runner):
    url = f"http://127.0.0.1:{free_port()}/query"
    result = runner.invoke(main, ["push", "--endpoint", url, "--timeout", "5"])
    assert result.exit_code == 3
    assert "endpoint unreachable" in result.output and "127.0.0.1" in result.output


def test_http_error_from_every_route(runner, oxigraph_server):
    url = f"{oxigraph_server.base}/nowhere/query"
    result = runner.invoke(main, ["push", "--endpoint", url, "--graph", "urn:ittifak:test:nowhere"])
    assert result.exit_code == 3
    assert re.search(r"SPARQL Update chunk 1 of \d+ failed", result.output)
    assert f"{oxigraph_server.base}/nowhere/update: the endpoint answered HTTP 404" in result.output
    assert "GSP PUT" in result.output and "Nothing was loaded" in result.output


def test_read_only_store_refuses(runner, tmp_path_factory):
    location = tmp_path_factory.mktemp("read-only")
    OxigraphServer.start(location).stop()  # create the store, then serve it read-only
    server = OxigraphServer.start(location, read_only=True)
    try:
        result = runner.invoke(main, ["push", "--endpoint", server.query])
        assert result.exit_code == 3
        assert "GSP PUT refused, nothing loaded" in result.output
        assert "HTTP 403 Forbidden: The server is read-only" in result.output
        assert count(server.query) == 0
    finally:
        server.stop()


def test_failed_chunk_is_reported_and_nothing_is_half_loaded(oxigraph_server, project):
    graph = "urn:ittifak:test:failed-chunk"
    before = small_graph(3)
    push_graph(before, oxigraph_server.query, graph)
    with (EndpointProxy(oxigraph_server.base, refuse_gsp=True, fail_update=3) as proxy,
          pytest.raises(EndpointError) as err):
        push_graph(project.graph, f"{proxy.base}/query", graph, chunk_size=3000)
    message = str(err.value)
    loaded = sum(len(part) for part in list(chunks(project.graph, 3000))[:2])
    total = len(list(chunks(project.graph, 3000)))
    assert f"SPARQL Update chunk 3 of {total} failed" in message
    assert "HTTP 405" in message  # why it did not use the graph store
    assert "HTTP 500 Internal Server Error: injected failure for the test" in message
    assert f"{loaded} of {len(project)} triples (chunks 1-2) had been loaded into the staging graph" in message
    assert "which was dropped" in message and f"<{graph}> is unchanged" in message
    assert isomorphic(fetch(oxigraph_server.query, graph), before)
    assert staging_graphs(oxigraph_server.query) == []


def test_failed_move_is_reported(oxigraph_server):
    graph = "urn:ittifak:test:failed-move"
    with (EndpointProxy(oxigraph_server.base, refuse_gsp=True, fail_update=2) as proxy,
          pytest.raises(EndpointError, match=r"all 1 chunks \(15 triples\) reached the staging graph")):
        push_graph(small_graph(5), f"{proxy.base}/query", graph)
    assert count(oxigraph_server.query, graph) == 0
    assert staging_graphs(oxigraph_server.query) == []


def test_endpoint_that_never_answers_times_out(runner):
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        result = runner.invoke(main, ["push", "--endpoint", url, "--timeout", "0.5"])
        assert result.exit_code == 3
        assert "did not answer within 0.5 s" in result.output


# ---------------------------------------------------------------- credentials


@pytest.mark.parametrize("scheme", ["basic", "digest"])
def test_credentials_from_the_environment(runner, monkeypatch, oxigraph_server, scheme):
    graph = f"urn:ittifak:test:auth-{scheme}"
    auth = {scheme: ("historian", "s3cret")}
    with EndpointProxy(oxigraph_server.base, **auth) as proxy:
        url = f"{proxy.base}/query"
        monkeypatch.delenv("ITTIFAK_ENDPOINT_USER", raising=False)
        refused = runner.invoke(main, ["push", "--endpoint", url, "--graph", graph])
        assert refused.exit_code == 3
        assert "HTTP 401" in refused.output and "ITTIFAK_ENDPOINT_USER" in refused.output
        monkeypatch.setenv("ITTIFAK_ENDPOINT_USER", "historian")
        monkeypatch.setenv("ITTIFAK_ENDPOINT_PASSWORD", "s3cret")
        monkeypatch.setenv("ITTIFAK_ENDPOINT_AUTH", scheme)
        pushed = runner.invoke(main, ["push", "--endpoint", url, "--graph", graph, "--method", "update"])
        assert pushed.exit_code == 0, pushed.output
        answered = runner.invoke(main, ["query", "signed-for", "--endpoint", url, "--graph", graph])
        assert (answered.exit_code, answered.output) == (0, "true\n"), answered.output
        monkeypatch.setenv("ITTIFAK_ENDPOINT_PASSWORD", "wrong")
        wrong = runner.invoke(main, ["query", "signed-for", "--endpoint", url])
        assert wrong.exit_code == 3 and "HTTP 401" in wrong.output


def test_unknown_auth_scheme(runner, monkeypatch, oxigraph_server):
    monkeypatch.setenv("ITTIFAK_ENDPOINT_USER", "historian")
    monkeypatch.setenv("ITTIFAK_ENDPOINT_AUTH", "kerberos")
    result = runner.invoke(main, ["push", "--endpoint", oxigraph_server.query])
    assert result.exit_code == 2
    assert "ITTIFAK_ENDPOINT_AUTH='kerberos': use basic or digest" in result.output


def test_proxy_is_loopback_only():
    with EndpointProxy("http://127.0.0.1:9") as proxy:
        assert proxy.base.startswith("http://127.0.0.1:")
    assert not any(t.name == proxy.thread.name and t.is_alive() for t in threading.enumerate())


@pytest.mark.parametrize("graph", ["urn:x> } ; DROP ALL ; INSERT DATA { GRAPH <urn:y", "no-scheme", "urn:a b"])
def test_graph_iri_must_be_a_plain_iri(runner, oxigraph_server, graph):
    before = count(oxigraph_server.query)
    result = runner.invoke(main, ["push", "--endpoint", oxigraph_server.query, "--graph", graph])
    assert result.exit_code == 2
    assert "is not an absolute IRI" in result.output
    assert count(oxigraph_server.query) == before


# ---------------------------------------------------------------- the body waits for the credentials


@pytest.mark.parametrize(("scheme", "heads"), [("basic", 1), ("digest", 2)])
def test_the_body_goes_out_once_the_credentials_are_accepted(monkeypatch, oxigraph_server, project,
                                                             scheme, heads):
    graph = f"urn:ittifak:test:probe-{scheme}"
    monkeypatch.setenv("ITTIFAK_ENDPOINT_USER", "historian")
    monkeypatch.setenv("ITTIFAK_ENDPOINT_AUTH", scheme)
    with EndpointProxy(oxigraph_server.base, **{scheme: ("historian", "s3cret")}) as proxy:
        monkeypatch.setenv("ITTIFAK_ENDPOINT_PASSWORD", "wrong")
        with pytest.raises(EndpointError, match="HTTP 401"):
            push_graph(project.graph, f"{proxy.base}/query", graph, method="gsp")
        assert [method for method, _ in proxy.requests] == ["HEAD"] * heads  # no PUT: the body stayed here
        proxy.requests.clear()
        monkeypatch.setenv("ITTIFAK_ENDPOINT_PASSWORD", "s3cret")
        report = push_graph(project.graph, f"{proxy.base}/query", graph, method="gsp")
        assert report.remote_count == len(project)
        # the PUT goes once, already answering the challenge; then the count (a POST) the same way
        assert [method for method, _ in proxy.requests] == ["HEAD"] * heads + ["PUT"] + ["HEAD"] * heads + ["POST"]


# ---------------------------------------------------------------- what the store holds decides


class _Liar(BaseHTTPRequestHandler):
    """Takes any PUT, and counts 3 triples in any graph."""

    def _answer(self, code: int, body: bytes = b"", ctype: str = "text/plain") -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_PUT(self) -> None:
        self._answer(204)

    def do_POST(self) -> None:
        three = {"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {
            "type": "literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}
        self._answer(200, json.dumps(three).encode(), "application/sparql-results+json")

    def log_message(self, *args) -> None:
        pass


def test_a_push_the_store_does_not_count_is_an_error(runner):
    with serving(_Liar) as server:
        url = f"http://127.0.0.1:{server.server_address[1]}/query"
        with pytest.raises(EndpointError, match=r"GSP PUT sent 15 triples to <urn:x>, but the store's count "
                                                r"of <urn:x> is 3: the push is not confirmed"):
            push_graph(small_graph(5), url, "urn:x")
        result = runner.invoke(main, ["push", "--endpoint", url, "--graph", "urn:x"])
        assert result.exit_code == 3
        assert "the push is not confirmed" in result.output and "pushed" not in result.output


# ---------------------------------------------------------------- plain causes


def test_a_server_that_hangs_up_is_not_called_unreachable():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)

        def hang_up() -> None:
            conn, _ = listener.accept()
            conn.recv(100)
            conn.close()

        thread = threading.Thread(target=hang_up, daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/query"
        with pytest.raises(EndpointError) as err:
            push_graph(small_graph(1), url, "urn:x", method="gsp", timeout=10)
        thread.join(5)
    assert "the endpoint closed the connection before answering" in str(err.value)
    assert "unreachable" not in str(err.value)


def test_413_says_what_to_do():
    message = http_error_message("http://h/store", 413)
    assert "HTTP 413 Content Too Large" in message and "--chunk-size" in message


def test_push_data_files_sends_the_stores_own_ntriples(runner, oxigraph_server, tmp_path):
    """--data: the ontology and a generated file, bulk loaded, pushed as N-Triples Oxigraph wrote."""
    from ittifak.generate import write_synthetic

    data = tmp_path / "g.nt"
    write_synthetic(data, 3, seed=4)
    graph = "https://example.org/graph/generated"
    result = runner.invoke(main, ["push", "--endpoint", oxigraph_server.query, "--graph", graph,
                                  "--data", str(data)])
    assert result.exit_code == 0, result.output
    expected = Graph()
    for path in [*ontology_files(), data]:
        expected.parse(path)
    assert count(oxigraph_server.query, graph) == len(expected)
    assert isomorphic(fetch(oxigraph_server.query, graph), expected)
