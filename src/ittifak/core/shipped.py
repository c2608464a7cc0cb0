"""Where the shipped project is: the repository root of a checkout, else the installed package's
resources. The one fact about the installation that the rest of core builds on."""

from __future__ import annotations

from pathlib import Path

from ittifak.core.errors import InputError

DESCRIPTION = "dataset.ttl"
_PACKAGE = Path(__file__).resolve().parent.parent


def shipped_root() -> Path:
    """The shipped project: the repository root of a checkout, else the package's resources."""
    for root in (_PACKAGE.parent.parent, _PACKAGE / "resources"):
        if (root / DESCRIPTION).is_file() and (root / "ontology").is_dir():
            return root
    raise InputError("the shipped project is missing from this installation (no dataset.ttl)")
