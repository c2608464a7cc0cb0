"""The package's imports run one way: from the command down to a small core, with no cycle.

Layers, lowest first: core → store → query, validation → network, release, generate → project →
portal → cli. A module may import its own layer's package or any lower layer, never a higher one, and the
module graph has no cycle. The namespaces in ittifak.core.vocab are those the ontology declares.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from conftest import LAYOUT
from ittifak.core import vocab

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "ittifak"
LAYERS = {"core": 0, "store": 1, "query": 2, "validation": 2, "network": 3, "release": 3, "generate": 3,
          "project": 4, "portal": 4.5, "cli": 5, "__main__": 6, "__init__": 0}
# portal sits beside project and may import it; only the command imports portal.


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> nx.DiGraph:
    graph = nx.DiGraph()
    for path in PACKAGE.rglob("*.py"):
        module = _module(path)
        graph.add_node(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ittifak"):
                graph.add_edge(module, node.module)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("ittifak"):
                        graph.add_edge(module, alias.name)
    return graph


def _layer(module: str) -> tuple[str, int]:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    return top, LAYERS[top]


def test_every_module_belongs_to_a_layer():
    unknown = {m for m in _imports() if _layer(m)[0] not in LAYERS}
    assert not unknown


def test_imports_never_run_back_up():
    upward = []
    for a, b in _imports().edges:
        (top_a, level_a), (top_b, level_b) = _layer(a), _layer(b)
        if top_a != top_b and level_b >= level_a and b != "ittifak":
            upward.append(f"{a} -> {b}")
    assert not upward


def test_the_module_graph_has_no_cycle():
    graph = _imports()
    graph.remove_nodes_from([n for n in list(graph) if n == "ittifak"])  # __version__ only
    assert nx.is_directed_acyclic_graph(graph), nx.find_cycle(graph)


def test_the_vocabulary_module_names_the_ontologys_namespace():
    ontology = Graph()
    for path in LAYOUT.ontology_files():
        ontology.parse(path)
    declared = {str(s) for s in ontology.subjects(RDF.type, OWL.Ontology)}
    assert str(vocab.ITT).rstrip("#") in declared or str(vocab.ITT) in declared
    terms = {str(s) for s in ontology.subjects() if str(s).startswith(str(vocab.ITT))}
    assert len(terms) > 50  # the classes and properties live in vocab.ITT
    shapes = Graph()
    for path in LAYOUT.shape_files():
        shapes.parse(path)
    assert any(str(s).startswith(str(vocab.ITTS)) for s in shapes.subjects())
    assert LAYOUT.prefixes["itt"] == str(vocab.ITT)
