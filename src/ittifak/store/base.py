"""The interface every store offers, and the answer every query gets.

Stores declare what they can do in `capabilities` — callers ask, they never sniff types:

- `query`: answers SPARQL queries (every store);
- `load`: reads RDF files (errors name file and line);
- `bulk_load`: Oxigraph's bulk loader for big files;
- `graph`: holds an rdflib Graph of its triples (`.graph`), for serialising, pushing and SHACL;
- `native`: holds its triples in a pyoxigraph Store (`.native`, default graph), which the
  set-at-a-time SHACL engine and fast readers use directly;
- `persistent`: keeps its triples on disk between runs;
- `remote`: a SPARQL endpoint on a server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from rdflib import Graph
from rdflib.term import Node

from ittifak.core.errors import InputError


@dataclass
class QueryResult:
    """The answer of a SPARQL query, whichever store gave it."""

    kind: Literal["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] | None = None  # a CONSTRUCT or DESCRIBE answer

    @property
    def graph(self) -> Graph | None:
        """The triples as an rdflib Graph, made when asked for: most callers only read the triples,
        and putting them into a Graph costs more than the query (tests/test_query_answers.py)."""
        if self.triples is None:
            return None
        if "_graph" not in self.__dict__:
            self._graph = Graph()
            for triple in self.triples:
                self._graph.add(triple)
        return self._graph


class Store:
    """The interface every store offers."""

    name = "store"
    capabilities: frozenset[str] = frozenset({"query"})

    def can(self, capability: str) -> bool:
        return capability in self.capabilities

    @property
    def cache(self) -> dict:
        """What callers derive from the store's triples and keep while it lives (a label index)."""
        if "_cache" not in self.__dict__:
            self._cache: dict = {}
        return self._cache

    def query(self, text: str, hints: dict[str, Node] | None = None) -> QueryResult:
        """Answer a SPARQL query. `hints` repeats single values the text already binds (written in
        place of their variable, see ittifak.core.sparql.bind_values), for engines that evaluate
        faster when told."""
        raise NotImplementedError

    def load(self, paths: list[Path]) -> dict[Path, int]:
        """Parse RDF files into the store; a bad file is an InputError naming file and line."""
        raise InputError(f"the store {self.name} cannot load files")

    def bulk_load(self, paths: list[Path]) -> int:
        """Load big files fast; stores without a bulk loader parse them like `load`."""
        return sum(self.load(paths).values())

    def close(self) -> None:
        """Release the store (an on-disk Oxigraph store can then be opened again)."""

    def ntriples(self) -> bytes:
        """Every triple as N-Triples, for pushing to another store."""
        return self.graph.serialize(format="nt", encoding="utf-8")

    @property
    def graph(self) -> Graph:
        raise InputError(f"the store {self.name} holds no local graph: use a local store (memory or oxigraph)")

    def __len__(self) -> int:
        raise NotImplementedError
