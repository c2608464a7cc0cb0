"""`ittifak centrality`, `network`, `diagram` and the network outputs of `build`, through CliRunner."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest

from conftest import REPO, values
from ittifak.cli import main
from ittifak.core.layout import Layout

ID = "https://w3id.org/ittifak/id/"
OX = ["--store", "oxigraph"]  # the embedded engine: the same answers, faster to load
FIRST = "    itt:primaryLanguage <http://id.loc.gov/vocabulary/iso639-1/tr> ;\n"  # in dataset.ttl


@pytest.fixture(scope="module")
def tika(oxigraph_project) -> dict[str, str]:
    """TİKA's rdfs:label in each language, as the data gives it."""
    found = {lang: values(oxigraph_project, "SELECT ?l WHERE { organisation:tika rdfs:label ?l "
                                            f"FILTER(LANG(?l) = '{lang}') }}") for lang in ("tr", "en")}
    assert all(len(v) == 1 for v in found.values()), found
    labels = {lang: v.pop() for lang, v in found.items()}
    assert labels["tr"] != labels["en"]  # so that the label tells the languages apart
    return labels


def variant(parent: Path, statement: str) -> Path:
    """The paper's project with dataset.ttl's first-language statement replaced by `statement`."""
    text = (REPO / "dataset.ttl").read_text(encoding="utf-8")
    assert FIRST in text
    folder = parent / "variant"
    folder.mkdir(parents=True)
    (folder / "dataset.ttl").write_text(text.replace(FIRST, statement), encoding="utf-8")
    (folder / "data").symlink_to(REPO / "data")
    return folder


