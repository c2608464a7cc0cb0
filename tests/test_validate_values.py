"""Values that later break the tools are errors with file:line: control characters, undeclared itt: terms,
IRIs outside the IRI policy. Each file is built by its test and validated through the CLI by both engines."""

from __future__ import annotations

import json

import pytest

from ittifak.cli import main

HEAD = """@prefix itt: <https://w3id.org/ittifak/ontology#> .
@prefix person: <https://w3id.org/ittifak/id/person/> .
@prefix passage: <https://w3id.org/ittifak/id/passage/> .
@prefix work: <https://w3id.org/ittifak/id/work/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
work:paper a itt:Source ; rdfs:label "Makale"@tr , "The paper"@en .
passage:paper-L645-669 a itt:Passage ; itt:lineStart 645 ; itt:lineEnd 669 ; itt:inWork work:paper .
"""
PERSON = """person:ali-veli a itt:Person ; rdfs:label "Ali Veli"@tr , "Ali Veli"@en ;
    itt:citedSource work:paper ; itt:statedIn passage:paper-L645-669"""


def validate(runner, tmp_path, body: str, engine: str, *extra: str):
    path = tmp_path / "new.ttl"
    path.write_text(HEAD + body, encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path), "--engine", engine, *extra])
    return path, result


def found(result) -> list[tuple[str, str | None, str | None, int | None]]:
    data = json.loads(result.output)
    return sorted((r["shape"].rsplit("#", 1)[-1], r["property"], r["value"], r["line"])
                  for e in data["entities"] for r in e["results"])


@pytest.mark.parametrize("engine", ["oxigraph", "pyshacl"])
def test_control_characters_are_errors_where_they_are_written(runner, tmp_path, engine):
    body = PERSON + ' ;\n    itt:description "tab\\tand\\nnew line are fine"@en ;\n' \
        '    rdfs:comment "red \\u001B[31m text"@en ;\n' \
        '    itt:hasAppellation [ a itt:Appellation ; itt:name "Ali\\u0000" ] ;\n' \
        '    itt:partOf [ itt:name "next\\u0085line" ] .\n'
    _path, result = validate(runner, tmp_path, body, engine, "--format", "json")
    assert result.exit_code == 1, result.output
    controls = [r for r in found(result) if r[0] == "ControlCharacterShape"]
    assert controls == [
        ("ControlCharacterShape", "itt:hasAppellation/itt:name", "Ali\x00", 13),  # in a typed blank node
        ("ControlCharacterShape", "itt:partOf", "next\x85line", 14),  # in a blank node without a type
        ("ControlCharacterShape", "rdfs:comment", "red \x1b[31m text", 12),
    ]


def test_the_text_report_shows_control_characters_as_code_points(runner, tmp_path):
    body = PERSON + ' ;\n    rdfs:comment "red \\u001B[31m text"@en .\n'
    path, result = validate(runner, tmp_path, body, "oxigraph")
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert "holds the control character U+001B" in result.output
    assert 'value: "red U+001B[31m text"@en' in result.output
    assert f"written at: {path}:11" in result.output  # the line of rdfs:comment


@pytest.mark.parametrize("engine", ["oxigraph", "pyshacl"])
def test_undeclared_itt_terms_are_errors(runner, tmp_path, engine):
    body = PERSON + ' ;\n    itt:domain itt:Tourism ;\n    itt:name [ itt:signedOnn "1992"^^xsd:gYear ] .\n'
    _path, result = validate(runner, tmp_path, body, engine, "--format", "json")
    assert result.exit_code == 1
    declared = [r for r in found(result) if r[0] == "DeclaredTermShape"]
    itt = "https://w3id.org/ittifak/ontology#"
    assert declared == [("DeclaredTermShape", "itt:domain", f"{itt}Tourism", 11),
                        ("DeclaredTermShape", "itt:name", f"{itt}signedOnn", 12)]


@pytest.mark.parametrize("engine", ["oxigraph", "pyshacl"])
@pytest.mark.parametrize("slug", ["ayşe-çelik", "Ali-Veli", "ali_veli", "ali-veli-"])
def test_iris_outside_the_policy_are_errors(runner, tmp_path, engine, slug):
    body = (f'<https://w3id.org/ittifak/id/person/{slug}> a itt:Person ; rdfs:label "X"@tr , "X"@en ;\n'
            "    itt:citedSource work:paper ; itt:statedIn passage:paper-L645-669 .\n")
    _path, result = validate(runner, tmp_path, body, engine, "--format", "json")
    assert result.exit_code == 1, result.output
    assert found(result) == [("IriPolicyShape", None, f"https://w3id.org/ittifak/id/person/{slug}", 9)]


def test_policy_iris_pass(runner, tmp_path):
    body = ('<https://w3id.org/ittifak/id/post/ali-veli--minister-of-health> a itt:PostHolding ;\n'
            '    rdfs:label "Ali Veli, Sağlık Bakanı"@tr , "Ali Veli, Minister of Health"@en .\n'
            "passage:aslanli-2018-L1-12 a itt:Passage ; itt:lineStart 1 ; itt:lineEnd 12 ; itt:inWork work:paper .\n")
    _path, result = validate(runner, tmp_path, body, "oxigraph", "--format", "json")
    assert not [r for r in found(result) if r[0] == "IriPolicyShape"]
