package dev.flightpipeline.booking;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Import this to get the {@link BookingReader}; Flyway applies the schema in {@code db/migration}.
 * Bookings change only through {@link BookingTransitions}.
 */
@Configuration(proxyBeanMethods = false)
public class BookingPersistenceConfiguration {

    @Bean
    BookingReader bookingReader(DataSource dataSource) {
        return new BookingReader(dataSource);
    }
}
