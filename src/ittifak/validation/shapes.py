"""The SHACL shapes of a project: reading them (file:line on errors) and naming them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH

from ittifak.core.errors import InputError
from ittifak.core.layout import Layout
from ittifak.core.load import parse_file

# ---------------------------------------------------------------------------------------------
# Shapes


def shape_files(folder: Path | None = None) -> list[Path]:
    """The shape files: shapes/*.ttl of `folder`, else of the project."""
    return sorted(folder.glob("*.ttl")) if folder else Layout.find().shape_files()


def load_shapes(paths: Iterable[Path | str] | None = None) -> Graph:
    """One shapes graph from the shape files; a malformed file names its file and line (exit 2)."""
    graph = Graph()
    files = [Path(p) for p in paths] if paths is not None else shape_files()
    expanded: list[Path] = []
    for path in files:
        expanded.extend(shape_files(path) if path.is_dir() else [path])
    if not expanded:
        raise InputError("no SHACL shape files found")
    for path in expanded:
        parse_file(graph, path)
    return graph


def named_shapes(shapes: Graph) -> list[URIRef]:
    """Every shape with an IRI: the rules a report can name."""
    found = set()
    for kind in (SH.NodeShape, SH.PropertyShape):
        found.update(s for s in shapes.subjects(RDF.type, kind) if isinstance(s, URIRef))
    return sorted(found)


def compact_sparql(shapes: Graph) -> Graph:
    """A copy with each SPARQL query on one line.

    pySHACL checks every query with regular expressions before every run, once per focus node; their
    cost grows with the number of lines, so one-line queries validate several times faster. Comment
    lines are dropped first (a `#` comment after code on the same line is not allowed in shapes/).
    """
    compact = Graph()
    compact += shapes
    for node, text in list(compact.subject_objects(SH.select)):
        lines = (line.strip() for line in str(text).splitlines())
        kept = (line for line in lines if line and not line.startswith("#"))
        compact.set((node, SH.select, Literal(" ".join(kept))))
    return compact
