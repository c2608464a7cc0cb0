"""Projections of the knowledge graph onto NetworkX graphs: who is tied to what, and to whom.

Three networks, each read with SPARQL (`store.query`), so they come out the same on the memory
store, the embedded Oxigraph store and a remote endpoint:

- ``bipartite``: actors (persons, organisations, polities, delegations) on one side, the affairs
  they took part in (instruments, events, projects, aid packages) on the other.
- ``actors``: actor co-participation, the one-mode projection of the bipartite network; two actors
  are tied by every affair (and every delegation that attended no recorded event) they share.
- ``organisational``: person – post – organisation – polity, from post holdings and the
  organisations' place in the state.

Nodes are keyed by IRI and carry both labels, class, years and sources; docs/network.md says
which triples make which edges and weights. Many-valued attributes (years, sources, roles, …) are
Python lists; the file writers (`ittifak.network.exchange`) turn them into text.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations

import networkx as nx
from rdflib import URIRef

from ittifak.core.errors import InputError
from ittifak.core.text import match_key
from ittifak.store.base import Store

ITT = "https://w3id.org/ittifak/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"

NETWORKS = ("bipartite", "actors", "organisational")
"""The projections, by the name the command line uses."""

EVIDENCE = ("any", "archival", "paper")
"""Which ties to keep: all, those an archival document supports, those only the paper's narrative
supports (docs/network.md)."""

WEIGHTINGS = ("newman", "count")
"""How the actor network weighs a tie: Newman's 1/(n-1) per shared affair, or the raw count."""

ACTOR_GROUPS = ("Person", "Delegation", "Polity", "Organisation")
AFFAIR_GROUPS = ("Agreement", "Instrument", "Event", "Project", "AidPackage")
GROUPS = ACTOR_GROUPS + AFFAIR_GROUPS + ("PostHolding",)
"""Colour classes, most specific first: a delegation is an organisation but is drawn as a delegation."""

