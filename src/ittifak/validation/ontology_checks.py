"""Ontology quality checks kept as data: one SPARQL SELECT file per rule in `ontology/checks/`.

Each `.rq` file starts with a comment block that says what the rule checks and why; the query
returns the offending terms, so no rows means the rule passes. The checks run on one graph that
holds everything they may need: the ontology, the SHACL shapes and the data
(`load_check_graph`). That is simpler than having each check declare its graphs, and it costs
nothing: a rule about the ontology only matches ontology triples.

    from ittifak.validation.ontology_checks import load_check_graph, run_checks
    for result in run_checks(load_check_graph()):
        print(result.name, "pass" if result.passed else result.rows)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from ittifak.core.layout import Layout
from ittifak.core.load import parse_files


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: its file name, its header and the offending rows."""

    name: str
    description: str
    rows: list[tuple[str, ...]]

    @property
    def passed(self) -> bool:
        """True when the check found nothing."""
        return not self.rows


def checks_dir(layout: Layout | None = None) -> Path:
    """The folder of check files: `checks/` beside the project's ontology (else the shipped one's)."""
    return (layout or Layout.find()).folder("ontology") / "checks"


def header(text: str) -> str:
    """The leading comment block of a query file, without the `#` marks, as one paragraph."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return " ".join(part for part in lines if part)


def load_check_graph(ontology: bool = True, shapes: bool = True, data: bool = True,
                     layout: Layout | None = None) -> Graph:
    """A graph with the project's ontology, shapes and data, as the checks expect them."""
    layout = layout or Layout.find()
    graph = Graph()
    paths: list[Path] = []
    if ontology:
        paths += layout.ontology_files()
    if shapes:
        paths += layout.shape_files()
    if data:
        paths += layout.data_files()
    parse_files(graph, paths)
    return graph


def run_check(graph: Graph, path: Path) -> CheckResult:
    """Run the check in `path` on `graph`; each row is the result's values as strings."""
    text = path.read_text(encoding="utf-8")
    rows = [
        tuple("" if value is None else str(value) for value in row)
        for row in graph.query(text)
    ]
    return CheckResult(name=path.stem, description=header(text), rows=rows)


def run_checks(graph: Graph, folder: Path | None = None) -> list[CheckResult]:
    """Run every `.rq` file of `folder` (default: the project's `ontology/checks`) on `graph`."""
    folder = checks_dir() if folder is None else folder
    return [run_check(graph, path) for path in sorted(folder.glob("*.rq"))]
