package dev.flightpipeline.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from embedded binaries (a child process of this JVM), with its data in a
 * folder that can be kept across restarts.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String USER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * @param dataDirectory the cluster's folder; null for a temporary one removed on close
     * @param keepData keep the data across restarts (otherwise the folder starts empty)
     * @param port 0 for any free port
     */
    public record Settings(Path dataDirectory, boolean keepData, int port) {
        public Settings {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, not " + port);
            }
            if (keepData && dataDirectory == null) {
                throw new IllegalArgumentException("keeping data needs a data directory");
            }
        }

        /** A throw-away server on a free port: what tests use. */
        public static Settings temporary() {
            return new Settings(null, false, 0);
        }
    }

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final boolean deleteOnClose;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, boolean deleteOnClose) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.deleteOnClose = deleteOnClose;
    }

    public static EmbeddedPostgresServer start(Settings settings) {
        long startedAt = System.nanoTime();
        Path directory = settings.dataDirectory() != null
                ? settings.dataDirectory().toAbsolutePath()
                : EmbeddedKafkaBroker.temporaryDirectory("postgres-");
        boolean deleteOnClose = settings.dataDirectory() == null || !settings.keepData();
        stopLeftoverServer(directory);
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(!settings.keepData())
                    .setPort(settings.port() == 0 ? FreePorts.find() : settings.port())
                    .setRegisterShutdownHook(true)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_buffers", "128MB")
                    // Throw-away data need not survive a power cut; kept data must.
                    .setServerConfig("fsync", settings.keepData() ? "on" : "off")
                    .setServerConfig("synchronous_commit", settings.keepData() ? "on" : "off")
                    .setServerConfig("full_page_writes", settings.keepData() ? "on" : "off")
                    .start();
            log.info(
                    "PostgreSQL ready on port {} in {} ms",
                    postgres.getPort(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
            return new EmbeddedPostgresServer(postgres, directory, deleteOnClose);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * A JVM killed without its shutdown hook leaves its PostgreSQL running on the kept folder, and a
     * new server cannot start there. Stop that orphan (ours: it serves this very folder).
     */
    private static void stopLeftoverServer(Path directory) {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        Optional<ProcessHandle> leftover =
                readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (leftover.isPresent()) {
            log.warn("Stopping a PostgreSQL server left running on {} by an earlier run", directory);
            leftover.get().destroy(); // SIGTERM: PostgreSQL's "smart" shutdown
            try {
                leftover.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                leftover.get().destroyForcibly();
            }
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale " + pidFile, e);
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public String username() {
        return USER;
    }

    /** The embedded server trusts local connections: there is no password. */
    public String password() {
        return "";
    }

    /** Creates the database unless it exists. Names are plain SQL identifiers (lower case, digits, _). */
    public void createDatabaseIfAbsent(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, name);
            try (ResultSet result = exists.executeQuery()) {
                if (result.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        }
        if (deleteOnClose) {
            FileTrees.delete(dataDirectory);
        }
    }
}
