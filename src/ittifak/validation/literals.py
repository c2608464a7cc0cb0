"""Literals whose text is not a value of their datatype: rdflib keeps them and SHACL checks only
where a shape names a datatype, so every literal of the graph is checked here."""

from __future__ import annotations

import logging
import re
import warnings
from functools import lru_cache

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from ittifak.validation.results import WELL_TYPED

# Lexical forms rdflib does not check (it accepts "19x2"^^xsd:gYear and maps "yes"^^xsd:boolean to false).
_LEXICAL = {
    XSD.boolean: re.compile(r"true|false|1|0"),
    XSD.gYear: re.compile(r"-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?"),
    XSD.gYearMonth: re.compile(r"-?[0-9]{4,}-(0[1-9]|1[0-2])(Z|[+-][0-9]{2}:[0-9]{2})?"),
}


@lru_cache(maxsize=4096)
def _ill_typed(lexical: str, datatype: URIRef) -> bool:
    pattern = _LEXICAL.get(datatype)
    if pattern is not None:
        return pattern.fullmatch(lexical) is None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Literal(lexical, datatype=datatype).ill_typed is True


def ill_typed(literal: Literal) -> bool:
    """Whether the literal's text is not a valid value of its datatype ("1990-06-31"^^xsd:date).

    Decided from the lexical form and datatype alone: rdflib only marks literals it built from
    text itself, and leaves some datatypes unchecked.
    """
    if literal.datatype is None or literal.language:
        return False
    return _ill_typed(str(literal), literal.datatype)


def ill_typed_literals(data: Graph) -> list[tuple[Node, Node, Literal]]:
    """Statements whose literal is not valid for its datatype.

    rdflib keeps such a literal and only logs a warning; SHACL flags it only where a shape names a
    datatype for that property, so every literal of the graph is checked here as well.
    """
    logging.getLogger("rdflib").setLevel(logging.ERROR)
    return [(s, p, o) for s, p, o in data if isinstance(o, Literal) and ill_typed(o)]


def top_results(report: Graph) -> list[Node]:
    """The results a SHACL report lists (sh:result), not the nested details some engines add."""
    return [r for node in report.subjects(RDF.type, SH.ValidationReport)
            for r in report.objects(node, SH.result)]


def add_ill_typed(report: Graph, data: Graph, shapes: Graph) -> None:
    seen = {(report.value(r, SH.focusNode), report.value(r, SH.resultPath), report.value(r, SH.value))
            for r in top_results(report)}
    report_node = next(report.subjects(RDF.type, SH.ValidationReport), None)
    messages = list(shapes.objects(WELL_TYPED, SH.message))
    for s, p, o in ill_typed_literals(data):
        if (s, p, o) in seen:
            continue
        result = BNode()
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.focusNode, s))
        report.add((result, SH.resultPath, p))
        report.add((result, SH.value, o))
        report.add((result, SH.resultSeverity, SH.Violation))
        report.add((result, SH.sourceShape, WELL_TYPED))
        report.add((result, SH.sourceConstraintComponent, SH.DatatypeConstraintComponent))
        for message in messages:
            report.add((result, SH.resultMessage, message))
        if report_node is not None:
            report.add((report_node, SH.result, result))
            report.set((report_node, SH.conforms, Literal(False)))
