"""pyoxigraph terms and rdflib terms, converted one way in one place."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ittifak.core.errors import InputError

_XSD_STRING = str(XSD.string)


def to_rdflib(term, normalize: bool = True) -> Node:
    """A pyoxigraph term as an rdflib term; a plain string literal has no datatype, as in rdflib.

    `normalize=False` keeps a typed literal's text exactly as stored (the SHACL engine reports
    values as written).

    >>> to_rdflib(ox.Literal("TİKA", language="tr"))
    rdflib.term.Literal('TİKA', lang='tr')
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=normalize)
    raise InputError(f"a term of an unsupported kind: {term!r}")


class Converter:
    """pyoxigraph terms to rdflib terms for query results, as `to_rdflib` gives them but faster.

    Each distinct term is converted once (an answer repeats its agreements, states and offices in
    row after row; looking a term up costs a third of making it). IRIs and plain or
    language-tagged literals are made without rdflib's checks (Oxigraph has already checked them;
    the lexical form is the value); typed literals, whose Python value rdflib computes, go through
    `to_rdflib`. rdflib terms are immutable, so sharing one between cells is safe.
    """

    def __init__(self) -> None:
        self.seen: dict[object, Node] = {}

    def __call__(self, term) -> Node | None:
        if term is None:
            return None
        found = self.seen.get(term)
        if found is None:
            found = self.seen[term] = _convert(term)
        return found


def text_literal(value: str, language: str | None = None) -> Literal:
    """A plain or language-tagged rdflib literal, made without rdflib's checks: for text an engine
    has already checked (a language tag as Oxigraph or rdflib keeps it).

    >>> text_literal("TİKA", "tr") == Literal("TİKA", lang="tr")
    True
    """
    literal = _new(Literal, value)
    literal._language = language or None
    literal._datatype = None
    literal._value = value
    literal._ill_typed = None
    return literal


def _convert(term) -> Node:
    kind = type(term)
    if kind is _NAMED:
        return _new(URIRef, term.value)
    if kind is _LITERAL:
        language = term.language
        if language or term.datatype.value == _XSD_STRING:
            return text_literal(term.value, language)
        return _typed(term.value, term.datatype.value) or to_rdflib(term)
    return to_rdflib(term)


_NAMED, _LITERAL, _new = ox.NamedNode, ox.Literal, str.__new__
_DATATYPES: dict[str, URIRef] = {}


def _typed(lexical: str, datatype: str) -> Literal | None:
    """The commonest typed literals of query results (dates, years, integers) as rdflib makes them,
    without its general casting; None for any other, or any not in canonical form."""
    if datatype == _XSD_DATE:
        try:
            value = dt.date.fromisoformat(lexical)
        except ValueError:
            return None
        if value.isoformat() != lexical:
            return None
        ill_typed = False
    elif datatype == _XSD_INTEGER:
        if not lexical.isascii() or not lexical.lstrip("-").isdigit() or str(int(lexical)) != lexical:
            return None
        value, ill_typed = int(lexical), False
    elif datatype in _NO_PYTHON_VALUE:
        value, ill_typed = None, None
    else:
        return None
    literal = _new(Literal, lexical)
    literal._language = None
    literal._datatype = _DATATYPES.get(datatype) or _DATATYPES.setdefault(datatype, URIRef(datatype))
    literal._value = value
    literal._ill_typed = ill_typed
    return literal


_XSD_DATE, _XSD_INTEGER = str(XSD.date), str(XSD.integer)
_NO_PYTHON_VALUE = {str(XSD.gYear), str(XSD.gYearMonth)}


def to_ox(node: Node):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if node.language:
        return ox.Literal(str(node), language=node.language)
    return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype or XSD.string)))
