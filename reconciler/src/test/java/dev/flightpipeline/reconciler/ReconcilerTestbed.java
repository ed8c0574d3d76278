package dev.flightpipeline.reconciler;

import static org.awaitility.Awaitility.await;

import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.BookingReader;
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
import dev.flightpipeline.duffel.Orders.Order;
import dev.flightpipeline.duffelsim.DuffelSimulator;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.Money;
import dev.flightpipeline.events.Passenger;
import dev.flightpipeline.events.Topics;
import dev.flightpipeline.testsupport.PostgresEndpoint;
import dev.flightpipeline.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reconcilers on the real broker, a database of their own and a simulator of their own, and what a
 * test needs to set bookings up as the booker leaves them: recorded, submitted, then UNKNOWN after a
 * call without an answer, with or without an order on Duffel.
 */
public class ReconcilerTestbed implements AutoCloseable {

    public static final Duration WITHIN = Duration.ofSeconds(60);
    public static final String TOKEN = "duffel_test_reconciler_tests";

    public final DuffelSimulator simulator;
    public final PostgresEndpoint database;
    public final DuffelClient duffel;
    public final JdbcClient jdbc;
    /** Writes bookings as the booker does; its UNKNOWN bookings are due at once. */
    public final BookingTransitions booker;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<ConfigurableApplicationContext> reconcilers = new ArrayList<>();

    public ReconcilerTestbed() {
        simulator = DuffelSimulator.start(SimulatorConfig.defaults());
        database = TestInfrastructure.postgres().newDatabase("reconciler");
        duffel = DuffelClient.create(DuffelClientSettings.defaults(URI.create(simulator.baseUrl()), TOKEN));
        DataSource dataSource = database.dataSource();
        jdbc = JdbcClient.create(dataSource);
        booker = new BookingTransitions(
                new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                Clock.systemUTC(),
                "booker",
                new CheckTimes(Duration.ofMinutes(2), Duration.ofSeconds(190), Duration.ZERO));
    }

    /** Starts a reconciler application (which also migrates the database) with fast sweeps. */
    public ConfigurableApplicationContext startReconciler(Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", 0);
        properties.put(
                "spring.kafka.bootstrap-servers", TestInfrastructure.kafka().bootstrapServers());
        properties.put("spring.datasource.url", database.jdbcUrl());
        properties.put("spring.datasource.username", database.username());
        properties.put("spring.datasource.password", database.password());
        properties.put("duffel.base-url", simulator.baseUrl());
        properties.put("duffel.access-token", TOKEN);
        properties.put("reconciler.sweep-interval", "100ms");
        properties.put("reconciler.first-backoff", "1s");
        properties.put("reconciler.max-backoff", "2s");
        properties.put("reconciler.close-grace", "5m");
        properties.putAll(settings);
        // As command-line arguments: they win over reconciler.yml, as an operator's settings do.
        String[] arguments = properties.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext reconciler =
                ReconcilerApplication.application().run(arguments);
        reconcilers.add(reconciler);
        return reconciler;
    }

    public BookingReader bookings() {
        return reconcilers.getFirst().getBean(BookingReader.class);
    }

    public Booking awaitStatus(UUID bookingId, BookingStatus expected) {
        await().atMost(WITHIN)
                .until(() -> bookings().find(bookingId).orElseThrow().status() == expected);
        return bookings().find(bookingId).orElseThrow();
    }

    /** Records the request and submits it, as the booker does just before its Duffel call. */
    public void submit(BookingRequested request, Instant offerExpiresAt) {
        booker.receive(request);
        booker.startSubmission(request.bookingId(), "booker-it", request.expectedTotal(), offerExpiresAt)
                .orElseThrow();
    }

    /** The booker's call ended without an answer. */
    public void markUnknown(UUID bookingId) {
        booker.markUnknown(bookingId, "duffel_no_answer", "no answer in 130 s", null);
    }

