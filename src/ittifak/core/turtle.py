"""Deterministic Turtle, TriG and N-Triples text from a sorted list of triples.

Our own writer, because the release writes a dozen serialisations on every build and rdflib's
Turtle writer spent a second on them; `ittifak query` prints CONSTRUCT answers with it too. It writes what a reader of the Turtle expects: subjects in
order with their predicates grouped, `a` for rdf:type, prefixed names where a prefix covers an IRI
and the rest is a plain name, a blank node used once written in place as ``[ … ]`` and a
well-formed RDF list as ``( … )``. Every other term is written in its N-Triples form, which is
also Turtle, so escaping is N-Triples' own. tests/test_export.py reads every file back with
rdflib, Oxigraph and Jena's strict parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

Triple = tuple[Node, Node, Node]

INDENT = "    "
_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\Z")  # a safe subset of PN_LOCAL
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r\x00-\x1f\x7f]')
_BARE = {str(XSD.integer): re.compile(r"[+-]?[0-9]+\Z"), str(XSD.boolean): re.compile(r"true|false\Z"),
         str(XSD.decimal): re.compile(r"[+-]?[0-9]*\.[0-9]+\Z")}
_FIRST, _REST, _NIL, _TYPE = RDF.first, RDF.rest, RDF.nil, RDF.type
_XSD_STRING = str(XSD.string)


def _escape(text: str) -> str:
    if not _NEEDS_ESCAPE.search(text):
        return text
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


def nt_term(term: Node) -> str:
    """A term in N-Triples."""
    if isinstance(term, Literal):
        text = f'"{_escape(str(term))}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


def ntriples(triples: Iterable[Triple]) -> str:
    """N-Triples, one line per triple, lines sorted."""
    return "".join(sorted(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in triples))


class _Names:
    """IRIs as prefixed names where a prefix covers them, remembering the prefixes used."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        # the longest namespace first, so that id:agreement/ is not shadowed by id:
        self.spaces = sorted(((ns, p) for p, ns in prefixes.items()), key=lambda x: (-len(x[0]), x[1]))
        self.used: dict[str, str] = {}
        self.cache: dict[str, str] = {}

    def iri(self, value: str) -> str:
        found = self.cache.get(value)
        if found is None:
            found = f"<{value}>"
            for ns, prefix in self.spaces:
                if value.startswith(ns) and _LOCAL.match(value, len(ns)):
                    found = f"{prefix}:{value[len(ns):]}"
                    self.used[prefix] = ns
                    break
            self.cache[value] = found
        return found

    def term(self, term: Node) -> str:
        if isinstance(term, URIRef):
            return self.iri(str(term))
        if isinstance(term, Literal) and term.datatype is not None and not term.language:
            datatype = str(term.datatype)
            bare = _BARE.get(datatype)
            if bare is not None and bare.match(str(term)):
                return str(term)
            if datatype != _XSD_STRING:
                return f'"{_escape(str(term))}"^^{self.iri(datatype)}'
        return nt_term(term)

    def header(self) -> list[str]:
        return [f"@prefix {p}: <{ns}> ." for p, ns in sorted(self.used.items())]


class _Body:
    """The statements of one graph, blank nodes nested where they are used once."""

    def __init__(self, triples: Sequence[Triple], names: _Names) -> None:
        self.names = names
        self.by_subject: dict[Node, list[tuple[Node, Node]]] = {}
        uses: dict[BNode, int] = {}
        parent: dict[BNode, Node] = {}
        for s, p, o in triples:
            self.by_subject.setdefault(s, []).append((p, o))
            if isinstance(o, BNode):
                uses[o] = uses.get(o, 0) + 1
                parent[o] = s
        once = {b for b, n in uses.items() if n == 1}
        self.nested: set[BNode] = set()
        for b in once:  # nested only if the chain of parents ends at a written subject, not in a cycle
            seen, node = {b}, parent[b]
            while node in once and node not in seen:
                seen.add(node)
                node = parent[node]
            if node not in once:
                self.nested.add(b)
        self.lists = {b for b in self.nested if self._list_items(b) is not None}

    def _list_items(self, node: Node) -> list[Node] | None:
        """The items of the well-formed list starting at `node` (each cell a blank node used once,
        with one rdf:first and one rdf:rest), or None."""
        items: list[Node] = []
        seen: set[Node] = set()
        while node != _NIL:
            if not isinstance(node, BNode) or node not in self.nested or node in seen:
                return None
            seen.add(node)
            props = self.by_subject.get(node, [])
            if len(props) != 2 or {p for p, _ in props} != {_FIRST, _REST}:
                return None
            items.append(next(o for p, o in props if p == _FIRST))
            node = next(o for p, o in props if p == _REST)
        return items

    def obj(self, term: Node, depth: int) -> str:
        """An object of a predicate written at `depth`."""
        if isinstance(term, BNode) and term in self.nested:
            if term in self.lists:
                return "( " + " ".join(self.obj(item, depth + 1) for item in self._list_items(term)) + " )"
            inner = self.predicates(term, depth + 1)
            return "[\n" + inner + "\n" + INDENT * depth + "]" if inner else "[ ]"
        return self.names.term(term)

    def predicates(self, subject: Node, depth: int) -> str:
        pad = INDENT * depth
        grouped: dict[Node, list[Node]] = {}
        for p, o in self.by_subject.get(subject, []):
            grouped.setdefault(p, []).append(o)
        lines = []
        for p in sorted(grouped, key=lambda p: (p != _TYPE, str(p))):
            verb = "a" if p == _TYPE else self.names.term(p)
            objects = [self.obj(o, depth) for o in grouped[p]]
            lines.append(f"{pad}{verb} " + (" ,\n" + pad + INDENT).join(objects))
        return " ;\n".join(lines)

    def statements(self) -> list[str]:
        """One block per written subject: IRIs in order, then blank nodes not nested anywhere."""
        subjects = sorted((s for s in self.by_subject if not (isinstance(s, BNode) and s in self.nested)),
                          key=lambda s: (isinstance(s, BNode), str(s)))
        blocks = []
        for s in subjects:
            head = self.names.term(s) if not isinstance(s, BNode) else f"_:{s}"
            blocks.append(f"{head} {self.predicates(s, 1).lstrip()} .")
        return blocks


def turtle(triples: Sequence[Triple], prefixes: dict[str, str]) -> str:
    """Turtle of `triples` (sorted, blank nodes already labelled) with the prefixes it uses."""
    names = _Names(prefixes)
    blocks = _Body(triples, names).statements()
    return "\n".join(names.header()) + "\n\n" + "\n\n".join(blocks) + "\n"


def trig(graphs: Sequence[tuple[str | None, Sequence[Triple]]], prefixes: dict[str, str]) -> str:
    """TriG of (graph name or None for the default graph, triples) blocks in the order given."""
    names = _Names(prefixes)
    out = []
    for name, triples in graphs:
        body = "\n\n".join(_Body(triples, names).statements())
        inner = "\n".join(INDENT + line if line else "" for line in body.splitlines())
        out.append((f"<{name}> {{" if name else "{") + "\n" + inner + "\n}")
    return "\n".join(names.header()) + "\n\n" + "\n\n".join(out) + "\n"