_PREFIXES = f"""PREFIX itt: <{ITT}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

# Which triples tie an actor to an affair, and the role each gives the tie.
LINK_PATTERNS: tuple[tuple[str, str], ...] = (
    ("party", "?affair itt:party ?actor ."),
    ("signatory", "?affair itt:hasSignature ?s . ?s itt:signatory ?actor ."),
    ("signedFor", "?affair itt:hasSignature ?s . ?s itt:signedFor ?actor ."),
    ("participant", "?affair itt:participant ?actor ."),
    ("delegation", "?affair itt:hasDelegation ?actor ."),
    ("head", "?affair itt:hasDelegation ?d . ?d itt:head ?actor ."),
    ("member", "?affair itt:hasDelegation ?d . ?d itt:member ?actor ."),
    ("represented", "?affair itt:hasDelegation ?d . ?d itt:represents ?actor ."),
    ("partner", "?affair itt:partner ?actor ."),
    ("creditor", "?affair itt:creditor ?actor ."),
    ("authorises", "?affair itt:authorises ?actor ."),
    ("issuedBy", "?affair itt:issuedBy ?actor ."),
    ("donor", "?affair itt:donor ?actor ."),
    ("recipient", "?affair itt:recipient ?actor ."),
    ("channel", "?affair itt:channel ?actor ."),
    ("awardedTo", "?affair itt:awardedTo ?actor ."),
)

_LINKS = _PREFIXES + "SELECT DISTINCT ?affair ?actor ?role WHERE {\n" + "\n  UNION ".join(
    f'{{ {pattern} BIND("{role}" AS ?role) }}' for role, pattern in LINK_PATTERNS
) + "\n  FILTER(isIRI(?affair) && isIRI(?actor))\n}"

# Plain patterns, filtered in Python: rdflib's SPARQL engine is slow on FILTER and OPTIONAL.
_TYPES = _PREFIXES + "SELECT ?n ?t WHERE { ?n rdf:type ?t }"
_SUBCLASSES = _PREFIXES + "SELECT ?a ?b WHERE { ?a rdfs:subClassOf ?b }"
_LABELS = _PREFIXES + """SELECT ?n ?p ?l WHERE {
  { ?n rdfs:label ?l BIND(rdfs:label AS ?p) } UNION { ?n skos:altLabel ?l BIND(skos:altLabel AS ?p) }
}"""
_DATES = _PREFIXES + """SELECT ?n ?p ?d WHERE {
  VALUES ?p { itt:signedOn itt:date itt:startDate itt:endDate itt:attestedDate } ?n ?p ?d
}"""
_SOURCES = _PREFIXES + "SELECT ?n ?s WHERE { ?n itt:citedSource ?s }"
_CITATIONS = _PREFIXES + "SELECT ?s ?cite WHERE { ?s itt:citationLabel ?cite }"
_PASSAGES = _PREFIXES + "SELECT ?n ?p WHERE { ?n itt:statedIn ?p }"
_LINE_SPANS = _PREFIXES + "SELECT ?p ?first ?last WHERE { ?p itt:lineStart ?first ; itt:lineEnd ?last }"

_POSTS = _PREFIXES + """SELECT ?post ?rel ?x WHERE {
  { ?post itt:holder ?x BIND(itt:holder AS ?rel) }
  UNION { ?post itt:inOrganisation ?x BIND(itt:inOrganisation AS ?rel) }
  UNION { ?post itt:forPolity ?x BIND(itt:forPolity AS ?rel) }
  UNION { ?post itt:hasOffice ?x BIND(itt:hasOffice AS ?rel) }
  ?post rdf:type itt:PostHolding . FILTER(isIRI(?x))
}"""

_STRUCTURE = _PREFIXES + """SELECT DISTINCT ?a ?rel ?b WHERE {
  VALUES ?rel { itt:subOrganisationOf itt:inPolity itt:partOf } ?a ?rel ?b .
  FILTER(isIRI(?a) && isIRI(?b))
}"""

_DELEGATIONS = _PREFIXES + """SELECT DISTINCT ?d ?p WHERE {
  ?d rdf:type itt:Delegation . { ?d itt:head ?p } UNION { ?d itt:member ?p }
  FILTER(isIRI(?p))
  FILTER NOT EXISTS { ?e itt:hasDelegation ?d }
}"""

_YEAR = re.compile(r"^-?(\d{4})")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_LINES = re.compile(r"L(\d+)-(\d+)$")


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


Spell = tuple[str | None, str | None]
"""A span of days, ISO dates inclusive; None where it is open (a start with no known end)."""


def day_span(value: str) -> tuple[str, str] | None:
    """The first and last day a date means, as precise as it is written: a year (xsd:gYear)
    is its whole year, a month (xsd:gYearMonth) its whole month, a day (xsd:date) itself.

    >>> day_span("1992"), day_span("1992-02"), day_span("1992-03-05")
    (('1992-01-01', '1992-12-31'), ('1992-02-01', '1992-02-29'), ('1992-03-05', '1992-03-05'))
    """
    found = _DATE.match(value.strip())
    if not found:
        return None
    year, month, day = found.groups()
    if day:
        return f"{year}-{month}-{day}", f"{year}-{month}-{day}"
    if month:
        last = calendar.monthrange(int(year), int(month))[1]
        return f"{year}-{month}-01", f"{year}-{month}-{last:02d}"
    return f"{year}-01-01", f"{year}-12-31"


def spells_of(dates: list[tuple[str, str]]) -> list[Spell]:
    """The spells a resource's dated facts give: each itt:signedOn, itt:date or
    itt:attestedDate the span of its value; itt:startDate to itt:endDate one spell, open at an
    end the data does not give. Dates are never invented: no date, no spell.

    >>> spells_of([("signedOn", "1992-06-02")])
    [('1992-06-02', '1992-06-02')]
    >>> spells_of([("startDate", "1991-11"), ("endDate", "1993")])
    [('1991-11-01', '1993-12-31')]
    >>> spells_of([("startDate", "1992")])
    [('1992-01-01', None)]
    """
    out: list[Spell] = []
    starts, ends = [], []
    for prop, value in dates:
        span = day_span(value)
        if span is None:
            continue
        if prop == "startDate":
            starts.append(span[0])
        elif prop == "endDate":
            ends.append(span[1])
        else:
            out.append(span)
    if starts or ends:
        out.append((min(starts) if starts else None, max(ends) if ends else None))
    return merge_spells(out)


def merge_spells(spells: list[Spell]) -> list[Spell]:
    """Spells sorted, those that overlap or touch joined into one.

    >>> merge_spells([("1992-03-01", "1992-03-31"), ("1992-01-01", "1992-12-31"), ("1993-01-01", "1993-01-01")])
    [('1992-01-01', '1993-01-01')]
    """
    lo, hi = "0000-01-01", "9999-12-31"
    ordered = sorted(set(spells), key=lambda s: (s[0] or lo, s[1] or hi))
    merged: list[Spell] = []
    for start, end in ordered:
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None or (start or lo) <= _next_day(last_end):
                keep = None if last_end is None or end is None else max(last_end, end)
                merged[-1] = (last_start, keep)
                continue
        merged.append((start, end))
    return merged


def _next_day(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


@dataclass
class Facts:
    """What the projections need from the store, read once: types, labels, years, sources."""

    types: dict[str, set[str]] = field(default_factory=dict)
    ancestors: dict[str, set[str]] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    alt_labels: dict[str, list[str]] = field(default_factory=dict)
    years: dict[str, set[int]] = field(default_factory=dict)
    sources: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    passages: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    links: list[tuple[str, str, str]] = field(default_factory=list)
    posts: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    structure: list[tuple[str, str, str]] = field(default_factory=list)
    eventless_delegations: dict[str, set[str]] = field(default_factory=dict)
    dated_by_sources: set[str] = field(default_factory=set)
    dates: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """(property, lexical form) of each dated fact: signedOn, date, startDate, endDate, attestedDate."""
    _spells: dict[str, list[Spell]] = field(default_factory=dict, repr=False)
    _evidence: dict[str, str] = field(default_factory=dict, repr=False)

    def spells(self, iri: str) -> list[Spell]:
        """The spans of days `iri` is dated to: see `spells_of`; an affair dated by its archival
        documents takes their spans. Computed once per resource (the projections ask per tie)."""
        if iri not in self._spells:
            found = spells_of(self.dates.get(iri, []))
            if not found and iri in self.dated_by_sources:
                for src, _ in self.sources.get(iri, []):
                    if "ArchivalDocument" in self.classes(src):
                        found += spells_of(self.dates.get(src, []))
            self._spells[iri] = merge_spells(found)
        return self._spells[iri]

    def evidence(self, iri: str) -> str:
        """``archival`` when an archival document is cited for `iri` (itt:citedSource to an
        itt:ArchivalDocument), else ``paper``: only the paper's narrative supports it."""
        if iri not in self._evidence:
            archival = any("ArchivalDocument" in self.classes(s) for s, _ in self.sources.get(iri, []))
            self._evidence[iri] = "archival" if archival else "paper"
        return self._evidence[iri]

    def classes(self, iri: str) -> set[str]:
        """Local names of the itt: classes `iri` belongs to, inferred superclasses included."""
        out: set[str] = set()
        for t in self.types.get(iri, ()):
            out |= {t} | self.ancestors.get(t, set())
        return {_local(c) for c in out}

    def group(self, iri: str) -> str | None:
        """The colour class of `iri` (one of GROUPS), or None for anything else."""
        classes = self.classes(iri)
        return next((g for g in GROUPS if g in classes), None)

    def most_specific_class(self, iri: str) -> str:
        types = self.types.get(iri, set())
        specific = [t for t in types if not any(t in self.ancestors.get(o, ()) for o in types)]
        return _local(min(specific)) if specific else ""

    def label(self, iri: str, lang: str = "en") -> str:
        """The label in `lang`, else in the other language, else the IRI's last segment."""
        found = self.labels.get(iri, {})
        other = "tr" if lang == "en" else "en"
        return found.get(lang) or found.get(other) or found.get("") or _local(iri)


