"""Writing outputs atomically: a failed run never leaves a half-written file."""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from ittifak.core.errors import OutputError, output_error


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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
        os.close(fd)
    except OSError as err:
        raise output_error(path, err) from None
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)  # mkstemp makes files private; outputs are meant to be published
        os.replace(tmp, path)
    except OSError as err:
        raise output_error(path, err) from None
    finally:
        if tmp.exists():
            tmp.unlink()


def atomic_write_with(path: Path | str, writer: Callable[[Path], None]) -> Path:
    """Call `writer(tmp_path)` and move the result into place only if it succeeds."""
    with atomic_path(path) as tmp:
        writer(tmp)
    return Path(path)


@contextmanager
def staging_folder(target: Path | str):
    """A new empty folder beside `target` to write a whole release into; removed on failure."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-{os.getpid()}-", dir=target.parent))
        os.chmod(staging, 0o755)  # mkdtemp makes folders private; a release is meant to be published
    except OSError as err:
        raise output_error(target, err) from None
    try:
        yield staging
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _remove_abandoned(target: Path) -> None:
    """Remove staging folders of `target` left by builds that were killed (their process is gone)."""
    for folder in target.parent.glob(f".{target.name}.staging-*"):
        pid = folder.name.rsplit(".staging-", 1)[1].split("-", 1)[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists() and Path("/proc/self").exists():
            shutil.rmtree(folder, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return done == 0


def publish_folder(staging: Path, target: Path) -> None:
    """Put the folder `staging` in the place of `target` as a whole.

    Where the system can swap two folders in one step, a reader of `target` sees the old
    contents or the new, never a mix and never nothing; elsewhere the old folder is moved aside
    first (for an instant there is no `target`). The old contents are then deleted.
    """
    staging, target = Path(staging), Path(target)
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: exists and is not a folder")
    try:
        if not target.exists():
            os.replace(staging, target)
            return
        if _exchange(staging, target):
            shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old release
            return
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.replace(target, old / target.name)
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as err:
        raise output_error(target, err) from None
