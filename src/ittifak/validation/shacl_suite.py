"""The W3C SHACL test suite (Core and SHACL-SPARQL): its tests, and how an engine's report is judged.

Read by tests/test_w3c_shacl.py and scripts/shacl_conformance.py. A test passes when the report
has the expected `sh:conforms` and the same results, compared as the suite's README says on
(focus node, result path, source constraint component, severity, value); a blank node of the data
is itself, a blank-node path is compared by its structure. A test that expects `sht:Failure`
passes when the engine refuses the shapes. The manifest and the expected report are removed from
the data and shapes graphs first.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import rdflib
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from ittifak.core.errors import InputError
from ittifak.validation.bulkshacl import copy_blank

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
ENV = "ITTIFAK_SHACL_TESTS"
#: Report terms that name nodes of the data or shapes graph (copying a report stops there).
_NAMED = frozenset({SH.focusNode, SH.value, SH.sourceShape, SH.sourceConstraint})


@dataclass
class SuiteTest:
    name: str  # the test's file in the suite, without ".ttl": "core/path/path-complex-002"
    label: str
    data: Graph
    shapes: Graph
    expected: Graph | None  # the expected report, None for sht:Failure

    @property
    def folder(self) -> str:
        return self.name.rsplit("/", 1)[0]


def suite_dir(repo: Path) -> Path:
    """Where the suite is: $ITTIFAK_SHACL_TESTS, else ../shared/w3c-shacl-test-suite beside the repo."""
    return Path(os.environ.get(ENV) or repo.parent / "shared" / "w3c-shacl-test-suite")


def _path(iri) -> Path:
    return Path(unquote(urlparse(str(iri)).path))


def load_suite(root: Path) -> list[SuiteTest]:
    """Every test reachable from root/manifest.ttl, in manifest order, then any test file no
    manifest includes."""
    parsed: dict[Path, Graph] = {}

    def graph(path: Path) -> Graph:
        if path not in parsed:
            g = Graph()
            rdflib.NORMALIZE_LITERALS = False  # keep literals as written ("1"^^xsd:boolean is not true)
            try:
                g.parse(path, format="turtle", publicID=path.as_uri())
            finally:
                rdflib.NORMALIZE_LITERALS = True
            parsed[path] = g
        return parsed[path]

    tests: list[SuiteTest] = []
    todo = [root.resolve() / "manifest.ttl"]
    # Files with a test that no manifest includes (sparql/component/nodeValidator-001 upstream).
    orphans = sorted(p for p in root.resolve().glob("*/*/*.ttl") if "sht:Validate" in p.read_text())
    done: set[Path] = set()
    while todo or orphans:
        path = todo.pop(0) if todo else orphans.pop(0)
        if path in done:
            continue
        done.add(path)
        g = graph(path)
        for manifest in g.subjects(RDF.type, MF.Manifest):
            todo += [_path(i) for i in g.objects(manifest, MF.include)]
            for entries in g.objects(manifest, MF.entries):
                for entry in Collection(g, entries):
                    tests.append(_test(g, entry, graph, root.resolve()))
    return tests


def _test(g: Graph, entry: URIRef, graph: Callable[[Path], Graph], root: Path) -> SuiteTest:
    action = g.value(entry, MF.action)
    result = g.value(entry, MF.result)
    data = _strip(graph(_path(g.value(action, SHT.dataGraph))))
    shapes = _strip(graph(_path(g.value(action, SHT.shapesGraph))))
    expected = None
    if result != SHT.Failure:
        expected = Graph()
        copy_blank(g, result, expected, _NAMED)
    name = str(_path(entry).relative_to(root)).removesuffix(".ttl")
    return SuiteTest(name, str(g.value(entry, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))),
                     data, shapes, expected)


def _strip(g: Graph) -> Graph:
    """A copy of `g` without its manifests, test entries and expected reports."""
    remove = Graph()
    for manifest in g.subjects(RDF.type, MF.Manifest):
        copy_blank(g, manifest, remove, _NAMED)
        for entries in g.objects(manifest, MF.entries):
            for entry in Collection(g, entries):
                copy_blank(g, entry, remove, _NAMED)
    out = Graph()
    for triple in g:
        if triple not in remove:
            out.add(triple)
    return out


# ------------------------------------------------------------------ judging a report


def _term(report: Graph, node, data: Graph | None):
    """A comparable form of a report term: blank nodes of the data are themselves, other blank nodes
    (paths) their structure."""
    if node is None or not isinstance(node, BNode):
        return node
    if data is not None and ((node, None, None) in data or (None, None, node) in data):
        return node
    if (node, RDF.first, None) in report:
        return ("list", tuple(_term(report, m, data) for m in Collection(report, node)))
    return frozenset((p, _term(report, o, data)) for p, o in report.predicate_objects(node))


def results(report: Graph, data: Graph) -> tuple[bool | None, set[tuple]]:
    """(sh:conforms, {(focus, path, component, severity, value)}) of a SHACL report graph."""
    node = next(iter(report.subjects(RDF.type, SH.ValidationReport)), None)
    conforms = report.value(node, SH.conforms)
    found = set()
    for r in report.objects(node, SH.result):  # pySHACL nests more under sh:detail; not results
        found.add((_term(report, report.value(r, SH.focusNode), data),
                   _term(report, report.value(r, SH.resultPath), None),
                   report.value(r, SH.sourceConstraintComponent), report.value(r, SH.resultSeverity),
                   _term(report, report.value(r, SH.value), data)))
    return (conforms.toPython() if isinstance(conforms, Literal) else None), found


@dataclass
class Outcome:
    verdict: str  # "passed", "refused" (the engine named a feature it does not implement), "failed"
    detail: str = ""


def judge(engine: Callable[[Graph, Graph], Graph], test: SuiteTest,
          refusal: Callable[[Exception], bool]) -> Outcome:
    """Run `engine(data, shapes)` on `test`; `refusal` says which errors name unsupported features."""
    try:
        report = engine(test.data, test.shapes)
    except Exception as err:  # noqa: BLE001 - any error is an outcome here
        if test.expected is None:
            return Outcome("passed", f"refused as expected: {err}")
        kind = "refused" if refusal(err) else "failed"
        return Outcome(kind, f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}")
    if test.expected is None:
        return Outcome("failed", "expected a failure, got a report")
    want, got = results(test.expected, test.data), results(report, test.data)
    if want == got:
        return Outcome("passed")
    lines = [f"conforms: expected {want[0]}, got {got[0]}"] if want[0] != got[0] else []
    lines += [f"missing: {r}" for r in sorted(map(str, want[1] - got[1]))]
    lines += [f"unexpected: {r}" for r in sorted(map(str, got[1] - want[1]))]
    return Outcome("failed", "\n".join(lines))


# ------------------------------------------------------------------ the engines


def run_bulkshacl(data: Graph, shapes: Graph) -> Graph:
    from .bulkshacl import validate_graph

    return validate_graph(data, shapes)


def bulkshacl_refused(err: Exception) -> bool:
    return isinstance(err, InputError) and str(err).startswith("unsupported:")


def run_pyshacl(data: Graph, shapes: Graph) -> Graph:
    import pyshacl

    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    if not isinstance(report, Graph):
        raise TypeError(f"pySHACL gave no report: {report}")
    return report


def pyshacl_refused(err: Exception) -> bool:
    from pyshacl.errors import ConstraintLoadError, ReportableRuntimeError, ShapeLoadError

    return isinstance(err, (ConstraintLoadError, ShapeLoadError, ReportableRuntimeError,
                            NotImplementedError))
