package dev.flightpipeline.gateway.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.duffelsim.OrderFault;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.duffelsim.SimulatorConfig.Latency;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Create-order end to end (gateway, booker, simulator, real broker and database): the three stories
 * frontends know, and every row of http-api.md's answers table.
 */
class CreateOrderIT {

    private static final JsonMapper json = JsonMapper.shared();

    private final Pipeline pipeline = Pipeline.shared();

    @AfterEach
    void resetSimulator() {
        pipeline.resetSimulator();
    }

    @Test
    void bookingAnOfferAnswers201WithThePnrTravelersAndSegments() {
        Offer offer = pipeline.offer();

        EntityExchangeResult<byte[]> answer = post("alice", null, Pipeline.orderBody(offer));

        assertThat(answer.getStatus().value()).isEqualTo(201);
        JsonNode body = json.readTree(answer.getResponseBody());
        JsonNode booking = body.path("booking");
        assertThat(body.path("success").asBoolean()).isTrue();
        assertThat(booking.path("status").asString()).isEqualTo("confirmed");
        assertThat(booking.path("booking_reference").asString()).matches("[A-Z0-9]{6}");
        assertThat(booking.path("duffel_order_id").asString()).startsWith("ord_");
        assertThat(booking.path("travelers").get(0).path("family_name").asString())
                .isEqualTo("Stark");
        assertThat(booking.path("segments")).isNotEmpty();
        assertThat(booking.path("segments").get(0).path("origin").asString()).isEqualTo("LHR");
        String bookingId = booking.path("booking_id").asString();
        assertThat(answer.getResponseHeaders().getLocation()).hasToString("/api/flights/orders/" + bookingId);
        assertThat(answer.getResponseHeaders().getFirst("Idempotency-Key"))
                .as("a key is made when the client sends none")
                .isNotBlank();
        assertThat(pipeline.simulator.stats().ordersFor(bookingId)).isEqualTo(1);
    }

    @Test
    void bookingTheSameOfferAgainAnswersWithTheExistingBookingAndNoSecondOrder() {
        Offer offer = pipeline.offer();
        JsonNode first = json.readTree(post("bob", "key-" + UUID.randomUUID(), Pipeline.orderBody(offer))
                .getResponseBody());

        EntityExchangeResult<byte[]> again = post("bob", "key-" + UUID.randomUUID(), Pipeline.orderBody(offer));

        assertThat(again.getStatus().value()).isEqualTo(200);
        JsonNode body = json.readTree(again.getResponseBody());
        assertThat(body.path("success").asBoolean()).isTrue();
        assertThat(body.path("duplicate").asBoolean()).isTrue();
        assertThat(body.path("message").asString()).isEqualTo("Already booked, here's your existing booking");
        assertThat(body.path("booking").path("booking_id").asString())
                .isEqualTo(first.path("booking").path("booking_id").asString());
        assertThat(body.path("booking").path("booking_reference").asString())
                .isEqualTo(first.path("booking").path("booking_reference").asString());
        assertThat(pipeline.simulator.stats().ordersPerOffer().get(offer.id())).isEqualTo(1);
    }

    @Test
    void bookingWhileDuffelIsSlowTimesOutThenTheBookingIsConfirmedAndTheSameKeyReturnsIt() {
        Duration slow = Pipeline.GATEWAY_WAIT.plusSeconds(3);
        pipeline.simulator.updateConfig(SimulatorConfig.defaults().withCreateOrderLatency(new Latency(slow, slow)));
        Offer offer = pipeline.offer();
        String key = "key-" + UUID.randomUUID();

        EntityExchangeResult<byte[]> timedOut = post("carol", key, Pipeline.orderBody(offer));

        assertThat(timedOut.getStatus().value()).isEqualTo(202);
        JsonNode body = json.readTree(timedOut.getResponseBody());
        assertThat(body.path("success").asBoolean()).isFalse();
        assertThat(body.path("timeout").asBoolean()).isTrue();
        assertThat(body.path("message").asString())
                .isEqualTo("Booking request timed out. Order may have been created.");
        assertThat(body.path("action").asString()).isEqualTo("Check /api/flights/my-orders in 1-2 minutes");
        String bookingId = body.path("booking_id").asString();
        assertThat(body.path("status_url").asString()).isEqualTo("/api/flights/orders/" + bookingId);
        assertThat(timedOut.getResponseHeaders().getLocation()).hasToString("/api/flights/orders/" + bookingId);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> myOrders("carol").path("bookings").findValues("booking_id").stream()
                                .anyMatch(id -> id.asString().equals(bookingId))
                        && statusOf("carol", bookingId).equals("confirmed"));
        EntityExchangeResult<byte[]> retried = post("carol", key, Pipeline.orderBody(offer));

