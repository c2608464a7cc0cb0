#!/usr/bin/env bash
# Set up Ittifak: a virtualenv with the package, and with --system the Debian packages the tests use
# (a headless browser, Graphviz, Apache Jena with a JDK to run its SHACL checks from Java source).
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--system" ]; then
  DEBIAN_PKGS="chromium graphviz libapache-jena-java openjdk-17-jdk-headless fonts-dejavu-core unzip"
  missing=""
  for p in $DEBIAN_PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  if [ -n "$missing" ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v '^WARNING' || true
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]' 2>&1 | grep -v '^WARNING' || true
.venv/bin/python -c "import ittifak" # fail loudly if the install did not work
