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
    redact,
    send,
)
from ittifak.store.spec import refuse_credentials

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
    remote_count: int | None = None  # the target graph's count, asked of the store after loading
    notes: list[str] = field(default_factory=list)


def endpoint_urls(url: str, update: str | None = None, gsp: str | None = None) -> Endpoints:
    """The query URL as given, and the update and GSP URLs it implies unless they are given.

    `…/query` (Oxigraph, Fuseki) → `…/update` and `…/store` or `…/data`; `…/sparql` (Virtuoso and
    others) → the same URL for updates and `…/sparql-graph-crud[-auth]` for GSP.
    """
    for given in (url, update, gsp):
        if given:
            refuse_credentials(given)
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


def _split(groups: list[list], size: int) -> list[list[list]]:
    """Groups of triples packed into parts of about `size` triples, never splitting a group."""
    parts: list[list[list]] = []
    current: list[list] = []
    count = 0
    for group in groups:
        if current and count + len(group) > size:
            parts.append(current)
            current, count = [], 0
        current.append(group)
        count += len(group)
    if current:
        parts.append(current)
    return parts


def chunks(graph: Graph, size: int) -> Iterator[list[tuple[Node, Node, Node]]]:
    """Triples in lists of about `size`, never splitting a blank-node group."""
    for part in _split(units(graph), size):
        yield [triple for group in part for triple in group]


def _ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    g = Graph()
    for t in triples:
        g.add(t)
    return g.serialize(format="nt")


def _insert(staging: str, triples: list[tuple[Node, Node, Node]]) -> str:
    """The update that adds `triples` to the staging graph, every term written in full (N-Triples).

    Blank nodes go in an INSERT template with an empty WHERE: each label becomes one fresh node,
    as in INSERT DATA, but Virtuoso refuses blank nodes in INSERT DATA ("not allowed in a constant
    clause") and accepts them in a template.
    """
    body = _ntriples(triples)
    if any(isinstance(term, BNode) for triple in triples for term in triple):
        return f"INSERT {{ GRAPH <{staging}> {{\n{body}}} }} WHERE {{ }}"
    return f"INSERT DATA {{ GRAPH <{staging}> {{\n{body}}} }}"


# a store's words for an update too big to compile or accept (Virtuoso: "SP030: SPARQL compiler,
# line 4992: memory exhausted", "The length of generated SQL text has exceeded 10000 lines")
_TOO_BIG = re.compile(r"memory exhausted|out of memory|too (large|long|big)|exceed", re.IGNORECASE)
MIN_CHUNK = 100


def _too_big_words(err: HTTPFailure) -> str:
    text = " ".join(redact(err.body.decode("utf-8", "replace")).split())
    found = _TOO_BIG.search(text)
    return f"HTTP {err.code}: …{text[max(0, found.start() - 60):found.end() + 30]}…" if found else f"HTTP {err.code}"


def _too_big(err: Exception) -> bool:
    if not isinstance(err, HTTPFailure):
        return False
    return err.code == 413 or (err.code in (400, 500) and bool(_TOO_BIG.search(err.body.decode("utf-8", "replace"))))


# ---------------------------------------------------------------- push