    /** A fresh offer for one adult, a month ahead. */
    public Offer offer() {
        return duffel.searchOffers(new OfferRequestCommand(
                        List.of(new SliceQuery("LHR", "JFK", LocalDate.now().plusDays(30))),
                        List.of(PassengerQuery.adult()),
                        "economy",
                        null))
                .block()
                .offers()
                .getFirst();
    }

    BookingRequested request(Offer offer, String familyName) {
        return request(UUID.randomUUID(), offer, familyName);
    }

    public BookingRequested request(UUID bookingId, Offer offer, String familyName) {
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

    /** Books the offer on the simulator as the booker's lost call did, naming the booking in the metadata. */
    Order createOrder(Offer offer, String familyName, String bookingId) {
        OrderCreationOutcome outcome = orderOutcome(offer, familyName, bookingId);
        if (!(outcome instanceof OrderCreationOutcome.Created created)) {
            throw new IllegalStateException("the simulator did not book the offer: " + outcome);
        }
        return created.order();
    }

    /** Duffel's answer to the order, whatever it is (a 202 under a forced fault, say). */
    public OrderCreationOutcome orderOutcome(Offer offer, String familyName, String bookingId) {
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

    /** A family name no other booking has (letters only, all of one length, so none contains another). */
    public static String uniqueName() {
        StringBuilder name = new StringBuilder("Stark");
        for (int i = 0; i < 8; i++) {
            name.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return name.toString();
    }

    /** The reconciler's checks of the booking that found no order. */
    int checks(UUID bookingId) {
        return jdbc.sql("select count(*) from booking_state_change where booking_id = ? and reason = ?")
                .params(bookingId, BookingTransitions.NOT_FOUND_YET)
                .query(Integer.class)
                .single();
    }

    List<String> history(UUID bookingId) {
        return jdbc.sql("select to_status from booking_state_change where booking_id = ? order by id")
                .param(bookingId)
                .query(String.class)
                .list();
    }

    /** The outcome events of the booking in the outbox, by type ({@code BookingConfirmed} ...), in order. */
    public List<String> outcomes(UUID bookingId) {
        return jdbc
                .sql("select event_type from outbox_event where message_key = ? and topic = ? order by id")
                .params(bookingId.toString(), Topics.BOOKING_OUTCOMES)
                .query(String.class)
                .list()
                .stream()
                .map(type -> type.split("\\.")[2])
                .toList();
    }

    /** The kinds of the booking's ops events in the outbox, in order. */
    public List<String> opsKinds(UUID bookingId) {
        return jdbc.sql(
                        "select payload::json ->> 'kind' from outbox_event where message_key = ? and topic = ? order by id")
                .params(bookingId.toString(), Topics.BOOKING_OPS)
                .query(String.class)
                .list();
    }

    /** The {@code orphan_order} ops events in the outbox for a Duffel order, as JSON. */
    public List<JsonNode> orphanReports(String duffelOrderId) {
        return jdbc.sql("""
                        select payload from outbox_event where topic = ? and payload::json ->> 'kind' = 'orphan_order'
                            and payload::json -> 'attributes' ->> 'duffel_order_id' = ?""").params(Topics.BOOKING_OPS, duffelOrderId).query(String.class).list().stream()
                .map(JSON::readTree)
                .toList();
    }

    /** What the first reconciler's {@code /actuator/prometheus} shows now. */
    public String prometheus() {
        String port = reconcilers.getFirst().getEnvironment().getProperty("local.server.port");
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            java.net.http.HttpResponse<String> answer = http.send(
                    java.net.http.HttpRequest.newBuilder(
                                    URI.create("http://localhost:" + port + "/actuator/prometheus"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("/actuator/prometheus answered " + answer.statusCode());
            }
            return answer.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A counter summed over every reconciler and the tags not given ({@code "key", "value", ...}). */
    public double counted(String name, String... tags) {
        return reconcilers.stream()
                .flatMap(
                        reconciler -> reconciler.getBean(MeterRegistry.class).find(name).tags(tags).counters().stream())
                .mapToDouble(Counter::count)
                .sum();
    }

    @Override
    public void close() {
        reconcilers.forEach(ConfigurableApplicationContext::close);
        duffel.close();
        simulator.close();
    }
}
