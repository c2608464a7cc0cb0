"""Where the graph lives, chosen by name: `memory`, `oxigraph[:PATH]` or a SPARQL endpoint URL.

Every store answers `query(text)` with the same QueryResult and declares its capabilities, so
commands do not care which one they run on. The stores' modules are imported when a store of
their kind is opened (or named), so a command that opens one kind does not import the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ittifak.store.base import QueryResult, Store
from ittifak.store.spec import STORE_HELP, StoreSpec, parse_spec

if TYPE_CHECKING:
    from ittifak.store.endpoint import EndpointStore
    from ittifak.store.local import MemoryStore, OxigraphStore


def open_store(spec: str | StoreSpec = "oxigraph", *, timeout: float = 30.0,
               default_graph: str | None = None) -> Store:
    """Open an empty local store, or a remote endpoint, by its spec."""
    parsed = spec if isinstance(spec, StoreSpec) else parse_spec(spec)
    if parsed.kind == "memory":
        from ittifak.store.local import MemoryStore

        return MemoryStore()
    if parsed.kind == "oxigraph":
        from ittifak.store.local import OxigraphStore

        return OxigraphStore(parsed.location, str(parsed))
    from ittifak.store.endpoint import EndpointStore

    return EndpointStore(str(parsed.url), timeout=timeout, default_graph=default_graph)


def __getattr__(name: str):
    """`from ittifak.store import EndpointStore` (or a local store) imports its module then."""
    if name == "EndpointStore":
        from ittifak.store.endpoint import EndpointStore

        return EndpointStore
    if name in ("MemoryStore", "OxigraphStore"):
        from ittifak.store.local import MemoryStore, OxigraphStore

        return {"MemoryStore": MemoryStore, "OxigraphStore": OxigraphStore}[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["STORE_HELP", "EndpointStore", "MemoryStore", "OxigraphStore", "QueryResult", "Store", "StoreSpec",
           "open_store", "parse_spec"]
