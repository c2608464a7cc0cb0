"""One benchmark stage of one stack, in its own process: `python bench/worker.py STACK STAGE DATA`.

Loads DATA (N-Triples, with the ontology) the way STACK does, then times STAGE alone and prints one
JSON line: {"seconds": ..., "detail": ...}. bench/run.py starts it and reads its peak RSS.

Stacks:
  ittifak  -- what `ittifak --store oxigraph --data FILE` runs: Oxigraph bulk load, set-at-a-time SHACL,
              named queries through ittifak.query, network.py projection + centrality (auto engine)
  naive    -- rdflib memory store, pySHACL defaults, rdflib SPARQL, NetworkX default algorithms
  raw      -- the engines alone: pyoxigraph, Jena SHACL (Debian), igraph
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from ittifak.core.layout import Layout

LAYOUT = Layout.find(REPO)
ontology_files = LAYOUT.ontology_files

STAGES = ("load", "validate", "queries", "centrality", "export")


def _files(data: Path) -> list[Path]:
    return [*ontology_files(), data]


def shapes_graph():
    from rdflib import Graph

    g = Graph()
    for path in LAYOUT.shape_files():
        g.parse(path, format="turtle")
    return g


# ------------------------------------------------------------------ loading per stack


def load_ittifak(data: Path):
    """`ITTIFAK_BENCH_STORE` (bench/run.py --store) names the store, e.g. an on-disk
    `oxigraph:PATH`, which loads the file once and is opened again by the later stages."""
    from ittifak.project import Project

    spec = os.environ.get("ITTIFAK_BENCH_STORE")
    return Project(REPO, store=spec).open([data]) if spec else Project(REPO).open([data])


def load_naive(data: Path):
    from rdflib import Graph

    from ittifak.store import MemoryStore

    graph = Graph()
    for path in _files(data):
        graph.parse(path, format="nt" if path.suffix == ".nt" else "turtle")
    return MemoryStore(graph)


def load_raw(data: Path):
    import pyoxigraph as ox

    store = ox.Store()
    for path in _files(data):
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES if path.suffix == ".nt"
                        else ox.RdfFormat.TURTLE)
    return store


LOADERS = {"ittifak": load_ittifak, "naive": load_naive, "raw": load_raw}


def count(store) -> int:
    return len(store)


# ------------------------------------------------------------------ queries


def _prepare(store, q, given):
    from ittifak.query.run import prepare

    prepared = prepare(store, q, given, "en")
    return prepared if isinstance(prepared, tuple) else (prepared, None)


def query_texts(store) -> dict[str, tuple]:
    """Every named query with its parameters bound, for the graph at hand.

    Defaults that name resources of the paper are replaced by resources of the synthetic graph
    (the first state, the first agreement) so every query has something to find.
    """
    from ittifak.core.errors import InputError
    from ittifak.query.library import load_library

    texts: dict = {}
    for name, q in load_library().items():
        given: dict[str, list[str]] = {}
        try:
            texts[name] = _prepare(store, q, given)
            continue
        except InputError:
            pass
        for p in q.params:
            value = _synthetic_value(store, p)
            if value:
                given[p.name] = [value]
        try:
            texts[name] = _prepare(store, q, given)
        except InputError as err:
            print(f"skip {name}: {err}", file=sys.stderr)
    return texts


_SYNTHETIC: dict = {}


def _synthetic_value(store, p) -> str | None:
    """The first resource (by IRI) of the parameter's class with a label; asked once per class.

    MIN rather than ORDER BY … LIMIT 1: on an Oxigraph server holding 10M triples the sort took
    over three minutes, the aggregate 16 s."""
    if p.type == "xsd:string":
        return "İş Birliği"
    cls = {"actor": "https://w3id.org/ittifak/ontology#State"}.get(p.type, p.cls)
    if p.type not in ("actor", "name") and not p.type.startswith("name("):
        return None
    key = (id(store), cls)
    if key not in _SYNTHETIC:
        pattern = (f"?t <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{cls}> . ?x a ?t ." if cls else "")
        rows = store.query("SELECT (MIN(?x) AS ?first) WHERE { " + pattern
                           + " ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(isIRI(?x)) }").rows
        _SYNTHETIC[key] = f"<{rows[0][0]}>" if rows and rows[0][0] is not None else None
    return _SYNTHETIC[key]


def run_queries_ittifak(store) -> dict:
    from ittifak.query.run import execute

    texts = query_texts(store)
    times = {}
    for name, (text, hints) in texts.items():
        t = time.perf_counter()
        result = execute(store, text, name, hints) if hints is not None else execute(store, text, name)
        len(result.rows) if result.kind == "select" else None
        times[name] = time.perf_counter() - t
    return times


def run_queries_raw(store, texts: dict[str, str]) -> dict:
    times = {}
    for name, text in texts.items():
        t = time.perf_counter()
        result = store.query(text)
        if hasattr(result, "variables"):
            for row in result:
                _ = [value.value for value in row if value is not None]
        elif hasattr(result, "__iter__"):
            list(result)
        else:
            bool(result)
        times[name] = time.perf_counter() - t
    return times


# ------------------------------------------------------------------ centrality

def raw_projection_igraph(store) -> dict:
    """The actor co-participation network from pyoxigraph, centralities in igraph."""
    from itertools import combinations

    import igraph as ig

    from ittifak.network.projection import _LINKS as LINKS
    from ittifak.network.projection import ACTOR_GROUPS, AFFAIR_GROUPS

    itt = "https://w3id.org/ittifak/ontology#"
    groups = {}
    q = ("SELECT ?n ?c WHERE { ?n a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?c "
         "VALUES ?c { " + " ".join(f"<{itt}{g}>" for g in ACTOR_GROUPS + AFFAIR_GROUPS) + " } }")
    for row in store.query(q):
        groups.setdefault(row[0].value, set()).add(row[1].value[len(itt):])
    actors_of: dict[str, set[str]] = {}
    for row in store.query(LINKS):
        affair, actor = row[0].value, row[1].value
        if groups.get(actor, set()) & set(ACTOR_GROUPS) and groups.get(affair, set()) & set(AFFAIR_GROUPS):
            actors_of.setdefault(affair, set()).add(actor)
    weights: dict[tuple[str, str], int] = {}
    for actors in actors_of.values():
        for u, v in combinations(sorted(actors), 2):
            weights[(u, v)] = weights.get((u, v), 0) + 1
    names = sorted({n for pair in weights for n in pair})
    index = {n: i for i, n in enumerate(names)}
    g = ig.Graph(n=len(names), edges=[(index[u], index[v]) for u, v in weights])
    g.es["weight"] = list(weights.values())
    out = {
        "degree": g.degree(), "weighted_degree": g.strength(weights="weight"),
        "betweenness": g.betweenness(directed=False), "closeness": g.closeness(normalized=True),
        "eigenvector": g.eigenvector_centrality(weights="weight"),
        "pagerank": g.pagerank(weights="weight"),
    }
    return {"nodes": g.vcount(), "edges": g.ecount(), "measures": sorted(out)}


def projection_ittifak(store, engine: str | None = None) -> dict:
    from ittifak.network.centrality import annotate
    from ittifak.network.projection import build_network, read_facts

    facts = read_facts(store)
    g = build_network(facts, "actors")
    try:
        annotate(g, engine=engine) if engine else annotate(g)
    except TypeError:  # a centrality module without engines
        annotate(g)
    return {"nodes": len(g), "edges": g.number_of_edges(),
            "engine": g.graph.get("centrality_engine", "networkx (exact)")}


# ------------------------------------------------------------------ validation


def validate_jena(data: Path) -> dict:
    """Jena SHACL (Debian's libapache-jena-java) on the same data and shapes, timed inside the JVM."""
    from rdflib.namespace import SH

    shapes = shapes_graph()
    for s, p, o in list(shapes.triples((None, SH.message, None))):
        if getattr(o, "language", None) != "en":  # Jena 4.5 refuses a shape with two sh:message
            shapes.remove((s, p, o))
    tmp = Path(tempfile.mkdtemp())
    shapes.serialize(tmp / "shapes.ttl", format="turtle")
    merged = tmp / "data.nt"
    with open(merged, "wb") as out:
        from rdflib import Graph

        onto = Graph()
        for path in ontology_files():
            onto.parse(path, format="turtle")
        out.write(onto.serialize(format="nt", encoding="utf-8"))
        with open(data, "rb") as src:
            while chunk := src.read(1 << 20):
                out.write(chunk)
    classpath = subprocess.run(["bash", str(REPO / "scripts" / "jena-classpath.sh")], capture_output=True,
                               text=True, check=True).stdout.strip()
    timer = REPO / "bench" / "JenaShacl.java"
    done = subprocess.run(["java", "-Xmx16g", "-cp", classpath, str(timer), str(tmp / "shapes.ttl"), str(merged)],
                          check=False, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "jena failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    stack, stage, data = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    option = sys.argv[4] if len(sys.argv) > 4 else None
    detail: dict = {}
    if stack == "raw" and stage == "validate":
        detail = validate_jena(data)
        print(json.dumps({"seconds": detail.pop("validate_seconds"), "detail": detail}))
        return
    import pyoxigraph  # noqa: F401 -- imports are not part of any stage
    import rdflib  # noqa: F401


    t = time.perf_counter()
    store = LOADERS[stack](data)
    loaded = time.perf_counter() - t
    if stage == "load":
        print(json.dumps({"seconds": loaded, "detail": {"triples": count(store)}}))
        return
    t = time.perf_counter()
    if stage == "validate":
        from rdflib.namespace import SH

        if stack == "ittifak":
            import pyoxigraph as ox

            from ittifak.validation.bulkshacl import validate_oxigraph

            report = validate_oxigraph(store.native, shapes_graph(), ox.DefaultGraph())
        else:
            import pyshacl

            _, report, _ = pyshacl.validate(store.graph, shacl_graph=shapes_graph())
        detail = {"results": len(set(report.objects(None, SH.result)))}
    elif stage == "queries":
        if stack == "raw":
            from ittifak.store import OxigraphStore

            # the same pyoxigraph store seen through ittifak, to bind the parameters alike
            view = OxigraphStore(native=store)
            texts = {name: text for name, (text, _) in query_texts(view).items()}
            t = time.perf_counter()
            detail = run_queries_raw(store, texts)
        else:
            detail = run_queries_ittifak(store)
    elif stage == "centrality":
        if stack == "raw":
            detail = raw_projection_igraph(store)
        elif stack == "naive":
            detail = projection_ittifak(store, "networkx")
        else:
            detail = projection_ittifak(store, option)
    elif stage == "export":
        out = Path(tempfile.mkdtemp()) / "export.ttl"
        if stack == "raw":
            import pyoxigraph as ox

            store.dump(output=str(out), format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
        else:
            store.graph.serialize(out, format="ox-turtle" if stack == "ittifak" else "turtle")
        detail = {"bytes": out.stat().st_size}
    else:
        raise SystemExit(f"unknown stage {stage}")
    seconds = time.perf_counter() - t
    print(json.dumps({"seconds": seconds, "detail": detail}))
    sys.stdout.flush()
    os._exit(0)  # skip tearing down millions of Python objects: not part of any stage


if __name__ == "__main__":
    main()
