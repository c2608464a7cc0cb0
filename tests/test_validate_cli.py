"""`ittifak validate` through the CLI runner: the report a historian reads, its formats and exit codes."""

from __future__ import annotations

import json
import shutil

import pytest
from rdflib import Graph, Namespace

from conftest import REPO
from ittifak.cli import main

SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES = """@prefix itt: <https://w3id.org/ittifak/ontology#> .
@prefix person: <https://w3id.org/ittifak/id/person/> .
@prefix agreement: <https://w3id.org/ittifak/id/agreement/> .
@prefix state: <https://w3id.org/ittifak/id/state/> .
@prefix passage: <https://w3id.org/ittifak/id/passage/> .
@prefix work: <https://w3id.org/ittifak/id/work/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# A first file by a new contributor: a person without an English label, an agreement signed on a day
# that does not exist and made with a polity nobody has described.
NEW_FILE = PREFIXES + """
work:paper a itt:Source ; rdfs:label "Makale"@tr , "The paper"@en .
passage:paper-L645-669 a itt:Passage ; itt:lineStart 645 ; itt:lineEnd 669 ; itt:inWork work:paper .

person:ali-veli a itt:Person ;
    rdfs:label "Ali Veli"@tr ;
    itt:citedSource work:paper ; itt:statedIn passage:paper-L645-669 .

agreement:1990-test-agreement a itt:Agreement ;
    rdfs:label "Deneme anlaşması"@tr , "Test agreement"@en ;
    itt:party state:nowhere , state:elsewhere ;
    itt:signedOn "1990-06-31"^^xsd:date ;
    itt:description "Deneme."@tr , "A test."@en ;
    itt:citedSource work:paper ; itt:statedIn passage:paper-L645-669 .
"""

GOOD_FILE = PREFIXES + """
work:paper a itt:Source ; rdfs:label "Makale"@tr , "The paper"@en .
passage:paper-L645-669 a itt:Passage ; itt:lineStart 645 ; itt:lineEnd 669 ; itt:inWork work:paper .
person:ali-veli a itt:Person ; rdfs:label "Ali Veli"@tr , "Ali Veli"@en ;
    itt:citedSource work:paper ; itt:statedIn passage:paper-L645-669 .
"""


@pytest.fixture
def new_file(tmp_path):
    path = tmp_path / "new.ttl"
    path.write_text(NEW_FILE, encoding="utf-8")
    return path


def test_the_shipped_data_conforms_and_shows_the_papers_contradiction(runner):
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert "The data conforms to the rules." in result.output
    # Table 1 (L408-434) prints 90 tonnes for rows that add up to 120: a warning, with its place
    assert "Aid material sent from Turkey to Azerbaijan (1990)" in result.output
    assert "Table 1 tonnage total does not match its rows" in result.output
    assert "data/aid.ttl:" in result.output
    assert "Summary: 0 errors, 1 warning." in result.output


def test_a_new_file_gets_a_report_a_historian_can_act_on(runner, new_file):
    result = runner.invoke(main, ["validate", str(new_file)])
    assert result.exit_code == 1, result.output
    out = result.output
    assert "The data does not conform to the rules." in out
    # grouped by resource, named by label, with kind and short IRI
    assert "Ali Veli — Person (person:ali-veli)" in out
    assert "Needs exactly one English label" in out
    assert "new.ttl:14" in out  # where the labels of person:ali-veli are written
    # the impossible date is a violation with a readable message, not a traceback
    assert '"1990-06-31" (xsd:date)' in out
    assert "there is no 31 June" in out
    assert "new.ttl:20" in out  # the line of itt:signedOn
    # links to resources described nowhere
    assert "state:nowhere" in out and "described nowhere" in out
    assert "Traceback" not in out
    assert "_:" not in out and "https://w3id.org/ittifak/shapes#" not in out


def test_a_good_file_passes(runner, tmp_path):
    path = tmp_path / "good.ttl"
    path.write_text(GOOD_FILE, encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "Summary: 0 errors, 0 warnings." in result.output


def test_json_report(runner, new_file):
    result = runner.invoke(main, ["validate", str(new_file), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["conforms"] is False and data["violations"] >= 4
    by_iri = {e["iri"]: e for e in data["entities"]}
    person = by_iri["https://w3id.org/ittifak/id/person/ali-veli"]
    assert person["label"] == "Ali Veli" and person["class"] == "Person"
    assert person["line"] == 13 and person["file"].endswith("new.ttl")  # where it is described
    [label] = [r for r in person["results"] if r["shape"].endswith("#LabelEnShape")]
    assert label["line"] == 14 and label["file"].endswith("new.ttl")
    assert label["text"].startswith("Ali Veli: ")
    agreement = by_iri["https://w3id.org/ittifak/id/agreement/1990-test-agreement"]
    dates = [r for r in agreement["results"] if r["property"] == "itt:signedOn"]
    assert dates and dates[0]["value"] == "1990-06-31" and dates[0]["line"] == 20


def test_turtle_report_is_the_shacl_report_graph(runner, new_file):
    result = runner.invoke(main, ["validate", str(new_file), "--format", "turtle"])
    assert result.exit_code == 1
    graph = Graph().parse(data=result.output, format="turtle")
    report = next(graph.subjects(None, SH.ValidationReport))
    assert (report, SH.conforms, None) in graph
    assert len(list(graph.objects(report, SH.result))) >= 4


def test_turkish_report(runner, new_file):
    result = runner.invoke(main, ["validate", str(new_file), "--lang", "tr"])
    assert result.exit_code == 1
    assert "Veri kurallara uymuyor." in result.output
    assert "Tam bir İngilizce etiket gerekli" in result.output
    assert "31 Haziran yoktur" in result.output


def test_report_written_to_a_file(runner, new_file, tmp_path):
    out = tmp_path / "report" / "validation.json"
    result = runner.invoke(main, ["validate", str(new_file), "--format", "json", "--out", str(out)])
    assert result.exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["conforms"] is False
    assert [p.name for p in out.parent.iterdir()] == ["validation.json"]  # no temporary file left


@pytest.mark.parametrize("spec", ["oxigraph"])
def test_the_oxigraph_store_gives_the_same_report(runner, new_file, spec):
    memory = json.loads(runner.invoke(main, ["validate", str(new_file), "--format", "json"]).output)
    other = runner.invoke(main, ["validate", str(new_file), "--format", "json", "--store", spec])
    assert other.exit_code == 1
    assert json.loads(other.output)["entities"] == memory["entities"]


def test_the_bulk_engine_gives_the_same_report(runner, new_file):
    memory = json.loads(runner.invoke(main, ["validate", str(new_file), "--format", "json"]).output)
    bulk = runner.invoke(main, ["validate", str(new_file), "--format", "json", "--engine", "oxigraph"])
    assert bulk.exit_code == 1

    def key(data):
        return sorted((e["iri"], r["shape"], r["property"], r["value"], r["line"])
                      for e in data["entities"] for r in e["results"])

    assert key(json.loads(bulk.output)) == key(memory)


def test_with_data_resolves_links_to_the_project(runner, tmp_path):
    """A new file may link to resources of the project; --with-data validates it alongside them."""
    path = tmp_path / "links.ttl"
    path.write_text(PREFIXES + """
