"""The ontology's documentation: one HTML page per language, from a template in a file.

Everything on the page comes from the ontology's triples (titles, definitions, domains, ranges,
SKOS schemes) and is escaped by the template; the page runs no script and says so in its
Content-Security-Policy, so a comment holding markup shows as text. The release writes these
pages (`ontology.html`, `ontology.tr.html`), and the portal (`ittifak serve` and `ittifak site`)
serves the same pages, with a link back to its home and its other representations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from ittifak.core.templates import render_template
from ittifak.core.vocab import shorten

LANGUAGES = ("en", "tr")
FILES = {"en": "ontology.html", "tr": "ontology.tr.html"}  # ontology.html: the address links use
WORDS = {
    "en": {"classes": "Classes", "object": "Object properties", "datatype": "Datatype properties",
           "annotation": "Annotation properties", "schemes": "Concept schemes", "iri": "IRI",
           "version": "Version", "version_iri": "Version IRI", "namespace": "Namespace", "prefix": "Prefix",
           "license": "Licence", "super": "Subclass of", "sub": "Superclass of", "domain": "Domain",
           "range": "Range", "subprop": "Subproperty of", "equivalent": "Equivalent to",
           "deprecated": "deprecated", "replaced": "Replaced by", "other": "Türkçe", "contents": "Contents",
           "concepts": "Concepts", "broader": "Broader", "reason": "No domain or range because"},
    "tr": {"classes": "Sınıflar", "object": "Nesne özellikleri", "datatype": "Veri özellikleri",
           "annotation": "Açıklama özellikleri", "schemes": "Kavram şemaları", "iri": "IRI",
           "version": "Sürüm", "version_iri": "Sürüm IRI", "namespace": "Ad alanı", "prefix": "Önek",
           "license": "Lisans", "super": "Üst sınıfı", "sub": "Alt sınıfları", "domain": "Tanım kümesi",
           "range": "Değer kümesi", "subprop": "Üst özelliği", "equivalent": "Eşdeğeri",
           "deprecated": "kullanımdan kalktı", "replaced": "Yerine", "other": "English", "contents": "İçindekiler",
           "concepts": "Kavramlar", "broader": "Üst kavram", "reason": "Tanım ya da değer kümesi yok, çünkü"},
}


@dataclass
class Term:
    iri: str
    curie: str
    anchor: str
    label: str
    other_label: str
    definition: str
    links: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)  # (heading, [(text, href)])
    deprecated: bool = False


def _text(g: Graph, node, props, lang: str) -> str:
    """The value of the first property that has one, in `lang`, else in any language."""
    for prop in props:
        values = sorted(o for o in g.objects(node, prop) if isinstance(o, Literal))
        for wanted in (lang, None):
            for value in values:
                if wanted is None or value.language == wanted:
                    return str(value)
    return ""


class _Page:
    def __init__(self, g: Graph, lang: str, prefixes: dict[str, str], namespace: str) -> None:
        self.g, self.lang, self.prefixes, self.namespace = g, lang, prefixes, namespace
        self.other = "tr" if lang == "en" else "en"

    def label(self, node) -> str:
        return _text(self.g, node, (RDFS.label, SKOS.prefLabel), self.lang) or shorten(str(node), self.prefixes)

    def ref(self, node) -> tuple[str, str]:
        """(text, href): an ontology term links to its entry, anything else to its IRI."""
        curie = shorten(str(node), self.prefixes)
        if str(node).startswith(self.namespace):
            return f"{self.label(node)} ({curie})", f"#{curie.replace(':', '-')}"
        return curie, str(node)

    def refs(self, nodes) -> list[tuple[str, str]]:
        return [self.ref(n) for n in sorted(set(nodes)) if isinstance(n, URIRef)]

    def term(self, node) -> Term:
        g, w = self.g, WORDS[self.lang]
        curie = shorten(str(node), self.prefixes)
        links = [
            (w["super"], self.refs(g.objects(node, RDFS.subClassOf))),
            (w["sub"], self.refs(g.subjects(RDFS.subClassOf, node))),
            (w["subprop"], self.refs(g.objects(node, RDFS.subPropertyOf))),
            (w["domain"], self.refs(g.objects(node, RDFS.domain))),
            (w["range"], self.refs(g.objects(node, RDFS.range))),
            (w["equivalent"], self.refs([*g.objects(node, OWL.equivalentClass),
                                         *g.objects(node, OWL.equivalentProperty)])),
            (w["replaced"], self.refs(g.objects(node, DCTERMS.isReplacedBy))),
            (w["broader"], self.refs(g.objects(node, SKOS.broader))),
        ]
        return Term(str(node), curie, anchor(str(node), self.prefixes), self.label(node),
                    _text(g, node, (RDFS.label, SKOS.prefLabel), self.other),
                    _text(g, node, (SKOS.definition, RDFS.comment), self.lang),
                    [(h, v) for h, v in links if v],
                    (node, OWL.deprecated, Literal(True)) in g)

    def of_type(self, cls) -> list[Term]:
        nodes = {s for s in self.g.subjects(RDF.type, cls)
                 if isinstance(s, URIRef) and str(s).startswith(self.namespace)}
        return sorted((self.term(n) for n in nodes), key=lambda t: (t.deprecated, t.curie.lower()))


def anchor(iri: str, prefixes: dict[str, str]) -> str:
    """The id of a term's entry on the page: its CURIE with a hyphen (`itt-Person`)."""
    return shorten(iri, prefixes).replace(":", "-")


