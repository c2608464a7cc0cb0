"""A remote SPARQL 1.1 endpoint as a store, and the HTTP details every remote call shares:
credentials from the environment, one-line messages for HTTP errors and unreachable servers."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.term import Node

from ittifak.core.errors import EndpointError, InputError
from ittifak.store.base import QueryResult, Store


def _term(binding: dict) -> Node:
    kind, value = binding["type"], binding["value"]
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


def endpoint_credentials() -> Credentials | None:
    """ITTIFAK_ENDPOINT_USER / ITTIFAK_ENDPOINT_PASSWORD / ITTIFAK_ENDPOINT_AUTH (basic|digest)."""
    user = os.environ.get("ITTIFAK_ENDPOINT_USER")
    if not user:
        return None
    scheme = os.environ.get("ITTIFAK_ENDPOINT_AUTH", "basic").strip().lower() or "basic"
    if scheme not in ("basic", "digest"):
        raise InputError(f"ITTIFAK_ENDPOINT_AUTH={scheme!r}: use basic or digest")
    return Credentials(user, os.environ.get("ITTIFAK_ENDPOINT_PASSWORD", ""), scheme)  # type: ignore[arg-type]


_SPARQLWRAPPER_CODES = {"QueryBadFormed": 400, "Unauthorized": 401, "EndPointNotFound": 404,
                        "URITooLong": 414, "EndPointInternalError": 500}
_REASONS = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
            405: "Method Not Allowed", 414: "URI Too Long", 415: "Unsupported Media Type",
            500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
            503: "Service Unavailable", 504: "Gateway Timeout"}


def http_error_message(url: str, code: int, reason: str | None = None, body: bytes | str = b"") -> str:
    """One line saying which endpoint answered which HTTP error, with the server's own words."""
    reason = reason or _REASONS.get(code, "")
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    said = " ".join(text.split())[:300]
    message = f"{url}: the endpoint answered HTTP {code} {reason}".rstrip()
    if said:
        message += f": {said}"
    if code in (401, 403):
        message += (" (credentials come from ITTIFAK_ENDPOINT_USER, ITTIFAK_ENDPOINT_PASSWORD and "
                    "ITTIFAK_ENDPOINT_AUTH=basic|digest)")
    return message


def unreachable_message(url: str, err: BaseException, timeout: float) -> str:
    reason = getattr(err, "reason", err)
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return f"{url}: the endpoint did not answer within {timeout:g} s"
    return f"{url}: endpoint unreachable ({reason})"


