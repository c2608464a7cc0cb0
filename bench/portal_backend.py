"""Page and query latency of the portal on the embedded store and in front of an Oxigraph server.

    python bench/portal_backend.py                 # 15 requests of each kind
    python bench/portal_backend.py --repeat 5      # a quick look

It starts an Oxigraph server (the `oxigraph` binary beside this Python) on a free loopback port
with an empty store in a temporary folder, pushes the shipped project's graph into it
(`push_graph`), opens the portal both ways (`Portal()` and `Portal(backend=…)`, timing each), serves
each with uvicorn on loopback and times the same requests against both: median and max in ms.
Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import uvicorn

from ittifak.portal.app import create_app
from ittifak.portal.model import Portal
from ittifak.project import Project
from ittifak.store.push import push_graph

REQUESTS = [
    ("TİKA's page", "/id/organisation/tika", {}),
    ("a page with a conflict", "/id/agreement/1990-turkey-ussr-cultural-scientific-exchange", {}),
    ("TİKA's Turtle", "/id/organisation/tika.ttl", {}),
    ("timeline", "/timeline", {}),
    ("map", "/map", {}),
    ("small SELECT", "/sparql?query=" + quote("SELECT ?s WHERE { ?s a <https://w3id.org/ittifak/ontology#Person> }"),
     {"Accept": "text/csv"}),
    ("named query", "/queries/agreements?year=1992", {"Accept": "text/csv"}),
    ("reconcile", '/reconcile?queries={"q0":{"query":"tika"}}', {}),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(portal: Portal) -> tuple[uvicorn.Server, str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(portal, workers=1), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ittifak-bench-"))
    port = free_port()
    binary = str(Path(sys.executable).parent / "oxigraph")
    oxigraph = subprocess.Popen([binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        endpoint = f"http://127.0.0.1:{port}/query"
        for _ in range(200):
            try:
                httpx.get(endpoint, params={"query": "ASK {}"})
                break
            except httpx.TransportError:
                time.sleep(0.05)
        push_graph(Project(store="memory").open().graph, endpoint)
        started = time.perf_counter()
        embedded = Portal(Project())
        print(f"open embedded: {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        remote = Portal(Project(), backend=endpoint)
        print(f"open --backend: {time.perf_counter() - started:.2f} s")
        print(f"{'request':26} {'embedded ms':>16} {'--backend ms':>16}   (median (max) of {args.repeat})")
        servers = [serve(embedded), serve(remote)]
        with httpx.Client(timeout=60) as client:
            for name, path, headers in REQUESTS:
                cells = []
                for _, base in servers:
                    times = []
                    for _ in range(args.repeat):
                        t = time.perf_counter()
                        answer = client.get(base + path, headers=headers)
                        times.append((time.perf_counter() - t) * 1000)
                        assert answer.status_code == 200, (path, answer.status_code)
                    cells.append(f"{statistics.median(times):.0f} ({max(times):.0f})")
                print(f"{name:26} {cells[0]:>16} {cells[1]:>16}")
        for server, _ in servers:
            server.should_exit = True
    finally:
        oxigraph.terminate()
        oxigraph.wait(10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