def read_facts(store: Store) -> Facts:
    """Read everything the projections use from `store` (a handful of SELECT queries)."""
    facts = Facts()
    for n, t in store.query(_TYPES).rows:
        if isinstance(n, URIRef) and str(t).startswith(ITT):
            facts.types.setdefault(str(n), set()).add(str(t))
    parents: dict[str, set[str]] = defaultdict(set)
    for a, b in store.query(_SUBCLASSES).rows:
        if str(a).startswith(ITT) and str(b).startswith(ITT):
            parents[str(a)].add(str(b))
    for cls in set(parents) | {t for ts in facts.types.values() for t in ts}:
        seen: set[str] = set()
        todo = list(parents.get(cls, ()))
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo.extend(parents.get(c, ()))
        facts.ancestors[cls] = seen
    for n, p, lit in store.query(_LABELS).rows:
        if not isinstance(n, URIRef):
            continue
        lang = (getattr(lit, "language", None) or "").lower()
        if str(p) == RDFS_LABEL:
            facts.labels.setdefault(str(n), {}).setdefault(lang, str(lit))
        else:
            facts.alt_labels.setdefault(str(n), []).append(str(lit))
    for n, p, d in store.query(_DATES).rows:
        found = _YEAR.match(str(d))
        if isinstance(n, URIRef) and found:
            facts.years.setdefault(str(n), set()).add(int(found.group(1)))
            facts.dates.setdefault(str(n), []).append((_local(str(p)), str(d)))
    citations = {str(s): str(c) for s, c in store.query(_CITATIONS).rows}
    for n, s in store.query(_SOURCES).rows:
        if isinstance(n, URIRef):
            text = citations.get(str(s)) or facts.labels.get(str(s), {}).get("tr", "")
            facts.sources.setdefault(str(n), []).append((str(s), text))
    spans = {str(p): (int(a), int(b)) for p, a, b in store.query(_LINE_SPANS).rows}
    for n, p in store.query(_PASSAGES).rows:
        span = spans.get(str(p))
        if span is None:
            found = _LINES.search(str(p))
            span = (int(found.group(1)), int(found.group(2))) if found else None
        if isinstance(n, URIRef) and span:
            facts.passages.setdefault(str(n), []).append(span)
    facts.links = sorted({(str(a), str(b), str(r)) for a, b, r in store.query(_LINKS).rows})
    for post, rel, x in store.query(_POSTS).rows:
        facts.posts.setdefault(str(post), {}).setdefault(_local(str(rel)), set()).add(str(x))
    facts.structure = sorted({(str(a), _local(str(r)), str(b)) for a, r, b in store.query(_STRUCTURE).rows})
    for d, p in store.query(_DELEGATIONS).rows:
        facts.eventless_delegations.setdefault(str(d), set()).add(str(p))
    for n in {a for a, _, _ in facts.links}:
        # an affair the paper does not date is dated by the archival documents it cites for it
        if facts.years.get(n) or facts.group(n) not in AFFAIR_GROUPS:
            continue
        found = set()
        for src, _ in facts.sources.get(n, []):
            if "ArchivalDocument" in facts.classes(src):
                found |= facts.years.get(src, set())
        if found:
            facts.years[n] = found
            facts.dated_by_sources.add(n)
    for post, rels in facts.posts.items():  # a person's posts date the person too
        for person in rels.get("holder", ()):
            facts.years.setdefault(person, set()).update(facts.years.get(post, ()))
    return facts


