package dev.flightpipeline.reconciler.webhooks;

import static org.awaitility.Awaitility.await;

import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.BookingRepository;
import dev.flightpipeline.booking.BookingStatus;
import dev.flightpipeline.booking.BookingTransitions;
import dev.flightpipeline.booking.BookingTransitions.CheckTimes;
import dev.flightpipeline.duffel.DuffelClient;
import dev.flightpipeline.duffel.DuffelClientSettings;
import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.duffel.Offers.OfferRequestCommand;
import dev.flightpipeline.duffel.Offers.PassengerQuery;
import dev.flightpipeline.duffel.Offers.SliceQuery;
import dev.flightpipeline.duffel.OrderCreationOutcome;
import dev.flightpipeline.duffel.Orders.CreateOrderCommand;
import dev.flightpipeline.duffel.Orders.NewPassenger;
import dev.flightpipeline.duffelsim.DuffelSimulator;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.duffelsim.WebhookSignature;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.Money;
import dev.flightpipeline.events.Passenger;
import dev.flightpipeline.events.Topics;
import dev.flightpipeline.reconciler.ReconcilerApplication;
import dev.flightpipeline.testsupport.PostgresEndpoint;
import dev.flightpipeline.testsupport.TestInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One reconciler with its webhook endpoint (and a sweep that, once started, only runs when a test
 * asks), on the real broker, its own database and its own simulator, which signs its webhooks with
 * the reconciler's secret. Bookings are set up as the booker leaves them.
 */
final class WebhookTestbed implements AutoCloseable {

    static final Duration WITHIN = Duration.ofSeconds(60);
    static final String TOKEN = "duffel_test_webhook_tests";
    static final String SECRET = "whsec_reconciler_tests";

    final DuffelSimulator simulator;
    final PostgresEndpoint database;
    final DuffelClient duffel;
    final JdbcClient jdbc;
    final BookingTransitions booker;
    final ConfigurableApplicationContext reconciler;
    final URI webhookUrl;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    WebhookTestbed() {
        simulator = DuffelSimulator.start(SimulatorConfig.defaults());
        database = TestInfrastructure.postgres().newDatabase("webhooks");
        duffel = DuffelClient.create(DuffelClientSettings.defaults(URI.create(simulator.baseUrl()), TOKEN));
        DataSource dataSource = database.dataSource();
        jdbc = JdbcClient.create(dataSource);
        booker = new BookingTransitions(
                jdbc,
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                Clock.systemUTC(),
                "booker",
                new CheckTimes(Duration.ofMinutes(2), Duration.ofSeconds(190), Duration.ZERO));
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", 0);
        properties.put(
                "spring.kafka.bootstrap-servers", TestInfrastructure.kafka().bootstrapServers());
        properties.put("spring.datasource.url", database.jdbcUrl());
        properties.put("spring.datasource.username", database.username());
        properties.put("spring.datasource.password", database.password());
        properties.put("duffel.base-url", simulator.baseUrl());
        properties.put("duffel.access-token", TOKEN);
        // One sweep at start, then none unless a test runs one: a booking confirms by the webhook alone.
        properties.put("reconciler.sweep-interval", "1h");
        properties.put("reconciler.close-grace", "5m");
        properties.put("reconciler.webhooks.secret", SECRET);
        properties.put("reconciler.webhooks.tolerance", "5m");
        String[] arguments = properties.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                .toArray(String[]::new);
        reconciler = ReconcilerApplication.application().run(arguments);
        webhookUrl = URI.create("http://localhost:"
                + reconciler.getEnvironment().getProperty("local.server.port") + DuffelWebhookEndpoint.PATH);
        // Only orders answered with a 202 are announced: the tests deliver the others by hand.
        SimulatorConfig config = simulator.config();
        simulator.updateConfig(config.withWebhooks(config.webhooks()
                .to(webhookUrl.toString(), SECRET)
                .withDelay(Duration.ofSeconds(1))
                .withAnnounceEveryOrder(false)));
    }

    BookingRepository bookings() {
        return reconciler.getBean(BookingRepository.class);
    }

    Booking booking(UUID bookingId) {
        return bookings().findById(bookingId).orElseThrow();
    }

    Booking awaitStatus(UUID bookingId, BookingStatus expected) {
        await().atMost(WITHIN).until(() -> booking(bookingId).status() == expected);
        return booking(bookingId);
    }

    /** A booking left UNKNOWN by the booker, for an offer of its own; the offer is returned. */
    Offer unknownBooking(UUID bookingId, String familyName) {
        Offer offer = offer();
        submit(bookingId, offer, familyName);
        booker.markUnknown(bookingId, "duffel_no_answer", "no answer in 130 s", null);
        return offer;
    }

    /** Records the request and submits it, as the booker does just before its Duffel call. */
    void submit(UUID bookingId, Offer offer, String familyName) {
        BookingRequested request = request(bookingId, offer, familyName);
        booker.receive(request);
        booker.startSubmission(bookingId, "booker-it", request.expectedTotal(), offer.expiresAt())
                .orElseThrow();
    }

