package dev.flightpipeline.duffelsim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.duffelsim.SimulatorHttp.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The admin endpoint changes the simulator while it runs; slow calls cost no thread each. */
class RunTimeControlIT extends SharedSimulatorTest {

    @Test
    void theConfigurationChangesAtRunTimeOnlyWhereTheBodySays() throws Exception {
        Reply changed =
                http.put("/_sim/config", "{\"offersPerSearch\": 2, \"orderFaults\": {\"ORDER_NOT_CREATED\": 1.0}}");
        Reply invalid = http.put("/_sim/config", "{\"offersPerSearch\": 0}");
        Reply unknown = http.put("/_sim/config", "{\"offersPerSerch\": 3}");

        assertThat(changed.status()).isEqualTo(200);
        assertThat(simulator.config().offersPerSearch()).isEqualTo(2);
        assertThat(simulator.config().offerLifetime()).isEqualTo(Duration.ofMinutes(20));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().path("error").asString()).contains("offersPerSearch");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("error").asString()).contains("offersPerSerch");
        assertThat(simulator.config().offersPerSearch()).isEqualTo(2);
        Reply order = http.post("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "x", "Stark"));
        assertThat(order.errorCode()).isEqualTo("order_not_created");
        assertThat(http.get("/_sim/stats")
                        .body()
                        .path("createOrderResults")
                        .path("order_not_created")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void twoThousandSlowOrdersAreInFlightAtOnceWithoutAThreadEach() throws Exception {
        // Long enough that all of them overlap even when sending 2,000 requests takes seconds on a busy machine.
        simulator.updateConfig(SimulatorConfig.defaults()
                .withCreateOrderLatency(SimulatorConfig.Latency.fixed(Duration.ofSeconds(8))));
        List<JsonNode> offers = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            http.search(SimulatorHttp.searchBody("CDG", "SIN")).path("offers").forEach(offers::add);
        }
        assertThat(offers).hasSize(2000);
        int threadsBefore = Thread.activeCount();

        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < offers.size(); i++) {
            replies.add(http.postAsync("/air/orders", SimulatorHttp.orderBody(offers.get(i), "slow-" + i, "Stark")));
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).join();

        assertThat(replies)
                .allSatisfy(reply -> assertThat(reply.join().status()).isEqualTo(201));
        assertThat(simulator.stats().inFlightMax()).isGreaterThanOrEqualTo(1900);
        assertThat(Thread.activeCount() - threadsBefore).isLessThan(100);
    }
}