def _as_facts(source: Store | Facts) -> Facts:
    return source if isinstance(source, Facts) else read_facts(source)


def _in_window(years: set[int], start: int | None, end: int | None) -> bool:
    if start is None and end is None:
        return True
    lo, hi = start if start is not None else -10**6, end if end is not None else 10**6
    return any(lo <= y <= hi for y in years)


def _node_attrs(facts: Facts, iri: str, years: set[int]) -> dict:
    cited: dict[str, str] = {}
    for s, text in facts.sources.get(iri, []):
        cited[s] = cited.get(s) or text
    sources = sorted(cited.items())
    passages = sorted(set(facts.passages.get(iri, [])))
    classes = facts.classes(iri)
    attrs = {
        "iri": iri,
        "label_tr": facts.label(iri, "tr"),
        "label_en": facts.label(iri, "en"),
        "label": facts.label(iri, "en"),
        "alt_labels": sorted(set(facts.alt_labels.get(iri, []))),
        "class": facts.most_specific_class(iri),
        "group": facts.group(iri) or "",
        "classes": sorted(classes),
        "years": sorted(years),
        "sources": [s for s, _ in sources],
        "citations": [c or _local(s) for s, c in sources],  # one for each of sources, in order
        "passages": [f"L{a}-{b}" for a, b in passages],
    }
    if years:
        attrs["year_first"], attrs["year_last"] = min(years), max(years)
        attrs["dated_by"] = "sources" if iri in facts.dated_by_sources else "own"
    return attrs