def ontology_pages(g: Graph, prefixes: dict[str, str], *, home: tuple[str, dict[str, str]] | None = None,
                   alternates: list[tuple[str, str, str]] = ()) -> dict[str, str]:
    """The documentation page of the ontology in `g`, per language (en, tr).

    `home`: (href, title per language) of a site the page belongs to, linked above the title;
    `alternates`: (media type, href, name) of the ontology's other representations."""
    ontology = next((s for s in g.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)), None)
    namespace = str(g.value(ontology, URIRef("http://purl.org/vocab/vann/preferredNamespaceUri")) or "")
    namespace = namespace or prefixes.get("itt", "")
    prefix = str(g.value(ontology, URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix")) or "")
    pages = {}
    for lang in LANGUAGES:
        page = _Page(g, lang, prefixes, namespace)
        schemes = []
        for scheme in sorted(s for s in g.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)):
            concepts = sorted((page.term(c) for c in set(g.subjects(SKOS.inScheme, scheme))),
                              key=lambda t: t.label.lower())
            schemes.append((page.term(scheme), concepts))
        meta = {
            "iri": str(ontology) if ontology else "",
            "title": _text(g, ontology, (DCTERMS.title, RDFS.label), lang) if ontology else "",
            "description": _text(g, ontology, (DCTERMS.description, RDFS.comment), lang) if ontology else "",
            "version": str(g.value(ontology, OWL.versionInfo) or "") if ontology else "",
            "version_iri": str(g.value(ontology, OWL.versionIRI) or "") if ontology else "",
            "license": str(g.value(ontology, DCTERMS.license) or "") if ontology else "",
            "namespace": namespace, "prefix": prefix,
        }
        sections = [
            ("classes", page.of_type(OWL.Class)),
            ("object", page.of_type(OWL.ObjectProperty)),
            ("datatype", page.of_type(OWL.DatatypeProperty)),
            ("annotation", page.of_type(OWL.AnnotationProperty)),
        ]
        pages[lang] = render_template("release/ontology.html.j2", lang=lang, words=WORDS[lang], meta=meta,
                                      sections=[(key, WORDS[lang][key], terms) for key, terms in sections if terms],
                                      schemes=schemes, other_page=FILES[page.other],
                                      home=(home[0], home[1].get(lang, "")) if home else None,
                                      alternates=list(alternates))
    return pages
