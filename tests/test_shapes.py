"""The shapes: well formed, documented, and the shipped data conforms to them in three engines."""

from __future__ import annotations

import pytest
from rdflib import RDFS, Graph, Literal
from rdflib.namespace import SH

from conftest import project_files
from ittifak.core.vocab import ITTS
from ittifak.validation.engines import run_shacl
from ittifak.validation.report import render_text
from ittifak.validation.results import WELL_TYPED
from ittifak.validation.shapes import load_shapes, named_shapes, shape_files
from ittifak.validation.validate import validate_files
from shacl_engines import (
    for_jena,
    jena_classpath,
    jena_validate,
    rudof_session,
    rudof_validate,
    skolemised_ntriples,
    summary,
)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def shipped():
    """The project's graph validated by `ittifak validate`'s own path (pySHACL)."""
    return validate_files()


def test_the_shipped_data_conforms(shipped):
    assert shipped.conforms, render_text(shipped)


def test_the_papers_own_contradictions_are_warnings_that_name_the_conflict(shipped):
    """Table 1 prints a total of 90 (tonnes) for rows that add up to 120 (L408-434): the data records
    it as a source conflict, so the totals rule warns and names it."""
    warnings = {(str(r.shape), str(r.entity)): r for r in shipped.warnings}
    total = warnings[(str(ITTS.AidTotalQuantityRecordedConflictShape),
                      "https://w3id.org/ittifak/id/aid/1990-food-medicine")]
    assert "90" in total.message and "120" in total.message
    assert "Table 1 tonnage total does not match its rows" in total.message
    assert total.location is not None and total.location.file.name == "aid.ttl"


def test_every_shape_says_what_it_protects_and_what_is_wrong(shapes):
    """Every named shape has an English and a Turkish message (sh:message) and comment (rdfs:comment)."""
    for shape in named_shapes(shapes):
        for prop in (SH.message, RDFS.comment):
            langs = {o.language for o in shapes.objects(shape, prop) if isinstance(o, Literal)}
            assert {"en", "tr"} <= langs, (shape, prop, langs)


def test_every_sparql_rule_has_a_message_per_language(shapes):
    for constraint in shapes.objects(None, SH.sparql):
        langs = sorted(o.language for o in shapes.objects(constraint, SH.message))
        assert langs == ["en", "tr"], constraint


def test_each_shape_file_stands_alone(tmp_path):
    """Every file parses on its own (its own prefixes), so a new rule is just a new file."""
    for path in shape_files():
        assert len(Graph().parse(path)) > 0, path


def test_the_ill_typed_literal_rule_is_left_to_ittifak(shapes):
    assert (WELL_TYPED, SH.deactivated, Literal(True)) in shapes


@pytest.fixture(scope="module")
def project_graph(project) -> Graph:
    return project.graph


@pytest.fixture(scope="module")
def ours(shipped):
    """pySHACL's results on the shipped data (from the report `ittifak validate` made)."""
    return summary(shipped.graph).without(str(WELL_TYPED))


def test_pyrudof_gives_the_same_results_on_the_shipped_data(project_graph, shapes, ours):
    theirs = rudof_validate(rudof_session(skolemised_ntriples(project_graph)),
                            shapes.serialize(format="turtle"))
    assert theirs.conforms and ours.conforms
    assert theirs.results == ours.results


@pytest.mark.skipif(jena_classpath() is None, reason="Apache Jena is not installed (scripts/setup.sh --system)")
def test_jena_gives_the_same_results_on_the_shipped_data(project_graph, shapes, ours, tmp_path):
    shapes_file = tmp_path / "shapes.ttl"
    for_jena(shapes).serialize(shapes_file, format="turtle")
    data_file = tmp_path / "data.nt"
    project_graph.serialize(data_file, format="nt", encoding="utf-8")
    theirs = jena_validate(shapes_file, [data_file])[data_file]
    assert theirs.conforms and ours.conforms
    assert theirs.results == ours.results


def test_the_bulk_engine_gives_the_same_results(project_graph, shapes, ours):
    """`--engine oxigraph` (ittifak.validation.bulkshacl) reads the same shapes to the same results."""
    assert summary(run_shacl(project_graph, shapes, engine="oxigraph")).results == ours.results


def test_project_files_are_what_validate_checks(shipped):
    assert shipped.files == project_files()
