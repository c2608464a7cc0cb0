"""Validating only the part of a graph a mutation touched, in every SHACL engine alike.

A full validation of the project graph takes seconds; the mutation suite runs one per rule. So
each mutated graph is validated on the resources around the change only: the shapes' targets are
rewritten to `sh:targetNode` lists of those resources (standard SHACL, so pySHACL and pyrudof see
exactly the same focus nodes), while every rule still reads the whole graph. Blank nodes are
skolemised first: `sh:targetNode` in a shapes graph can only name data nodes that are IRIs.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, RDFS, BNode, Graph, Namespace, URIRef
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

SH = Namespace("http://www.w3.org/ns/shacl#")
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
SKOLEM = "/.well-known/genid/"


class RecordingMemory(Memory):
    """rdflib's memory store, noting every triple really added or removed since `start()`."""

    def start(self) -> None:
        self.added: set = set()
        self.removed: set = set()

    def add(self, triple, context, quoted=False):
        if hasattr(self, "added") and not any(True for _ in self.triples(triple, None)):
            if triple in self.removed:
                self.removed.discard(triple)
            else:
                self.added.add(triple)
        super().add(triple, context, quoted)

    def remove(self, triple_pattern, context=None):
        if hasattr(self, "added"):
            for triple, _ in list(self.triples(triple_pattern, None)):
                if triple in self.added:
                    self.added.discard(triple)
                else:
                    self.removed.add(triple)
        super().remove(triple_pattern, context)


def skolemised(graph: Graph) -> Graph:
    """A copy with every blank node replaced by a skolem IRI (…/.well-known/genid/…), kept in a
    store that records changes (see apply_update)."""
    copy = Graph(store=RecordingMemory())
    for prefix, ns in graph.namespaces():
        copy.bind(prefix, ns)
    copy += graph.skolemize()
    return copy


def is_skolem(node: Node) -> bool:
    return isinstance(node, URIRef) and SKOLEM in str(node)


def apply_update(graph: Graph, update: str) -> tuple[set, set]:
    """Run a SPARQL Update on `graph` (made by `skolemised`) in place; return (added, removed)."""
    store = graph.store
    store.start()
    try:
        graph.update(update)
        return set(store.added), set(store.removed)
    finally:
        del store.added, store.removed


def revert(graph: Graph, added: set, removed: set) -> None:
    for triple in added:
        graph.remove(triple)
    for triple in removed:
        graph.add(triple)


def neighbourhood(graph: Graph, changed: Iterable[Node], touched: Iterable[Node]) -> set[Node]:
    """Where a change can show: the resources it touched, the resources linking to those whose
    own statements changed, and the skolemised nodes (amounts, names in time) they hold."""
    found = {n for n in touched if isinstance(n, URIRef)}
    for node in {n for n in changed if isinstance(n, URIRef)}:
        found.add(node)
        found.update(s for s in graph.subjects(None, node) if isinstance(s, URIRef))
    todo = list(found)
    while todo:  # amounts, appellations, provisions: held (recursively) by a resource in the set
        node = todo.pop()
        for child in graph.objects(node, None):
            if is_skolem(child) and child not in found:
                found.add(child)
                todo.append(child)
    return found


def focused_shapes(shapes: Graph, data: Graph, nodes: set[Node]) -> Graph:
    """The shapes that target some of `nodes`, targeting those nodes only (sh:targetNode).

    Shapes that target none of them are left out, with everything they alone use (property
    shapes, lists, SPARQL constraints), so that engines have fewer shapes to read.
    """
    focused = Graph()
    for prefix, ns in shapes.namespaces():
        focused.bind(prefix, ns)
    targeted = _targets(shapes, data, nodes)
    todo, seen = list(targeted), set(targeted)
    while todo:
        node = todo.pop()
        for _, p, o in shapes.triples((node, None, None)):
            if p in TARGETS:
                continue
            focused.add((node, p, o))
            if o not in seen and (isinstance(o, BNode) or (o, None, None) in shapes):
                seen.add(o)
                todo.append(o)
    for shape, focus in targeted.items():
        for node in focus:
            focused.add((shape, SH.targetNode, node))
    return focused


def _targets(shapes: Graph, data: Graph, nodes: set[Node]) -> dict[Node, set[Node]]:
    """shape → the nodes of `nodes` it targets in `data`."""
    found: dict[Node, set[Node]] = {}
    types = {n: _classes(data, n) for n in nodes}
    outgoing = {n: set(data.predicates(n, None)) for n in nodes}
    incoming = {n: set(data.predicates(None, n)) for n in nodes}
    for shape in {s for p in TARGETS for s in shapes.subjects(p, None)}:
        classes = set(shapes.objects(shape, SH.targetClass))
        subjects_of = set(shapes.objects(shape, SH.targetSubjectsOf))
        objects_of = set(shapes.objects(shape, SH.targetObjectsOf))
        explicit = set(shapes.objects(shape, SH.targetNode))
        for node in nodes:
            if (node in explicit or types[node] & classes or outgoing[node] & subjects_of
                    or incoming[node] & objects_of):
                found.setdefault(shape, set()).add(node)
    return found


def _classes(data: Graph, node: Node) -> set[Node]:
    """The node's types and all their superclasses (SHACL's class-based targets)."""
    found: set[Node] = set()
    todo = list(data.objects(node, RDF.type))
    while todo:
        cls = todo.pop()
        if cls in found:
            continue
        found.add(cls)
        todo.extend(data.objects(cls, RDFS.subClassOf))
    return found


def blank(node: Node) -> bool:
    return isinstance(node, BNode) or is_skolem(node)
