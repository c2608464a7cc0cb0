"""Where the graph lives, chosen by name: `memory`, `oxigraph[:PATH]` or a SPARQL endpoint URL.

Every store answers `query(text)` with the same QueryResult, so commands do not care which one
they run on.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.term import Node

from .errors import EndpointError, InputError
from .load import parse_files
from .paths import project_files


@dataclass
class QueryResult:
    """The answer of a SPARQL query, whichever store gave it."""

    kind: Literal["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None


class Store:
    """The interface every store offers."""

    name = "store"

    def query(self, text: str) -> QueryResult:
        raise NotImplementedError

    def load(self, paths: list[Path]) -> dict[Path, int]:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError


class GraphStore(Store):
    """An rdflib Graph, in memory or on the embedded Oxigraph engine (through oxrdflib)."""

    def __init__(self, graph: Graph, name: str) -> None:
        self.graph = graph
        self.name = name

    def load(self, paths: list[Path]) -> dict[Path, int]:
        return parse_files(self.graph, paths)

    def query(self, text: str) -> QueryResult:
        result = self.graph.query(text)
        if result.type == "ASK":
            return QueryResult("ask", boolean=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            g = Graph()
            for prefix, ns in self.graph.namespaces():
                g.bind(prefix, ns, override=True)
            for triple in result.graph if result.graph is not None else result:
                g.add(triple)
            return QueryResult("graph", graph=g)
        variables = [str(v) for v in result.vars]
        rows = [tuple(row) for row in result]
        return QueryResult("select", variables=variables, rows=rows)

    def __len__(self) -> int:
        return len(self.graph)


def _term(binding: dict) -> Node:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    datatype = binding.get("datatype")
    return RDFLiteral(value, lang=binding.get("xml:lang"), datatype=URIRef(datatype) if datatype else None)


class EndpointStore(Store):
    """A remote SPARQL 1.1 endpoint, reached through SPARQLWrapper.

    Credentials come from the environment (ITTIFAK_ENDPOINT_USER, ITTIFAK_ENDPOINT_PASSWORD,
    ITTIFAK_ENDPOINT_AUTH=basic|digest), never from the command line.
    """

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.url = url
        self.name = url
        self.timeout = timeout

    def _wrapper(self, url: str):
        from SPARQLWrapper import BASIC, DIGEST, SPARQLWrapper

        wrapper = SPARQLWrapper(url)
        wrapper.setTimeout(int(self.timeout))
        user = os.environ.get("ITTIFAK_ENDPOINT_USER")
        if user:
            auth = os.environ.get("ITTIFAK_ENDPOINT_AUTH", "basic").lower()
            wrapper.setHTTPAuth(DIGEST if auth == "digest" else BASIC)
            wrapper.setCredentials(user, os.environ.get("ITTIFAK_ENDPOINT_PASSWORD", ""))
        return wrapper

    def _run(self, wrapper):
        from urllib.error import HTTPError, URLError

        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        try:
            return wrapper.query()
        except HTTPError as err:
            raise EndpointError(f"{self.url}: the endpoint answered HTTP {err.code} {err.reason}") from None
        except URLError as err:
            raise EndpointError(f"{self.url}: endpoint unreachable ({err.reason})") from None
        except SPARQLWrapperException as err:
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise EndpointError(f"{self.url}: the endpoint refused the query: {first}") from None
        except (TimeoutError, OSError) as err:
            raise EndpointError(f"{self.url}: endpoint unreachable ({err})") from None

    def query(self, text: str) -> QueryResult:
        from SPARQLWrapper import JSON, N3, POST

        from .sparql import query_form

        wrapper = self._wrapper(self.url)
        wrapper.setMethod(POST)
        wrapper.setQuery(text)
        form = query_form(text)
        if form in ("CONSTRUCT", "DESCRIBE"):
            wrapper.setReturnFormat(N3)
            wrapper.addCustomHttpHeader("Accept", "application/n-triples, text/turtle;q=0.9")
            response = self._run(wrapper)
            body = response.response.read()
            content_type = response.response.headers.get("Content-Type", "")
            fmt = "nt" if "n-triples" in content_type else "turtle"
            g = Graph()
            g.parse(data=body.decode("utf-8"), format=fmt)
            return QueryResult("graph", graph=g)
        wrapper.setReturnFormat(JSON)
        response = self._run(wrapper)
        try:
            data = json.loads(response.response.read().decode("utf-8"))
        except ValueError:
            raise EndpointError(f"{self.url}: the endpoint did not answer with SPARQL JSON") from None
        if "boolean" in data:
            return QueryResult("ask", boolean=bool(data["boolean"]))
        variables = data["head"].get("vars", [])
        rows = [
            tuple(_term(b[v]) if v in b else None for v in variables)
            for b in data["results"]["bindings"]
        ]
        return QueryResult("select", variables=variables, rows=rows)

    def load(self, paths: list[Path]) -> dict[Path, int]:
        raise InputError("a remote endpoint is loaded with `ittifak push`, not opened as a local store")

    def __len__(self) -> int:
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(result.rows[0][0])


STORE_HELP = "memory (default), oxigraph (in memory), oxigraph:PATH (on disk) or an http(s) SPARQL endpoint URL"


def open_store(spec: str = "memory") -> Store:
    """Open a store by name: memory, oxigraph, oxigraph:PATH or a SPARQL endpoint URL."""
    if spec == "memory":
        return GraphStore(Graph(), "memory")
    if spec == "oxigraph" or spec.startswith("oxigraph:"):
        graph = Graph(store="Oxigraph")
        location = spec.partition(":")[2]
        if location:
            Path(location).mkdir(parents=True, exist_ok=True)
            graph.open(location, create=True)
        return GraphStore(graph, spec)
    if spec.startswith(("http://", "https://")):
        return EndpointStore(spec)
    raise InputError(f"unknown store {spec!r}: use {STORE_HELP}")


def load_project(spec: str = "memory", paths: list[Path] | None = None) -> Store:
    """A store holding the ontology and the curated data (or the given files)."""
    store = open_store(spec)
    if isinstance(store, EndpointStore):
        return store
    store.load(paths if paths is not None else project_files())
    return store
