"""The benchmark runs end to end at its smallest scale (a smoke test: no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_bench_writes_its_results(tmp_path):
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--scales", "tiny", "--repeat", "1",
         "--stacks", "ittifak,raw", "--no-paper", "--workdir", str(tmp_path / "work"), "--out", str(out)],
        check=False, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    tiny = results["scales"]["tiny"]
    assert tiny["triples"] > 1000
    stages = tiny["stages"]
    assert set(stages) == {"load", "validate", "queries", "centrality", "export"}
    for stage in ("load", "validate", "centrality", "export"):
        assert "seconds" in stages[stage]["ittifak"], stages[stage]["ittifak"]
        assert stages[stage]["ittifak"]["rss_mib"] > 10
    assert stages["load"]["ittifak"]["detail"]["triples"] == stages["load"]["raw"]["detail"]["triples"]
    assert stages["validate"]["ittifak"]["detail"]["results"] == 0  # generated data conforms
    assert "| load |" in out.with_suffix(".md").read_text(encoding="utf-8")
