"""A remote SPARQL 1.1 endpoint as a store, and the HTTP every remote call shares: credentials from
the environment that go only to the origin they were given for, one deadline per request, and
one-line messages for HTTP errors and unreachable servers with the credentials taken out."""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Self

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.term import Node

from ittifak.core.errors import EndpointError, InputError
from ittifak.store.base import QueryResult, Store
from ittifak.store.spec import refuse_credentials


def _term(binding: dict) -> Node:
    kind, value = binding["type"], binding["value"]
    if not isinstance(value, str):
        raise TypeError(f"a {kind} term's value must be a string")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    datatype = binding.get("datatype")
    return RDFLiteral(value, lang=binding.get("xml:lang"), datatype=URIRef(datatype) if datatype else None)


@dataclass(frozen=True)
class Credentials:
    """HTTP credentials for an endpoint, read from the environment, never from the command line."""

    user: str
    password: str
    scheme: Literal["basic", "digest"] = "basic"

    def secrets(self) -> list[str]:
        """What must never be printed: the user, the password and the basic token, longest first."""
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        plain = [token, self.password, self.user]
        quoted = [urllib.parse.quote(s, safe="") for s in plain]  # as a URL would carry them
        return sorted({s for s in plain + quoted if s}, key=len, reverse=True)


def endpoint_credentials() -> Credentials | None:
    """ITTIFAK_ENDPOINT_USER / ITTIFAK_ENDPOINT_PASSWORD / ITTIFAK_ENDPOINT_AUTH (basic|digest)."""
    user = os.environ.get("ITTIFAK_ENDPOINT_USER")
    if not user:
        return None
    scheme = os.environ.get("ITTIFAK_ENDPOINT_AUTH", "basic").strip().lower() or "basic"
    if scheme not in ("basic", "digest"):
        raise InputError(f"ITTIFAK_ENDPOINT_AUTH={scheme!r}: use basic or digest")
    return Credentials(user, os.environ.get("ITTIFAK_ENDPOINT_PASSWORD", ""), scheme)  # type: ignore[arg-type]


# a basic token or a digest response hash, whoever's they are
_AUTH_VALUES = re.compile(r"\b(Basic\s+)[A-Za-z0-9+/]{4,}={0,2}(?![A-Za-z0-9+/=\"])"
                          r"|\b(response\s*=\s*\"?)[0-9A-Fa-f]{16,}", re.IGNORECASE)


def redact(text: str) -> str:
    """Server text with the credentials taken out: the user, the password, the basic token and any
    digest response hash (an endpoint may echo the Authorization header in its error page)."""
    text = _AUTH_VALUES.sub(lambda m: (m.group(1) or m.group(2)) + "***", text)
    try:
        credentials = endpoint_credentials()
    except InputError:
        credentials = Credentials(os.environ.get("ITTIFAK_ENDPOINT_USER", ""),
                                  os.environ.get("ITTIFAK_ENDPOINT_PASSWORD", ""))
    for secret in credentials.secrets() if credentials else ():
        text = text.replace(secret, "***")
    return text


def shown_url(url: str) -> str:
    """An endpoint's address as a message shows it: without its query string, which may carry an
    access key (`?key=…`) or the query itself."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")) + ("?…" if parts.query else "")


_REASONS = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
            405: "Method Not Allowed", 413: "Content Too Large", 414: "URI Too Long", 415: "Unsupported Media Type",
            500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
            503: "Service Unavailable", 504: "Gateway Timeout"}


def http_error_message(url: str, code: int, reason: str | None = None, body: bytes | str = b"") -> str:
    """One line saying which endpoint answered which HTTP error, with the server's own words."""
    reason = " ".join(redact(reason or _REASONS.get(code, "")).split())
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    said = " ".join(redact(text).split())[:300]
    message = f"{shown_url(url)}: the endpoint answered HTTP {code} {reason}".rstrip()
    if said:
        message += f": {said}"
    if code in (401, 403):
        message += (" (credentials come from ITTIFAK_ENDPOINT_USER, ITTIFAK_ENDPOINT_PASSWORD and "
                    "ITTIFAK_ENDPOINT_AUTH=basic|digest)")
    if code == 413:
        message += " (the request was too large for the store: push with --method update and a smaller --chunk-size)"
    return message


def late_message(url: str, timeout: float) -> str:
    return f"{shown_url(url)}: the endpoint did not answer within {timeout:g} s (the --timeout deadline)"


def unreachable_message(url: str, err: BaseException, timeout: float) -> str:
    reason = getattr(err, "reason", err)
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return late_message(url, timeout)
    if isinstance(reason, (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected)):
        return (f"{shown_url(url)}: the endpoint closed the connection before answering "
                f"({' '.join(redact(str(reason)).split())})")
    return f"{shown_url(url)}: endpoint unreachable ({' '.join(redact(str(reason)).split())})"


