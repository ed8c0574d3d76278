package dev.flightpipeline.benchmarks.accept;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The load tool of P1's throughput runs: wrk, closed loop ({@code connections} connections, each
 * sending its next request when the last is answered), with the create-order script. The same
 * command line for the gateway and the bare endpoint; only the URL differs.
 */
final class Wrk {

    static final String SCRIPT_RESOURCE = "/accept/create-order.lua";

    private final Path executable;
    private final Path script;

    private Wrk(Path executable, Path script) {
        this.executable = executable;
        this.script = script;
    }

    /** Finds {@code wrk} on the PATH and writes the script next to the run's results. */
    static Wrk find(Path scriptFile) {
        Path executable = onPath("wrk");
        try (InputStream lua = Wrk.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (lua == null) {
                throw new IllegalStateException("no " + SCRIPT_RESOURCE + " in the harness jar");
            }
            Files.createDirectories(scriptFile.toAbsolutePath().getParent());
            Files.write(scriptFile, lua.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + scriptFile, e);
        }
        return new Wrk(executable, scriptFile);
    }

    private static Path onPath(String name) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "wrk is not installed: install the Debian package (apt-get install wrk), then run again");
    }

    /** One run of wrk, under way. */
    static final class Run {
        private final Process process;
        private final Path output;

        private Run(Process process, Path output) {
            this.process = process;
            this.output = output;
        }

        boolean isAlive() {
            return process.isAlive();
        }

        long pid() {
            return process.pid();
        }

        /** Waits for wrk to end and reads its report; throws if it failed. */
        WrkReport report() throws InterruptedException {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("wrk did not end; its output: " + output);
            }
            String text;
            try {
                text = Files.readString(output);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read wrk's output " + output, e);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("wrk exited with " + process.exitValue() + ": " + text.strip());
            }
            return WrkReport.parse(text);
        }
    }

    /**
     * Starts wrk against {@code url} and returns at once.
     *
     * @param label part of every Idempotency-Key of the run, so that no two runs share a key
     * @param output where wrk's own output goes (kept with the results)
     */
    Run start(
            String url,
            String token,
            String label,
            String body,
            int threads,
            int connections,
            long seconds,
            Path output) {
        List<String> command = new ArrayList<>(List.of(
                executable.toString(),
                "--threads",
                Integer.toString(threads),
                "--connections",
                Integer.toString(connections),
                "--duration",
                seconds + "s",
                "--timeout",
                "10s",
                "--latency",
                "--script",
                script.toString(),
                url,
                "--",
                token,
                label,
                body));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-wrk"));
            return new Run(process, output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
    }
}
