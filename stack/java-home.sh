#!/usr/bin/env bash
# Prints a JAVA_HOME holding JDK 25 or newer: $JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm.
set -euo pipefail
major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(major "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
  echo "$JAVA_HOME"; exit 0
fi
for home in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
  home=${home%/}
  if [ -x "$home/bin/java" ] && [ "$(major "$home")" -ge 25 ] 2>/dev/null; then echo "$home"; exit 0; fi
done
echo "roundhouse needs a JDK 25: none found in \$JAVA_HOME or /usr/lib/jvm" >&2
exit 1