def _check_window(start: int | None, end: int | None) -> None:
    if start is not None and end is not None and start > end:
        raise InputError(f"the period starts ({start}) after it ends ({end})")


def _check_evidence(evidence: str) -> None:
    if evidence not in EVIDENCE:
        raise InputError(f"unknown evidence {evidence!r}: use one of {', '.join(EVIDENCE)}")


def _kept(found: str, evidence: str) -> bool:
    return evidence == "any" or found == evidence


def _tie_time(spells: list[Spell]) -> dict:
    return {"spells": list(spells), "dated": bool(spells)}


def _finish(g: nx.Graph) -> nx.Graph:
    """Give each node what its ties say: ``evidence`` (archival if one of its ties is), and
    ``spells`` (the union of its ties' spells) when every tie of it is dated."""
    for n in g:
        ties = [d for _, _, d in g.edges(n, data=True)]
        g.nodes[n]["evidence"] = "archival" if any(d["evidence"] == "archival" for d in ties) else "paper"
        own = g.nodes[n].get("spells") or []
        if ties and all(d["dated"] for d in ties):
            own = merge_spells([s for d in ties for s in d["spells"]] + own)
        g.nodes[n]["spells"] = own
        g.nodes[n]["dated"] = bool(own)
    return g


def bipartite_network(source: Store | Facts, start: int | None = None, end: int | None = None,
                      evidence: str = "any") -> nx.Graph:
    """Actors on one side (``bipartite=0``), affairs on the other (``bipartite=1``).

    An edge joins an actor and an affair when one of LINK_PATTERNS holds: ``itt:party``,
    ``itt:hasSignature``/``itt:signatory``, ``itt:hasSignature``/``itt:signedFor``, ``itt:participant``,
    ``itt:hasDelegation`` (the delegation itself, its ``itt:head`` and ``itt:member`` persons and the
    polity it ``itt:represents``), ``itt:partner``, ``itt:creditor``, ``itt:authorises``,
    ``itt:issuedBy``, ``itt:donor``, ``itt:recipient``, ``itt:channel``, ``itt:awardedTo``.
    Actors are instances of itt:Agent's subclasses; affairs are instruments, events, projects and
    aid packages. The edge's ``roles`` lists the patterns that hold and its ``weight`` counts them;
    its ``evidence`` and ``spells`` are the affair's (Facts.evidence, Facts.spells).
    With a window (`start`..`end`, years inclusive) only affairs dated inside it are kept; with
    `evidence` ``archival`` or ``paper`` only the ties of that evidence.
    """
    _check_window(start, end)
    _check_evidence(evidence)
    facts = _as_facts(source)
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for affair, actor, role in facts.links:
        if facts.group(actor) not in ACTOR_GROUPS or facts.group(affair) not in AFFAIR_GROUPS:
            continue
        if not _in_window(facts.years.get(affair, set()), start, end):
            continue
        if not _kept(facts.evidence(affair), evidence):
            continue
        roles[(actor, affair)].add(role)
    actor_years: dict[str, set[int]] = defaultdict(set)
    for affair, actor, _ in facts.links:
        if facts.group(affair) in AFFAIR_GROUPS:
            actor_years[actor] |= facts.years.get(affair, set())
    g = nx.Graph(network="bipartite", window=_window_name(start, end), evidence=evidence)
    for actor, affair in sorted(roles):
        if actor not in g:
            g.add_node(actor, **_node_attrs(facts, actor, actor_years[actor] | facts.years.get(actor, set())),
                       kind="actor", bipartite=0)
        if affair not in g:
            g.add_node(affair, **_node_attrs(facts, affair, facts.years.get(affair, set())),
                       kind="affair", bipartite=1)
        found = sorted(roles[(actor, affair)])
        g.add_edge(actor, affair, roles=found, weight=len(found), evidence=facts.evidence(affair),
                   **_tie_time(facts.spells(affair)))
    return _finish(g)


