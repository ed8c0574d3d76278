package dev.flightpipeline.duffelsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.flightpipeline.duffelsim.SimulatorHttp.Reply;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every fault of order creation, forced for exact tests and drawn from shares for runs. */
class OrderFaultsIT extends SharedSimulatorTest {

    @Test
    void anOrderCreatedBeforeATimeoutExistsAlthoughTheClientGotNoAnswer() throws Exception {
        simulator.forceNextOrderFaults(OrderFault.TIMEOUT_AFTER_CREATE, 1);
        JsonNode offer = http.searchOffer();

        assertThatThrownBy(() -> http.send(SimulatorHttp.post(
                                http.request("/air/orders"), SimulatorHttp.orderBody(offer, "timed-out", "Stark"))
                        .timeout(Duration.ofMillis(500))
                        .build()))
                .isInstanceOf(HttpTimeoutException.class);

        assertThat(simulator.stats().ordersFor("timed-out")).isEqualTo(1);
        assertThat(simulator.stats().results("timeout_after_create")).isEqualTo(1);
        Reply listed = http.get("/air/orders?passenger_name[]=Stark");
        assertThat(listed.data()).hasSize(1);
        assertThat(listed.data().get(0).path("metadata").path("booking_id").asString())
                .isEqualTo("timed-out");
        // The client hung up: the held-back answer stops counting as in flight long before hangFor.
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.stats().inFlight() <= 1);
    }

    @Test
    void aHeldBackAnswerArrivesAfterHangForWhenTheClientWaits() throws Exception {
        simulator.updateConfig(SimulatorConfig.defaults().withHangFor(Duration.ofMillis(700)));
        simulator.forceNextOrderFaults(OrderFault.TIMEOUT_AFTER_CREATE, 1);
        long started = System.nanoTime();

        Reply reply = http.post("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "patient", "Stark"));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }

    @Test
    void anOrderCreatedBeforeAResetConnectionExists() throws Exception {
        simulator.forceNextOrderFaults(OrderFault.RESET_AFTER_CREATE, 1);
        JsonNode offer = http.searchOffer();

        assertThatThrownBy(() -> http.post("/air/orders", SimulatorHttp.orderBody(offer, "reset", "Stark")))
                .isInstanceOf(IOException.class);
        assertThat(simulator.stats().ordersFor("reset")).isEqualTo(1);
    }

    @Test
    void anOrderCreatedBeforeA500Exists() throws Exception {
        simulator.forceNextOrderFaults(OrderFault.ERROR_AFTER_CREATE, 1);

        Reply reply = http.post("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "error", "Stark"));

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.errorCode()).isEqualTo("internal_server_error");
        assertThat(reply.error().path("type").asString()).isEqualTo("api_error");
        assertThat(simulator.stats().ordersFor("error")).isEqualTo(1);
    }

    @Test
    void anOrderCreatedBeforeAnAirlineErrorOtherThanOrderNotCreatedExists() throws Exception {
        simulator.forceNextOrderFaults(OrderFault.AIRLINE_ERROR_AFTER_CREATE, 1);

        Reply reply = http.post("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "airline", "Stark"));

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.errorCode()).isEqualTo("airline_unknown");
        assertThat(reply.error().path("type").asString()).isEqualTo("airline_error");
        assertThat(simulator.stats().ordersFor("airline")).isEqualTo(1);
    }

    @Test
    void refusalsThatGuaranteeNoOrderCreateNone() throws Exception {
        Map<OrderFault, int[]> statuses = Map.of(
                OrderFault.ORDER_NOT_CREATED, new int[] {502},
                OrderFault.RATE_LIMITED, new int[] {429},
                OrderFault.SERVICE_UNAVAILABLE, new int[] {503},
                OrderFault.GATEWAY_TIMEOUT, new int[] {504},
                OrderFault.INSUFFICIENT_BALANCE, new int[] {422},
                OrderFault.ALREADY_BOOKED, new int[] {422},
                OrderFault.OFFER_NO_LONGER_AVAILABLE, new int[] {422},
                OrderFault.DUPLICATE_BOOKING, new int[] {422});
        Map<OrderFault, String> codes = Map.of(
                OrderFault.ORDER_NOT_CREATED, "order_not_created",
                OrderFault.RATE_LIMITED, "rate_limit_exceeded",
                OrderFault.SERVICE_UNAVAILABLE, "service_unavailable",
                OrderFault.GATEWAY_TIMEOUT, "gateway_timeout",
                OrderFault.INSUFFICIENT_BALANCE, "insufficient_balance",
                OrderFault.ALREADY_BOOKED, "already_booked",
                OrderFault.OFFER_NO_LONGER_AVAILABLE, "offer_no_longer_available",
                OrderFault.DUPLICATE_BOOKING, "duplicate_booking");
        for (OrderFault fault : codes.keySet()) {
            simulator.forceNextOrderFaults(fault, 1);
            Reply reply = http.post("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "refused", "Stark"));
            assertThat(reply.status()).as("%s", fault).isEqualTo(statuses.get(fault)[0]);
            assertThat(reply.errorCode()).as("%s", fault).isEqualTo(codes.get(fault));
            if (fault == OrderFault.RATE_LIMITED) {
                assertThat(reply.header("ratelimit-reset")).endsWith("GMT");
            }
        }

        assertThat(simulator.stats().ordersCreated()).isZero();
        assertThat(simulator.stats().createOrderResults())
                .containsOnlyKeys(
                        "order_not_created",
                        "rate_limited",
                        "service_unavailable",
                        "gateway_timeout",
                        "insufficient_balance",
                        "already_booked",
                        "offer_no_longer_available",
                        "duplicate_booking");
    }

    @Test
    void anOfferRefusedAsNoLongerAvailableStaysUnavailable() throws Exception {
        simulator.forceNextOrderFaults(OrderFault.OFFER_NO_LONGER_AVAILABLE, 1);
        JsonNode offer = http.searchOffer();

        http.post("/air/orders", SimulatorHttp.orderBody(offer, "gone", "Stark"));
        Reply again = http.post("/air/orders", SimulatorHttp.orderBody(offer, "gone", "Stark"));

        assertThat(again.errorCode()).isEqualTo("offer_no_longer_available");
        assertThat(http.get("/air/offers/" + offer.path("id").asString()).errorCode())
                .isEqualTo("offer_no_longer_available");
    }

    @Test
    void aRefusalLeavesTheOfferFreeForTheRetry() throws Exception {
        simulator.forceNextOrderFaults(OrderFault.ORDER_NOT_CREATED, 1);
        JsonNode offer = http.searchOffer();

        Reply refused = http.post("/air/orders", SimulatorHttp.orderBody(offer, "retry", "Stark"));
        Reply retried = http.post("/air/orders", SimulatorHttp.orderBody(offer, "retry", "Stark"));

        assertThat(refused.status()).isEqualTo(502);
        assertThat(retried.status()).isEqualTo(201);
        assertThat(simulator.stats().ordersFor("retry")).isEqualTo(1);
    }

    @Test
    void faultSharesAreDrawnFromTheSeedSoARunRepeatsExactly() throws Exception {
        List<Integer> first = statusesWithShares(11);
        List<Integer> again = statusesWithShares(11);

        assertThat(again).isEqualTo(first);
        assertThat(first).contains(201, 502, 500);
        assertThat(first.stream().filter(status -> status == 502).count()).isBetween(5L, 25L);
    }

    private static List<Integer> statusesWithShares(long seed) throws Exception {
        simulator.updateConfig(SimulatorConfig.defaults()
                .withSeed(seed)
                .withOffersPerSearch(50)
                .withOrderFault(OrderFault.ORDER_NOT_CREATED, 0.3)
                .withOrderFault(OrderFault.ERROR_AFTER_CREATE, 0.2));
        simulator.reset();
        List<Integer> statuses = new ArrayList<>();
        int i = 0;
        for (JsonNode offer :
                http.search(SimulatorHttp.searchBody("AMS", "BCN")).path("offers")) {
            statuses.add(http.post("/air/orders", SimulatorHttp.orderBody(offer, "draw-" + i++, "Stark"))
                    .status());
        }
        return statuses;
    }
}
