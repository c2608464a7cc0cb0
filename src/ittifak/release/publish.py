"""A release for linked-data portals: every distribution, the out-links, ontology docs, VoID/DCAT."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from ittifak.core.layout import Layout
from ittifak.core.load import parse_files
from ittifak.core.output import atomic_write
from ittifak.core.turtle import Triple
from ittifak.release.describe import describe
from ittifak.release.export import FORMATS, Parts, export, load_parts, read_triples, serialize
from ittifak.release.ontology_page import FILES, ontology_pages


def links_triples(layout: Layout, files: Iterable[Path] | None = None) -> list[Triple]:
    """Out-links to other authorities (data/links/*.ttl, or `files`), kept out of the main graph."""
    return read_triples(list(files) if files is not None else layout.links_files())


def ontology_html(layout: Layout | None = None, ontology: Graph | None = None) -> dict[str, str]:
    """The ontology's documentation pages by file name (ontology.html in English, ontology.tr.html).

    `ontology`: the ontology graph when the caller has read it already."""
    layout = layout or Layout.find()
    if ontology is None:
        ontology = Graph()
        parse_files(ontology, layout.ontology_files())
    pages = ontology_pages(ontology, layout.prefixes)
    return {FILES[lang]: html for lang, html in pages.items()}


def write_release(out_dir: Path, formats: Iterable[str] = tuple(FORMATS), endpoint: str | None = None,
                  parts: Parts | None = None, docs: bool = True, layout: Layout | None = None) -> list[Path]:
    """Write the distributions, links, docs and finally the VoID/DCAT file that describes them."""
    layout = layout or Layout.find()
    parts = parts or load_parts(layout=layout)
    written = export(out_dir, formats, parts, layout)
    for path in layout.links_files():  # data/links/wikidata.ttl is published as links-wikidata.ttl
        written.append(atomic_write(out_dir / f"links-{path.stem}.ttl",
                                    serialize(links_triples(layout, [path]), "turtle", layout=layout)))
    if docs:
        for name, html in ontology_html(layout, parts.ontology_graph).items():
            written.append(atomic_write(out_dir / name, html))
    description = describe(parts.combined, written, endpoint, layout)
    written.append(atomic_write(out_dir / "void.ttl", serialize(description, "turtle", layout=layout)))
    return written
