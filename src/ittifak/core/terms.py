"""pyoxigraph terms and rdflib terms, converted one way in one place."""

from __future__ import annotations

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


def to_ox(node: Node):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if node.language:
        return ox.Literal(str(node), language=node.language)
    return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype or XSD.string)))
