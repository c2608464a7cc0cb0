"""Shared fixtures: the paper, the project graph on each local store, the CLI runner."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from ittifak.core.layout import Layout
from ittifak.project import Project
from ittifak.store import Store, open_store

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
LAYOUT = Layout.find(REPO)  # the paper's project, at the repository root
ontology_files = LAYOUT.ontology_files
data_files = LAYOUT.data_files
project_files = LAYOUT.graph_files


def resource_dir(name: str) -> Path:
    return LAYOUT.folder(name)


def load_project(spec: str = "memory", paths: list[Path] | None = None) -> Store:
    """A store of kind `spec` holding the paper's project (or the given files)."""
    if paths is None:
        return Project(REPO, store=spec).open()
    store = open_store(spec)
    store.load(list(paths))
    return store


def shared_path(variable: str, *parts: str) -> Path:
    """A file or folder we may not ship (the paper, the W3C suites): `$variable`, else ../shared/….

    Skips the calling test, with the reason, when it is absent: a clone outside the workspace
    runs every other test.
    """
    path = Path(os.environ[variable]) if os.environ.get(variable) else SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (set {variable} to where it is)")
    return path


def paper_text() -> str:
    """The source paper's text (ITTIFAK_PAPER, else ../shared/sources/…); skips when absent."""
    return shared_path("ITTIFAK_PAPER", "sources", "turkey-azerbaijan-1990-1993.txt").read_text(encoding="utf-8")


def paper_lines(first: int, last: int | None = None) -> str:
    """Lines `first`..`last` of the source paper (1-based, inclusive), joined with spaces."""
    lines = paper_text().splitlines()
    return " ".join(lines[first - 1 : (last or first)])


@pytest.fixture(scope="session")
def project():
    """The ontology and data in rdflib's memory store."""
    return load_project("memory")


@pytest.fixture(scope="session")
def oxigraph_project():
    """The same graph on the embedded Oxigraph engine."""
    return load_project("oxigraph")


@pytest.fixture(params=["project", "oxigraph_project"])
def store(request):
    """The project's graph in the rdflib store and in Oxigraph: a competency answer holds in both."""
    return request.getfixturevalue(request.param)


def select(store: Store, body: str) -> list:
    """The rows of a SELECT written with the project's prefixes (data/_prefixes.ttl) undeclared."""
    from ittifak.query.named import with_project_prefixes

    return store.query(with_project_prefixes(body)).rows


def values(store: Store, body: str) -> set[str]:
    """The first column of a SELECT, as strings."""
    return {str(r[0]) for r in select(store, body)}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str:
    """The Oxigraph server from the `oxigraph` PyPI package (a test dependency)."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the oxigraph server is missing: pip install -e '.[test]'")
    return found


@dataclass
class OxigraphServer:
    """A real Oxigraph SPARQL server on loopback, for the endpoint and push tests."""

    process: subprocess.Popen
    base: str

    @property
    def query(self) -> str:
        return f"{self.base}/query"

    @property
    def update(self) -> str:
        return f"{self.base}/update"

    @property
    def store(self) -> str:
        return f"{self.base}/store"

    @classmethod
    def start(cls, location: Path, *, read_only: bool = False) -> OxigraphServer:
        port = free_port()
        command = [oxigraph_binary(), "serve-read-only" if read_only else "serve",
                   "--location", str(location), "--bind", f"127.0.0.1:{port}"]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        server = cls(process, f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 30
        while True:  # readiness poll, not a timing assertion
            if process.poll() is not None:
                raise RuntimeError(f"oxigraph exited: {process.stderr.read().decode()[-500:]}")
            try:
                urllib.request.urlopen(f"{server.query}?query=ASK%7B%7D", timeout=2).read()
                return server
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline:
                    server.stop()
                    raise RuntimeError("oxigraph did not answer within 30 s") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """An Oxigraph server on a free loopback port for the whole run, stopped at the end."""
    server = OxigraphServer.start(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def remote_project(oxigraph_server, project):
    """The project graph pushed into the server's default graph; the push report rides along."""
    from ittifak.store import EndpointStore
    from ittifak.store.push import push_graph

    report = push_graph(project.graph, oxigraph_server.query)
    store = EndpointStore(oxigraph_server.query, timeout=60)
    store.push_report = report
    return store


@pytest.fixture
def no_endpoint_credentials(monkeypatch):
    for name in ("ITTIFAK_ENDPOINT_USER", "ITTIFAK_ENDPOINT_PASSWORD", "ITTIFAK_ENDPOINT_AUTH"):
        monkeypatch.delenv(name, raising=False)
    return os.environ


@pytest.fixture(scope="session")
def portal():
    """The paper's project as the portal serves it (read-only, shared by the portal tests)."""
    from ittifak.portal.model import Portal

    return Portal()


@pytest.fixture(scope="session")
def base(portal):
    """`ittifak serve` of the paper's project on a free loopback port: its base URL."""
    from portal_server import running

    with running(portal=portal) as url:
        yield url
