"""SHACL validation set-at-a-time on the embedded Oxigraph store, for graphs of millions of triples.

pySHACL checks one focus node at a time and runs each SPARQL-based rule once per node: on 10k
triples of our shapes that takes minutes, on a million hours. This engine gives the same report
(standard SHACL semantics, the same focus nodes, paths, values, shapes, components and severities)
by working on whole sets: each target is one SPARQL query, each property path one scan of its
predicate, each SPARQL-based rule one query for all focus nodes (``$this`` left unbound, the rows
then kept for the shape's focus nodes). Value checks run in Python on those sets.

It covers the SHACL Core and SHACL-SPARQL features our shapes use (`SUPPORTED`); a shapes graph
that needs anything else is refused with the feature named, never silently half-checked.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from ittifak.core.errors import InputError

__all__ = ["InputError", "Validator", "report_graph", "validate_graph", "validate_oxigraph"]

RDF_TYPE = ox.NamedNode(str(RDF.type))
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

PARAMETERS = {  # constraint parameters this engine evaluates
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minInclusive", "minExclusive",
    "maxInclusive", "maxExclusive", "pattern", "flags", "languageIn", "uniqueLang", "in", "hasValue",
    "or", "not", "node", "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount",
    "lessThanOrEquals", "sparql", "property",
}
OTHER = {  # shape keys that carry no constraint (or are read elsewhere)
    "path", "message", "severity", "deactivated", "targetClass", "targetSubjectsOf",
    "targetObjectsOf", "targetNode", "name", "description", "order", "group", "defaultValue",
    "prefixes", "declare", "prefix", "namespace", "select", "qualifiedValueShapesDisjoint",
    "inversePath",
}
SUPPORTED = sorted(PARAMETERS)


def _component(name: str) -> URIRef:
    return URIRef(f"{SH}{name[0].upper()}{name[1:]}ConstraintComponent")


# ------------------------------------------------------------------ terms


def to_rdflib(term) -> Node:
    """A pyoxigraph term as the rdflib term pySHACL would report."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def to_ox(node: Node):
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if node.language:
        return ox.Literal(str(node), language=node.language)
    return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype or XSD.string)))


_NUMERIC = {str(XSD[t]) for t in ("integer", "decimal", "double", "float", "int", "long", "short",
                                  "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
                                  "nonPositiveInteger", "unsignedInt", "unsignedLong")}


def _number(term) -> Decimal | None:
    if isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC:
        try:
            return Decimal(term.value.strip())
        except InvalidOperation:
            return None
    return None


def _comparable(term):
    """A value for the ordering constraints: numbers as Decimal, dates as strings, else None."""
    number = _number(term)
    if number is not None:
        return ("n", number)
    if isinstance(term, ox.Literal) and not term.language:
        return (term.datatype.value, term.value)
    return None


def _well_typed(term) -> bool:
    return _lexical_ok(term.value, term.datatype.value)


def _lexical(term) -> str:
    """The lexical form a pattern is matched against: rdflib's, as pySHACL sees it.

    Oxigraph stores typed literals in canonical form ("P0Y"^^xsd:duration comes back as "PT0S");
    rdflib normalises them its own way ("P0D"). Patterns see rdflib's form, so both engines agree.
    """
    if isinstance(term, ox.Literal) and not term.language and term.datatype.value != str(XSD.string):
        return _rdflib_lexical(term.value, term.datatype.value)
    return term.value


@lru_cache(maxsize=1 << 16)
def _rdflib_lexical(lexical: str, datatype: str) -> str:
    return str(Literal(lexical, datatype=URIRef(datatype)))


@lru_cache(maxsize=1 << 16)
def _lexical_ok(lexical: str, datatype: str) -> bool:
    return not Literal(lexical, datatype=URIRef(datatype)).ill_typed


# ------------------------------------------------------------------ shapes


@dataclass
class Result:
    focus: object
    path: Node | None
    value: object | None
    shape: Node
    component: URIRef
    severity: URIRef
    messages: list[Literal]
    constraint: Node | None = None


