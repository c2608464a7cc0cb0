"""Small SPARQL text helpers shared by every store: query form and safe parameter binding."""

from __future__ import annotations

import re

from rdflib.term import Node

_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def _strip(text: str) -> str:
    """The query without comments, string literals and IRIs, so keywords inside them are ignored."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            while i < n and text[i] != "\n":
                out.append(" ")
                i += 1
            continue
        if c == "<" and re.match(r"<[^<>\"{}|^`\\\s]*>", text[i:]):
            end = text.index(">", i) + 1
            out.append(" " * (end - i))
            i = end
            continue
        if c in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and text[j : j + len(quote)] != quote:
                j += 2 if text[j] == "\\" else 1
            end = min(n, j + len(quote))
            out.append(" " * (end - i))
            i = end
            continue
        out.append(c)
        i += 1
    return "".join(out)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE."""
    found = _FORM.search(_strip(text))
    return found.group(1).upper() if found else "SELECT"


_UPDATE = re.compile(r"(?:\s*(?:BASE|PREFIX\s+[^\s:]*:))*\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
                     re.IGNORECASE)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


def update_keyword(text: str) -> str | None:
    """The keyword that makes `text` a SPARQL Update (INSERT, DELETE, LOAD, ...), else None."""
    found = _UPDATE.match(_strip(text))
    return found.group(1).upper() if found else None


def uses_service(text: str) -> bool:
    """Whether the query calls SERVICE, which makes the engine fetch from another URL."""
    return bool(_SERVICE.search(_strip(text)))


def bind_values(text: str, bindings: dict[str, list[Node]]) -> str:
    """Bind parameters with a VALUES block placed first in the outermost WHERE group.

    The values are serialised as RDF terms (n3), so quotes, braces or `} ; DROP ALL {` inside a
    value stay inside one literal: nothing is ever pasted into the query as SPARQL text. The block
    goes inside the group, not at the end of the query, so the values are bound before grouping
    and aggregates see them.
    """
    if not bindings:
        return text
    stripped = _strip(text)
    form = _FORM.search(stripped)
    start = form.end() if form else 0
    brace = stripped.find("{", start)
    if form and form.group(1).upper() == "CONSTRUCT":
        # skip the template: the WHERE group is the second top-level group
        depth, i = 0, brace
        while i < len(stripped):
            if stripped[i] == "{":
                depth += 1
            elif stripped[i] == "}":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        where = stripped.find("{", i + 1)
        brace = where if where != -1 else brace
    if brace == -1:
        raise ValueError("query has no WHERE group to bind parameters into")
    blocks = []
    for name, values in bindings.items():
        terms = " ".join(v.n3() for v in values)
        blocks.append(f" VALUES ?{name} {{ {terms} }}")
    return text[: brace + 1] + "".join(blocks) + text[brace + 1 :]
