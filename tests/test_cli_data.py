"""--data: the commands run on another graph than data/ (here a generated one), bulk loaded."""

from __future__ import annotations

import json

import pytest

from ittifak.cli import main


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("gen") / "synthetic.nt"
    result = CliRunner().invoke(main, ["generate", "--agreements", "30", "--seed", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_query_runs_on_the_given_data_not_the_papers(runner, generated, store):
    result = runner.invoke(main, ["query", "agreements", "--data", str(generated), "--store", store,
                                  "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["results"]["bindings"]
    assert len({r["agreement"]["value"] for r in rows}) == 30  # the generator wrote 30 agreements
    assert not any("1992-trade-economic-cooperation" in r["agreement"]["value"] for r in rows)


def test_centrality_runs_on_the_given_data(runner, generated):
    result = runner.invoke(main, ["centrality", "--data", str(generated), "--top", "3", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "Turkey" not in result.output


def test_missing_data_file_is_named(runner, tmp_path):
    missing = tmp_path / "nope.nt"
    result = runner.invoke(main, ["query", "agreements", "--data", str(missing)])
    assert result.exit_code == 2
    assert str(missing) in result.output
