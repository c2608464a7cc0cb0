"""Bulk loading big files into the embedded Oxigraph store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from conftest import data_files, ontology_files
from ittifak.core.errors import InputError
from ittifak.store.bulkload import MANIFEST, bulk_load


def test_loads_the_project_like_rdflib(project):
    store = ox.Store()
    assert bulk_load(store, [*ontology_files(), *data_files()]) == len(project.graph)


def test_an_on_disk_store_does_not_load_the_same_file_twice(tmp_path):
    data = tmp_path / "d.nt"
    data.write_text("<urn:a> <urn:p> <urn:b> .\n", encoding="utf-8")
    store = ox.Store(str(tmp_path / "db"))
    assert bulk_load(store, [data], tmp_path / "db") == 1
    store.remove(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.NamedNode("urn:b")))
    assert bulk_load(store, [data], tmp_path / "db") == 0  # unchanged file: skipped
    assert (tmp_path / "db" / MANIFEST).exists()
    data.write_text("<urn:a> <urn:p> <urn:c> .\n<urn:a> <urn:p> <urn:d> .\n", encoding="utf-8")
    assert bulk_load(store, [data], tmp_path / "db") == 2  # changed file: loaded again


def test_the_oxigraph_store_bulk_loads_and_rdflib_sees_the_same_triples():
    from ittifak.store import OxigraphStore

    store = OxigraphStore()
    assert store.bulk_load(ontology_files()) == len(store) == len(store.graph) > 100


def test_errors_name_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix a: <urn:a/> .\na:x a:y a:z .\na:x a:y "unterminated .\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl:3: malformed RDF"):
        bulk_load(ox.Store(), [bad])
    with pytest.raises(InputError, match="no such file"):
        bulk_load(ox.Store(), [tmp_path / "missing.nt"])
    with pytest.raises(InputError, match="is a folder"):
        bulk_load(ox.Store(), [tmp_path])
    (tmp_path / "x.csv").write_text("a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="the bulk loader reads"):
        bulk_load(ox.Store(), [tmp_path / "x.csv"])


def test_data_store_on_disk_is_kept_between_runs(tmp_path):
    from conftest import REPO
    from ittifak.generate import write_synthetic
    from ittifak.project import Project

    def open_data_store(spec, data):
        return Project(REPO, store=spec).open(data)

    data = tmp_path / "g.nt"
    stats = write_synthetic(data, 5, seed=2)
    first = open_data_store(f"oxigraph:{tmp_path / 'db'}", [data])
    size = len(first)
    assert size >= stats.triples
    first.close()
    again = open_data_store(f"oxigraph:{tmp_path / 'db'}", [data])  # reopened: nothing to load
    assert len(again) == size
    rows = again.query("SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/ittifak/ontology#Signature> }").rows
    assert int(rows[0][0]) > 0
    assert len(open_data_store("memory", [data])) == size
    with pytest.raises(InputError, match="local store"):
        open_data_store("http://127.0.0.1:1/sparql", [data])


def test_an_oxigraph_path_store_opens_again_with_its_data(tmp_path):
    from conftest import load_project
    from ittifak.store import open_store

    spec = f"oxigraph:{tmp_path / 'store'}"
    first = load_project(spec, list(ontology_files()))
    size = len(first)
    first.close()
    assert len(open_store(spec)) == size > 100
