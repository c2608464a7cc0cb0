"""What a graph holds: instances per class of the Ittifak ontology."""

from __future__ import annotations

from dataclasses import dataclass

from ittifak.store.base import Store

ITT = "https://w3id.org/ittifak/ontology#"

_CLASS_COUNTS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a ?class .
  FILTER(STRSTARTS(STR(?class), "https://w3id.org/ittifak/ontology#"))
  OPTIONAL { ?class rdfs:label ?l FILTER(LANG(?l) = "en") }
} GROUP BY ?class ORDER BY DESC(?n) ?class
"""


@dataclass(frozen=True)
class ClassCount:
    iri: str
    label: str
    count: int


def class_counts(store: Store) -> list[ClassCount]:
    """Instances per itt: class (as asserted; subclasses are not rolled up)."""
    result = store.query(_CLASS_COUNTS)
    counts = []
    for cls, label, n in result.rows:
        name = str(label) if label is not None else str(cls).removeprefix(ITT)
        counts.append(ClassCount(str(cls), name, int(n)))
    return counts
