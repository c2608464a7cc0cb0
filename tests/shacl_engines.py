"""Second SHACL engines for the cross-check: Apache Jena SHACL (Debian) and pyrudof (PyPI).

Each engine returns the same summary of a validation, so the tests can compare verdicts:
a set of (focus node, source shape, severity), blank nodes written as "_:".
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, BNode, Graph, URIRef

REPO = Path(__file__).resolve().parent.parent
BATCH = Path(__file__).resolve().parent / "engines" / "ShaclBatch.java"
SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Outcome:
    """What one engine found: the results as (focus, shape, severity) and the verdict."""

    results: frozenset[tuple[str, str, str]]

    @property
    def violations(self) -> frozenset[tuple[str, str, str]]:
        return frozenset(r for r in self.results if r[2] == "Violation")

    @property
    def conforms(self) -> bool:
        """Ittifak's verdict: no violation (warnings are allowed)."""
        return not self.violations

    def without(self, shape: str) -> Outcome:
        return Outcome(frozenset(r for r in self.results if r[1] != shape))


def _name(node) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode) or str(node).startswith(("_:", "urn:skolem:")):
        return "_:"
    return str(node)


def summary(report: Graph) -> Outcome:
    """(focus, shape, severity) of every result of a SHACL report graph (pySHACL's, say)."""
    rows = set()
    results = [r for node in report.subjects(RDF.type, URIRef(SH + "ValidationReport"))
               for r in report.objects(node, URIRef(SH + "result"))]
    for result in results:
        severity = str(report.value(result, URIRef(SH + "resultSeverity"))).rsplit("#", 1)[-1]
        focus = report.value(result, URIRef(SH + "focusNode"))
        shape = report.value(result, URIRef(SH + "sourceShape"))
        rows.add((_name(focus), _name(shape), severity))
    return Outcome(frozenset(rows))


# --- Apache Jena (Debian's libapache-jena-java) ------------------------------------------------


@lru_cache(maxsize=1)
def jena_classpath() -> str | None:
    """A working classpath for Debian's Jena (scripts/jena-classpath.sh), or None if not installed."""
    if not shutil.which("java") or not Path("/usr/share/java/jena-shacl.jar").exists():
        return None
    done = subprocess.run(["bash", str(REPO / "scripts" / "jena-classpath.sh")], capture_output=True,
                          text=True, check=True)
    return done.stdout.strip()


def for_jena(shapes: Graph) -> Graph:
    """The shapes with one sh:message per SPARQL constraint.

    Jena 4.5 (Debian 12) stops with "More than one match" when a SPARQL constraint has several
    sh:message values, which SHACL allows (one per language); messages do not change a verdict, so
    only the English one is kept for Jena.
    """
    copy = Graph()
    copy += shapes
    for constraint in set(copy.subjects(URIRef(SH + "select"), None)):
        for message in list(copy.objects(constraint, URIRef(SH + "message"))):
            if getattr(message, "language", None) not in (None, "en"):
                copy.remove((constraint, URIRef(SH + "message"), message))
    return copy


def jena_validate(shapes: Path, data_files: list[Path]) -> dict[Path, Outcome]:
    """Validate each data file against the shapes in one JVM (Java's single-file launcher)."""
    classpath = jena_classpath()
    assert classpath, "Apache Jena is not installed (apt-get install libapache-jena-java)"
    done = subprocess.run(["java", "-cp", classpath, str(BATCH), str(shapes), *map(str, data_files)],
                          capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"Jena SHACL failed: {done.stderr[-2000:]}")
    outcomes: dict[Path, set] = {}
    current = None
    for line in done.stdout.splitlines():
        parts = line.split("\t")
        if parts[0] == "DATA":
            current = Path(parts[1])
            outcomes[current] = set()
        elif parts[0] == "RESULT" and current is not None:
            focus, severity, shape = parts[1], parts[2].rsplit("#", 1)[-1], parts[3]
            outcomes[current].add((focus, shape, severity))
    return {path: Outcome(frozenset(rows)) for path, rows in outcomes.items()}


# --- pyrudof ---------------------------------------------------------------------------------------


def skolemised_ntriples(graph: Graph) -> str:
    """The graph as N-Triples with blank nodes replaced by IRIs.

    pyrudof 0.3 pre-binds `$this` of a SPARQL constraint with a VALUES clause, which SPARQL does
    not allow for a blank node, and fails on blank focus nodes; skolem IRIs avoid that.
    """
    return graph.skolemize(basepath="urn:skolem:").serialize(format="nt")


def rudof_session(data_ntriples: str):
    """A pyrudof session holding the data (blank nodes skolemised, see skolemised_ntriples)."""
    from pyrudof import RDFFormat, Rudof, RudofConfig

    rudof = Rudof(RudofConfig())
    rudof.read_data(data_ntriples, format=RDFFormat.NTriples)
    return rudof


def rudof_validate(rudof, shapes_text: str) -> Outcome:
    """Validate the session's data against the shapes (Turtle or N-Triples) with pyrudof."""
    rudof.reset_shacl()
    rudof.read_shacl(shapes_text)
    report = rudof.validate_shacl()
    rows = set()
    for entry in report:
        severity = str(entry.severity).rsplit("#", 1)[-1]
        rows.add((_name(str(entry.focus_node)), _name(str(entry.source_shape)), severity))
    return Outcome(frozenset(rows))
