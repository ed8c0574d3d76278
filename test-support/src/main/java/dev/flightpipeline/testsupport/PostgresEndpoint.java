package dev.flightpipeline.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A database on a running PostgreSQL server that tests may use. */
public record PostgresEndpoint(String jdbcUrl, String username, String password) {

    /** PostgreSQL cuts longer names short, which would leave the URL naming another database. */
    private static final int MAX_NAME_LENGTH = 63;
    /** Tells this JVM's databases from other JVMs' on a shared external server. */
    private static final String JVM_TAG =
            HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

    private static final AtomicInteger databases = new AtomicInteger();

    /**
     * A new, empty database on the same server, for one test class or application context. Its
     * name is the prefix made a plain identifier, then a suffix unique to this JVM and call.
     */
    public PostgresEndpoint newDatabase(String namePrefix) {
        String name = databaseName(namePrefix, JVM_TAG + "_" + databases.incrementAndGet());
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return new PostgresEndpoint(withDatabase(jdbcUrl, name), username, password);
    }

    static String databaseName(String prefix, String suffix) {
        String plain = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (plain.isEmpty() || !Character.isLetter(plain.charAt(0))) {
            plain = "t" + plain;
        }
        int room = MAX_NAME_LENGTH - suffix.length() - 1;
        return plain.substring(0, Math.min(plain.length(), room)) + "_" + suffix;
    }

    /** A new, unpooled connection per call: for a test's own statements and for Flyway. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(username);
        dataSource.setPassword(password);
        return dataSource;
    }

    /** The same URL (server and parameters) naming another database. */
    static String withDatabase(String jdbcUrl, String name) {
        int query = jdbcUrl.indexOf('?');
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        int hostStart = base.indexOf("//") + 2;
        int pathStart = base.indexOf('/', hostStart);
        String server = pathStart < 0 ? base : base.substring(0, pathStart);
        return server + "/" + name + (query < 0 ? "" : jdbcUrl.substring(query));
    }

    /** The URL without its parameters, which may hold a password: for logs. */
    String describe() {
        int query = jdbcUrl.indexOf('?');
        return (query < 0 ? jdbcUrl : jdbcUrl.substring(0, query)) + " as " + username;
    }

    /** Leaves the password out: records print every component otherwise. */
    @Override
    public String toString() {
        return "PostgresEndpoint[" + describe() + "]";
    }
}