agreement:1990-new a itt:Agreement ; rdfs:label "Yeni"@tr , "New"@en ;
    itt:party state:turkey , state:azerbaijan ;
    itt:description "Yeni."@tr , "New."@en ;
    itt:citedSource work:paper ; itt:statedIn passage:paper-L645-669 .
""", encoding="utf-8")
    alone = runner.invoke(main, ["validate", str(path)])
    assert alone.exit_code == 1 and "state:turkey" in alone.output and "described nowhere" in alone.output
    together = runner.invoke(main, ["validate", str(path), "--with-data", "--engine", "oxigraph"])
    assert together.exit_code == 0, together.output


# --- input that cannot be read: exit 2, one line naming the file --------------------------------


def test_malformed_turtle_names_file_and_line(runner, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(PREFIXES + 'person:x a itt:Person ;\n    rdfs:label "unterminated@tr .\n', encoding="utf-8")
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:" in result.output and "malformed RDF" in result.output
    assert "Traceback" not in result.output


def test_missing_file(runner, tmp_path):
    result = runner.invoke(main, ["validate", str(tmp_path / "nope.ttl")])
    assert result.exit_code == 2
    assert "nope.ttl: no such file" in result.output


def test_empty_file(runner, tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(empty)])
    assert result.exit_code == 2
    assert "empty.ttl: the file is empty" in result.output


def test_wrong_extension(runner, tmp_path):
    odd = tmp_path / "data.txt"
    odd.write_text(GOOD_FILE, encoding="utf-8")
    result = runner.invoke(main, ["validate", str(odd)])
    assert result.exit_code == 2
    assert "unknown RDF file extension '.txt'" in result.output


def test_folder_without_rdf(runner, tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "folder holds no RDF files" in result.output


def test_a_folder_is_its_rdf_files(runner, tmp_path):
    (tmp_path / "good.ttl").write_text(GOOD_FILE, encoding="utf-8")
    (tmp_path / "_prefixes.ttl").write_text(PREFIXES, encoding="utf-8")  # skipped, as in data/
    result = runner.invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 0, result.output


# --- build validates before it writes anything ---------------------------------------------------


def test_build_stops_before_writing_when_the_data_does_not_conform(runner, new_file, tmp_path):
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    shutil.copy(REPO / "dataset.ttl", project / "dataset.ttl")
    shutil.copy(REPO / "data" / "_prefixes.ttl", project / "data" / "_prefixes.ttl")
    shutil.copy(new_file, project / "data" / "new.ttl")
    out = tmp_path / "dist"
    result = runner.invoke(main, ["--project", str(project), "build", "--out", str(out)])
    assert result.exit_code == 1
    assert "Ali Veli — Person (person:ali-veli)" in result.output
    assert "new.ttl:14" in result.output
    assert "does not conform to the shapes (6 errors); nothing was written" in result.output
    assert not out.exists()


def test_a_sparql_endpoint_is_validated_too(runner, remote_project):
    """The project pushed to a real Oxigraph server on loopback, read back and validated."""
    result = runner.invoke(main, ["validate", "--store", remote_project.url, "--engine", "oxigraph"])
    assert result.exit_code == 0, result.output
    assert "Table 1 tonnage total does not match its rows" in result.output


def test_files_cannot_be_loaded_into_an_endpoint(runner, remote_project, new_file):
    result = runner.invoke(main, ["validate", str(new_file), "--store", remote_project.url])
    assert result.exit_code == 2
    assert "files are validated in a local store" in result.output
