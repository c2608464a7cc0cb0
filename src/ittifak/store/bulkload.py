"""Loading big RDF files into the embedded Oxigraph store with its bulk loader.

rdflib's parser, even with oxrdflib's fast formats, goes through rdflib terms triple by triple;
pyoxigraph's `Store.bulk_load` parses and indexes in Rust (a million triples in seconds, about 13×
faster than rdflib's memory store). An on-disk store remembers which files it holds, so a second
command on the same `oxigraph:PATH` with the same `--data` does not load them again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from ittifak.core.errors import InputError
from ittifak.core.formats import of_kind
from ittifak.core.inputs import (
    BOM,
    LONG_TOKEN_FILE_LIMIT,
    check_file,
    is_buffer_limit,
    long_token_message,
    open_regular,
    refuse_xml_entities,
    visible,
)

#: what the bulk loader reads: every RDF syntax of the format registry that pyoxigraph parses
FORMATS = {f".{f.extension}": getattr(ox.RdfFormat, f.oxigraph) for f in of_kind("rdf")
           if f.read and f.name != "jsonld"}
MANIFEST = "ittifak-loaded.json"


def _fingerprint(paths: list[Path]) -> list[list]:
    return [[str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns] for p in paths]


def _check(path: Path) -> ox.RdfFormat:
    size = check_file(path)  # a regular file that can be read (not a pipe that would block)
    if path.suffix.lower() not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise InputError(f"{path}: the bulk loader reads {known}, not {path.suffix or 'no extension'!r}")
    if size == 0:
        raise InputError(f"{path}: the file is empty")
    if FORMATS[path.suffix.lower()] == ox.RdfFormat.RDF_XML:
        refuse_xml_entities(path)  # Oxigraph expands entities without limit
    return FORMATS[path.suffix.lower()]


def _load_one(store: ox.Store, path: Path, fmt: ox.RdfFormat, graph) -> None:
    """Bulk load one file; a UTF-8 byte-order mark at its start is skipped (Oxigraph refuses it)."""
    with open_regular(path) as handle:
        if handle.read(len(BOM)) == BOM:
            store.bulk_load(input=handle, format=fmt, to_graph=graph)
            return
    store.bulk_load(path=str(path), format=fmt, to_graph=graph)


def bulk_load(store: ox.Store, paths: list[Path | str], location: Path | str | None = None,
              graph=None) -> int:
    """Load `paths` into `store` with Oxigraph's bulk loader; return the store's triple count.

    With `location` (the store's folder) a manifest of the loaded files (path, size, mtime) is
    kept there, and files already loaded unchanged are not loaded again. A syntax error raises
    InputError with the file and line; the store then holds whatever was loaded before it.
    """
    paths = [Path(p) for p in paths]
    formats = [_check(p) for p in paths]
    manifest = Path(location) / MANIFEST if location else None
    done: list = []
    if manifest and manifest.exists():
        try:
            done = json.loads(manifest.read_text(encoding="utf-8"))
        except ValueError:
            done = []
    wanted = _fingerprint(paths)
    for path, fmt, print_ in zip(paths, formats, wanted):
        if print_ in done:
            continue
        try:
            _load_one(store, path, fmt, graph or ox.DefaultGraph())
        except SyntaxError as err:
            where = f"{path}:{err.lineno}" if err.lineno else str(path)
            message = str(err.msg if hasattr(err, "msg") else err).split(": ", 1)[-1]
            raise InputError(f"{where}: malformed RDF: {visible(message)}") from None
        except MemoryError as err:
            if not is_buffer_limit(err):
                raise
            raise InputError(long_token_message(
                path, print_[1], f"load this file with --store memory (rdflib's parser reads such files "
                                 f"up to {LONG_TOKEN_FILE_LIMIT // 2**20} MiB)")) from None
        except (OSError, ValueError) as err:
            raise InputError(f"{path}: cannot be loaded: {err}") from None
        done.append(print_)
        if manifest:
            manifest.write_text(json.dumps(done), encoding="utf-8")
    if location:
        store.flush()
    if graph is None or isinstance(graph, ox.DefaultGraph):
        return len(store)
    return sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
