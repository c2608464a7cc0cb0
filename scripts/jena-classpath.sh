#!/usr/bin/env bash
# Print a working classpath for Debian's Apache Jena (libapache-jena-java).
# Debian's jars as shipped fail at start-up (an SLF4J binding loop, and Xerces message bundles left
# under their old package path); this builds a clean classpath and a small jar with the bundles
# where the relocated code looks for them. Needs unzip and a JDK's `jar`.
set -euo pipefail
PKGS=$(apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances libapache-jena-java | grep -E '^lib.*-java$' | sort -u)
CP=$(for p in $PKGS; do dpkg -L "$p"; done | grep -E '^/usr/share/java/[^/]+\.jar$' \
  | grep -v -E -- '-[0-9][0-9.]*\.jar$' | grep -v -E 'slf4j|log4j|commons-logging' | sort -u | tr '\n' ':')
CP="${CP}/usr/share/java/slf4j-api.jar:/usr/share/java/slf4j-simple.jar"
FIX_DIR=${JENA_FIX_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ittifak-jena-fix}
if [ ! -f "$FIX_DIR/jena-xerces-resfix.jar" ]; then
  rm -rf "$FIX_DIR/x" && mkdir -p "$FIX_DIR/x"
  (cd "$FIX_DIR/x" && unzip -q /usr/share/java/jena-core.jar 'org/apache/jena/ext/xerces/*' \
    && mv org/apache/jena/ext/xerces xerces && rm -rf org && jar cf "$FIX_DIR/jena-xerces-resfix.jar" xerces)
fi
echo "$CP:$FIX_DIR/jena-xerces-resfix.jar"
