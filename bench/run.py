"""The Ittifak benchmark: one command, every stage, every scale, next to the naive stack and the raw engines.

    python bench/run.py --scales 10k,100k,1m            # about 25 minutes on 2 cores
    python bench/run.py --scales tiny --repeat 1         # the CI smoke run

For each scale it generates a synthetic graph (`ittifak generate`, seed 1), then runs each stage
(load, validate, queries, centrality, export) of each stack (ittifak, naive, raw; see worker.py) in
its own process, `--repeat` times, and records the median time of the stage itself and the peak RSS
of the process (os.wait4's rusage of that child). A run that exceeds `--timeout` is recorded as
such. The paper's own graph is timed end to end as users run it (`ittifak build`, `ittifak query`).
Results go to a JSON file and a Markdown table (docs/benchmarks.md quotes them).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

SCALES = {"tiny": 2_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
STACKS = ("ittifak", "naive", "raw")
STAGES = ("load", "validate", "queries", "centrality", "export")
# The naive stack runs once per stage, stopped after --naive-timeout. Its validation (pySHACL
# defaults) takes about 5 minutes at 10k triples and grows faster than linearly; past this size it
# is not run (recorded as "not run").
NAIVE_VALIDATE_MAX = 20_000


def run_child(args: list[str], timeout: float, answers: bool = True) -> dict:
    """Run a child process; return its JSON answer (if `answers`), wall time and peak RSS (MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            _, status, usage = os.wait4(proc.pid, 0)
            return {"error": f"timeout after {timeout:g} s", "rss_mib": usage.ru_maxrss / 1024}
        time.sleep(0.02)
    wall = time.perf_counter() - start
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    rss = usage.ru_maxrss / 1024  # Linux reports KiB
    code = os.waitstatus_to_exitcode(status)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if code == 0 and not answers:
        return {"seconds": wall, "rss_mib": rss, "wall": wall}
    if code != 0 or not lines:
        last = (err.strip().splitlines() or [f"exit {code}"])[-1]
        return {"error": last[:300], "rss_mib": rss, "wall": wall}
    answer = json.loads(lines[-1])
    answer.update(rss_mib=rss, wall=wall)
    return answer


def _lines(path: Path) -> int:
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b""))


def median_of(runs: list[dict]) -> dict:
    good = [r for r in runs if "error" not in r]
    if not good:
        return {"error": runs[0]["error"], "rss_mib": max(r.get("rss_mib", 0) for r in runs)}
    seconds = statistics.median(r["seconds"] for r in good)
    detail = good[0].get("detail", {})
    if all(isinstance(v, float) for v in detail.values()) and detail:  # per-query times
        detail = {k: statistics.median(r["detail"][k] for r in good if k in r["detail"]) for k in detail}
    return {"seconds": seconds, "rss_mib": max(r["rss_mib"] for r in good), "runs": len(good),
            "detail": detail}


