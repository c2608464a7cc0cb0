"""What the portal shows: one graph read once into label indexes, and views of its resources.

The pages, the static site and the reconciliation service all read the graph through `Portal`.
Every value that reaches a page is a plain string or number here; the templates escape them.
The graph is the embedded Oxigraph store or a SPARQL store the portal fronts (ittifak.portal.reader);
queries bind the resource with pyoxigraph substitutions or `bind_values`, never by pasting it in.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

import pyoxigraph as ox
from rdflib import Graph

from ittifak.core.errors import InputError
from ittifak.core.load import parse_files
from ittifak.core.text import match_key
from ittifak.core.vocab import ITT, shorten
from ittifak.portal.reader import NativeReader, RemoteReader, check_backend
from ittifak.project import Project

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
XSD = "http://www.w3.org/2001/XMLSchema#"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
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
ITT_PREFIX = f"PREFIX itt: <{ITT}>\n"
#: The source conflicts about ?this: their disputed property (when the data names it), type, the
#: reading the data adopted, and readings, each with its value as written and its passages.
CONFLICTS_QUERY = ITT_PREFIX + """SELECT ?this ?c ?prop ?kind ?adopted ?r ?value ?passage WHERE {
  ?c itt:conflictAbout ?this .
  OPTIONAL { ?c itt:disputedProperty ?prop }
  OPTIONAL { ?c itt:conflictType ?kind }
  OPTIONAL { ?c itt:adoptedReading ?adopted }
  OPTIONAL { ?c itt:hasReading ?r
    OPTIONAL { ?r itt:readingValue ?value }
    OPTIONAL { ?r itt:statedIn ?passage } }
}"""
CONFLICT_TEXT_QUERY = ITT_PREFIX + """SELECT ?this ?x ?d WHERE {
  { ?c itt:conflictAbout ?this ; itt:description ?d BIND(?c AS ?x) }
  UNION { ?c itt:conflictAbout ?this ; itt:hasReading ?x . ?x itt:description ?d }
}"""
LINES_QUERY = ITT_PREFIX + """SELECT ?p ?a ?b WHERE { ?p itt:lineStart ?a ; itt:lineEnd ?b }"""


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
class Reading:
    """One reading of a source conflict: the value as the paper writes it, and where."""

    iri: str
    labels: dict[str, str] | None
    value: str | None
    description: dict[str, str]
    passages: list[Value] = field(default_factory=list)
    adopted: bool = False  # the reading whose value the data carries (itt:adoptedReading)


@dataclass
class Conflict:
    """A recorded itt:SourceConflict about a resource; `props` are the facts it disputes, if named."""

    iri: str
    href: str | None
    labels: dict[str, str]
    description: dict[str, str]
    kind: Value | None
    props: list[str] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)


@dataclass
class Fact:
    prop: str
    label: dict[str, str]
    values: list[Value] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)  # the source conflicts about this fact


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
    conflicts: list[Conflict] = field(default_factory=list)  # those not beside one of the facts


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
        if iri.startswith(str(ITT)):  # the entry's id on the ontology's page: its CURIE, hyphenated
            anchor = "itt-" + iri[len(str(ITT)):]
            return f"{self.root}ontology.html#{anchor}" if self.static else f"/ontology#{anchor}"
        return None

    def page(self, name: str) -> str:
        """A page of the portal by its server path without the leading slash ("" is the home)."""
        if not self.static:
            return "/" + name
        return self.root + (name or "index") + ".html"

    def static_file(self, name: str) -> str:
        return f"{self.root}static/{name}"


class Portal:
    """The project's graph with the indexes the pages need: held in the embedded Oxigraph store,
    or, with `backend`, read from a SPARQL 1.1 store that already holds it (see ittifak.portal.reader)."""

    def __init__(self, project: Project | None = None, *, backend: str | None = None, graph: str | None = None,
                 timeout: float = 30.0) -> None:
        self.project = project or Project()
        self.backend = backend
        self.backend_graph = graph  # the store's named graph that holds the project (default-graph-uri)
        if graph and not backend:
            raise InputError("--graph names a graph of the --backend store: give --backend too")
        if backend:
            check_backend(backend)
            self.store = self.project.open(endpoint=backend, graph=graph, timeout=timeout)
            self.native: ox.Store | None = None
            self.reader: NativeReader | RemoteReader = RemoteReader(self.store)
        else:
            self.store = self.project.open()
            if not self.store.can("native"):
                raise InputError(f"the portal serves the embedded Oxigraph store, not {self.store.name}")
            if self.project.layout.links_files():  # outside links and coordinates (data/links/) belong on the pages
                self.store.load(self.project.layout.links_files())
            self.native = self.store.native
            self.reader = NativeReader(self.native)
        self.dataset = self.project.dataset
        self.uri_space = self.dataset.uri_space
        self.prefixes = dict(self.project.layout.prefixes)
        self._index()

    # ------------------------------------------------------------------ indexes

    def _index(self) -> None:
        read = self.reader.subjects_objects
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)
        self.label_list: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.alt: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.comments: dict[str, dict[str, str]] = defaultdict(dict)
        self.types: dict[str, list[str]] = defaultdict(list)
        self.passage_lines: dict[str, tuple[int, int]] = {}
        for s, o in read(RDFS_LABEL):
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.Literal):
                lang = o.language or ""
                self.labels[s.value].setdefault(lang, o.value)
                self.label_list[s.value].append((o.value, lang))
        for s, o in read(SKOS_ALT):
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.Literal):
                self.alt[s.value].append((o.value, o.language or ""))
        for s, o in read(RDFS_COMMENT):
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.Literal):
                self.comments[s.value].setdefault(o.language or "", o.value)
        for s, o in read(RDF_TYPE):
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
                self.types[s.value].append(o.value)
        for row in self.reader.select(LINES_QUERY):
            try:
                self.passage_lines[row["p"].value] = (int(row["a"].value), int(row["b"].value))
            except (ValueError, KeyError):
                continue
        self.superclasses: dict[str, set[str]] = defaultdict(set)
        for s, o in read(RDFS_SUBCLASS):
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
                self.superclasses[s.value].add(o.value)
        for label_map in self.labels.values():
            for lang in LANGS:
                label_map.setdefault(lang, label_map.get("") or next(iter(label_map.values())))
        self.coordinates = self._coordinates()

    @cached_property
    def ontology(self) -> Graph:
        """The project's ontology files, read once (the ontology's pages and representations)."""
        graph = Graph()
        parse_files(graph, self.project.layout.ontology_files())
        for prefix, ns in self.prefixes.items():
            graph.bind(prefix, ns, override=True)
        return graph

    def _coordinates(self) -> dict[str, tuple[float, float]]:
        """(latitude, longitude) of every resource with one geo:lat and one geo:long in range."""
        found: dict[str, dict[str, set[float]]] = defaultdict(lambda: {"lat": set(), "long": set()})
        for axis in ("lat", "long"):
            for s, o in self.reader.subjects_objects(GEO + axis):
                if isinstance(s, ox.NamedNode) and isinstance(o, ox.Literal):
                    try:
                        found[s.value][axis].add(float(o.value))
                    except ValueError:
                        continue
        points = {}
        for iri, axes in found.items():
            if len(axes["lat"]) == 1 and len(axes["long"]) == 1:
                lat, lon = next(iter(axes["lat"])), next(iter(axes["long"]))
                if -90 <= lat <= 90 and -180 <= lon <= 180:
                    points[iri] = (lat, lon)
        return points

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
        return self.reader.exists(iri)

    def resources(self) -> list[str]:
        """Every IRI in the uriSpace the graph mentions (so every link has a page), sorted."""
        return sorted(self.reader.iris_in(self.uri_space)) if self.uri_space else []

    # ------------------------------------------------------------------ views

    def _value(self, term, linker: Linker, depth: int = 0, graph: ox.Store | None = None) -> Value:
        if isinstance(term, ox.NamedNode):
            return Value(self.label(term.value), linker.resource(term.value), term.value)
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value if term.datatype else None
            texts = {lang: format_date(term.value, datatype or "", lang) or term.value for lang in LANGS}
            return Value(texts, lang=term.language or None, datatype=datatype)
        if isinstance(term, ox.BlankNode) and depth < 3 and graph is not None:
            return Value({lang: "" for lang in LANGS}, nested=self._facts(term, linker, graph, depth + 1)[0])
        return Value({lang: str(term) for lang in LANGS})

    def _facts(self, node, linker: Linker, graph: ox.Store, depth: int = 0):
        grouped: dict[str, list] = defaultdict(list)
        for row in graph.query(FACTS_QUERY, substitutions={ox.Variable("this"): node}):
            grouped[row["p"].value].append(row["o"])
        facts, sources, passages = [], [], []
        for prop in sorted(grouped, key=lambda p: (p != RDF_TYPE, self.label(p)["en"].lower(), p)):
            if prop in (RDFS_LABEL, SKOS_ALT) and depth == 0:
                continue
            values = [self._value(o, linker, depth, graph) for o in grouped[prop]]
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

    def conflicts(self, iri: str, linker: Linker) -> list[Conflict]:
        """The source conflicts recorded about a resource, with their readings and passages."""
        node = ox.NamedNode(iri)
        found: dict[str, Conflict] = {}
        readings: dict[tuple[str, str], Reading] = {}
        for row in self.reader.select(CONFLICTS_QUERY, this=node):
            c = row["c"].value
            conflict = found.get(c)
            if conflict is None:
                kind = row.get("kind")
                conflict = found[c] = Conflict(c, linker.resource(c), self.label(c), {},
                                               self._value(kind, linker) if kind is not None else None)
            prop = row.get("prop")
            if isinstance(prop, ox.NamedNode) and prop.value not in conflict.props:
                conflict.props.append(prop.value)
            r = row.get("r")
            if r is None:
                continue
            reading = readings.get((c, r.value))
            if reading is None:
                reading = readings[(c, r.value)] = Reading(r.value, self.label(r.value) if r.value in self.labels
                                                           else None, None, {})
                conflict.readings.append(reading)
            adopted = row.get("adopted")
            if isinstance(adopted, ox.NamedNode) and adopted.value == r.value:
                reading.adopted = True
            if "value" in row and reading.value is None:
                reading.value = row["value"].value
            passage = row.get("passage")
            if isinstance(passage, ox.NamedNode) and passage.value not in [v.iri for v in reading.passages]:
                reading.passages.append(self._value(passage, linker))
        descriptions = {c.iri: c.description for c in found.values()}
        descriptions.update({r.iri: r.description for r in readings.values()})
        for row in self.reader.select(CONFLICT_TEXT_QUERY, this=node):
            target = descriptions.get(row["x"].value)
            text = row["d"]
            if target is not None and isinstance(text, ox.Literal):
                lang = text.language if text.language in LANGS else ""
                target.setdefault(lang, text.value)
        for described in descriptions.values():
            if "" in described:
                untagged = described.pop("")
                for lang in LANGS:
                    described.setdefault(lang, untagged)
        for conflict in found.values():
            conflict.readings.sort(key=lambda r: ((r.labels or {}).get("en", ""), r.iri))
            for reading in conflict.readings:
                reading.passages.sort(key=lambda v: self.passage_lines.get(v.iri or "", (0, 0)))
        return sorted(found.values(), key=lambda c: (c.labels["en"].lower(), c.iri))

    def view(self, iri: str, linker: Linker) -> ResourceView:
        node = ox.NamedNode(iri)
        graph = self.reader.around(iri)
        facts, sources, passages = self._facts(node, linker, graph)
        types = [f.values for f in facts if f.prop == RDF_TYPE]
        facts = [f for f in facts if f.prop != RDF_TYPE]
        links = []
        for row in graph.query(LINKS_QUERY, substitutions={ox.Variable("this"): node}):
            links.append((self._value(row["s"], linker), self.label(row["p"].value)))
        links.sort(key=lambda x: (x[1]["en"], x[0].text["tr"].lower()))
        by_prop = {f.prop: f for f in facts}
        unplaced = []
        for conflict in self.conflicts(iri, linker):
            placed = [by_prop[p] for p in conflict.props if p in by_prop]
            for fact in placed:
                fact.conflicts.append(conflict)
            if not placed:
                unplaced.append(conflict)
        return ResourceView(
            iri, self.label(iri), sorted(self.label_list.get(iri, [])), sorted(self.alt.get(iri, [])),
            types[0] if types else [], facts, sources, passages, links,
            [("facts", FACTS_QUERY), ("links", LINKS_QUERY), ("conflicts", CONFLICTS_QUERY)], unplaced)

    def describe(self, iri: str) -> list:
        """The triples of a resource: its own (with its blank nodes) and those that link to it."""
        return self.reader.describe(iri)

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
        values = [self._value(ox.NamedNode(iri), linker) for iri, types in self.types.items()
                  if cls in types and self.local_path(iri)]
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
