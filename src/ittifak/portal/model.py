"""What the portal shows: one graph read once into label indexes, and views of its resources.

The pages, the static site and the reconciliation service all read the graph through `Portal`.
Every value that reaches a page is a plain string or number here; the templates escape them.
Resource queries bind the resource with pyoxigraph substitutions, never by pasting it in.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from ittifak.core.errors import InputError
from ittifak.core.text import match_key
from ittifak.core.vocab import ITT, shorten
from ittifak.project import Project

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
XSD = "http://www.w3.org/2001/XMLSchema#"
SOURCE, PASSAGE = str(ITT.citedSource), str(ITT.statedIn)
LANGS = ("tr", "en")

MONTHS = {
    "tr": ["Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim",
           "Kasım", "Aralık"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}

#: The queries behind a resource page, shown on the page; ?this is bound by substitution.
FACTS_QUERY = "SELECT ?this ?p ?o WHERE { ?this ?p ?o }"
LINKS_QUERY = "SELECT ?this ?s ?p WHERE { ?s ?p ?this FILTER(isIRI(?s)) }"
DESCRIBE_QUERY = """CONSTRUCT { ?this ?p ?o . ?o ?p2 ?o2 . ?o2 ?p3 ?o3 . ?s ?q ?this }
WHERE {
  { ?this ?p ?o OPTIONAL { FILTER(isBlank(?o)) ?o ?p2 ?o2
      OPTIONAL { FILTER(isBlank(?o2)) ?o2 ?p3 ?o3 } } }
  UNION { ?s ?q ?this FILTER(isIRI(?s)) }
}"""
CLASS_QUERY = """SELECT ?class ?s WHERE { ?s a ?class FILTER(isIRI(?s)) }"""


_DURATION = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?")
_UNITS = {"tr": ("yıl", "ay", "gün"), "en": ("year", "month", "day")}


def format_duration(value: str, lang: str) -> str | None:
    """An xsd:duration of years, months and days in words: "P10Y" → "10 yıl" / "10 years"."""
    found = _DURATION.fullmatch(value)
    if not found or not any(found.groups()):
        return None
    units = _UNITS[lang if lang in _UNITS else "en"]
    words = []
    for amount, unit in zip(found.groups(), units):
        if amount:
            n = int(amount)
            words.append(f"{n} {unit}" if lang == "tr" or n == 1 else f"{n} {unit}s")
    return " ".join(words)


def format_date(value: str, datatype: str, lang: str) -> str | None:
    """A date at its precision: "1992", "Kasım 1992" / "November 1992", "2 Kasım 1992"."""
    months = MONTHS[lang if lang in MONTHS else "en"]
    try:
        if datatype == XSD + "gYear":
            return str(int(value[:4]))
        if datatype == XSD + "gYearMonth":
            year, month = value[:7].split("-")
            return f"{months[int(month) - 1]} {int(year)}"
        if datatype == XSD + "date":
            year, month, day = value[:10].split("-")
            return f"{int(day)} {months[int(month) - 1]} {int(year)}"
        if datatype == XSD + "duration":
            return format_duration(value, lang)
    except (ValueError, IndexError):
        return None
    return None


@dataclass
class Value:
    """One value on a page: a link (with labels per language), a literal, or a nested resource."""

    text: dict[str, str]               # per language
    href: str | None = None            # local link, or None
    iri: str | None = None
    lang: str | None = None            # a literal's language tag: shown only in that language
    datatype: str | None = None
    nested: list[Fact] | None = None   # a blank node's own facts
    only: str | None = None            # shown in this language only (its counterpart exists)


@dataclass
class Fact:
    prop: str
    label: dict[str, str]
    values: list[Value] = field(default_factory=list)


@dataclass
class ResourceView:
    iri: str
    labels: dict[str, str]
    all_labels: list[tuple[str, str]]          # (text, lang) of rdfs:label
    alt_labels: list[tuple[str, str]]
    types: list[Value]
    facts: list[Fact]
    sources: list[Value]
    passages: list[Value]
    links: list[tuple[Value, dict[str, str]]]  # (subject, property label) of what links here
    queries: list[tuple[str, str]]             # (name, text) of the SPARQL behind the page


@dataclass
class ClassEntry:
    iri: str
    local: str
    labels: dict[str, str]
    count: int


class Linker:
    """Where a page links an IRI: the server's paths, or relative files of the static site."""

    def __init__(self, uri_space: str, static: bool = False, depth: int = 0) -> None:
        self.uri_space = uri_space
        self.static = static
        self.root = "../" * depth if static else "/"

    def resource(self, iri: str) -> str | None:
        if self.uri_space and iri.startswith(self.uri_space) and len(iri) > len(self.uri_space):
            rest = iri[len(self.uri_space):]
            return f"{self.root}id/{rest}.html" if self.static else f"/id/{rest}"
        if iri.startswith(str(ITT)):
            return f"{self.root}ontology.html#{iri[len(str(ITT)):]}" if self.static else \
                f"/ontology#{iri[len(str(ITT)):]}"
        return None

    def page(self, name: str) -> str:
        """A page of the portal by its server path without the leading slash ("" is the home)."""
        if not self.static:
            return "/" + name
        return self.root + (name or "index") + ".html"

    def static_file(self, name: str) -> str:
        return f"{self.root}static/{name}"


