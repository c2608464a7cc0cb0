"""SHACL validation set-at-a-time on the embedded Oxigraph store, for graphs of millions of triples.

pySHACL checks one focus node at a time and runs each SPARQL-based rule once per node: on 10k
triples of our shapes that takes minutes, on a million hours. This engine gives the same report
(standard SHACL semantics, the same focus nodes, paths, values, shapes, components and severities)
by working on whole sets: each target is one SPARQL query, each predicate of a path one scan of the
store (complex paths are composed from those for all focus nodes together), each constraint one
pass over all value nodes, each SPARQL-based constraint one query for all focus nodes where SHACL's
pre-binding allows it (ittifak.validation.shacl_sparql), else one per node.

It implements SHACL Core and SHACL-SPARQL (the whole W3C test suite passes: tests/test_w3c_shacl.py).
A shapes graph that needs anything else (SHACL-AF targets and rules, sh:entailment, recursive
shapes) is refused with "unsupported: <feature>", never silently half-checked.
"""

from __future__ import annotations

import itertools
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from ittifak.core.errors import InputError
from ittifak.core.terms import to_ox
from ittifak.core.terms import to_rdflib as _to_rdflib
from ittifak.validation.shacl_sparql import FUNCTION, PREBOUND, prepare

__all__ = ["InputError", "Validator", "report_graph", "validate_graph", "validate_oxigraph"]

SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _component(name: str) -> URIRef:
    return URIRef(f"{SH}{name[0].upper()}{name[1:]}ConstraintComponent")


# ------------------------------------------------------------------ terms


def to_rdflib(term) -> Node:
    """A pyoxigraph term as the rdflib term pySHACL would report (its text as stored)."""
    return _to_rdflib(term, normalize=False)


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
    if datatype == str(XSD.boolean):  # rdflib reads any word as a boolean, with a warning
        return lexical in ("true", "false", "1", "0")
    return not Literal(lexical, datatype=URIRef(datatype)).ill_typed


# ------------------------------------------------------------------ shapes

RDFS_CLASS = URIRef("http://www.w3.org/2000/01/rdf-schema#Class")
OWL_IMPORTS = URIRef("http://www.w3.org/2002/07/owl#imports")

#: Constraint parameters, each read by the method `_c_<name>` (its component: sh:<Name>ConstraintComponent).
PARAMETERS = (
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minInclusive", "minExclusive",
    "maxInclusive", "maxExclusive", "minLength", "maxLength", "pattern", "languageIn", "uniqueLang",
    "equals", "disjoint", "lessThan", "lessThanOrEquals", "not", "and", "or", "xone", "node",
    "property", "qualifiedValueShape", "closed", "hasValue", "in", "sparql",
)
_COMPONENT_VALIDATORS = ("validator", "nodeValidator", "propertyValidator")
#: SHACL terms that are read with a parameter above, or carry no constraint.
OTHER = {
    "flags", "qualifiedMinCount", "qualifiedMaxCount", "qualifiedValueShapesDisjoint",
    "ignoredProperties", "path", "inversePath", "alternativePath", "zeroOrMorePath", "oneOrMorePath",
    "zeroOrOnePath", "message", "severity", "deactivated", "targetClass", "targetSubjectsOf",
    "targetObjectsOf", "targetNode", "name", "description", "order", "group", "defaultValue",
    "prefixes", "declare", "prefix", "namespace", "select", "shapesGraph", "suggestedShapesGraph",
    "parameter", "optional", "labelTemplate", "ask", *_COMPONENT_VALIDATORS,
}
SUPPORTED = sorted(PARAMETERS)
TRUE = Literal(True)
_PATHS = {"inversePath": "inv", "alternativePath": "alt", "zeroOrMorePath": "star",
          "oneOrMorePath": "plus", "zeroOrOnePath": "opt"}


def _unsupported(feature: str, where: object = None) -> InputError:
    at = f" (used by {where})" if where is not None else ""
    return InputError(f"unsupported: {feature}{at}: the set-at-a-time SHACL engine does not "
                      "implement it; validate with --engine pyshacl")


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


def _distinct(items: Iterable) -> list:
    return list(dict.fromkeys(items))


