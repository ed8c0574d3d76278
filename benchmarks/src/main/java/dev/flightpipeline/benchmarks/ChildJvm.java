package dev.flightpipeline.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a JVM of its own for one part of a run: this JVM's {@code java}, its output in a log file. */
public final class ChildJvm {

    private ChildJvm() {}

    /**
     * Starts {@code java <jvmOptions> <launch...>} and returns at once.
     *
     * @param launch what to run, e.g. {@code -jar app.jar --server.port=8080}
     */
    public static Process start(List<String> jvmOptions, List<String> launch, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 24) {
            // Kafka's clients still use sun.misc.Unsafe's memory methods; JDK 24+ warns unless allowed.
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        // Netty loads its native transport; without this the JDK warns about it on every start.
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.addAll(launch);
        Files.createDirectories(log.toAbsolutePath().getParent());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
