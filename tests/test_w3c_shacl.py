"""The W3C SHACL test suite (Core and SHACL-SPARQL) on the default engine, ittifak.validation.bulkshacl.

One test per suite test. Each must give the expected report, compared on (focus node, result path,
component, severity, value) and sh:conforms (ittifak.validation.shacl_suite), or — only for a feature the
engine does not implement, listed in REFUSED with that feature — refuse the shapes with an
InputError that names it. A test that expects sht:Failure must get an error.

The suite is read from $ITTIFAK_SHACL_TESTS, else ../shared/w3c-shacl-test-suite beside the repo;
without it the tests are skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ittifak.core.errors import InputError
from ittifak.validation.shacl_suite import (
    ENV,
    SuiteTest,
    bulkshacl_refused,
    judge,
    load_suite,
    run_bulkshacl,
    suite_dir,
)

SUITE = suite_dir(Path(__file__).resolve().parent.parent)

#: Suite tests the engine refuses, {test: the feature it names}. Nothing else may be refused; the
#: engine implements every feature the suite tests, so none is (refusals: tests/test_bulkshacl.py).
REFUSED: dict[str, str] = {}


def _tests() -> list:
    if not (SUITE / "manifest.ttl").is_file():
        reason = f"W3C SHACL test suite not found at {SUITE} (set {ENV})"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="suite-missing")]
    return [pytest.param(t, id=t.name) for t in load_suite(SUITE)]


TESTS = _tests()


@pytest.mark.parametrize("test", TESTS)
def test_w3c(test: SuiteTest):
    if test.name in REFUSED:
        with pytest.raises(InputError, match="^unsupported: " + re.escape(REFUSED[test.name])):
            run_bulkshacl(test.data, test.shapes)
        return
    if test.expected is None:  # sht:Failure: shapes a conforming engine must refuse
        with pytest.raises(InputError):
            run_bulkshacl(test.data, test.shapes)
        return
    outcome = judge(run_bulkshacl, test, bulkshacl_refused)
    assert outcome.verdict == "passed", f"{test.name} ({test.label}):\n{outcome.detail}"


def test_the_suite_is_complete():
    """Every folder of core/ and sparql/ is run, every refusal names a test of the suite."""
    if TESTS[0].values[0] is None:
        pytest.skip(TESTS[0].marks[0].kwargs["reason"])
    names = {p.values[0].name for p in TESTS}
    assert len(names) == 121
    assert set(REFUSED) <= names
    assert {n.rsplit("/", 1)[0] for n in names} == {
        "core/complex", "core/misc", "core/node", "core/path", "core/property", "core/targets",
        "core/validation-reports", "sparql/component", "sparql/node", "sparql/pre-binding",
        "sparql/property"}
    assert sum(p.values[0].expected is None for p in TESTS) == 7  # the sht:Failure tests