class Validator:
    """Validate a pyoxigraph Store (data and ontology in `graph`, default graph by default) against
    `shapes`: SHACL Core and SHACL-SPARQL constraints, each evaluated for all focus nodes at once."""

    def __init__(self, store: ox.Store, shapes: Graph, graph=None, written: dict | None = None) -> None:
        self.store = store
        self.written = written or {}
        self.graph = graph if graph is not None else ox.DefaultGraph()
        self.shapes = shapes
        self._instances: dict[str, set] = {}
        self._values: dict[tuple[str, bool], dict] = {}
        self._one_cache: dict = {}
        self._list_cache: dict = {}
        self._paths: dict = {}
        self._constraints: dict = {}
        self._conforms: dict[Node, dict] = defaultdict(dict)
        self._active: set = set()
        self._compared: dict = {}
        self._prepared: dict = {}
        self._shapes_graph: ox.NamedNode | None = None
        self._check_supported()
        self.components = self._read_components()

    # ---- reading the shapes graph

    def _check_supported(self) -> None:
        """Refuse a shapes graph that needs what this engine does not implement, naming it."""
        for declared in self.shapes.subjects(SH.entailment, None):
            raise _unsupported("sh:entailment (validation with inference)", declared)
        for shape in self.all_shapes():
            for p in self.shapes.predicates(shape):
                if str(p).startswith(str(SH)):
                    name = str(p)[len(str(SH)):]
                    if name not in PARAMETERS and name not in OTHER:
                        raise _unsupported(f"sh:{name}", shape)

    def all_shapes(self) -> set[Node]:
        """Every shape of the shapes graph: declared, targeted, or reached from another shape."""
        todo = set(self.shapes_with_targets())
        for kind in (SH.NodeShape, SH.PropertyShape):
            todo |= set(self.shapes.subjects(RDF.type, kind))
        todo |= set(self.shapes.subjects(SH.path, None))
        found: set[Node] = set()
        while todo:
            shape = todo.pop()
            if shape in found:
                continue
            found.add(shape)
            for key in ("property", "node", "not", "qualifiedValueShape"):
                todo |= set(self.shapes.objects(shape, SH[key]))
            for key in ("and", "or", "xone"):
                for members in self.shapes.objects(shape, SH[key]):
                    todo |= set(self._list(members))
        return found

    def _list(self, node: Node) -> list[Node]:
        if node not in self._list_cache:
            self._list_cache[node] = list(Collection(self.shapes, node))
        return self._list_cache[node]

    def _one(self, shape: Node, name: str) -> Node | None:
        key = (shape, name)
        if key not in self._one_cache:
            self._one_cache[key] = self.shapes.value(shape, SH[name])
        return self._one_cache[key]

    def _true(self, node: Node, name: str) -> bool:
        return self._one(node, name) == TRUE

    def constraints(self, shape: Node) -> list[tuple[str, Node]]:
        """(parameter, value) of every constraint of `shape`, in a stable order."""
        if shape not in self._constraints:
            found = []
            for p, arg in self.shapes.predicate_objects(shape):
                name = str(p)[len(str(SH)):] if str(p).startswith(str(SH)) else ""
                if name in PARAMETERS:
                    found.append((name, arg))
            self._constraints[shape] = sorted(found, key=lambda c: (PARAMETERS.index(c[0]), str(c[1])))
        return self._constraints[shape]

    # ---- paths

    def path_expr(self, path: Node) -> tuple:
        """A SHACL property path as ("pred", iri) | ("inv"|"star"|"plus"|"opt", p) | ("seq"|"alt", [p…])."""
        if path in self._paths:
            return self._paths[path]
        if isinstance(path, URIRef):
            expr: tuple = ("pred", str(path))
        elif isinstance(path, BNode) and (path, RDF.first, None) in self.shapes:
            members = self._list(path)
            if len(members) < 2:
                raise InputError(f"a sequence path needs two or more members ({path})")
            expr = ("seq", [self.path_expr(m) for m in members])
        else:
            kinds = [(k, v) for k, v in _PATHS.items() if (path, SH[k], None) in self.shapes]
            if len(kinds) != 1 or isinstance(path, Literal):
                raise InputError(f"not a SHACL property path: {path}")
            key, kind = kinds[0]
            inner = self.shapes.value(path, SH[key])
            if kind == "alt":
                expr = ("alt", [self.path_expr(m) for m in self._list(inner)])
            else:
                expr = (kind, self.path_expr(inner))
        self._paths[path] = expr
        return expr

    def path_values(self, path: Node, nodes: Iterable) -> dict:
        """{node: [values of `path` from node]} for every node of `nodes`."""
        return self._eval(self.path_expr(path), set(nodes), False)

    def _eval(self, expr: tuple, nodes: set, inverse: bool) -> dict:
        kind, arg = expr
        if kind == "pred":
            found = self.values((arg, inverse))
            return {n: found.get(n, []) for n in nodes}
        if kind == "inv":
            return self._eval(arg, nodes, not inverse)
        if kind == "alt":
            parts = [self._eval(p, nodes, inverse) for p in arg]
            return {n: _distinct(v for part in parts for v in part[n]) for n in nodes}
        if kind == "seq":
            current = {n: [n] for n in nodes}
            for step in (reversed(arg) if inverse else arg):
                frontier = {v for vals in current.values() for v in vals}
                found = self._eval(step, frontier, inverse)
                current = {n: _distinct(w for v in vals for w in found[v]) for n, vals in current.items()}
            return current
        return self._closure(arg, nodes, inverse, include_self=kind != "plus", repeat=kind != "opt")

    def _closure(self, expr: tuple, nodes: set, inverse: bool, include_self: bool, repeat: bool) -> dict:
        """zeroOrMore / oneOrMore / zeroOrOne: the steps of `expr` taken for all nodes together."""
        steps: dict = {}
        reach = {n: [n] if include_self else [] for n in nodes}
        seen = {n: set(reach[n]) for n in nodes}
        frontier = {n: [n] for n in nodes}
        while frontier:
            needed = {v for vals in frontier.values() for v in vals if v not in steps}
            if needed:
                steps.update(self._eval(expr, needed, inverse))
            following = {}
            for n, vals in frontier.items():
                new = []
                for v in vals:
                    for w in steps[v]:
                        if w not in seen[n]:
                            seen[n].add(w)
                            reach[n].append(w)
                            new.append(w)
                if new and repeat:
                    following[n] = new
            frontier = following
        return reach

    def sparql_path(self, path: Node) -> str:
        """The path in SPARQL syntax, for $PATH."""
        def text(expr: tuple) -> str:
            kind, arg = expr
            if kind == "pred":
                return f"<{arg}>"
            if kind in ("seq", "alt"):
                return "(" + ("/" if kind == "seq" else "|").join(text(a) for a in arg) + ")"
            if kind == "inv":
                return f"^({text(arg)})"
            return f"({text(arg)}){ {'star': '*', 'plus': '+', 'opt': '?'}[kind] }"
        return text(self.path_expr(path))

    # ---- reading the data

    def instances(self, cls: str) -> set:
        """SHACL instances of `cls`: rdf:type/rdfs:subClassOf* in the data graph."""
        if cls not in self._instances:
            query = f"SELECT DISTINCT ?x WHERE {{ ?x a ?t . ?t <{SUBCLASS}>* <{cls}> }}"
            self._instances[cls] = {row[0] for row in self.store.query(query, default_graph=self.graph)}
        return self._instances[cls]

    def values(self, path: tuple[str, bool]) -> dict:
        """{focus: [values]} for a predicate (or its inverse) over the whole graph: one scan."""
        if path not in self._values:
            predicate, inverse = path
            found: dict = defaultdict(list)
            for quad in self.store.quads_for_pattern(None, ox.NamedNode(predicate), None, self.graph):
                if inverse:
                    found[quad.object].append(quad.subject)
                else:
                    found[quad.subject].append(quad.object)
            self._values[path] = {k: _distinct(v) for k, v in found.items()}
        return self._values[path]

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
        if isinstance(shape, URIRef) and (shape, RDF.type, RDFS_CLASS) in self.shapes:
            focus |= self.instances(str(shape))  # an implicit class target (SHACL §2.1.3.3)
        return focus

    def shapes_with_targets(self) -> list[Node]:
        keys = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
        found = {s for k in keys for s in self.shapes.subjects(k, None)}
        found |= {s for s in self.shapes.subjects(RDF.type, RDFS_CLASS) if isinstance(s, URIRef)
                  and ((s, RDF.type, SH.NodeShape) in self.shapes
                       or (s, RDF.type, SH.PropertyShape) in self.shapes)}
        return sorted(found, key=str)

    # ---- validation

    def run(self) -> list[Result]:
        try:
            results: list[Result] = []
            for shape in self.shapes_with_targets():
                results += self.check(shape, self.targets(shape))
            return results
        finally:
            if self._shapes_graph is not None:
                self.store.remove_graph(self._shapes_graph)
                self._shapes_graph = None

    def conforming(self, shape: Node, nodes: Iterable) -> set:
        """The nodes that conform to `shape` (for sh:node, sh:not, sh:and, sh:or, sh:xone, qualified
        shapes): checked together, remembered per shape."""
        known = self._conforms[shape]
        todo = {n for n in nodes if n not in known}
        if todo:
            if shape in self._active:
                raise _unsupported("recursive shapes", shape)
            self._active.add(shape)
            try:
                failed = {r.focus for r in self.check(shape, todo)}
            finally:
                self._active.discard(shape)
            known.update((n, n not in failed) for n in todo)
        return {n for n in nodes if known[n]}

    def check(self, shape: Node, focus: Iterable) -> list[Result]:
        """Every result of `shape` on the focus nodes."""
        focus = set(focus)
        if self._true(shape, "deactivated") or not focus:
            return []
        path = self._one(shape, "path")
        value_map = self.path_values(path, focus) if path is not None else {f: [f] for f in focus}
        severity = self._one(shape, "severity") or SH.Violation
        messages = list(self.shapes.objects(shape, SH.message))
        results: list[Result] = []
        for name, arg in self.constraints(shape):
            if name in ("property", "sparql"):
                results += getattr(self, f"_c_{name}")(shape, arg, value_map)
                continue
            for hit in getattr(self, f"_c_{name}")(shape, arg, value_map):
                f, value = hit[0], hit[1]
                component = _component(hit[2] if len(hit) > 2 else name)
                result_path = hit[3] if len(hit) > 3 else path
                results.append(Result(f, result_path, value, shape, component, severity, messages))
        for component, params in self.component_uses(shape):
            results += self._component(shape, component, params, value_map)
        return results

    # ---- constraint components: each yields (focus, value[, component name, result path])

    def _by_value(self, value_map: dict, ok) -> list:
        """(focus, value) for each value that fails `ok` (a set of good values, or a test)."""
        distinct = {v for vals in value_map.values() for v in vals}
        good = ok if isinstance(ok, set) else {v for v in distinct if ok(v)}
        return [(f, v) for f, vals in value_map.items() for v in vals if v not in good]

    def _c_class(self, shape, arg, value_map):
        return self._by_value(value_map, self.instances(str(arg)))

    def _c_datatype(self, shape, arg, value_map):
        def ok(v) -> bool:
            if not isinstance(v, ox.Literal):
                return False
            if str(arg) == LANG_STRING:
                return bool(v.language)
            if v in self.written:  # Oxigraph changed it ("300"^^xsd:byte became an integer)
                w = self.written[v]
                return w.datatype == arg and _lexical_ok(str(w), str(arg))
            return v.datatype.value == str(arg) and not v.language and _well_typed(v)
        return self._by_value(value_map, ok)

    def _c_nodeKind(self, shape, arg, value_map):
        allowed = str(arg)[len(str(SH)):].split("Or")
        kinds = {ox.NamedNode: "IRI", ox.BlankNode: "BlankNode", ox.Literal: "Literal"}
        return self._by_value(value_map, lambda v: kinds[type(v)] in allowed)

    def _text(self, v, rdflib_form: bool = False) -> str:
        """The lexical form of `v` as written in the data (an IRI's string)."""
        if v in self.written:
            return str(self.written[v])
        return _lexical(v) if rdflib_form else v.value

    def _sparql_term(self, v) -> str:
        return self.written[v].n3() if v in self.written else str(v)

    def _c_minCount(self, shape, arg, value_map):
        return [(f, None) for f, vals in value_map.items() if len(vals) < int(arg)]

    def _c_maxCount(self, shape, arg, value_map):
        return [(f, None) for f, vals in value_map.items() if len(vals) > int(arg)]

    def _ordered(self, pairs: Iterable[tuple], op: str) -> set:
        """The pairs (a, b) for which SPARQL's `a op b` is true (XSD order, time zones included):
        asked of Oxigraph in one query per 5,000 pairs, remembered."""
        pairs = list(pairs)
        todo = [p for p in dict.fromkeys(pairs) if (p, op) not in self._compared]
        for pair in todo:
            if not all(isinstance(t, ox.Literal) for t in pair):
                self._compared[(pair, op)] = False
        todo = [p for p in todo if (p, op) not in self._compared]
        for start in range(0, len(todo), 5000):
            chunk = todo[start:start + 5000]
            rows = " ".join(f"({i} {self._sparql_term(a)} {self._sparql_term(b)})"
                            for i, (a, b) in enumerate(chunk))
            query = f"SELECT ?i WHERE {{ VALUES (?i ?a ?b) {{ {rows} }} FILTER(?a {op} ?b) }}"
            true = {int(row[0].value) for row in self.store.query(query)}
            for i, pair in enumerate(chunk):
                self._compared[(pair, op)] = i in true
        return {p for p in pairs if self._compared[(p, op)]}

    def _compare_to(self, arg, value_map, op):
        bound = to_ox(arg)
        distinct = {v for vals in value_map.values() for v in vals}
        good = {a for a, _ in self._ordered(((v, bound) for v in distinct), op)}
        return self._by_value(value_map, good)

    def _c_minInclusive(self, shape, arg, value_map):
        return self._compare_to(arg, value_map, ">=")

    def _c_minExclusive(self, shape, arg, value_map):
        return self._compare_to(arg, value_map, ">")

    def _c_maxInclusive(self, shape, arg, value_map):
        return self._compare_to(arg, value_map, "<=")

    def _c_maxExclusive(self, shape, arg, value_map):
        return self._compare_to(arg, value_map, "<")

    def _c_minLength(self, shape, arg, value_map):
        return self._by_value(value_map, lambda v: not isinstance(v, ox.BlankNode)
                              and len(self._text(v)) >= int(arg))

    def _c_maxLength(self, shape, arg, value_map):
        return self._by_value(value_map, lambda v: not isinstance(v, ox.BlankNode)
                              and len(self._text(v)) <= int(arg))

    def _c_pattern(self, shape, arg, value_map):
        flags = str(self._one(shape, "flags") or "")
        source = re.escape(str(arg)) if "q" in flags else str(arg)
        regex = re.compile(source, sum(_FLAGS[f] for f in set(flags) if f in _FLAGS))
        return self._by_value(value_map, lambda v: not isinstance(v, ox.BlankNode)
                              and regex.search(self._text(v, rdflib_form=True)) is not None)

    def _c_languageIn(self, shape, arg, value_map):
        ranges = [str(r).lower() for r in self._list(arg)]

        def ok(v) -> bool:
            if not isinstance(v, ox.Literal) or not v.language:
                return False
            tag = v.language.lower()
            return any(r == "*" or tag == r or tag.startswith(r + "-") for r in ranges)
        return self._by_value(value_map, ok)

    def _c_uniqueLang(self, shape, arg, value_map):
        if arg != TRUE:  # only true switches it on; "1"^^xsd:boolean does not (W3C uniqueLang-002)
            return []
        hits = []
        for f, vals in value_map.items():
            seen: dict[str, int] = defaultdict(int)
            for v in vals:
                if isinstance(v, ox.Literal) and v.language:
                    seen[v.language.lower()] += 1
            hits += [(f, None) for n in seen.values() if n > 1]
        return hits

    def _c_equals(self, shape, arg, value_map):
        others = self.path_values(arg, value_map)
        hits = []
        for f, vals in value_map.items():
            hits += [(f, v) for v in vals if v not in others[f]]
            hits += [(f, w) for w in others[f] if w not in vals]
        return hits

    def _c_disjoint(self, shape, arg, value_map):
        others = self.path_values(arg, value_map)
        return [(f, v) for f, vals in value_map.items() for v in vals if v in others[f]]

    def _less(self, arg, value_map, op):
        others = self.path_values(arg, value_map)
        pairs = [(v, w) for f, vals in value_map.items() for v in vals for w in others[f]]
        good = self._ordered(pairs, op)
        return _distinct((f, v) for f, vals in value_map.items() for v in vals
                         for w in others[f] if (v, w) not in good)

    def _c_lessThan(self, shape, arg, value_map):
        return self._less(arg, value_map, "<")

    def _c_lessThanOrEquals(self, shape, arg, value_map):
        return self._less(arg, value_map, "<=")

    def _all_values(self, value_map: dict) -> set:
        return {v for vals in value_map.values() for v in vals}

    def _c_not(self, shape, arg, value_map):
        bad = self.conforming(arg, self._all_values(value_map))
        return self._by_value(value_map, lambda v: v not in bad)

    def _c_and(self, shape, arg, value_map):
        good = self._all_values(value_map)
        for member in self._list(arg):
            good = self.conforming(member, good)
        return self._by_value(value_map, good)

    def _c_or(self, shape, arg, value_map):
        values = self._all_values(value_map)
        good = set().union(*(self.conforming(m, values) for m in self._list(arg)))
        return self._by_value(value_map, good)

    def _c_xone(self, shape, arg, value_map):
        values = self._all_values(value_map)
        counts = defaultdict(int)
        for member in self._list(arg):
            for v in self.conforming(member, values):
                counts[v] += 1
        return self._by_value(value_map, {v for v in values if counts[v] == 1})

    def _c_node(self, shape, arg, value_map):
        return self._by_value(value_map, self.conforming(arg, self._all_values(value_map)))

    def _c_property(self, shape, arg, value_map) -> list[Result]:
        return self.check(arg, self._all_values(value_map))

    def _c_qualifiedValueShape(self, shape, arg, value_map):
        values = self._all_values(value_map)
        good = self.conforming(arg, values)
        if self._true(shape, "qualifiedValueShapesDisjoint"):
            for parent in self.shapes.subjects(SH.property, shape):
                for sibling in self.shapes.objects(parent, SH.property):
                    for other in self.shapes.objects(sibling, SH.qualifiedValueShape):
                        if other != arg:
                            good -= self.conforming(other, good)
        low, high = self._one(shape, "qualifiedMinCount"), self._one(shape, "qualifiedMaxCount")
        hits = []
        for f, vals in value_map.items():
            count = sum(1 for v in vals if v in good)
            if low is not None and count < int(low):
                hits.append((f, None, "qualifiedMinCount"))
            if high is not None and count > int(high):
                hits.append((f, None, "qualifiedMaxCount"))
        return hits

    def _c_closed(self, shape, arg, value_map):
        if arg != TRUE:  # only true switches it on; "1"^^xsd:boolean does not (W3C uniqueLang-002)
            return []
        allowed = {str(p) for prop in self.shapes.objects(shape, SH.property)
                   for p in self.shapes.objects(prop, SH.path) if isinstance(p, URIRef)}
        ignored = self._one(shape, "ignoredProperties")
        if ignored is not None:
            allowed |= {str(p) for p in self._list(ignored)}
        hits = []
        for f, vals in value_map.items():
            for v in vals:
                if isinstance(v, ox.Literal):
                    continue
                for quad in self.store.quads_for_pattern(v, None, None, self.graph):
                    if quad.predicate.value not in allowed:
                        hits.append((f, quad.object, "closed", URIRef(quad.predicate.value)))
        return hits

    def _c_hasValue(self, shape, arg, value_map):
        wanted = to_ox(arg)
        return [(f, None) for f, vals in value_map.items() if wanted not in vals]

    def _c_in(self, shape, arg, value_map):
        return self._by_value(value_map, {to_ox(m) for m in self._list(arg)})

    # ---- SPARQL-based constraints

    def _prefixes(self, constraint: Node) -> str:
        """PREFIX lines from sh:prefixes, following owl:imports of the ontologies named there."""
        lines, todo, seen = set(), list(self.shapes.objects(constraint, SH.prefixes)), set()
        while todo:
            ontology = todo.pop()
            if ontology in seen:
                continue
            seen.add(ontology)
            todo += list(self.shapes.objects(ontology, OWL_IMPORTS))
            for decl in self.shapes.objects(ontology, SH.declare):
                prefix = self.shapes.value(decl, SH.prefix)
                namespace = self.shapes.value(decl, SH.namespace)
                if prefix is None or namespace is None:
                    raise InputError(f"a prefix declaration of {ontology} needs sh:prefix and sh:namespace")
                lines.add(f"PREFIX {prefix}: <{namespace}>")
        return "\n".join(sorted(lines)) + "\n"

    def _shapes_graph_name(self) -> ox.NamedNode:
        """$shapesGraph: the shapes, copied into a named graph of the store for this validation."""
        if self._shapes_graph is None:
            self._shapes_graph = ox.NamedNode(f"urn:ittifak:shapes-graph:{uuid.uuid4()}")
            self.store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), self._shapes_graph)
                              for s, p, o in self.shapes)
        return self._shapes_graph

    def _c_sparql(self, shape, constraint, value_map) -> list[Result]:
        if self._true(constraint, "deactivated"):
            return []
        select = self.shapes.value(constraint, SH.select)
        if select is None:
            raise _unsupported("a SPARQL constraint without sh:select", constraint)
        messages = list(self.shapes.objects(constraint, SH.message))
        return self._select_results(shape, constraint, str(select), value_map, {}, messages,
                                    SH.SPARQLConstraintComponent, constraint)

    def _prepare(self, shape: Node, where: Node, text: str, names: Iterable[str]):
        """(PREFIX lines, prepared query) of query `text` of `where`, $PATH replaced by the path."""
        key = (shape, where)
        if key not in self._prepared:
            path_node = self._one(shape, "path")
            if path_node is not None:
                text = re.sub(r"\$PATH\b", lambda _: self.sparql_path(path_node), text)
            self._prepared[key] = (self._prefixes(where), prepare(text, str(where), names))
        return self._prepared[key]

    def _bound(self, shape: Node, prepared, params: dict) -> dict:
        """The values of the pre-bound variables the query uses, other than $this and $value."""
        bound = {name: to_ox(value) for name, value in params.items() if name in prepared.variables}
        if "currentShape" in prepared.variables:
            bound["currentShape"] = to_ox(shape)
        if "shapesGraph" in prepared.variables:
            bound["shapesGraph"] = self._shapes_graph_name()
        return bound

    def _select_results(self, shape, where, text, value_map, params, messages, component,
                        constraint) -> list[Result]:
        """Results of a SELECT (a SPARQL constraint, or a SELECT validator of a component) for
        all focus nodes: one query for those VALUES can carry, one per node for the others."""
        prefixes, prepared = self._prepare(shape, where, text, (*PREBOUND, *params))
        bound = self._bound(shape, prepared, params)
        focus = set(value_map)
        in_sets = {f for f in focus if not isinstance(f, ox.BlankNode)} if prepared.simple else set()
        rows: list[dict] = []
        ordered = sorted(in_sets, key=str)
        for start in range(0, len(ordered), 20000):
            terms = " ".join(str(f) for f in ordered[start:start + 20000])
            rows += self._select(prefixes + prepared.for_set(terms, bound), bound, None)
        blanks = focus - in_sets
        if prepared.simple and len(blanks) > 1:  # one query for all, then the rows of the blank nodes
            rows += [row for row in self._select(prefixes + prepared.for_all(bound), bound, None)
                     if row.get("this") in blanks]
            blanks = set()
        for f in blanks:
            rows += self._select(prefixes + prepared.for_node(), {**bound, "this": f}, f)
        path_node = self._one(shape, "path")
        severity = self._one(shape, "severity") or SH.Violation
        messages = messages or list(self.shapes.objects(shape, SH.message))
        results = []
        for binding in rows:
            this = binding["this"]
            if this not in focus:  # VALUES and the per-node binding give only focus nodes
                raise AssertionError(f"{where} answered for {this}, not a focus node")
            failure = binding.get("failure")
            if isinstance(failure, ox.Literal) and failure.value == "true":
                raise InputError(f"SPARQL constraint {where} reported a failure at {this}")
            path = path_node
            if path_node is None and isinstance(binding.get("path"), ox.NamedNode):
                path = to_rdflib(binding["path"])
            value = binding.get("value")
            if value is None and path_node is None:
                value = this
            filled = [_fill(m, {**bound, **binding}) for m in messages]
            results.append(Result(this, path, value, shape, component, severity, filled, constraint))
        return results

    def _select(self, query: str, bound: dict, this) -> list[dict]:
        solutions = self.store.query(query, default_graph=self.graph,
                                     custom_functions=_functions(bound))
        names = [v.value for v in solutions.variables]
        rows = []
        for row in solutions:
            binding = {n: row[i] for i, n in enumerate(names) if row[i] is not None}
            binding.setdefault("this", this)
            rows.append(binding)
        return rows

    # ---- SPARQL-based constraint components (SHACL §6)

    def _read_components(self) -> list[Component]:
        found = []
        for node in sorted(set(self.shapes.subjects(SH.parameter, None)), key=str):
            params = []
            for parameter in self.shapes.objects(node, SH.parameter):
                path = self.shapes.value(parameter, SH.path)
                if not isinstance(path, URIRef):
                    raise InputError(f"a parameter of constraint component {node} needs an IRI as sh:path")
                params.append((re.split(r"[#/]", str(path))[-1], path,
                               self.shapes.value(parameter, SH.optional) == TRUE))
            validators = {k: v for k in _COMPONENT_VALIDATORS
                          if (v := self.shapes.value(node, SH[k])) is not None}
            found.append(Component(node, sorted(params), validators))
        return found

    def component_uses(self, shape: Node) -> list[tuple[Component, dict[str, Node]]]:
        """(component, {parameter name: value}) for each SPARQL-based component `shape` uses: one
        per combination of values when a parameter has several."""
        uses = []
        for component in self.components:
            values = {name: sorted(self.shapes.objects(shape, path), key=str)
                      for name, path, _ in component.parameters}
            if not any(values.values()) or any(
                    not values[name] for name, _, optional in component.parameters if not optional):
                continue
            names = [name for name in values if values[name]]
            uses += [(component, dict(zip(names, combo, strict=True)))
                     for combo in itertools.product(*(values[n] for n in names))]
        return uses

    def _component(self, shape, component: Component, params: dict, value_map) -> list[Result]:
        """A SPARQL-based component on `shape`: its node or property SELECT validator, else its
        ASK validator (sh:validator), else nothing (SHACL §6.2.3)."""
        specific = "propertyValidator" if self._one(shape, "path") is not None else "nodeValidator"
        validator = component.validators.get(specific) or component.validators.get("validator")
        if validator is None:
            return []
        messages = list(self.shapes.objects(validator, SH.message)) or list(
            self.shapes.objects(component.node, SH.message))
        select = self.shapes.value(validator, SH.select)
        if select is not None:
            return self._select_results(shape, validator, str(select), value_map, params, messages,
                                        component.node, None)
        ask = self.shapes.value(validator, SH.ask)
        if ask is None:
            raise InputError(f"validator {validator} of {component.node} has neither sh:select nor sh:ask")
        return self._ask_results(shape, validator, str(ask), value_map, params, messages, component.node)

    def _ask_results(self, shape, validator, text, value_map, params, messages, component):
        """An ASK validator: a result for each (focus, value) it answers false for."""
        prefixes, prepared = self._prepare(shape, validator, text, (*PREBOUND, "value", *params))
        bound = self._bound(shape, prepared, params)
        pairs = _distinct((f, v) for f, vals in value_map.items() for v in vals)
        true: set = set()
        in_sets = [p for p in pairs if not any(isinstance(t, ox.BlankNode) for t in p)] \
            if prepared.simple else []
        for start in range(0, len(in_sets), 10000):
            chunk = in_sets[start:start + 10000]
            rows = " ".join(f"({i} {f} {v})"  # as stored, as the per-node queries see them
                            for i, (f, v) in enumerate(chunk, start))
            query = prefixes + prepared.for_set(rows, bound, "(?ittifak_row ?this ?value)")
            for row in self.store.query(query, default_graph=self.graph, custom_functions=_functions(bound)):
                true.add(in_sets[int(row[0].value)])
        done = set(in_sets)
        for pair in pairs:
            if pair not in done:
                answer = self.store.query(prefixes + prepared.for_node(), default_graph=self.graph,
                                          custom_functions=_functions({**bound, "this": pair[0],
                                                                       "value": pair[1]}))
                if bool(answer):
                    true.add(pair)
        path = self._one(shape, "path")
        severity = self._one(shape, "severity") or SH.Violation
        return [Result(f, path, v, shape, component, severity,
                       [_fill(m, {**bound, "this": f, "value": v}) for m in messages])
                for f, v in pairs if (f, v) not in true]


