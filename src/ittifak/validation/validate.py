"""Validating the graph against the SHACL shapes in shapes/, and reading the result for people.

The rules live in shapes/*.ttl, one file per concern: a new rule is a new shape, not new Python.
This module only runs them and turns SHACL's report (blank nodes, shape IRIs) into results that
name the resource by its label, the value, the message and the file and line to fix.

Severity: `sh:Violation` is an error in our data; `sh:Warning` and `sh:Info` are contradictions the
paper itself contains and that the data records as an `itt:SourceConflict`. The data *conforms*
when it has no violation (SHACL's own `sh:conforms` is false on warnings too, so it is not used).

The engine is one function, `run_shacl(data, shapes) -> report graph` (pySHACL, or the set-at-a-time
engine of ittifak.validation.bulkshacl); everything else reads the standard SHACL report vocabulary, so another
engine can be put behind it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import Graph, URIRef

from ittifak.core.errors import InputError
from ittifak.core.formats import rdf_extensions
from ittifak.core.layout import Layout
from ittifak.store import Store, open_store
from ittifak.validation.engines import run_shacl
from ittifak.validation.literals import add_ill_typed, top_results
from ittifak.validation.locate import LocationIndex, index_files
from ittifak.validation.results import ReportReader, ValidationReport
from ittifak.validation.shapes import load_shapes, named_shapes

# ---------------------------------------------------------------------------------------------
# Validation entry points


def validate_graph(data: Graph, shapes: Graph | None = None, locations: LocationIndex | None = None,
                   lang: str = "en", engine: str = "pyshacl",
                   sparql: str | Graph = "oxigraph", native=None) -> ValidationReport:
    """Validate an rdflib graph (ontology and data together) against the shapes.

    `locations` (from ittifak.validation.locate) lets results name the file and line of each statement;
    `lang` (en or tr) picks the language of messages and labels.
    """
    shapes = shapes if shapes is not None else load_shapes()
    report = run_shacl(data, shapes, engine, sparql, native)
    add_ill_typed(report, data, shapes)
    reader = ReportReader(data, shapes, locations or LocationIndex(), lang)
    results = [reader.result(r, report) for r in top_results(report)]
    results.sort(key=lambda r: ({"violation": 0, "warning": 1, "info": 2}[r.severity],
                                str(r.location.file) if r.location else "~",
                                r.location.line or 0 if r.location else 0, r.entity_label, r.message))
    entities = {r.entity for r in results}
    conflicts = {e: reader.conflicts_about(e) for e in entities}
    places = {e: reader.locations.subject(str(e)) for e in entities if isinstance(e, URIRef)}
    return ValidationReport(results, report, len(data), len(named_shapes(shapes)),
                            list(locations.files) if locations else [],
                            {k: v for k, v in conflicts.items() if v},
                            {k: v for k, v in places.items() if v is not None})


def store_graph(store: Store) -> Graph:
    """The graph of a store: the rdflib graph of a local store, or all triples of an endpoint."""
    if store.can("graph"):
        return store.graph
    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    return result.graph if result.graph is not None else Graph()


def validate_store(store: Store, shapes: Graph | None = None, locations: LocationIndex | None = None,
                   lang: str = "en", engine: str = "pyshacl") -> ValidationReport:
    """Validate what a store holds (ontology and data) against the shapes of the project.

    This is what `ittifak build` runs before writing anything.
    """
    native = store.native if store.can("native") else None
    return validate_graph(store_graph(store), shapes, locations, lang, engine, native=native)


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given; a folder stands for the RDF files in it (files starting with `_` excluded)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except OSError as err:  # a name too long, a folder that cannot be searched
            raise InputError(f"{path}: cannot be read: {err.strerror or err}") from None
        if is_dir:
            inside = sorted(p for p in path.iterdir()
                            if p.suffix.lower() in rdf_extensions() and not p.name.startswith("_"))
            if not inside:
                raise InputError(f"{path}: folder holds no RDF files")
            files.extend(inside)
        else:
            files.append(path)
    return files


def validate_files(paths: Sequence[Path | str] | None = None, store_spec: str = "oxigraph",
                   shapes: Graph | None = None, lang: str = "en",
                   engine: str = "oxigraph", layout: Layout | None = None) -> ValidationReport:
    """Validate the project's graph, or the given files together with the project's ontology.

    Files are loaded with the project's loader (missing, empty, malformed or wrongly named files
    stop with an InputError naming file and line); each statement is indexed to its file and line.
    """
    layout = layout or Layout.find()
    if paths:
        given = expand_paths(paths)
        files = list(dict.fromkeys([*layout.ontology_files(), *given]))
    else:
        files = layout.graph_files()
    store = open_store(store_spec)
    if not store.can("load"):
        if paths:
            raise InputError("files are validated in a local store (memory or oxigraph), not on an endpoint")
        return validate_store(store, shapes, None, lang, engine)
    shapes = shapes if shapes is not None else load_shapes(layout.shape_files())
    store.load(files)
    return validate_store(store, shapes, index_files(files), lang, engine)
