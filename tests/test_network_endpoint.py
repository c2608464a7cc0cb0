"""The projections over a real SPARQL endpoint: an Oxigraph server started here on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ittifak.network.projection import NETWORKS, build_network, read_facts
from ittifak.store import open_store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(project):
    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    port = _free_port()
    server = subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):  # bounded: at most about 10 s
            try:
                urllib.request.urlopen(base + "/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        body = project.graph.serialize(format="nt", encoding="utf-8")
        request = urllib.request.Request(base + "/store?default", data=body, method="PUT",
                                         headers={"Content-Type": "application/n-triples"})
        urllib.request.urlopen(request, timeout=30).close()
        yield base + "/query"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def both(endpoint, project):
    return read_facts(open_store(endpoint)), read_facts(project)


@pytest.mark.parametrize("kind", NETWORKS)
def test_endpoint_gives_the_same_network_as_memory(kind, both):
    remote, local = (build_network(facts, kind) for facts in both)
    assert dict(remote.nodes(data=True)) == dict(local.nodes(data=True))
    assert {frozenset((u, v)): d for u, v, d in remote.edges(data=True)} == \
        {frozenset((u, v)): d for u, v, d in local.edges(data=True)}
