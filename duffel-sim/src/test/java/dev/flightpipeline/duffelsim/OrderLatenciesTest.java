package dev.flightpipeline.duffelsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OrderLatenciesTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aCallIsKeptByItsOfferWithTheTimeItWasHeldBack() {
        OrderLatencies latencies = new OrderLatencies();
        long startedAt = System.nanoTime() - Duration.ofMillis(40).toNanos();

        latencies.record(json.readTree("{\"selected_offers\":[\"off_1\"]}"), startedAt, Duration.ofSeconds(2));

        assertThat(latencies.of("off_1")).isBetween(Duration.ofMillis(2040), Duration.ofMillis(3000));
        assertThat(latencies.of("off_2")).isNull();
    }

    @Test
    void aCallNamingNoOfferIsNotKept() {
        OrderLatencies latencies = new OrderLatencies();

        latencies.record(json.readTree("{\"selected_offers\":[]}"), System.nanoTime(), Duration.ZERO);
        latencies.clear();

        assertThat(latencies.of("")).isNull();
    }
}
