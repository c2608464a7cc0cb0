"""Publishing the graph as files a linked-data portal can load as they are.

Output is deterministic: the same triples give byte-identical files on every run and machine.
Blank nodes get canonical labels (from what they say and who points at them, or full RDF
canonicalisation by `rdflib.compare` where that is not enough), triples are written in sorted
order by our own writers (ittifak.core.turtle), and prefixes are the project's, so a release
diff shows only what changed. Files are read by Oxigraph's parsers; the triples are kept as lists
of rdflib terms, not rdflib Graphs, which were the release's main cost.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, OWL, PROV, RDF

from ittifak.core import formats as registry
from ittifak.core import turtle
from ittifak.core.errors import InputError
from ittifak.core.jsonld import compact_document, jsonld_context
from ittifak.core.layout import Layout
from ittifak.core.load import parse_file
from ittifak.core.output import atomic_write
from ittifak.core.terms import Converter
from ittifak.core.turtle import Triple
from ittifak.core.vocab import GRAPH

#: format name → (file extension, media type): the release's RDF formats, all written by our own
#: writers (ittifak.core.turtle, ittifak.core.jsonld) or by Oxigraph (RDF/XML)
FORMATS: dict[str, tuple[str, str]] = {
    f.name: (f.extension, f.media_type) for f in registry.of_kind("rdf") if f.write}


def bind_prefixes(graph: Graph, layout: Layout | None = None) -> Graph:
    """Bind the project's prefixes, replacing whatever a parser or rdflib bound, so output is stable."""
    prefixes = (layout or Layout.find()).prefixes
    for prefix, ns in prefixes.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def read_triples(paths: Iterable[Path | str]) -> list[Triple]:
    """The triples of the files, each file read on its own (blank nodes stay apart), with the
    checks and file:line errors of ittifak.core.load."""
    import pyoxigraph as ox

    out: list[Triple] = []
    convert = Converter()
    for path in paths:
        native = ox.Store()
        fallback: list[Graph] = []  # JSON-LD, and literals too long for Oxigraph's parser

        def graph(made: list[Graph] = fallback) -> Graph:
            if not made:
                made.append(Graph())
            return made[0]

        parse_file(graph, path, fast=True, count=native.__len__, native=native)
        out.extend((convert(q.subject), convert(q.predicate), convert(q.object)) for q in native)
        for g in fallback:
            out.extend(g)
    return list(dict.fromkeys(out))


def _bnode_labels(triples: list[Triple]) -> dict[BNode, BNode] | None:
    """Deterministic labels for blank nodes, from what they say and who points at them.

    A blank node is labelled by a hash of its own statements (recursively through nested blank
    nodes) and of the statements that point at it. That is linear in the graph size, unlike full
    RDF canonicalisation; if two blank nodes still get one label (identical content under the
    identical parent and property), None is returned and the caller falls back to the full algorithm.
    """
    out: dict[BNode, list] = {}
    into: dict[BNode, list] = {}
    for s, p, o in triples:
        if isinstance(s, BNode):
            out.setdefault(s, []).append((p, o))
        if isinstance(o, BNode):
            into.setdefault(o, []).append((s, p))
    nodes = set(out) | set(into)
    memo: dict[BNode, str] = {}

    def content(node: BNode, depth: int = 0) -> str:
        if node in memo:
            return memo[node]
        if depth > 50:  # a cycle of blank nodes: leave it to full canonicalisation
            raise RecursionError
        parts = sorted(f"{p.n3()} {content(o, depth + 1) if isinstance(o, BNode) else turtle.nt_term(o)}"
                       for p, o in out.get(node, []))
        memo[node] = "[" + ";".join(parts) + "]"
        return memo[node]

    def context(node: BNode, depth: int = 0) -> str:
        if depth > 50:
            raise RecursionError
        return "|".join(sorted(
            f"{context(s, depth + 1) if isinstance(s, BNode) else s.n3()} {p.n3()}"
            for s, p in into.get(node, [])))

    try:
        labels = {n: hashlib.sha256((content(n) + "<" + context(n)).encode("utf-8")).hexdigest()[:24]
                  for n in nodes}
    except RecursionError:
        return None
    if len(set(labels.values())) != len(labels):
        return None
    return {n: BNode(f"b{label}") for n, label in labels.items()}


def canonical(triples: Iterable[Triple]) -> list[Triple]:
    """The triples with deterministic blank-node labels, sorted (a Graph or any iterable of triples)."""
    triples = list(triples)
    if not any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o in triples):
        return sorted(triples)
    labels = _bnode_labels(triples)
    if labels is None:
        g = Graph()
        for triple in triples:
            g.add(triple)
        return sorted(to_canonical_graph(g))
    return sorted(tuple(labels.get(t, t) for t in triple) for triple in triples)


