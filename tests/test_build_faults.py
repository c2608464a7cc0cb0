"""A release is published as a whole: a build killed at any moment leaves `dist/` as it was, and
nothing of it keeps running; outputs that cannot be written give one line and exit 3.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO
from ittifak.cli import main


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _running_with(marker: str) -> list[int]:
    """Processes whose command line names `marker` (the build and any child it forked)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if marker in (proc / "cmdline").read_bytes().decode("utf-8", "replace"):
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def _copy_project(target: Path, extra: str = "") -> Path:
    (target / "data").mkdir(parents=True)
    shutil.copy(REPO / "dataset.ttl", target / "dataset.ttl")
    for path in (REPO / "data").glob("*.ttl"):
        shutil.copy(path, target / "data" / path.name)
    if extra:
        with open(target / "data" / "people.ttl", "a", encoding="utf-8") as handle:
            handle.write(extra)
    return target


def _build(project: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ittifak", "--project", str(project), "build", "--out", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc to find leftover processes")
def test_a_killed_build_leaves_the_old_release_or_the_new_one_and_no_process(tmp_path):
    old = _copy_project(tmp_path / "a")
    new = _copy_project(tmp_path / "b", '\nperson:suleyman-demirel skos:altLabel "Baba"@tr .\n')
    out = tmp_path / "dist"
    assert _build(old, out).wait(timeout=600) == 0
    before = _snapshot(out)
    done = _build(new, tmp_path / "reference")
    assert done.wait(timeout=600) == 0
    after = _snapshot(tmp_path / "reference")
    assert before != after and len(before) == len(after) > 30
    for delay in (0.5, 3.0, "writing"):
        build = _build(new, out)
        if delay == "writing":  # the moment the new release is half written
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline and not any(
                    len(list(p.rglob("*"))) >= 5 for p in tmp_path.glob(".dist.staging-*")):
                time.sleep(0.05)
            assert time.monotonic() < deadline, "the build never started writing"
        else:
            time.sleep(delay)
        build.send_signal(signal.SIGKILL)
        build.wait()
        time.sleep(1.0)  # the kernel kills the children when their parent dies
        assert _running_with(str(out)) == [], f"a process outlived the build killed at {delay} s"
        seen = _snapshot(out)
        assert seen in (before, after), f"killed at {delay} s, dist/ holds a mix"
        if seen == after:  # this build got to publish: rebuild the old release for the next round
            assert _build(old, out).wait(timeout=600) == 0
            assert _snapshot(out) == before
    leftovers = [p.name for p in tmp_path.iterdir() if ".staging-" in p.name]
    _build(old, out).wait(timeout=600)  # a new build removes what killed builds left behind
    assert not [p.name for p in tmp_path.iterdir() if ".staging-" in p.name], leftovers


def test_an_output_folder_that_cannot_be_written_is_one_line_and_exit_3(runner, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = runner.invoke(main, ["--project", str(REPO), "export", "--format", "turtle", "--no-docs",
                                  "--out", str(blocker / "dist")])
    assert result.exit_code == 3, result.output
    assert "cannot be written" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
