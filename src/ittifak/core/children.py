"""Child processes end with their parent: a killed build leaves nothing running behind it."""

from __future__ import annotations

import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1


def end_with_parent() -> None:
    """Run in a child process (an initializer, a preexec_fn): the kernel kills it when its parent
    dies (Linux). Elsewhere the child ends when its pipe to the parent closes."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)
