"""The portal's HTML pages, rendered from templates; the server and the static site share them."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from ittifak.core.templates import render_template
from ittifak.core.vocab import ITT
from ittifak.portal.model import LANGS, Linker, Portal, Value, format_date

DEFAULT_LANG = "tr"

#: The representations of a resource: (media type, Oxigraph format, file extension, name).
RDF_FORMATS = [
    ("text/turtle", ox.RdfFormat.TURTLE, "ttl", "Turtle"),
    ("application/ld+json", ox.RdfFormat.JSON_LD, "jsonld", "JSON-LD"),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES, "nt", "N-Triples"),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML, "rdf", "RDF/XML"),
]
MEDIA_TYPES = ["text/html", *(m for m, _, _, _ in RDF_FORMATS)]


def common(portal: Portal, link: Linker, title: dict[str, str], static: bool, alternates=()) -> dict:
    site = {lang: portal.dataset.short_title(lang) for lang in LANGS}
    return {"link": link, "title": title, "site": site, "static": static, "lang": DEFAULT_LANG,
            "alternates": list(alternates)}


def _both(tr: str, en: str) -> dict[str, str]:
    return {"tr": tr, "en": en}


def home(portal: Portal, link: Linker, static: bool = False) -> str:
    title = {lang: portal.dataset.title(lang) for lang in LANGS}
    description = {lang: portal.dataset.description(lang) for lang in LANGS}
    return render_template("portal/index.html.j2", **common(portal, link, title, static),
                           description=description, classes=portal.classes())


def class_page(portal: Portal, local: str, link: Linker, static: bool = False) -> str | None:
    iri = str(ITT) + local
    if not any(c.iri == iri for c in portal.classes()):
        return None
    return render_template("portal/class.html.j2", **common(portal, link, portal.label(iri), static),
                           class_iri=iri, items=portal.instances(iri, link))


def resource_alternates(portal: Portal, iri: str, link: Linker, static: bool) -> list[tuple[str, str, str]]:
    base = link.resource(iri) or ""
    stem = base.removesuffix(".html")
    formats = RDF_FORMATS[:2] if static else RDF_FORMATS
    return [(media, f"{stem}.{ext}", name) for media, _, ext, name in formats]


def resource_page(portal: Portal, iri: str, link: Linker, static: bool = False) -> str:
    view = portal.view(iri, link)
    alternates = resource_alternates(portal, iri, link, static)
    return render_template("portal/resource.html.j2", **common(portal, link, view.labels, static, alternates),
                           view=view)


def resource_rdf(portal: Portal, iri: str, fmt: ox.RdfFormat) -> bytes:
    prefixes = portal.prefixes if fmt == ox.RdfFormat.TURTLE else None
    return ox.serialize(portal.describe(iri), format=fmt, prefixes=prefixes)


#: The ontology's representations besides HTML: (media type, rdflib format, file extension, name).
ONTOLOGY_FORMATS = [("text/turtle", "turtle", "ttl", "Turtle"), ("application/ld+json", "json-ld", "jsonld", "JSON-LD"),
                    ("application/n-triples", "nt", "nt", "N-Triples"), ("application/rdf+xml", "xml", "rdf", "RDF/XML")]


def ontology_pages(portal: Portal, link: Linker, static: bool = False) -> dict[str, str]:
    """The ontology's documentation pages by file name (ontology.html in English, ontology.tr.html):
    the release's pages (ittifak.release.ontology_page), linked to the portal's home."""
    from ittifak.release.ontology_page import FILES
    from ittifak.release.ontology_page import ontology_pages as render

    formats = ONTOLOGY_FORMATS[:1] if static else ONTOLOGY_FORMATS
    alternates = [(media, f"{link.root}ontology.{ext}", name) for media, _, ext, name in formats]
    home = (link.page(""), {lang: portal.dataset.short_title(lang) for lang in LANGS})
    found = render(portal.ontology, portal.prefixes, home=home, alternates=alternates)
    return {FILES[lang]: page for lang, page in found.items()}


def timeline_page(portal: Portal, link: Linker, static: bool = False) -> str:
    from ittifak.portal import timeline

    legend = [(kind, portal.label(iri)) for kind, iri in timeline.KINDS]
    found = timeline.items(portal, link)
    return render_template("portal/timeline.html.j2",
                           **common(portal, link, _both("Zaman çizelgesi", "Timeline"), static),
                           drawing=timeline.layout(found, portal.dataset.years), all_items=found, legend=legend)


def map_page(portal: Portal, link: Linker, static: bool = False) -> str:
    from ittifak.portal import placemap

    return render_template("portal/map.html.j2", **common(portal, link, _both("Yerler haritası", "Map of places"),
                                                         static), drawing=placemap.drawing(portal, link))


def network_page(portal: Portal, link: Linker, names: list[str], static: bool = False) -> str:
    from ittifak.portal import networks

    return render_template("portal/network.html.j2", **common(portal, link, _both("Ağlar", "Networks"), static),
                           files=f"{link.root}network/", map=networks.MAP if networks.MAP in names else None,
                           figure="actors.svg" if "actors.svg" in names else None)


def term_value(portal: Portal, term, link: Linker) -> Value | None:
    """A value from an rdflib term (named-query results)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return Value(portal.label(str(term)), link.resource(str(term)), str(term))
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else ""
        texts = {lang: format_date(str(term), datatype, lang) or str(term) for lang in LANGS}
        return Value(texts, lang=term.language or None)
    if isinstance(term, BNode):
        return Value({lang: f"_:{term}" for lang in LANGS})
    return Value({lang: str(term) for lang in LANGS})