def test_centrality_table(runner):
    result = runner.invoke(main, ["centrality", "--top", "5"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("actors network, all years:")
    assert "betweenness" in lines[1] and "pagerank" in lines[1]
    assert lines[2].split()[:2] == ["1", "Turkey"]
    assert len([line for line in lines if line[:3].strip().isdigit()]) == 5


def test_centrality_by_year_in_turkish_as_json(runner):
    result = runner.invoke(main, ["centrality", *OX, "--by-year", "--format", "json", "--lang", "tr", "--top", "50"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [w["from"] for w in report["windows"]] == [1990, 1991, 1992, 1993]
    labels_1992 = {r["label"] for r in report["windows"][2]["rows"]}
    assert {"Süleyman Demirel", "Ebulfez Elçibey"} <= labels_1992  # L645-653


def test_centrality_bipartite_csv_with_a_window(runner):
    result = runner.invoke(main, ["centrality", *OX, "--network", "bipartite", "--format", "csv", "--from", "1991",
                                  "--to", "1992", "--sort", "betweenness"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows and {"bipartite_betweenness", "bipartite_degree", "pagerank"} <= set(rows[0])
    values = [float(r["bipartite_betweenness"]) for r in rows]
    assert values == sorted(values, reverse=True)
    assert all(r["from"] == "1991" and r["to"] == "1992" for r in rows)


def test_centrality_input_errors(runner):
    for args, message in ((["--top", "0"], "'--top': 0 is not in the range x>=1"),
                          (["--sort", "fame"], "unknown measure 'fame'"),
                          (["--from", "1993", "--to", "1990"], "the period starts (1993) after it ends (1990)")):
        result = runner.invoke(main, ["centrality", *OX, *args])
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output and "Traceback" not in result.output


def test_network_command_writes_graphml_and_gexf(runner, tmp_path):
    for name in ("org.graphml", "org.gexf"):
        out = tmp_path / name
        result = runner.invoke(main, ["network", *OX, "--network", "organisational", "--out", str(out)])
        assert result.exit_code == 0, result.output
        g = nx.read_graphml(out) if name.endswith("graphml") else nx.read_gexf(out)
        assert g.nodes[ID + "post/aytekin-akagun--general-director"]["kind"] == "post"  # L246-248
    result = runner.invoke(main, ["network", "--out", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "unknown network format 'csv'" in result.output


def test_network_command_labels_in_the_datasets_first_language(runner, tmp_path, tika):
    assert Layout.find(REPO).dataset.languages == ("tr", "en")  # dataset.ttl: itt:primaryLanguage tr
    for name, lang in (("a.gexf", []), ("a.graphml", []), ("en.gexf", ["--lang", "en"])):
        out = tmp_path / name
        result = runner.invoke(main, ["network", *OX, "--network", "actors", "--out", str(out), *lang])
        assert result.exit_code == 0, result.output
        g = nx.read_graphml(out) if name.endswith("graphml") else nx.read_gexf(out)
        node = g.nodes[ID + "organisation/tika"]
        assert node["label"] == tika["en" if lang else "tr"], name
        assert (node["label_tr"], node["label_en"]) == (tika["tr"], tika["en"])


def test_without_a_first_language_the_languages_stay_sorted(runner, tmp_path, tika):
    folder = variant(tmp_path, "")
    assert Layout.find(folder).dataset.languages == ("en", "tr")
    out = tmp_path / "a.gexf"
    result = runner.invoke(main, ["--project", str(folder), "network", *OX, "--network", "actors",
                                  "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert nx.read_gexf(out).nodes[ID + "organisation/tika"]["label"] == tika["en"]


def test_a_first_language_the_dataset_does_not_have_is_refused(runner, tmp_path):
    iso = "<http://id.loc.gov/vocabulary/iso639-1/{}>"
    wrong = ("the first language (itt:primaryLanguage de) is not one of the dataset's languages "
             "(dcterms:language: en, tr)")
    for objects, message in ((iso.format("de"), wrong),
                             (f"{iso.format('tr')} , {iso.format('en')}",
                              "itt:primaryLanguage states 2 first languages (en, tr); give one")):
        statement = f"    itt:primaryLanguage {objects} ;\n"
        folder = variant(tmp_path / message[:3], statement)
        out = folder / "a.gexf"
        result = runner.invoke(main, ["--project", str(folder), "network", *OX, "--out", str(out)])
        assert result.exit_code == 2, result.output
        assert f"{folder / 'dataset.ttl'}: {message}" in result.output
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
        assert not out.exists()


def test_diagram_focus_is_turkish_aware(runner, tmp_path):
    result = runner.invoke(main, ["diagram", *OX, "--focus", "tika", "--depth", "1", "--out", str(tmp_path),
                                  "--format", "svg", "--lang", "tr"])
    assert result.exit_code == 0, result.output
    svg = (tmp_path / "actors.svg").read_text(encoding="utf-8")
    assert ">TİKA<" in svg


def test_diagram_with_period_and_classes(runner, tmp_path):
    result = runner.invoke(main, ["diagram", *OX, "--from", "1991", "--to", "1992", "--class", "Person",
                                  "--class", "Organisation", "--out", str(tmp_path), "--name", "p",
                                  "--format", "png", "--format", "html"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "p.png").stat().st_size > 10_000
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    data = json.loads(html.split('id="ittifak-data">', 1)[1].split("</script>", 1)[0].replace("<\\/", "</"))
    assert {n["group"] for n in data["nodes"]} <= {"Person", "Organisation", "Delegation"}
    assert all(any(1991 <= y <= 1992 for y in n["years"]) for n in data["nodes"])


def test_diagram_input_errors(runner, tmp_path):
    for args, message in ((["--focus", "Nobody Atall"], "named 'Nobody Atall'"),
                          (["--class", "Persn"], "unknown class 'Persn'"),
                          (["--size-by", "fame"], "unknown measure 'fame'")):
        result = runner.invoke(main, ["diagram", *OX, "--out", str(tmp_path), *args])
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output and "Traceback" not in result.output
    assert not any(tmp_path.iterdir())


def test_build_writes_the_network_outputs(runner, tmp_path, tika):
    result = runner.invoke(main, ["build", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "network"
    names = {p.name for p in folder.iterdir()}
    for kind in ("bipartite", "actors", "organisational"):
        assert {f"centrality-{kind}.csv", f"centrality-{kind}.json", f"{kind}.graphml", f"{kind}.gexf"} <= names
    assert {"actors.svg", "actors.png", "actors.pdf", "actors.html", "actors.caption.txt"} <= names
    years = {f"actors-{what}.{ext}" for what in ("years", "trends") for ext in ("svg", "png", "pdf", "caption.txt")}
    assert years <= names  # dataset.ttl gives the coverage
    assert not [n for n in names if n.startswith(".")]  # no temporary files left
    ranked = json.loads((folder / "centrality-actors.json").read_text(encoding="utf-8"))
    assert ranked["rows"][0]["iri"] == ID + "state/turkey"
    # the exchange files label in the dataset's first language (Turkish), the tables in English
    for name in ("actors.gexf", "actors.graphml", "organisational.gexf"):
        g = nx.read_graphml(folder / name) if name.endswith("graphml") else nx.read_gexf(folder / name)
        node = g.nodes[ID + "organisation/tika"]
        assert (node["label"], node["label_tr"], node["label_en"]) == (tika["tr"], tika["tr"], tika["en"]), name
    assert {r["label"] for r in ranked["rows"] if r["iri"] == ID + "organisation/tika"} == {tika["en"]}


def test_cli_choices_match_the_network_modules():
    """cli.py restates these choices so that it can import the network modules lazily."""
    from ittifak import cli
    from ittifak.network import outputs, projection

    assert cli.NETWORKS == projection.NETWORKS
    assert cli.EVIDENCE == projection.EVIDENCE and cli.WEIGHTINGS == projection.WEIGHTINGS
    assert cli.REPORT_FORMATS == outputs.REPORT_FORMATS


def test_centrality_evidence_and_weighting(runner):
    full = runner.invoke(main, ["centrality", *OX, "--format", "json", "--top", "200"])
    archival = runner.invoke(main, ["centrality", *OX, "--format", "json", "--top", "200", "--evidence", "archival"])
    assert full.exit_code == 0 and archival.exit_code == 0, full.output + archival.output
    whole, kept = json.loads(full.output)["windows"][0], json.loads(archival.output)["windows"][0]
    assert kept["by_evidence"]["ties"]["paper"] == 0 and kept["edges"] < whole["edges"]
    assert sum(whole["by_evidence"]["ties"].values()) == whole["edges"]
    assert kept["by_evidence"]["ties"]["archival"] == whole["by_evidence"]["ties"]["archival"]
    table = runner.invoke(main, ["centrality", *OX, "--top", "3", "--evidence", "paper", "--weighting", "count"])
    assert table.exit_code == 0 and "evidence paper" in table.output.splitlines()[0]
    bad = runner.invoke(main, ["centrality", *OX, "--evidence", "rumour"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_centrality_compare_evidence(runner):
    result = runner.invoke(main, ["centrality", *OX, "--compare-evidence", "--format", "csv", "--top", "100"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    # L645-669: Elçibey's ties rest on the paper's narrative and the works it cites, not on archives
    elcibey = next(r for r in rows if r["iri"] == ID + "person/ebulfez-elcibey")
    assert elcibey["rank_archival"] == "" and elcibey["move"] == ""
    moves = [abs(int(r["move"])) for r in rows if r["move"]]
    assert moves == sorted(moves, reverse=True)
    result = runner.invoke(main, ["centrality", *OX, "--compare-evidence", "--by-year"])
    assert result.exit_code == 2 and "--compare-evidence compares one period" in result.output


def test_network_and_diagram_evidence(runner, tmp_path):
    out = tmp_path / "a.gexf"
    result = runner.invoke(main, ["network", *OX, "--evidence", "archival", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "(archival evidence)" in result.output and "0 paper only" in result.output
    g = nx.read_gexf(out, version="1.3")
    assert {d["evidence"] for _, _, d in g.edges(data=True)} == {"archival"}
    assert g.graph["mode"] == "dynamic"
    result = runner.invoke(main, ["diagram", *OX, "--evidence", "paper", "--out", str(tmp_path), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert "(paper evidence)" in result.output and "0 archival" in result.output.split("ties (")[1]