def paper_timings(repeat: int, timeout: float) -> dict:
    """`ittifak build` and `ittifak query` on the paper's graph, each a cold process."""
    out = Path(tempfile.mkdtemp(prefix="ittifak-bench-"))
    commands = {
        "build": [sys.executable, "-m", "ittifak.cli", "build", "--out", str(out / "dist")],
        "query agreements": [sys.executable, "-m", "ittifak.cli", "query", "agreements"],
        "query agreement-signatories": [sys.executable, "-m", "ittifak.cli", "query", "agreement-signatories"],
        "import only": [sys.executable, "-c", "import ittifak.cli"],
    }
    results = {}
    for name, cmd in commands.items():
        runs = []
        for _ in range(repeat):
            runs.append(run_child(cmd, timeout, answers=False))
        results[name] = median_of(runs)
        results[name]["command"] = " ".join(["ittifak" if c == "ittifak.cli" else c for c in cmd[2:]])
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="10k,100k,1m", help=f"comma-separated: {', '.join(SCALES)}")
    parser.add_argument("--stacks", default=",".join(STACKS))
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median reported)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds before a run is stopped")
    parser.add_argument("--naive-timeout", type=float, default=300.0,
                        help="seconds before a run of the naive stack is stopped (it runs once)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ittifak-bench")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "results.json")
    parser.add_argument("--no-paper", action="store_true", help="skip the paper's build/query timings")
    parser.add_argument("--paper-only", action="store_true", help="only the paper's build/query timings")
    parser.add_argument("--store", metavar="SPEC",
                        help="the ittifak stack's store, e.g. oxigraph:/tmp/bench-store (on disk: loaded "
                             "by the load stage, opened again by the others); default in memory")
    parser.add_argument("--keep-data", action="store_true",
                        help="keep the generated files in --workdir and use them again (seed 1 each time)")
    parser.add_argument("--report", type=Path, nargs="+", metavar="JSON",
                        help="run nothing: merge these results files and write --out's Markdown "
                             "(tables and cost curves over all their scales)")
    args = parser.parse_args(argv)
    if args.report:
        merged: dict = {"scales": {}}
        for path in args.report:
            part = json.loads(path.read_text(encoding="utf-8"))
            for scale, entry in part.get("scales", {}).items():  # a later file's stages win
                stages = {**merged["scales"].get(scale, {}).get("stages", {})}
                for stage, by_stack in entry.get("stages", {}).items():
                    stages[stage] = {**stages.get(stage, {}), **by_stack}
                merged["scales"][scale] = {**entry, "stages": stages}
            if "paper" in part:
                merged["paper"] = part["paper"]
        merged["scales"] = dict(sorted(merged["scales"].items(), key=lambda kv: kv[1]["triples"]))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.with_suffix(".md").write_text(markdown(merged), encoding="utf-8")
        print(curves_text(merged) or "(one scale: no cost curve)")
        print(f"wrote {args.out.with_suffix('.md')}")
        return 0

    from ittifak.generate import Stats, agreements_for, write_synthetic

    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.store:
        os.environ["ITTIFAK_BENCH_STORE"] = args.store
    worker = str(Path(__file__).resolve().parent / "worker.py")
    results: dict = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "command": "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "repeat": args.repeat, "scales": {},
    }
    if not args.no_paper:
        results["paper"] = paper_timings(args.repeat, args.timeout)
        print(json.dumps(results["paper"], indent=1), flush=True)
    for scale in [] if args.paper_only else args.scales.split(","):
        target = SCALES[scale]
        data = args.workdir / f"synthetic-{scale}.nt"
        t = time.perf_counter()
        stats = (Stats(triples=_lines(data), agreements=agreements_for(target)) if args.keep_data and data.exists()
                 else write_synthetic(data, agreements_for(target), seed=1))
        entry = {"target": target, "triples": stats.triples, "agreements": stats.agreements,
                 "generate_seconds": time.perf_counter() - t, "file_mib": data.stat().st_size / 2**20,
                 "stages": {}}
        results["scales"][scale] = entry
        for stage in args.stages.split(","):
            for stack in args.stacks.split(","):
                if stack == "naive" and stage == "validate" and target > NAIVE_VALIDATE_MAX:
                    entry["stages"].setdefault(stage, {})[stack] = {"error": "not run (pySHACL defaults: "
                                                                    "hours at this size)"}
                    continue
                repeat = 1 if stack == "naive" else args.repeat
                timeout = args.naive_timeout if stack == "naive" else args.timeout
                runs = [run_child([sys.executable, worker, stack, stage, str(data)], timeout)
                        for _ in range(repeat)]
                entry["stages"].setdefault(stage, {})[stack] = median_of(runs)
                m = entry["stages"][stage][stack]
                shown = m.get("error") or f"{m['seconds']:.3f} s, {m['rss_mib']:.0f} MiB"
                print(f"{scale:>5} {stage:<10} {stack:<8} {shown}", flush=True)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        if not args.keep_data:
            data.unlink()
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (args.out.with_suffix(".md")).write_text(markdown(results), encoding="utf-8")
    if curves_text(results):
        print(curves_text(results))
    print(f"wrote {args.out} and {args.out.with_suffix('.md')}")
    return 0


def growth(points: list[tuple[float, float]]) -> float | None:
    """The exponent b of y = a·x^b fitted by least squares on log-log axes (None below two sizes)."""
    points = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else None


