"""Writing outputs atomically: a failed run never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path


def atomic_write(path: Path | str, content: str | bytes) -> Path:
    """Write `content` to `path` through a temporary file in the same folder and a rename."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


@contextmanager
def atomic_path(path: Path | str):
    """Yield a temporary path beside `path`; on success it replaces `path`, on failure it is removed.

    For writers that insist on a file name (Graphviz, NetworkX's GraphML writer).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)  # mkstemp makes files private; outputs are meant to be published
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def atomic_write_with(path: Path | str, writer: Callable[[Path], None]) -> Path:
    """Call `writer(tmp_path)` and move the result into place only if it succeeds."""
    with atomic_path(path) as tmp:
        writer(tmp)
    return Path(path)