    Offer offer() {
        return duffel.searchOffers(new OfferRequestCommand(
                        List.of(new SliceQuery("LHR", "JFK", LocalDate.now().plusDays(30))),
                        List.of(PassengerQuery.adult()),
                        "economy",
                        null))
                .block()
                .offers()
                .getFirst();
    }

    private static BookingRequested request(UUID bookingId, Offer offer, String familyName) {
        String key = "key-" + UUID.randomUUID();
        return new BookingRequested(
                bookingId,
                "user-" + UUID.randomUUID(),
                key,
                "sha256:" + key,
                offer.id(),
                List.of(new Passenger(
                        offer.passengers().getFirst().id(),
                        "mr",
                        "Tony",
                        familyName,
                        "m",
                        LocalDate.of(1980, 7, 24),
                        "tony@example.com",
                        "+442080160509")),
                new Money(offer.totalAmount().toPlainString(), offer.totalCurrency()),
                Instant.now());
    }

    /** Books the offer on the simulator naming the booking in the metadata, as the booker's lost call did. */
    OrderCreationOutcome createOrder(Offer offer, String familyName, String bookingId) {
        return duffel.createOrder(new CreateOrderCommand(
                        offer.id(),
                        List.of(new NewPassenger(
                                offer.passengers().getFirst().id(),
                                "mr",
                                "m",
                                "Tony",
                                familyName,
                                LocalDate.of(1980, 7, 24),
                                "tony@example.com",
                                "+442080160509")),
                        offer.totalAmount(),
                        offer.totalCurrency(),
                        Map.of("booking_id", bookingId)))
                .block();
    }

    /** The order as Duffel's API returns it, raw: what an {@code order.created} event carries. */
    JsonNode rawOrder(String orderId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/air/orders/" + orderId))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Duffel-Version", "v2")
                .header("Accept", "application/json")
                .GET()
                .build();
        return json.readTree(send(request).body()).get("data");
    }

    String orderCreatedEvent(String eventId, JsonNode order) {
        ObjectNode event = event(eventId, "order.created");
        event.putObject("data").set("object", order);
        return json.writeValueAsString(event);
    }

    String orderCreationFailedEvent(String eventId, String orderId, UUID bookingId) {
        ObjectNode event = event(eventId, "order.creation_failed");
        ObjectNode object = event.putObject("data").putObject("object");
        object.put("id", orderId);
        object.putObject("metadata").put("booking_id", bookingId.toString());
        object.putObject("error")
                .put("type", "airline_error")
                .put("code", "order_not_created")
                .put("message", "The airline did not create the order; no payment was taken");
        return json.writeValueAsString(event);
    }

    private ObjectNode event(String eventId, String type) {
        ObjectNode event = json.createObjectNode();
        event.put("id", eventId);
        event.put("type", type);
        event.put("idempotency_key", "ord_" + eventId);
        event.put("created_at", Instant.now().toString());
        event.put("live_mode", false);
        return event;
    }

    /** Posts the body signed now with the reconciler's secret. */
    HttpResponse<String> deliver(String body) {
        return deliver(body, WebhookSignature.header(SECRET, Instant.now().getEpochSecond(), body));
    }

    /** Posts the body with this signature header (none if null). */
    HttpResponse<String> deliver(String body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhookUrl)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header(DuffelWebhookEndpoint.SIGNATURE_HEADER, signature);
        }
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String uniqueName() {
        StringBuilder name = new StringBuilder("Stark");
        for (int i = 0; i < 8; i++) {
            name.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return name.toString();
    }

    static String eventId() {
        return "wev_" + UUID.randomUUID().toString().replace("-", "");
    }

    int deliveriesRecorded(String eventId) {
        return jdbc.sql("select count(*) from webhook_delivery where event_id = ?")
                .param(eventId)
                .query(Integer.class)
                .single();
    }

    List<String> outcomes(UUID bookingId) {
        return jdbc
                .sql("select event_type from outbox_event where message_key = ? and topic = ? order by id")
                .params(bookingId.toString(), Topics.BOOKING_OUTCOMES)
                .query(String.class)
                .list()
                .stream()
                .map(type -> type.split("\\.")[2])
                .toList();
    }

    List<String> opsKinds(UUID bookingId) {
        return jdbc.sql(
                        "select payload::json ->> 'kind' from outbox_event where message_key = ? and topic = ? order by id")
                .params(bookingId.toString(), Topics.BOOKING_OPS)
                .query(String.class)
                .list();
    }

    /** The {@code orphan_order} ops events reporting this Duffel order, as JSON payloads. */
    List<JsonNode> orphanReports(String duffelOrderId) {
        return jdbc.sql("""
                        select payload from outbox_event where topic = ? and payload::json ->> 'kind' = 'orphan_order'
                            and payload::json -> 'attributes' ->> 'duffel_order_id' = ?""").params(Topics.BOOKING_OPS, duffelOrderId).query(String.class).list().stream()
                .map(json::readTree)
                .toList();
    }

    int outboxRows() {
        return jdbc.sql("select count(*) from outbox_event")
                .query(Integer.class)
                .single();
    }

    @Override
    public void close() {
        reconciler.close();
        duffel.close();
        simulator.close();
    }
}
