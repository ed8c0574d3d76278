package dev.flightpipeline.benchmarks.faults;

import dev.flightpipeline.benchmarks.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * One process of the run (the broker, the database, the simulator, a service), started from a
 * runnable jar in a JVM of its own, its output in a log file. It can be stopped gracefully
 * (SIGTERM) or killed (SIGKILL), as an operator or a crash would.
 */
final class ChildProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(45);
    private static final HttpClient HEALTH_CHECKS =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java <jvmOptions> <launch...>} and returns at once.
     *
     * @param launch e.g. {@code -jar app.jar --server.port=8080}
     */
    static ChildProcess start(String name, List<String> jvmOptions, List<String> launch, Path log) {
        try {
            Process process = ChildJvm.start(jvmOptions, launch, log);
            // A run stopped with Ctrl-C must not leave its processes running. SIGTERM, not SIGKILL:
            // the database's JVM then stops its postgres process, which a SIGKILL would orphan.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "stop-" + name));
            return new ChildProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /**
     * Asks {@code url} once, in the background: the answer completes true for a 200, false for
     * anything else or no answer within 5 s.
     */
    CompletableFuture<Boolean> probeHealth(URI url) {
        requireAlive();
        HttpRequest health =
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build();
        return HEALTH_CHECKS
                .sendAsync(health, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> response.statusCode() == 200)
                .exceptionally(notAnswering -> false);
    }

    /** Returns once {@code url} answers 200; throws if the process died or took longer than {@code timeout}. */
    void awaitHealthy(URI url, Duration timeout) {
        try {
            healthyAt(url, timeout).join();
        } catch (CompletionException notHealthy) {
            throw notHealthy.getCause() instanceof RuntimeException cause ? cause : notHealthy;
        }
    }

    /**
     * Asks {@code url} every 250 ms in the background until it answers 200, and completes with when
     * it did; completes exceptionally if the process died or did not answer within {@code timeout}.
     */
    CompletableFuture<Instant> healthyAt(URI url, Duration timeout) {
        return healthyAt(url, timeout, Instant.now().plus(timeout));
    }

    private CompletableFuture<Instant> healthyAt(URI url, Duration timeout, Instant deadline) {
        return probeHealth(url).thenCompose(healthy -> {
            if (healthy) {
                return CompletableFuture.completedFuture(Instant.now());
            }
            if (Instant.now().isAfter(deadline)) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException(name + " was not healthy within " + timeout + "; see " + log));
            }
            return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(250, TimeUnit.MILLISECONDS))
                    .thenCompose(waited -> healthyAt(url, timeout, deadline));
        });
    }

    /** Returns once the log has a line starting with {@code prefix}, and that line. */
    String awaitLogLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
            } catch (IOException | UncheckedIOException notWrittenYet) {
                // the log is created with the process; a line may be half written
            }
            requireAlive();
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException(name + " did not print '" + prefix + "' within " + timeout + "; see " + log);
    }

    private void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
        }
    }

    /** SIGKILL: no shutdown hook, no graceful anything. Returns once the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** SIGTERM (a graceful shutdown), and SIGKILL if it has not ended within 45 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
