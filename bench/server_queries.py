"""Every named query on a SPARQL server, through ittifak and as a bare HTTP request, interleaved.

    python bench/server_queries.py URL [--graph IRI] [--repeat 3] [--timeout 600] [--skip NAME,...]

URL is the query endpoint of a server that already holds a generated graph and the ontology (for
example `oxigraph serve-read-only --location DIR` after `oxigraph load`). Each query is bound as
bench/worker.py binds it (parameters that name the paper's resources get the synthetic graph's
first state or agreement, found on the server), then run `--repeat` times through
`ittifak.query.run.execute` on an `EndpointStore` (what `ittifak query NAME --endpoint URL` runs)
and, right after, as the same text in a bare form-encoded POST whose JSON answer is parsed and
every value read. Prints one line per query (medians) and, last, one JSON line with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import worker  # the bench's own bindings


def bare(url: str, text: str, graph: str | None, timeout: float) -> int:
    """The query as any SPARQL client sends it; returns the number of rows (or triples)."""
    fields = [("query", text)] + ([("default-graph-uri", graph)] if graph else [])
    accept = "application/sparql-results+json, application/n-triples;q=0.9"
    request = urllib.request.Request(url, urllib.parse.urlencode(fields).encode("utf-8"),
                                     {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = response.read()
        if "json" not in response.headers.get("Content-Type", ""):
            return body.count(b"\n")
    answer = json.loads(body)
    if "boolean" in answer:
        return 1
    rows = answer["results"]["bindings"]
    for row in rows:
        _ = [cell["value"] for cell in row.values()]
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url")
    parser.add_argument("--graph", default=None, help="the named graph holding the data, if not the default")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--skip", default="", help="comma-separated query names to leave out")
    args = parser.parse_args(argv)
    from ittifak.query.run import execute
    from ittifak.store.endpoint import EndpointStore

    store = EndpointStore(args.url, timeout=args.timeout, default_graph=args.graph)
    triples = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    skip = set(filter(None, args.skip.split(",")))
    t = time.perf_counter()
    texts = worker.query_texts(store)
    print(f"parameters bound in {time.perf_counter() - t:.1f} s (names resolved on the server)", flush=True)
    figures = {}
    print(f"{'query':<24} {'ittifak':>12} {'bare HTTP':>12} {'ratio':>7}", flush=True)
    for name, (text, hints) in texts.items():
        if name in skip:
            continue
        ours, raw = [], []
        try:
            for _ in range(args.repeat):
                t = time.perf_counter()
                result = execute(store, text, name, hints)
                ours.append(time.perf_counter() - t)
                t = time.perf_counter()
                bare(args.url, text, args.graph, args.timeout)
                raw.append(time.perf_counter() - t)
        except Exception as err:  # noqa: BLE001 -- a query the server refuses is reported, not fatal
            print(f"{name:<24} failed: {str(err).splitlines()[0][:150]}", flush=True)
            figures[name] = {"error": str(err).splitlines()[0]}
            continue
        a, b = statistics.median(ours), statistics.median(raw)
        rows = len(result.rows) if result.kind == "select" else len(result.triples or ())
        figures[name] = {"ittifak": a, "raw": b, "rows": rows}
        print(f"{name:<24} {a * 1000:9.1f} ms {b * 1000:9.1f} ms {a / b if b else float('nan'):6.2f}x "
              f"{rows:8d} rows", flush=True)
    print(json.dumps({"url": args.url, "triples": int(triples), "load": os.getloadavg(), "queries": figures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