def push_graph(graph: Graph, endpoint: str, graph_iri: str | None = None, *, gsp: str | None = None,
               update: str | None = None, method: str = "auto", chunk_size: int = 5000,
               append: bool = False, timeout: float = 60.0, body: bytes | None = None) -> PushReport:
    """Load `graph` into the store at `endpoint` (its query URL), into `graph_iri` or the default graph.

    `body`: the same triples as N-Triples when the caller's store writes them faster than rdflib.

    Replaces the target graph unless `append`. Raises EndpointError when the store is unreachable,
    refuses, or answers with an HTTP error; the message says what, if anything, was loaded.
    """
    if method not in METHODS:
        raise InputError(f"unknown push method {method!r} (expected one of {', '.join(METHODS)})")
    if chunk_size < 1:
        raise InputError("the chunk size must be at least 1 triple")
    if graph_iri is not None and not _IRIREF.fullmatch(graph_iri):
        # the graph IRI is written into SPARQL Update text (GRAPH <…>): only a strict IRIREF goes
        raise InputError(f"the graph IRI {graph_iri!r} is not an absolute IRI (no spaces or <>\"{{}}|^`\\)")
    urls = endpoint_urls(endpoint, update, gsp)
    credentials = endpoint_credentials()
    target = f"<{graph_iri}>" if graph_iri else "the default graph"
    report: PushReport | None = None
    gsp_refusals: list[str] = []
    if method in ("auto", "gsp"):
        body = body if body is not None else graph.serialize(format="nt", encoding="utf-8")
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
    report.remote_count = _remote_count(urls.query, graph_iri, timeout, report)
    if report.remote_count < len(graph) or (not append and report.remote_count != len(graph)):
        default = ("; a store whose default graph is the union of all its graphs (Virtuoso) needs --graph"
                   if graph_iri is None else "")
        raise EndpointError(
            f"{report.method} sent {len(graph)} triples to {target}, but the store's count of {target} "
            f"is {report.remote_count}{' (after appending)' if append else ''}: the push is not "
            f"confirmed{default}")
    return report


def _push_by_update(graph: Graph, url: str, graph_iri: str | None, target: str, chunk_size: int,
                    append: bool, timeout: float, credentials: Credentials | None,
                    gsp_refusals: list[str]) -> PushReport:
    staging = f"urn:ittifak:staging:{uuid.uuid4()}"
    size = chunk_size
    parts = _split(units(graph), size)
    notes: list[str] = []
    loaded = 0
    why_not_gsp = f" (after {'; '.join(gsp_refusals)})" if gsp_refusals else ""
    number = 0
    while number < len(parts):
        part = [triple for group in parts[number] for triple in group]
        try:
            _update(url, _insert(staging, part), timeout, credentials)
        except (HTTPFailure, EndpointError) as err:
            if _too_big(err) and size > MIN_CHUNK:  # the same triples again, in halves
                size = max(MIN_CHUNK, size // 2)
                parts = parts[:number] + _split([g for p in parts[number:] for g in p], size)
                notes.append(f"the store refused {len(part)} triples in one update ({_too_big_words(err)}); "
                             f"went on in chunks of {size} (--chunk-size {size})")
                continue
            cause = _cause(url, err)
            if _too_big(err):
                cause += f" (even chunks of {size} triples were too big for it)"
            cleanup = _drop(url, staging, timeout, credentials)
            number += 1
            raise EndpointError(
                f"SPARQL Update chunk {number} of {len(parts)} failed{why_not_gsp}: {cause}. "
                f"{loaded} of {len(graph)} triples (chunks 1-{number - 1}) had been loaded into "
                f"the staging graph <{staging}>, {cleanup}; {target} is unchanged"
                if number > 1 else
                f"SPARQL Update chunk 1 of {len(parts)} failed{why_not_gsp}: {cause}. "
                f"Nothing was loaded; {target} is unchanged"
            ) from None
        loaded += len(part)
        number += 1
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
    if gsp_refusals:
        notes.insert(0, f"GSP not available ({'; '.join(gsp_refusals)})")
    return PushReport(url, target, len(graph), "SPARQL Update", chunks=len(parts), notes=notes)


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


def _remote_count(query_url: str, graph_iri: str | None, timeout: float, report: PushReport) -> int:
    """How many triples the target graph holds now, asked at the query endpoint."""
    text = (f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}" if graph_iri
            else "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    sent = f"{report.method} sent {report.triples} triples to {report.target}"
    try:
        rows = EndpointStore(query_url, timeout=timeout).query(text).rows
        return int(rows[0][0])
    except EndpointError as err:
        raise EndpointError(f"{sent}, but counting them failed, so the push is not confirmed: {err}") from None
    except (ValueError, IndexError, TypeError):
        raise EndpointError(f"{sent}, but {query_url} did not answer the count with a number, so the push "
                            "is not confirmed") from None
