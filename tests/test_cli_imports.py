"""`ittifak query` imports only what loading and answering one query needs (what it costs in time
is measured in docs/benchmarks.md, not here)."""

from __future__ import annotations

import json
import subprocess
import sys

from ittifak import cli

# Modules a query on the default store never needs: rdflib's SPARQL engine (through oxrdflib's view),
# validation, the outputs, the other stores, the network and the portal.
NOT_ON_THE_QUERY_PATH = ("oxrdflib", "rdflib.plugins.sparql", "ittifak.validation", "ittifak.network",
                         "ittifak.portal", "ittifak.release", "ittifak.store.endpoint", "ittifak.store.push",
                         "ittifak.core.output", "networkx", "pyshacl")

_SCRIPT = """
import json, sys
from ittifak.cli import main
try:
    main(["query", "agreements", "-p", "year=1992"], prog_name="ittifak")
except SystemExit as stop:
    assert not stop.code, stop.code
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def test_a_query_imports_neither_rdflibs_sparql_nor_validation_nor_outputs():
    done = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, check=True)
    assert "Ticaret" in done.stdout or done.stdout.strip()
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    unwanted = [m for m in loaded if any(m == top or m.startswith(top + ".") for top in NOT_ON_THE_QUERY_PATH)]
    assert not unwanted


def test_cli_choices_match_the_validation_and_push_modules():
    """cli.py restates these choices so that it can import validation and push lazily."""
    from ittifak.store.push import METHODS
    from ittifak.validation.engines import ENGINES

    assert cli.ENGINES == ENGINES
    assert cli.PUSH_METHODS == METHODS
