package dev.flightpipeline.booker.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

class DatabaseRefusalTest {

    @Test
    void aRefusalNamesTheSqlStateAndNotTheFailingRowsPersonalData() {
        SQLException postgres = new SQLException(
                "ERROR: null value in column \"title\" violates not-null constraint. Detail: Failing row contains"
                        + " (pas_1, Tony, Stark, 1980-07-24, tony@example.com, +442080160509)",
                "23502");
        DataIntegrityViolationException refused =
                new DataIntegrityViolationException("insert into traveler ...; " + postgres.getMessage(), postgres);

        String reason = BookingRequestListener.databaseRefusal(refused);

        assertThat(reason).isEqualTo("the database refused it (SQLState 23502)");
    }

    @Test
    void aRefusalWithoutAnSqlStateSaysOnlyThatTheDatabaseRefusedIt() {
        String reason = BookingRequestListener.databaseRefusal(
                new DataIntegrityViolationException("Failing row contains (Tony, Stark)"));

        assertThat(reason).isEqualTo("the database refused it");
    }
}
