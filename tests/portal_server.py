"""Start the portal's real server (uvicorn, in a thread) on a free loopback port, for the tests."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager

import uvicorn

from ittifak.portal.app import create_app
from ittifak.portal.model import Portal
from ittifak.project import Project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(project: Project | None = None, portal: Portal | None = None, **options):
    """The base URL of a server on 127.0.0.1 serving the project; stopped on exit."""
    portal = portal or Portal(project or Project())
    port = free_port()
    options.setdefault("workers", 1)
    config = uvicorn.Config(create_app(portal, **options), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the portal did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
