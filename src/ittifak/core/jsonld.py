"""The project's JSON-LD context, made from its ontology: short keys for every itt: property."""

from __future__ import annotations

import json

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

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


def compact_document(graph: Graph, context: dict) -> dict:
    """The graph as a flat JSON-LD document under `context` (one of ours, see `jsonld_context`).

    What a general JSON-LD processor's compaction gives for such a context, written directly: a
    property's short key where its term fits every value (an `@id` term for links, a typed term for
    literals of its datatype, a language map for tagged labels), else the property's CURIE with
    value objects; IRIs as CURIEs where a prefix covers them. It reads back as the same graph
    (tests/test_export.py parses every file with rdflib and Oxigraph).
    """
    ctx = context["@context"]
    prefixes = sorted(((ns, p) for p, ns in ctx.items() if isinstance(ns, str) and not ns.startswith("@")
                       and ns.endswith(("/", "#", ":"))), key=lambda item: (-len(item[0]), item[1]))
    by_start: dict[str, list[tuple[str, str]]] = {}
    for ns, p in prefixes:
        by_start.setdefault(ns[:12], []).append((ns, p))
    compacted: dict[str, str] = {}

    def iri(value: str) -> str:
        found = compacted.get(value)
        if found is None:
            found = value
            for ns, p in by_start.get(value[:12], ()):
                if value.startswith(ns) and len(value) > len(ns) and not value[len(ns):].startswith("//"):
                    found = f"{p}:{value[len(ns):]}"
                    break
            compacted[value] = found
        return found

    def expand(curie: str) -> str:
        p, _, rest = curie.partition(":")
        ns = ctx.get(p)
        return ns + rest if isinstance(ns, str) and not rest.startswith("//") else curie

    terms: dict[str, tuple[str, str | None, str | None]] = {}  # property IRI → (term, @type, @container)
    for term, definition in sorted(ctx.items()):
        if isinstance(definition, dict) and "@id" in definition:
            typ = definition.get("@type")
            terms.setdefault(expand(definition["@id"]), (term, expand(typ) if typ and typ != "@id" else typ,
                                                        definition.get("@container")))

    def node_id(term: Node) -> str:
        return f"_:{term}" if isinstance(term, BNode) else iri(str(term))

    def value_object(term: Node) -> object:
        if not isinstance(term, Literal):
            return {"@id": node_id(term)}
        if term.language:
            return {"@value": str(term), "@language": term.language}
        if term.datatype is None:
            return str(term)
        return {"@value": str(term), "@type": iri(str(term.datatype))}

    def fits(term: Node, typ: str | None, container: str | None) -> bool:
        if container == "@language":
            return isinstance(term, Literal) and bool(term.language)
        if typ == "@id":
            return isinstance(term, (URIRef, BNode))
        if typ is not None:
            return isinstance(term, Literal) and not term.language and str(term.datatype) == typ
        return True

    def one_or_many(values: list) -> object:
        values = sorted(values, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
        return values[0] if len(values) == 1 else values

    nodes: dict[Node, dict[URIRef, list[Node]]] = {}
    for s, p, o in graph:
        nodes.setdefault(s, {}).setdefault(p, []).append(o)
    out = []
    for subject, properties in nodes.items():
        node: dict[str, object] = {"id": node_id(subject)}
        for prop, objects in properties.items():
            if prop == RDF.type and all(isinstance(o, URIRef) for o in objects):
                node["type"] = one_or_many([iri(str(o)) for o in objects])
                continue
            term, typ, container = terms.get(str(prop), (None, None, None))
            if term is None or not all(fits(o, typ, container) for o in objects):
                node[iri(str(prop))] = one_or_many([value_object(o) for o in objects])
            elif container == "@language":
                by_lang: dict[str, list[str]] = {}
                for o in objects:
                    by_lang.setdefault(o.language, []).append(str(o))
                node[term] = {lang: one_or_many(texts) for lang, texts in by_lang.items()}
            elif typ == "@id":
                node[term] = one_or_many([node_id(o) for o in objects])
            elif typ is not None:
                node[term] = one_or_many([str(o) for o in objects])
            else:
                node[term] = one_or_many([value_object(o) for o in objects])
        out.append(node)
    out.sort(key=lambda n: (n["id"], json.dumps(n, ensure_ascii=False, sort_keys=True)))
    return {"@context": ctx, "@graph": out}
