package dev.flightpipeline.booking;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Import this to get the {@link BookingRepository} and the {@link BookingReader}; Flyway applies the
 * schema in {@code db/migration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableJdbcRepositories(basePackageClasses = BookingRepository.class)
public class BookingPersistenceConfiguration {

    @Bean
    BookingReader bookingReader(DataSource dataSource) {
        return new BookingReader(JdbcClient.create(dataSource));
    }
}
