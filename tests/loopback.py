"""A real HTTP server on 127.0.0.1 for a test: one way to start and stop it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer


@contextmanager
def serving(handler) -> Iterator[ThreadingHTTPServer]:
    """`handler` (a request handler class or factory) served on a free loopback port, in a thread;
    shut down and closed on leaving."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
