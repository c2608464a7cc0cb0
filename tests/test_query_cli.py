"""`ittifak query` and `ittifak queries` through click's CliRunner: formats, languages, files,
endpoints, and clear errors with their exit codes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Graph

from conftest import free_port
from ittifak.cli import main

TRADE = "agreement:1992-trade-economic-cooperation"


def run(runner, *args):
    return runner.invoke(main, list(args), catch_exceptions=False)


def test_queries_lists_names_titles_and_parameters(runner):
    result = run(runner, "queries")
    assert result.exit_code == 0
    for name in ("agreements", "agreement-signatories", "aid-table", "actor-links", "actor-paths"):
        assert name in result.output
    assert "Who signed what, for whom, and when" in result.output
    assert "params: year=any (xsd:gYear)" in result.output


def test_queries_describes_one(runner):
    result = run(runner, "queries", "actor-links")
    assert result.exit_code == 0
    assert "Question: What is a given actor" in result.output
    assert "actor (actor, default TİKA; e.g. SOCAR)" in result.output


def test_unknown_query_name(runner):
    result = run(runner, "query", "agreement-signatory")
    assert result.exit_code == 2
    assert "no query named 'agreement-signatory'; did you mean agreement-signatories" in result.output


def test_table_in_english_and_turkish(runner):
    english = run(runner, "query", "agreement-signatories", "--param", f"agreement={TRADE}", "--width", "120")
    assert english.exit_code == 0
    assert "Süleyman Demirel" in english.output and "Prime Minister" in english.output  # L651
    assert "(2 rows)" in english.output
    turkish = run(runner, "query", "agreement-signatories", "-p", f"agreement={TRADE}", "--lang", "tr",
                  "--width", "120")
    assert "Başbakan" in turkish.output and "Cumhurbaşkanı" in turkish.output  # L651-653


def test_wide_cells_wrap_within_the_width(runner):
    result = run(runner, "query", "year", "--width", "80")
    assert result.exit_code == 0
    assert max(len(line) for line in result.output.splitlines()) <= 80
    assert "…" in result.output  # long descriptions are cut after three lines


def test_csv_is_sparql_csv(runner):
    result = run(runner, "query", "agreement-signatories", "-p", f"agreement={TRADE}", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert result.stdout_bytes.endswith(b"\r\n")  # CliRunner.output normalises line ends
    assert {r["signatory"] for r in rows} == {"https://w3id.org/ittifak/id/person/suleyman-demirel",
                                              "https://w3id.org/ittifak/id/person/ebulfez-elcibey"}
    assert {r["date"] for r in rows} == {"1992-11-02"}


def test_tsv_is_sparql_tsv(runner):
    result = run(runner, "query", "agreement-signatories", "-p", f"agreement={TRADE}", "--format", "tsv")
    header, *lines = result.output.splitlines()
    assert header.split("\t")[:2] == ["?agreement", "?agreementLabel"]
    assert all(line.startswith("<https://w3id.org/ittifak/id/agreement/") for line in lines)
    assert '"Prime Minister"@en' in result.output


def test_json_is_sparql_json(runner):
    result = run(runner, "query", "agreement-signatories", "-p", f"agreement={TRADE}", "--format", "json")
    doc = json.loads(result.output)
    assert doc["head"]["vars"][0] == "agreement"
    binding = doc["results"]["bindings"][0]
    assert binding["agreement"]["type"] == "uri"
    assert binding["agreementLabel"]["xml:lang"] == "en"
    assert binding["date"]["datatype"] == "http://www.w3.org/2001/XMLSchema#date"


def test_ask_as_table_and_json(runner):
    assert run(runner, "query", "signed-for").output == "true\n"  # L651
    doc = json.loads(run(runner, "query", "signed-for", "-p", "side=Azerbaijan", "--format", "json").output)
    assert doc == {"head": {}, "boolean": False}


def test_construct_as_turtle(runner):
    result = run(runner, "query", "agreement-graph")
    assert result.exit_code == 0
    graph = Graph().parse(data=result.output, format="turtle")
    assert len(graph) > 20
    assert "@prefix agreement:" in result.output


def test_construct_as_a_table_of_triples(runner):
    result = run(runner, "query", "agreement-graph", "--format", "table", "--width", "200")
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split() == ["subject", "predicate", "object"]


@pytest.mark.parametrize(("args", "message"), [
    (["agreement-graph", "--format", "json"], "write it as turtle"),
    (["agreements", "--format", "turtle"], "use --format table, csv, tsv or json"),
    (["agreements", "--param", "yaer=1992"], "unknown parameter 'yaer' for query agreements"),
    (["search"], "missing parameter 'text' for query search"),
    (["actor-links", "-p", "actor=Koç"], "is ambiguous"),
    (["agreements", "--graph", "urn:g"], "a named graph is read from a remote store"),
    ([], "give a query NAME or --file FILE"),
])
def test_mistakes_exit_2_with_one_line(runner, args, message):
    result = run(runner, "query", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_own_query_file(runner, tmp_path):
    mine = tmp_path / "mine.rq"
    mine.write_text("# param: ?who actor -- a party\n"
                    "SELECT ?agreement WHERE { ?agreement itt:party ?who }\n", encoding="utf-8")
    result = run(runner, "query", "--file", str(mine), "-p", "who=Azerbaycan", "--format", "csv")
    assert result.exit_code == 0
    assert "https://w3id.org/ittifak/id/agreement/1992-trade-economic-cooperation" in result.output


def test_own_query_file_that_is_not_sparql(runner, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ?p }\n", encoding="utf-8")
    result = run(runner, "query", "--file", str(bad))
    assert result.exit_code == 2
    assert "bad.rq: the query cannot be run" in result.output
    missing = run(runner, "query", "--file", str(tmp_path / "nope.rq"))
    assert missing.exit_code == 2 and "no such query file" in missing.output


def test_out_writes_the_file(runner, tmp_path):
    out = tmp_path / "deep" / "signatures.csv"
    result = run(runner, "query", "agreement-signatories", "--format", "csv", "--out", str(out))
    assert result.exit_code == 0
    printed = run(runner, "query", "agreement-signatories", "--format", "csv").output
    assert out.read_text(encoding="utf-8") == printed
    assert [p.name for p in out.parent.iterdir()] == ["signatures.csv"]  # no temporary left behind


def test_print_query_shows_the_bound_values(runner):
    result = run(runner, "query", "actor-links", "-p", "actor=EKETİB", "--print-query")
    assert "<https://w3id.org/ittifak/id/organisation/tika> ?relation ?other" in result.output


def test_oxigraph_store_gives_the_same_csv(runner):
    memory = run(runner, "query", "aid-table", "--format", "csv").output
    oxigraph = run(runner, "query", "aid-table", "--format", "csv", "--store", "oxigraph").output
    assert sorted(memory.splitlines()) == sorted(oxigraph.splitlines())


def test_endpoint_gives_the_same_csv(runner, remote_project):
    local = run(runner, "query", "agreement-signatories", "--format", "csv").output
    remote = run(runner, "query", "agreement-signatories", "--format", "csv",
                 "--endpoint", remote_project.url).output
    assert sorted(local.splitlines()) == sorted(remote.splitlines())


def test_unreachable_endpoint(runner):
    url = f"http://127.0.0.1:{free_port()}/query"
    result = run(runner, "query", "agreements", "--endpoint", url, "--timeout", "5")
    assert result.exit_code == 3
    assert f"error: {url}: endpoint unreachable" in result.output


def test_endpoint_answering_an_http_error(runner, oxigraph_server):
    url = f"{oxigraph_server.base}/no-such-service"
    result = run(runner, "query", "agreements", "--endpoint", url)
    assert result.exit_code == 3
    assert f"{url}: the endpoint answered HTTP 404" in result.output


def test_endpoint_refusing_a_query(runner, tmp_path, oxigraph_server):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ?p }\n", encoding="utf-8")
    result = run(runner, "query", "--file", str(bad), "--endpoint", oxigraph_server.query)
    assert result.exit_code == 3
    assert "the endpoint answered HTTP 400 Bad Request" in result.output


def test_table_keeps_dates_whole_and_words_unbroken():
    from rdflib import Literal as L

    from ittifak.query.results import to_table
    from ittifak.store import QueryResult

    text = "Türkiye ve Azerbaycan Ticaret ve Ekonomik İş Birliği Anlaşması iki ülke ilişkilerini perçinledi"
    result = QueryResult("select", ["date", "note", "other"],
                         [(L("1992-11-02"), L(text), L("kısa")), (L("1992-05"), L("iki ülke"), None)])
    lines = to_table(result, width=48).splitlines()
    assert max(len(line) for line in lines) <= 48
    assert lines[2].startswith("1992-11-02")
    words = set(text.split())
    body = [line[12:].split("  ")[0].split() for line in lines[2:-1]]
    assert all(w in words or w.endswith("…") for chunk in body for w in chunk)


def test_a_column_no_row_fills_is_left_out_of_the_table_but_not_the_csv(runner):
    # the trade agreement's signatures (L651-653) have no status; the TRT memorandum's are planned
    table = run(runner, "query", "agreement-signatories", "-p", f"agreement={TRADE}", "--width", "160")
    assert "status" not in table.output.splitlines()[0]
    csv = run(runner, "query", "agreement-signatories", "-p", f"agreement={TRADE}", "--format", "csv")
    assert "statusLabel" in csv.output.splitlines()[0]
    planned = run(runner, "query", "agreement-signatories", "-p", "signatory=Abasbeyli", "--width", "160")
    assert "status" in planned.output.splitlines()[0] and "Planned" in planned.output  # L777
