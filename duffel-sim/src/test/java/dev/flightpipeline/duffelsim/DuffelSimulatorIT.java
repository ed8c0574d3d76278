package dev.flightpipeline.duffelsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.flightpipeline.duffelsim.SimulatorHttp.Reply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DuffelSimulatorIT {

    static DuffelSimulator simulator;
    static SimulatorHttp http;

    @BeforeAll
    static void start() {
        simulator = DuffelSimulator.start(SimulatorConfig.defaults());
        http = new SimulatorHttp(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void freshState() {
        simulator.updateConfig(SimulatorConfig.defaults());
        simulator.reset();
    }

    @Test
    void aSearchReturnsOffersWithRealAirportsAirlinesPricesAndPassengerIds() throws Exception {
        JsonNode offer = http.searchOffer();

        assertThat(offer.path("id").asString()).startsWith("off_");
        assertThat(offer.path("total_amount").asString()).matches("\\d+\\.\\d{2}");
        assertThat(offer.path("total_currency").asString()).isIn("GBP", "EUR", "USD");
        assertThat(offer.path("expires_at").asString()).isNotBlank();
        assertThat(offer.path("owner").path("iata_code").asString()).hasSize(2);
        assertThat(offer.path("passengers").get(0).path("id").asString()).startsWith("pas_");
        JsonNode segment = offer.path("slices").get(0).path("segments").get(0);
        assertThat(segment.path("origin").path("iata_code").asString()).isEqualTo("LHR");
        assertThat(segment.path("departing_at").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
        assertThat(segment.path("marketing_carrier_flight_number").asString()).isNotBlank();
    }

    @Test
    void anUnknownAirportIsAValidationError() throws Exception {
        Reply reply = http.post("/air/offer_requests", """
                {"data":{"slices":[{"origin":"XXX","destination":"JFK","departure_date":"2030-01-01"}],
                 "passengers":[{"type":"adult"}]}}""");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body().path("errors").get(0).path("type").asString()).isEqualTo("validation_error");
        assertThat(reply.body()
                        .path("errors")
                        .get(0)
                        .path("source")
                        .path("field")
                        .asString())
                .isEqualTo("slices.0.origin");
    }

    @Test
    void anOfferCanBeBookedOnlyOnceAndTheSecondOrderIsRefusedAsAlreadyBooked() throws Exception {
        JsonNode offer = http.searchOffer();

        Reply first = http.post("/air/orders", SimulatorHttp.orderBody(offer, "booking-1", "Stark"));
        Reply second = http.post("/air/orders", SimulatorHttp.orderBody(offer, "booking-2", "Stark"));

        assertThat(first.status()).isEqualTo(201);
        JsonNode order = first.body().path("data");
        assertThat(order.path("id").asString()).startsWith("ord_");
        assertThat(order.path("booking_reference").asString()).matches("[A-Z0-9]{6}");
        assertThat(order.path("metadata").path("booking_id").asString()).isEqualTo("booking-1");
        assertThat(order.path("slices")).isEqualTo(offer.path("slices"));
        assertThat(second.status()).isEqualTo(422);
        JsonNode error = second.body().path("errors").get(0);
        assertThat(error.path("type").asString()).isEqualTo("validation_error");
        assertThat(error.path("source").path("field").asString()).isEqualTo("selected_offers");
        assertThat(error.path("message").asString())
                .isEqualTo("Field 'selected_offers' has offers that were already booked");
        assertThat(simulator.stats().ordersPerOffer())
                .containsEntry(offer.path("id").asString(), 1);
        assertThat(http.get("/air/offers/" + offer.path("id").asString()).errorCode())
                .isEqualTo("offer_no_longer_available");
    }

    @Test
    void fiveHundredConcurrentOrdersOnOneOfferCreateExactlyOne() throws Exception {
        JsonNode offer = http.searchOffer();
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            replies.add(http.postAsync("/air/orders", SimulatorHttp.orderBody(offer, "booking-" + i, "Stark")));
        }

        List<Integer> statuses =
                replies.stream().map(CompletableFuture::join).map(Reply::status).toList();

        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        assertThat(statuses).filteredOn(status -> status == 422).hasSize(499);
        assertThat(simulator.stats().ordersCreated()).isEqualTo(1);
    }

    @Test
    void anExpiredOfferIsNoLongerAvailable() throws Exception {
        simulator.updateConfig(SimulatorConfig.defaults().withOfferLifetime(Duration.ofMillis(200)));
        JsonNode offer = http.searchOffer();

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(
                                http.get("/air/offers/" + offer.path("id").asString())
                                        .errorCode())
                        .isEqualTo("offer_no_longer_available"));
        Reply order = http.post("/air/orders", SimulatorHttp.orderBody(offer, "late", "Stark"));
        assertThat(order.status()).isEqualTo(422);
        assertThat(order.errorCode()).isEqualTo("offer_no_longer_available");
    }

    @Test
    void requestsDuffelWouldRefuseGetDuffelsErrors() throws Exception {
        String search = "{\"data\":{}}";
        assertThat(http.send(HttpRequest.newBuilder(java.net.URI.create(http.baseUrl + "/air/orders"))
                                .header("Authorization", "Bearer " + SimulatorHttp.TOKEN)
                                .build())
                        .errorCode())
                .isEqualTo("missing_version_header");
        assertThat(http.send(http.request("/air/orders")
                                .setHeader("Duffel-Version", "v1")
                                .build())
                        .status())
                .isEqualTo(400);
        assertThat(http.send(HttpRequest.newBuilder(java.net.URI.create(http.baseUrl + "/air/orders"))
                                .header("Duffel-Version", "v2")
                                .build())
                        .errorCode())
                .isEqualTo("missing_authorization_header");
        Reply unknownToken = http.send(HttpRequest.newBuilder(java.net.URI.create(http.baseUrl + "/air/orders"))
                .header("Duffel-Version", "v2")
                .header("Authorization", "Bearer duffel_live_not_ours")
                .build());
        assertThat(unknownToken.status()).isEqualTo(401);
        assertThat(unknownToken.errorCode()).isEqualTo("access_token_not_found");
        assertThat(http.send(http.request("/air/offer_requests")
                                .setHeader("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString(search))
                                .build())
                        .errorCode())
                .isEqualTo("invalid_content_type_header");
        assertThat(http.post("/air/offer_requests", "{not json").errorCode()).isEqualTo("malformed_data_param");
        assertThat(http.post("/air/offer_requests", "{\"slices\": []}").errorCode())
                .isEqualTo("missing_data_param");
        assertThat(http.get("/air/orders/ord_unknown").status()).isEqualTo(404);
        assertThat(http.get("/air/offers/off_unknown").errorCode()).isEqualTo("not_found");
        assertThat(http.get("/air/no_such_thing").status()).isEqualTo(404);
        assertThat(http.get("/air/orders?limit=500").errorCode()).isEqualTo("invalid_field");
    }

    @Test
    void anOrderWhoseDetailsDoNotMatchTheOfferIsAValidationError() throws Exception {
        JsonNode offer = http.searchOffer();
        String wrongAmount = SimulatorHttp.orderBody(offer, "b", "Stark")
                .replace("\"amount\": \"" + offer.path("total_amount").asString(), "\"amount\": \"1.00");
        String unknownPassenger = SimulatorHttp.orderBody(offer, "b", "Stark")
                .replace(offer.path("passengers").get(0).path("id").asString(), "pas_not_on_offer");

        Reply amount = http.post("/air/orders", wrongAmount);
        Reply passenger = http.post("/air/orders", unknownPassenger);

        assertThat(amount.status()).isEqualTo(422);
        assertThat(amount.body()
                        .path("errors")
                        .get(0)
                        .path("source")
                        .path("field")
                        .asString())
                .isEqualTo("payments.0.amount");
        assertThat(passenger
                        .body()
                        .path("errors")
                        .get(0)
                        .path("source")
                        .path("field")
                        .asString())
                .isEqualTo("passengers.0.id");
        assertThat(simulator.stats().ordersCreated()).isZero();
    }

    @Test
    void ordersAreListedNewestFirstByPassengerNameThroughCursors() throws Exception {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Reply order = http.post("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "b" + i, "Rogers"));
            created.addFirst(order.body().path("data").path("id").asString());
        }
        http.post("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "other", "Banner"));

        List<String> listed = new ArrayList<>();
        String path = "/air/orders?passenger_name[]=rogers&limit=2";
        while (path != null) {
            Reply page = http.get(path);
            page.body()
                    .path("data")
                    .forEach(order -> listed.add(order.path("id").asString()));
            String after = page.body().path("meta").path("after").asString(null);
            path = after == null ? null : "/air/orders?passenger_name[]=rogers&limit=2&after=" + after;
        }

        assertThat(listed).containsExactlyElementsOf(created);
    }

    @Test
    void anOrderCreatedBeforeATimeoutExistsAlthoughTheClientGotNoAnswer() throws Exception {
        simulator.updateConfig(SimulatorConfig.defaults().withHangFor(Duration.ofSeconds(30)));
        simulator.forceNextOrderFaults(OrderFault.TIMEOUT_AFTER_CREATE, 1);
        JsonNode offer = http.searchOffer();

        assertThatThrownBy(() -> http.send(SimulatorHttp.post(
                                http.request("/air/orders"), SimulatorHttp.orderBody(offer, "timed-out", "Stark"))
                        .timeout(Duration.ofMillis(500))
                        .build()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(simulator.stats().ordersPerBookingId()).containsEntry("timed-out", 1);
    }

    @Test
    void anOrderCreatedBeforeAResetConnectionExists() throws Exception {
        simulator.forceNextOrderFaults(OrderFault.RESET_AFTER_CREATE, 1);
        JsonNode offer = http.searchOffer();

        assertThatThrownBy(() -> http.post("/air/orders", SimulatorHttp.orderBody(offer, "reset", "Stark")))
                .isInstanceOf(IOException.class);
        assertThat(simulator.stats().ordersPerBookingId()).containsEntry("reset", 1);
    }

    @Test
    void anOrderCreatedBeforeA500Exists() throws Exception {
        simulator.forceNextOrderFaults(OrderFault.ERROR_AFTER_CREATE, 1);

        Reply reply = http.post("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "error", "Stark"));

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.errorCode()).isEqualTo("internal_server_error");
        assertThat(simulator.stats().ordersPerBookingId()).containsEntry("error", 1);
    }

    @Test
    void refusalsThatGuaranteeNoOrderCreateNone() throws Exception {
        Map<OrderFault, String> expected = Map.of(
                OrderFault.ORDER_NOT_CREATED, "order_not_created",
                OrderFault.RATE_LIMITED, "rate_limit_exceeded",
                OrderFault.OFFER_NO_LONGER_AVAILABLE, "offer_no_longer_available",
                OrderFault.DUPLICATE_BOOKING, "duplicate_booking");
        for (var fault : expected.entrySet()) {
            simulator.forceNextOrderFaults(fault.getKey(), 1);
            Reply reply = http.post("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "refused", "Stark"));
            assertThat(reply.errorCode()).as("%s", fault.getKey()).isEqualTo(fault.getValue());
        }
        assertThat(simulator.stats().ordersCreated()).isZero();
        Reply notCreated = null;
        simulator.forceNextOrderFaults(OrderFault.RATE_LIMITED, 1);
        notCreated = http.post("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "limited", "Stark"));
        assertThat(notCreated.status()).isEqualTo(429);
        assertThat(notCreated.header("ratelimit-reset")).endsWith("GMT");
    }

    @Test
    void anAcceptedOrderIsAnnouncedByASignedWebhookAndThenListed() throws Exception {
        List<String[]> deliveries = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/webhooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            deliveries.add(new String[] {exchange.getRequestHeaders().getFirst("X-Duffel-Signature"), body});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhooks";
            simulator.updateConfig(SimulatorConfig.defaults()
                    .withWebhooks(new SimulatorConfig.Webhooks(url, "whsec", Duration.ofMillis(100), 3, 0)));
            simulator.forceNextOrderFaults(OrderFault.ACCEPTED_THEN_CREATED, 1);
            simulator.forceNextOrderFaults(OrderFault.ACCEPTED_THEN_FAILED, 1);

            Reply accepted = http.post("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "later", "Stark"));
            Reply failed = http.post("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "never", "Parker"));

            assertThat(accepted.status()).isEqualTo(202);
            assertThat(failed.status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.size() == 2);
            for (String[] delivery : deliveries) {
                String signature = delivery[0];
                long time = Long.parseLong(signature.substring(2, signature.indexOf(',')));
                assertThat(signature).isEqualTo(WebhookSignature.header("whsec", time, delivery[1]));
            }
            List<JsonNode> events = deliveries.stream()
                    .map(d -> SimulatorHttp.json.readTree(d[1]))
                    .toList();
            assertThat(events)
                    .extracting(event -> event.path("type").asString())
                    .containsExactlyInAnyOrder("order.created", "order.creation_failed");
            assertThat(events)
                    .allSatisfy(event -> assertThat(event.path("id").asString()).startsWith("wev_"));
            assertThat(simulator.stats().ordersPerBookingId()).containsOnlyKeys("later");
            assertThat(http.get("/air/orders?passenger_name[]=Stark").body().path("data"))
                    .hasSize(1);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void everyAnswerCarriesRateLimitHeadersAndTheLimitIsEnforced() throws Exception {
        simulator.updateConfig(SimulatorConfig.defaults().withRateLimitPerSecond(3));
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            replies.add(http.get("/air/orders"));
        }

        assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.header("ratelimit-limit")).isEqualTo("3");
            assertThat(reply.header("ratelimit-remaining")).isNotNull();
            assertThat(reply.header("x-request-id")).isNotBlank();
        });
        assertThat(replies).filteredOn(reply -> reply.status() == 429).isNotEmpty();
    }

    @Test
    void twoThousandSlowOrdersAreInFlightAtOnceWithoutAThreadEach() throws Exception {
        simulator.updateConfig(SimulatorConfig.defaults()
                .withCreateOrderLatency(SimulatorConfig.Latency.between(Duration.ofSeconds(2), Duration.ofSeconds(2))));
        List<JsonNode> offers = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            http.searchOffer();
        }
        // 400 searches x 5 offers: take 2,000 distinct offers from the simulator's own answers.
        simulator.reset();
        for (int i = 0; i < 400; i++) {
            Reply search = http.post("/air/offer_requests", searchBody());
            search.body().path("data").path("offers").forEach(offers::add);
        }
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

    @Test
    void theConfigurationChangesAtRunTimeOnlyWhereTheBodySays() throws Exception {
        Reply changed = http.send(http.request("/_sim/config")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"offersPerSearch\": 2, \"orderFaults\": {\"ORDER_NOT_CREATED\": 1.0}}"))
                .build());
        Reply invalid = http.send(http.request("/_sim/config")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"offersPerSearch\": 0}"))
                .build());

        assertThat(changed.status()).isEqualTo(200);
        assertThat(simulator.config().offersPerSearch()).isEqualTo(2);
        assertThat(simulator.config().offerLifetime()).isEqualTo(Duration.ofMinutes(20));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().path("error").asString()).contains("offersPerSearch");
        Reply order = http.post("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "x", "Stark"));
        assertThat(order.errorCode()).isEqualTo("order_not_created");
        assertThat(http.get("/_sim/stats")
                        .body()
                        .path("createOrderResults")
                        .path("order_not_created")
                        .asInt())
                .isEqualTo(1);
    }

    private static String searchBody() {
        return "{\"data\":{\"slices\":[{\"origin\":\"CDG\",\"destination\":\"SIN\",\"departure_date\":\""
                + java.time.LocalDate.now().plusDays(40) + "\"}],\"passengers\":[{\"type\":\"adult\"}]}}";
    }
}