@dataclass
class Component:
    """A SPARQL-based constraint component (SHACL §6): its parameters and validators."""

    node: Node
    parameters: list[tuple[str, URIRef, bool]]  # (variable name, parameter path, optional)
    validators: dict[str, Node]  # validator / nodeValidator / propertyValidator -> its node


def _functions(bound: dict) -> dict:
    """Custom SPARQL functions that return the pre-bound values (see ittifak.validation.shacl_sparql)."""
    return {ox.NamedNode(FUNCTION + name): (lambda term=term: term) for name, term in bound.items()}


_FLAGS = {"i": re.IGNORECASE, "s": re.DOTALL, "m": re.MULTILINE, "x": re.VERBOSE}


def _fill(message: Literal, binding: dict) -> Literal:
    def sub(match: re.Match) -> str:
        term = binding.get(match.group(1))
        return "" if term is None else term.value

    text = re.sub(r"\{[?$](\w+)\}", sub, str(message))
    return Literal(text, lang=message.language, datatype=message.datatype)


def report_graph(results: list[Result], shapes: Graph | None = None, written: dict | None = None) -> Graph:
    """The results as a standard SHACL validation report (with the structure of blank-node paths,
    copied from `shapes`, and literals as `written` in the data where Oxigraph changed them)."""
    written = written or {}
    report = Graph()
    report.bind("sh", SH)
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(not results)))
    for r in results:
        result = BNode()
        component, value = r.component, r.value
        report.add((node, SH.result, result))
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.focusNode, _as_written(r.focus, written)))
        report.add((result, SH.sourceShape, r.shape))
        report.add((result, SH.sourceConstraintComponent, component))
        report.add((result, SH.resultSeverity, r.severity))
        if r.path is not None:
            report.add((result, SH.resultPath, r.path))
            if isinstance(r.path, BNode) and shapes is not None:
                copy_blank(shapes, r.path, report)
        if value is not None:
            report.add((result, SH.value, _as_written(value, written)))
        if r.constraint is not None:
            report.add((result, SH.sourceConstraint, r.constraint))
        for message in r.messages:
            report.add((result, SH.resultMessage, message))
    return report


