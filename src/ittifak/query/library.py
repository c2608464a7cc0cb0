"""The library of named SPARQL queries: their headers, typed parameters, and running them anywhere.

A query is a standard SPARQL 1.1 `.rq` file whose leading comment block is its header:

    # title: Signatories of an agreement
    # question: Who signed the agreement, for which side, and in which post?
    # param: ?agreement name(itt:Agreement) default=agreement:1992-trade-economic-cooperation
    #        example="Ticaret ve Ekonomik" -- the agreement: a label, an IRI or a CURIE
    # param: ?lang lang default=en -- the language of the labels
    # returns: one row per signature: signatory, the side signed for, the post, the date

Keys are `title`, `question`, `param` (repeatable), `returns` and `note`; a comment line indented by
two or more spaces after `#` continues the previous key. A param line is
`?name TYPE [default=V] [example=V] [optional] [-- description]` (values with spaces in double
quotes). A parameter with neither a default nor `optional` is required; an optional one left out
stays unbound, so the query matches any value. See docs/queries.md for the types.

Values are never pasted into the query text as SPARQL: each becomes an RDF term written in place of
the variable, in a VALUES block where the query only names it (`ittifak.core.sparql.bind_values`).
Names (`actor`, `concept`, `name`) are resolved to IRIs first, Turkish-aware (`ittifak.text.match_key`), against the same store the query runs on.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shlex
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ittifak.core import vocab
from ittifak.core.errors import InputError
from ittifak.core.layout import Layout
from ittifak.core.sparql import (
    _strip,
    bind_values,
    list_columns,
    query_form,
    update_keyword,
    uses_service,
)
from ittifak.core.text import match_key
from ittifak.store.base import QueryResult, Store

HEADER_KEYS = ("title", "question", "param", "returns", "note")
SCALAR_TYPES = ("xsd:integer", "xsd:decimal", "xsd:gYear", "xsd:date", "xsd:string", "iri", "lang")
NAME_TYPES = {  # a name kind → the class its values must belong to (None: any labelled resource)
    "actor": "https://w3id.org/ittifak/ontology#Agent",
    "concept": "http://www.w3.org/2004/02/skos/core#Concept",
    "name": None,
}
TYPE_HELP = ", ".join(SCALAR_TYPES + tuple(NAME_TYPES) + ("name(CLASS)",))

_KEY_LINE = re.compile(r"^#\s?([a-z]+):(?:\s(.*))?$")
_CONTINUATION = re.compile(r"^#(?:\s{2,}|\t)(\S.*)$")
_PARAM_TYPE = re.compile(r"^name\((\S+)\)$")
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+$")
_CURIE = re.compile(r"^([A-Za-z][\w.-]*)?:([^\s<>\"{}|^`\\]*)$")
_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)


@dataclass(frozen=True)
class Param:
    """One parameter of a named query, as its header declares it."""

    name: str
    type: str
    default: str | None = None
    example: str | None = None
    optional: bool = False
    description: str = ""
    cls: str | None = None  # for name kinds: the class IRI (CURIE expanded)

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    def summary(self) -> str:
        """`year=1992 (xsd:gYear)` as `ittifak queries` lists it."""
        value = self.default if self.default is not None else ("…" if self.required else "any")
        return f"{self.name}={value} ({self.type})"


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with its header: what it asks, what it needs, what it returns."""

    name: str
    text: str
    title: str = ""
    question: str = ""
    returns: str = ""
    params: tuple[Param, ...] = ()
    notes: tuple[str, ...] = ()
    path: Path | None = None
    form: str = field(default="SELECT")
    library: bool = False  # one of the tested library queries (see `hints`)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


# ---------------------------------------------------------------- prefixes


def project_prefixes() -> dict[str, str]:
    """The prefixes of the project this process works on (standard ones and data/_prefixes.ttl)."""
    return Layout.find().prefixes