class Validator:
    """Validate a pyoxigraph Store (data and ontology in the default graph) against `shapes`."""

    def __init__(self, store: ox.Store, shapes: Graph, graph=None) -> None:
        self.store = store
        self.graph = graph if graph is not None else ox.DefaultGraph()
        self.shapes = shapes
        self._instances: dict[str, set] = {}
        self._values: dict[tuple[str, bool], dict] = {}
        self._one_cache: dict = {}
        self._list_cache: dict = {}
        self._in_cache: dict = {}
        self._check_supported()

    # ---- reading the shapes graph

    def _check_supported(self) -> None:
        for s, p, _ in self.shapes:
            if not str(p).startswith(str(SH)):
                continue
            name = str(p)[len(str(SH)):]
            if name not in PARAMETERS and name not in OTHER and name not in ("conforms",):
                raise InputError(f"the set-at-a-time SHACL engine does not support sh:{name} "
                                 f"(used by {s}); validate with --engine pyshacl")

    def _list(self, node: Node) -> list[Node]:
        if node not in self._list_cache:
            self._list_cache[node] = list(Collection(self.shapes, node))
        return self._list_cache[node]

    def _one(self, shape: Node, name: str) -> Node | None:
        key = (shape, name)
        if key not in self._one_cache:
            self._one_cache[key] = self.shapes.value(shape, SH[name])
        return self._one_cache[key]

    def _path(self, shape: Node) -> tuple[str, bool] | None:
        path = self._one(shape, "path")
        if path is None:
            return None
        if isinstance(path, URIRef):
            return str(path), False
        inverse = self.shapes.value(path, SH.inversePath)
        if isinstance(inverse, URIRef) and len(set(self.shapes.predicate_objects(path))) == 1:
            return str(inverse), True
        raise InputError(f"the set-at-a-time SHACL engine supports predicate and inverse paths only "
                         f"(shape {shape}); validate with --engine pyshacl")

    # ---- reading the data

    def instances(self, cls: str) -> set:
        """SHACL instances of `cls`: rdf:type/rdfs:subClassOf* in the data graph."""
        if cls not in self._instances:
            query = (f"SELECT DISTINCT ?x WHERE {{ ?x a ?t . ?t <{SUBCLASS}>* <{cls}> }}")
            self._instances[cls] = {row[0] for row in self.store.query(query, default_graph=self.graph)}
        return self._instances[cls]

    def values(self, path: tuple[str, bool]) -> dict:
        """{focus: [values]} for a predicate (or its inverse) over the whole graph."""
        if path not in self._values:
            predicate, inverse = path
            found: dict = defaultdict(list)
            for quad in self.store.quads_for_pattern(None, ox.NamedNode(predicate), None, self.graph):
                if inverse:
                    found[quad.object].append(quad.subject)
                else:
                    found[quad.subject].append(quad.object)
            self._values[path] = found
        return self._values[path]

    def node_values(self, node, path: tuple[str, bool]) -> list:
        return self.values(path).get(node, [])

    def targets(self, shape: Node) -> set:
        focus: set = set()
        for cls in self.shapes.objects(shape, SH.targetClass):
            focus |= self.instances(str(cls))
        for node in self.shapes.objects(shape, SH.targetNode):
            focus.add(to_ox(node))
        for p in self.shapes.objects(shape, SH.targetSubjectsOf):
            focus |= set(self.values((str(p), False)))
        for p in self.shapes.objects(shape, SH.targetObjectsOf):
            focus |= set(self.values((str(p), True)))
        if (shape, RDF.type, URIRef("http://www.w3.org/2000/01/rdf-schema#Class")) in self.shapes:
            focus |= self.instances(str(shape))
        return focus

    # ---- the checks

    def _severity(self, shape: Node) -> URIRef:
        return self._one(shape, "severity") or SH.Violation

    def _messages(self, shape: Node) -> list[Literal]:
        return list(self.shapes.objects(shape, SH.message))

    def value_ok(self, name: str, arg: Node, shape: Node, value) -> bool:
        """Does `value` satisfy the value-level constraint sh:`name` `arg`?"""
        if name == "class":
            return value in self.instances(str(arg))
        if name == "datatype":
            if not isinstance(value, ox.Literal):
                return False
            if str(arg) == LANG_STRING:
                return bool(value.language)
            return value.datatype.value == str(arg) and not value.language and _well_typed(value)
        if name == "nodeKind":
            kind = {ox.NamedNode: "IRI", ox.BlankNode: "BlankNode", ox.Literal: "Literal"}[type(value)]
            allowed = str(arg)[len(str(SH)):]
            return kind in allowed.split("Or") or allowed == kind
        if name == "pattern":
            if isinstance(value, ox.BlankNode):
                return False
            flags = str(self._one(shape, "flags") or "")
            re_flags = re.IGNORECASE if "i" in flags else 0
            return re.search(str(arg), _lexical(value), re_flags) is not None
        if name == "languageIn":
            if not isinstance(value, ox.Literal) or not value.language:
                return False
            tag = value.language.lower()
            return any(tag == r.lower() or tag.startswith(r.lower() + "-") or str(r) == "*"
                       for r in map(str, self._list(arg)))
        if name in ("minInclusive", "minExclusive", "maxInclusive", "maxExclusive"):
            a, b = _comparable(value), _comparable(to_ox(arg))
            if a is None or b is None or a[0] != b[0]:
                return False
            return {"minInclusive": a[1] >= b[1], "minExclusive": a[1] > b[1],
                    "maxInclusive": a[1] <= b[1], "maxExclusive": a[1] < b[1]}[name]
        if name == "in":
            if arg not in self._in_cache:
                self._in_cache[arg] = {to_ox(m) for m in self._list(arg)}
            return value in self._in_cache[arg]
        if name == "or":
            return any(self.conforms(member, value) for member in self._list(arg))
        if name == "not":
            return not self.conforms(arg, value)
        if name == "node":
            return self.conforms(arg, value)
        raise AssertionError(name)

    VALUE_LEVEL = ("class", "datatype", "nodeKind", "pattern", "languageIn", "minInclusive",
                   "minExclusive", "maxInclusive", "maxExclusive", "in", "or", "not", "node")

    def conforms(self, shape: Node, node) -> bool:
        """Does `node` conform to `shape` (used inside sh:or, sh:not, sh:node, qualified shapes)?"""
        return not self.check(shape, {node}, first_only=True)

    def check(self, shape: Node, focus: Iterable, first_only: bool = False) -> list[Result]:
        """Every result of `shape` on the focus nodes (stops at the first with `first_only`)."""
        if self._one(shape, "deactivated") == Literal(True):
            return []
        results: list[Result] = []
        path = self._path(shape)
        severity, messages = self._severity(shape), self._messages(shape)
        path_node = self._one(shape, "path")
        focus = list(focus)
        for p, arg in self.shapes.predicate_objects(shape):
            name = str(p)[len(str(SH)):] if str(p).startswith(str(SH)) else ""
            if name not in PARAMETERS or name in ("flags", "qualifiedMinCount", "qualifiedMaxCount"):
                continue
            if name == "property":
                results += self.check(arg, focus, first_only)
                if first_only and results:
                    return results
                continue
            if name == "sparql":
                if first_only:
                    if any(self._sparql(shape, arg, set(focus))):
                        return [None]  # type: ignore[list-item]
                    continue
                results += self._sparql(shape, arg, set(focus))
                continue
            for f in focus:
                vals = self.node_values(f, path) if path else [f]
                found = self._check_values(name, arg, shape, f, vals, path)
                for value in found:
                    results.append(Result(f, path_node, value, shape, _component(name), severity, messages))
                    if first_only:
                        return results
        return results

    def _check_values(self, name: str, arg: Node, shape: Node, focus, vals: list, path) -> list:
        """The values that break sh:`name` (for count-like constraints: [None] when broken)."""
        if name in self.VALUE_LEVEL:
            return [v for v in dict.fromkeys(vals) if not self.value_ok(name, arg, shape, v)]
        distinct = list(dict.fromkeys(vals))
        if name == "minCount":
            return [None] if len(distinct) < int(arg) else []
        if name == "maxCount":
            return [None] if len(distinct) > int(arg) else []
        if name == "hasValue":
            return [] if to_ox(arg) in distinct else [None]
        if name == "uniqueLang":
            if arg != Literal(True):
                return []
            seen: dict[str, int] = defaultdict(int)
            for v in distinct:
                if isinstance(v, ox.Literal) and v.language:
                    seen[v.language.lower()] += 1
            return [None for lang, n in seen.items() if n > 1]
        if name == "qualifiedValueShape":
            count = sum(1 for v in distinct if self.conforms(arg, v))
            low, high = self._one(shape, "qualifiedMinCount"), self._one(shape, "qualifiedMaxCount")
            broken = []
            if low is not None and count < int(low):
                broken.append(("qualifiedMinCount", None))
            if high is not None and count > int(high):
                broken.append(("qualifiedMaxCount", None))
            return [_Qualified(c) for c, _ in broken]
        if name == "lessThanOrEquals":
            others = self.node_values(focus, (str(arg), False))
            bad = []
            for v in distinct:
                for w in others:
                    a, b = _comparable(v), _comparable(w)
                    if a is None or b is None or a[0] != b[0] or not a[1] <= b[1]:
                        bad.append(v)
                        break
            return bad
        raise AssertionError(name)

    # ---- SPARQL-based constraints

    def _prefixes(self, constraint: Node) -> str:
        lines = []
        for ontology in self.shapes.objects(constraint, SH.prefixes):
            for decl in self.shapes.objects(ontology, SH.declare):
                prefix = self.shapes.value(decl, SH.prefix)
                namespace = self.shapes.value(decl, SH.namespace)
                lines.append(f"PREFIX {prefix}: <{namespace}>")
        return "\n".join(sorted(set(lines)))

    def _sparql(self, shape: Node, constraint: Node, focus: set) -> list[Result]:
        if self.shapes.value(constraint, SH.deactivated) == Literal(True):
            return []
        select = str(self.shapes.value(constraint, SH.select))
        text = self._prefixes(constraint) + "\n" + select.replace("$this", "?this")
        messages = list(self.shapes.objects(constraint, SH.message)) or self._messages(shape)
        path_node = self._one(shape, "path")
        solutions = self.store.query(text, default_graph=self.graph)
        names = [v.value for v in solutions.variables]
        results = []
        for row in solutions:
            binding = {n: row[i] for i, n in enumerate(names)}
            this = binding.get("this")
            if this is None or this not in focus:
                continue
            path = path_node if path_node is not None else (
                to_rdflib(binding["path"]) if binding.get("path") is not None else None)
            value = binding.get("value", this if path_node is None else None)
            results.append(Result(this, path, value, shape, SH.SPARQLConstraintComponent,
                                  self._severity(shape), [_fill(m, binding) for m in messages], constraint))
        return results

    # ---- the whole graph

    def shapes_with_targets(self) -> list[Node]:
        keys = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
        found = {s for k in keys for s in self.shapes.subjects(k, None)}
        return sorted(found, key=str)

    def run(self) -> list[Result]:
        results: list[Result] = []
        for shape in self.shapes_with_targets():
            results += self.check(shape, self.targets(shape))
        return results


