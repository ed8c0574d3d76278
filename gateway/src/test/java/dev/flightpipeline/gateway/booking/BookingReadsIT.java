package dev.flightpipeline.gateway.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read endpoints: a user sees their own bookings, newest first, page by page, with travelers and
 * segments, and never another user's (a 404 that does not confirm the booking exists).
 */
class BookingReadsIT {

    private static final JsonMapper json = JsonMapper.shared();
    private static final String OWNER = "reader-" + UUID.randomUUID();
    private static final String OTHER = "other-" + UUID.randomUUID();

    private static Pipeline pipeline;
    private static final List<String> booked = new ArrayList<>();

    @BeforeAll
    static void bookThree() {
        pipeline = Pipeline.shared();
        for (int i = 0; i < 3; i++) {
            JsonNode answer = json.readTree(pipeline.http
                    .post()
                    .uri("/api/flights/create-order")
                    .headers(headers -> headers.setBearerAuth(pipeline.tokenFor(OWNER)))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Pipeline.orderBody(pipeline.offer()))
                    .exchange()
                    .expectStatus()
                    .isCreated()
                    .expectBody()
                    .returnResult()
                    .getResponseBody());
            booked.add(answer.path("booking").path("booking_id").asString());
        }
    }

    @Test
    void theOwnerReadsABookingWithItsTravelersAndSegments() {
        JsonNode booking =
                get(OWNER, "/api/flights/orders/" + booked.getFirst(), 200).path("booking");

        assertThat(booking.path("status").asString()).isEqualTo("confirmed");
        assertThat(booking.path("travelers").get(0).path("email").asString()).isEqualTo("tony@example.com");
        assertThat(booking.path("segments")).isNotEmpty();
        assertThat(booking.path("confirmed_late").asBoolean(true)).isFalse();
    }

    @Test
    void anotherUserNeverSeesTheBookingOnAnyReadEndpoint() {
        for (String id : booked) {
            JsonNode problem = get(OTHER, "/api/flights/orders/" + id, 404);
            assertThat(problem.path("code").asString()).isEqualTo("not_found");
            get(OTHER, "/api/flights/orders/" + id + "?wait=1s", 404);
        }
        assertThat(get(OTHER, "/api/flights/my-orders", 200).path("bookings")).isEmpty();
        assertThat(get(OTHER, "/api/bookings", 200).path("bookings")).isEmpty();
    }

    @Test
    void myOrdersListsNewestFirstPageByPageWithoutGapsOrRepeats() {
        JsonNode first = get(OWNER, "/api/flights/my-orders?limit=2", 200);
        JsonNode second = get(
                OWNER,
                "/api/bookings?limit=2&cursor=" + first.path("next_cursor").asString(),
                200);

        List<String> seen = new ArrayList<>();
        first.path("bookings")
                .forEach(booking -> seen.add(booking.path("booking_id").asString()));
        second.path("bookings")
                .forEach(booking -> seen.add(booking.path("booking_id").asString()));
        assertThat(seen).containsExactlyElementsOf(booked.reversed());
        assertThat(second.path("next_cursor").isNull()).isTrue();
        assertThat(first.path("bookings").get(0).path("travelers")).isNotEmpty();
    }

    @Test
    void aBookingThatDoesNotExistIs404LikeAnotherUsers() {
        JsonNode problem = get(OWNER, "/api/flights/orders/" + UUID.randomUUID(), 404);

        assertThat(problem.path("message").asString()).isEqualTo("No such booking.");
    }

    private static JsonNode get(String user, String path, int status) {
        return json.readTree(pipeline.http
                .get()
                .uri(path)
                .headers(headers -> headers.setBearerAuth(pipeline.tokenFor(user)))
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody()
                .returnResult()
                .getResponseBody());
    }
}
