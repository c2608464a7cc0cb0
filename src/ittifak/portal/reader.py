"""How the portal reads the graph: the embedded Oxigraph store, or a SPARQL 1.1 store it fronts.

Both readers answer in pyoxigraph terms, so the views do not care where the triples live.
The embedded reader binds parameters with Oxigraph's substitutions; the remote one writes them
into the text as RDF terms with `bind_values` (never pasted) and sends it to the store through
`EndpointStore`, whose credentials go only to that store's origin. A remote resource's own
triples (its description, blank nodes included) come in one CONSTRUCT and are read in a small
local store, because blank-node labels do not survive from one remote query to the next.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from urllib.parse import urlsplit

import pyoxigraph as ox
from rdflib import BNode, URIRef

from ittifak.core.errors import InputError
from ittifak.core.sparql import bind_values
from ittifak.core.terms import to_ox, to_rdflib
from ittifak.store.base import Store
from ittifak.store.spec import refuse_credentials

PAGE = 5000  # rows per remote request: under the caps stores put on answers (Virtuoso: 10,000)

#: A resource's own triples, its blank nodes two levels deep, and what links to it.
DESCRIBE_QUERY = """CONSTRUCT { ?this ?p ?o . ?o ?p2 ?o2 . ?o2 ?p3 ?o3 . ?s ?q ?this }
WHERE {
  { ?this ?p ?o OPTIONAL { FILTER(isBlank(?o)) ?o ?p2 ?o2
      OPTIONAL { FILTER(isBlank(?o2)) ?o2 ?p3 ?o3 } } }
  UNION { ?s ?q ?this FILTER(isIRI(?s)) }
}"""
_EXISTS = "ASK { { ?this ?p ?o } UNION { ?s ?p ?this } }"
_PATTERN = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s ?o"
_OBJECTS = "SELECT ?o WHERE { ?this ?p ?o } ORDER BY ?o"
_IN_SPACE = """SELECT DISTINCT ?t WHERE {
  { ?t ?p ?o } UNION { ?s ?p ?t }
  FILTER(isIRI(?t) && STRSTARTS(STR(?t), ?space) && STR(?t) != ?space)
} ORDER BY ?t"""

def check_backend(url: str) -> None:
    """A backend URL carries no credentials: they would show wherever the URL is written (logs,
    error lines). They come from the environment, as for `ittifak push`."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError("--backend needs the http(s) URL of a SPARQL query endpoint")
    refuse_credentials(url)


def from_remote(term) -> object:
    """A term of a remote answer in pyoxigraph; a blank node keeps a name derived from the store's
    (Virtuoso's `nodeID://b10001` is no valid blank-node label), the same within one answer."""
    if isinstance(term, BNode):
        return ox.BlankNode("b" + hashlib.sha1(str(term).encode()).hexdigest()[:20])
    return to_ox(term)


Row = dict[str, object]  # variable → pyoxigraph term (absent when unbound)


class NativeReader:
    """The embedded pyoxigraph store."""

    remote = False

    def __init__(self, native: ox.Store) -> None:
        self.native = native

    def select(self, text: str, **bound) -> list[Row]:
        subs = {ox.Variable(k): v for k, v in bound.items()}
        result = self.native.query(text, substitutions=subs) if subs else self.native.query(text)
        names = [v.value for v in result.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in result]

    def subjects_objects(self, prop: str) -> Iterator[tuple]:
        for q in self.native.quads_for_pattern(None, ox.NamedNode(prop), None):
            yield q.subject, q.object

    def objects(self, subject: str, prop: str) -> list:
        return [q.object for q in self.native.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(prop), None)]

    def exists(self, iri: str) -> bool:
        node = ox.NamedNode(iri)
        return any(next(iter(self.native.quads_for_pattern(*pattern)), None) is not None
                   for pattern in ((node, None, None), (None, None, node)))

    def iris_in(self, space: str) -> set[str]:
        found = set()
        for q in self.native.quads_for_pattern(None, None, None):
            for term in (q.subject, q.object):
                if isinstance(term, ox.NamedNode) and term.value.startswith(space) and term.value != space:
                    found.add(term.value)
        return found

    def describe(self, iri: str) -> list:
        return list(self.native.query(DESCRIBE_QUERY, substitutions={ox.Variable("this"): ox.NamedNode(iri)}))

    def around(self, iri: str) -> ox.Store:
        """A store that holds everything a resource's page reads of it."""
        return self.native


class RemoteReader:
    """A SPARQL 1.1 store (Oxigraph server, Virtuoso, QLever …) through `EndpointStore`."""

    remote = True

    def __init__(self, store: Store) -> None:
        self.store = store

    def _rows(self, text: str, bound: dict) -> list[Row]:
        result = self.store.query(bind_values(text, {k: [to_rdflib(v)] for k, v in bound.items()}))
        return [{n: from_remote(t) for n, t in zip(result.variables, row) if t is not None} for row in result.rows]

    def _paged(self, text: str, bound: dict) -> Iterator[Row]:
        """Every row of an ordered SELECT, a page at a time."""
        offset = 0
        while True:
            rows = self._rows(f"{text} LIMIT {PAGE} OFFSET {offset}", bound)
            yield from rows
            if len(rows) < PAGE:
                return
            offset += PAGE

    def select(self, text: str, **bound) -> list[Row]:
        return self._rows(text, bound)

    def subjects_objects(self, prop: str) -> Iterator[tuple]:
        for row in self._paged(_PATTERN, {"p": ox.NamedNode(prop)}):
            yield row["s"], row["o"]

    def objects(self, subject: str, prop: str) -> list:
        return [row["o"] for row in self._paged(_OBJECTS, {"this": ox.NamedNode(subject), "p": ox.NamedNode(prop)})]

    def exists(self, iri: str) -> bool:
        return bool(self.store.query(bind_values(_EXISTS, {"this": [URIRef(iri)]})).boolean)

    def iris_in(self, space: str) -> set[str]:
        return {row["t"].value for row in self._paged(_IN_SPACE, {"space": ox.Literal(space)})}

    def describe(self, iri: str) -> list:
        graph = self.store.query(bind_values(DESCRIBE_QUERY, {"this": [URIRef(iri)]})).graph
        return [ox.Triple(from_remote(s), from_remote(p), from_remote(o)) for s, p, o in graph] if graph is not None else []

    def around(self, iri: str) -> ox.Store:
        local = ox.Store()
        local.extend(ox.Quad(t.subject, t.predicate, t.object) for t in self.describe(iri))
        return local