def curves(results: dict) -> list[dict]:
    """For each stage and stack measured at two sizes or more: time and peak memory at each size,
    and their growth exponents (1.0: linear in the triples; 2.0: ten times the triples, a hundred
    times the time). Memory grows from the interpreter's fixed ~50 MiB, so its exponent starts low."""
    scales = sorted(results["scales"].items(), key=lambda kv: kv[1]["triples"])
    rows = []
    stages = dict.fromkeys(stage for _, e in scales for stage in e["stages"])
    for stage in stages:
        stacks = dict.fromkeys(st for _, e in scales for st in e["stages"].get(stage, {}))
        for stack in stacks:
            seen = [(name, e["triples"], e["stages"].get(stage, {}).get(stack, {})) for name, e in scales]
            seen = [(name, n, m) for name, n, m in seen if "seconds" in m]
            if len(seen) < 2:
                continue
            rows.append({
                "stage": stage, "stack": stack, "scales": [name for name, _, _ in seen],
                "seconds": [m["seconds"] for _, _, m in seen], "rss_mib": [m["rss_mib"] for _, _, m in seen],
                "time_exponent": growth([(n, m["seconds"]) for _, n, m in seen]),
                "memory_exponent": growth([(n, m["rss_mib"]) for _, n, m in seen]),
            })
    return rows


def curves_text(results: dict) -> str:
    rows = curves(results)
    if not rows:
        return ""
    lines = ["| stage | stack | " + " → ".join(rows[0]["scales"]) + " (time) | time exponent | peak RSS | "
             "memory exponent |", "|---|---|---|---|---|---|"]
    for r in rows:
        times = " → ".join(f"{t:.3g} s" for t in r["seconds"])
        if r["scales"] != rows[0]["scales"]:
            times = f"{times} ({', '.join(r['scales'])})"
        rss = " → ".join(f"{m:.0f}" for m in r["rss_mib"]) + " MiB"
        lines.append(f"| {r['stage']} | {r['stack']} | {times} | {r['time_exponent']:.2f} | {rss} | "
                     f"{r['memory_exponent']:.2f} |")
    return "\n".join(lines)


def _cell(m: dict | None) -> str:
    if not m:
        return "–"
    if "error" in m:
        return m["error"].split(" (")[0]
    return f"{m['seconds']:.3g} s / {m['rss_mib']:.0f} MiB"


def markdown(results: dict) -> str:
    lines = []
    if "paper" in results:
        lines += ["| paper graph, cold process | median wall time | peak RSS |", "|---|---|---|"]
        for name, m in results["paper"].items():
            lines.append(f"| `{m.get('command', name)}` | "
                         + (f"{m['seconds']:.2f} s | {m['rss_mib']:.0f} MiB |" if "seconds" in m
                            else f"{m.get('error')} | |"))
        lines.append("")
    for scale, entry in results["scales"].items():
        lines.append(f"**{scale}**: {entry['triples']:,} triples ({entry['agreements']:,} agreements), "
                     f"generated in {entry['generate_seconds']:.1f} s")
        lines += ["", "| stage | ittifak | naive | raw | ittifak / raw |", "|---|---|---|---|---|"]
        for stage, by_stack in entry["stages"].items():
            it, raw = by_stack.get("ittifak"), by_stack.get("raw")
            ratio = (f"{it['seconds'] / raw['seconds']:.2f}×" if it and raw and "seconds" in it
                     and "seconds" in raw and raw["seconds"] > 0 else "–")
            lines.append(f"| {stage} | {_cell(it)} | {_cell(by_stack.get('naive'))} | {_cell(raw)} | {ratio} |")
        queries = entry["stages"].get("queries", {})
        if all("detail" in queries.get(s, {}) for s in ("ittifak", "raw")):
            it, raw = queries["ittifak"]["detail"], queries["raw"]["detail"]
            lines += ["", "| query | ittifak | raw pyoxigraph | ratio |", "|---|---|---|---|"]
            for name in sorted(set(it) & set(raw)):
                ratio = it[name] / raw[name] if raw[name] > 0 else float("nan")
                lines.append(f"| {name} | {it[name] * 1000:.1f} ms | {raw[name] * 1000:.1f} ms | {ratio:.2f}× |")
        lines.append("")
    if curves_text(results):
        lines += [("**Cost curves** (least-squares growth exponent on log-log axes: 1.0 is linear in the "
                  "number of triples)"), "", curves_text(results), ""]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
