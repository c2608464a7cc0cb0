"""Small SPARQL text helpers shared by every store: query form and safe parameter binding."""

from __future__ import annotations

import functools
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
    """Bind parameters as RDF terms, in a way every engine scopes the same.

    A parameter with one value is written, as an RDF term (rdflib's `n3()`), in place of the
    variable wherever the query uses it: in triple patterns, FILTERs, BINDs and expressions,
    inside OPTIONALs, UNION branches and subqueries alike; `BOUND(?x)` becomes `true`, and
    `COALESCE(?x, …)` becomes the value (a term is never an error, so the rest is never read: a
    default written for a tool that binds nothing, such as `COALESCE(?lang, IF(EXISTS {…}, "en",
    "tr"))`, drops out of the query). Where the query names the variable rather than uses it (a SELECT's projection, GROUP BY, ORDER BY), a
    VALUES block first in that level's WHERE group binds it.

    Engines do not agree on what an outer VALUES block binds inside a group: Virtuoso 7.2 lets no
    FILTER inside an OPTIONAL see it, and an outer block it does not need can change its answer
    (aid-table). A term written in place has no scope to get wrong.

    A parameter with several values (alternatives) is bound by the VALUES block alone, so only its
    uses at the outermost level of the query see it.

    Values are serialised as RDF terms, so quotes, braces or `} ; DROP ALL {` inside a value stay
    inside one literal: nothing is ever pasted into the query as SPARQL text.
    """
    if not bindings:
        return text
    stripped = _strip(text)
    levels = _levels(stripped)
    if not levels:
        raise ValueError("query has no WHERE group to bind parameters into")
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the original text
    blocks: dict[int, list[str]] = {}  # WHERE brace → VALUES blocks after it
    for name, values in bindings.items():
        block = f" VALUES ?{name} {{ {' '.join(v.n3() for v in values)} }}"
        if len(values) != 1:
            blocks.setdefault(levels[0][0], []).append(block)
            continue
        term = values[0].n3()
        for found in re.finditer(rf"[?$]{re.escape(name)}(?![\w\u00b7\u0300-\u036f\u203f-\u2040])", stripped):
            at = found.start()
            if re.search(r"\bAS\s*$", stripped[:at], re.IGNORECASE):
                continue
            level = next((brace for brace, spans in levels if any(a <= at < b for a, b in spans)), None)
            if level is not None:
                if block not in blocks.setdefault(level, []):
                    blocks[level].append(block)
                continue
            bound = re.search(r"\bBOUND\s*\(\s*$", stripped[:at], re.IGNORECASE)
            close = re.match(r"\s*\)", stripped[found.end():])
            coalesce = re.search(r"\bCOALESCE\s*\(\s*$", stripped[:at], re.IGNORECASE)
            if bound and close:
                edits.append((bound.start(), found.end() + close.end(), "true"))
            elif coalesce and re.match(r"\s*,", stripped[found.end():]):
                edits.append((coalesce.start(), _closing(stripped, coalesce.end() - 1) + 1, term))
            else:
                edits.append((at, found.end(), term))
    edits += [(brace + 1, brace + 1, "".join(parts)) for brace, parts in blocks.items() if parts]
    for start, end, replacement in sorted(_outermost(edits), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _closing(stripped: str, opening: int) -> int:
    """The index of the parenthesis that closes the one at `opening`."""
    depth = 0
    for i in range(opening, len(stripped)):
        if stripped[i] == "(":
            depth += 1
        elif stripped[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("the query's parentheses do not balance")


def _outermost(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The edits not inside the span another edit replaces (a COALESCE dropped whole takes the
    uses of parameters inside it along)."""
    spans = [(start, end) for start, end, _ in edits if end > start]
    return [(start, end, replacement) for start, end, replacement in edits
            if not any(a <= start and end <= b and (a, b) != (start, end) for a, b in spans)]


def _matching(stripped: str, opening: int) -> int:
    """The index of the brace that closes the one at `opening`."""
    depth = 0
    for i in range(opening, len(stripped)):
        if stripped[i] == "{":
            depth += 1
        elif stripped[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("the query's braces do not balance")


def _outside_parentheses(stripped: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of stripped[start:end] outside parentheses: where a variable is named (projected,
    grouped by, ordered by), not used in an expression."""
    spans, depth, begin = [], 0, start
    for i in range(start, end):
        if stripped[i] == "(":
            if depth == 0:
                spans.append((begin, i))
            depth += 1
        elif stripped[i] == ")":
            depth -= 1
            if depth == 0:
                begin = i + 1
    if depth == 0:
        spans.append((begin, end))
    return spans


def _levels(stripped: str) -> list[tuple[int, list[tuple[int, int]]]]:
    """Each level of the query (the query first, then each subquery): the index of its WHERE
    group's `{`, and the spans where it names variables (projection, GROUP BY, ORDER BY)."""
    levels = []
    for found in _FORM.finditer(stripped):
        head_end = found.end()
        if found.group(1).upper() == "CONSTRUCT" and stripped[found.end():].lstrip().startswith("{"):
            template = stripped.index("{", found.end())  # the template is a pattern, not a name list
            head_end = start = _matching(stripped, template) + 1
        else:
            start = found.end()
        brace = stripped.find("{", start)
        if brace == -1:
            continue
        if found.group(1).upper() in ("SELECT", "DESCRIBE"):
            where = re.search(r"\bWHERE\b", stripped[start:brace], re.IGNORECASE)
            head_end = start + where.start() if where else brace
        close = _matching(stripped, brace)
        tail_end, depth = len(stripped), 0  # a subquery ends at the brace that closes its group
        for i in range(close + 1, len(stripped)):
            if stripped[i] == "{":
                depth += 1
            elif stripped[i] == "}":
                if depth == 0:
                    tail_end = i
                    break
                depth -= 1
        named = _outside_parentheses(stripped, found.end(), head_end)
        named += _outside_parentheses(stripped, close + 1, tail_end)
        levels.append((brace, named))
    return levels


@functools.lru_cache(maxsize=256)
def list_columns(text: str) -> dict[str, str]:
    """The variables a query fills with GROUP_CONCAT, and the separator of each: {"parties": "; "}."""
    stripped = _strip(text)
    found = {}
    for concat in re.finditer(r"\bGROUP_CONCAT\s*\(", stripped, re.IGNORECASE):
        depth, end = 0, concat.end() - 1
        for end in range(concat.end() - 1, len(stripped)):
            depth += {"(": 1, ")": -1}.get(stripped[end], 0)
            if depth == 0:
                break
        separator = re.search(r"""\bseparator\s*=\s*("|')(.*?)\1""", text[concat.end():end], re.IGNORECASE)
        target = re.compile(r"\bAS\s*[?$](\w+)", re.IGNORECASE).search(stripped, end)
        if target:
            found[target.group(1)] = separator.group(2) if separator else " "
    return found