def newman_weight(sizes: list[int]) -> float:
    """Newman's collaboration weight of a tie: the sum, over the affairs the two share, of
    1/(n-1), n being the number of actors in the affair. A bilateral agreement gives 1, a
    decision shared by 21 gives each pair 1/20, so every affair gives each of its actors a
    total weight of 1 however many took part (Newman 2001, Phys. Rev. E 64, 016132).

    >>> newman_weight([2]), newman_weight([21]), newman_weight([2, 3])
    (1.0, 0.05, 1.5)
    """
    return round(sum(1 / (n - 1) for n in sizes if n > 1), 6)


def actor_network(source: Store | Facts, start: int | None = None, end: int | None = None,
                  evidence: str = "any", weighting: str = "newman") -> nx.Graph:
    """Actor co-participation: the actor side of the bipartite network, projected.

    Two actors are tied when they are linked to the same affair in the bipartite network, or are
    head or members of the same delegation that attended no recorded event (a delegation that
    did attend one already ties its people through that event; it is not counted twice).
    ``contexts`` are the shared affairs and delegations, ``years`` their years, ``spells`` their
    days, ``evidence`` archival when one of them cites an archival document. ``weight_count``
    is the number of contexts, ``weight_newman`` Newman's weight (`newman_weight`), and
    ``weight`` the one `weighting` names.
    """
    if weighting not in WEIGHTINGS:
        raise InputError(f"unknown weighting {weighting!r}: use one of {', '.join(WEIGHTINGS)}")
    facts = _as_facts(source)
    b = bipartite_network(facts, start, end, evidence)
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    size: dict[str, int] = {}
    for affair in sorted(n for n, k in b.nodes(data="kind") if k == "affair"):
        size[affair] = len(b[affair])
        for u, v in combinations(sorted(b[affair]), 2):
            shared[(u, v)].add(affair)
    for delegation, people in sorted(facts.eventless_delegations.items()):
        if not _in_window(facts.years.get(delegation, set()), start, end):
            continue
        if not _kept(facts.evidence(delegation), evidence):
            continue
        members = sorted(p for p in people | {delegation} if facts.group(p) in ACTOR_GROUPS)
        size[delegation] = len(members)
        for u, v in combinations(members, 2):
            shared[(u, v)].add(delegation)
    g = nx.Graph(network="actors", window=_window_name(start, end), evidence=evidence, weighting=weighting)
    for (u, v), contexts in sorted(shared.items()):
        for n in (u, v):
            if n not in g:
                attrs = dict(b.nodes[n]) if n in b else _node_attrs(facts, n, facts.years.get(n, set()))
                for key in ("bipartite", "spells", "dated", "evidence"):
                    attrs.pop(key, None)
                attrs["kind"] = "actor"
                g.add_node(n, **attrs)
        years = set().union(*(facts.years.get(c, set()) for c in contexts))
        found = "archival" if any(facts.evidence(c) == "archival" for c in contexts) else "paper"
        dated = all(facts.spells(c) for c in contexts)
        spells = merge_spells([s for c in contexts for s in facts.spells(c)]) if dated else []
        count, newman = len(contexts), newman_weight([size[c] for c in sorted(contexts)])
        g.add_edge(u, v, weight=newman if weighting == "newman" else count, weight_newman=newman,
                   weight_count=count, contexts=sorted(contexts), years=sorted(years), evidence=found,
                   **_tie_time(spells))
    return _finish(g)


