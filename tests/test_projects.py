"""A project is a folder: the tool builds a second, small project with no code change.

The project in tests/projects/invented-treaties was written for these tests (`ittifak init`, then
one invented agreement from `ittifak generate`); its titles and years are its own, so nothing of
the paper's dataset may show in what is built from it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from conftest import REPO
from ittifak.cli import main
from ittifak.core.layout import Layout
from ittifak.project import Project

INVENTED = Path(__file__).resolve().parent / "projects" / "invented-treaties"
PAPER_WORDS = ("Azerbaijan", "Azerbaycan", "1990–1993")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("invented") / "dist"
    result = CliRunner().invoke(main, ["--project", str(INVENTED), "build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_the_second_project_builds_with_its_own_title_and_iris(built):
    out, output = built
    void = Graph().parse(out / "void.ttl")
    dataset = URIRef("https://example.org/invented/dataset")
    assert Literal("Invented treaties, 2019–2022", lang="en") in set(void.objects(dataset, DCTERMS.title))
    assert Literal("Uydurma antlaşmalar, 2019–2022", lang="tr") in set(void.objects(dataset, DCTERMS.title))
    assert (URIRef("https://w3id.org/ittifak/dataset"), None, None) not in void
    assert "loaded" in output and "conforms" in output
    assert Layout.find(INVENTED).dataset.languages == ("en", "tr")  # no itt:primaryLanguage: sorted


def test_nothing_of_the_papers_dataset_shows_in_the_second_projects_outputs(built):
    out, _ = built
    # the shipped ontology and shapes (ontology.*, shapes.*, ittifak.*) name the paper's examples;
    # what is built from the project's own data and description must not
    texts = [p for p in (out / "network").iterdir() if p.suffix in (".html", ".svg", ".json", ".csv", ".graphml")]
    texts += [out / "void.ttl", out / "data.ttl"]
    assert len(texts) > 10
    for path in texts:
        text = path.read_text(encoding="utf-8")
        for word in PAPER_WORDS:
            assert word not in text, f"{path.name} holds {word!r}"
    page = (out / "network" / "actors.html").read_text(encoding="utf-8")
    assert "Invented treaties, 2019–2022" in page


def test_per_year_reports_run_over_the_projects_own_coverage(runner):
    result = runner.invoke(main, ["--project", str(INVENTED), "centrality", "--by-year", "--top", "1"])
    assert result.exit_code == 0, result.output
    years = [line.split(",")[1].split(":")[0].strip() for line in result.output.splitlines()
             if line.startswith("actors network,")]
    assert years == ["2019", "2020", "2021", "2022"]


def test_commands_find_the_project_from_the_folder_they_run_in():
    # run in a data folder of the project: the project is found upwards (like git)
    done = subprocess.run([sys.executable, "-m", "ittifak", "query", "agreements", "--format", "csv"],
                          cwd=INVENTED / "data", capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Guhanuvi–Ronogu Agreement on Environmental Cooperation" in done.stdout
    assert "Türkiye" not in done.stdout and "Turkey" not in done.stdout


def test_project_flag_gives_the_projects_prefixes_from_any_folder(runner, tmp_path, monkeypatch):
    # run from a folder of no project: the CURIE and the Turtle's prefixes are --project's own
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["--project", str(INVENTED), "query", "agreement-graph",
                                  "-p", "agreement=agreement:2021-guhanuvi-ronogu-environment-0"])
    assert result.exit_code == 0, result.output
    assert "@prefix agreement: <https://example.org/invented/id/agreement/>" in result.output
    assert "agreement:2021-guhanuvi-ronogu-environment-0 a itt:Agreement" in result.output


def test_a_project_object_resolves_names_with_its_own_prefixes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    project = Project(INVENTED)
    result = project.query("agreement-graph", {"agreement": ["agreement:2021-guhanuvi-ronogu-environment-0"]})
    assert len(result.graph) > 0
    assert Layout.find().root != INVENTED  # the project was active only inside the call


def test_outside_any_project_the_shipped_project_is_used(tmp_path):
    assert Layout.find().root == REPO  # the tests run in the checkout
    done = subprocess.run([sys.executable, "-m", "ittifak", "queries"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "agreement-signatories" in done.stdout


def test_init_writes_a_project_that_validates_and_refuses_to_overwrite(runner, tmp_path):
    folder = tmp_path / "archive"
    result = runner.invoke(main, ["init", str(folder), "--title", 'Treaties "of" <1920>',
                                  "--title-tr", "Antlaşmalar İ ı Ş ş", "--from", "1920", "--to", "1925"])
    assert result.exit_code == 0, result.output
    layout = Layout.find(folder)
    assert layout.dataset.title("en") == 'Treaties "of" <1920>'  # quotes in a title are escaped
    assert layout.dataset.title("tr") == "Antlaşmalar İ ı Ş ş"
    assert layout.dataset.years == (1920, 1925)
    assert layout.dataset.languages == ("tr", "en")  # a Turkish title makes Turkish the first language
    assert layout.ontology_files() == Layout.find(REPO).ontology_files()  # the shipped ontology
    again = runner.invoke(main, ["init", str(folder), "--title", "x"])
    assert again.exit_code == 2 and "already holds a project" in again.output
    backwards = runner.invoke(main, ["init", str(tmp_path / "b"), "--title", "x", "--from", "1925", "--to", "1920"])
    assert backwards.exit_code == 2 and not (tmp_path / "b" / "dataset.ttl").exists()
    english = runner.invoke(main, ["init", str(tmp_path / "english"), "--title", "Treaties"])
    assert english.exit_code == 0, english.output
    assert Layout.find(tmp_path / "english").dataset.languages == ("en", "tr")


def test_a_folder_that_is_not_a_project_is_named(runner, tmp_path):
    result = runner.invoke(main, ["--project", str(tmp_path), "queries"])
    assert result.exit_code == 2
    assert "not an Ittifak project" in result.output


def test_the_facade_has_the_commands_defaults():
    import click

    project = Project(REPO)
    build = main.commands["build"]
    defaults = {p.name: p.default for p in build.params if isinstance(p, click.Option)}
    assert project.store_spec == defaults["store_spec"] and project.engine == defaults["engine"]


def test_python_dash_m_and_dash_h():
    done = subprocess.run([sys.executable, "-m", "ittifak", "-h"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and "Usage: ittifak" in done.stdout
