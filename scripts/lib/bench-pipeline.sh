# The P2 and P4 commands' shared part (docs: benchmarks/README.md): builds the booker's, the
# gateway's and the harness's jars when a source changed, then runs the harness main class
# $PIPELINE_MAIN with a real Kafka broker, a real PostgreSQL and the Duffel simulator embedded, and
# the booker and the gateway each as its own process. Sourced by scripts/bench-p2 and bench-p4 from
# the repository's root, after find-jdk.sh and jdk-flags.sh.

harness_jar() { ls benchmarks/target/benchmarks-*-exec.jar 2>/dev/null | head -n 1 || true; }
booker_jar() { ls booker/target/booker-*-exec.jar 2>/dev/null | head -n 1 || true; }
gateway_jar() { ls gateway/target/gateway-*-exec.jar 2>/dev/null | head -n 1 || true; }

sources_changed_since() { # $1 = a file; true when any source or build file is newer
  [ -n "$(find . \( -name target -o -name .local-data -o -name node_modules -o -name .git -o -name results \) -prune -o \
    -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$1" -print -quit)" ]
}

harness=$(harness_jar)
booker=$(booker_jar)
gateway=$(gateway_jar)
if [ -z "$harness" ] || [ -z "$booker" ] || [ -z "$gateway" ] || sources_changed_since "$harness" \
  || sources_changed_since "$booker" || sources_changed_since "$gateway"; then
  echo "Building the booker, the gateway and the benchmark harness (tests are run by ./scripts/test)..."
  mvn -B -q -pl benchmarks,booker,gateway -am package -Dmaven.test.skip=true -Dspotless.check.skip=true
  harness=$(harness_jar)
  booker=$(booker_jar)
  gateway=$(gateway_jar)
fi

# The harness jar's main class is P3's; PropertiesLauncher starts this one from the same jar.
exec "$JAVA_HOME/bin/java" $JDK_QUIET_FLAGS --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:--Xmx2g} \
  -Dloader.main="$PIPELINE_MAIN" \
  -cp "$harness" org.springframework.boot.loader.launch.PropertiesLauncher \
  --booker-jar="$booker" --gateway-jar="$gateway" --results-dir=benchmarks/results "$@"
