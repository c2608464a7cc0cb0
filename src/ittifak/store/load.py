"""Reading RDF files into a graph, with errors that name the file and the line."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph

from ittifak.core.errors import InputError

# File extension → (rdflib format, oxrdflib format)
FORMATS: dict[str, tuple[str, str]] = {
    ".ttl": ("turtle", "ox-turtle"),
    ".nt": ("nt", "ox-ntriples"),
    ".nq": ("nquads", "ox-nquads"),
    ".trig": ("trig", "ox-trig"),
    ".rdf": ("xml", "ox-xml"),
    ".owl": ("xml", "ox-xml"),
    ".jsonld": ("json-ld", "json-ld"),
}

_LINE = re.compile(r"line (\d+)")


def _uses_oxigraph(graph: Graph) -> bool:
    return type(graph.store).__name__ == "OxigraphStore"


def _format_for(path: Path, graph: Graph) -> str:
    try:
        rdflib_format, ox_format = FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise InputError(f"{path}: unknown RDF file extension {path.suffix!r} (expected one of {known})")
    return ox_format if _uses_oxigraph(graph) else rdflib_format


def parse_error_line(error: BaseException) -> int | None:
    """The line number a parser reports, whichever parser raised."""
    line = getattr(error, "lineno", None)
    if isinstance(line, int):
        return line
    found = _LINE.search(str(error))
    return int(found.group(1)) if found else None


def _first_message_line(error: BaseException) -> str:
    text = str(getattr(error, "msg", "") or error)
    for part in text.splitlines():
        part = part.strip()
        if part and not part.startswith("at line"):
            return part
    return text.strip()


def parse_file(graph: Graph, path: Path | str) -> int:
    """Parse one file into `graph`; return how many triples it added.

    A missing, empty, unreadable or malformed file raises InputError naming the file and, for
    syntax errors, the line.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not an RDF file")
    fmt = _format_for(path, graph)
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError(f"{path}: the file is empty")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not UTF-8 text ({err.reason})") from None
    before = len(graph)
    try:
        graph.parse(path, format=fmt)
    except Exception as err:  # noqa: BLE001 -- parsers raise many types; all mean "malformed"
        line = parse_error_line(err)
        where = f"{path}:{line}" if line else str(path)
        raise InputError(f"{where}: malformed RDF: {_first_message_line(err)}") from None
    return len(graph) - before


def parse_files(graph: Graph, paths: list[Path]) -> dict[Path, int]:
    """Parse every file; a bad file stops the load before the graph is used."""
    return {Path(p): parse_file(graph, p) for p in paths}
