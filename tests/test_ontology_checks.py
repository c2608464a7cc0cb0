"""The ontology quality checks in ontology/checks/: the shipped graph passes every one, and each
one fails on a small hand-made graph that breaks its rule."""

from __future__ import annotations

import pytest
from rdflib import Graph

from ittifak.validation.ontology_checks import (
    checks_dir,
    header,
    load_check_graph,
    run_check,
    run_checks,
)

ITT = "https://w3id.org/ittifak/ontology#"

PREFIXES = """
@prefix itt:  <https://w3id.org/ittifak/ontology#> .
@prefix itts: <https://w3id.org/ittifak/shapes#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""

# A property that passes every rule, for the snippets to contrast with.
GOOD = """
itt:good a owl:ObjectProperty ; rdfs:domain itt:Thing ; rdfs:range itt:Thing ;
    rdfs:label "iyi"@tr , "good"@en ; rdfs:comment "İyi."@tr , "Good."@en .
"""

# For each check: a graph that breaks its rule, and the term the check must name.
BROKEN = {
    "labels": (
        GOOD + """itt:Treaty a owl:Class ; rdfs:label "Antlaşma"@tr ;
            rdfs:comment "Antlaşma."@tr , "A treaty."@en .""",
        "Treaty",
    ),
    "definitions": (
        GOOD + """itt:signedOn a owl:DatatypeProperty ; rdfs:label "imza tarihi"@tr , "signed on"@en ;
            rdfs:comment "The date of signing."@en .""",
        "signedOn",
    ),
    "domain-range": (
        GOOD + """itt:partner a owl:ObjectProperty ; rdfs:range itt:Agent ;
            rdfs:label "ortak"@tr , "partner"@en ; rdfs:comment "Ortak."@tr , "A partner."@en .""",
        "partner",
    ),
    "case-clash": (
        GOOD + """itt:Place a owl:Class ; rdfs:label "Yer"@tr , "Place"@en .
        itt:place a owl:ObjectProperty ; rdfs:label "yer"@tr , "place"@en .""",
        "place",
    ),
    "shape-datatypes": (
        """itt:articleCount a owl:DatatypeProperty ; rdfs:range xsd:positiveInteger .
        itts:ArticleCountShape a sh:PropertyShape ; sh:path itt:articleCount ; sh:datatype xsd:integer .""",
        "articleCount",
    ),
    "ontology-version": (
        """<https://w3id.org/ittifak/ontology> a owl:Ontology ; owl:versionInfo "0.1.0" .""",
        "https://w3id.org/ittifak/ontology",
    ),
    "deprecated-unused": (
        GOOD + """itt:source a owl:ObjectProperty ; owl:deprecated true ;
            dcterms:isReplacedBy itt:citedSource .
        <https://w3id.org/ittifak/id/person/x> itt:source <https://w3id.org/ittifak/id/work/paper> .""",
        "source",
    ),
    "declared-terms": (
        GOOD + """<https://w3id.org/ittifak/id/agreement/x> a itt:Agreement ;
            itt:sigendOn "1992-11-02"^^xsd:date .
        itt:Agreement a owl:Class .""",
        "sigendOn",
    ),
}


def check_files():
    return sorted(checks_dir().glob("*.rq"))


@pytest.fixture(scope="module")
def shipped() -> Graph:
    return load_check_graph()


def test_every_check_has_a_header_and_a_broken_example():
    names = [path.stem for path in check_files()]
    assert len(names) >= 8
    assert sorted(names) == sorted(BROKEN), "every check needs a graph that breaks it, here"
    for path in check_files():
        text = path.read_text(encoding="utf-8")
        assert "Why:" in header(text), f"{path.name}: the header says why the rule exists"


@pytest.mark.parametrize("path", check_files(), ids=lambda p: p.stem)
def test_shipped_ontology_passes(shipped, path):
    result = run_check(shipped, path)
    assert result.rows == [], f"{result.name}: {result.rows}"


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_check_fails_on_a_graph_that_breaks_it(name):
    snippet, offender = BROKEN[name]
    graph = Graph().parse(data=PREFIXES + snippet, format="turtle")
    result = run_check(graph, checks_dir() / f"{name}.rq")
    expected = offender if offender.startswith("https://") else ITT + offender
    named = {value for row in result.rows for value in row}
    assert expected in named, f"{name} did not name {expected}: {result.rows}"
    assert ITT + "good" not in named, f"{name} named the good property too: {result.rows}"


def test_deprecated_terms_are_left_out_of_the_case_and_domain_checks():
    snippet = GOOD + """itt:place a owl:ObjectProperty ; owl:deprecated true ;
        dcterms:isReplacedBy itt:atPlace ; rdfs:label "yer"@tr , "place"@en .
        itt:Place a owl:Class ; rdfs:label "Yer"@tr , "Place"@en ."""
    graph = Graph().parse(data=PREFIXES + snippet, format="turtle")
    assert run_check(graph, checks_dir() / "case-clash.rq").rows == []
    assert run_check(graph, checks_dir() / "domain-range.rq").rows == []


def test_a_stated_reason_stands_for_a_missing_range():
    snippet = """itt:partOf a owl:ObjectProperty ; rdfs:domain itt:Thing ;
        skos:scopeNote "No range: the whole may be a polity, a place or an event."@en ."""
    graph = Graph().parse(data=PREFIXES + snippet, format="turtle")
    assert run_check(graph, checks_dir() / "domain-range.rq").rows == []


def test_run_checks_reports_name_description_and_rows(tmp_path):
    (tmp_path / "one.rq").write_text(
        "# Finds every class.\n# Why: to test the runner.\n"
        "SELECT ?c WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> }\n",
        encoding="utf-8",
    )
    graph = Graph().parse(data=PREFIXES + "itt:Treaty a owl:Class .", format="turtle")
    [result] = run_checks(graph, tmp_path)
    assert result.name == "one"
    assert result.description == "Finds every class. Why: to test the runner."
    assert result.rows == [(ITT + "Treaty",)]
    assert not result.passed


def test_validate_ontology_names_the_failing_check_and_exits_1(runner, tmp_path):
    import shutil

    from conftest import LAYOUT, REPO
    from ittifak.cli import main

    project = tmp_path / "project"
    (project / "ontology").mkdir(parents=True)
    (project / "data").mkdir()
    shutil.copy(REPO / "dataset.ttl", project / "dataset.ttl")
    shutil.copytree(LAYOUT.folder("ontology") / "checks", project / "ontology" / "checks")
    for path in LAYOUT.ontology_files():
        shutil.copy(path, project / "ontology" / path.name)
    with open(project / "ontology" / "ittifak.ttl", "a", encoding="utf-8") as handle:
        handle.write("\nitt:Unlabelled a owl:Class .\n")
    result = runner.invoke(main, ["--project", str(project), "validate", "--ontology"])
    assert result.exit_code == 1, result.output
    assert "FAIL  labels" in result.output and "Unlabelled" in result.output
    good = runner.invoke(main, ["--project", str(REPO), "validate", "--ontology"])
    assert good.exit_code == 0 and "8 of 8 pass" in good.output