        assertThat(retried.getStatus().value()).isEqualTo(201);
        assertThat(retried.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        JsonNode booking = json.readTree(retried.getResponseBody()).path("booking");
        assertThat(booking.path("booking_id").asString()).isEqualTo(bookingId);
        assertThat(booking.path("status").asString()).isEqualTo("confirmed");
        assertThat(pipeline.simulator.stats().ordersFor(bookingId)).isEqualTo(1);
    }

    @Test
    void theSameKeyAndPayloadAfterTheAnswerReplaysItByteForByte() {
        Offer offer = pipeline.offer();
        String key = "key-" + UUID.randomUUID();
        EntityExchangeResult<byte[]> first = post("dave", key, Pipeline.orderBody(offer));
        // The same request with its members in another order is the same payload.
        String reordered = """
                {"passengers": [{"phone_number": "+442080160509", "email": "tony@example.com", "born_on": "1980-07-24",
                   "gender": "m", "family_name": "Stark", "given_name": "Tony", "title": "mr", "id": "%s"}],
                 "offer_id": "%s"}""".formatted(offer.passengers().getFirst().id(), offer.id());

        EntityExchangeResult<byte[]> replay = post("dave", key, reordered);

        assertThat(first.getStatus().value()).isEqualTo(201);
        assertThat(first.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
        assertThat(replay.getStatus().value()).isEqualTo(201);
        assertThat(replay.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.getResponseBody()).isEqualTo(first.getResponseBody());
        assertThat(replay.getResponseHeaders().getLocation())
                .isEqualTo(first.getResponseHeaders().getLocation());
    }

    @Test
    void theSameKeyWithAnotherPayloadIs422AndBooksNothing() {
        String key = "key-" + UUID.randomUUID();
        post("erin", key, Pipeline.orderBody(pipeline.offer()));
        Offer other = pipeline.offer();

        EntityExchangeResult<byte[]> reused = post("erin", key, Pipeline.orderBody(other));

        assertProblem(reused, 422, "idempotency_key_reused");
        assertThat(pipeline.simulator.stats().ordersPerOffer().get(other.id())).isNull();
    }

    @Test
    void aKeyWhoseRecordWasPurgedStillNamesItsBookingAndBooksNothingAgain() {
        Offer offer = pipeline.offer();
        String key = "key-" + UUID.randomUUID();
        EntityExchangeResult<byte[]> first = post("gina", key, Pipeline.orderBody(offer));
        String bookingId = json.readTree(first.getResponseBody())
                .path("booking")
                .path("booking_id")
                .asString();
        // The key's record is kept for the retention only; its booking keeps the key for ever.
        purgeKey("gina", key);
        EntityExchangeResult<byte[]> again = post("gina", key, Pipeline.orderBody(offer));
        purgeKey("gina", key);
        EntityExchangeResult<byte[]> reused = post("gina", key, Pipeline.orderBody(pipeline.offer()));

        assertThat(first.getStatus().value()).isEqualTo(201);
        assertThat(again.getStatus().value()).isEqualTo(201);
        assertThat(again.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(json.readTree(again.getResponseBody())
                        .path("booking")
                        .path("booking_id")
                        .asString())
                .isEqualTo(bookingId);
        assertProblem(reused, 422, "idempotency_key_reused");
        assertThat(pipeline.simulator.stats().ordersPerOffer().get(offer.id())).isEqualTo(1);
    }

    @Test
    void theSameKeyWhileTheFirstRequestIsStillWaitingIs409WithRetryAfter() {
        Duration slow = Duration.ofSeconds(3);
        pipeline.simulator.updateConfig(SimulatorConfig.defaults().withCreateOrderLatency(new Latency(slow, slow)));
        Offer offer = pipeline.offer();
        String key = "key-" + UUID.randomUUID();
        CompletableFuture<EntityExchangeResult<byte[]>> first =
                CompletableFuture.supplyAsync(() -> post("frank", key, Pipeline.orderBody(offer)));
        await().atMost(Duration.ofSeconds(10)).until(() -> keyIsClaimed("frank", key));

        EntityExchangeResult<byte[]> second = post("frank", key, Pipeline.orderBody(offer));

        assertProblem(second, 409, "request_in_progress");
        assertThat(second.getResponseHeaders().getFirst("Retry-After")).isEqualTo("2");
        assertThat(json.readTree(second.getResponseBody()).path("status_url").asString())
                .startsWith("/api/flights/orders/");
        assertThat(first.join().getStatus().value()).isEqualTo(201);
    }

    @Test
    void respondAsyncAnswers202AtOnceAndTheStatusUrlLongPollsToTheOutcome() {
        Offer offer = pipeline.offer();

        EntityExchangeResult<byte[]> accepted = pipeline.http
                .post()
                .uri("/api/flights/create-order")
                .headers(headers -> headers.setBearerAuth(pipeline.tokenFor("grace")))
                .header("Prefer", "respond-async")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Pipeline.orderBody(offer))
                .exchange()
                .expectBody()
                .returnResult();

        assertThat(accepted.getStatus().value()).isEqualTo(202);
        JsonNode body = json.readTree(accepted.getResponseBody());
        assertThat(body.path("success").asBoolean()).isTrue();
        assertThat(body.path("status").asString()).isEqualTo("received");
        String statusUrl = body.path("status_url").asString();
        assertThat(statusUrl)
                .isEqualTo("/api/flights/orders/" + body.path("booking_id").asString());
        JsonNode status = json.readTree(pipeline.http
                .get()
                .uri(statusUrl + "?wait=20s")
                .headers(headers -> headers.setBearerAuth(pipeline.tokenFor("grace")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
        assertThat(status.path("booking").path("status").asString()).isEqualTo("confirmed");
    }

    @Test
    void anOfferBookedByAnotherUserIs409AlreadyBooked() {
        Offer offer = pipeline.offer();
        post("heidi", null, Pipeline.orderBody(offer));

        EntityExchangeResult<byte[]> answer = post("ivan", null, Pipeline.orderBody(offer));

        JsonNode problem = assertProblem(answer, 409, "offer_already_booked");
        assertThat(problem.path("message").asString())
                .isEqualTo("Field 'selected_offers' has offers that were already booked");
        assertThat(problem.path("action").asString()).isEqualTo("Please search again for a new offer");
        assertThat(problem.path("tip").asString())
                .isEqualTo("Duffel offers are single-use and expire after 20 minutes");
    }

    @Test
    void aDuplicateAndARefusalAreReplayedForTheirKeys() {
        Offer offer = pipeline.offer();
        post("quinn", null, Pipeline.orderBody(offer));
        String duplicateKey = "key-" + UUID.randomUUID();
        String refusedKey = "key-" + UUID.randomUUID();
        EntityExchangeResult<byte[]> duplicate = post("quinn", duplicateKey, Pipeline.orderBody(offer));
        EntityExchangeResult<byte[]> refused = post("rosa", refusedKey, Pipeline.orderBody(offer));

        EntityExchangeResult<byte[]> duplicateAgain = post("quinn", duplicateKey, Pipeline.orderBody(offer));
        EntityExchangeResult<byte[]> refusedAgain = post("rosa", refusedKey, Pipeline.orderBody(offer));

        assertThat(duplicate.getStatus().value()).isEqualTo(200);
        assertThat(duplicateAgain.getStatus().value()).isEqualTo(200);
        assertThat(duplicateAgain.getResponseBody()).isEqualTo(duplicate.getResponseBody());
        assertThat(duplicateAgain.getResponseHeaders().getFirst("Idempotent-Replayed"))
                .isEqualTo("true");
        assertProblem(refused, 409, "offer_already_booked");
        assertProblem(refusedAgain, 409, "offer_already_booked");
        assertThat(refusedAgain.getResponseBody()).isEqualTo(refused.getResponseBody());
        assertThat(refusedAgain.getResponseHeaders().getFirst("Idempotent-Replayed"))
                .isEqualTo("true");
        assertThat(pipeline.simulator.stats().ordersPerOffer().get(offer.id())).isEqualTo(1);
    }

    @Test
    void anOfferDuffelSaysIsAlreadyBookedIs409AlreadyBooked() {
        pipeline.simulator.forceNextOrderFaults(OrderFault.ALREADY_BOOKED, 1);

        assertProblem(post("judy", null, Pipeline.orderBody(pipeline.offer())), 409, "offer_already_booked");
    }

    @Test
    void anExpiredOfferIs410() {
        pipeline.simulator.forceNextOrderFaults(OrderFault.OFFER_NO_LONGER_AVAILABLE, 1);

        JsonNode problem = assertProblem(post("ken", null, Pipeline.orderBody(pipeline.offer())), 410, "offer_expired");
        assertThat(problem.path("action").asString()).isEqualTo("Please search again for a new offer");
    }

    @Test
    void aPriceThatChangedSinceTheSearchIs409WithTheNewPrice() {
        Offer offer = pipeline.offer();
        String body = """
                {"offer_id": "%s", "total_amount": "1.00", "total_currency": "%s",
                 "passengers": [{"id": "%s", "title": "mr", "given_name": "Tony", "family_name": "Stark",
                                 "gender": "m", "born_on": "1980-07-24", "email": "tony@example.com",
                                 "phone_number": "+442080160509"}]}""".formatted(
                offer.id(), offer.totalCurrency(), offer.passengers().getFirst().id());

        JsonNode problem = assertProblem(post("liam", null, body), 409, "price_changed");

        assertThat(problem.path("current_total").path("amount").asString())
                .isEqualTo(offer.totalAmount().toPlainString());
        assertThat(problem.path("current_total").path("currency").asString()).isEqualTo(offer.totalCurrency());
        assertThat(pipeline.simulator.stats().ordersPerOffer().get(offer.id())).isNull();
    }

    @Test
    void aPassengerTheOfferDoesNotHaveIs400ValidationFailed() {
        Offer offer = pipeline.offer();

        JsonNode problem = assertProblem(
                post("mia", null, Pipeline.orderBody(offer.id(), "pas_0000NotInThisOffer")), 400, "validation_failed");

        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("passengers");
    }

    @Test
    void bookingsThatFailForReasonsOfOursOrDuffelsAre502WithNothingBooked() {
        pipeline.simulator.forceNextOrderFaults(OrderFault.INSUFFICIENT_BALANCE, 1);

        assertProblem(post("nina", null, Pipeline.orderBody(pipeline.offer())), 502, "insufficient_balance");
    }

    private EntityExchangeResult<byte[]> post(String user, String key, String body) {
        return pipeline.http
                .post()
                .uri("/api/flights/create-order")
                .headers(headers -> {
                    headers.setBearerAuth(pipeline.tokenFor(user));
                    if (key != null) {
                        headers.set("Idempotency-Key", key);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectBody()
                .returnResult();
    }

    private JsonNode myOrders(String user) {
        return json.readTree(pipeline.http
                .get()
                .uri("/api/flights/my-orders")
                .headers(headers -> headers.setBearerAuth(pipeline.tokenFor(user)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
    }

    private String statusOf(String user, String bookingId) {
        for (JsonNode booking : myOrders(user).path("bookings")) {
            if (booking.path("booking_id").asString().equals(bookingId)) {
                return booking.path("status").asString();
            }
        }
        return "absent";
    }

    private void purgeKey(String user, String key) {
        pipeline.jdbc()
                .sql("delete from idempotency_record where user_id = ? and idempotency_key = ?")
                .params(user, key)
                .update();
    }

    private boolean keyIsClaimed(String user, String key) {
        return pipeline.jdbc()
                        .sql("select count(*) from idempotency_record where user_id = ? and idempotency_key = ?")
                        .params(user, key)
                        .query(Long.class)
                        .single()
                == 1;
    }

    static JsonNode assertProblem(EntityExchangeResult<byte[]> answer, int status, String code) {
        assertThat(answer.getStatus().value()).as("status").isEqualTo(status);
        assertThat(answer.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json.readTree(answer.getResponseBody());
        assertThat(problem.path("success").asBoolean()).isFalse();
        assertThat(problem.path("code").asString()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asString()).isEqualTo("/problems/" + code);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
        assertThat(new String(answer.getResponseBody())).doesNotContain("Exception", "at dev.", "Stark");
        return problem;
    }
}
