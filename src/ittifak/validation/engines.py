"""The SHACL engines behind `run_shacl`: pySHACL, or the set-at-a-time engine (ittifak.validation.bulkshacl)."""

from __future__ import annotations

import logging
from functools import lru_cache

from rdflib import Graph

from ittifak.core.errors import InputError
from ittifak.validation.shapes import compact_sparql

# ---------------------------------------------------------------------------------------------
# The engine


SPARQL_BACKENDS = ("oxigraph", "rdflib")


@lru_cache(maxsize=512)
def _prepared(text: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


class _EngineGraph(Graph):
    """The data as pySHACL sees it: triples from rdflib's memory store, SPARQL from a chosen backend.

    pySHACL reads triples one pattern at a time (fast in memory) and runs each SPARQL-based rule
    once per focus node. rdflib re-parses a query text on every call, so:
    - `oxigraph` answers the queries from an Oxigraph copy of the triples: the copy costs a little,
      each query almost nothing -- the fastest for a whole graph with many focus nodes;
    - `rdflib` parses each query once and evaluates it in rdflib: no copy, the fastest when only a
      few resources are validated.
    Both give the same terms, blank nodes included. A caller that already keeps the same triples in
    an Oxigraph graph can pass that graph instead.
    """

    def __init__(self, data: Graph, sparql: str | Graph = "oxigraph") -> None:
        if isinstance(sparql, Graph):  # the caller keeps a graph with the same triples for SPARQL
            super().__init__(store=data.store, identifier=data.identifier,
                             namespace_manager=data.namespace_manager)
            self._sparql = sparql
            return
        if sparql not in SPARQL_BACKENDS:
            raise ValueError(f"unknown SPARQL backend {sparql!r}")
        if _uses_oxigraph(data):
            super().__init__()
            self += data
            self._sparql = data if sparql == "oxigraph" else None
        else:
            super().__init__(store=data.store, identifier=data.identifier,
                             namespace_manager=data.namespace_manager)
            self._sparql = None
            if sparql == "oxigraph":
                self._sparql = Graph(store="Oxigraph")
                self._sparql.addN((s, p, o, self._sparql) for s, p, o in data)

    def query(self, query_object, *args, **kwargs):
        if self._sparql is not None:
            return self._sparql.query(query_object, *args, **kwargs)
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


def _uses_oxigraph(graph: Graph) -> bool:
    from oxrdflib import OxigraphStore

    return isinstance(graph.store, OxigraphStore)


#: SHACL engines: pySHACL (one focus node at a time, any SHACL), or ittifak.validation.bulkshacl, which checks
#: whole sets of nodes on Oxigraph (SHACL Core and SHACL-SPARQL; for graphs of millions of triples).
ENGINES = ("pyshacl", "oxigraph")


def run_shacl(data: Graph, shapes: Graph, engine: str = "pyshacl",
              sparql: str | Graph = "oxigraph", native=None) -> Graph:
    """Validate `data` against `shapes`; return the SHACL validation report graph.

    The one place that knows the engines. For pySHACL, `sparql` picks how SPARQL-based rules are
    answered (see _EngineGraph); the result does not depend on it. `native`: the pyoxigraph Store
    that already holds `data` in its default graph, which the set-at-a-time engine reads in place.
    """
    if engine == "oxigraph":
        import pyoxigraph as ox

        from ittifak.validation.bulkshacl import validate_graph as validate_in_bulk
        from ittifak.validation.bulkshacl import validate_oxigraph

        if native is not None:
            return validate_oxigraph(native, shapes, ox.DefaultGraph())
        return validate_in_bulk(data, shapes)
    if engine != "pyshacl":
        raise InputError(f"unknown SHACL engine {engine!r}: use {' or '.join(ENGINES)}")
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError

    logging.getLogger("rdflib").setLevel(logging.ERROR)
    try:
        _conforms, report, _text = pyshacl.validate(
            _EngineGraph(data, sparql), shacl_graph=compact_sparql(shapes), inference="none",
            allow_warnings=True, allow_infos=True, advanced=False)
    except ReportableRuntimeError as err:
        raise InputError(f"the SHACL shapes cannot be used: {err.message}") from None
    if not isinstance(report, Graph):  # pySHACL returns a ValidationFailure for unusable shapes
        first = str(getattr(report, "message", report)).strip().splitlines()[0]
        raise InputError(f"the SHACL shapes cannot be used: {first}")
    return report
