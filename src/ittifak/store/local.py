"""The two local stores: rdflib's memory store and the embedded Oxigraph engine."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from ittifak.core.errors import InputError
from ittifak.core.load import parse_files
from ittifak.core.terms import Converter
from ittifak.store.base import QueryResult, Store
from ittifak.store.bulkload import bulk_load


def graph_result(result) -> QueryResult:
    """An rdflib query result as a QueryResult."""
    if result.type == "ASK":
        return QueryResult("ask", boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        triples = result.graph if result.graph is not None else result
        return QueryResult("graph", triples=list(dict.fromkeys(tuple(t) for t in triples)))
    return QueryResult("select", variables=[str(v) for v in result.vars], rows=[tuple(row) for row in result])


_DEFAULT_NAMESPACES: dict[str, str] = {}


def default_namespaces() -> dict[str, str]:
    """The prefixes an rdflib Graph binds when made (those the oxrdflib view starts with)."""
    if not _DEFAULT_NAMESPACES:
        _DEFAULT_NAMESPACES.update((p, str(ns)) for p, ns in Graph().namespaces())
    return dict(_DEFAULT_NAMESPACES)


class MemoryStore(Store):
    """rdflib's pure-Python memory store: no dependencies beyond rdflib, slow on big graphs."""

    capabilities = frozenset({"query", "load", "graph"})

    def __init__(self, graph: Graph | None = None) -> None:
        self._graph = graph if graph is not None else Graph()
        self.name = "memory"

    @property
    def graph(self) -> Graph:
        return self._graph

    def load(self, paths: list[Path]) -> dict[Path, int]:
        return parse_files(self._graph, paths)

    def query(self, text: str, hints: dict[str, Node] | None = None) -> QueryResult:
        # rdflib joins a VALUES block with a group eagerly, so its bindings never reach the group's
        # UNION branches; the same values as initBindings do (1000x on actor-centred queries).
        result = self._graph.query(text, initBindings=hints) if hints else self._graph.query(text)
        return graph_result(result)

    def __len__(self) -> int:
        return len(self._graph)


class OxigraphStore(Store):
    """The embedded Oxigraph engine, in memory or on disk (`location`).

    It holds the pyoxigraph Store itself and gives rdflib a view of the same triples through
    oxrdflib (`graph`), so rdflib code runs on it unchanged. Triples live in the default graph:
    an on-disk store is read back by the next run, and the bulk loader fills the same graph.
    """

    capabilities = frozenset({"query", "load", "bulk_load", "graph", "native"})

    def __init__(self, location: Path | None = None, name: str = "oxigraph", *,
                 native: ox.Store | None = None) -> None:
        self.location = location
        if location is not None:
            Path(location).parent.mkdir(parents=True, exist_ok=True)
            self.capabilities = self.capabilities | {"persistent"}
        try:
            self.native = native or (ox.Store(str(location)) if location is not None else ox.Store())
        except OSError as err:
            raise InputError(f"{location}: cannot be opened as an Oxigraph store ({err})") from None
        self._graph: Graph | None = None
        self.name = name

    @property
    def graph(self) -> Graph:
        """rdflib's view of the triples (oxrdflib), made on first use: oxrdflib imports rdflib's
        SPARQL modules, which a command that only loads and queries never needs."""
        if self._graph is None:
            from oxrdflib import OxigraphStore as RdflibView

            self._graph = Graph(store=RdflibView(store=self.native), identifier=DATASET_DEFAULT_GRAPH_ID)
        return self._graph

    def load(self, paths: list[Path]) -> dict[Path, int]:
        """Files Oxigraph parses go to it directly (as oxrdflib's parsers would pass them on);
        JSON-LD goes through rdflib's view."""
        return parse_files(lambda: self.graph, paths, fast=True, count=self.native.__len__, native=self.native)

    def bulk_load(self, paths: list[Path]) -> int:
        """Oxigraph's bulk loader; an on-disk store skips files it already holds unchanged."""
        return bulk_load(self.native, list(paths), self.location)

    def ntriples(self) -> bytes:
        """Written by Oxigraph itself: a million triples in seconds, where rdflib takes minutes."""
        return self.native.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())

    def close(self) -> None:
        """Drop the engine: RocksDB releases its lock on the folder when the last reference goes."""
        import gc

        if self.location is not None:
            self.native.flush()
        self._graph = None  # type: ignore[assignment]
        self.native = None  # type: ignore[assignment]
        gc.collect()

    def query(self, text: str, hints: dict[str, Node] | None = None) -> QueryResult:
        """Run on pyoxigraph directly and convert its terms once: going through rdflib's result
        objects costs more than the query itself on small answers. Oxigraph plans the VALUES join
        itself and gets the text alone; prefixes the graph binds may be used undeclared, as in rdflib."""
        namespaces = dict(self._graph.namespaces()) if self._graph is not None else default_namespaces()
        result = self.native.query(text, prefixes={p: str(ns) for p, ns in namespaces.items()})
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        convert = Converter()
        if isinstance(result, ox.QueryTriples):
            triples = [(convert(t.subject), convert(t.predicate), convert(t.object)) for t in result]
            return QueryResult("graph", triples=list(dict.fromkeys(triples)))
        variables = [v.value for v in result.variables]
        rows = [tuple(map(convert, solution)) for solution in result]
        return QueryResult("select", variables=variables, rows=rows)

    def __len__(self) -> int:
        return len(self.native)
