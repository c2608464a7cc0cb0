"""Reading RDF files into a graph, with errors that name the file and the line."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urldefrag, urljoin

from rdflib import Graph

from ittifak.core.errors import InputError
from ittifak.core.formats import rdf_for_path
from ittifak.core.inputs import (
    BOM,
    LONG_TOKEN_FILE_LIMIT,
    is_buffer_limit,
    local_jsonld,
    long_token_message,
    open_regular,
    refuse_xml_entities,
    too_big_for_rdflib,
    visible,
)

# rdflib parser name → oxrdflib's faster parser for the same syntax (used on the Oxigraph store)
_OXRDFLIB = {"turtle": "ox-turtle", "nt": "ox-ntriples", "nquads": "ox-nquads", "trig": "ox-trig",
             "xml": "ox-xml", "json-ld": "json-ld"}

_LINE = re.compile(r"line (\d+)")
# an escape (Turtle, N-Triples, TriG, N-Quads) of a UTF-16 surrogate, not after an escaped backslash: rdflib
# makes it a lone surrogate, which no UTF-8 output can hold (Oxigraph refuses it)
_SURROGATE = re.compile(rb"(?<!\\)(?:\\\\)*\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")


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


# oxrdflib's parser name → the pyoxigraph format it loads with (see `parse_file`'s `native`)
_NATIVE = {"ox-turtle": "TURTLE", "ox-ntriples": "N_TRIPLES", "ox-nquads": "N_QUADS", "ox-trig": "TRIG",
           "ox-xml": "RDF_XML"}


def _load_native(native, fmt: str, source: dict) -> None:
    """What oxrdflib's parser does for a graph on `native`'s default graph, without rdflib's parser
    plugins (and the SPARQL modules oxrdflib imports): the same call to pyoxigraph's `load`, with
    the file's URI as base IRI, as rdflib gives it."""
    import pyoxigraph as ox

    uri = source.get("publicID") or Path(source["source"]).absolute().as_uri()
    base = urldefrag(urljoin(Path.cwd().as_uri() + "/", uri, allow_fragments=False))[0]  # as rdflib's absolutize
    args = {"format": getattr(ox.RdfFormat, _NATIVE[fmt]), "base_iri": base, "to_graph": ox.DefaultGraph()}
    if "data" in source:
        args["input"] = source["data"]
    else:
        args["path"] = str(source["source"])
    native.load(**args)


def parse_file(graph, path: Path | str, fast: bool = False, count=None, native=None) -> int:
    """Parse one file into `graph`; return how many triples it added.

    A missing, empty, unreadable or malformed file raises InputError naming the file and, for
    syntax errors, the line. Only regular files are read; RDF/XML with entity declarations and
    JSON-LD with a remote context are refused (ittifak.core.inputs); a UTF-8 byte-order mark is
    skipped. `fast` uses oxrdflib's parsers (for a graph on the Oxigraph store). `count` gives the
    graph's size when the store counts faster than `len(graph)` (oxrdflib runs a SPARQL COUNT).
    `native`: the pyoxigraph Store under that graph, loaded directly where oxrdflib would only pass
    the file on to it; `graph` may then be a function that makes the rdflib view when it is needed
    (JSON-LD, and literals too long for Oxigraph's parser).
    """
    count = count or (lambda: len(_graph(graph)))
    path = Path(path)
    with open_regular(path) as handle:
        fmt = _format_for(path, fast)
        try:
            raw = handle.read()
        except OSError as err:
            raise InputError(f"{path}: cannot be read: {err.strerror or err}") from None
    if not raw.strip():
        raise InputError(f"{path}: the file is empty")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not UTF-8 text ({err.reason})") from None
    surrogate = None if fmt in ("xml", "ox-xml", "json-ld") else _SURROGATE.search(raw)  # JSON pairs them
    if surrogate:
        line = raw[: surrogate.start()].count(b"\n") + 1
        escape = surrogate.group().lstrip(b"\\").decode("ascii")
        raise InputError(f"{path}:{line}: malformed RDF: the escape \\{escape} is half of a UTF-16 surrogate pair, "
                         "not a character: write the character itself")
    source: dict = {"source": path}
    if fmt in ("xml", "ox-xml"):
        refuse_xml_entities(path)
    elif fmt == "json-ld":
        source = {"data": local_jsonld(path, raw), "publicID": path.absolute().as_uri()}
    elif raw.startswith(BOM):
        source = {"data": raw[len(BOM):], "publicID": path.absolute().as_uri()}
    before = count()
    try:
        try:
            if native is not None and fmt in _NATIVE:
                _load_native(native, fmt, source)
            else:
                _graph(graph).parse(**source, format=fmt)
        except MemoryError as err:
            if not is_buffer_limit(err):
                raise
            _parse_long_tokens(_graph(graph), path, source, len(raw))
    except InputError:
        raise
    except RecursionError:
        raise InputError(f"{path}: blank nodes or lists nested too deeply for rdflib's parser "
                         f"(more than about 100 levels of [ … ] or ( … )): use --store oxigraph") from None
    except Exception as err:  # noqa: BLE001 -- parsers raise many types; all mean "malformed"
        line = parse_error_line(err)
        where = f"{path}:{line}" if line else str(path)
        raise InputError(f"{where}: malformed RDF: {visible(_first_message_line(err))}") from None
    return count() - before


def _graph(graph) -> Graph:
    """The graph itself, or the graph a function gives (made only when a file needs it)."""
    return graph if isinstance(graph, Graph) else graph()


def _parse_long_tokens(graph: Graph, path: Path, source: dict, size: int) -> None:
    """Parse with rdflib's parser a file Oxigraph's refused for a literal or IRI longer than its buffer.

    Oxigraph's load is a transaction, so nothing of the file is in the graph yet.
    """
    rdflib_format = rdf_for_path(path).rdflib
    if rdflib_format not in ("turtle", "nt"):
        raise InputError(long_token_message(path, size, "convert the file to Turtle or N-Triples, which "
                                            f"ittifak then reads up to {LONG_TOKEN_FILE_LIMIT // 2**20} MiB"))
    if size > LONG_TOKEN_FILE_LIMIT:
        raise InputError(too_big_for_rdflib(path, size))
    graph.parse(**source, format=rdflib_format)


def parse_files(graph, paths: list[Path], fast: bool = False, count=None, native=None) -> dict[Path, int]:
    """Parse every file; a bad file stops the load before the graph is used."""
    return {Path(p): parse_file(graph, p, fast, count, native) for p in paths}
