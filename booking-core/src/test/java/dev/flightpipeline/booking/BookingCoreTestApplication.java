package dev.flightpipeline.booking;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;

/**
 * The smallest application that uses the booking persistence: what the services import, and the
 * Spring Data repository these tests check it against.
 */
@SpringBootApplication
@Import(BookingPersistenceConfiguration.class)
@EnableJdbcRepositories(basePackageClasses = BookingRepository.class)
class BookingCoreTestApplication {}
