"""Self-description of a release, computed from the files themselves: VoID statistics and DCAT.

Nothing here is typed by hand: counts come from the graph, sizes and checksums from the written
files, dates from the project's git history (or SOURCE_DATE_EPOCH), keywords from the domain
concepts the data uses.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from ittifak.core import formats
from ittifak.core.layout import Layout
from ittifak.core.turtle import Triple
from ittifak.core.vocab import DCAT, ITT, SPDX, VOID
from ittifak.release.export import bind_prefixes

MEDIA_TYPES = {f".{f.extension}": f.media_type for f in formats.of_kind("rdf") if f.write} | {".html": "text/html"}


def _git_date(root: Path, *args: str) -> date | None:
    try:
        out = subprocess.run(["git", "log", "--format=%cs", *args, "--", "data", "ontology"],
                             capture_output=True, text=True, check=True, cwd=root).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return None
    return date.fromisoformat(out[0]) if out else None


def release_dates(root: Path) -> tuple[date, date]:
    """(issued, modified): first and latest commit touching the data, else SOURCE_DATE_EPOCH, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        day = datetime.fromtimestamp(int(epoch), UTC).date()
        return day, day
    modified = _git_date(root, "-1")
    issued = _git_date(root, "--reverse")
    today = datetime.now(UTC).date()
    return issued or modified or today, modified or today


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def void_statistics(triples: Iterable[Triple], uri_space: str = "") -> dict:
    """Counts a VoID description states, computed in one pass over the triples (none repeated)."""
    subjects, objects, predicates = set(), set(), Counter()
    classes: dict[URIRef, set] = {}
    count = 0
    for s, p, o in triples:
        count += 1
        subjects.add(s)
        objects.add(o)
        predicates[p] += 1
        if p == RDF.type:
            classes.setdefault(o, set()).add(s)
    entities = {s for s in subjects if isinstance(s, URIRef) and uri_space and str(s).startswith(uri_space)}
    return {
        "triples": count,
        "subjects": len(subjects),
        "objects": len(objects),
        "entities": len(entities),
        "properties": dict(predicates),
        "classes": {c: len(members) for c, members in classes.items()},
    }


def _namespace(iri: URIRef) -> str:
    text = str(iri)
    cut = max(text.rfind("#"), text.rfind("/"))
    return text[: cut + 1]


def describe(triples: Iterable[Triple], files: list[Path], endpoint: str | None = None,
             layout: Layout | None = None) -> Graph:
    """VoID and DCAT for the combined graph's `triples` (none repeated) and its distribution `files`.

    What the project says of itself (dataset.ttl: titles, coverage, licence, publisher) is copied
    as it is; everything else is computed.
    """
    layout = layout or Layout.find()
    dataset = layout.dataset
    DATASET = URIRef(dataset.iri)
    dist_base = dataset.iri.rsplit("/", 1)[0] + "/dist/"
    triples = list(triples)
    stats = void_statistics(triples, dataset.uri_space)
    issued, modified = release_dates(layout.root)
    d = bind_prefixes(Graph())
    for triple in dataset.graph:
        d.add(triple)
    d.add((DATASET, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))
    d.add((DATASET, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.date)))

    # keywords: the domain concepts the data actually uses
    concepts = {o for _, p, o in triples if p == ITT.domain}
    for concept in sorted(concepts):
        d.add((DATASET, DCAT.theme, concept))
    for s, p, o in triples:
        if p == SKOS.prefLabel and s in concepts:
            d.add((DATASET, DCAT.keyword, o))

    d.add((DATASET, VOID.triples, Literal(stats["triples"])))
    d.add((DATASET, VOID.distinctSubjects, Literal(stats["subjects"])))
    d.add((DATASET, VOID.distinctObjects, Literal(stats["objects"])))
    d.add((DATASET, VOID.entities, Literal(stats["entities"])))
    d.add((DATASET, VOID.properties, Literal(len(stats["properties"]))))
    d.add((DATASET, VOID.classes, Literal(len(stats["classes"]))))
    if endpoint:
        d.add((DATASET, VOID.sparqlEndpoint, URIRef(endpoint)))

    vocabularies = {_namespace(p) for p in stats["properties"]} | {
        _namespace(c) for c in stats["classes"] if isinstance(c, URIRef)}
    for ns in sorted(vocabularies):
        d.add((DATASET, VOID.vocabulary, URIRef(ns)))

    for cls, n in sorted(stats["classes"].items()):
        part = BNode()
        d.add((DATASET, VOID.classPartition, part))
        d.add((part, VOID["class"], cls))
        d.add((part, VOID.entities, Literal(n)))
    for prop, n in sorted(stats["properties"].items()):
        part = BNode()
        d.add((DATASET, VOID.propertyPartition, part))
        d.add((part, VOID.property, prop))
        d.add((part, VOID.triples, Literal(n)))

    # one example resource per main class: the first by IRI, so it is stable
    for local in ("Agreement", "Person", "Organisation", "Event", "ArchivalDocument"):
        members = sorted(s for s, p, o in triples if p == RDF.type and o == ITT[local] and isinstance(s, URIRef))
        if members:
            d.add((DATASET, VOID.exampleResource, members[0]))

    for path in sorted(files, key=lambda p: p.name):
        dist = URIRef(f"{dist_base}{path.name}")
        d.add((DATASET, DCAT.distribution, dist))
        d.add((dist, RDF.type, DCAT.Distribution))
        d.add((dist, DCTERMS.title, Literal(path.name)))
        d.add((dist, DCAT.downloadURL, dist))
        media = MEDIA_TYPES.get(path.suffix)
        if media:
            d.add((dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}")))
        d.add((dist, DCAT.byteSize, Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger)))
        checksum = BNode()
        d.add((dist, SPDX.checksum, checksum))
        d.add((checksum, RDF.type, SPDX.Checksum))
        d.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        d.add((checksum, SPDX.checksumValue, Literal(_sha256(path), datatype=XSD.hexBinary)))
        if path.suffix in (".ttl", ".nt", ".rdf", ".jsonld", ".trig") and path.name != "context.jsonld":
            d.add((DATASET, VOID.dataDump, dist))
    if any(p.name == "ontology.html" for p in files):
        d.add((DATASET, RDFS.seeAlso, URIRef(f"{dist_base}ontology.html")))
    return d
