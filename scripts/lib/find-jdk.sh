#!/usr/bin/env bash
# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK whose major version is at
# least MIN_JAVA (21), looking at JAVA_HOME, then `java` on PATH, then the standard JVM folder.
# Exits with a clear message when there is none.

MIN_JAVA="${MIN_JAVA:-21}"

java_major_of() { # $1 = a java executable; prints its major version, or nothing
  local line
  line=$("$1" -XshowSettings:properties -version 2>&1 | grep -m1 'java.specification.version') || return 0
  line=${line##*= }
  echo "${line%%.*}"
}

jdk_home_if_suitable() { # $1 = a candidate JDK home; prints it when it has java and javac >= MIN_JAVA
  local home=$1 major
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  major=$(java_major_of "$home/bin/java")
  [ -n "$major" ] && [ "$major" -ge "$MIN_JAVA" ] || return 1
  echo "$home"
}

find_jdk() {
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && jdk_home_if_suitable "$JAVA_HOME"; then return 0; fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if jdk_home_if_suitable "$candidate"; then return 0; fi
  fi
  # The standard JVM folders, newest version first.
  for candidate in $(ls -d /usr/lib/jvm/* /usr/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home 2>/dev/null | sort -V -r); do
    if jdk_home_if_suitable "$candidate"; then return 0; fi
  done
  return 1
}

requested_java_home="${JAVA_HOME:-unset}"
if ! JAVA_HOME=$(find_jdk); then
  echo "error: this project needs a JDK ${MIN_JAVA} or newer, and none was found." >&2
  echo "       Looked at JAVA_HOME (${requested_java_home}), 'java' on PATH and the standard JVM folder (/usr/lib/jvm)." >&2
  echo "       Install a JDK ${MIN_JAVA}+ there, or point JAVA_HOME at one." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
