package dev.flightpipeline.benchmarks.limits;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PostgreSQL's commits/s on this machine, pgbench-style: clients each inserting one row of a booking's
 * size per transaction, as fast as they can, for a fixed time.
 */
final class PostgresCommitLimit {

    record CommitFigures(String durability, int clients, long commits, double commitsPerSecond) {}

    private static final String PAYLOAD = "x".repeat(400);

    private PostgresCommitLimit() {}

    static void createTable(String url, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(
                    "create table if not exists commit_limit (id bigserial primary key, payload text not null)");
        }
    }

    static CommitFigures run(String durability, String url, String user, String password, int clients, Duration length)
            throws InterruptedException {
        AtomicLong commits = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        long end = System.nanoTime() + length.toNanos();
        long started = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofPlatform().name("commit-limit-" + i).start(() -> {
                try (Connection connection = DriverManager.getConnection(url, user, password);
                        PreparedStatement insert =
                                connection.prepareStatement("insert into commit_limit (payload) values (?)")) {
                    connection.setAutoCommit(true);
                    insert.setString(1, PAYLOAD);
                    while (System.nanoTime() < end) {
                        insert.executeUpdate();
                        commits.incrementAndGet();
                    }
                } catch (SQLException failure) {
                    synchronized (failures) {
                        failures.add(failure);
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a commit client failed: " + failures.getFirst(), failures.getFirst());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new CommitFigures(durability, clients, commits.get(), commits.get() / seconds);
    }
}
