"""Parameter values: typed, checked, and names resolved to IRIs Turkish-aware against the store
the query runs on (`tika`, `TİKA` and `EKETİB` name one organisation)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ittifak.core.errors import InputError
from ittifak.core.sparql import (
    bind_values,
)
from ittifak.core.text import match_key
from ittifak.query.named import (
    NamedQuery,
    Param,
    declared_prefixes,
    expand_curie,
    project_prefixes,
    shorten,
)
from ittifak.store.base import Store

# ---------------------------------------------------------------- parameter values


def parse_assignments(pairs: list[str] | tuple[str, ...]) -> dict[str, list[str]]:
    """`["year=1992", "party=tika"]` → {"year": ["1992"], "party": ["tika"]}; a key may repeat."""
    values: dict[str, list[str]] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip().lstrip("?$")
        if not sep or not key:
            raise InputError(f"parameter {pair!r}: write it as KEY=VALUE")
        values.setdefault(key, []).append(value)
    return values


def bind_params(store: Store, query: NamedQuery, given: dict[str, list[str]],
                lang: str | None = None) -> dict[str, list[Node]]:
    """Typed RDF terms for the query's parameters: given values, defaults, `lang`.

    An unknown or missing parameter, or a value of the wrong type, is an InputError naming it.
    """
    known = {p.name for p in query.params}
    for key in given:
        if key not in known:
            listed = ", ".join(sorted(known)) or "none"
            raise InputError(f"unknown parameter {key!r} for query {query.name} (its parameters: {listed})")
    bindings: dict[str, list[Node]] = {}
    for p in query.params:
        raw = given.get(p.name)
        if raw is None and p.type == "lang" and lang:
            raw = [lang]
        if raw is None:
            if p.default is not None:
                raw = [p.default]
            elif p.optional:
                continue
            else:
                example = f" e.g. --param {p.name}={_quote(p.example)}" if p.example else ""
                what = f": {p.description}" if p.description else ""
                raise InputError(f"missing parameter {p.name!r} for query {query.name}{what}.{example}")
        bindings[p.name] = [coerce(store, p, value, query) for value in raw]
    return bindings


def _quote(value: str) -> str:
    return f'"{value}"' if " " in value else value


def coerce(store: Store, p: Param, value: str, query: NamedQuery | None = None) -> Node:
    """One parameter value as an RDF term of the declared type."""
    where = f"parameter {p.name!r}"
    value = value.strip()
    if p.type == "xsd:integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise InputError(f"{where}: {value!r} is not an integer (xsd:integer)")
        return Literal(int(value), datatype=XSD.integer)
    if p.type == "xsd:decimal":
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise InputError(f"{where}: {value!r} is not a decimal number (xsd:decimal)") from None
        if not number.is_finite():
            raise InputError(f"{where}: {value!r} is not a decimal number (xsd:decimal)")
        return Literal(number, datatype=XSD.decimal)
    if p.type == "xsd:gYear":
        if not re.fullmatch(r"-?\d{4}", value):
            raise InputError(f"{where}: {value!r} is not a year (xsd:gYear, e.g. 1992)")
        return Literal(value, datatype=XSD.gYear)
    if p.type == "xsd:date":
        try:
            valid = bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and dt.date.fromisoformat(value)
        except ValueError:
            valid = False
        if not valid:
            raise InputError(f"{where}: {value!r} is not a date (xsd:date, e.g. 1992-11-02)")
        return Literal(value, datatype=XSD.date)
    if p.type == "xsd:string":
        return Literal(value)
    if p.type == "lang":
        if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", value):
            raise InputError(f"{where}: {value!r} is not a language tag (e.g. tr, en)")
        return Literal(value.lower())
    prefixes = project_prefixes() | (declared_prefixes(query.text) if query else {})
    if p.type == "iri":
        iri = expand_curie(value, prefixes)
        if iri is None:
            raise InputError(f"{where}: {value!r} is not an IRI or a CURIE with a known prefix")
        return iri
    return resolve_name(store, value, p.cls, where, prefixes)


# ---------------------------------------------------------------- names → IRIs

_CANDIDATES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?s ?label WHERE {
  ?s a/rdfs:subClassOf* ?class .
  ?s rdfs:label|skos:altLabel|skos:prefLabel ?label .
  FILTER(isIRI(?s))
}
"""
_CANDIDATES_ANY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?s ?label WHERE {
  ?s rdfs:label|skos:altLabel|skos:prefLabel ?label .
  FILTER(isIRI(?s))
}
"""
_EXISTS = "ASK { { ?s ?p ?o } UNION { ?o ?p ?s } }"
_KINDS = {
    "https://w3id.org/ittifak/ontology#Agent": "actor",
    "http://www.w3.org/2004/02/skos/core#Concept": "concept",
}


def _label_index(store: Store, cls: str | None) -> dict[URIRef, list[str]]:
    cache = store.cache.setdefault("label_index", {})
    if cls in cache:
        return cache[cls]
    if cls is None:
        result = store.query(_CANDIDATES_ANY)
    else:
        result = store.query(bind_values(_CANDIDATES, {"class": [URIRef(cls)]}))
    index: dict[URIRef, list[str]] = {}
    for s, label in result.rows:
        index.setdefault(URIRef(s), []).append(str(label))
    cache[cls] = index
    return index


def resolve_name(store: Store, value: str, cls: str | None, where: str = "name",
                 prefixes: dict[str, str] | None = None) -> URIRef:
    """The one resource (of class `cls`) a label, altLabel, IRI, CURIE or slug names.

    Matching is Turkish-aware: "tika", "TİKA", "Tika" and the altLabel "EKETİB" all name
    organisation:tika. A name matching several resources, or none, is an InputError that lists
    the candidates.
    """
    prefixes = prefixes or project_prefixes()
    kind = _KINDS.get(cls or "", "resource") if cls else "resource"
    iri = expand_curie(value, prefixes)
    if iri is not None:
        if not store.query(bind_values(_EXISTS, {"s": [iri]})).boolean:
            raise InputError(f"{where}: no resource {shorten(str(iri), prefixes)} in the graph")
        return iri
    index = _label_index(store, cls)
    if not index and cls is not None:
        # a store with the data but not the ontology cannot tell an actor by its class
        index = _label_index(store, None)
    key = match_key(value)
    if not key:
        raise InputError(f"{where}: an empty name")
    exact = sorted({s for s, labels in index.items()
                    if any(match_key(lb) == key for lb in labels) or _local_name(s) == key})
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise InputError(f"{where}: {value!r} names {len(exact)} {kind}s: "
                         f"{_describe(exact, index, prefixes)}; give an IRI or a fuller name")
    words = set(_words(key))
    partial = sorted({s for s, labels in index.items()
                      if words and any(words <= set(_words(match_key(lb))) for lb in labels)})
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        raise InputError(f"{where}: {value!r} is ambiguous; it could be "
                         f"{_describe(partial, index, prefixes)}")
    keys = {match_key(lb): s for s, labels in index.items() for lb in labels}
    close = [keys[k] for k in difflib.get_close_matches(key, list(keys), n=5, cutoff=0.6)]
    by_word: dict[str, list[URIRef]] = {}
    for k, s in keys.items():
        for word in _words(k):
            by_word.setdefault(word, []).append(s)
    for word in _words(key):
        for near in difflib.get_close_matches(word, list(by_word), n=3, cutoff=0.8):
            close += by_word[near]
    close = list(dict.fromkeys(close))
    hint = f"; close: {_describe(close, index, prefixes)}" if close else ""
    raise InputError(f"{where}: no {kind} is called {value!r}{hint}")


def _words(key: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in key).split()


def _local_name(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _describe(iris: list[URIRef], index: dict[URIRef, list[str]], prefixes: dict[str, str]) -> str:
    parts = []
    for iri in iris[:8]:
        labels = index.get(iri, [])
        parts.append(f"{shorten(str(iri), prefixes)} ({labels[0]})" if labels
                     else shorten(str(iri), prefixes))
    more = f" and {len(iris) - 8} more" if len(iris) > 8 else ""
    return ", ".join(parts) + more
