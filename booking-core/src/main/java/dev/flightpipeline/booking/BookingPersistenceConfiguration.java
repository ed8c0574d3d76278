package dev.flightpipeline.booking;

import org.springframework.context.annotation.Configuration;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;

/** Import this to get the {@link BookingRepository}; Flyway applies the schema in {@code db/migration}. */
@Configuration(proxyBeanMethods = false)
@EnableJdbcRepositories(basePackageClasses = BookingRepository.class)
public class BookingPersistenceConfiguration {}
