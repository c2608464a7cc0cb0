"""Every named query through ittifak and on raw pyoxigraph, interleaved in one process.

    python bench/queries_side_by_side.py FILE [--repeat 3] [--skip NAME,...]

FILE is a generated graph (`ittifak generate`, or bench/run.py --keep-data). The graph is loaded
once (as bench/worker.py's ittifak stack loads it); then each query, bound as worker.py binds it,
runs through `ittifak.query.run.execute` and, right after, as the same text on the same
pyoxigraph store with every value read, `--repeat` times. Both sides see the same machine load at
the same moment, which separate processes do not on a shared machine. Prints one line per query
(medians) and, last, one JSON line with every figure and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import worker  # the bench's own loader and bindings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip", default="", help="comma-separated query names to leave out")
    args = parser.parse_args(argv)
    from ittifak.query.run import execute

    store = worker.load_ittifak(args.data)
    texts = worker.query_texts(store)
    skip = set(filter(None, args.skip.split(",")))
    figures = {}
    for name, (text, hints) in texts.items():
        if name in skip:
            continue
        ours, raw = [], []
        for _ in range(args.repeat):
            t = time.perf_counter()
            result = execute(store, text, name, hints)
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            answer = store.native.query(text)
            if hasattr(answer, "variables"):
                for row in answer:
                    _ = [value.value for value in row if value is not None]
            elif hasattr(answer, "__iter__"):
                list(answer)
            raw.append(time.perf_counter() - t)
        a, b = statistics.median(ours), statistics.median(raw)
        rows = len(result.rows) if result.kind == "select" else len(result.triples or ())
        figures[name] = {"ittifak": a, "raw": b, "rows": rows}
        target = max(1.5 * b, b + 0.020)
        print(f"{name:<24} {a * 1000:9.1f} ms {b * 1000:9.1f} ms {a / b if b else float('nan'):6.2f}x "
              f"{rows:7d} rows  {'ok' if a <= target and a < 2 else 'OVER'}", flush=True)
    print(json.dumps({"triples": len(store), "load": os.getloadavg(), "queries": figures}))
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
