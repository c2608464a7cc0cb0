"""Store specs: the one place that reads `memory`, `oxigraph`, `oxigraph:PATH` or a URL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ittifak.core.errors import InputError

STORE_HELP = ("oxigraph (in memory, the default), oxigraph:PATH (on disk), memory (rdflib) "
              "or an http(s) SPARQL endpoint URL")
_URL = re.compile(r"https?://[^/\s]+\S*\Z")


@dataclass(frozen=True)
class StoreSpec:
    """A parsed store spec: which kind of store, and where."""

    kind: str  # memory, oxigraph or endpoint
    location: Path | None = None  # oxigraph on disk
    url: str | None = None  # endpoint

    @property
    def local(self) -> bool:
        return self.kind != "endpoint"

    def __str__(self) -> str:
        if self.kind == "endpoint":
            return str(self.url)
        return f"oxigraph:{self.location}" if self.location else self.kind


def refuse_credentials(url: str) -> None:
    """An InputError, which does not repeat the URL, when `url` carries a user or password
    (``http://user:pw@host/``): they would show wherever the URL is written (error lines, logs).
    Credentials come from the environment (ITTIFAK_ENDPOINT_USER, ITTIFAK_ENDPOINT_PASSWORD).

    >>> refuse_credentials("http://localhost:7878/query?x=a@b")
    >>> refuse_credentials("http://u:pw@localhost/query")
    Traceback (most recent call last):
    ittifak.core.errors.InputError: an endpoint URL with credentials in it: give them in ITTIFAK_ENDPOINT_USER and ITTIFAK_ENDPOINT_PASSWORD (and ITTIFAK_ENDPOINT_AUTH=basic|digest), not in the URL
    """
    if "@" in urlsplit(url.strip()).netloc:
        raise InputError("an endpoint URL with credentials in it: give them in ITTIFAK_ENDPOINT_USER and "
                         "ITTIFAK_ENDPOINT_PASSWORD (and ITTIFAK_ENDPOINT_AUTH=basic|digest), not in the URL")


def parse_spec(spec: str) -> StoreSpec:
    """Read a store spec; an unknown one is an InputError saying what is accepted.

    >>> parse_spec("oxigraph:/tmp/db")
    StoreSpec(kind='oxigraph', location=PosixPath('/tmp/db'), url=None)
    """
    spec = spec.strip()
    if spec == "memory":
        return StoreSpec("memory")
    if spec == "oxigraph":
        return StoreSpec("oxigraph")
    if spec.startswith("oxigraph:"):
        location = spec.partition(":")[2]
        if not location:
            raise InputError("oxigraph: needs a folder after the colon (oxigraph:PATH)")
        return StoreSpec("oxigraph", location=Path(location))
    if "://" in spec:  # any URL, before an error line repeats it
        refuse_credentials(spec)
    if spec.startswith(("http://", "https://")):
        if not _URL.match(spec):
            raise InputError(f"{spec!r} is not an http(s) endpoint URL")
        return StoreSpec("endpoint", url=spec)
    raise InputError(f"unknown store {spec!r}: use {STORE_HELP}")
