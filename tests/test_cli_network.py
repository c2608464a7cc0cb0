"""`ittifak centrality`, `network`, `diagram` and the network outputs of `build`, through CliRunner."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx

from ittifak.cli import main

ID = "https://w3id.org/ittifak/id/"
OX = ["--store", "oxigraph"]  # the embedded engine: the same answers, faster to load


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


def test_build_writes_the_network_outputs(runner, tmp_path):
    result = runner.invoke(main, ["build", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "network"
    names = {p.name for p in folder.iterdir()}
    for kind in ("bipartite", "actors", "organisational"):
        assert {f"centrality-{kind}.csv", f"centrality-{kind}.json", f"{kind}.graphml", f"{kind}.gexf"} <= names
    assert {"actors.svg", "actors.png", "actors.pdf", "actors.html"} <= names
    assert not [n for n in names if n.startswith(".")]  # no temporary files left
    ranked = json.loads((folder / "centrality-actors.json").read_text(encoding="utf-8"))
    assert ranked["rows"][0]["iri"] == ID + "state/turkey"


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
