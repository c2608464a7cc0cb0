"""Start the portal's real server (uvicorn, in a thread) on a free loopback port, for the tests."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from ittifak.portal.app import create_app
from ittifak.portal.model import Portal
from ittifak.project import Project

HOSTILE = "</script><img src=x onerror=alert(1)>"


def make_hostile_project(folder: Path) -> Project:
    """A project made by `ittifak init` whose one organisation has a label written to attack pages."""
    from click.testing import CliRunner

    from ittifak.cli import main

    result = CliRunner().invoke(main, ["init", str(folder), "--title", "Hostile", "--from", "1920", "--to", "1925",
                                       "--base", "https://example.org/hostile/"])
    assert result.exit_code == 0, result.output
    prefixes = (folder / "data" / "_prefixes.ttl").read_text(encoding="utf-8")
    label = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    (folder / "data" / "hostile.ttl").write_text(prefixes + f"""
organisation:evil a itt:Organisation ;
    rdfs:label "{label}"@tr , "{label}"@en ;
    skos:altLabel "{label}"@tr ;
    itt:description "<b>bold</b> & {{{{ 7*7 }}}}"@en .
person:someone a itt:Person ; rdfs:label "Someone"@en ; itt:memberOf organisation:evil .
""", encoding="utf-8")
    return Project(folder)


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
