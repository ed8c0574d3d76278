package dev.flightpipeline.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service (the booker, the gateway, P1's bare endpoint) as its own operating-system process,
 * {@code java -jar} a runnable jar, so that its resident memory and CPU time are its own and nothing
 * of the harness's. Its settings are passed as {@code --name=value} arguments, which win over its
 * own YAML file as an operator's would; its output goes to a log file.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(45);

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    private final Path runningJar;

    private ServiceProcess(String name, Process process, int port, Path log, Path runningJar) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.runningJar = runningJar;
    }

    /** A build during the run must not change the jar under the running service: it runs a copy. */
    private static Path copyOf(String name, Path jar) {
        try {
            Path copy = Files.createTempFile(name + "-", ".jar");
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
            copy.toFile().deleteOnExit();
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the " + name + "'s jar " + jar, e);
        }
    }

    /**
     * Starts the jar's own main class on a free HTTP port and returns at once; see {@link
     * #awaitHealthy}.
     *
     * @param name what the service is, for messages and file names, e.g. {@code booker}
     * @param jvmOptions e.g. {@code -Xmx512m}
     * @param settings Spring properties, e.g. {@code booker.max-in-flight -> 5000}
     */
    public static ServiceProcess start(
            String name, Path jar, List<String> jvmOptions, Map<String, String> settings, Path log) {
        return start(name, jar, null, jvmOptions, settings, log);
    }

    /**
     * Starts another main class of a Spring Boot runnable jar (through its {@code PropertiesLauncher}),
     * e.g. one of the harness jar's.
     */
    public static ServiceProcess startMainClass(
            String name, Path jar, String mainClass, List<String> jvmOptions, Map<String, String> settings, Path log) {
        return start(name, jar, mainClass, jvmOptions, settings, log);
    }

    private static ServiceProcess start(
            String name, Path jar, String mainClass, List<String> jvmOptions, Map<String, String> settings, Path log) {
        Path runningJar = copyOf(name, jar);
        int port = freePort();
        List<String> launch = new ArrayList<>();
        if (mainClass == null) {
            launch.add("-jar");
            launch.add(runningJar.toString());
        } else {
            launch.add("-Dloader.main=" + mainClass);
            launch.add("-cp");
            launch.add(runningJar.toString());
            launch.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        }
        launch.add("--server.port=" + port);
        settings.forEach((setting, value) -> launch.add("--" + setting + "=" + value));
        try {
            Process process = ChildJvm.start(jvmOptions, launch, log);
            // A harness stopped with Ctrl-C or by a failure must not leave the service running.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-" + name));
            return new ServiceProcess(name, process, port, log, runningJar);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + name + " from " + jar, e);
        }
    }

    /** Returns once the service answers {@code /actuator/health} with 200; see {@link #awaitHealthy(String, Duration)}. */
    public void awaitHealthy(Duration timeout) throws InterruptedException {
        awaitHealthy("/actuator/health", timeout);
    }

    /** Returns once the service answers a GET of {@code path} with 200; throws if it died or took too long. */
    public void awaitHealthy(String path, Duration timeout) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the " + name + " exited with " + process.exitValue() + " while starting; see " + log);
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // still starting
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException("the " + name + " was not healthy within " + timeout + "; see " + log);
    }

    /** {@code http://127.0.0.1:<port>}: where the service listens. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public ProcFiles.Memory memory() {
        return ProcFiles.memoryOf(process.pid());
    }

    public double cpuSeconds() {
        return ProcFiles.cpuSecondsOf(process.pid());
    }

    public Path log() {
        return log;
    }

    /** Asks the service to stop (SIGTERM: a graceful shutdown), and kills it if it has not within 45 s. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(runningJar);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + runningJar, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
