#!/usr/bin/env bash
# bulk-resend launcher.
#   ./run.sh                      the demo: seeds the embedded directory from samples/ if it is
#                                 empty, runs samples/new-hires.csv, prints the summary
#   ./run.sh <command> [options]  any command of the jar: run, directory import, directory list, ...
# Builds the jar first when it is missing or older than the sources. Needs only a JDK 17+:
# the Maven wrapper fetches Maven itself.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$home/target/bulk-resend.jar"

if ! command -v java >/dev/null 2>&1; then
  echo "bulk-resend needs a Java runtime (JDK 17 or newer) on the PATH." >&2
  exit 2
fi
java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [ "${java_major%%.*}" -lt 17 ] 2>/dev/null; then
  echo "bulk-resend needs Java 17 or newer; this java is version $java_major." >&2
  exit 2
fi

if [ ! -f "$jar" ] || [ -n "$(find "$home/src" "$home/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "Building bulk-resend (first time, or the sources changed)..." >&2
  (cd "$home" && ./mvnw -B -q -DskipTests package) >&2
fi

export BULK_RESEND_HOME="$home"
if [ $# -eq 0 ]; then
  set -- demo
fi
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
