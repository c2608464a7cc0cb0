"""Query results as text: a readable table, CSV/TSV and JSON (SPARQL 1.1 formats), Turtle.

Tables follow one convention of the query library: a column `x` with a companion `xLabel` shows
the label (or, where the label is missing, the CURIE), so a terminal shows names while CSV, TSV and
JSON keep every IRI for linking.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ittifak.core.errors import InputError
from ittifak.core.turtle import turtle
from ittifak.query.named import project_prefixes, shorten
from ittifak.store.base import QueryResult

FORMATS = ("table", "csv", "tsv", "json", "turtle")
MAX_CELL_LINES = 3


def default_format(result: QueryResult) -> str:
    return "turtle" if result.kind == "graph" else "table"


def render(result: QueryResult, fmt: str | None = None, *, width: int | None = None,
           iris: bool = False) -> str:
    """The result in `fmt` (table, csv, tsv, json, turtle); None picks table or Turtle."""
    fmt = fmt or default_format(result)
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if result.kind == "graph":
        if fmt == "turtle":
            return to_turtle(result.triples)
        if fmt == "json":
            raise InputError("a CONSTRUCT or DESCRIBE query gives a graph: write it as turtle "
                             "(or as table, csv, tsv for its triples)")
        variables, rows = ["subject", "predicate", "object"], sorted(result.triples or (), key=_triple_key)
        result = QueryResult("select", variables=variables, rows=[tuple(t) for t in rows])
    elif fmt == "turtle":
        raise InputError(f"a {'ASK' if result.kind == 'ask' else 'SELECT'} query gives "
                         "a table, not a graph: use --format table, csv, tsv or json")
    if fmt == "json":
        return to_json(result)
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "csv":
        return to_csv(result)
    if fmt == "tsv":
        return to_tsv(result)
    return to_table(result, width=width, iris=iris)


def _triple_key(triple) -> tuple:
    return tuple((type(t).__name__, str(t)) for t in triple)


# ---------------------------------------------------------------- SPARQL 1.1 result formats


def term_json(term: Node) -> dict:
    """One RDF term as a SPARQL 1.1 JSON results binding."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def to_json(result: QueryResult) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=2) + "\n"
    bindings = [
        {var: term_json(term) for var, term in zip(result.variables, row) if term is not None}
        for row in result.rows
    ]
    doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _csv_value(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV: plain values, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_csv_value(t) for t in row])
    return out.getvalue()


def _tsv_value(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = term.n3()
        return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return term.n3()


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV: `?var` headers, terms in Turtle syntax."""
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_tsv_value(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def to_turtle(triples: Iterable[tuple[Node, Node, Node]] | None) -> str:
    """A CONSTRUCT or DESCRIBE answer as Turtle with the project's prefixes, blank nodes as answered."""
    return turtle(sorted(set(triples or ()), key=_triple_key), project_prefixes())


# ---------------------------------------------------------------- tables


def display(term: Node | None) -> str:
    """What a table cell shows: a literal's text, an IRI as a CURIE."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return " ".join(str(term).split())


def table_columns(variables: list[str], iris: bool = False) -> list[tuple[str, int, int | None]]:
    """(header, label index, fallback index) per shown column; `x` + `xLabel` become one."""
    columns = []
    names = list(variables)
    for i, var in enumerate(names):
        if not iris and var.endswith("Label") and var[: -len("Label")] in names:
            continue
        label_var = f"{var}Label"
        if not iris and label_var in names:
            columns.append((var, names.index(label_var), i))
        elif not iris and var.endswith("Label") and len(var) > len("Label"):
            columns.append((var[: -len("Label")], i, None))
        else:
            columns.append((var, i, None))
    return columns


def to_table(result: QueryResult, width: int | None = None, iris: bool = False) -> str:
    """Rows as an aligned table that fits the terminal: wide cells wrap, then truncate with …

    Columns that are empty in every row are left out of the table (CSV, TSV and JSON keep them).
    """
    width = width or shutil.get_terminal_size((100, 24)).columns
    columns = table_columns(result.variables, iris)
    cells = []
    for row in result.rows:
        line = []
        for _, main, fallback in columns:
            value = row[main] if main < len(row) else None
            if value is None and fallback is not None:
                value = row[fallback]
            line.append(display(value))
        cells.append(line)
    count = len(result.rows)
    rows_line = f"({count} row{'s' if count != 1 else ''})"
    if not columns:  # SELECT * over a pattern with no variables: rows, but nothing to show in them
        return f"(no variables) {rows_line}\n"
    headers = [c[0] for c in columns]
    # a column no row fills (an OPTIONAL that never matched) only takes room from the others
    keep = [i for i in range(len(headers)) if any(r[i] for r in cells)] if cells else list(range(len(headers)))
    headers = [headers[i] for i in keep]
    cells = [[r[i] for i in keep] for r in cells]
    natural = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    longest_word = [max([len(w) for r in cells for w in r[i].split()] + [0]) for i in range(len(headers))]
    widths = _fit(natural, headers, width, longest_word)
    out = [_line([_wrap(h, w) for h, w in zip(headers, widths)], widths),
           "  ".join("─" * w for w in widths).rstrip()]
    for row in cells:
        out.append(_line([_wrap(text, w) for text, w in zip(row, widths)], widths))
    out.append(rows_line)
    return "\n".join(out) + "\n"


def _fit(natural: list[int], headers: list[str], width: int,
         longest_word: list[int] | None = None) -> list[int]:
    """Column widths that add up (with two-space gaps) to at most `width` where possible.

    Short columns (dates, codes, numbers: 12 characters or fewer) keep their width; the rest start
    from a floor (room for the header and the column's longest word, within limits) and share
    what is left in proportion to what they would need. When even the floors do not fit, the table
    is wider than the terminal rather than unreadable.
    """
    short = 12
    words = longest_word or [0] * len(natural)
    floor = [n if n <= short else min(n, max(8, min(len(h), short), min(w, 14)))
             for n, h, w in zip(natural, headers, words)]
    budget = width - 2 * (len(natural) - 1)
    spare = budget - sum(floor)
    if spare <= 0:
        return floor
    want = [n - f for n, f in zip(natural, floor)]
    total = sum(want)
    if total <= spare:
        return list(natural)
    widths = [f + (w * spare) // total for f, w in zip(floor, want)]
    leftover = budget - sum(widths)
    for i in sorted(range(len(widths)), key=lambda k: want[k], reverse=True):
        if leftover <= 0:
            break
        if widths[i] < natural[i]:
            widths[i] += 1
            leftover -= 1
    return widths


def _wrap(text: str, width: int) -> list[str]:
    if len(text) <= width:
        return [text]
    lines = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]
    if len(lines) > MAX_CELL_LINES:
        lines = lines[:MAX_CELL_LINES]
        last = lines[-1]
        lines[-1] = (last[: width - 1] if len(last) >= width else last) + "…"
    return lines


def _line(cells: list[list[str]], widths: list[int]) -> str:
    height = max(len(c) for c in cells)
    rows = []
    for k in range(height):
        parts = [(c[k] if k < len(c) else "").ljust(w) for c, w in zip(cells, widths)]
        rows.append("  ".join(parts).rstrip())
    return "\n".join(rows)
