package dev.flightpipeline.booker;

import dev.flightpipeline.booking.BookingReader;
import dev.flightpipeline.duffelsim.DuffelSimulator;
import dev.flightpipeline.testsupport.KafkaEndpoint;
import dev.flightpipeline.testsupport.PostgresEndpoint;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A booker application on the real broker, a database of the test's and the simulator. */
final class RunningBooker implements AutoCloseable {

    final ConfigurableApplicationContext context;

    private RunningBooker(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static RunningBooker start(
            KafkaEndpoint kafka, PostgresEndpoint database, DuffelSimulator duffel, Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", 0);
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("spring.datasource.url", database.jdbcUrl());
        properties.put("spring.datasource.username", database.username());
        properties.put("spring.datasource.password", database.password());
        properties.put("duffel.base-url", duffel.baseUrl());
        properties.put("duffel.access-token", "duffel_test_booker_tests");
        properties.put("booker.first-backoff", "50ms");
        properties.put("booker.max-backoff", "200ms");
        properties.put("booker.received-sweep-interval", "1s");
        properties.putAll(settings);
        // As command-line arguments: they win over booker.yml, as an operator's settings do.
        String[] arguments = properties.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                .toArray(String[]::new);
        return new RunningBooker(BookerApplication.application().run(arguments));
    }

    BookingReader bookings() {
        return context.getBean(BookingReader.class);
    }

    JdbcClient jdbc() {
        return context.getBean(JdbcClient.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
