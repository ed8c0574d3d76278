package dev.flightpipeline.booking;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The smallest application that uses the booking persistence: what the services import. */
@SpringBootApplication
@Import(BookingPersistenceConfiguration.class)
class BookingCoreTestApplication {}