def declared_prefixes(text: str) -> dict[str, str]:
    """The PREFIX declarations of a query text (comments ignored)."""
    prologue = "\n".join(_drop_comment(line) for line in text.splitlines())
    return {m.group(1) or "": m.group(2) for m in _PREFIX_DECL.finditer(prologue)}


def _drop_comment(line: str) -> str:
    inside = False
    for i, c in enumerate(line):
        if c == "<":
            inside = True
        elif c == ">":
            inside = False
        elif c == "#" and not inside:
            return line[:i]
    return line


def with_project_prefixes(text: str) -> str:
    """The query with a PREFIX line added for each project prefix it uses but does not declare.

    Lets a user's own file say `itt:Agreement` without the prologue; library queries declare
    all their prefixes themselves, so they run pasted into any endpoint's editor.
    """
    declared = declared_prefixes(text)
    body = _strip(text)
    missing = [
        (p, ns) for p, ns in project_prefixes().items()
        if p not in declared and re.search(rf"(?<![\w:<?$]){re.escape(p)}:", body)
    ]
    if not missing:
        return text
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in missing) + text


def expand_curie(value: str, prefixes: dict[str, str]) -> URIRef | None:
    """`organisation:tika` → its IRI; an absolute IRI (bare or in <>) as is; anything else None."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
        return URIRef(value) if _ABSOLUTE_IRI.match(value) else None
    found = _CURIE.match(value)
    if found and (found.group(1) or "") in prefixes:
        return URIRef(prefixes[found.group(1) or ""] + found.group(2))
    if _ABSOLUTE_IRI.match(value) and ("://" in value or value.startswith("urn:")):
        return URIRef(value)
    return None


def shorten(iri: str, prefixes: dict[str, str] | None = None) -> str:
    """An IRI as a CURIE where a project prefix covers it."""
    return vocab.shorten(iri, prefixes if prefixes is not None else project_prefixes())


# ---------------------------------------------------------------- header parsing


def parse_query(text: str, name: str, path: Path | None = None, *, strict: bool = True) -> NamedQuery:
    """Read a query's header; `strict` (the library) requires a title, a question and returns."""
    where = str(path) if path else name
    entries: list[tuple[int, str, str]] = []
    lines = text.splitlines()
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        if not line.strip():
            continue
        if not line.lstrip().startswith("#"):
            break
        line = line.lstrip()
        key_line = _KEY_LINE.match(line)
        if key_line:
            key = key_line.group(1)
            if key not in HEADER_KEYS:
                raise InputError(f"{where}:{number}: unknown header key {key!r} "
                                 f"(expected one of {', '.join(HEADER_KEYS)})")
            entries.append((number, key, (key_line.group(2) or "").strip()))
            continue
        more = _CONTINUATION.match(line)
        if more and entries:
            number0, key, value = entries[-1]
            entries[-1] = (number0, key, f"{value} {more.group(1).strip()}".strip())
    fields: dict[str, str] = {}
    params: list[Param] = []
    notes: list[str] = []
    for number, key, value in entries:
        if key == "param":
            params.append(_parse_param(value, f"{where}:{number}"))
        elif key == "note":
            notes.append(value)
        elif key in fields:
            raise InputError(f"{where}:{number}: header key {key!r} given twice")
        else:
            fields[key] = value
    if strict:
        for key in ("title", "question", "returns"):
            if not fields.get(key):
                raise InputError(f"{where}: the header has no '# {key}:' line")
    seen: set[str] = set()
    body = _strip(text)
    for p in params:
        if p.name in seen:
            raise InputError(f"{where}: parameter ?{p.name} declared twice")
        seen.add(p.name)
        if not re.search(rf"[?$]{re.escape(p.name)}\b", body):
            raise InputError(f"{where}: parameter ?{p.name} is declared but the query never uses it")
    return NamedQuery(
        name=name, text=text, title=fields.get("title", ""), question=fields.get("question", ""),
        returns=fields.get("returns", ""), params=tuple(params), notes=tuple(notes), path=path,
        form=query_form(text),
    )