class EndpointStore(Store):
    """A remote SPARQL 1.1 endpoint, reached through SPARQLWrapper.

    `default_graph` sends `default-graph-uri`, for a graph pushed into a named graph.
    Credentials come from the environment (see `endpoint_credentials`).
    """

    capabilities = frozenset({"query", "remote"})

    def __init__(self, url: str, timeout: float = 30.0, default_graph: str | None = None) -> None:
        self.url = url
        self.name = url
        self.timeout = timeout
        self.default_graph = default_graph

    def _wrapper(self, url: str):
        from SPARQLWrapper import BASIC, DIGEST, SPARQLWrapper

        wrapper = SPARQLWrapper(url)
        wrapper.setTimeout(max(1, round(self.timeout)))
        credentials = endpoint_credentials()
        if credentials:
            wrapper.setHTTPAuth(DIGEST if credentials.scheme == "digest" else BASIC)
            realm = self._digest_realm() if credentials.scheme == "digest" else "SPARQL"
            wrapper.setCredentials(credentials.user, credentials.password, realm=realm)
        if self.default_graph:
            wrapper.addDefaultGraph(self.default_graph)
        return wrapper

    def _digest_realm(self) -> str:
        """The realm the endpoint's digest challenge names: SPARQLWrapper answers only that realm.

        ITTIFAK_ENDPOINT_REALM saves the look-up; otherwise one unauthenticated request reads the
        challenge (Virtuoso's realm is "SPARQL", SPARQLWrapper's default).
        """
        import re
        import urllib.error
        import urllib.request

        if getattr(self, "_realm", None):
            return self._realm
        realm = os.environ.get("ITTIFAK_ENDPOINT_REALM", "")
        if not realm:
            try:
                # a fresh opener: SPARQLWrapper installs a global one that already answers challenges
                urllib.request.build_opener().open(urllib.request.Request(self.url, method="GET"),
                                                   timeout=self.timeout).close()
            except urllib.error.HTTPError as err:
                found = re.search(r'realm="([^"]*)"', err.headers.get("WWW-Authenticate", ""))
                realm = found.group(1) if found else ""
            except (urllib.error.URLError, OSError):
                pass  # the query itself will report the endpoint unreachable
        self._realm = realm or "SPARQL"
        return self._realm

    def _run(self, wrapper):
        import ast
        from http.client import HTTPException
        from urllib.error import HTTPError, URLError

        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        try:
            return wrapper.query()
        except HTTPError as err:
            raise EndpointError(http_error_message(self.url, err.code, err.reason, _read(err))) from None
        except URLError as err:
            raise EndpointError(unreachable_message(self.url, err, self.timeout)) from None
        except SPARQLWrapperException as err:
            code = _SPARQLWRAPPER_CODES.get(type(err).__name__, 0)
            text = str(err)
            body: bytes | str = b""
            if "Response:\n" in text:
                raw = text.split("Response:\n", 1)[1].strip()
                try:
                    body = ast.literal_eval(raw)
                except (ValueError, SyntaxError):
                    body = raw
            if code:
                raise EndpointError(http_error_message(self.url, code, None, body)) from None
            raise EndpointError(f"{self.url}: the endpoint refused the query: {text.splitlines()[0]}") from None
        except (TimeoutError, OSError, HTTPException) as err:
            raise EndpointError(unreachable_message(self.url, err, self.timeout)) from None

    def query(self, text: str, hints: dict[str, Node] | None = None) -> QueryResult:
        from SPARQLWrapper import JSON, N3, POST

        from ittifak.core.sparql import query_form

        wrapper = self._wrapper(self.url)
        wrapper.setMethod(POST)
        wrapper.setQuery(text)
        form = query_form(text)
        # SPARQLWrapper guesses the form with a regex that can take a word in a comment ("add",
        # "load") for an update keyword; our reading skips comments, strings and IRIs.
        wrapper.queryType = form
        if form in ("CONSTRUCT", "DESCRIBE"):
            wrapper.setReturnFormat(N3)
            wrapper.addCustomHttpHeader("Accept", "application/n-triples, text/turtle;q=0.9")
            response = self._run(wrapper)
            body = self._read_body(response)
            content_type = response.response.headers.get("Content-Type", "")
            fmt = "nt" if "n-triples" in content_type else "turtle"
            g = Graph()
            try:
                g.parse(data=body.decode("utf-8"), format=fmt)
            except Exception:  # noqa: BLE001 -- any parser failure means a bad answer
                raise EndpointError(f"{self.url}: the endpoint did not answer with RDF "
                                    f"(Content-Type {content_type or 'missing'})") from None
            return QueryResult("graph", graph=g)
        wrapper.setReturnFormat(JSON)
        response = self._run(wrapper)
        try:
            data = json.loads(self._read_body(response).decode("utf-8"))
        except ValueError:
            raise EndpointError(f"{self.url}: the endpoint did not answer with SPARQL JSON results") from None
        if "boolean" in data:
            return QueryResult("ask", boolean=bool(data["boolean"]))
        if "results" not in data:
            raise EndpointError(f"{self.url}: the endpoint did not answer with SPARQL JSON results")
        variables = data["head"].get("vars", [])
        rows = [
            tuple(_term(b[v]) if v in b else None for v in variables)
            for b in data["results"]["bindings"]
        ]
        return QueryResult("select", variables=variables, rows=rows)

    def _read_body(self, response) -> bytes:
        try:
            return response.response.read()
        except (TimeoutError, OSError) as err:
            raise EndpointError(unreachable_message(self.url, err, self.timeout)) from None

    def load(self, paths: list[Path]) -> dict[Path, int]:
        raise InputError("a remote endpoint is filled by pushing the graph to it, not by loading files")

    def __len__(self) -> int:
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(result.rows[0][0])


def _read(err) -> bytes:
    try:
        return err.read() or b""
    except Exception:  # noqa: BLE001 -- the body is only a courtesy
        return b""
