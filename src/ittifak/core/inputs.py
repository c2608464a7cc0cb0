"""What an input file must be before a parser reads it, so that no file can make a parser run unbounded.

The parsers are trusted with the syntax; this module keeps them from what they would do without
limit or without asking:

- only regular files are read (a pipe or a device would block or never end), opened without
  blocking, and a file that cannot be read is named with the reason;
- RDF/XML with DTD entity declarations is refused: entities nest, and nine of them turn a file of a
  kilobyte into gigabytes of text ("billion laughs");
- a JSON-LD `@context` is read only from a local file (relative to the document, or `file:`) or is
  the project's own context; any other remote context is refused, so no network is used;
- a UTF-8 byte-order mark at the start of a file is skipped (Oxigraph's parsers refuse it).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.parsers import expat

from ittifak.core.errors import InputError

BOM = b"\xef\xbb\xbf"

#: The longest literal or IRI Oxigraph's parsers read (their buffer size, fixed in pyoxigraph).
OXIGRAPH_TOKEN_LIMIT = 16 * 1024 * 1024
#: A file with a longer literal or IRI is read by rdflib's parser instead, up to this size.
LONG_TOKEN_FILE_LIMIT = 128 * 1024 * 1024

#: The project's own JSON-LD context, as the release publishes it (dist/context.jsonld).
PROJECT_CONTEXT = "https://w3id.org/ittifak/dist/context.jsonld"
#: How deep local contexts may refer to further contexts.
CONTEXT_DEPTH = 8


def visible(text: str) -> str:
    """`text` with invisible and control characters written as U+XXXX (parser messages quote input)."""
    return "".join(c if c.isprintable() or c == " " else f"U+{ord(c):04X}" for c in text)


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MiB"


def open_regular(path: Path):
    """Open `path` for reading in binary, refusing anything but a regular file.

    The file is opened without blocking and checked after opening, so a named pipe cannot hold the
    command; a missing file, a folder, a device and a file that cannot be read raise InputError.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not an RDF file") from None
    except OSError as err:
        raise InputError(f"{path}: cannot be read: {err.strerror or err}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{path}: is a folder, not an RDF file")
        if not stat.S_ISREG(mode):
            raise InputError(f"{path}: not a regular file (a pipe, socket or device): "
                             "RDF is read from regular files only")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file (see `open_regular`)."""
    with open_regular(path) as handle:
        try:
            return handle.read()
        except OSError as err:
            raise InputError(f"{path}: cannot be read: {err.strerror or err}") from None


def check_file(path: Path) -> int:
    """Check that `path` is a readable regular file; return its size."""
    with open_regular(path) as handle:
        return os.fstat(handle.fileno()).st_size


# ---------------------------------------------------------------------------------------------
# RDF/XML


class _Prolog(Exception):
    """Raised by the expat handlers to stop reading: an entity declaration, or the first element."""

    def __init__(self, line: int, name: str | None = None) -> None:
        self.line, self.name = line, name


def refuse_xml_entities(path: Path) -> None:
    """Refuse an RDF/XML file whose DTD declares entities; reads only up to the first element.

    Parsers expand entities before they see the RDF; nested entities expand without bound.
    Declarations can only come before the root element, so the rest of the file is not read.
    """
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def declared(name, *_args):
        raise _Prolog(parser.CurrentLineNumber, name)

    def element(*_args):
        raise _Prolog(parser.CurrentLineNumber)

    parser.EntityDeclHandler = declared
    parser.StartElementHandler = element
    with open_regular(path) as handle:
        try:
            parser.ParseFile(handle)
        except _Prolog as stop:
            if stop.name is not None:
                raise InputError(
                    f"{path}:{stop.line}: RDF/XML with a DTD entity declaration (<!ENTITY {stop.name} …>) is "
                    "refused, because entities can expand without bound: write the text and IRIs out in "
                    "full, or save the file as Turtle") from None
        except expat.ExpatError:
            return  # malformed XML: the RDF/XML parser reports it with its line


# ---------------------------------------------------------------------------------------------
# JSON-LD


def project_context() -> dict:
    """The published JSON-LD context (…/dist/context.jsonld), made from the shipped ontology as the
    release makes it."""
    from rdflib import Graph

    from ittifak.core.jsonld import jsonld_context
    from ittifak.core.shipped import shipped_root
    from ittifak.core.vocab import STANDARD_PREFIXES

    root = shipped_root()  # the published context is the shipped ontology's, whatever the project
    ontology = Graph()
    for path in sorted((root / "ontology").glob("*.ttl")):
        ontology.parse(path, format="turtle")
    prefixes = dict(STANDARD_PREFIXES)
    block = root / "data" / "_prefixes.ttl"
    if block.is_file():
        prefixes.update({p: str(ns) for p, ns in Graph().parse(block, format="turtle").namespaces() if p})
    return jsonld_context(ontology, prefixes)["@context"]


def _context_file(ref: str, base: Path) -> Path | None:
    """The local file a context reference names (relative to the file `base`), or None for a remote one."""
    parts = urlsplit(ref)
    if parts.scheme == "file":
        return Path(unquote(parts.path))
    if parts.scheme or ref.startswith("//"):
        return None
    return base.parent / unquote(parts.path)


class _Contexts:
    """Replaces every context reference in a JSON-LD document by the context it names."""

    def __init__(self, document: Path) -> None:
        self.document = document
        self._project: dict | None = None

    def load(self, ref: str, base: Path, depth: int) -> object:
        if ref == PROJECT_CONTEXT:
            if self._project is None:
                self._project = project_context()
            return self._project
        local = _context_file(ref, base)
        if local is None:
            raise InputError(f"{self.document}: the JSON-LD @context {ref} is remote; ittifak reads contexts "
                             "only from local files (or the project's own context) and uses no network: "
                             "save the context beside the document and name it by a relative path")
        if depth >= CONTEXT_DEPTH:
            raise InputError(f"{self.document}: JSON-LD contexts refer to further contexts more than "
                             f"{CONTEXT_DEPTH} deep (at {local})")
        raw = read_regular(local)
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as err:
            raise InputError(f"{local}: the JSON-LD context of {self.document} is not JSON: {err}") from None
        if not isinstance(data, dict) or "@context" not in data:
            raise InputError(f"{local}: the JSON-LD context of {self.document} has no @context member")
        return self.context(data["@context"], local, depth + 1)

    def context(self, value: object, base: Path, depth: int) -> object:
        """A context value (a reference, an object or a list of them) with every reference loaded."""
        if isinstance(value, str):
            return self.load(value, base, depth)
        if isinstance(value, list):
            return [self.context(v, base, depth) for v in value]
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                if key == "@import" and isinstance(item, str):
                    imported = self.load(item, base, depth)
                    out.update(imported if isinstance(imported, dict) else {})
                else:
                    out[key] = self.walk(item, base, depth)
            return out
        return value

    def walk(self, value: object, base: Path, depth: int) -> object:
        """Any JSON value, with the contexts in it (at any depth, scoped ones too) loaded."""
        if isinstance(value, list):
            return [self.walk(v, base, depth) for v in value]
        if isinstance(value, dict):
            return {key: self.context(item, base, depth) if key == "@context" else self.walk(item, base, depth)
                    for key, item in value.items()}
        return value


def local_jsonld(path: Path, raw: bytes) -> str:
    """The JSON-LD document at `path` with its contexts inlined, read without any network access."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except ValueError as err:
        line = getattr(err, "lineno", None)
        where = f"{path}:{line}" if line else str(path)
        raise InputError(f"{where}: malformed RDF: not JSON: {getattr(err, 'msg', err)}") from None
    return json.dumps(_Contexts(path).walk(data, path, 0), ensure_ascii=False)


def is_buffer_limit(err: BaseException) -> bool:
    """Whether Oxigraph refused a literal or IRI longer than its parser buffer."""
    return isinstance(err, MemoryError) and "buffer maximal size" in str(err)


def long_token_message(path: Path, size: int, hint: str) -> str:
    return (f"{path}: holds a literal or IRI longer than {_mib(OXIGRAPH_TOKEN_LIMIT)}, the most Oxigraph's parser "
            f"reads; {hint}")


def too_big_for_rdflib(path: Path, size: int) -> str:
    return long_token_message(
        path, size, f"rdflib's parser reads such files up to {_mib(LONG_TOKEN_FILE_LIMIT)} and this one is "
                    f"{_mib(size)}: shorten the value or split the file")
