"""`ittifak build` through the CLI runner."""

from ittifak.cli import main


def test_build_reports_counts(runner, tmp_path):
    result = runner.invoke(main, ["build", "--out", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    assert "triples" in result.output


def test_unknown_store_is_a_clear_error(runner):
    result = runner.invoke(main, ["build", "--store", "postgres"])
    assert result.exit_code == 2
    assert "unknown store 'postgres'" in result.output
