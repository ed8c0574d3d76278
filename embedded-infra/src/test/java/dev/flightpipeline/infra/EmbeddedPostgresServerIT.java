package dev.flightpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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

    private static Connection connect(EmbeddedPostgresServer postgres, String database) throws Exception {
        return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.username(), postgres.password());
    }
}
