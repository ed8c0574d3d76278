package dev.flightpipeline.duffelsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.flightpipeline.duffelsim.SimulatorHttp.Reply;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OrdersIT extends SharedSimulatorTest {

    @Test
    void anOrderHasAPnrTicketsTheOffersSlicesAndTheMetadata() throws Exception {
        JsonNode offer = http.searchOffer();

        Reply created = http.post("/air/orders", SimulatorHttp.orderBody(offer, "booking-1", "Stark"));

        assertThat(created.status()).isEqualTo(201);
        JsonNode order = created.data();
        assertThat(order.path("id").asString()).matches("ord_0000[0-9A-Za-z]{22}");
        assertThat(order.path("booking_reference").asString()).matches("[A-Z2-9]{6}");
        assertThat(order.path("created_at").asString()).isNotBlank();
        assertThat(order.path("total_amount")).isEqualTo(offer.path("total_amount"));
        assertThat(order.path("total_currency")).isEqualTo(offer.path("total_currency"));
        assertThat(order.path("owner")).isEqualTo(offer.path("owner"));
        assertThat(order.path("slices")).isEqualTo(offer.path("slices"));
        assertThat(order.path("passengers").get(0).path("family_name").asString())
                .isEqualTo("Stark");
        assertThat(order.path("passengers").get(0).path("id"))
                .isEqualTo(offer.path("passengers").get(0).path("id"));
        assertThat(order.path("documents").get(0).path("unique_identifier").asString())
                .matches("\\d{13}");
        assertThat(order.path("metadata").path("booking_id").asString()).isEqualTo("booking-1");
        assertThat(order.path("payment_status").path("awaiting_payment").asBoolean())
                .isFalse();
        assertThat(order.path("cancelled_at").isNull()).isTrue();
        assertThat(order.path("live_mode").asBoolean()).isFalse();
        assertThat(order.has("selected_offers"))
                .as("Duffel's order does not name its offer")
                .isFalse();
        assertThat(http.get("/air/orders/" + order.path("id").asString()).data())
                .isEqualTo(order);
        assertThat(simulator.stats().ordersFor("booking-1")).isEqualTo(1);
        assertThat(simulator.stats().results("created")).isEqualTo(1);
    }

    @Test
    void anOrderWhoseClientGaveUpBeforeTheAnswerIsCreatedAllTheSame() throws Exception {
        simulator.updateConfig(SimulatorConfig.defaults()
                .withCreateOrderLatency(SimulatorConfig.Latency.fixed(Duration.ofMillis(800))));
        JsonNode offer = http.searchOffer();

        assertThatThrownBy(() -> http.send(SimulatorHttp.post(
                                http.request("/air/orders").timeout(Duration.ofMillis(200)),
                                SimulatorHttp.orderBody(offer, "booking-1", "Stark"))
                        .build()))
                .isInstanceOf(HttpTimeoutException.class);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(simulator.stats().ordersFor("booking-1")).isEqualTo(1));
        JsonNode listed = http.get("/air/orders?passenger_name[]=Stark").data();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("metadata").path("booking_id").asString()).isEqualTo("booking-1");
    }

    @Test
    void anOfferCanBeBookedOnlyOnceAndTheSecondOrderIsRefusedAsAlreadyBooked() throws Exception {
        JsonNode offer = http.searchOffer();

        Reply first = http.post("/air/orders", SimulatorHttp.orderBody(offer, "booking-1", "Stark"));
        Reply second = http.post("/air/orders", SimulatorHttp.orderBody(offer, "booking-2", "Stark"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(422);
        JsonNode error = second.error();
        assertThat(error.path("type").asString()).isEqualTo("validation_error");
        assertThat(error.path("code").asString()).isEqualTo("already_booked");
        assertThat(error.path("source").path("field").asString()).isEqualTo("selected_offers");
        assertThat(error.path("source").path("pointer").asString()).isEqualTo("/selected_offers");
        assertThat(error.path("message").asString())
                .isEqualTo("Field 'selected_offers' has offers that were already booked");
        assertThat(second.body().path("meta").path("status").asInt()).isEqualTo(422);
        assertThat(second.body().path("meta").path("request_id").asString()).isEqualTo(second.header("x-request-id"));
        assertThat(simulator.stats().ordersPerOffer())
                .containsEntry(offer.path("id").asString(), 1);
        assertThat(simulator.stats().results("already_booked")).isEqualTo(1);
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
        assertThat(simulator.stats().ordersPerOffer())
                .containsOnly(
                        org.assertj.core.api.Assertions.entry(offer.path("id").asString(), 1));
    }

    @Test
    void anOrderWhoseDetailsDoNotMatchTheOfferIsAValidationErrorAndCreatesNothing() throws Exception {
        JsonNode offer = http.searchOffer();
        String valid = SimulatorHttp.orderBody(offer, "b", "Stark");
        String passengerId = offer.path("passengers").get(0).path("id").asString();
        List<String[]> cases = List.of(
                new String[] {
                    valid.replace("\"amount\": \"" + offer.path("total_amount").asString(), "\"amount\": \"1.00"),
                    "payments.0.amount"
                },
                new String[] {valid.replace(passengerId, "pas_0000NotOnThisOffer"), "passengers.0.id"},
                new String[] {valid.replace("\"+442080160509\"", "\"020 8016 0509\""), "passengers.0.phone_number"},
                new String[] {valid.replace("\"gender\": \"m\"", "\"gender\": \"x\""), "passengers.0.gender"},
                new String[] {valid.replace("\"1980-07-24\"", "\"24/07/1980\""), "passengers.0.born_on"},
                new String[] {valid.replace("\"booking_id\": \"b\"", "\"booking_id\": 42"), "metadata.booking_id"},
                new String[] {valid.replace("\"instant\"", "\"hold\""), "type"},
                new String[] {valid.replace(offer.path("id").asString(), "off_0000NoSuchOffer"), "selected_offers"});
        for (String[] example : cases) {
            Reply reply = http.post("/air/orders", example[0]);
            assertThat(reply.status()).as(example[1]).isEqualTo(422);
            assertThat(reply.error().path("type").asString()).as(example[1]).isEqualTo("validation_error");
            assertThat(reply.errorField()).isEqualTo(example[1]);
        }

        assertThat(simulator.stats().ordersCreated()).isZero();
        assertThat(simulator.stats().results("invalid")).isEqualTo(cases.size());
        assertThat(http.post("/air/orders", valid).status())
                .as("the offer is still free")
                .isEqualTo(201);
    }

    @Test
    void ordersAreListedNewestFirstByPassengerNameThroughAfterAndBeforeCursors() throws Exception {
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Reply order = http.post("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "b" + i, "Rogers"));
            newestFirst.addFirst(order.data().path("id").asString());
        }
        http.post("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "other", "Banner"));

        List<String> listed = new ArrayList<>();
        List<JsonNode> metas = new ArrayList<>();
        String path = "/air/orders?passenger_name[]=rog&limit=2";
        while (path != null) {
            Reply page = http.get(path);
            page.data().forEach(order -> listed.add(order.path("id").asString()));
            metas.add(page.body().path("meta"));
            String after = page.body().path("meta").path("after").asString(null);
            path = after == null ? null : "/air/orders?passenger_name[]=rog&limit=2&after=" + after;
        }
        String before = metas.get(2).path("before").asString();
        Reply previous = http.get("/air/orders?passenger_name[]=rog&limit=2&before=" + before);

        assertThat(listed).containsExactlyElementsOf(newestFirst);
        assertThat(metas).hasSize(3);
        assertThat(metas.get(0).path("limit").asInt()).isEqualTo(2);
        assertThat(metas.get(0).path("before").isNull()).isTrue();
        assertThat(metas.get(2).path("after").isNull()).isTrue();
        assertThat(previous.data())
                .extracting(order -> order.path("id").asString())
                .containsExactlyElementsOf(newestFirst.subList(2, 4));
    }

    @Test
    void ordersAreFoundByBookingReferenceAndTheDefaultPageIsFifty() throws Exception {
        Reply created = http.post("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "b", "Romanoff"));
        String reference = created.data().path("booking_reference").asString();

        Reply byReference = http.get("/air/orders?booking_reference=" + reference);
        Reply all = http.get("/air/orders");
        Reply awaiting = http.get("/air/orders?awaiting_payment=true");

        assertThat(byReference.data()).hasSize(1);
        assertThat(byReference.data().get(0).path("booking_reference").asString())
                .isEqualTo(reference);
        assertThat(all.body().path("meta").path("limit").asInt()).isEqualTo(50);
        assertThat(all.data()).hasSize(1);
        assertThat(awaiting.data()).isEmpty();
    }

    @Test
    void listParametersOutOfRangeAreValidationErrors() throws Exception {
        assertThat(http.get("/air/orders?limit=500").errorField()).isEqualTo("limit");
        assertThat(http.get("/air/orders?limit=0").errorField()).isEqualTo("limit");
        assertThat(http.get("/air/orders?limit=ten").status()).isEqualTo(422);
        assertThat(http.get("/air/orders?after=not-a-cursor").errorField()).isEqualTo("after");
        assertThat(http.get("/air/orders?awaiting_payment=maybe").errorField()).isEqualTo("awaiting_payment");
    }

    @Test
    void anUnknownOrderIsNotFound() throws Exception {
        Reply reply = http.get("/air/orders/ord_0000NoSuchOrder");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorCode()).isEqualTo("not_found");
    }
}