def _parse_param(value: str, where: str) -> Param:
    spec, _, description = value.partition(" -- ")
    try:
        tokens = shlex.split(spec)
    except ValueError as err:
        raise InputError(f"{where}: cannot read the param line: {err}") from None
    if len(tokens) < 2 or not re.fullmatch(r"[?$][A-Za-z_]\w*", tokens[0]):
        raise InputError(f"{where}: a param line reads '?name TYPE [default=V] [example=V] "
                         f"[optional] [-- description]'")
    name, kind = tokens[0][1:], tokens[1]
    cls = None
    scoped = _PARAM_TYPE.match(kind)
    if scoped:
        cls_iri = expand_curie(scoped.group(1), project_prefixes() | {
            "skos": "http://www.w3.org/2004/02/skos/core#"})
        if cls_iri is None:
            raise InputError(f"{where}: unknown class {scoped.group(1)!r} in {kind}")
        cls = str(cls_iri)
    elif kind in NAME_TYPES:
        cls = NAME_TYPES[kind]
    elif kind not in SCALAR_TYPES:
        raise InputError(f"{where}: unknown parameter type {kind!r} (expected one of {TYPE_HELP})")
    options: dict[str, str] = {}
    optional = False
    for token in tokens[2:]:
        if token == "optional":
            optional = True
        elif "=" in token and token.split("=", 1)[0] in ("default", "example"):
            key, val = token.split("=", 1)
            options[key] = val
        else:
            raise InputError(f"{where}: unexpected {token!r} in the param line "
                             f"(expected default=V, example=V or optional)")
    return Param(name=name, type=kind, default=options.get("default"), example=options.get("example"),
                 optional=optional, description=description.strip(), cls=cls)


# ---------------------------------------------------------------- the library


def queries_dir() -> Path:
    return Layout.find().queries_dir()


