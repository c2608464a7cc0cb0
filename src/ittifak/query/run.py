"""Running a named query: bind its parameters, run it on a store, sort the lists inside its cells."""

from __future__ import annotations

from dataclasses import replace

from rdflib import Literal
from rdflib.term import Node

from ittifak.core.errors import InputError
from ittifak.core.sparql import (
    bind_values,
    list_columns,
)
from ittifak.core.terms import text_literal
from ittifak.core.text import match_key
from ittifak.query.library import get_query
from ittifak.query.named import NamedQuery
from ittifak.query.params import bind_params
from ittifak.store.base import QueryResult, Store

# ---------------------------------------------------------------- running


def prepare(store: Store, query: NamedQuery, given: dict[str, list[str]] | None = None,
            lang: str | None = None) -> tuple[str, dict[str, Node]]:
    """The query text with its parameters bound as RDF terms, and the evaluation hints.

    Hints go only with library queries (its tests compare rdflib with Oxigraph): rdflib applies them
    everywhere in the query, as the text does for a single value written in place. A user's own
    file runs on the text alone.
    """
    bindings = bind_params(store, query, given or {}, lang)
    return bind_values(query.text, bindings), hints(bindings) if query.library else {}


def run_query(store: Store, query: NamedQuery, given: dict[str, list[str]] | None = None,
              lang: str | None = None) -> QueryResult:
    """Run a named (or file) query on any store, its parameters bound as RDF terms."""
    text, evaluation_hints = prepare(store, query, given, lang)
    return execute(store, text, query.name, evaluation_hints)


def hints(bindings: dict[str, list[Node]]) -> dict[str, Node]:
    """The single-valued parameters, as an evaluation hint for engines that want one."""
    return {name: values[0] for name, values in bindings.items() if len(values) == 1}


def run_named(store: Store, name: str, lang: str | None = None, **params: str | list[str]) -> QueryResult:
    """`run_named(store, "agreements", year="1992", lang="tr")`: the Python entry point."""
    given = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    return run_query(store, get_query(name), given, lang)


def execute(store: Store, text: str, where: str = "query",
            hints: dict[str, Node] | None = None) -> QueryResult:
    """Run a prepared query; a query the local engine cannot parse is an InputError, not a trace."""
    from ittifak.core.errors import IttifakError

    try:
        return sort_lists(store.query(text, hints), text)
    except IttifakError:
        raise
    except Exception as err:  # noqa: BLE001 -- rdflib and Oxigraph raise many parse error types
        first = next((line.strip() for line in str(err).splitlines() if line.strip()), type(err).__name__)
        raise InputError(f"{where}: the query cannot be run: {first}") from None


def sort_lists(result: QueryResult, text: str) -> QueryResult:
    """The items of each GROUP_CONCAT list in a stable order: by label (Turkish-aware), then as written.

    SPARQL leaves the order of GROUP_CONCAT to the engine, and engines differ (two Oxigraph stores
    holding the same triples can too); an ordered subquery does not bind the engine either. The
    lists hold labels only, so sorting their items after the query is what every store agrees on.
    """
    columns = list_columns(text)
    if result.kind != "select" or not columns:
        return result
    at = {i: columns[v] for i, v in enumerate(result.variables) if columns.get(v)}
    if not at:
        return result
    done: dict[tuple[int, Node], Node] = {}  # the same list in many rows is sorted once
    keys: dict[str, tuple[str, str]] = {}  # and the same item keyed once

    def key(item: str) -> tuple[str, str]:
        found = keys.get(item)
        if found is None:
            found = keys[item] = (match_key(item), item)
        return found

    def cell(i: int, term: Node) -> Node:
        found = done.get((i, term))
        if found is None:
            items = sorted(str(term).split(at[i]), key=key)
            text = at[i].join(items)
            found = done[(i, term)] = (text_literal(text, term.language) if term.datatype is None
                                       else Literal(text, datatype=term.datatype))
        return found

    rows = [row if not any(isinstance(row[i], Literal) for i in at) else
            tuple(cell(i, t) if i in at and isinstance(t, Literal) else t for i, t in enumerate(row))
            for row in result.rows]
    return replace(result, rows=rows)
