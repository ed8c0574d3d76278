package dev.flightpipeline.duffel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.duffel.Offers.OfferRequest;
import dev.flightpipeline.duffel.Offers.OfferRequestCommand;
import dev.flightpipeline.duffel.Offers.PassengerQuery;
import dev.flightpipeline.duffel.Offers.SliceQuery;
import dev.flightpipeline.duffel.OrderCreationOutcome.Created;
import dev.flightpipeline.duffel.OrderCreationOutcome.Pending;
import dev.flightpipeline.duffel.OrderCreationOutcome.RateLimited;
import dev.flightpipeline.duffel.OrderCreationOutcome.Rejected;
import dev.flightpipeline.duffel.OrderCreationOutcome.RetryLater;
import dev.flightpipeline.duffel.OrderCreationOutcome.Unknown;
import dev.flightpipeline.duffel.Orders.CreateOrderCommand;
import dev.flightpipeline.duffel.Orders.NewPassenger;
import dev.flightpipeline.duffel.Orders.Order;
import dev.flightpipeline.duffel.Orders.OrderListQuery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The exact requests the client sends to Duffel, and what it makes of every kind of answer. */
class DuffelClientContractIT {

    @RegisterExtension
    static WireMockExtension duffel = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().gzipDisabled(false))
            .build();

    static final String TOKEN = "duffel_test_contract";

    DuffelClient client;

    @BeforeEach
    void createClient() {
        client = DuffelClient.create(DuffelClientSettings.defaults(URI.create(duffel.baseUrl()), TOKEN)
                .withOrderCreationTimeout(Duration.ofMillis(800))
                .withDefaultTimeout(Duration.ofMillis(800)));
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    static final String OFFER = """
            {"id": "off_0000AgkZ", "total_amount": "412.30", "total_currency": "GBP", "base_amount": "350.00",
             "tax_amount": "62.30", "expires_at": "2026-12-01T10:20:00Z", "unknown_member": {"a": 1},
             "owner": {"iata_code": "BA", "name": "British Airways"},
             "passengers": [{"id": "pas_0000A1", "type": "adult"}],
             "payment_requirements": {"requires_instant_payment": false},
             "slices": [{"origin": {"iata_code": "LHR"}, "destination": {"iata_code": "JFK"}, "duration": "PT8H",
               "segments": [{"id": "seg_1", "origin": {"iata_code": "LHR", "name": "Heathrow"},
                 "destination": {"iata_code": "JFK"}, "departing_at": "2026-12-24T10:30:00",
                 "arriving_at": "2026-12-24T13:45:00", "marketing_carrier": {"iata_code": "BA", "name": "British Airways"},
                 "marketing_carrier_flight_number": "117", "operating_carrier": {"iata_code": "BA"},
                 "duration": "PT8H15M", "aircraft": {"name": "Boeing 777-300ER"}}]}]}""";

    static final String ORDER = """
            {"id": "ord_0000X", "booking_reference": "RZPNX8", "created_at": "2026-12-01T10:05:00Z",
             "total_amount": "412.30", "total_currency": "GBP", "owner": {"iata_code": "BA"},
             "passengers": [{"id": "pas_0000A1", "given_name": "Tony", "family_name": "Stark", "born_on": "1980-07-24"}],
             "slices": [], "documents": [{"type": "electronic_ticket", "unique_identifier": "1251234567890"}],
             "metadata": {"booking_id": "b-1"}, "payment_status": {"awaiting_payment": false}, "live_mode": false}""";

    static CreateOrderCommand order() {
        return new CreateOrderCommand(
                "off_0000AgkZ",
                List.of(new NewPassenger(
                        "pas_0000A1",
                        "mr",
                        "m",
                        "Tony",
                        "Stark",
                        LocalDate.parse("1980-07-24"),
                        "tony@example.com",
                        "+442080160509")),
                new BigDecimal("412.30"),
                "GBP",
                Map.of("booking_id", "b-1", "idempotency_key", "k-1"));
    }

    static String errorBody(int status, String type, String code, String message, String field) {
        String source =
                field == null ? "" : ", \"source\": {\"field\": \"" + field + "\", \"pointer\": \"/" + field + "\"}";
        return """
                {"meta": {"status": %d, "request_id": "r"}, "errors": [{"type": "%s", "code": "%s", "title": "t",
                 "message": "%s", "documentation_url": "https://duffel.com/docs/api/overview/errors"%s}]}""".formatted(status, type, code, message, source);
    }

    OrderCreationOutcome createOrderAnswered(int status, String body) {
        duffel.stubFor(post("/air/orders")
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-request-id", "req-" + status)
                        .withBody(body)));
        return client.createOrder(order()).block();
    }

    @Test
    void aSearchSendsDuffelsHeadersAndTheDataEnvelopeAndReadsTheOffers() {
        duffel.stubFor(post(urlPathEqualTo("/air/offer_requests"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"data\": {\"id\": \"orq_1\", \"offers\": [" + OFFER
                                + "], \"passengers\": [{\"id\": \"pas_0000A1\", \"type\": \"adult\"}]}}")));

        OfferRequest answer = client.searchOffers(new OfferRequestCommand(
                        List.of(new SliceQuery("LHR", "JFK", LocalDate.parse("2026-12-24"))),
                        List.of(PassengerQuery.adult(), PassengerQuery.aged(9)),
                        "economy",
                        1))
                .block();

        duffel.verify(postRequestedFor(urlPathEqualTo("/air/offer_requests"))
                .withQueryParam("return_offers", equalTo("true"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Duffel-Version", equalTo("v2"))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("Accept-Encoding", equalTo("gzip"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"data": {"slices": [{"origin": "LHR", "destination": "JFK", "departure_date": "2026-12-24"}],
                                  "passengers": [{"type": "adult"}, {"age": 9}],
                                  "cabin_class": "economy", "max_connections": 1}}""")));
        Offers.Offer offer = answer.offers().getFirst();
        assertThat(offer.totalAmount()).isEqualByComparingTo("412.30");
        assertThat(offer.expiresAt()).isEqualTo(Instant.parse("2026-12-01T10:20:00Z"));
        assertThat(offer.passengers().getFirst().id()).isEqualTo("pas_0000A1");
        Offers.FlightSegment segment = offer.slices().getFirst().segments().getFirst();
        assertThat(segment.departingAt()).isEqualTo(LocalDateTime.parse("2026-12-24T10:30"));
        assertThat(segment.marketingCarrierFlightNumber()).isEqualTo("117");
        assertThat(segment.aircraft().name()).isEqualTo("Boeing 777-300ER");
    }

    @Test
    void aGetSendsNoContentType() {
        duffel.stubFor(get("/air/offers/off_0000AgkZ")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"data\": " + OFFER + "}")));

        assertThat(client.getOffer("off_0000AgkZ").block().id()).isEqualTo("off_0000AgkZ");
        duffel.verify(getRequestedFor(urlPathEqualTo("/air/offers/off_0000AgkZ"))
                .withHeader("Content-Type", absent())
                .withHeader("Duffel-Version", equalTo("v2")));
    }

    @Test
    void anOrderIsSentAsAnInstantBalancePaymentWithItsMetadataAndTheCreatedOrderIsRead() {
        OrderCreationOutcome outcome = createOrderAnswered(201, "{\"data\": " + ORDER + "}");

        duffel.verify(postRequestedFor(urlPathEqualTo("/air/orders")).withRequestBody(equalToJson("""
                {"data": {"type": "instant", "selected_offers": ["off_0000AgkZ"],
                  "passengers": [{"id": "pas_0000A1", "title": "mr", "gender": "m", "given_name": "Tony",
                                  "family_name": "Stark", "born_on": "1980-07-24", "email": "tony@example.com",
                                  "phone_number": "+442080160509"}],
                  "payments": [{"type": "balance", "amount": "412.30", "currency": "GBP"}],
                  "metadata": {"booking_id": "b-1", "idempotency_key": "k-1"}}}""")));
        assertThat(outcome).isInstanceOf(Created.class);
        Order order = ((Created) outcome).order();
        assertThat(order.bookingReference()).isEqualTo("RZPNX8");
        assertThat(order.metadata()).containsEntry("booking_id", "b-1");
        assertThat(order.passengers().getFirst().bornOn()).isEqualTo(LocalDate.parse("1980-07-24"));
        assertThat(outcome.requestId()).contains("req-201");
    }

    @Test
    void everyKindOfAnswerToAnOrderCreationBecomesItsOutcome() {
        assertThat(createOrderAnswered(202, "{\"data\": {\"id\": \"ord_later\"}}"))
                .isEqualTo(new Pending(Optional.of("req-202")));
        assertThat(((Rejected) createOrderAnswered(
                                422,
                                errorBody(
                                        422,
                                        "validation_error",
                                        "already_booked",
                                        "Field 'selected_offers' has offers that were already booked",
                                        "selected_offers")))
                        .reason())
                .isEqualTo(RejectionReason.ALREADY_BOOKED);
        assertThat(((Rejected) createOrderAnswered(
                                422, errorBody(422, "invalid_state_error", "offer_no_longer_available", "gone", null)))
                        .reason())
                .isEqualTo(RejectionReason.OFFER_NO_LONGER_AVAILABLE);
        assertThat(((Rejected) createOrderAnswered(
                                422, errorBody(422, "invalid_state_error", "duplicate_booking", "dup", null)))
                        .reason())
                .isEqualTo(RejectionReason.DUPLICATE_BOOKING);
        assertThat(((Rejected) createOrderAnswered(
                                422, errorBody(422, "invalid_state_error", "insufficient_balance", "poor", null)))
                        .reason())
                .isEqualTo(RejectionReason.INSUFFICIENT_BALANCE);
        assertThat(((Rejected) createOrderAnswered(
                                422, errorBody(422, "validation_error", "invalid_field", "bad", "passengers.0.email")))
                        .reason())
                .isEqualTo(RejectionReason.INVALID_INPUT);
        assertThat(((Rejected) createOrderAnswered(
                                502, errorBody(502, "airline_error", "order_not_created", "no", null)))
                        .reason())
                .isEqualTo(RejectionReason.ORDER_NOT_CREATED);
        assertThat(createOrderAnswered(502, errorBody(502, "airline_error", "airline_internal", "?", null)))
                .isInstanceOf(Unknown.class);
        assertThat(createOrderAnswered(500, errorBody(500, "api_error", "internal_server_error", "?", null)))
                .isInstanceOf(Unknown.class);
        assertThat(createOrderAnswered(503, "")).isInstanceOf(RetryLater.class);
        assertThat(createOrderAnswered(504, "<html>gateway timeout</html>")).isInstanceOf(RetryLater.class);
        assertThat(createOrderAnswered(201, "{not json")).isInstanceOf(Unknown.class);
    }

    @Test
    void aCreatedOrderWhoseDataIsNotAnOrderIsUnknown() {
        for (String body :
                List.of("", "{}", "{\"data\": null}", "{\"data\": \"ord_1\"}", "{\"data\": [" + ORDER + "]}")) {
            assertThat(createOrderAnswered(201, body)).as(body).isInstanceOf(Unknown.class);
        }
    }

    @Test
    void anAnswersOtherMembersBesideItsDataAreIgnored() {
        OrderCreationOutcome outcome = createOrderAnswered(
                201, "{\"meta\": {\"limit\": 50, \"after\": null}, \"data\": " + ORDER + ", \"extra\": [1, {}]}");

        assertThat(outcome).isInstanceOf(Created.class);
        assertThat(((Created) outcome).order().bookingReference()).isEqualTo("RZPNX8");
    }

    @Test
    void anOfferAnswerThatCannotBeReadAsAnOfferIsADuffelApiExceptionSayingSo() {
        for (String body : List.of(
                "{\"data\": []}", "{\"data\": {\"id\": \"off_1\", \"total_amount\": {\"not\": \"a number\"}}}")) {
            duffel.stubFor(get("/air/offers/off_1")
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("x-request-id", "req-200")
                            .withBody(body)));

            assertThatThrownBy(() -> client.getOffer("off_1").block())
                    .as(body)
                    .isInstanceOfSatisfying(DuffelApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(200);
                        assertThat(e.hasCode("unreadable_response")).isTrue();
                        assertThat(e.requestId()).isEqualTo("req-200");
                    });
        }
    }

    @Test
    void a429WaitsUntilTheResetHeader() {
        duffel.stubFor(post("/air/orders")
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("ratelimit-limit", "120")
                        .withHeader("ratelimit-remaining", "0")
                        .withHeader("ratelimit-reset", "Tue, 01 Dec 2026 10:00:30 GMT")
                        .withBody(errorBody(429, "rate_limit_error", "rate_limit_exceeded", "slow down", null))));

        assertThat(client.createOrder(order()).block())
                .isEqualTo(new RateLimited(Instant.parse("2026-12-01T10:00:30Z"), Optional.empty()));
    }

    @Test
    void noAnswerWithinTheTimeoutIsUnknown() {
        duffel.stubFor(post("/air/orders")
                .willReturn(aResponse().withStatus(201).withFixedDelay(3000).withBody("{}")));

        assertThat(client.createOrder(order()).block()).isInstanceOf(Unknown.class);
    }

    @Test
    void aResetConnectionIsUnknown() {
        duffel.stubFor(post("/air/orders").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThat(client.createOrder(order()).block()).isInstanceOf(Unknown.class);
    }

    @Test
    void aConnectionNeverMadeSentNothingAndIsRetriedLater() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (DuffelClient unreachable = DuffelClient.create(
                DuffelClientSettings.defaults(URI.create("http://127.0.0.1:" + closedPort), TOKEN))) {
            assertThat(unreachable.createOrder(order()).block()).isInstanceOf(RetryLater.class);
        }
    }

    @Test
    void anOrderStillWaitingForAConnectionWhenItsTimeoutPassesWasNeverSentAndIsRetriedLater() {
        duffel.stubFor(get("/air/offers/off_0000AgkZ")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withFixedDelay(2000)
                        .withBody("{\"data\": " + OFFER + "}")));
        duffel.stubFor(
                post("/air/orders").willReturn(aResponse().withStatus(201).withBody("{}")));
        try (DuffelClient oneConnection =
                DuffelClient.create(DuffelClientSettings.defaults(URI.create(duffel.baseUrl()), TOKEN)
                        .withDefaultTimeout(Duration.ofSeconds(10))
                        .withOrderCreationTimeout(Duration.ofMillis(300))
                        .withMaxConnections(1))) {
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            oneConnection.observeCalls(new DuffelCallMetrics(metrics));
            CompletableFuture<Offer> holdingTheConnection =
                    oneConnection.getOffer("off_0000AgkZ").toFuture();
            await().until(() -> !duffel.findAll(getRequestedFor(urlPathEqualTo("/air/offers/off_0000AgkZ")))
                    .isEmpty());

            OrderCreationOutcome outcome = oneConnection.createOrder(order()).block();

            assertThat(outcome).isInstanceOf(RetryLater.class);
            assertThat(((RetryLater) outcome).cause()).contains("nothing was sent");
            assertThat(holdingTheConnection.join().id()).isEqualTo("off_0000AgkZ");
            assertThat(oneConnection.getOffer("off_0000AgkZ").block().id()).isEqualTo("off_0000AgkZ");
            assertThat(duffel.findAll(postRequestedFor(urlPathEqualTo("/air/orders"))))
                    .isEmpty();
            assertThat(metrics.get("duffel.calls")
                            .tag("route", "/air/orders")
                            .tag("result", "no_answer")
                            .tag("failure", "not_sent")
                            .timer()
                            .count())
                    .isEqualTo(1);
        }
    }

    @Test
    void ordersAreListedByPassengerNameThroughEveryPage() {
        duffel.stubFor(get(urlPathEqualTo("/air/orders"))
                .withQueryParam("after", absent())
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"data\": [" + ORDER + ", " + ORDER.replace("ord_0000X", "ord_0000Y") + "],"
                                + " \"meta\": {\"limit\": 2, \"after\": \"cursor-2\", \"before\": null}}")));
        duffel.stubFor(get(urlPathEqualTo("/air/orders"))
                .withQueryParam("after", equalTo("cursor-2"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"data\": [" + ORDER.replace("ord_0000X", "ord_0000Z") + "],"
                                + " \"meta\": {\"limit\": 2, \"after\": null, \"before\": \"cursor-1\"}}")));

        List<Order> orders = client.listAllOrders(
                        OrderListQuery.byPassengerName("Tony Stark").withLimit(2))
                .collectList()
                .block();

        assertThat(orders).extracting(Order::id).containsExactly("ord_0000X", "ord_0000Y", "ord_0000Z");
        duffel.verify(
                2,
                getRequestedFor(urlPathEqualTo("/air/orders"))
                        .withQueryParam("passenger_name[]", equalTo("Tony Stark"))
                        .withQueryParam("limit", equalTo("2")));
    }

    @Test
    void anErrorAnswerToAnotherCallIsADuffelApiExceptionWithDuffelsErrors() {
        duffel.stubFor(get("/air/offers/off_1")
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("x-request-id", "req-401")
                        .withBody(errorBody(
                                401, "authentication_error", "access_token_not_found", "unknown token", null))));

        assertThatThrownBy(() -> client.getOffer("off_1").block())
                .isInstanceOfSatisfying(DuffelApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.hasCode("access_token_not_found")).isTrue();
                    assertThat(e.requestId()).isEqualTo("req-401");
                    assertThat(e.getMessage()).doesNotContain(TOKEN);
                });
    }

    @Test
    void noAnswerToAnotherCallIsDuffelUnreachable() {
        duffel.stubFor(
                get("/air/orders/ord_1").willReturn(aResponse().withStatus(200).withFixedDelay(3000)));

        assertThatThrownBy(() -> client.getOrder("ord_1").block())
                .isInstanceOf(DuffelUnreachableException.class)
                .hasMessageContaining("timed out");
    }
}
