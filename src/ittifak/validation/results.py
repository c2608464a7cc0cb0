"""What a validation found, in words a reader acts on: results grouped by resource, with labels,
messages and the file and line of each statement (read from SHACL's report graph)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, SKOS, XSD
from rdflib.term import Node

from ittifak.core.layout import Layout
from ittifak.core.text import shown
from ittifak.core.vocab import ITT, ITTS
from ittifak.validation.locate import Location, LocationIndex

#: The shape under which ill-typed literals are reported (declared, deactivated, in shapes/literals.ttl).
WELL_TYPED = ITTS.WellTypedLiteralShape

SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}

#: What went wrong, per SHACL constraint component, in words a reader needs no SHACL for (en, tr).
#: A SPARQL-based rule says it in its shape's own short sh:message instead.
PROBLEM = {
    "MinCountConstraintComponent": ("missing", "eksik"),
    "MaxCountConstraintComponent": ("given too many times", "fazla verilmiş"),
    "QualifiedMinCountConstraintComponent": ("missing", "eksik"),
    "QualifiedMaxCountConstraintComponent": ("given too many times", "fazla verilmiş"),
    "ClassConstraintComponent": ("links to the wrong kind of resource", "yanlış türde bir kaynağa bağlanıyor"),
    "DatatypeConstraintComponent": ("not a valid value of its type", "veri türüne uymuyor"),
    "NodeKindConstraintComponent": ("the wrong kind of value", "yanlış türde değer"),
    "PatternConstraintComponent": ("wrongly written", "yanlış yazılmış"),
    "OrConstraintComponent": ("wrongly written", "yanlış yazılmış"),
    "NotConstraintComponent": ("not allowed", "izin verilmiyor"),
    "NodeConstraintComponent": ("links to the wrong kind of resource", "yanlış türde bir kaynağa bağlanıyor"),
    "InConstraintComponent": ("not one of the allowed values", "izin verilen değerlerden biri değil"),
    "HasValueConstraintComponent": ("missing", "eksik"),
    "LanguageInConstraintComponent": ("wrong or missing language tag", "dil etiketi yanlış veya eksik"),
    "UniqueLangConstraintComponent": ("more than one per language", "bir dilde birden fazla"),
    "MinInclusiveConstraintComponent": ("out of range", "aralık dışında"),
    "MinExclusiveConstraintComponent": ("out of range", "aralık dışında"),
    "MaxInclusiveConstraintComponent": ("out of range", "aralık dışında"),
    "MaxExclusiveConstraintComponent": ("out of range", "aralık dışında"),
    "LessThanOrEqualsConstraintComponent": ("out of order", "sırası yanlış"),
    "LessThanConstraintComponent": ("out of order", "sırası yanlış"),
}
_OTHER_PROBLEM = ("breaks a rule", "bir kurala uymuyor")

def _shown(text: str) -> str:
    """A value as a report shows it: a value that breaks a rule must not also garble the terminal."""
    return shown(text, lines=True)


_IRI_IN_TEXT = re.compile(r"<?(https?://[^\s<>\"{}|^`]*[\w/#])>?")



@dataclass
class ValidationResult:
    """One problem, said about one resource, in the words of the shape that found it."""

    severity: str  # violation | warning | info
    focus: Node  # SHACL's focus node (an IRI, or a blank node such as an amount)
    focus_label: str | None  # what the blank focus node is, when it is not the entity itself
    entity: Node  # the named resource to report it under (the focus, or the IRI holding the blank node)
    entity_label: str
    entity_class: str
    message: str
    messages: dict[str, str]
    shape: Node | None
    component: str | None
    problem: str
    path: str | None  # prefixed name of the property, e.g. itt:signedOn
    value: Node | None
    value_label: str | None
    location: Location | None
    rule: str | None  # what the shape protects (its rdfs:comment)

    @property
    def statement(self) -> str:
        """The message as a sentence about the resource: it names the resource by its label."""
        if self.entity_label in self.message:
            return self.message
        return f"{self.entity_label}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "severity": self.severity,
            "text": self.statement,
            "message": self.message,
            "messages": self.messages,
            "problem": self.problem,
            "property": self.path,
            "value": None if self.value is None else str(self.value),
            "value_label": self.value_label,
            "file": str(self.location.file) if self.location else None,
            "line": self.location.line if self.location else None,
            "focus": _node_text(self.focus),
            "focus_label": self.focus_label,
            "shape": None if self.shape is None else _node_text(self.shape),
            "constraint": self.component,
            "rule": self.rule,
        }


@dataclass
class EntityResults:
    """All results about one resource, for reports grouped by entity."""

    entity: Node
    label: str
    kind: str
    location: Location | None
    results: list[ValidationResult]
    conflicts: list[str] = field(default_factory=list)


@dataclass
class ValidationReport:
    """What the validation found; `conforms` is true when there is no violation."""

    results: list[ValidationResult]
    graph: Graph  # the SHACL validation report graph
    statements: int
    rules: int
    files: list[Path] = field(default_factory=list)
    conflicts: dict[Node, list[str]] = field(default_factory=dict)  # recorded conflicts per resource
    places: dict[Node, Location] = field(default_factory=dict)  # where each resource is described

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "warning"]

    @property
    def infos(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "info"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def by_entity(self, severity: str | None = None) -> list[EntityResults]:
        """Results grouped by the resource they are about, in file order."""
        groups: dict[Node, EntityResults] = {}
        for result in self.results:
            if severity is not None and result.severity != severity:
                continue
            group = groups.get(result.entity)
            if group is None:
                group = groups[result.entity] = EntityResults(
                    result.entity, result.entity_label, result.entity_class,
                    self.places.get(result.entity, result.location), [],
                    self.conflicts.get(result.entity, []))
            group.results.append(result)
        return sorted(groups.values(), key=_group_order)


def _group_order(group: EntityResults):
    loc = group.location
    return (str(loc.file) if loc else "~", loc.line or 0 if loc else 0, group.label)




# ---------------------------------------------------------------------------------------------
# Reading the SHACL report


def _is_blank(node: Node) -> bool:
    """A blank node, or a skolem IRI standing for one (RDF 1.1: …/.well-known/genid/…)."""
    return isinstance(node, BNode) or (isinstance(node, URIRef) and "/.well-known/genid/" in node)


def _node_text(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


class ReportReader:
    """Turns sh:ValidationResult nodes into ValidationResults with labels and locations."""

    def __init__(self, data: Graph, shapes: Graph, locations: LocationIndex, lang: str) -> None:
        self.data, self.shapes, self.locations, self.lang = data, shapes, locations, lang
        self.prefixes = dict(Layout.find().prefixes)  # the standard ones and the project's
        self._by_length = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))

    # --- names

    def compact(self, node: Node) -> str:
        text = str(node)
        for prefix, ns in self._by_length:
            if text.startswith(ns) and len(text) > len(ns):
                return f"{prefix}:{text[len(ns):]}"
        return f"<{text}>"

    def _lang_value(self, node: Node, prop: URIRef) -> str | None:
        values = sorted(o for o in self.data.objects(node, prop) if isinstance(o, Literal))
        for wanted in (self.lang, "en", "tr"):
            for value in values:
                if value.language == wanted:
                    return _shown(str(value))
        return _shown(str(values[0])) if values else None

    def label(self, node: Node, depth: int = 0) -> str:
        """What a reader calls the resource: its label, else a description, else its short IRI."""
        if isinstance(node, Literal):
            return str(node)
        for prop in (RDFS.label, SKOS.prefLabel, ITT.name):
            found = self._lang_value(node, prop)
            if found:
                return found
        passages = self.prefixes.get("passage")
        if isinstance(node, URIRef) and passages and node.startswith(passages):
            return f"passage {node.rsplit('/', 1)[-1]}"
        if _is_blank(node):
            kind = self.kind(node)
            parent = self.parent(node)
            if parent is not None and depth < 3:
                holder, prop = parent
                return f"{kind} ({self.compact(prop)}) of {self.label(holder, depth + 1)}"
            return kind
        return self.compact(node)

    def kind(self, node: Node) -> str:
        """The English (or chosen-language) name of the resource's most specific itt: class."""
        types = [t for t in self.data.objects(node, RDF.type) if isinstance(t, URIRef)]
        own = [t for t in types if str(t).startswith(str(ITT))] or types
        if not own:
            return "resource without a type"
        specific = [t for t in own if not any(o != t and (o, RDFS.subClassOf, t) in self.data
                                              for o in own)] or own
        names = sorted(self._lang_value(t, RDFS.label) or self.compact(t) for t in specific)
        return ", ".join(names)

    def parent(self, node: Node) -> tuple[Node, URIRef] | None:
        for holder, prop in self.data.subject_predicates(node):
            return holder, prop
        return None

    def entity(self, node: Node) -> tuple[Node, list[URIRef]]:
        """The named resource a blank node belongs to, and the properties leading to it."""
        chain: list[URIRef] = []
        while _is_blank(node) and len(chain) < 5:
            parent = self.parent(node)
            if parent is None:
                break
            node, prop = parent
            chain.insert(0, prop)
        return node, chain

    def conflicts_about(self, node: Node) -> list[str]:
        return sorted(self.label(c) for c in self.data.subjects(ITT.conflictAbout, node)
                      if (c, RDF.type, ITT.SourceConflict) in self.data)

    # --- results

    def _templates(self, node: Node | None) -> list[tuple[re.Pattern, str, int]]:
        """sh:message templates of a shape or SPARQL constraint, as patterns with their language."""
        if node is None:
            return []
        found = []
        for template in self.shapes.objects(node, SH.message):
            parts = re.split(r"\{[$?]\w+\}", str(template))
            pattern = re.compile(".*?".join(re.escape(p) for p in parts), re.DOTALL)
            found.append((pattern, getattr(template, "language", None) or "", sum(map(len, parts))))
        return found

    def _messages(self, result: Node, report: Graph, shape: Node | None) -> dict[str, str]:
        """The result's messages by language, the most specific first.

        Engines fill in `{?label}`-style placeholders and may drop the language tag doing so, so a
        message's language is found again from the template it was made from (the one with the
        most fixed text in common). A SPARQL rule's own message, which names the resource, wins
        over its shape's summary message.
        """
        constraint = report.value(result, SH.sourceConstraint)
        ranked = [(0, t) for t in self._templates(constraint)] + [(1, t) for t in self._templates(shape)]
        found: dict[str, tuple[int, str]] = {}
        for message in report.objects(result, SH.resultMessage):
            text = self.tidy(str(message))
            rank, lang = 2, getattr(message, "language", None) or ""
            matches = [(template_rank, -weight, template_lang)
                       for template_rank, (pattern, template_lang, weight) in ranked
                       if pattern.fullmatch(str(message))]
            if matches:
                rank, _, template_lang = min(matches)
                lang = template_lang or lang
            if lang not in found or rank < found[lang][0]:
                found[lang] = (rank, text)
        if not found and shape is not None:
            for message in self.shapes.objects(shape, SH.message):
                found.setdefault(getattr(message, "language", None) or "", (1, str(message)))
        return {lang: text for lang, (_, text) in sorted(found.items(), key=lambda kv: kv[1][0])}

    def tidy(self, text: str) -> str:
        """Full IRIs an engine wrote into a message, as the short names the data uses."""
        def short(match: re.Match) -> str:
            name = self.compact(URIRef(match.group(1)))
            return match.group(0) if name.startswith("<") else name
        return _IRI_IN_TEXT.sub(short, _shown(text))

    def result(self, node: Node, report: Graph) -> ValidationResult:
        focus = report.value(node, SH.focusNode)
        path_node = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        shape = report.value(node, SH.sourceShape)
        component = report.value(node, SH.sourceConstraintComponent)
        severity = SEVERITY.get(report.value(node, SH.resultSeverity), "violation")
        messages = self._messages(node, report, shape)
        message = messages.get(self.lang) or messages.get("en") or next(
            iter(messages.values()), "The resource breaks a rule of the shapes.")
        path = path_node if isinstance(path_node, URIRef) else None
        entity, chain = self.entity(focus)
        if entity != focus:
            location = self.locations.statement(str(entity), str(chain[0])) if chain else None
        else:
            location = self.locations.statement(str(focus), str(path) if path else None)
        if location is None and isinstance(entity, URIRef):
            location = self.locations.subject(str(entity))
        component_name = str(component).rsplit("#", 1)[-1] if component is not None else None
        if path_node is not None and path is None:
            path_text = self._path_text(report, path_node)
        else:
            path_text = self.compact(path) if path is not None else None
        if chain:  # a value held in a blank node: the path from the named resource
            path_text = "/".join([*(self.compact(p) for p in chain), *([path_text] if path_text else [])])
        rule = None
        if shape is not None:
            comments = {c.language: str(c) for c in self.shapes.objects(shape, RDFS.comment)
                        if isinstance(c, Literal)}
            rule = comments.get(self.lang) or comments.get("en") or next(iter(comments.values()), None)
        return ValidationResult(
            severity=severity, focus=focus, focus_label=self.label(focus) if entity != focus else None,
            entity=entity, entity_label=self.label(entity),
            entity_class=self.kind(entity), message=message, messages=messages,
            shape=shape, component=component_name,
            problem=self.problem(shape, component_name), path=path_text, value=value,
            value_label=self.value_text(value) if value is not None else None, location=location,
            rule=rule)

    def problem(self, shape: Node | None, component: str | None) -> str:
        """What went wrong, in a few words: the component's, or a SPARQL rule's own summary."""
        if component == "SPARQLConstraintComponent" and shape is not None:
            summary = {m.language: str(m) for m in self.shapes.objects(shape, SH.message)
                       if isinstance(m, Literal)}
            text = summary.get(self.lang) or summary.get("en")
            if text:
                return text[0].lower() + text[1:].rstrip(".")
        en, tr = PROBLEM.get(component or "", _OTHER_PROBLEM)
        return tr if self.lang == "tr" else en

    def _path_text(self, report: Graph, path_node: Node) -> str:
        inverse = report.value(path_node, SH.inversePath)
        if inverse is not None:
            return f"^{self.compact(inverse)}"
        try:
            items = list(Collection(report, path_node))
        except Exception:  # noqa: BLE001 -- any other path expression is shown as a path
            items = []
        return "/".join(self.compact(i) for i in items) if items else "(path)"

    def value_text(self, value: Node) -> str:
        if isinstance(value, Literal):
            text = f'"{_shown(str(value))}"'
            if value.language:
                return f"{text}@{value.language}"
            if value.datatype is not None and value.datatype != XSD.string:
                return f"{text} ({self.compact(value.datatype)})"
            return text
        if isinstance(value, URIRef):
            label = self.label(value)
            short = self.compact(value)
            return short if label == short else f"{label} ({short})"
        return self.label(value)
