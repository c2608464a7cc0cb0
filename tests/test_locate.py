"""The statement index: every subject and property of the data is found at the line it is written."""

from __future__ import annotations

from rdflib import Graph, URIRef

from conftest import data_files
from ittifak.validation.locate import RDF_TYPE, index_files

EX = "http://example.org/"

TRICKY = '''@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
# a comment with ; and . and [ brackets ]
ex:a a ex:Thing ;
    ex:text """several lines ; with . punctuation
and [ brackets ] inside""" ;
    ex:number 1.5 , 2 ;
    ex:date "1992-11-02"^^xsd:date ;
    ex:amount [ a ex:Amount ; ex:value 60000000 ; ex:nested [ ex:deep "x" ] ] ;
    ex:list ( ex:b ex:c ) .

<http://example.org/b> ex:label "B"@tr .
ex:c ex:after 3.
ex:d ex:x "y" ; ex:z ex:w .
'''


def test_subjects_and_properties_of_a_tricky_file(tmp_path):
    path = tmp_path / "tricky.ttl"
    path.write_text(TRICKY, encoding="utf-8")
    index = index_files([path])
    assert index.subject(EX + "a").line == 4
    assert index.statement(EX + "a", RDF_TYPE).line == 4
    assert index.statement(EX + "a", EX + "text").line == 5
    assert index.statement(EX + "a", EX + "number").line == 7
    assert index.statement(EX + "a", EX + "date").line == 8
    assert index.statement(EX + "a", EX + "amount").line == 9
    assert index.statement(EX + "a", EX + "list").line == 10
    # predicates inside [ ] belong to blank nodes, not to ex:a
    assert (EX + "a", EX + "value") not in index.statements
    assert index.statement(EX + "b", EX + "label").line == 12
    assert index.statement(EX + "c", EX + "after").line == 13  # "3." is the integer 3, then the end
    assert index.statement(EX + "d", EX + "z").line == 14
    # a property never written falls back to where the subject is described
    assert index.statement(EX + "a", EX + "missing").line == 4
    assert index.statement(EX + "nowhere", None) is None


def test_every_statement_of_the_data_is_located_on_its_line():
    """For each data file: every (subject, property) rdflib reads is indexed in that file, at a line
    that shows the property."""
    files = data_files()
    index = index_files(files)
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        graph = Graph().parse(path)
        for subject, predicate in set(graph.subject_predicates()):
            if not isinstance(subject, URIRef):
                continue
            places = [loc for loc in index.statements.get((str(subject), str(predicate)), [])
                      if loc.file == path]
            assert places, (path.name, subject, predicate)
            text = lines[places[0].line - 1]
            local = "a" if str(predicate) == RDF_TYPE else str(predicate).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            assert local in text.split() or local in text, (path.name, places[0].line, predicate)


def test_unreadable_files_are_left_to_the_loader(tmp_path):
    missing = tmp_path / "missing.ttl"
    latin = tmp_path / "latin.ttl"
    latin.write_bytes(b'<http://a> <http://b> "T\xfcrkiye" .\n')
    index = index_files([missing, latin])
    assert index.subjects == {} and index.files == [missing, latin]