def serialize(triples: Iterable[Triple], fmt: str, context: dict | None = None, canonicalised: bool = False,
              layout: Layout | None = None) -> bytes:
    """Deterministic bytes of `triples` (a Graph or a list) in `fmt` (a key of FORMATS).

    `canonicalised=True` says the triples already came from `canonical()`, so it is not done again.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    canon = list(triples) if canonicalised else canonical(triples)
    prefixes = (layout or Layout.find()).prefixes
    if fmt == "ntriples":
        return turtle.ntriples(canon).encode("utf-8")
    if fmt == "jsonld":
        # Compacted under our context by ittifak.core.jsonld: pyLD's general compaction of rdflib's
        # expanded output gave the same graph but took half the build.
        data = compact_document(canon, context or {"@context": {}})
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    if fmt == "trig":
        return turtle.trig([(str(GRAPH["all"]), canon)], prefixes).encode("utf-8")
    if fmt == "rdfxml":
        # Oxigraph's RDF/XML writer keeps the sorted order (rdflib's walks subjects in set order).
        import pyoxigraph as ox

        quads = ox.parse(turtle.ntriples(canon).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return ox.serialize(quads, format=ox.RdfFormat.RDF_XML,
                            prefixes={p: ns for p, ns in prefixes.items() if "-" not in p})
    return turtle.turtle(canon, prefixes).encode("utf-8")


def serialize_dataset(graphs: dict[URIRef, Iterable[Triple]], default: Iterable[Triple] | None = None,
                      layout: Layout | None = None) -> bytes:
    """TriG of named graphs in IRI order, each canonicalised; `default` holds their provenance."""
    blocks = [(None, canonical(default))] if default is not None else []
    blocks += [(str(name), canonical(graphs[name])) for name in sorted(graphs)]
    return turtle.trig(blocks, (layout or Layout.find()).prefixes).encode("utf-8")


@dataclass
class Parts:
    """The graph as a portal takes it: ontology, shapes and data apart, and combined (lists of
    triples, each without repeats)."""

    ontology: list[Triple]
    shapes: list[Triple]
    data: list[Triple]
    by_file: dict[str, list[Triple]]

    @cached_property
    def combined(self) -> list[Triple]:
        return list(dict.fromkeys([*self.ontology, *self.data]))

    @cached_property
    def ontology_graph(self) -> Graph:
        """The ontology as an rdflib Graph, for the readers that ask it questions (context, docs)."""
        g = bind_prefixes(Graph())
        for triple in self.ontology:
            g.add(triple)
        return g


def load_parts(data_paths: list[Path] | None = None, layout: Layout | None = None) -> Parts:
    """Read ontology, shapes and data files, each data file into its own list."""
    layout = layout or Layout.find()
    files = data_paths if data_paths is not None else layout.data_files()
    by_file = {Path(p).stem: read_triples([p]) for p in files}
    data = list(dict.fromkeys(t for triples in by_file.values() for t in triples))
    return Parts(ontology=read_triples(layout.ontology_files()), shapes=read_triples(layout.shape_files()),
                 data=data, by_file=by_file)


def provenance_graph(parts: Parts, layout: Layout | None = None) -> Graph:
    """The TriG default graph: what each named graph is and where it comes from."""
    layout = layout or Layout.find()
    dataset = layout.dataset
    sources = sorted(dataset.graph.objects(URIRef(dataset.iri), DCTERMS.source))
    base = dataset.iri.rsplit("/", 1)[0]
    g = bind_prefixes(Graph())
    for stem in sorted(parts.by_file):
        name = GRAPH[stem]
        g.add((name, RDF.type, PROV.Entity))
        g.add((name, DCTERMS.source, URIRef(f"{base}/source/data/{stem}.ttl")))
        for source in sources:
            g.add((name, PROV.wasDerivedFrom, source))
    g.add((GRAPH["ontology"], RDF.type, PROV.Entity))
    g.add((GRAPH["ontology"], RDF.type, OWL.Ontology))
    return g


def export(out_dir: Path, formats: Iterable[str], parts: Parts | None = None,
           layout: Layout | None = None) -> list[Path]:
    """Write ontology, shapes, data and the combined graph in each format; TriG as named graphs."""
    layout = layout or Layout.find()
    parts = parts or load_parts(layout=layout)
    context = jsonld_context(parts.ontology_graph, layout.prefixes)
    named = (("ontology", parts.ontology), ("shapes", parts.shapes), ("data", parts.data),
             ("ittifak", parts.combined))
    canon = {name: canonical(triples) for name, triples in named}
    written: list[Path] = []
    for fmt in formats:
        if fmt not in FORMATS:
            raise InputError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
        ext = FORMATS[fmt][0]
        if fmt == "trig":
            graphs = {GRAPH[stem]: triples for stem, triples in parts.by_file.items()}
            graphs[GRAPH["ontology"]] = parts.ontology
            written.append(atomic_write(out_dir / f"ittifak.{ext}",
                                        serialize_dataset(graphs, provenance_graph(parts, layout), layout)))
            continue
        for name, _ in named:
            data = serialize(canon[name], fmt, context, canonicalised=True, layout=layout)
            written.append(atomic_write(out_dir / f"{name}.{ext}", data))
        if fmt == "jsonld":
            text = json.dumps(context, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            written.append(atomic_write(out_dir / "context.jsonld", text))
    return written
