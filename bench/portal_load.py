"""A bounded load test of `ittifak serve` on the loopback address.

    python bench/portal_load.py                          # 20 clients, 5,000 requests
    python bench/portal_load.py --clients 4 --requests 200    # a quick look

It starts `python -m ittifak serve` on a free port of 127.0.0.1 (the shipped project, two query
workers, the 10 s query timeout), waits until it answers, then:

1. **mixed load**: `--clients` threads, each with its own HTTP connection, take requests from one
   shuffled list (seed 1) of `--requests`: resource pages (HTML and Turtle), the home, class and
   timeline pages, small SPARQL SELECT/ASK queries, and reconciliation batches. Every answer must be
   200; the latency of each is recorded (from sending to the last byte).
2. **hostile query**: a cartesian product (`?a ?b ?c . ?d ?e ?f . ?g ?h ?i`, 8.4k³ rows) is sent
   while the clients keep sending page, SPARQL and reconciliation requests; it must come back 503
   at the timeout, and the others must be answered (200) while it runs.

It prints p50/p95/p99/max per kind and for all, and exits non-zero if any request failed. Nothing
leaves the machine: the server is bound to 127.0.0.1 and the clients talk only to it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
HOSTILE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SPARQL = [
    ("SELECT ?s ?label WHERE { ?s a <https://w3id.org/ittifak/ontology#Organisation> ; "
     "<http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 50"),
    "SELECT (COUNT(?p) AS ?n) WHERE { ?p a <https://w3id.org/ittifak/ontology#Person> }",
    "ASK { <https://w3id.org/ittifak/id/organisation/tika> ?p ?o }",
    "SELECT ?p ?o WHERE { <https://w3id.org/ittifak/id/state/turkey> ?p ?o }",
]
RECONCILE = [
    {"q0": {"query": "tika"}, "q1": {"query": "Elçibey", "type": "Person"}, "q2": {"query": "Bakü"}},
    {"q0": {"query": "EKETİB", "type": "Organisation", "limit": 3}},
    {"q0": {"query": "Türkiye", "properties": [{"pid": "itt:inPolity", "v": "Türkiye"}]}},
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    server = subprocess.Popen([sys.executable, "-m", "ittifak", "serve", "--host", "127.0.0.1", "--port", str(port)],
                              cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the server did not answer within 120 s")


def request_mix(base: str, n: int, seed: int = 1) -> list[tuple[str, str, dict]]:
    """(kind, url, options) × n: about half pages, a quarter SPARQL, a quarter reconciliation."""
    resources = httpx.get(base + "/sparql", timeout=60, params={"query": (
        "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), 'https://w3id.org/ittifak/id/')) }")},
        headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    paths = sorted(b["s"]["value"].removeprefix("https://w3id.org/ittifak/id/") for b in resources)
    rng = random.Random(seed)
    mix = []
    for i in range(n):
        roll = i % 4
        if roll in (0, 1):
            choice = rng.random()
            if choice < 0.6:
                mix.append(("page", f"{base}/id/{rng.choice(paths)}", {}))
            elif choice < 0.8:
                mix.append(("page", f"{base}/id/{rng.choice(paths)}", {"headers": {"Accept": "text/turtle"}}))
            else:
                mix.append(("page", base + rng.choice(["/", "/class/Agreement", "/class/Person", "/timeline",
                                                       "/ontology"]), {}))
        elif roll == 2:
            mix.append(("sparql", base + "/sparql", {"params": {"query": rng.choice(SPARQL)},
                                                      "headers": {"Accept": "application/sparql-results+json"}}))
        else:
            mix.append(("reconcile", base + "/reconcile",
                        {"params": {"queries": json.dumps(rng.choice(RECONCILE), ensure_ascii=False)}}))
    rng.shuffle(mix)
    return mix


def run_clients(mix: list, clients: int, stop: threading.Event | None = None) -> list[tuple[str, float, int, float]]:
    """Send `mix` from `clients` threads (or, with `stop`, keep cycling through it until set).
    Returns (kind, seconds, status, finished at) per request; status 0 is a transport error."""
    results: list[tuple[str, float, int, float]] = []
    lock = threading.Lock()
    position = iter(range(10**9))

    def client() -> None:
        with httpx.Client(timeout=60) as http:
            while True:
                with lock:
                    i = next(position)
                if stop is None and i >= len(mix):
                    return
                if stop is not None and stop.is_set():
                    return
                kind, url, options = mix[i % len(mix)]
                began = time.perf_counter()
                try:
                    status = http.get(url, **options).status_code
                except httpx.HTTPError:
                    status = 0
                ended = time.perf_counter()
                with lock:
                    results.append((kind, ended - began, status, ended))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def summary(results: list[tuple[str, float, int, float]]) -> list[dict]:
    rows = []
    for kind in ["page", "sparql", "reconcile", "all"]:
        times = [r[1] * 1000 for r in results if kind in ("all", r[0])]
        if times:
            rows.append({"kind": kind, "n": len(times), "errors": sum(1 for r in results if kind in ("all", r[0])
                                                                    and r[2] != 200),
                         "p50": percentile(times, 50), "p95": percentile(times, 95),
                         "p99": percentile(times, 99), "max": max(times), "mean": statistics.fmean(times)})
    return rows


def print_table(title: str, rows: list[dict]) -> None:
    print(f"\n{title}\n| kind | requests | errors | p50 ms | p95 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['kind']} | {r['n']} | {r['errors']} | {r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} "
              f"| {r['max']:.0f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = start_server(port)
    print(f"server on {base} answered after {time.perf_counter() - started:.1f} s")
    try:
        mix = request_mix(base, args.requests)
        httpx.get(base + "/timeline", timeout=60)  # one warm-up request per kind is not counted
        began = time.perf_counter()
        results = run_clients(mix, args.clients)
        wall = time.perf_counter() - began
        load = summary(results)
        print_table(f"mixed load: {args.requests} requests from {args.clients} clients in {wall:.1f} s "
                    f"({args.requests / wall:.0f} requests/s)", load)

        stop = threading.Event()
        hostile: dict = {}

        def send_hostile() -> None:
            began = time.perf_counter()
            r = httpx.get(base + "/sparql", params={"query": HOSTILE}, timeout=120)
            hostile.update(status=r.status_code, seconds=time.perf_counter() - began, text=r.text.strip(),
                           started=began, ended=time.perf_counter())
            stop.set()

        thread = threading.Thread(target=send_hostile)
        thread.start()
        time.sleep(0.5)  # the hostile query is running before the others start
        during = run_clients(mix, args.clients, stop)
        thread.join()
        answered = [r for r in during if r[3] <= hostile["ended"]]
        beside = summary(answered)
        print(f"\nhostile query: {hostile['status']} after {hostile['seconds']:.1f} s ({hostile['text']})")
        print_table("answered while it ran:", beside)
        failed = sum(1 for r in results + during if r[2] != 200)
        ok = failed == 0 and hostile["status"] == 503 and len(answered) > 0
        if args.json:
            args.json.write_text(json.dumps({"clients": args.clients, "requests": args.requests, "seconds": wall,
                                             "load": load, "hostile": {k: hostile[k] for k in ("status", "seconds")},
                                             "during_hostile": beside, "ok": ok}, indent=2) + "\n")
        print("\nresult:", "ok" if ok else f"FAILED ({failed} failed requests, hostile {hostile['status']})")
        return 0 if ok else 1
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    raise SystemExit(main())
