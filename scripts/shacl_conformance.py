"""Run the W3C SHACL test suite with ittifak's set-at-a-time engine and with pySHACL; print a table.

    /work/main/.venv/bin/python scripts/shacl_conformance.py [SUITE_DIR] [--details]

Per folder of the suite: tests passed, refused (the engine named a feature it does not implement)
and failed (a wrong report, a crash, or no failure where sht:Failure is expected), for each engine.
SUITE_DIR defaults to $ITTIFAK_SHACL_TESTS, else ../shared/w3c-shacl-test-suite beside the repo.
"""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from ittifak.validation.shacl_suite import (
    bulkshacl_refused,
    judge,
    load_suite,
    pyshacl_refused,
    run_bulkshacl,
    run_pyshacl,
    suite_dir,
)

ENGINES = {"ittifak": (run_bulkshacl, bulkshacl_refused), "pySHACL": (run_pyshacl, pyshacl_refused)}
VERDICTS = ("passed", "refused", "failed")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("suite", nargs="?", type=Path, default=suite_dir(REPO))
    parser.add_argument("--details", action="store_true", help="name every test not passed")
    args = parser.parse_args()
    if not (args.suite / "manifest.ttl").is_file():
        print(f"no W3C SHACL test suite at {args.suite}", file=sys.stderr)
        return 2
    logging.disable(logging.CRITICAL)  # rdflib logs every ill-typed literal of the suite
    warnings.simplefilter("ignore")
    tests = load_suite(args.suite)
    counts: dict[str, dict[str, Counter]] = {name: defaultdict(Counter) for name in ENGINES}
    notes = []
    for test in tests:
        for name, (engine, refused) in ENGINES.items():
            outcome = judge(engine, test, refused)
            counts[name][test.folder][outcome.verdict] += 1
            counts[name]["total"][outcome.verdict] += 1
            if outcome.verdict != "passed":
                notes.append(f"{name:8} {outcome.verdict:8} {test.name}: "
                             f"{outcome.detail.splitlines()[0] if outcome.detail else ''}")
    folders = sorted({t.folder for t in tests}) + ["total"]
    head = " | ".join(f"{name} {v}" for name in ENGINES for v in VERDICTS)
    print(f"| folder | tests | {head} |")
    print("|---|---:|" + "---:|" * len(ENGINES) * len(VERDICTS))
    for folder in folders:
        n = sum(counts["ittifak"][folder].values())
        cells = " | ".join(str(counts[name][folder][v]) for name in ENGINES for v in VERDICTS)
        label = f"**{folder}**" if folder == "total" else f"`{folder}`"
        print(f"| {label} | {n} | {cells} |")
    if args.details:
        print()
        print("\n".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
