"""Shared fixtures: the paper, the project graph on each local store, the CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ittifak.store import load_project

REPO = Path(__file__).resolve().parent.parent
PAPER = REPO.parent / "shared" / "sources" / "turkey-azerbaijan-1990-1993.txt"


def paper_lines(first: int, last: int | None = None) -> str:
    """Lines `first`..`last` of the source paper (1-based, inclusive), joined with spaces."""
    lines = PAPER.read_text(encoding="utf-8").splitlines()
    return " ".join(lines[first - 1 : (last or first)])


@pytest.fixture(scope="session")
def project():
    """The ontology and data in rdflib's memory store."""
    return load_project("memory")


@pytest.fixture(scope="session")
def oxigraph_project():
    """The same graph on the embedded Oxigraph engine."""
    return load_project("oxigraph")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
