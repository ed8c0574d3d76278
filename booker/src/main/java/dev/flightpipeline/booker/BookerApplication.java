package dev.flightpipeline.booker;

import dev.flightpipeline.booking.BookingPersistenceConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** Consumes booking requests and books them on Duffel. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(BookingPersistenceConfiguration.class)
public class BookerApplication {

    /**
     * The booker reads {@code booker.yml} rather than {@code application.yml}, so that it can share one JVM
     * (and one classpath) with the other services in the local stack.
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(BookerApplication.class).properties("spring.config.name=booker");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
