"""Loading the graph into a remote triple store, whole or not at all.

First choice is one SPARQL 1.1 Graph Store Protocol request (PUT replaces the target graph, POST
adds to it): the server applies it in one transaction. Where the store has no GSP, the graph goes
through SPARQL Update: INSERT DATA chunks into a fresh staging graph, then one MOVE (or ADD) into
the target. A failed chunk leaves the target untouched; the staging graph is dropped and the error
says exactly how many triples had reached it.
"""

from __future__ import annotations

import re
import urllib.parse
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import BNode, Graph
from rdflib.term import Node

from ittifak.core.errors import EndpointError, InputError
from ittifak.store.endpoint import (
    Credentials,
    EndpointStore,
    HTTPFailure,
    endpoint_credentials,
    http_error_message,
    send,
)

GSP_UNSUPPORTED = {400, 404, 405, 406, 415, 501}
_IRIREF = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]+")
METHODS = ("auto", "gsp", "update")


@dataclass(frozen=True)
class Endpoints:
    """The three URLs a store may offer: query, update and the Graph Store Protocol."""

    query: str
    update: str
    gsp: tuple[str, ...]


@dataclass
class PushReport:
    """What a push did, for the command to print and the tests to check."""

    endpoint: str
    target: str  # the graph IRI, or "default graph"
    triples: int
    method: str  # "GSP PUT", "GSP POST", "SPARQL Update"
    chunks: int = 1
    remote_count: int | None = None
    notes: list[str] = field(default_factory=list)


def endpoint_urls(url: str, update: str | None = None, gsp: str | None = None) -> Endpoints:
    """The query URL as given, and the update and GSP URLs it implies unless they are given.

    `…/query` (Oxigraph, Fuseki) → `…/update` and `…/store` or `…/data`; `…/sparql` (Virtuoso and
    others) → the same URL for updates and `…/sparql-graph-crud[-auth]` for GSP.
    """
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InputError(f"{url!r} is not an http(s) endpoint URL")
    path = parsed.path.rstrip("/")
    base = urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, "", "", ""))
    if path.endswith("/query"):
        stem = base + path[: -len("/query")]
        guessed_update, guessed_gsp = stem + "/update", (stem + "/store", stem + "/data")
    elif path.endswith("/sparql"):
        suffix = "-graph-crud-auth" if endpoint_credentials() else "-graph-crud"
        guessed_update, guessed_gsp = url, (base + path + suffix,)
    else:
        guessed_update, guessed_gsp = url, (url,)
    return Endpoints(query=url, update=update or guessed_update, gsp=(gsp,) if gsp else guessed_gsp)


# ---------------------------------------------------------------- HTTP


def _request(method: str, url: str, data: bytes | None, headers: dict[str, str],
             timeout: float, credentials: Credentials | None) -> int:
    """Send one request; return the status, raise HTTPFailure or EndpointError (unreachable,
    redirected to another origin, or past its deadline)."""
    return send(method, url, data, headers, timeout, credentials).status


def _gsp_url(gsp: str, graph_iri: str | None) -> str:
    query = "default" if graph_iri is None else "graph=" + urllib.parse.quote(graph_iri, safe="")
    return f"{gsp}{'&' if '?' in gsp else '?'}{query}"


def _update(url: str, text: str, timeout: float, credentials: Credentials | None) -> None:
    """One SPARQL Update request (application/sparql-update); raises HTTPFailure on refusal."""
    _request("POST", url, text.encode("utf-8"),
             {"Content-Type": "application/sparql-update; charset=utf-8"}, timeout, credentials)


# ---------------------------------------------------------------- chunks that keep blank nodes whole


def units(graph: Graph) -> list[list[tuple[Node, Node, Node]]]:
    """The triples in groups that must travel together: all triples sharing a blank node.

    INSERT DATA gives each request's blank nodes fresh identities, so a blank node split over two
    requests would become two nodes; keeping each group in one request keeps the graph isomorphic.
    """
    parent: dict[BNode, BNode] = {}

    def find(node: BNode) -> BNode:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    triples = list(graph)
    for s, _, o in triples:
        if isinstance(s, BNode) and isinstance(o, BNode):
            parent[find(s)] = find(o)
    grouped: dict[BNode, list] = {}
    singles: list[list] = []
    for triple in triples:
        s, _, o = triple
        node = s if isinstance(s, BNode) else o if isinstance(o, BNode) else None
        if node is None:
            singles.append([triple])
        else:
            grouped.setdefault(find(node), []).append(triple)
    return singles + list(grouped.values())


def chunks(graph: Graph, size: int) -> Iterator[list[tuple[Node, Node, Node]]]:
    """Triples in lists of about `size`, never splitting a blank-node group."""
    current: list = []
    for unit in units(graph):
        if current and len(current) + len(unit) > size:
            yield current
            current = []
        current.extend(unit)
    if current:
        yield current


def _ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    g = Graph()
    for t in triples:
        g.add(t)
    return g.serialize(format="nt")


# ---------------------------------------------------------------- push


