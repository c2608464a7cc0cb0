"""Publishing the graph as files a linked-data portal can load as they are.

Output is deterministic: the same triples give byte-identical files on every run and machine.
Blank nodes get canonical labels (RDF canonicalisation, `rdflib.compare`), triples are inserted
in sorted order, and prefixes are bound explicitly, so a release diff shows only what changed.
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
from ittifak.core.errors import InputError
from ittifak.core.jsonld import compact_document, jsonld_context
from ittifak.core.layout import Layout
from ittifak.core.load import parse_files
from ittifak.core.output import atomic_write
from ittifak.core.vocab import GRAPH

#: format name → (file extension, media type, rdflib serializer): the release's RDF formats
FORMATS: dict[str, tuple[str, str, str]] = {
    f.name: (f.extension, f.media_type, f.rdflib) for f in registry.of_kind("rdf") if f.write}

def bind_prefixes(graph: Graph, layout: Layout | None = None) -> Graph:
    """Bind the project's prefixes, replacing whatever a parser or rdflib bound, so output is stable."""
    prefixes = (layout or Layout.find()).prefixes
    for prefix, ns in prefixes.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def _bnode_labels(graph: Graph) -> dict[BNode, BNode] | None:
    """Deterministic labels for blank nodes, from what they say and who points at them.

    A blank node is labelled by a hash of its own statements (recursively through nested blank
    nodes) and of the statements that point at it. That is linear in the graph size, unlike full
    RDF canonicalisation; if two blank nodes still get one label (identical content under the
    identical parent and property), None is returned and the caller falls back to the full algorithm.
    """
    out: dict[BNode, list] = {}
    into: dict[BNode, list] = {}
    for s, p, o in graph:
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
        parts = sorted(f"{p.n3()} {content(o, depth + 1) if isinstance(o, BNode) else o.n3()}"
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


def canonical(graph: Graph) -> Graph:
    """A copy with deterministic blank-node labels and triples inserted in sorted order."""
    labels = _bnode_labels(graph)
    if labels is None:
        triples = list(to_canonical_graph(graph))
    else:
        triples = [tuple(labels.get(t, t) for t in triple) for triple in graph]
    out = bind_prefixes(Graph())
    for triple in sorted(triples):
        out.add(triple)
    return out


def serialize(graph: Graph, fmt: str, context: dict | None = None, canonicalised: bool = False) -> bytes:
    """Deterministic bytes of `graph` in `fmt` (a key of FORMATS).

    `canonicalised=True` says `graph` already came from `canonical()`, so it is not done again.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    canon = graph if canonicalised else canonical(graph)
    if fmt == "ntriples":
        lines = canon.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")
    if fmt == "jsonld":
        # Compacted under our context by ittifak.core.jsonld: pyLD's general compaction of rdflib's
        # expanded output gave the same graph but took half the build.
        data = compact_document(canon, context or {"@context": {}})
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    if fmt == "trig":
        return serialize_dataset({GRAPH["all"]: canon})
    if fmt == "rdfxml":
        # rdflib's RDF/XML writer walks subjects in set order; Oxigraph's keeps the sorted order.
        import pyoxigraph as ox

        ntriples = serialize(canon, "ntriples", canonicalised=True)
        quads = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
        prefixes = {p: ns for p, ns in Layout.find().prefixes.items() if "-" not in p}
        return ox.serialize(quads, format=ox.RdfFormat.RDF_XML, prefixes=prefixes)
    return canon.serialize(format=FORMATS[fmt][2], encoding="utf-8")


def _turtle_body(graph: Graph) -> tuple[list[str], list[str]]:
    """The prefix lines and the statement lines of a graph's deterministic Turtle."""
    text = canonical(graph).serialize(format="turtle")
    lines = text.splitlines()
    prefixes = [line for line in lines if line.startswith("@prefix")]
    body = [line for line in lines if not line.startswith("@prefix")]
    while body and not body[0].strip():
        body.pop(0)
    return prefixes, body


def serialize_dataset(graphs: dict[URIRef, Graph], default: Graph | None = None) -> bytes:
    """TriG of named graphs in IRI order, each canonicalised; `default` holds their provenance.

    Written block by block from deterministic Turtle, because rdflib's TriG writer orders graphs
    by a set.
    """
    blocks: list[tuple[str | None, list[str]]] = []
    prefixes: set[str] = set()
    if default is not None:
        pre, body = _turtle_body(default)
        prefixes.update(pre)
        blocks.append((None, body))
    for name in sorted(graphs):
        pre, body = _turtle_body(graphs[name])
        prefixes.update(pre)
        blocks.append((f"<{name}>", body))
    out = sorted(prefixes) + [""]
    for name, body in blocks:
        out.append(f"{name} {{" if name else "{")
        out.extend(f"    {line}" if line.strip() else "" for line in body)
        out.append("}")
        out.append("")
    return "\n".join(out).encode("utf-8")


@dataclass
class Parts:
    """The graph as a portal takes it: ontology, shapes and data apart, and combined."""

    ontology: Graph
    shapes: Graph
    data: Graph
    by_file: dict[str, Graph]

    @cached_property
    def combined(self) -> Graph:
        g = bind_prefixes(Graph())
        for part in (self.ontology, self.data):
            for triple in part:
                g.add(triple)
        return g


def _read(paths: Iterable[Path]) -> Graph:
    g = Graph()
    parse_files(g, list(paths))
    return bind_prefixes(g)


def load_parts(data_paths: list[Path] | None = None, layout: Layout | None = None) -> Parts:
    """Read ontology, shapes and data files, each into its own graph."""
    layout = layout or Layout.find()
    shapes = layout.shape_files()
    files = data_paths if data_paths is not None else layout.data_files()
    by_file = {Path(p).stem: _read([p]) for p in files}
    data = bind_prefixes(Graph())
    for g in by_file.values():
        for triple in g:
            data.add(triple)
    return Parts(
        ontology=_read(layout.ontology_files()),
        shapes=_read(shapes),
        data=data,
        by_file=by_file,
    )


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
    parts = parts or load_parts(layout=layout)
    context = jsonld_context(parts.ontology, Layout.find().prefixes)
    named = (("ontology", parts.ontology), ("shapes", parts.shapes), ("data", parts.data),
             ("ittifak", parts.combined))
    canon = {name: canonical(graph) for name, graph in named}
    written: list[Path] = []
    for fmt in formats:
        if fmt not in FORMATS:
            raise InputError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
        ext = FORMATS[fmt][0]
        if fmt == "trig":
            graphs = {GRAPH[stem]: g for stem, g in parts.by_file.items()}
            graphs[GRAPH["ontology"]] = parts.ontology
            written.append(atomic_write(out_dir / f"ittifak.{ext}",
                                        serialize_dataset(graphs, provenance_graph(parts, layout))))
            continue
        for name, _ in named:
            data = serialize(canon[name], fmt, context, canonicalised=True)
            written.append(atomic_write(out_dir / f"{name}.{ext}", data))
        if fmt == "jsonld":
            text = json.dumps(context, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            written.append(atomic_write(out_dir / "context.jsonld", text))
    return written
