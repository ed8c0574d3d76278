package dev.flightpipeline.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Another JVM on this test's class path: for what a killed or unrelated process leaves behind. */
final class JavaProcess {

    private JavaProcess() {}

    /** Starts {@code main} of the class; its output goes to the file, not to this test's output channel. */
    static Process start(Class<?> main, Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }

    static String outputOf(Path output) {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** A process that waits, doing nothing, until it is destroyed. */
    static final class Idle {
        public static void main(String[] args) throws IOException {
            while (System.in.read() >= 0) {
                // waits for input that never comes
            }
        }
    }

    /** Starts a server on a kept folder and dies without stopping it, as a killed JVM would. */
    static final class AbandonedPostgres {
        public static void main(String[] args) throws Exception {
            EmbeddedPostgresServer server =
                    EmbeddedPostgresServer.start(new EmbeddedPostgresServer.Settings(Path.of(args[0]), true, 0));
            server.createDatabaseIfAbsent("kept");
            try (var connection = java.sql.DriverManager.getConnection(
                            server.jdbcUrl("kept"), server.username(), server.password());
                    var statement = connection.createStatement()) {
                statement.execute("create table note (text varchar primary key)");
                statement.execute("insert into note values ('written before the crash')");
            }
            Runtime.getRuntime().halt(0); // no shutdown hooks: the server keeps running
        }
    }
}
