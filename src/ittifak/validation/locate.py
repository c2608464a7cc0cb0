"""Where each statement was written: an index from subject (and predicate) to file and line.

A validation report is only useful to a historian if it says where to fix the data, so while files
are loaded we scan their Turtle text once more with a small tokenizer (no second RDF parse):

- a term at the start of a statement (after `.`) is a *subject*; the line of its first occurrence
  in each file is recorded;
- a term after the subject or after `;` at the same bracket depth is a *predicate*; the line where
  that predicate is written for that subject is recorded;
- predicates inside `[ ... ]` (blank nodes) are not indexed: a report about a blank node (an
  amount, an appellation) points at the line of the property that holds it.

Prefixed names are expanded with the file's own `@prefix`/`PREFIX` declarations. N-Triples and
N-Quads are Turtle for this purpose; RDF/XML and JSON-LD files are recorded by file only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<long>\"\"\"[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*\"\"\"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*''')
    | (?P<string>"[^"\\\n]*(?:\\.[^"\\\n]*)*"|'[^'\\\n]*(?:\\.[^'\\\n]*)*')
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<directive>@prefix|@base|(?i:PREFIX|BASE)(?=\s))
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<dt>\^\^)
    | (?P<number>[+-]?(?:\d*\.\d+|\d+)(?:[eE][+-]?\d+)?)
    | (?P<punct>[.;,\[\]()])
    | (?P<pname>(?:[A-Za-z][\w.-]*)?:(?:[\w:%-]|\.(?=[\w:%-]))*)
    | (?P<bnode>_:[\w.-]*\w)
    | (?P<word>[^\s.;,\[\]()"'<>#]+)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Location:
    """A place in a file, 1-based line."""

    file: Path
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else str(self.file)


@dataclass
class LocationIndex:
    """subject IRI → where it is described; (subject, predicate) → where that property is written."""

    subjects: dict[str, list[Location]] = field(default_factory=dict)
    statements: dict[tuple[str, str], list[Location]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    def subject(self, iri: str) -> Location | None:
        found = self.subjects.get(iri)
        return found[0] if found else None

    def statement(self, subject: str, predicate: str | None) -> Location | None:
        """The line where `predicate` is written for `subject`, else where `subject` is described."""
        if predicate is not None:
            found = self.statements.get((subject, predicate))
            if found:
                return found[0]
        return self.subject(subject)

    def add_file(self, path: Path | str) -> None:
        path = Path(path)
        self.files.append(path)
        if path.suffix.lower() not in (".ttl", ".nt", ".nq", ".trig"):
            return
        try:
            text = path.read_text(encoding="utf-8-sig")  # a byte-order mark is not a token
        except (OSError, UnicodeDecodeError):
            return  # the loader reports unreadable files; the index just has nothing for them
        for kind, subject, predicate, line in _scan(text):
            loc = Location(path, line)
            if kind == "subject":
                _append(self.subjects, subject, loc)
            else:
                _append(self.statements, (subject, predicate), loc)


def _append(table: dict, key, loc: Location) -> None:
    places = table.setdefault(key, [])
    if not places or places[-1].file != loc.file:  # first line per file is enough
        places.append(loc)


def index_files(paths: Iterable[Path | str]) -> LocationIndex:
    """Scan every file; files that cannot be read are skipped (the loader reports them)."""
    index = LocationIndex()
    for path in paths:
        index.add_file(path)
    return index


def _tokens(text: str) -> Iterator[tuple[str, str, int]]:
    line, pos, n = 1, 0, len(text)
    while pos < n:
        m = _TOKEN.match(text, pos)
        if m is None:  # a character no rule knows: skip it, the parser reports real errors
            if text[pos] == "\n":
                line += 1
            pos += 1
            continue
        kind, value = m.lastgroup, m.group()
        if kind not in ("ws", "comment"):
            yield kind, value, line
        line += value.count("\n")
        pos = m.end()


def _scan(text: str) -> Iterator[tuple[str, str, str | None, int]]:
    """Yield ("subject", iri, None, line) and ("statement", subject, predicate, line)."""
    prefixes: dict[str, str] = {}
    tokens = list(_tokens(text))
    i, n = 0, len(tokens)
    subject: str | None = None
    expect = "subject"  # subject | predicate | object
    depth = 0  # [ ] nesting
    parens = 0  # ( ) nesting

    def expand(kind: str, value: str) -> str | None:
        if kind == "iri":
            return value[1:-1]
        if kind == "pname":
            prefix, _, local = value.partition(":")
            base = prefixes.get(prefix)
            return base + local.replace("\\", "") if base is not None else None
        if kind == "word" and value == "a":
            return RDF_TYPE
        return None

    while i < n:
        kind, value, line = tokens[i]
        if kind == "directive":
            name = value.lower().lstrip("@")
            if name == "prefix" and i + 2 < n and tokens[i + 2][0] == "iri":
                prefixes[tokens[i + 1][1].rstrip(":")] = tokens[i + 2][1][1:-1]
                i += 3
            else:
                i += 2
            if i < n and tokens[i][1] == ".":
                i += 1
            continue
        if kind == "dt":  # the datatype after ^^ is part of the literal, not a term of its own
            i += 2
            continue
        if kind == "punct":
            if value == "[":
                depth += 1
                if expect == "subject":
                    subject = None
                expect = "predicate" if depth else expect
            elif value == "]":
                depth = max(0, depth - 1)
                expect = "object"
            elif value == "(":
                parens += 1
            elif value == ")":
                parens = max(0, parens - 1)
            elif value == ";" and not parens:
                expect = "predicate"
            elif value == "." and depth == 0 and not parens:
                expect, subject = "subject", None
            i += 1
            continue
        if parens:
            i += 1
            continue
        if expect == "subject" and depth == 0:
            subject = expand(kind, value) if kind != "bnode" else None
            if subject is not None:
                yield "subject", subject, None, line
            expect = "predicate"
        elif expect == "predicate":
            predicate = expand(kind, value)
            if depth == 0 and subject is not None and predicate is not None:
                yield "statement", subject, predicate, line
            expect = "object"
        i += 1
