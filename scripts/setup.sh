#!/usr/bin/env bash
# Set up Ittifak in .venv. Installs only what is missing, so it is safe to run again.
#   bash scripts/setup.sh              the package, and Debian's Graphviz and fonts (build draws figures)
#   bash scripts/setup.sh --test       also the test tools: Chromium, Apache Jena, Virtuoso, a JDK's `jar`,
#                                      Node.js with graphology-gexf (tests/js, from the npm registry)
#                                      and the Python test dependencies
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PKGS="graphviz fonts-dejavu-core"
EXTRA="."
if [ "${1:-}" = "--test" ]; then
  DEBIAN_PKGS="$DEBIAN_PKGS chromium libapache-jena-java unzip virtuoso-opensource"
  command -v jar >/dev/null 2>&1 || DEBIAN_PKGS="$DEBIAN_PKGS openjdk-17-jdk-headless"
  command -v node >/dev/null 2>&1 || DEBIAN_PKGS="$DEBIAN_PKGS nodejs"
  command -v npm >/dev/null 2>&1 || DEBIAN_PKGS="$DEBIAN_PKGS npm"
  EXTRA=".[test]"
fi

missing=""
for p in $DEBIAN_PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing Debian packages:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v '^WARNING' || true
.venv/bin/python -m pip install -q --disable-pip-version-check -e "$EXTRA" 2>&1 | grep -v '^WARNING' || true
.venv/bin/python -c "import ittifak"  # fail loudly if the install did not work
if [ "${1:-}" = "--test" ] && [ ! -d tests/js/node_modules/graphology-gexf ]; then
  (cd tests/js && npm ci --no-audit --no-fund --loglevel=error >/dev/null)  # the versions package-lock.json pins
fi
