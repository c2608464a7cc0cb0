"""What a named query is: a SPARQL 1.1 file with a header of title, question, typed parameters.

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

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from ittifak.core import vocab
from ittifak.core.errors import InputError
from ittifak.core.layout import Layout
from ittifak.core.sparql import (
    _strip,
    query_form,
)

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
