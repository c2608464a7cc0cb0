"""The vocabularies Ittifak speaks: namespaces declared once, prefixes, one IRI shortener.

`ITT` is the ontology's namespace and `ITTS` the shapes'; the project's own id prefixes
(`person:`, `agreement:` …) are read from its data/_prefixes.ttl by `ittifak.core.layout`.
A test checks these namespaces against the ontology files.
"""

from __future__ import annotations

import re

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

ITT = Namespace("https://w3id.org/ittifak/ontology#")
ITTS = Namespace("https://w3id.org/ittifak/shapes#")
BASE = "https://w3id.org/ittifak/"
GRAPH = Namespace(f"{BASE}graph/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ORG = Namespace("http://www.w3.org/ns/org#")

#: Prefixes of the vocabularies Ittifak uses, beside the project's own (see layout.Layout.prefixes).
STANDARD_PREFIXES: dict[str, str] = {
    "itt": str(ITT), "itts": str(ITTS),
    "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD), "skos": str(SKOS),
    "dcterms": str(DCTERMS), "prov": str(PROV), "sh": str(SH),
    "foaf": str(FOAF), "schema": "https://schema.org/", "org": str(ORG),
    "time": "http://www.w3.org/2006/time#", "rico": "https://www.ica.org/standards/RiC/ontology#",
    "vann": "http://purl.org/vocab/vann/", "void": str(VOID), "dcat": str(DCAT), "spdx": str(SPDX),
    "wd": "http://www.wikidata.org/entity/",
}

_LOCAL = re.compile(r"[\w.-]*")


def shorten(iri: str, prefixes: dict[str, str]) -> str:
    """An IRI as a CURIE under the longest prefix that covers it, else the IRI itself.

    >>> shorten("https://w3id.org/ittifak/ontology#Agreement", {"itt": str(ITT)})
    'itt:Agreement'
    >>> shorten("http://example.org/x y", {"ex": "http://example.org/"})
    'http://example.org/x y'
    """
    best: tuple[str, str] | None = None
    for prefix, ns in prefixes.items():
        longer = best is None or len(ns) > len(best[1])
        if ns and iri.startswith(ns) and longer and _LOCAL.fullmatch(iri[len(ns):]):
            best = (prefix, ns)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else iri
