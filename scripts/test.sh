#!/usr/bin/env bash
# Set up everything the tests need (Python packages and Debian packages), then run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/ruff check src tests bench
exec .venv/bin/pytest "$@"
