"""Where the ontology, data, shapes and queries live: the source tree or the installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
_REPO = _PACKAGE.parent.parent


def resource_dir(name: str) -> Path:
    """The folder `name` (ontology, data, queries, shapes) of the checkout, else of the wheel."""
    for base in (_REPO, _PACKAGE / "resources"):
        candidate = base / name
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"ittifak resource folder not found: {name}")


def ontology_files() -> list[Path]:
    return sorted(resource_dir("ontology").glob("*.ttl"))


def data_files() -> list[Path]:
    return sorted(p for p in resource_dir("data").glob("*.ttl") if not p.name.startswith("_"))


def project_files() -> list[Path]:
    """The ontology and the curated data: the graph `ittifak build` loads by default."""
    return ontology_files() + data_files()