def organisational_network(source: Store | Facts, start: int | None = None,
                           end: int | None = None, evidence: str = "any") -> nx.Graph:
    """Person – post – organisation – polity.

    Each itt:PostHolding is a node tied to its ``itt:holder`` (person), its ``itt:inOrganisation``
    (an organisation, or the polity itself for state-level offices) and its ``itt:forPolity``;
    its ``office`` attribute is the label of its ``itt:hasOffice``. Organisations are tied to what
    they are ``itt:subOrganisationOf`` and to the polity they are ``itt:inPolity``; a polity to
    the polity it is ``itt:partOf``. Edges carry the property as ``relation`` and weight 1, the
    evidence of the post (or of the organisation the structural statement is about) and the
    post's spells; structural ties are undated. With a window, only posts attested (or started,
    or ended) inside it are kept; the structural ties stay among the nodes that remain.
    """
    _check_window(start, end)
    _check_evidence(evidence)
    facts = _as_facts(source)
    edges: dict[tuple[str, str], set[str]] = defaultdict(set)
    basis: dict[tuple[str, str], str] = {}
    office: dict[str, str] = {}
    for post, rels in sorted(facts.posts.items()):
        if not _in_window(facts.years.get(post, set()), start, end):
            continue
        if not _kept(facts.evidence(post), evidence):
            continue
        for rel in ("holder", "inOrganisation", "forPolity"):
            for x in sorted(rels.get(rel, ())):
                if facts.group(x) in ACTOR_GROUPS:
                    edges[(post, x)].add(rel)
                    basis[(post, x)] = post
        if rels.get("hasOffice"):
            office[post] = min(rels["hasOffice"])
    present = {n for pair in edges for n in pair}
    windowed = start is not None or end is not None
    for a, rel, b in facts.structure:
        if facts.group(a) not in ACTOR_GROUPS or facts.group(b) not in ACTOR_GROUPS:
            continue
        if rel == "partOf" and not (facts.group(a) == facts.group(b) == "Polity"):
            continue
        if windowed and not (a in present and b in present):
            continue
        if not _kept(facts.evidence(a), evidence):
            continue
        edges[(a, b)].add(rel)
        basis.setdefault((a, b), a)
    g = nx.Graph(network="organisational", window=_window_name(start, end), evidence=evidence)
    for (u, v), rels in sorted(edges.items()):
        for n in (u, v):
            if n not in g:
                g.add_node(n, **_node_attrs(facts, n, facts.years.get(n, set())),
                           kind="post" if n in facts.posts else "actor")
                if n in office:
                    g.nodes[n]["office_tr"] = facts.label(office[n], "tr")
                    g.nodes[n]["office_en"] = facts.label(office[n], "en")
        on = basis[(u, v)]
        g.add_edge(u, v, relation=sorted(rels), weight=1, evidence=facts.evidence(on),
                   **_tie_time(facts.spells(on) if on in facts.posts else []))
    return _finish(g)


def _window_name(start: int | None, end: int | None) -> str:
    if start is None and end is None:
        return "all"
    return f"{start if start is not None else ''}-{end if end is not None else ''}"


