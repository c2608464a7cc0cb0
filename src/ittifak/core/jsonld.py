"""The project's JSON-LD context, made from its ontology: short keys for every itt: property."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, XSD

from ittifak.core.vocab import ITT


def jsonld_context(ontology: Graph, prefixes: dict[str, str]) -> dict:
    """Our JSON-LD context: prefixes, and every itt: property as a short key.

    Object properties are typed `@id`, so links read as plain IRIs; typed datatype properties
    carry their datatype.
    """
    context: dict[str, object] = {p: ns for p, ns in sorted(prefixes.items())}
    for prop in sorted(set(ontology.subjects(RDF.type, OWL.ObjectProperty))):
        if str(prop).startswith(str(ITT)):
            context[str(prop)[len(str(ITT)):]] = {"@id": f"itt:{str(prop)[len(str(ITT)):]}", "@type": "@id"}
    for prop in sorted(set(ontology.subjects(RDF.type, OWL.DatatypeProperty))):
        if str(prop).startswith(str(ITT)):
            name = str(prop)[len(str(ITT)):]
            rng = ontology.value(prop, RDFS.range)
            term: dict[str, str] = {"@id": f"itt:{name}"}
            native = {"integer", "positiveInteger", "nonNegativeInteger", "boolean", "decimal"}
            if rng is not None and str(rng).startswith(str(XSD)) and rng.fragment not in native:
                term["@type"] = f"xsd:{str(rng)[len(str(XSD)):]}"
            context[name] = term
    context["label"] = {"@id": "rdfs:label", "@container": "@language"}
    context["altLabel"] = {"@id": "skos:altLabel", "@container": "@language"}
    context["comment"] = {"@id": "rdfs:comment", "@container": "@language"}
    context["description"] = {"@id": "itt:description", "@container": "@language"}
    context["type"] = "@type"
    context["id"] = "@id"
    return {"@context": context}
