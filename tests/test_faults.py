"""Faults from a hostile review, each through the command line: redirects that would carry the
credentials to another origin, error pages that echo them, servers that trickle, and small ones."""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from urllib.parse import quote

import pytest

from ittifak.cli import main

USER, PASSWORD = "alice", "wonder-land-42"
TOKEN = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
ONE_ROW = json.dumps({"head": {"vars": ["n"]},
                      "results": {"bindings": [{"n": {"type": "literal", "value": "1"}}]}}).encode()


class Loopback:
    """A loopback HTTP server whose `respond(handler)` answers every request; it records each
    request's method, path and Authorization header in `seen`."""

    def __init__(self, respond: Callable[[BaseHTTPRequestHandler], None]) -> None:
        self.seen: list[tuple[str, str, str | None]] = []
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def handle_one(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                server.seen.append((self.command, self.path, self.headers.get("Authorization")))
                respond(self)

            do_GET = do_POST = do_PUT = handle_one

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.stop = self.stop  # type: ignore[attr-defined]
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def answer(handler: BaseHTTPRequestHandler, code: int, body: bytes = b"", headers: dict | None = None,
           reason: str | None = None) -> None:
    handler.send_response(code, reason)
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def one_row(handler: BaseHTTPRequestHandler) -> None:
    answer(handler, 200, ONE_ROW, {"Content-Type": "application/sparql-results+json"})


@pytest.fixture
def alice(monkeypatch):
    monkeypatch.setenv("ITTIFAK_ENDPOINT_USER", USER)
    monkeypatch.setenv("ITTIFAK_ENDPOINT_PASSWORD", PASSWORD)
    monkeypatch.setenv("ITTIFAK_ENDPOINT_AUTH", "basic")


@pytest.fixture
def query_file(tmp_path):
    path = tmp_path / "count.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    return path


def one_line(result) -> str:
    """The command's only output line, an error without a traceback."""
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def no_secret(text: str) -> None:
    for secret in (PASSWORD, TOKEN, USER):
        assert secret not in text


# ---------------------------------------------------------------- 1. redirects keep credentials home


def push_args(url: str) -> list[str]:
    return ["push", "--endpoint", url, "--method", "update", "--timeout", "10"]


def query_args(url: str, path) -> list[str]:
    return ["query", "--file", str(path), "--endpoint", url, "--timeout", "10"]


@pytest.mark.parametrize("command", ["push", "query"])
@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_origin_is_refused_and_sends_nothing_there(
        runner, alice, query_file, command, code):
    with Loopback(one_row) as elsewhere, \
         Loopback(lambda h: answer(h, code, headers={"Location": f"{elsewhere.base}{h.path}?user={USER}&"
                                                                 f"password={quote(PASSWORD, safe='')}&auth="
                                                                 f"{quote(h.headers['Authorization'])}"})) \
            as endpoint:
        url = f"{endpoint.base}/query"
        args = push_args(url) if command == "push" else query_args(url, query_file)
        result = runner.invoke(main, args)
        assert result.exit_code == 3
        line = one_line(result)
        assert f"{endpoint.base}/" in line and f"redirects (HTTP {code}) to {elsewhere.base}/" in line
        assert endpoint.seen and endpoint.seen[0][2] == f"Basic {TOKEN}"  # the credentials went where given
        assert elsewhere.seen == []  # and nowhere else: no request, so no Authorization header
        no_secret(result.output)


def test_another_host_on_the_same_port_is_another_origin(runner, alice, query_file):
    with Loopback(lambda h: answer(h, 307, headers={"Location": h.server_base.replace("127.0.0.1", "localhost")
                                                    + "/elsewhere"})) as endpoint:
        endpoint.httpd.RequestHandlerClass.server_base = endpoint.base
        result = runner.invoke(main, query_args(f"{endpoint.base}/query", query_file))
        assert result.exit_code == 3
        assert "to http://localhost:" in one_line(result)
        assert [path for _, path, _ in endpoint.seen] == ["/query"]


def test_a_same_origin_307_or_308_is_followed_with_its_method_and_credentials(runner, alice, query_file):
    def respond(handler):
        if handler.path.startswith("/old"):
            code = 307 if handler.path.startswith("/old7") else 308
            answer(handler, code, headers={"Location": "/query"})
        else:
            one_row(handler)

    with Loopback(respond) as endpoint:
        for old in ("/old7/query", "/old8/query"):
            result = runner.invoke(main, query_args(endpoint.base + old, query_file) + ["--format", "csv"])
            assert result.exit_code == 0, result.output
            assert result.output.splitlines() == ["n", "1"]
        assert endpoint.seen[1] == ("POST", "/query", f"Basic {TOKEN}")
        assert endpoint.seen[3] == ("POST", "/query", f"Basic {TOKEN}")


def test_a_same_origin_302_is_refused_because_it_would_turn_the_post_into_a_get(runner, alice, query_file):
    with Loopback(lambda h: one_row(h) if h.path == "/query" else
                  answer(h, 302, headers={"Location": "/query"})) as endpoint:
        result = runner.invoke(main, query_args(f"{endpoint.base}/old", query_file))
        assert result.exit_code == 3
        assert "redirects (HTTP 302)" in one_line(result)
        assert [(m, p) for m, p, _ in endpoint.seen] == [("POST", "/old")]


# ---------------------------------------------------------------- 2. error pages that echo credentials


def echo_authorization(handler: BaseHTTPRequestHandler) -> None:
    sent = handler.headers.get("Authorization")
    if sent is None:  # a digest client first learns the challenge
        answer(handler, 401, headers={"WWW-Authenticate": 'Digest realm="r", nonce="n0nce", qop="auth"'})
    else:
        answer(handler, 400, f"cannot parse; you sent Authorization: {sent} (user {USER}, "
                             f"password {PASSWORD})".encode(), reason=f"Bad {sent}")


@pytest.mark.parametrize("scheme", ["basic", "digest"])
@pytest.mark.parametrize("command", ["push", "query"])
def test_credentials_echoed_by_the_endpoint_are_not_printed(runner, alice, monkeypatch, query_file,
                                                             scheme, command):
    monkeypatch.setenv("ITTIFAK_ENDPOINT_AUTH", scheme)
    with Loopback(echo_authorization) as endpoint:
        url = f"{endpoint.base}/query"
        result = runner.invoke(main, push_args(url) if command == "push" else query_args(url, query_file))
        assert result.exit_code == 3
        line = one_line(result)
        assert "HTTP 400" in line and "you sent Authorization: " in line and "***" in line
        sent = endpoint.seen[-1][2]
        assert sent.startswith("Basic " if scheme == "basic" else "Digest ")
        no_secret(line)
        if scheme == "digest":
            digest = re.search(r'response="([0-9a-f]+)"', sent).group(1)
            assert digest not in line


# ---------------------------------------------------------------- 3. --timeout is a deadline


def drip(handler: BaseHTTPRequestHandler, data: bytes) -> None:
    """Send `data` a byte at a time, twice a second, until the client hangs up or the test ends."""
    for byte in data:
        if handler.server.stop.is_set():
            return
        try:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
        except OSError:
            return
        time.sleep(0.5)


def slow_headers(handler: BaseHTTPRequestHandler) -> None:
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    drip(handler, b"z" * 1000)


def slow_body(handler: BaseHTTPRequestHandler) -> None:
    body = ONE_ROW * 50
    handler.send_response(200)
    handler.send_header("Content-Type", "application/sparql-results+json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    drip(handler, body)


@pytest.mark.parametrize(("command", "respond"), [("query", slow_headers), ("query", slow_body),
                                                  ("push", slow_body)])
def test_a_trickling_endpoint_is_cut_off_at_the_deadline(runner, query_file, no_endpoint_credentials,
                                                         command, respond):
    timeout = 3
    with Loopback(respond) as endpoint:
        url = f"{endpoint.base}/query"
        args = (["push", "--endpoint", url] if command == "push" else
                ["query", "--file", str(query_file), "--endpoint", url])
        started = time.monotonic()
        result = runner.invoke(main, [*args, "--timeout", str(timeout)])
        elapsed = time.monotonic() - started
    assert result.exit_code == 3
    assert f"did not answer within {timeout} s (the --timeout deadline)" in one_line(result)
    assert elapsed < 3 * timeout + 5


# ---------------------------------------------------------------- 4. smaller ones


def write_query(tmp_path, text: str):
    path = tmp_path / "own.rq"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_select_with_no_variables_prints_a_table_without_columns(runner, tmp_path):
    result = runner.invoke(main, ["query", "--file", write_query(tmp_path, "SELECT * WHERE { }\n")])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"\(no variables\) \(\d+ rows?\)\n", result.output)


def test_service_is_refused_unless_allowed(runner, tmp_path):
    with Loopback(one_row) as remote:
        path = write_query(tmp_path, f"# SERVICE in a comment is no call\n"
                                     f"SELECT ?n WHERE {{ SERVICE <{remote.base}/sparql> {{ ?s ?p ?n }} }}\n")
        refused = runner.invoke(main, ["query", "--file", path, "--store", "memory"])
        assert refused.exit_code == 2
        assert "the query calls SERVICE" in one_line(refused) and "--allow-service" in refused.output
        assert remote.seen == []
        allowed = runner.invoke(main, ["query", "--file", path, "--store", "memory", "--allow-service",
                                       "--format", "csv"])
        assert allowed.exit_code == 0, allowed.output
        assert allowed.output.splitlines() == ["n", "1"]
        assert remote.seen  # the flag lets the engine fetch


def test_a_comment_or_string_saying_service_is_no_call(runner, tmp_path):
    path = write_query(tmp_path, '# no SERVICE here\nASK { FILTER("SERVICE" != "x") }\n')
    result = runner.invoke(main, ["query", "--file", path])
    assert (result.exit_code, result.output) == (0, "true\n"), result.output


@pytest.mark.parametrize(("text", "keyword"), [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }\n", "INSERT"),
    ("PREFIX ex: <http://example.org/>\nBASE <http://example.org/>\n# clean up\nDELETE WHERE { ?s ex:p ?o }\n",
     "DELETE"),
    ("DROP ALL\n", "DROP"),
])
def test_an_update_is_not_run_by_query(runner, tmp_path, text, keyword):
    result = runner.invoke(main, ["query", "--file", write_query(tmp_path, text)])
    assert result.exit_code == 2
    line = one_line(result)
    assert f"this is a SPARQL Update ({keyword})" in line and "never changes a store" in line


def test_a_folder_given_as_the_query_file(runner, tmp_path):
    result = runner.invoke(main, ["query", "--file", str(tmp_path)])
    assert result.exit_code == 2
    assert one_line(result) == f"error: {tmp_path}: is a folder, not a query file (give one .rq file)"


def test_the_pdf_figure_is_byte_identical_from_run_to_run(runner, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)

    def draw(folder: str) -> bytes:
        result = runner.invoke(main, ["diagram", "--network", "actors", "--format", "pdf",
                                      "--out", str(tmp_path / folder)])
        assert result.exit_code == 0, result.output
        return (tmp_path / folder / "actors.pdf").read_bytes()

    first = draw("first")
    time.sleep(1.1)  # PDF dates count seconds
    assert draw("second") == first
    assert b"/CreationDate" not in first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    dated = draw("dated")
    assert b"/CreationDate (D:19700102000000Z)" in dated
    for pdf in (first, dated):  # the cross-reference table is where the trailer says
        offset = int(re.search(rb"startxref\s+(\d+)", pdf).group(1))
        assert pdf[offset:offset + 4] == b"xref"