def load_library(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Every `.rq` file of the queries folder, by name (the file name without `.rq`)."""
    folder = folder or queries_dir()
    library = {}
    for path in sorted(folder.glob("*.rq")):
        query = parse_query(path.read_text(encoding="utf-8"), path.stem, path)
        library[path.stem] = replace(query, library=True)
    return library


def get_query(name: str, folder: Path | None = None) -> NamedQuery:
    library = load_library(folder)
    if name not in library:
        close = difflib.get_close_matches(name, library, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; `ittifak queries` lists them"
        raise InputError(f"no query named {name!r}{hint}")
    return library[name]


def read_query_file(path: Path) -> NamedQuery:
    """A user's own .rq file; its header is optional but, when present, read the same way."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a query file (give one .rq file)")
    if not path.is_file():
        raise InputError(f"{path}: no such query file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text ({err.reason})") from None
    if not text.strip():
        raise InputError(f"{path}: the query file is empty")
    keyword = update_keyword(text)
    if keyword:
        raise InputError(f"{path}: this is a SPARQL Update ({keyword}); `ittifak query` runs only SELECT, "
                         "ASK, CONSTRUCT and DESCRIBE queries and never changes a store")
    query = parse_query(text, path.stem, path, strict=False)
    return replace(query, text=with_project_prefixes(text))


def refuse_service(query: NamedQuery, allowed: bool = False) -> None:
    """SERVICE makes the engine fetch from whatever URL the query names: only on request."""
    if not allowed and uses_service(query.text):
        raise InputError(f"{query.path or query.name}: the query calls SERVICE, which fetches from the "
                         "URLs it names; run it with --allow-service if you trust them")


# ---------------------------------------------------------------- parameter values


def parse_assignments(pairs: list[str] | tuple[str, ...]) -> dict[str, list[str]]:
    """`["year=1992", "party=tika"]` → {"year": ["1992"], "party": ["tika"]}; a key may repeat."""
    values: dict[str, list[str]] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip().lstrip("?$")
        if not sep or not key:
            raise InputError(f"parameter {pair!r}: write it as KEY=VALUE")
        values.setdefault(key, []).append(value)
    return values


def bind_params(store: Store, query: NamedQuery, given: dict[str, list[str]],
                lang: str | None = None) -> dict[str, list[Node]]:
    """Typed RDF terms for the query's parameters: given values, defaults, `lang`.

    An unknown or missing parameter, or a value of the wrong type, is an InputError naming it.
    """
    known = {p.name for p in query.params}
    for key in given:
        if key not in known:
            listed = ", ".join(sorted(known)) or "none"
            raise InputError(f"unknown parameter {key!r} for query {query.name} (its parameters: {listed})")
    bindings: dict[str, list[Node]] = {}
    for p in query.params:
        raw = given.get(p.name)
        if raw is None and p.type == "lang" and lang:
            raw = [lang]
        if raw is None:
            if p.default is not None:
                raw = [p.default]
            elif p.optional:
                continue
            else:
                example = f" e.g. --param {p.name}={_quote(p.example)}" if p.example else ""
                what = f": {p.description}" if p.description else ""
                raise InputError(f"missing parameter {p.name!r} for query {query.name}{what}.{example}")
        bindings[p.name] = [coerce(store, p, value, query) for value in raw]
    return bindings


def _quote(value: str) -> str:
    return f'"{value}"' if " " in value else value


def coerce(store: Store, p: Param, value: str, query: NamedQuery | None = None) -> Node:
    """One parameter value as an RDF term of the declared type."""
    where = f"parameter {p.name!r}"
    value = value.strip()
    if p.type == "xsd:integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise InputError(f"{where}: {value!r} is not an integer (xsd:integer)")
        return Literal(int(value), datatype=XSD.integer)
    if p.type == "xsd:decimal":
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise InputError(f"{where}: {value!r} is not a decimal number (xsd:decimal)") from None
        if not number.is_finite():
            raise InputError(f"{where}: {value!r} is not a decimal number (xsd:decimal)")
        return Literal(number, datatype=XSD.decimal)
    if p.type == "xsd:gYear":
        if not re.fullmatch(r"-?\d{4}", value):
            raise InputError(f"{where}: {value!r} is not a year (xsd:gYear, e.g. 1992)")
        return Literal(value, datatype=XSD.gYear)
    if p.type == "xsd:date":
        try:
            valid = bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and dt.date.fromisoformat(value)
        except ValueError:
            valid = False
        if not valid:
            raise InputError(f"{where}: {value!r} is not a date (xsd:date, e.g. 1992-11-02)")
        return Literal(value, datatype=XSD.date)
    if p.type == "xsd:string":
        return Literal(value)
    if p.type == "lang":
        if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", value):
            raise InputError(f"{where}: {value!r} is not a language tag (e.g. tr, en)")
        return Literal(value.lower())
    prefixes = project_prefixes() | (declared_prefixes(query.text) if query else {})
    if p.type == "iri":
        iri = expand_curie(value, prefixes)
        if iri is None:
            raise InputError(f"{where}: {value!r} is not an IRI or a CURIE with a known prefix")
        return iri
    return resolve_name(store, value, p.cls, where, prefixes)


# ---------------------------------------------------------------- names → IRIs

_CANDIDATES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?s ?label WHERE {
  ?s a/rdfs:subClassOf* ?class .
  ?s rdfs:label|skos:altLabel|skos:prefLabel ?label .
  FILTER(isIRI(?s))
}
"""
_CANDIDATES_ANY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?s ?label WHERE {
  ?s rdfs:label|skos:altLabel|skos:prefLabel ?label .
  FILTER(isIRI(?s))
}
"""
_EXISTS = "ASK { { ?s ?p ?o } UNION { ?o ?p ?s } }"
_KINDS = {
    "https://w3id.org/ittifak/ontology#Agent": "actor",
    "http://www.w3.org/2004/02/skos/core#Concept": "concept",
}


def _label_index(store: Store, cls: str | None) -> dict[URIRef, list[str]]:
    cache = store.cache.setdefault("label_index", {})
    if cls in cache:
        return cache[cls]
    if cls is None:
        result = store.query(_CANDIDATES_ANY)
    else:
        result = store.query(bind_values(_CANDIDATES, {"class": [URIRef(cls)]}))
    index: dict[URIRef, list[str]] = {}
    for s, label in result.rows:
        index.setdefault(URIRef(s), []).append(str(label))
    cache[cls] = index
    return index


def resolve_name(store: Store, value: str, cls: str | None, where: str = "name",
                 prefixes: dict[str, str] | None = None) -> URIRef:
    """The one resource (of class `cls`) a label, altLabel, IRI, CURIE or slug names.

    Matching is Turkish-aware: "tika", "TİKA", "Tika" and the altLabel "EKETİB" all name
    organisation:tika. A name matching several resources, or none, is an InputError that lists
    the candidates.
    """
    prefixes = prefixes or project_prefixes()
    kind = _KINDS.get(cls or "", "resource") if cls else "resource"
    iri = expand_curie(value, prefixes)
    if iri is not None:
        if not store.query(bind_values(_EXISTS, {"s": [iri]})).boolean:
            raise InputError(f"{where}: no resource {shorten(str(iri), prefixes)} in the graph")
        return iri
    index = _label_index(store, cls)
    if not index and cls is not None:
        # a store with the data but not the ontology cannot tell an actor by its class
        index = _label_index(store, None)
    key = match_key(value)
    if not key:
        raise InputError(f"{where}: an empty name")
    exact = sorted({s for s, labels in index.items()
                    if any(match_key(lb) == key for lb in labels) or _local_name(s) == key})
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise InputError(f"{where}: {value!r} names {len(exact)} {kind}s: "
                         f"{_describe(exact, index, prefixes)}; give an IRI or a fuller name")
    words = set(_words(key))
    partial = sorted({s for s, labels in index.items()
                      if words and any(words <= set(_words(match_key(lb))) for lb in labels)})
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        raise InputError(f"{where}: {value!r} is ambiguous; it could be "
                         f"{_describe(partial, index, prefixes)}")
    keys = {match_key(lb): s for s, labels in index.items() for lb in labels}
    close = [keys[k] for k in difflib.get_close_matches(key, list(keys), n=5, cutoff=0.6)]
    by_word: dict[str, list[URIRef]] = {}
    for k, s in keys.items():
        for word in _words(k):
            by_word.setdefault(word, []).append(s)
    for word in _words(key):
        for near in difflib.get_close_matches(word, list(by_word), n=3, cutoff=0.8):
            close += by_word[near]
    close = list(dict.fromkeys(close))
    hint = f"; close: {_describe(close, index, prefixes)}" if close else ""
    raise InputError(f"{where}: no {kind} is called {value!r}{hint}")


def _words(key: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in key).split()


def _local_name(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _describe(iris: list[URIRef], index: dict[URIRef, list[str]], prefixes: dict[str, str]) -> str:
    parts = []
    for iri in iris[:8]:
        labels = index.get(iri, [])
        parts.append(f"{shorten(str(iri), prefixes)} ({labels[0]})" if labels
                     else shorten(str(iri), prefixes))
    more = f" and {len(iris) - 8} more" if len(iris) > 8 else ""
    return ", ".join(parts) + more


# ---------------------------------------------------------------- running


def prepare(store: Store, query: NamedQuery, given: dict[str, list[str]] | None = None,
            lang: str | None = None) -> tuple[str, dict[str, Node]]:
    """The query text with its parameters bound as RDF terms, and the evaluation hints.

    Hints go only with library queries (its tests compare rdflib with Oxigraph): rdflib applies them
    everywhere in the query, as the text does for a single value written in place. A user's own
    file runs on the text alone.
    """
    bindings = bind_params(store, query, given or {}, lang)
    return bind_values(query.text, bindings), hints(bindings) if query.library else {}


def run_query(store: Store, query: NamedQuery, given: dict[str, list[str]] | None = None,
              lang: str | None = None) -> QueryResult:
    """Run a named (or file) query on any store, its parameters bound as RDF terms."""
    text, evaluation_hints = prepare(store, query, given, lang)
    return execute(store, text, query.name, evaluation_hints)


def hints(bindings: dict[str, list[Node]]) -> dict[str, Node]:
    """The single-valued parameters, as an evaluation hint for engines that want one."""
    return {name: values[0] for name, values in bindings.items() if len(values) == 1}


def run_named(store: Store, name: str, lang: str | None = None, **params: str | list[str]) -> QueryResult:
    """`run_named(store, "agreements", year="1992", lang="tr")`: the Python entry point."""
    given = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    return run_query(store, get_query(name), given, lang)


def execute(store: Store, text: str, where: str = "query",
            hints: dict[str, Node] | None = None) -> QueryResult:
    """Run a prepared query; a query the local engine cannot parse is an InputError, not a trace."""
    from ittifak.core.errors import IttifakError

    try:
        return sort_lists(store.query(text, hints), text)
    except IttifakError:
        raise
    except Exception as err:  # noqa: BLE001 -- rdflib and Oxigraph raise many parse error types
        first = next((line.strip() for line in str(err).splitlines() if line.strip()), type(err).__name__)
        raise InputError(f"{where}: the query cannot be run: {first}") from None


def sort_lists(result: QueryResult, text: str) -> QueryResult:
    """The items of each GROUP_CONCAT list in a stable order: by label (Turkish-aware), then as written.

    SPARQL leaves the order of GROUP_CONCAT to the engine, and engines differ (two Oxigraph stores
    holding the same triples can too); an ordered subquery does not bind the engine either. The
    lists hold labels only, so sorting their items after the query is what every store agrees on.
    """
    columns = list_columns(text)
    if result.kind != "select" or not columns:
        return result
    at = {i: columns[v] for i, v in enumerate(result.variables) if v in columns}
    if not at:
        return result

    def cell(i: int, term: Node | None) -> Node | None:
        if i not in at or not isinstance(term, Literal) or not at[i]:
            return term
        items = sorted(str(term).split(at[i]), key=lambda item: (match_key(item), item))
        return Literal(at[i].join(items), lang=term.language, datatype=term.datatype)

    rows = [tuple(cell(i, t) for i, t in enumerate(row)) for row in result.rows]
    return replace(result, rows=rows)


# ---------------------------------------------------------------- describing the library


def library_listing(library: dict[str, NamedQuery] | None = None) -> str:
    """`ittifak queries`: every query with its form, title and parameters."""
    library = library if library is not None else load_library()
    width = max((len(n) for n in library), default=4)
    lines = []
    for name, q in library.items():
        lines.append(f"{name.ljust(width)}  {q.form:<9}  {q.title}")
        shown = [p.summary() for p in q.params if p.type != "lang"]
        if shown:
            lines.append(f"{'':{width}}  {'':9}  params: {', '.join(shown)}")
    lines.append(f"\n{len(library)} queries; `ittifak queries NAME` describes one, "
                 "`ittifak query NAME --param KEY=VALUE` runs it.")
    return "\n".join(lines) + "\n"


def query_help(q: NamedQuery) -> str:
    """`ittifak queries NAME`: the question, each parameter, what comes back."""
    lines = [f"{q.name} ({q.form}): {q.title}", "", f"Question: {q.question}", f"Returns:  {q.returns}"]
    if q.params:
        lines += ["", "Parameters:"]
        for p in q.params:
            state = (f"default {p.default}" if p.default is not None
                     else "optional" if p.optional else "required")
            example = f"; e.g. {p.example}" if p.example else ""
            lines.append(f"  {p.name} ({p.type}, {state}{example})  {p.description}".rstrip())
    for note in q.notes:
        lines += ["", f"Note: {note}"]
    if q.path:
        lines += ["", f"File: {q.path}"]
    return "\n".join(lines) + "\n"
