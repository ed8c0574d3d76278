package dev.flightpipeline.reconciler;

import dev.flightpipeline.booking.BookingPersistenceConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** Attaches late Duffel orders and closes bookings that can no longer succeed. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(BookingPersistenceConfiguration.class)
public class ReconcilerApplication {

    /**
     * The reconciler reads {@code reconciler.yml} rather than {@code application.yml}, so that it can share one JVM
     * (and one classpath) with the other services in the local stack.
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ReconcilerApplication.class).properties("spring.config.name=reconciler");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
