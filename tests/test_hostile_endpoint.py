"""A SPARQL endpoint answering garbage in the right shape (JSON that is not SPARQL results, a
boolean for a SELECT, a binding that is a number): one EndpointError (exit 3), not a traceback."""

from __future__ import annotations

import http.server
import json

import pytest

from ittifak.core.errors import EndpointError
from ittifak.store.endpoint import EndpointStore
from loopback import serving


class _Garbage(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    do_GET = do_POST

    def log_message(self, *args):
        pass


@pytest.fixture
def garbage_server():
    with serving(_Garbage) as server:
        yield server


GARBAGE = {
    "binding is a number": {"head": {"vars": ["s"]}, "results": {"bindings": [{"s": 5}]}},
    "value is a number": {"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": 5}}]}},
    "bindings not a list": {"head": {"vars": ["s"]}, "results": 7},
    "head not an object": {"head": [], "results": {"bindings": []}},
    "boolean for a select": {"boolean": True},
}


@pytest.mark.parametrize("answer", GARBAGE.values(), ids=GARBAGE.keys())
def test_garbage_results_are_an_endpoint_error(garbage_server, answer):
    _Garbage.body = json.dumps(answer).encode()
    store = EndpointStore(f"http://127.0.0.1:{garbage_server.server_port}/query")
    with pytest.raises(EndpointError, match="did not answer with SPARQL JSON results"):
        store.query("SELECT ?s WHERE { ?s ?p ?o }")


def test_no_count_is_an_endpoint_error(garbage_server):
    _Garbage.body = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": []}}).encode()
    store = EndpointStore(f"http://127.0.0.1:{garbage_server.server_port}/query")
    with pytest.raises(EndpointError, match="count"):
        len(store)


def test_an_ask_still_answers(garbage_server):
    _Garbage.body = json.dumps({"head": {}, "boolean": True}).encode()
    store = EndpointStore(f"http://127.0.0.1:{garbage_server.server_port}/query")
    assert store.query("ASK { ?s ?p ?o }").boolean is True


SECRET_URLS = ["http://u:s3cretpw@127.0.0.1:9/query", "HTTPS://u:s3cretpw@[::1]:9/sparql",
               "http://s3cretpw@127.0.0.1:9/query"]


@pytest.mark.parametrize("url", SECRET_URLS)
def test_a_store_url_with_credentials_is_refused_without_echoing_them(url):
    from ittifak.core.errors import InputError
    from ittifak.store import open_store
    from ittifak.store.push import endpoint_urls

    for attempt in (lambda: open_store(url), lambda: EndpointStore(url), lambda: endpoint_urls(url),
                    lambda: endpoint_urls("http://127.0.0.1:9/query", update=url)):
        with pytest.raises(InputError) as caught:
            attempt()
        assert "s3cretpw" not in str(caught.value) and "not in the URL" in str(caught.value)


def test_an_at_sign_after_the_host_is_no_credential():
    assert EndpointStore("http://127.0.0.1:9/query?owner=a@b").url.endswith("a@b")


def test_an_access_key_in_the_endpoints_query_string_is_never_printed(runner, garbage_server):
    # unreachable (nothing listens on port 1) and answering garbage: neither message shows the key
    from conftest import free_port
    from ittifak.cli import main

    for url in (f"http://127.0.0.1:{free_port()}/sparql?key=SECRET-KEY-42",
                f"http://127.0.0.1:{garbage_server.server_port}/sparql?key=SECRET-KEY-42"):
        result = runner.invoke(main, ["query", "polity-names", "--endpoint", url, "--timeout", "5"])
        assert result.exit_code == 3, result.output
        assert "SECRET-KEY-42" not in result.output
        assert "/sparql?…" in result.output
