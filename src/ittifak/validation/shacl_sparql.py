"""The SPARQL text of SHACL-SPARQL constraints: checked, and rewritten so variables are pre-bound.

SHACL pre-binds `$this`, `$currentShape` and `$shapesGraph` (§5.2.2): the query is evaluated as if
every occurrence were the value, in nested groups and sub-queries too. Oxigraph's own substitution
joins the value in after evaluation, which differs (a `FILTER ($this = …)` in a nested group sees an
unbound variable), so the query text is rewritten instead:

- set-at-a-time: `VALUES ?this { … }` at the head of the WHERE group, for all focus nodes at once.
  That equals pre-binding when every group using a pre-bound variable is the WHERE group itself, an
  EXISTS group (evaluated with the outer solution) or a nested group that binds it by a triple
  pattern before any expression uses it, sub-queries included unless they have LIMIT or OFFSET
  (`simple`). Our shapes are all of that kind.
- one node at a time otherwise (and for blank nodes, which VALUES cannot carry):
  `BIND(<fn>() AS ?this)` at the head of every group that uses the variable, `<fn>` a custom
  function that returns the term.

Queries that SHACL forbids with pre-binding (§5.2.1: MINUS, SERVICE, VALUES, a sub-query that does
not return `$this`, `AS $this`) are refused, as the W3C tests require.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ittifak.core.errors import InputError

PREBOUND = ("this", "currentShape", "shapesGraph")
FUNCTION = "urn:ittifak:prebound#"

_TOKEN = re.compile(r'''"""[\s\S]*?"""|'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'
    |<[^<>"{}|^`\\\s]*>|\#[^\n]*|[?$][A-Za-z_0-9]+|[A-Za-z_][\w-]*(?::[\w.-]*)?|\S''', re.VERBOSE)


@dataclass
class _Group:
    start: int  # offset just after its "{"
    exists: bool  # an EXISTS / NOT EXISTS group, or inside one
    wraps_select: bool  # "{ SELECT … }": nothing may be inserted before the sub-query
    depth_parens: int
    first_use: dict[str, bool] = field(default_factory=dict)  # var -> first use outside (…)?


@dataclass
class Prepared:
    """A SHACL-SPARQL query ready to run: where to insert bindings, and whether sets are allowed."""

    text: str  # `$var` written `?var`
    variables: set[str]  # pre-bound variables the query uses
    top: int  # offset after the WHERE group's "{"
    groups: list[tuple[int, set[str]]]  # (offset after "{", pre-bound variables used directly)
    simple: bool
    ask: int = -1  # offset of the ASK keyword of an ASK query

    def for_set(self, values: str, single: Iterable[str], keys: str = "?this") -> str:
        """The query with `keys` (`?this`, or `(?this ?value)`) joined to `values` (the VALUES
        rows) and the `single` variables bound; an ASK query becomes a SELECT of its keys."""
        head = f" VALUES {keys} {{ {values} }} " + "".join(
            f" BIND(<{FUNCTION}{v}>() AS ?{v}) " for v in sorted(single))
        text = self.text[:self.top] + head + self.text[self.top:]
        if self.ask >= 0:
            text = text[:self.ask] + "SELECT DISTINCT " + keys.strip("()") + text[self.ask + 3:]
        return text

    def for_all(self, single: Iterable[str], keys: str = "?this") -> str:
        """The query with `keys` left free, for all nodes at once (a simple query only): the caller
        keeps the rows of its focus nodes. This is how blank nodes, which VALUES cannot carry, are
        checked as a set."""
        head = "".join(f" BIND(<{FUNCTION}{v}>() AS ?{v}) " for v in sorted(single))
        text = self.text[:self.top] + head + self.text[self.top:]
        if self.ask >= 0:
            text = text[:self.ask] + "SELECT DISTINCT " + keys.strip("()") + text[self.ask + 3:]
        return text

    def for_node(self) -> str:
        """The query with every pre-bound variable bound by a function call in each group using it."""
        text = self.text
        for offset, used in sorted(self.groups, reverse=True):
            binds = "".join(f" BIND(<{FUNCTION}{v}>() AS ?{v}) " for v in sorted(used))
            text = text[:offset] + binds + text[offset:]
        return text


def prepare(query: str, where: str, prebound: Iterable[str] = PREBOUND) -> Prepared:
    """Check `query` (a SELECT or ASK of constraint `where`) against §5.2.1 and find where to bind
    the `prebound` variables."""
    prebound = set(prebound)
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(query)
              if not m.group().startswith("#")]
    words = [t[0].upper() for t in tokens]
    for bad in ("MINUS", "SERVICE", "VALUES"):
        if bad in words:
            raise InputError(f"SPARQL constraint {where} uses {bad}, which SHACL forbids with "
                             "pre-bound variables (SHACL §5.2.1)")
    for i, word in enumerate(words):
        if word == "AS" and i + 1 < len(tokens) and tokens[i + 1][0][1:] in prebound \
                and tokens[i + 1][0][0] in "?$":
            raise InputError(f"SPARQL constraint {where} binds the pre-bound {tokens[i + 1][0]} "
                             "with AS (SHACL §5.2.1)")
    stack: list[_Group] = []
    groups: list[_Group] = []
    paren = 0
    top = -1
    simple = True
    used: set[str] = set()
    for i, (tok, _start, end) in enumerate(tokens):
        if words[i] in ("LIMIT", "OFFSET") and stack:
            simple = False  # a sub-query cut to n rows: n for each focus node, not n in all
        if words[i] == "SELECT" and stack:  # a sub-query: it must return $this (SHACL §5.2.1)
            projection = []
            for t, _, _ in tokens[i + 1:]:
                if t.upper() in ("WHERE", "{"):
                    break
                projection.append(t)
            if not any(t in ("?this", "$this") for t in projection):
                raise InputError(f"SPARQL constraint {where} has a sub-query that does not "
                                 "return $this (SHACL §5.2.1)")
        if tok == "(":
            paren += 1
        elif tok == ")":
            paren -= 1
        elif tok == "{":
            if top < 0:
                top = end
            exists = bool(stack and stack[-1].exists) or (i > 0 and words[i - 1] == "EXISTS")
            wraps = i + 1 < len(tokens) and words[i + 1] == "SELECT"
            group = _Group(end, exists, wraps, paren)
            stack.append(group)
            groups.append(group)
        elif tok == "}":
            if stack:
                stack.pop()
        elif tok[0] in "?$" and tok[1:] in prebound:
            name = tok[1:]
            used.add(name)
            if stack:
                group = stack[-1]
                group.first_use.setdefault(name, paren == group.depth_parens)
    if top < 0:
        raise InputError(f"SPARQL constraint {where} has no WHERE group")
    for group in groups:
        if group.start == top or group.exists:
            continue
        if not all(group.first_use.values()):
            simple = False
    text = _question_marks(query, tokens)
    bindable = [(g.start, set(g.first_use)) for g in groups
                if g.first_use and not g.exists and not g.wraps_select]
    head = next((i for i, w in enumerate(words) if w in ("SELECT", "ASK")), None)
    ask = tokens[head][1] if head is not None and words[head] == "ASK" else -1
    if ask < 0 and head is not None:  # rows that do not say their $this cannot be run as a set
        projection = [t for t, _, _ in tokens[head + 1:_top_index(tokens)]]
        if not any(t in ("*", "?this", "$this") for t in projection):
            simple = False
    return Prepared(text, used, top, bindable, simple, ask)


def _top_index(tokens) -> int:
    """The index of the first "{" (the WHERE group) among `tokens`."""
    return next(i for i, (t, _, _) in enumerate(tokens) if t == "{")


def _question_marks(query: str, tokens) -> str:
    """`query` with `$var` written `?var`, strings and IRIs left as they are (same length)."""
    out, last = [], 0
    for tok, start, end in tokens:
        if tok[0] in "\"'<" and "$" in tok:
            out.append(re.sub(r"\$(?=\w)", "?", query[last:start]))
            out.append(tok)
            last = end
    out.append(re.sub(r"\$(?=\w)", "?", query[last:]))
    return "".join(out)
