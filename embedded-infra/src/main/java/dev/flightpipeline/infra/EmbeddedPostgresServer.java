package dev.flightpipeline.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from embedded binaries (a child process of this JVM, stopped with it),
 * with its data in a folder that can be kept across restarts. A server left running on the folder
 * by a killed JVM is stopped first.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String USER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * How to run the server.
     *
     * @param dataDirectory the cluster's folder; null for a temporary one removed on close
     * @param keepData keep the data across restarts; otherwise the folder starts empty, is removed
     *     on close, and the server trades durability for speed (no fsync)
     * @param port 0 for any free port
     * @param stopWithJvm stop the server when the JVM exits without closing it (it is a separate
     *     process); off for an owner whose own shutdown hook closes it, in order, after what uses it
     */
    public record Settings(Path dataDirectory, boolean keepData, int port, boolean stopWithJvm) {

        public Settings(Path dataDirectory, boolean keepData, int port) {
            this(dataDirectory, keepData, port, true);
        }

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

        /**
         * The same server, not stopped by a hook of its own when the JVM exits: for an owner whose
         * shutdown hook stops it after what uses it has closed.
         */
        public Settings stoppedByItsOwner() {
            return new Settings(dataDirectory, keepData, port, false);
        }
    }

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final boolean deleteOnClose;
    private boolean closed;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, boolean deleteOnClose) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.deleteOnClose = deleteOnClose;
    }

    /** Starts a server (creating the cluster if the folder has none) and returns once it accepts connections. */
    public static EmbeddedPostgresServer start(Settings settings) {
        long startedAt = System.nanoTime();
        EmbeddedServerLogging.quietUnlessConfigured();
        Path directory = settings.dataDirectory() != null
                ? FileTrees.createDirectories(settings.dataDirectory().toAbsolutePath())
                : FileTrees.temporaryDirectory("postgres-");
        LeftoverPostmaster.clear(directory);
        if (!settings.keepData()) {
            FileTrees.deleteContents(directory);
        }
        String durable = settings.keepData() ? "on" : "off";
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(!settings.keepData())
                    .setPort(settings.port() == 0 ? FreePorts.find() : settings.port())
                    // Stops the server when the JVM exits without closing it: it is a separate process.
                    .setRegisterShutdownHook(settings.stopWithJvm())
                    .setPGStartupWait(Duration.ofSeconds(30))
                    // Every service and test class of a JVM keeps its own connection pool here.
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_buffers", "128MB")
                    // Throw-away data need not survive a power cut; kept data must.
                    .setServerConfig("fsync", durable)
                    .setServerConfig("synchronous_commit", durable)
                    .setServerConfig("full_page_writes", durable)
                    .start();
            log.info(
                    "PostgreSQL ready on port {} in {} ms",
                    postgres.getPort(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
            return new EmbeddedPostgresServer(postgres, directory, !settings.keepData());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start in " + directory + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** A JDBC URL of one database on this server. */
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

    /** Stops the server and removes its data unless it is kept. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        } finally {
            if (deleteOnClose) {
                FileTrees.delete(dataDirectory);
            }
        }
    }
}