class _Qualified:
    """Marks which of qualifiedMin/MaxCount a qualifiedValueShape broke."""

    def __init__(self, which: str) -> None:
        self.which = which


def _fill(message: Literal, binding: dict) -> Literal:
    def sub(match: re.Match) -> str:
        term = binding.get(match.group(1))
        return "" if term is None else term.value

    text = re.sub(r"\{[?$](\w+)\}", sub, str(message))
    return Literal(text, lang=message.language, datatype=message.datatype)


def report_graph(results: list[Result]) -> Graph:
    """The results as a standard SHACL validation report."""
    report = Graph()
    report.bind("sh", SH)
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(not results)))
    for r in results:
        result = BNode()
        component = r.component
        value = r.value
        if isinstance(value, _Qualified):
            component, value = _component(value.which), None
        report.add((node, SH.result, result))
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.focusNode, to_rdflib(r.focus)))
        report.add((result, SH.sourceShape, r.shape))
        report.add((result, SH.sourceConstraintComponent, component))
        report.add((result, SH.resultSeverity, r.severity))
        if r.path is not None:
            report.add((result, SH.resultPath, r.path))
        if value is not None:
            report.add((result, SH.value, to_rdflib(value)))
        if r.constraint is not None:
            report.add((result, SH.sourceConstraint, r.constraint))
        for message in r.messages:
            report.add((result, SH.resultMessage, message))
    return report


def validate_oxigraph(store: ox.Store, shapes: Graph, graph=None) -> Graph:
    """Validate `graph` of `store` (default: its default graph) against `shapes`: a SHACL report."""
    return report_graph(Validator(store, shapes, graph).run())


def validate_graph(data: Graph, shapes: Graph) -> Graph:
    """Validate an rdflib Graph; one on oxrdflib is read in place, any other is copied to Oxigraph."""
    found = oxigraph_of(data)
    if found is None:
        store = ox.Store()
        store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in data)
        found = (store, ox.DefaultGraph())
    return validate_oxigraph(found[0], shapes, found[1])


def oxigraph_of(graph: Graph):
    """(pyoxigraph Store, graph name) behind an rdflib Graph on oxrdflib, or None."""
    inner = getattr(graph.store, "_inner", None)
    if not isinstance(inner, ox.Store):
        return None
    from oxrdflib._converter import to_ox as to_ox_name

    return inner, to_ox_name(graph.identifier)