class Portal:
    """The project's graph, open in the embedded store, with the indexes the pages need."""

    def __init__(self, project: Project | None = None) -> None:
        self.project = project or Project()
        self.store = self.project.open()
        if not hasattr(self.store, "native"):
            raise InputError(f"the portal serves the embedded Oxigraph store, not {self.store.name}")
        self.native: ox.Store = self.store.native
        self.dataset = self.project.dataset
        self.uri_space = self.dataset.uri_space
        self.prefixes = dict(self.project.layout.prefixes)
        self._index()

    # ------------------------------------------------------------------ indexes

    def _index(self) -> None:
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)
        self.label_list: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.alt: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.comments: dict[str, dict[str, str]] = defaultdict(dict)
        self.types: dict[str, list[str]] = defaultdict(list)
        self.passage_lines: dict[str, tuple[int, int]] = {}
        for q in self.native.quads_for_pattern(None, ox.NamedNode(RDFS_LABEL), None):
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal):
                lang = q.object.language or ""
                self.labels[q.subject.value].setdefault(lang, q.object.value)
                self.label_list[q.subject.value].append((q.object.value, lang))
        for q in self.native.quads_for_pattern(None, ox.NamedNode(SKOS_ALT), None):
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal):
                self.alt[q.subject.value].append((q.object.value, q.object.language or ""))
        for q in self.native.quads_for_pattern(None, ox.NamedNode(RDFS_COMMENT), None):
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal):
                self.comments[q.subject.value].setdefault(q.object.language or "", q.object.value)
        for q in self.native.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None):
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
                self.types[q.subject.value].append(q.object.value)
        rows = self.native.query(
            f"SELECT ?p ?a ?b WHERE {{ ?p <{ITT.lineStart}> ?a ; <{ITT.lineEnd}> ?b }}")
        for row in rows:
            try:
                self.passage_lines[row["p"].value] = (int(row["a"].value), int(row["b"].value))
            except ValueError:
                continue
        self.superclasses: dict[str, set[str]] = defaultdict(set)
        for q in self.native.quads_for_pattern(None, ox.NamedNode(RDFS_SUBCLASS), None):
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
                self.superclasses[q.subject.value].add(q.object.value)
        for label_map in self.labels.values():
            for lang in LANGS:
                label_map.setdefault(lang, label_map.get("") or next(iter(label_map.values())))

    def ancestors(self, cls: str) -> set[str]:
        """The class and every class above it."""
        seen, todo = {cls}, [cls]
        while todo:
            for sup in self.superclasses.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        return seen

    def is_a(self, iri: str, cls: str) -> bool:
        return any(cls in self.ancestors(t) for t in self.types.get(iri, ()))

    def label(self, iri: str) -> dict[str, str]:
        """The label per language; a resource without one is named by its short IRI."""
        if iri == RDF_TYPE:
            return {"tr": "tür", "en": "type"}
        found = self.labels.get(iri)
        if found:
            return {lang: found[lang] for lang in LANGS}
        if iri in self.passage_lines:
            a, b = self.passage_lines[iri]
            return {"tr": f"satır {a}–{b}", "en": f"lines {a}–{b}"}
        short = shorten(iri, self.prefixes)
        return {lang: short for lang in LANGS}

    def short(self, iri: str) -> str:
        return shorten(iri, self.prefixes)

    def local_path(self, iri: str) -> str | None:
        """The part of an IRI after the dataset's uriSpace ("organisation/tika"), if in it."""
        if self.uri_space and iri.startswith(self.uri_space) and len(iri) > len(self.uri_space):
            return iri[len(self.uri_space):]
        return None

    def iri_for(self, path: str) -> str:
        return self.uri_space + path

    def exists(self, iri: str) -> bool:
        """Whether the graph says anything of the IRI, or links to it."""
        node = ox.NamedNode(iri)
        return any(next(iter(self.native.quads_for_pattern(*pattern)), None) is not None
                   for pattern in ((node, None, None), (None, None, node)))

    def resources(self) -> list[str]:
        """Every IRI in the uriSpace the graph mentions (so every link has a page), sorted."""
        found = set()
        for q in self.native.quads_for_pattern(None, None, None):
            for term in (q.subject, q.object):
                if isinstance(term, ox.NamedNode) and self.local_path(term.value):
                    found.add(term.value)
        return sorted(found)

    # ------------------------------------------------------------------ views

    def _value(self, term, linker: Linker, depth: int = 0) -> Value:
        if isinstance(term, ox.NamedNode):
            return Value(self.label(term.value), linker.resource(term.value), term.value)
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value if term.datatype else None
            texts = {lang: format_date(term.value, datatype or "", lang) or term.value for lang in LANGS}
            return Value(texts, lang=term.language or None, datatype=datatype)
        if isinstance(term, ox.BlankNode) and depth < 3:
            return Value({lang: "" for lang in LANGS}, nested=self._facts(term, linker, depth + 1)[0])
        return Value({lang: str(term) for lang in LANGS})

    def _facts(self, node, linker: Linker, depth: int = 0):
        grouped: dict[str, list] = defaultdict(list)
        for row in self.native.query(FACTS_QUERY, substitutions={ox.Variable("this"): node}):
            grouped[row["p"].value].append(row["o"])
        facts, sources, passages = [], [], []
        for prop in sorted(grouped, key=lambda p: (p != RDF_TYPE, self.label(p)["en"].lower(), p)):
            if prop in (RDFS_LABEL, SKOS_ALT) and depth == 0:
                continue
            values = [self._value(o, linker, depth) for o in grouped[prop]]
            values.sort(key=lambda v: (v.lang or "", v.text["tr"].lower()))
            tagged = {v.lang for v in values}
            for v in values:
                if v.lang in LANGS and set(LANGS) <= tagged:
                    v.only = v.lang
            if prop == SOURCE and depth == 0:
                sources = values
            elif prop == PASSAGE and depth == 0:
                passages = sorted(values, key=lambda v: self.passage_lines.get(v.iri or "", (0, 0)))
            else:
                facts.append(Fact(prop, self.label(prop), values))
        return facts, sources, passages

    def view(self, iri: str, linker: Linker) -> ResourceView:
        node = ox.NamedNode(iri)
        facts, sources, passages = self._facts(node, linker)
        types = [f.values for f in facts if f.prop == RDF_TYPE]
        facts = [f for f in facts if f.prop != RDF_TYPE]
        links = []
        for row in self.native.query(LINKS_QUERY, substitutions={ox.Variable("this"): node}):
            links.append((self._value(row["s"], linker), self.label(row["p"].value)))
        links.sort(key=lambda x: (x[1]["en"], x[0].text["tr"].lower()))
        return ResourceView(
            iri, self.label(iri), sorted(self.label_list.get(iri, [])), sorted(self.alt.get(iri, [])),
            types[0] if types else [], facts, sources, passages, links,
            [("facts", FACTS_QUERY), ("links", LINKS_QUERY)])

    def describe(self, iri: str) -> list:
        """The triples of a resource: its own (with its blank nodes) and those that link to it."""
        return list(self.native.query(DESCRIBE_QUERY, substitutions={ox.Variable("this"): ox.NamedNode(iri)}))

    def classes(self) -> list[ClassEntry]:
        """The ontology's classes that have instances, with their counts (as asserted)."""
        counts: dict[str, int] = defaultdict(int)
        for iri, types in self.types.items():
            if self.local_path(iri):
                for t in set(types):
                    counts[t] += 1
        entries = [ClassEntry(c, c[len(str(ITT)):], self.label(c), n)
                   for c, n in counts.items() if c.startswith(str(ITT))]
        return sorted(entries, key=lambda e: (-e.count, e.local))

    def instances(self, cls: str, linker: Linker) -> list[Value]:
        rows = self.native.query(CLASS_QUERY, substitutions={ox.Variable("class"): ox.NamedNode(cls)})
        values = [self._value(row["s"], linker) for row in rows if self.local_path(row["s"].value)]
        return sorted(values, key=lambda v: match_key(v.text["tr"]))

    def ontology_terms(self) -> list[tuple[str, dict[str, str], dict[str, str], str]]:
        """(local name, labels, comments, kind) of every term of the ontology namespace."""
        ns = str(ITT)
        terms = []
        for iri, types in sorted(self.types.items()):
            if iri.startswith(ns) and len(iri) > len(ns):
                kind = "class" if any(t.endswith("#Class") for t in types) else "property"
                comments = self.comments.get(iri, {})
                comment = {lang: comments.get(lang, comments.get("", "")) for lang in LANGS}
                terms.append((iri[len(ns):], self.label(iri), comment, kind))
        return terms
