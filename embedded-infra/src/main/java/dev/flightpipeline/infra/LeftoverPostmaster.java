package dev.flightpipeline.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what a PostgreSQL server that was not stopped cleanly left in its data directory, so that
 * a new server can start there. The server writes {@code postmaster.pid} (its process id and start
 * time, among other lines) and removes it when it stops. If a JVM is killed, its server keeps
 * running (it is a separate process) or the file stays behind; a new server then refuses to start
 * while the file names a live process, even an unrelated one that got the same process id.
 */
final class LeftoverPostmaster {

    private static final Logger log = LoggerFactory.getLogger(LeftoverPostmaster.class);
    static final String PID_FILE = "postmaster.pid";
    /** How far the process's start time may be from the one the server wrote (clock granularity). */
    private static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(5);

    private static final int STOP_TIMEOUT_SECONDS = 30;

    private LeftoverPostmaster() {}

    /** Stops the server still running on this directory, if any, and removes a stale pid file. */
    static void clear(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve(PID_FILE);
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        Optional<ProcessHandle> leftover = readServerProcess(pidFile);
        if (leftover.isPresent()) {
            log.warn(
                    "Stopping the PostgreSQL server (pid {}) left running on {}",
                    leftover.get().pid(),
                    dataDirectory);
            stop(leftover.get(), dataDirectory);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale " + pidFile, e);
        }
    }

    /** The live process that wrote the pid file: a postgres started when the file says. */
    private static Optional<ProcessHandle> readServerProcess(Path pidFile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.size() < 3) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).trim());
            Instant startedAt =
                    Instant.ofEpochSecond(Long.parseLong(lines.get(2).trim()));
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> isPostgres(process) && startedNear(process, startedAt));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info()
                .command()
                .map(command -> Path.of(command).getFileName().toString())
                .filter(name -> name.equals("postgres") || name.equals("postgres.exe"))
                .isPresent();
    }

    private static boolean startedNear(ProcessHandle process, Instant startedAt) {
        return process.info()
                .startInstant()
                .filter(actual -> Duration.between(actual, startedAt).abs().compareTo(START_TIME_TOLERANCE) <= 0)
                .isPresent();
    }

    /**
     * SIGTERM, PostgreSQL's "smart" shutdown: it waits for open sessions, and the killed JVM's are
     * gone. The server removes its pid file as it ends; that, not the end of the process, is what
     * is awaited, as an orphan's new parent may be slow to reap it. (Not pg_ctl: the embedded
     * binaries may run in a user namespace of their own, where pg_ctl run from here cannot act.)
     */
    private static void stop(ProcessHandle server, Path dataDirectory) {
        server.destroy();
        try {
            awaitRemoval(dataDirectory.resolve(PID_FILE));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the leftover PostgreSQL server", e);
        }
    }

    private static void awaitRemoval(Path pidFile) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_TIMEOUT_SECONDS);
        while (Files.exists(pidFile)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the PostgreSQL server left running on " + pidFile.getParent()
                        + " did not stop within " + STOP_TIMEOUT_SECONDS
                        + " s of a shutdown request; stop it, then start again");
            }
            Thread.sleep(100);
        }
    }
}
