package dev.flightpipeline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresEndpointTest {

    @Test
    void aDatabaseNameIsThePrefixMadeAPlainIdentifierThenTheSuffix() {
        assertThat(PostgresEndpoint.databaseName("Booking-Persistence IT", "ab12_3"))
                .isEqualTo("booking_persistence_it_ab12_3");
    }

    @Test
    void aDatabaseNameAlwaysStartsWithALetter() {
        assertThat(PostgresEndpoint.databaseName("2nd", "x_1")).isEqualTo("t2nd_x_1");
        assertThat(PostgresEndpoint.databaseName("", "x_1")).isEqualTo("t_x_1");
    }

    @Test
    void aLongPrefixIsShortenedSoThatPostgresKeepsTheWholeName() {
        String name = PostgresEndpoint.databaseName("a".repeat(100), "0123abcd_42");

        assertThat(name).hasSize(63).endsWith("_0123abcd_42");
    }

    @Test
    void aNewDatabasesUrlKeepsTheServerAndTheParameters() {
        assertThat(PostgresEndpoint.withDatabase("jdbc:postgresql://db:5432/test?loggerLevel=OFF&ssl=false", "t_1"))
                .isEqualTo("jdbc:postgresql://db:5432/t_1?loggerLevel=OFF&ssl=false");
        assertThat(PostgresEndpoint.withDatabase("jdbc:postgresql://db:5432/postgres", "t_1"))
                .isEqualTo("jdbc:postgresql://db:5432/t_1");
        assertThat(PostgresEndpoint.withDatabase("jdbc:postgresql://db:5432", "t_1"))
                .isEqualTo("jdbc:postgresql://db:5432/t_1");
    }

    @Test
    void printingAnEndpointShowsNeitherItsPasswordNorItsUrlParameters() {
        var endpoint = new PostgresEndpoint("jdbc:postgresql://db:5432/app?password=hunter2", "app", "s3cret");

        assertThat(endpoint.toString())
                .isEqualTo("PostgresEndpoint[jdbc:postgresql://db:5432/app as app]")
                .doesNotContain("s3cret", "hunter2");
    }
}