def _as_written(term, written: dict) -> Node:
    found = written.get(term)  # not `or`: a Literal of zero (P0D) is false
    return to_rdflib(term) if found is None else found


def copy_blank(source: Graph, node, target: Graph, stop: frozenset = frozenset()) -> None:
    """Copy the triples of `node` and of the blank nodes it leads to (not through `stop` properties)."""
    todo, seen = [node], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for p, o in source.predicate_objects(current):
            target.add((current, p, o))
            if isinstance(o, BNode) and p not in stop:
                todo.append(o)


def validate_oxigraph(store: ox.Store, shapes: Graph, graph=None, written: dict | None = None) -> Graph:
    """Validate `graph` of `store` (default: its default graph) against `shapes`: a SHACL report."""
    return report_graph(Validator(store, shapes, graph, written).run(), shapes, written)


def validate_graph(data: Graph, shapes: Graph) -> Graph:
    """Validate an rdflib Graph, copied into Oxigraph (remembering the literals Oxigraph rewrites,
    so they are checked and reported as written). Triples already in a pyoxigraph Store are
    validated in place with `validate_oxigraph`."""
    store = ox.Store()
    store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in data)
    return validate_oxigraph(store, shapes, ox.DefaultGraph(), rewritten_literals(data))


def rewritten_literals(data: Graph) -> dict:
    """{literal as Oxigraph stores it: literal as written} for the literals of `data` Oxigraph
    rewrites on insertion ("300"^^xsd:byte becomes an integer, "2011-01-01"^^xsd:dateTime a valid
    dateTime): found by storing each literal once and reading it back."""
    literals = list({o for o in data.objects() if isinstance(o, Literal)})
    scratch = ox.Store()
    predicate = ox.NamedNode("urn:ittifak:literal")
    scratch.extend(ox.Quad(ox.NamedNode(f"urn:ittifak:literal:{i}"), predicate, to_ox(lit))
                   for i, lit in enumerate(literals))
    found = {}
    for quad in scratch:
        lit = literals[int(quad.subject.value.rsplit(":", 1)[1])]
        if quad.object != to_ox(lit):
            found.setdefault(quad.object, lit)
    return found
