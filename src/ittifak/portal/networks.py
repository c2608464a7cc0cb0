"""The actor network in the portal: the interactive map and the static figure.

They are the files `ittifak build` puts in `dist/network` as `actors.html`, `actors.svg` and its
caption `actors.caption.txt` (ittifak.network.outputs writes them the same way; the build's
GraphML, GEXF, centrality tables and figures by year stay in the build). The static site holds them in `network/`; the server writes them once,
on the first request for them, into a temporary folder it removes when it stops. The map (`actors.html`) is a
self-contained page with its own Content-Security-Policy (its inline scripts named by hash, see
ittifak.network.webmap); the server sends that policy as the header of the page.
"""

from __future__ import annotations

import html
import re
import shutil
import tempfile
import threading
from pathlib import Path

from ittifak.core.errors import InputError
from ittifak.network.outputs import describe, selected_network, write_diagrams
from ittifak.portal.model import Portal

LANG = "tr"  # the map's first language; it switches itself
MAP = "actors.html"
MEDIA_TYPES = {".html": "text/html; charset=utf-8", ".svg": "image/svg+xml", ".txt": "text/plain; charset=utf-8"}
_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def write_networks(portal: Portal, folder: Path) -> list[str]:
    """Write the actor map and figure into `folder`; returns the file names, sorted (none when
    the project has no actor network to draw)."""
    try:
        g = selected_network(portal.store, "actors", lang=LANG)
    except InputError:  # nothing to draw: no actors linked to each other
        return []
    dataset = portal.dataset
    describe(g, dataset, LANG)
    paths = write_diagrams(g, folder, "actors", ("svg", "html"), lang=LANG, coverage=dataset.years)
    return sorted(p.name for p in paths)


def page_policy(page: str) -> str | None:
    """The Content-Security-Policy a map page declares for itself."""
    found = _CSP.search(page)
    return html.unescape(found.group(1)) if found else None


class NetworkFiles:
    """The server's copy of the network outputs, written once on first use (thread-safe)."""

    def __init__(self, portal: Portal) -> None:
        self.portal = portal
        self._lock = threading.Lock()
        self._folder: Path | None = None
        self.names: list[str] = []

    def folder(self) -> Path:
        with self._lock:
            if self._folder is None:
                folder = Path(tempfile.mkdtemp(prefix="ittifak-network-"))
                try:
                    self.names = write_networks(self.portal, folder)
                except BaseException:
                    shutil.rmtree(folder, ignore_errors=True)
                    raise
                self._folder = folder
            return self._folder

    def close(self) -> None:
        with self._lock:
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)
                self._folder = None
