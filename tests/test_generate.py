"""The synthetic graph generator: deterministic, in our ontology, conforming to shapes/."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Namespace

from conftest import ontology_files, resource_dir
from ittifak.core.errors import InputError
from ittifak.generate import agreements_for, write_synthetic
from ittifak.store.bulkload import bulk_load
from ittifak.validation.bulkshacl import validate_oxigraph

ITT = Namespace("https://w3id.org/ittifak/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "g.nt"
    write_synthetic(out, 60, seed=7)
    return out


def test_same_seed_same_bytes_other_seed_other_graph(small, tmp_path):
    again, other = tmp_path / "again.nt", tmp_path / "other.nt"
    write_synthetic(again, 60, seed=7)
    write_synthetic(other, 60, seed=8)
    assert again.read_bytes() == small.read_bytes()
    assert other.read_bytes() != small.read_bytes()


def test_turtle_and_ntriples_hold_the_same_graph(small, tmp_path):
    ttl = tmp_path / "g.ttl"
    stats = write_synthetic(ttl, 60, seed=7)
    a, b = Graph(), Graph()
    a.parse(small, format="nt")
    b.parse(ttl, format="turtle")
    assert len(a) == len(b) == stats.triples
    assert set(a) == set(b)


def test_agreements_parties_signatures_and_turkish_labels(small):
    g = Graph()
    g.parse(small, format="nt")
    agreements = {s for k in ("Agreement", "Treaty", "Protocol", "MemorandumOfUnderstanding")
                  for s in g.subjects(RDF.type, ITT[k])}
    assert len(agreements) == 60
    assert len(set(g.subjects(RDF.type, ITT.State))) == 200
    for agreement in agreements:
        parties = set(g.objects(agreement, ITT.party))
        assert 2 <= len(parties) <= 5
        signatures = list(g.objects(agreement, ITT.hasSignature))
        assert {g.value(s, ITT.signedFor) for s in signatures} == parties
        for s in signatures:  # signed by the post's holder, within the post's dates
            post, date = g.value(s, ITT.signedAsPost), str(g.value(agreement, ITT.signedOn))
            assert g.value(post, ITT.holder) == g.value(s, ITT.signatory)
            assert str(g.value(post, ITT.startDate)) <= date <= str(g.value(post, ITT.endDate))
    labels = " ".join(str(o) for o in g.objects(None, None) if getattr(o, "language", None) == "tr")
    assert set("İıŞşĞğÇçÖöÜü") <= set(labels)


def test_conforms_to_the_shapes(small):
    store = ox.Store()
    bulk_load(store, [*ontology_files(), small])
    shapes = Graph()
    for path in sorted(resource_dir("shapes").glob("*.ttl")):
        shapes.parse(path, format="turtle")
    report = validate_oxigraph(store, shapes)
    results = [(str(report.value(r, SH.focusNode)), str(report.value(r, SH.sourceShape)))
               for r in report.objects(None, SH.result)]
    assert results == []


def test_conforms_for_an_independent_engine_too(small, tmp_path):
    from pyrudof import RDFFormat, Rudof, RudofConfig

    shapes = Graph()
    for path in sorted(resource_dir("shapes").glob("*.ttl")):
        shapes.parse(path, format="turtle")
    shapes.serialize(tmp_path / "shapes.ttl", format="turtle")
    rudof = Rudof(RudofConfig())
    for path in ontology_files():
        rudof.read_data(str(path), format=RDFFormat.Turtle, merge=True)
    rudof.read_data(str(small), format=RDFFormat.NTriples, merge=True)
    rudof.read_shacl(str(tmp_path / "shapes.ttl"))
    report = rudof.validate_shacl()
    assert report.conforms, [(e.focus_node, e.constraint_component) for e in report]


def test_size_is_about_what_was_asked(tmp_path):
    stats = write_synthetic(tmp_path / "g.nt", agreements_for(20_000))
    assert 15_000 < stats.triples < 25_000


def test_bad_arguments(tmp_path):
    with pytest.raises(InputError, match="number of agreements must be 1 or more"):
        write_synthetic(tmp_path / "g.nt", 0)
    with pytest.raises(InputError, match=r"\.nt .*\.ttl"):
        write_synthetic(tmp_path / "g.json", 5)
    assert not (tmp_path / "g.json").exists()


def test_generate_command(runner, tmp_path):
    from ittifak.cli import main

    out = tmp_path / "g.ttl"
    result = runner.invoke(main, ["generate", "--agreements", "3", "--seed", "5", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 agreements" in result.output
    assert Graph().parse(out, format="turtle")
    bad = runner.invoke(main, ["generate", "--agreements", "0", "--out", str(out)])
    assert bad.exit_code == 2 and "'--agreements': 0 is not in the range x>=1" in bad.output
