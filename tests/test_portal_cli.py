"""`ittifak serve` as a command: it binds to the loopback address by default and serves the project."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx

from conftest import REPO
from ittifak.portal.model import Portal
from ittifak.project import Project
from portal_server import free_port


def test_serve_listens_on_loopback_and_answers(tmp_path):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "ittifak", "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, process.stderr.read()
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/id/organisation/tika", headers={"Accept": "text/turtle"})
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)
        assert r.status_code == 200 and '"TİKA"@tr' in r.text
        # /sparql runs in worker processes: they must start under `python -m ittifak` too
        count = httpx.get(f"http://127.0.0.1:{port}/sparql", headers={"Accept": "text/csv"}, timeout=60, params={
            "query": "SELECT (COUNT(?p) AS ?n) WHERE { ?p a <https://w3id.org/ittifak/ontology#Person> }"})
        assert count.text.splitlines() == ["n", "48"]
        connections = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], check=True, capture_output=True,
                                     text=True).stdout
        assert f"127.0.0.1:{port}" in connections and f"0.0.0.0:{port}" not in connections
    finally:
        process.terminate()
        process.wait(timeout=30)
    said = process.stderr.read()
    triples = len(Portal(Project(REPO)).store)  # the graph and its outside links (data/links/)
    assert f"loaded {triples} triples" in said and f"running on http://127.0.0.1:{port}" in said
