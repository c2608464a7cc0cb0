"""Reading RDF files into a graph, with errors that name the file and the line."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph

from ittifak.core.errors import InputError
from ittifak.core.formats import rdf_for_path

# rdflib parser name → oxrdflib's faster parser for the same syntax (used on the Oxigraph store)
_OXRDFLIB = {"turtle": "ox-turtle", "nt": "ox-ntriples", "nquads": "ox-nquads", "trig": "ox-trig",
             "xml": "ox-xml", "json-ld": "json-ld"}

_LINE = re.compile(r"line (\d+)")


def _format_for(path: Path, fast: bool) -> str:
    name = rdf_for_path(path).rdflib
    return _OXRDFLIB[name] if fast else name


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


def parse_file(graph: Graph, path: Path | str, fast: bool = False) -> int:
    """Parse one file into `graph`; return how many triples it added.

    A missing, empty, unreadable or malformed file raises InputError naming the file and, for
    syntax errors, the line. `fast` uses oxrdflib's parsers (for a graph on the Oxigraph store).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not an RDF file")
    fmt = _format_for(path, fast)
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


def parse_files(graph: Graph, paths: list[Path], fast: bool = False) -> dict[Path, int]:
    """Parse every file; a bad file stops the load before the graph is used."""
    return {Path(p): parse_file(graph, p, fast) for p in paths}
