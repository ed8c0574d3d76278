package dev.flightpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerIT {

    @TempDir
    Path dataDirectory;

    @Test
    void aCreatedDatabaseAcceptsConnectionsAndCreatingItAgainChangesNothing() throws Exception {
        try (EmbeddedPostgresServer postgres =
                EmbeddedPostgresServer.start(EmbeddedPostgresServer.Settings.temporary())) {
            postgres.createDatabaseIfAbsent("booking");
            postgres.createDatabaseIfAbsent("booking");

            try (Connection connection = connect(postgres, "booking");
                    ResultSet result = connection.createStatement().executeQuery("select current_database()")) {
                result.next();
                assertThat(result.getString(1)).isEqualTo("booking");
            }
        }
    }

    @Test
    void keptDataSurvivesARestart() throws Exception {
        var settings = new EmbeddedPostgresServer.Settings(dataDirectory, true, 0);
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(settings)) {
            postgres.createDatabaseIfAbsent("kept");
            try (Connection connection = connect(postgres, "kept");
                    Statement statement = connection.createStatement()) {
                statement.execute("create table note (text varchar primary key)");
                statement.execute("insert into note values ('before restart')");
            }
        }

        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(settings);
                Connection connection = connect(postgres, "kept");
                ResultSet result = connection.createStatement().executeQuery("select text from note")) {
            result.next();
            assertThat(result.getString(1)).isEqualTo("before restart");
        }
    }

    @Test
    void aDatabaseNameThatIsNotAPlainIdentifierIsRefused() {
        try (EmbeddedPostgresServer postgres =
                EmbeddedPostgresServer.start(EmbeddedPostgresServer.Settings.temporary())) {
            assertThatThrownBy(() -> postgres.createDatabaseIfAbsent("x; drop database postgres"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a plain database name");
        }
    }

    @Test
    void aServerLeftRunningByAKilledJvmIsStoppedAndItsDataIsKept(@TempDir Path logs) throws Exception {
        Path output = logs.resolve("abandoning.log");
        Process abandoning = JavaProcess.start(JavaProcess.AbandonedPostgres.class, output, dataDirectory.toString());
        assertThat(abandoning.waitFor(60, TimeUnit.SECONDS))
                .as("the abandoning JVM ends; its output: %s", JavaProcess.outputOf(output))
                .isTrue();
        assertThat(abandoning.exitValue()).as(JavaProcess.outputOf(output)).isZero();
        List<String> pidFile = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
        ProcessHandle leftover = ProcessHandle.of(Long.parseLong(pidFile.get(0)))
                .orElseThrow(() -> new AssertionError("the abandoned server is not running"));
        int leftoverPort = Integer.parseInt(pidFile.get(3).trim());
        assertThat(accepts(leftoverPort))
                .as("the abandoned server still serves")
                .isTrue();

        try (EmbeddedPostgresServer postgres =
                        EmbeddedPostgresServer.start(new EmbeddedPostgresServer.Settings(dataDirectory, true, 0));
                Connection connection = connect(postgres, "kept");
                ResultSet result = connection.createStatement().executeQuery("select text from note")) {
            assertThat(accepts(leftoverPort))
                    .as("the abandoned server was stopped")
                    .isFalse();
            result.next();
            assertThat(result.getString(1)).isEqualTo("written before the crash");
        } finally {
            leftover.destroyForcibly();
        }
    }

    @Test
    void aPidFileNamingAnUnrelatedLiveProcessNeitherBlocksTheStartNorHarmsThatProcess(@TempDir Path logs)
            throws Exception {
        var settings = new EmbeddedPostgresServer.Settings(dataDirectory, true, 0);
        EmbeddedPostgresServer.start(settings).close();
        Process unrelated = JavaProcess.start(JavaProcess.Idle.class, logs.resolve("idle.log"));
        try {
            // What a server killed with its JVM leaves, after the OS gave its process id to another.
            Files.writeString(
                    dataDirectory.resolve("postmaster.pid"),
                    String.join(
                            "\n",
                            String.valueOf(unrelated.pid()),
                            dataDirectory.toString(),
                            String.valueOf(System.currentTimeMillis() / 1000),
                            "5432",
                            "/tmp",
                            "127.0.0.1",
                            "  1234567     12",
                            "ready   ",
                            ""));

            try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(settings);
                    Connection connection = connect(postgres, "postgres")) {
                assertThat(connection.isValid(5)).isTrue();
                assertThat(unrelated.isAlive()).isTrue();
            }
        } finally {
            unrelated.destroyForcibly();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Connection connect(EmbeddedPostgresServer postgres, String database) throws Exception {
        return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.username(), postgres.password());
    }
}