_BUILDERS = {
    "bipartite": bipartite_network,
    "actors": actor_network,
    "organisational": organisational_network,
}


def build_network(source: Store | Facts, kind: str = "actors", start: int | None = None,
                  end: int | None = None, lang: str = "en", evidence: str = "any",
                  weighting: str = "newman") -> nx.Graph:
    """One of NETWORKS by name, with node ``label`` set to the `lang` label; `evidence` picks
    the ties (EVIDENCE), `weighting` how the actor network weighs them (WEIGHTINGS)."""
    if kind not in _BUILDERS:
        raise InputError(f"unknown network {kind!r}: use one of {', '.join(NETWORKS)}")
    if lang not in ("tr", "en"):
        raise InputError(f"unknown language {lang!r}: use tr or en")
    if weighting not in WEIGHTINGS:
        raise InputError(f"unknown weighting {weighting!r}: use one of {', '.join(WEIGHTINGS)}")
    if kind == "actors":
        g = actor_network(source, start, end, evidence, weighting)
    else:
        g = _BUILDERS[kind](source, start, end, evidence)
    set_language(g, lang)
    return g


def set_language(g: nx.Graph, lang: str) -> None:
    """Point every node's ``label`` at its `lang` label."""
    g.graph["lang"] = lang
    for _, data in g.nodes(data=True):
        data["label"] = data.get(f"label_{lang}") or data.get("label") or data.get("iri", "")


def find_nodes(g: nx.Graph, name: str) -> list[str]:
    """Nodes whose label (either language) or alternative label matches `name`, Turkish-aware.

    Exact matches under ``match_key`` win; failing those, labels that contain the name.

    >>> g = nx.Graph(); g.add_node("t", label_tr="TİKA", label_en="TIKA", alt_labels=[])
    >>> find_nodes(g, "tika")
    ['t']
    """
    key = match_key(name)
    if not key:
        raise InputError("a focus needs a name")
    exact, partial = [], []
    for n, data in sorted(g.nodes(data=True)):
        names = [data.get("label_tr", ""), data.get("label_en", "")]
        names += data.get("alt_labels", [])
        keys = [match_key(x) for x in names if x]
        if key in keys:
            exact.append(n)
        elif any(key in k for k in keys):
            partial.append(n)
    return exact or partial


def focus(g: nx.Graph, name: str, depth: int = 2) -> nx.Graph:
    """The nodes within `depth` ties of the nodes named `name` (see find_nodes)."""
    if depth < 0:
        raise InputError(f"the depth must be 0 or more, not {depth}")
    centres = find_nodes(g, name)
    if not centres:
        raise InputError(f"no node of the {g.graph.get('network', '')} network is named {name!r}")
    keep: set[str] = set()
    for c in centres:
        keep |= set(nx.single_source_shortest_path_length(g, c, cutoff=depth))
    sub = g.subgraph(sorted(keep)).copy()
    sub.graph["focus"] = ";".join(centres)
    for c in centres:
        sub.nodes[c]["focus"] = True
    return sub


def filter_classes(g: nx.Graph, classes: list[str]) -> nx.Graph:
    """Only the nodes of the given classes (local names, subclasses included: "Organisation"
    keeps ministries and delegations); nodes left without ties are dropped."""
    if not classes:
        return g
    wanted = {match_key(c) for c in classes}
    known = {match_key(c): c for _, d in g.nodes(data=True) for c in d.get("classes", [])}
    known.update({match_key(c): c for c in GROUPS})
    unknown = sorted(c for c in classes if match_key(c) not in known)
    if unknown:
        raise InputError(f"unknown class {unknown[0]!r}: use one of "
                         + ", ".join(sorted(set(known.values()))))
    keep = [n for n, d in g.nodes(data=True)
            if wanted & {match_key(c) for c in d.get("classes", [])}]
    sub = g.subgraph(keep).copy()
    sub.remove_nodes_from([n for n in list(sub) if sub.degree(n) == 0])
    return sub
