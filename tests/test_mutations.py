"""Mutation suite: break each rule once on a copy of the project graph; the right shape must say so.

The cases live in tests/mutations.toml, one per rule at least: a small SPARQL Update on a copy of
the shipped graph, the shape expected to catch it (sh:sourceShape), the resource it is reported
under and the label a reader sees. Each mutated graph is validated around the change (tests/focus.py)
by pySHACL through `ittifak.validate`, and by pyrudof, an independent engine, on the same focus
nodes: both must agree on every result.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from conftest import resource_dir
from focus import apply_update, focused_shapes, neighbourhood, revert, skolemised
from ittifak.core.vocab import ITTS
from ittifak.validation.report import render_text
from ittifak.validation.results import WELL_TYPED
from ittifak.validation.shapes import load_shapes, named_shapes
from ittifak.validation.validate import validate_graph
from shacl_engines import rudof_validate, summary

HERE = Path(__file__).resolve().parent
CASES = tomllib.loads((HERE / "mutations.toml").read_text(encoding="utf-8"))["mutation"]
ID = "https://w3id.org/ittifak/id/"


def _prefixes() -> str:
    text = (resource_dir("data") / "_prefixes.ttl").read_text(encoding="utf-8")
    lines = [f"PREFIX {m[1]} <{m[2]}>" for m in re.finditer(r"@prefix\s+(\S+)\s+<([^>]*)>", text)]
    lines += ["PREFIX owl: <http://www.w3.org/2002/07/owl#>",
              "PREFIX itts: <https://w3id.org/ittifak/shapes#>"]
    return "\n".join(lines) + "\n"


PREFIXES = _prefixes()


def expand(curie: str) -> URIRef:
    kind, _, local = curie.partition(":")
    return URIRef(f"{ID}{kind}/{local}")


class Bench:
    """One copy of the shipped graph, mutated in place and put back after each case.

    The copy is kept three ways -- rdflib's memory store (what pySHACL reads), an Oxigraph mirror
    (which answers the SPARQL-based rules) and pyrudof's own store -- and every mutation is applied
    to and reverted from all three, so no case sees another's change.
    """

    def __init__(self, project) -> None:
        from pyrudof import RDFFormat, Rudof, RudofConfig

        self.graph = skolemised(project.graph)
        self.sparql = Graph(store="Oxigraph")
        self.sparql.addN((s, p, o, self.sparql) for s, p, o in self.graph)
        self.rudof = Rudof(RudofConfig())
        self.rudof.read_data(self.graph.serialize(format="nt"), format=RDFFormat.NTriples)
        self.shapes = load_shapes()
        self.results: dict[str, tuple] = {}

    def _rudof_edit(self, add: set, remove: set) -> None:
        for s, p, o in remove:
            self.rudof.remove_triple(s.n3(), p.n3(), o.n3())
        for s, p, o in add:
            self.rudof.add_triple(s.n3(), p.n3(), o.n3())

    def run(self, case: dict) -> tuple:
        """(our report, pyrudof's outcome) for the case, computed once."""
        if case["id"] in self.results:
            return self.results[case["id"]]
        added, removed = apply_update(self.graph, PREFIXES + case["update"])
        try:
            assert added or removed, f"{case['id']}: the update changed nothing; fix the case"
            self.sparql.addN((s, p, o, self.sparql) for s, p, o in added)
            for triple in removed:
                self.sparql.remove(triple)
            self._rudof_edit(added, removed)
            changed = {t[0] for t in added | removed}
            touched = {t[2] for t in added | removed} | {expand(case["entity"])}
            focus = focused_shapes(self.shapes, self.graph, neighbourhood(self.graph, changed, touched))
            report = validate_graph(self.graph, focus, sparql=self.sparql)
            theirs = rudof_validate(self.rudof, focus.serialize(format="nt"))
        finally:
            revert(self.graph, added, removed)
            revert(self.sparql, added, removed)
            self._rudof_edit(removed, added)
        self.results[case["id"]] = (report, theirs)
        return report, theirs


@pytest.fixture(scope="module")
def bench(project):
    return Bench(project)


def _ids(case):
    return case["id"]


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_mutation_is_caught_by_its_shape(case, bench):
    report, _ = bench.run(case)
    severity = case.get("severity", "violation")
    shape = ITTS[case["shape"]]
    entity = expand(case["entity"])
    hits = [r for r in report.results if r.shape == shape and r.entity == entity]
    found = sorted({(str(r.shape).rsplit("#", 1)[-1], str(r.entity), r.severity) for r in report.results})
    assert hits, f"{case['id']}: not caught by {case['shape']} on {case['entity']}; found {found}"
    assert {r.severity for r in hits} == {severity}
    # the reader sees the resource by its label, in the message and in the report's heading
    for hit in hits:
        assert hit.entity_label == case["label"]
        assert case["label"] in hit.statement
    assert case["label"] in render_text(report)
    if severity == "violation":
        assert not report.conforms
    else:
        assert report.conforms, [r.message for r in report.violations]
        assert "conflict" in hits[0].message
    for needle in case.get("message_has", []):
        assert any(needle in hit.message for hit in hits), (needle, [h.message for h in hits])


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_second_engine_agrees_on_the_mutation(case, bench):
    """pyrudof finds the same results on the same focus nodes (ill-typed literals found by
    ittifak itself, outside SHACL, excepted)."""
    report, theirs = bench.run(case)
    ours = summary(report.graph).without(str(WELL_TYPED))
    assert theirs.conforms == ours.conforms
    assert theirs.results == ours.results


def test_every_rule_has_a_mutation():
    shapes = load_shapes()
    covered = {case["shape"] for case in CASES}
    rules = {str(s).rsplit("#", 1)[-1] for s in rule_shapes(shapes)}
    assert sorted(rules - covered) == []
    assert sorted(covered - rules) == []


def rule_shapes(shapes: Graph) -> list[URIRef]:
    """Shapes that can report a result themselves: those with a constraint of their own.

    Shapes that only group property shapes, and shapes used only inside another (sh:node), report
    nothing under their own name.
    """
    from rdflib.namespace import SH

    structural = {SH.property, SH.message, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf,
                  SH.targetNode, SH.severity, SH.deactivated, SH.name, SH.description}
    nested = set(shapes.objects(None, SH.node))
    found = []
    for shape in named_shapes(shapes):
        own = {p for p in shapes.predicates(shape) if str(p).startswith(str(SH))} - structural
        if (own - {SH.path} and shape not in nested) or shape == WELL_TYPED:
            found.append(shape)
    return found
