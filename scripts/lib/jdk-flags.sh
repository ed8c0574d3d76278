#!/usr/bin/env bash
# Sourced after find-jdk.sh. On JDK 24+, Maven's and Kafka's libraries still call sun.misc.Unsafe's
# memory methods; allowing them explicitly keeps the JDK's warnings out of every run.
JDK_QUIET_FLAGS=""
if "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  JDK_QUIET_FLAGS="--sun-misc-unsafe-memory-access=allow"
fi
export MAVEN_OPTS="${MAVEN_OPTS:-} $JDK_QUIET_FLAGS"