def push_graph(graph: Graph, endpoint: str, graph_iri: str | None = None, *, gsp: str | None = None,
               update: str | None = None, method: str = "auto", chunk_size: int = 5000,
               append: bool = False, timeout: float = 60.0) -> PushReport:
    """Load `graph` into the store at `endpoint` (its query URL), into `graph_iri` or the default graph.

    Replaces the target graph unless `append`. Raises EndpointError when the store is unreachable,
    refuses, or answers with an HTTP error; the message says what, if anything, was loaded.
    """
    if method not in METHODS:
        raise InputError(f"unknown push method {method!r} (expected one of {', '.join(METHODS)})")
    if chunk_size < 1:
        raise InputError("--chunk-size must be at least 1")
    if graph_iri is not None and not _IRIREF.fullmatch(graph_iri):
        # the graph IRI is written into SPARQL Update text (GRAPH <…>): only a strict IRIREF goes
        raise InputError(f"--graph {graph_iri!r} is not an absolute IRI (no spaces or <>\"{{}}|^`\\)")
    urls = endpoint_urls(endpoint, update, gsp)
    credentials = endpoint_credentials()
    target = f"<{graph_iri}>" if graph_iri else "the default graph"
    report: PushReport | None = None
    gsp_refusals: list[str] = []
    if method in ("auto", "gsp"):
        body = graph.serialize(format="nt").encode("utf-8")
        verb = "POST" if append else "PUT"
        for gsp_url in urls.gsp:
            try:
                _request(verb, _gsp_url(gsp_url, graph_iri), body,
                         {"Content-Type": "application/n-triples"}, timeout, credentials)
            except HTTPFailure as err:
                message = http_error_message(gsp_url, err.code, err.reason, err.body)
                if method == "gsp" or err.code not in GSP_UNSUPPORTED:
                    raise EndpointError(f"GSP {verb} refused, nothing loaded: {message}") from None
                gsp_refusals.append(f"GSP {verb} {gsp_url}: HTTP {err.code}")
                continue
            report = PushReport(endpoint, target, len(graph), f"GSP {verb}")
            break
    if report is None:
        report = _push_by_update(graph, urls.update, graph_iri, target, chunk_size, append, timeout,
                                 credentials, gsp_refusals)
        report.endpoint = endpoint
    report.remote_count = _remote_count(urls.query, graph_iri, timeout)
    return report


def _push_by_update(graph: Graph, url: str, graph_iri: str | None, target: str, chunk_size: int,
                    append: bool, timeout: float, credentials: Credentials | None,
                    gsp_refusals: list[str]) -> PushReport:
    staging = f"urn:ittifak:staging:{uuid.uuid4()}"
    parts = list(chunks(graph, chunk_size))
    loaded = 0
    why_not_gsp = f" (after {'; '.join(gsp_refusals)})" if gsp_refusals else ""
    for number, part in enumerate(parts, 1):
        text = f"INSERT DATA {{ GRAPH <{staging}> {{\n{_ntriples(part)}}} }}"
        try:
            _update(url, text, timeout, credentials)
        except (HTTPFailure, EndpointError) as err:
            cause = _cause(url, err)
            cleanup = _drop(url, staging, timeout, credentials)
            raise EndpointError(
                f"SPARQL Update chunk {number} of {len(parts)} failed{why_not_gsp}: {cause}. "
                f"{loaded} of {len(graph)} triples (chunks 1-{number - 1}) had been loaded into "
                f"the staging graph <{staging}>, {cleanup}; {target} is unchanged"
                if number > 1 else
                f"SPARQL Update chunk 1 of {len(parts)} failed{why_not_gsp}: {cause}. "
                f"Nothing was loaded; {target} is unchanged"
            ) from None
        loaded += len(part)
    into = f"GRAPH <{graph_iri}>" if graph_iri else "DEFAULT"
    final = (f"ADD GRAPH <{staging}> TO {into} ; DROP GRAPH <{staging}>" if append
             else f"MOVE GRAPH <{staging}> TO {into}")
    try:
        _update(url, final, timeout, credentials)
    except (HTTPFailure, EndpointError) as err:
        cause = _cause(url, err)
        cleanup = _drop(url, staging, timeout, credentials)
        raise EndpointError(
            f"all {len(parts)} chunks ({loaded} triples) reached the staging graph <{staging}> but "
            f"moving them into {target} failed: {cause}. The staging graph {cleanup}; "
            f"{target} is unchanged") from None
    return PushReport(url, target, len(graph), "SPARQL Update", chunks=len(parts),
                      notes=[f"GSP not available ({'; '.join(gsp_refusals)})"] if gsp_refusals else [])


def _cause(url: str, err: Exception) -> str:
    """What went wrong in one update request, in the endpoint's own words where it gave any."""
    if isinstance(err, HTTPFailure):
        return http_error_message(url, err.code, err.reason, err.body)
    return str(err)


def _drop(url: str, staging: str, timeout: float, credentials: Credentials | None) -> str:
    try:
        _update(url, f"DROP SILENT GRAPH <{staging}>", timeout, credentials)
    except (HTTPFailure, EndpointError):
        return f"which could not be dropped (remove it with DROP GRAPH <{staging}>)"
    return "which was dropped"


def _remote_count(query_url: str, graph_iri: str | None, timeout: float) -> int | None:
    """How many triples the target graph holds now, if the query endpoint answers."""
    text = (f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}" if graph_iri
            else "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    try:
        rows = EndpointStore(query_url, timeout=timeout).query(text).rows
        return int(rows[0][0]) if rows and rows[0][0] is not None else None
    except (EndpointError, ValueError, IndexError):
        return None