# ---------------------------------------------------------------- one request


class HTTPFailure(Exception):
    """The endpoint answered with an HTTP error status."""

    def __init__(self, code: int, reason: str, body: bytes) -> None:
        super().__init__(code)
        self.code, self.reason, self.body = code, reason, body


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or {"http": 80, "https": 443}.get(scheme)


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follow 307/308 within the origin (scheme, host, port), method and body kept; refuse the rest.

    urllib would follow any redirect to any host with the Authorization header, and turn a POST
    into a GET on 301/302/303, so an update could "succeed" without reaching the store.
    """

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if code in (307, 308) and _origin(newurl) == _origin(req.full_url):
            return urllib.request.Request(newurl, data=req.data, method=req.get_method(),
                                          headers=dict(req.headers))
        fp.close()
        raise EndpointError(f"{shown_url(req.full_url)}: the endpoint redirects (HTTP {code}) to {shown_url(redact(newurl))}; only "
                            "307/308 within the same scheme, host and port are followed, so credentials "
                            "stay where they were given: use the URL it names if you trust it")


class _Deadline:
    """Shuts the request's sockets down when its time is up, however slowly the bytes come."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Self:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        try:  # the plain socket's shutdown, also under TLS: it wakes a thread blocked reading
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
        except OSError:
            pass  # already closed


def _handlers(deadline: _Deadline) -> list[urllib.request.BaseHandler]:
    # urllib lets go of the connection once the headers are in (the response keeps the socket),
    # so the deadline holds the socket itself
    class Plain(http.client.HTTPConnection):
        def connect(self) -> None:
            super().connect()
            deadline.watch(self.sock)

    class Secure(http.client.HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            deadline.watch(self.sock)

    class PlainHandler(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(Plain, req)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(Secure, req, context=self._context)

    return [PlainHandler(), SecureHandler(), _SameOriginRedirects()]


def _challenge(err: urllib.error.HTTPError) -> dict[str, str] | None:
    """The fields of a 401's digest challenge, if it has one."""
    for value in err.headers.get_all("WWW-Authenticate") or []:
        scheme, _, rest = value.strip().partition(" ")
        if scheme.lower() == "digest":
            return urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(rest)))
    return None


def _authenticate(deadline: _Deadline, request: urllib.request.Request,
                  digest: urllib.request.HTTPDigestAuthHandler | None, timeout: float) -> None:
    """Before a body goes out, a HEAD to the same URL learns whether the credentials are accepted.

    A server that refuses the credentials may answer 401 and close the connection before it has
    read the body (Virtuoso does), and the client then sees a broken pipe instead of the 401. So a
    HEAD carries basic credentials; with digest, a first HEAD learns the challenge and a second one
    answers it, and the real request then answers it at once. A 401 to a HEAD that carried the
    credentials is the answer: the body is never sent. Any other status (200, 404, 405, 501 …)
    means the credentials got past authentication.
    """
    opener = urllib.request.build_opener(*_handlers(deadline))  # no digest handler: it would answer itself

    def head(authorization: str | None = None) -> urllib.error.HTTPError | None:
        probe = urllib.request.Request(request.full_url, method="HEAD", headers=dict(request.headers))
        if authorization:
            probe.add_unredirected_header("Authorization", authorization)
        try:
            opener.open(probe, timeout=timeout).close()
        except urllib.error.HTTPError as err:
            err.close()
            return err if err.code == 401 else None
        return None

    def answer(challenge: dict[str, str], req: urllib.request.Request) -> str:
        assert digest is not None
        value = digest.get_authorization(req, challenge)
        if value is None:
            raise HTTPFailure(401, "Unauthorized", b"")
        return f"Digest {value}"

    refused = head()
    if refused is None:
        return  # no credentials needed, or basic ones accepted
    challenge = _challenge(refused) if digest else None
    if challenge is None:
        raise HTTPFailure(401, refused.reason, b"")
    probe = urllib.request.Request(request.full_url, method="HEAD")
    if head(answer(challenge, probe)) is not None:
        raise HTTPFailure(401, refused.reason, b"")
    request.add_unredirected_header("Authorization", answer(challenge, request))


