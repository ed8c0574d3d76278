package dev.flightpipeline.duffelsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.flightpipeline.duffelsim.SimulatorHttp.Reply;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WebhooksIT extends SharedSimulatorTest {

    record Delivery(String signature, String body) {}

    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    HttpServer receiver;
    String receiverUrl;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/webhooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("X-Duffel-Signature"), body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        receiverUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhooks";
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void anAcceptedOrderIsAnnouncedByASignedWebhookAndThenListed() throws Exception {
        simulator.updateConfig(SimulatorConfig.defaults()
                .withWebhooks(
                        SimulatorConfig.Webhooks.NONE.to(receiverUrl, "whsec").withDelay(Duration.ofMillis(100))));
        simulator.forceNextOrderFaults(OrderFault.ACCEPTED_THEN_CREATED, 1);
        simulator.forceNextOrderFaults(OrderFault.ACCEPTED_THEN_FAILED, 1);

        Reply accepted = http.post("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "later", "Stark"));
        Reply failed = http.post("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "never", "Parker"));

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(failed.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.size() == 2);
        for (Delivery delivery : deliveries) {
            long time = Long.parseLong(
                    delivery.signature().substring(2, delivery.signature().indexOf(',')));
            assertThat(delivery.signature()).isEqualTo(WebhookSignature.header("whsec", time, delivery.body()));
        }
        List<JsonNode> events = deliveries.stream()
                .map(delivery -> SimulatorHttp.json.readTree(delivery.body()))
                .toList();
        assertThat(events)
                .extracting(event -> event.path("type").asString())
                .containsExactlyInAnyOrder("order.created", "order.creation_failed");
        assertThat(events)
                .allSatisfy(event -> assertThat(event.path("id").asString()).startsWith("wev_"));
        assertThat(simulator.stats().ordersPerBookingId()).containsOnlyKeys("later");
        assertThat(http.get("/air/orders?passenger_name[]=Stark").data()).hasSize(1);
        assertThat(http.get("/air/orders?passenger_name[]=Parker").data()).isEmpty();
    }

    @Test
    void everyCreatedOrderIsAnnouncedAsDuffelDoes() throws Exception {
        simulator.updateConfig(SimulatorConfig.defaults()
                .withWebhooks(
                        SimulatorConfig.Webhooks.NONE.to(receiverUrl, "whsec").withDelay(Duration.ZERO)));

        Reply created = http.post("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "now", "Stark"));

        assertThat(created.status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.size() == 1);
        JsonNode event = SimulatorHttp.json.readTree(deliveries.get(0).body());
        assertThat(event.path("type").asString()).isEqualTo("order.created");
        assertThat(event.toString()).contains(created.data().path("id").asString());
    }
}
