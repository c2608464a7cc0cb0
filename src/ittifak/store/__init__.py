"""Where the graph lives, chosen by name: `memory`, `oxigraph[:PATH]` or a SPARQL endpoint URL.

Every store answers `query(text)` with the same QueryResult and declares its capabilities, so
commands do not care which one they run on.
"""

from __future__ import annotations

from ittifak.store.base import QueryResult, Store
from ittifak.store.endpoint import EndpointStore
from ittifak.store.local import MemoryStore, OxigraphStore
from ittifak.store.spec import STORE_HELP, StoreSpec, parse_spec


def open_store(spec: str | StoreSpec = "oxigraph", *, timeout: float = 30.0,
               default_graph: str | None = None) -> Store:
    """Open an empty local store, or a remote endpoint, by its spec."""
    parsed = spec if isinstance(spec, StoreSpec) else parse_spec(spec)
    if parsed.kind == "memory":
        return MemoryStore()
    if parsed.kind == "oxigraph":
        return OxigraphStore(parsed.location, str(parsed))
    return EndpointStore(str(parsed.url), timeout=timeout, default_graph=default_graph)


__all__ = ["STORE_HELP", "EndpointStore", "MemoryStore", "OxigraphStore", "QueryResult", "Store", "StoreSpec",
           "open_store", "parse_spec"]
