package dev.flightpipeline.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A database on a running PostgreSQL server that tests may use. */
public record PostgresEndpoint(String jdbcUrl, String username, String password) {

    private static final AtomicInteger databases = new AtomicInteger();

    /** A new, empty database on the same server, for one test class or application context. */
    public PostgresEndpoint newDatabase(String namePrefix) {
        String name = namePrefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_"
                + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return new PostgresEndpoint(withDatabase(name), username, password);
    }

    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(username);
        dataSource.setPassword(password);
        return dataSource;
    }

    private String withDatabase(String name) {
        int slash = jdbcUrl.lastIndexOf('/');
        int query = jdbcUrl.indexOf('?', slash);
        return jdbcUrl.substring(0, slash + 1) + name + (query < 0 ? "" : jdbcUrl.substring(query));
    }

    @Override
    public String toString() {
        return "PostgresEndpoint[" + jdbcUrl + ", user " + username + "]";
    }
}