def send(method: str, url: str, data: bytes | None, headers: dict[str, str], timeout: float,
         credentials: Credentials | None) -> Answer:
    """One HTTP request, its answer read whole within `timeout` seconds in all.

    Credentials go only to the origin of `url`; with credentials, a body goes out only once the
    server has accepted them (see `_authenticate`). Raises HTTPFailure for an HTTP error status and
    EndpointError (one line) for a redirect elsewhere, a missed deadline or an unreachable server.
    """
    headers = dict(headers)
    digest: urllib.request.HTTPDigestAuthHandler | None = None
    if credentials and credentials.scheme == "basic":
        token = base64.b64encode(f"{credentials.user}:{credentials.password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    elif credentials:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        parts = urllib.parse.urlsplit(url)  # the origin only: no other server gets an answer
        manager.add_password(None, f"{parts.scheme}://{parts.netloc}/", credentials.user, credentials.password)
        digest = urllib.request.HTTPDigestAuthHandler(manager)
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    late = late_message(url, timeout)
    with _Deadline(timeout) as deadline:
        opener = urllib.request.build_opener(*_handlers(deadline), *([digest] if digest else []))
        try:
            if credentials and data:
                _authenticate(deadline, request, digest, timeout)
            with opener.open(request, timeout=timeout) as response:
                answer = Answer(response.status, response.headers.get("Content-Type", ""), response.read())
        except urllib.error.HTTPError as err:
            try:
                body = err.read() or b""
            except (OSError, http.client.HTTPException):
                body = b""
            if deadline.expired:
                raise EndpointError(late) from None
            raise HTTPFailure(err.code, err.reason, body) from None
        except HTTPFailure:
            if deadline.expired:
                raise EndpointError(late) from None
            raise
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as err:
            if deadline.expired:
                raise EndpointError(late) from None
            raise EndpointError(unreachable_message(url, err, timeout)) from None
        if deadline.expired:  # a body without a length ends quietly when the socket is shut
            raise EndpointError(late)
    return answer


# ---------------------------------------------------------------- the store


class EndpointStore(Store):
    """A remote SPARQL 1.1 endpoint (the SPARQL protocol: a form-encoded POST per query).

    `default_graph` sends `default-graph-uri`, for a graph pushed into a named graph.
    Credentials come from the environment (see `endpoint_credentials`).
    """

    capabilities = frozenset({"query", "remote"})

    def __init__(self, url: str, timeout: float = 30.0, default_graph: str | None = None) -> None:
        refuse_credentials(url)
        self.url = url
        self.name = url
        self.timeout = timeout
        self.default_graph = default_graph

    def _post(self, text: str, accept: str) -> Answer:
        fields = [("query", text)]
        if self.default_graph:
            fields.append(("default-graph-uri", self.default_graph))
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        try:
            return send("POST", self.url, urllib.parse.urlencode(fields).encode("utf-8"), headers,
                        self.timeout, endpoint_credentials())
        except HTTPFailure as err:
            raise EndpointError(http_error_message(self.url, err.code, err.reason, err.body)) from None

    def query(self, text: str, hints: dict[str, Node] | None = None) -> QueryResult:
        from ittifak.core.sparql import query_form

        form = query_form(text)
        if form in ("CONSTRUCT", "DESCRIBE"):
            answer = self._post(text, "application/n-triples, text/turtle;q=0.9")
            fmt = "nt" if "n-triples" in answer.content_type else "turtle"
            g = Graph()
            try:
                g.parse(data=answer.body.decode("utf-8"), format=fmt)
            except Exception:  # noqa: BLE001 -- any parser failure means a bad answer
                raise EndpointError(f"{shown_url(self.url)}: the endpoint did not answer with RDF "
                                    f"(Content-Type {redact(answer.content_type) or 'missing'})") from None
            return QueryResult("graph", triples=list(g))
        answer = self._post(text, "application/sparql-results+json, application/json;q=0.9")
        bad = EndpointError(f"{shown_url(self.url)}: the endpoint did not answer with SPARQL JSON results")
        try:
            data = json.loads(answer.body.decode("utf-8"))
        except ValueError:
            raise bad from None
        if not isinstance(data, dict):
            raise bad
        if "boolean" in data and form != "SELECT":
            return QueryResult("ask", boolean=bool(data["boolean"]))
        if "results" not in data:
            raise bad
        try:  # a store answering garbage in the right shape: a binding that is not {"type", "value"}
            variables = list(data["head"].get("vars", []))
            if not all(isinstance(v, str) for v in variables):
                raise bad
            rows = [
                tuple(_term(b[v]) if v in b else None for v in variables)
                for b in data["results"]["bindings"]
            ]
        except (AttributeError, KeyError, TypeError):
            raise bad from None
        return QueryResult("select", variables=variables, rows=rows)

    def load(self, paths: list[Path]) -> dict[Path, int]:
        raise InputError("a remote endpoint is filled by pushing the graph to it, not by loading files")

    def __len__(self) -> int:
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        try:
            return int(result.rows[0][0])
        except (IndexError, TypeError, ValueError):
            raise EndpointError(f"{shown_url(self.url)}: the endpoint did not answer a count of its triples") from None
