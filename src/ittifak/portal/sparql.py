"""The read-only SPARQL 1.1 Protocol endpoint: run a query with a deadline and a row cap.

Queries run on the embedded Oxigraph store, in worker processes (`QueryWorkers`) so that a query
past the timeout is really stopped; in front of a remote store (`ittifak serve --backend URL`) they
are forwarded to it with the same deadline (`Forwarder`). Updates are refused (they are not queries), and so is SERVICE,
which would make the server fetch from the network. Results past `ROW_CAP` rows (or triples) are
cut and the response says so in its headers.
"""

from __future__ import annotations

import os
import pickle
import queue
import select
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Variable
from rdflib.query import Result

from ittifak.core.sparql import query_form, uses_service
from ittifak.core.terms import to_rdflib
from ittifak.portal.conneg import negotiate
from ittifak.query.results import to_csv, to_json, to_tsv
from ittifak.store.base import QueryResult

ROW_CAP = 10_000
TIMEOUT = 10.0  # seconds

RESULT_TYPES = {  # media type → serializer of SELECT and ASK results
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
}
_WRITERS = {"json": to_json, "csv": to_csv, "tsv": to_tsv}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


class ProtocolError(Exception):
    """A request the endpoint refuses, with its HTTP status and a one-line reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class QueryTimeout(ProtocolError):
    def __init__(self, seconds: float) -> None:
        super().__init__(503, f"the query ran longer than {seconds:g} s and was stopped")


@dataclass
class Answer:
    body: bytes
    media_type: str
    truncated: bool = False


def check(text: str) -> str:
    """The query form, or a ProtocolError for what this endpoint does not run."""
    if not text.strip():
        raise ProtocolError(400, "the query is empty")
    if uses_service(text):
        raise ProtocolError(403, "SERVICE (federated query) is not allowed on this endpoint")
    return query_form(text)


def offers(form: str) -> list[str]:
    return list(RESULT_TYPES) if form in ("SELECT", "ASK") else list(GRAPH_TYPES)


def choose(form: str, accept: str | None) -> str:
    chosen = negotiate(accept, offers(form))
    if chosen is None:
        raise ProtocolError(406, f"no acceptable result format; this query gives {', '.join(offers(form))}")
    return chosen


def _results(result: QueryResult, media_type: str) -> bytes:
    name = RESULT_TYPES[media_type]
    if name in _WRITERS:
        return _WRITERS[name](result).encode("utf-8")
    answer = Result("ASK" if result.kind == "ask" else "SELECT")
    if result.kind == "ask":
        answer.askAnswer = bool(result.boolean)
    else:
        answer.vars = [Variable(v) for v in result.variables]
        answer.bindings = [{Variable(v): t for v, t in zip(result.variables, row) if t is not None}
                           for row in result.rows]
    body = answer.serialize(format="xml", encoding="utf-8")
    return body if isinstance(body, bytes) else body.encode("utf-8")


def evaluate(store: ox.Store, text: str, media_type: str, *, timeout: float = TIMEOUT,
             cap: int = ROW_CAP, prefixes: dict[str, str] | None = None) -> Answer:
    """Run the query and serialise its answer; stops at the deadline or after `cap` rows."""
    deadline = time.monotonic() + timeout
    try:
        result = store.query(text)
    except SyntaxError as err:
        first = str(err).splitlines()[0] if str(err) else "syntax error"
        raise ProtocolError(400, f"not a SPARQL query: {first}") from None
    except OSError as err:
        raise ProtocolError(400, f"the query cannot be run: {err}") from None
    if time.monotonic() > deadline:
        raise QueryTimeout(timeout)
    if isinstance(result, ox.QueryBoolean):
        return Answer(_results(QueryResult("ask", boolean=bool(result)), media_type), media_type)
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows, truncated = [], False
        for solution in result:
            if time.monotonic() > deadline:
                raise QueryTimeout(timeout)
            if len(rows) == cap:
                truncated = True
                break
            rows.append(tuple((to_rdflib(solution[v]) if solution[v] is not None else None) for v in variables))
        answer = QueryResult("select", variables, rows)
        return Answer(_results(answer, media_type), media_type, truncated)
    triples, truncated = [], False
    for triple in result:
        if time.monotonic() > deadline:
            raise QueryTimeout(timeout)
        if len(triples) == cap:
            truncated = True
            break
        triples.append(triple)
    fmt = GRAPH_TYPES[media_type]
    body = ox.serialize(triples, format=fmt, prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None)
    return Answer(body, media_type, truncated)


class Forwarder:
    """/sparql in front of a remote store: the query, already checked (read-only, no SERVICE), is
    sent on through `EndpointStore` with the portal's deadline, and the answer is cut at the cap.

    The store's own words reach the client without its address or any credential.
    """

    def __init__(self, url: str, timeout: float = TIMEOUT, graph: str | None = None) -> None:
        from ittifak.store.endpoint import EndpointStore

        self.url, self.timeout = url, timeout
        self.store = EndpointStore(url, timeout=timeout, default_graph=graph)

    def run(self, text: str, media_type: str, *, timeout: float = TIMEOUT, cap: int = ROW_CAP,
            prefixes: dict[str, str] | None = None) -> Answer:
        from ittifak.core.errors import EndpointError
        from ittifak.portal.reader import from_remote

        try:
            result = self.store.query(text)
        except EndpointError as err:
            said = str(err).replace(self.url, "the store behind this portal", 1)
            if "did not answer within" in said:
                raise QueryTimeout(timeout) from None
            raise ProtocolError(400 if "HTTP 400" in said else 502, said) from None
        if result.kind == "ask":
            return Answer(_results(result, media_type), media_type)
        if result.kind == "select":
            truncated = len(result.rows) > cap
            cut = QueryResult("select", result.variables, result.rows[:cap])
            return Answer(_results(cut, media_type), media_type, truncated)
        triples = [ox.Triple(from_remote(s), from_remote(p), from_remote(o)) for s, p, o in result.triples or []]
        fmt = GRAPH_TYPES[media_type]
        body = ox.serialize(triples[:cap], format=fmt, prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None)
        return Answer(body, media_type, len(triples) > cap)

    def close(self) -> None:
        """Nothing to stop: each query is one request."""


# ---------------------------------------------------------------- worker processes


@dataclass
class _Worker:
    process: subprocess.Popen
    ready: bool = False


class QueryWorkers:
    """Processes (`python -m ittifak.portal.worker`) that answer /sparql, each with its own copy
    of the graph, sent to it as N-Quads when it starts.

    A query that runs past the timeout is stopped for real: its process is killed and replaced,
    so no abandoned evaluation keeps a core busy. At most `size` queries run at once; others wait.
    The workers are started by module name, not by multiprocessing, so they never re-run the
    program that started them.
    """

    def __init__(self, store: ox.Store, size: int = 2) -> None:
        self.dump = store.dump(format=ox.RdfFormat.N_QUADS)
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.workers: list[_Worker] = []
        self.closed = False
        package_root = str(Path(__file__).resolve().parents[2])
        self.env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)}
        for _ in range(size):
            self.idle.put(self._start())

    def _start(self) -> _Worker:
        process = subprocess.Popen([sys.executable, "-m", "ittifak.portal.worker"], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, env=self.env)
        pickle.dump(self.dump, process.stdin)
        process.stdin.flush()
        worker = _Worker(process)
        self.workers.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.wait(5)
        self.workers.remove(worker)
        if not self.closed:
            self.idle.put(self._start())

    @staticmethod
    def _receive(worker: _Worker, seconds: float):
        """The worker's next message, or None when none came in time."""
        ready, _, _ = select.select([worker.process.stdout], [], [], seconds)
        return pickle.load(worker.process.stdout) if ready else None

    def run(self, text: str, media_type: str, *, timeout: float = TIMEOUT, cap: int = ROW_CAP,
            prefixes: dict[str, str] | None = None, start_timeout: float = 120.0) -> Answer:
        worker = self.idle.get()
        try:
            if not worker.ready:
                if self._receive(worker, start_timeout) != "ready":
                    raise OSError("the worker did not start")
                worker.ready = True
            pickle.dump((text, media_type, timeout, cap, prefixes), worker.process.stdin)
            worker.process.stdin.flush()
            reply = self._receive(worker, timeout + 0.5)  # the worker checks the deadline itself too
            if reply is None:
                self._replace(worker)
                raise QueryTimeout(timeout)
        except (EOFError, OSError, pickle.UnpicklingError):
            self._replace(worker)
            raise ProtocolError(500, "the query engine stopped; it has been restarted") from None
        self.idle.put(worker)
        kind, payload = reply
        if kind == "error":
            raise ProtocolError(*payload)
        return payload

    def close(self) -> None:
        self.closed = True
        for worker in list(self.workers):
            worker.process.kill()
            worker.process.wait(5)
        self.workers.clear()
