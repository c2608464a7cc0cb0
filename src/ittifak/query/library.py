"""The library of named queries: the project's queries/ folder, a user's own file, and how both
are listed and described for `ittifak queries`."""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path

from ittifak.core.errors import InputError
from ittifak.core.layout import Layout
from ittifak.core.sparql import (
    update_keyword,
    uses_service,
)
from ittifak.query.named import NamedQuery, parse_query, with_project_prefixes

# ---------------------------------------------------------------- the library


def queries_dir() -> Path:
    return Layout.find().queries_dir()


def load_library(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Every `.rq` file of the queries folder, by name (the file name without `.rq`)."""
    folder = folder or queries_dir()
    library = {}
    for path in sorted(folder.glob("*.rq")):
        library[path.stem] = _library_query(path)
    return library


def _library_query(path: Path) -> NamedQuery:
    return replace(parse_query(path.read_text(encoding="utf-8"), path.stem, path), library=True)


def get_query(name: str, folder: Path | None = None) -> NamedQuery:
    """The library's query `name`: only its own file is read (a command runs one query)."""
    folder = folder or queries_dir()
    names = sorted(path.stem for path in folder.glob("*.rq"))
    if name not in names:
        close = difflib.get_close_matches(name, names, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; `ittifak queries` lists them"
        raise InputError(f"no query named {name!r}{hint}")
    return _library_query(folder / f"{name}.rq")


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
