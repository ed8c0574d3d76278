package dev.flightpipeline.booking;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class ConnectionPoolsTest {

    @Test
    void aHikariPoolIsAsLargeAsItsMaximum() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setMaximumPoolSize(7);

            assertThat(ConnectionPools.maximumSize(pool)).isEqualTo(7);
        }
    }

    @Test
    void anotherDataSourceIsAssumedToHoldTen() {
        assertThat(ConnectionPools.maximumSize(new DriverManagerDataSource())).isEqualTo(10);
    }
}
