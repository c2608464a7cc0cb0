"""Every file and output format Ittifak reads or writes, in one registry.

A format is chosen by name (`turtle`, `csv`, `graphml`) or by file extension; each entry says
what it is for (`kind`), its media type and the name rdflib and pyoxigraph know it by. Modules
ask the registry (`names("result")`, `by_extension(path)`) instead of keeping lists of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ittifak.core.errors import InputError


@dataclass(frozen=True)
class Format:
    name: str
    kind: str  # rdf, result, report, centrality, network, figure
    extension: str = ""  # without the dot; "" when it is never a file of its own
    media_type: str = ""
    rdflib: str = ""  # rdflib's parser/serialiser name
    oxigraph: str = ""  # pyoxigraph RdfFormat attribute name
    read: bool = False  # RDF files we parse (data, ontology, shapes)
    write: bool = True


FORMATS: tuple[Format, ...] = (
    # RDF: read as input, written in the release
    Format("turtle", "rdf", "ttl", "text/turtle", "turtle", "TURTLE", read=True),
    Format("ntriples", "rdf", "nt", "application/n-triples", "nt", "N_TRIPLES", read=True),
    Format("jsonld", "rdf", "jsonld", "application/ld+json", "json-ld", "JSON_LD", read=True),
    Format("trig", "rdf", "trig", "application/trig", "trig", "TRIG", read=True),
    Format("rdfxml", "rdf", "rdf", "application/rdf+xml", "xml", "RDF_XML", read=True),
    Format("nquads", "rdf", "nq", "application/n-quads", "nquads", "N_QUADS", read=True, write=False),
    Format("owl", "rdf", "owl", "application/rdf+xml", "xml", "RDF_XML", read=True, write=False),
    # query results
    Format("table", "result", "txt", "text/plain"),
    Format("csv", "result", "csv", "text/csv"),
    Format("tsv", "result", "tsv", "text/tab-separated-values"),
    Format("json", "result", "json", "application/sparql-results+json"),
    Format("turtle", "result", "ttl", "text/turtle"),
    # validation reports
    Format("text", "report", "txt", "text/plain"),
    Format("json", "report", "json", "application/json"),
    Format("turtle", "report", "ttl", "text/turtle"),
    # centrality reports
    Format("table", "centrality", "txt", "text/plain"),
    Format("csv", "centrality", "csv", "text/csv"),
    Format("json", "centrality", "json", "application/json"),
    # network exchange files and figures
    Format("graphml", "network", "graphml", "application/graphml+xml"),
    Format("gexf", "network", "gexf", "application/gexf+xml"),
    Format("svg", "figure", "svg", "image/svg+xml"),
    Format("png", "figure", "png", "image/png"),
    Format("pdf", "figure", "pdf", "application/pdf"),
    Format("html", "page", "html", "text/html"),
)


def of_kind(kind: str) -> tuple[Format, ...]:
    return tuple(f for f in FORMATS if f.kind == kind)


def names(kind: str) -> tuple[str, ...]:
    """The names of the formats of one kind, in registry order: choices for an option."""
    return tuple(f.name for f in of_kind(kind))


def rdf_extensions() -> tuple[str, ...]:
    """File extensions (with the dot) of the RDF files Ittifak reads."""
    return tuple(f".{f.extension}" for f in of_kind("rdf") if f.read)


def rdf_for_path(path: Path | str) -> Format:
    """The RDF format of a file by its extension; an unknown one is an InputError naming the file."""
    suffix = Path(path).suffix.lower()
    for f in of_kind("rdf"):
        if f.read and f".{f.extension}" == suffix:
            return f
    known = ", ".join(sorted(rdf_extensions()))
    raise InputError(f"{path}: unknown RDF file extension {suffix or 'none'!r} (expected one of {known})")
