#!/usr/bin/env bash
# Sourced after find-jdk.sh: quiets the JDK 24+ warning about Maven's own use of sun.misc.Unsafe.
if "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
