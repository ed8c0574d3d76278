package dev.flightpipeline.benchmarks.lateorders;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flightpipeline.benchmarks.OfferStock;
import dev.flightpipeline.benchmarks.OfferStock.BookableOffer;
import dev.flightpipeline.benchmarks.PacedRequestPublisher;
import dev.flightpipeline.booking.BookingTransitions;
import dev.flightpipeline.booking.BookingTransitions.CheckTimes;
import dev.flightpipeline.duffel.DuffelClient;
import dev.flightpipeline.duffel.DuffelClientSettings;
import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.duffel.OrderCreationOutcome;
import dev.flightpipeline.duffel.Orders.CreateOrderCommand;
import dev.flightpipeline.duffel.Orders.NewPassenger;
import dev.flightpipeline.duffelsim.DuffelSimulator;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.Money;
import dev.flightpipeline.infra.EmbeddedPostgresServer;
import dev.flightpipeline.reconciler.ReconcilerApplication;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * P5, how soon a late order is attached: a reconciler, the Duffel simulator and a real PostgreSQL;
 * bookings left UNKNOWN by a booker whose call got no answer, their orders then created on the
 * simulator. With webhooks, the time from the order's creation to the booking's CONFIRMED (target:
 * 5 s); without, by the sweep alone, the time from the booking becoming due to CONFIRMED, in sweep
 * intervals (target: 2).
 */
final class LateOrderBenchmark {

    static final String DATABASE = "booking";
    static final String TOKEN = "duffel_test_late_orders";
    static final String SECRET = "whsec_late_orders";

    /** One round's latencies, seconds, in the order the bookings were made. */
    record Round(String mode, List<Double> latencies) {}

    private final LateOrderSettings settings;

    LateOrderBenchmark(LateOrderSettings settings) {
        this.settings = settings;
    }

    List<Round> run() throws Exception {
        try (DuffelSimulator simulator = DuffelSimulator.start(SimulatorConfig.defaults());
                EmbeddedPostgresServer postgres =
                        EmbeddedPostgresServer.start(EmbeddedPostgresServer.Settings.temporary());
                DuffelClient duffel =
                        DuffelClient.create(DuffelClientSettings.defaults(URI.create(simulator.baseUrl()), TOKEN))) {
            postgres.createDatabaseIfAbsent(DATABASE);
            HikariConfig pool = new HikariConfig();
            pool.setJdbcUrl(postgres.jdbcUrl(DATABASE));
            pool.setUsername(postgres.username());
            pool.setPassword(postgres.password());
            pool.setMaximumPoolSize(4);
            pool.setPoolName("late-orders");
            try (HikariDataSource dataSource = new HikariDataSource(pool);
                    ConfigurableApplicationContext reconciler = startReconciler(postgres, simulator)) {
                JdbcClient jdbc = JdbcClient.create(dataSource);
                TransactionTemplate transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
                String webhookUrl = "http://localhost:"
                        + reconciler.getEnvironment().getProperty("local.server.port") + "/duffel/webhooks";
                List<Round> rounds = new ArrayList<>();

                say(
                        "Webhooks: %d bookings left UNKNOWN, each order created on the simulator, which announces it"
                                + " at once (order.created)...",
                        settings.bookings());
                SimulatorConfig config = simulator.config();
                simulator.updateConfig(config.withWebhooks(config.webhooks()
                        .to(webhookUrl, SECRET)
                        .withDelay(Duration.ZERO)
                        .withAnnounceEveryOrder(true)));
                // Not due for the sweep within the round: only the webhook can confirm them.
                BookingTransitions booker = new BookingTransitions(
                        new JdbcTemplate(dataSource),
                        transactions,
                        Clock.systemUTC(),
                        "booker",
                        new CheckTimes(Duration.ofMinutes(2), Duration.ofSeconds(190), Duration.ofHours(1)));
                rounds.add(new Round("webhook", webhookRound(simulator, duffel, booker, jdbc)));

                say(
                        "Sweep alone: %d bookings left UNKNOWN and due at once, their orders on the simulator, no webhooks"
                                + " (sweep every %ds)...",
                        settings.bookings(), settings.sweepInterval().toSeconds());
                simulator.updateConfig(simulator.config().withWebhooks(SimulatorConfig.Webhooks.NONE));
                BookingTransitions dueAtOnce = new BookingTransitions(
                        new JdbcTemplate(dataSource),
                        transactions,
                        Clock.systemUTC(),
                        "booker",
                        new CheckTimes(Duration.ofMinutes(2), Duration.ofSeconds(190), Duration.ZERO));
                rounds.add(new Round("sweep", sweepRound(simulator, duffel, dueAtOnce, jdbc)));
                return rounds;
            }
        }
    }

    private ConfigurableApplicationContext startReconciler(EmbeddedPostgresServer postgres, DuffelSimulator simulator) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", 0);
        properties.put("spring.datasource.url", postgres.jdbcUrl(DATABASE));
        properties.put("spring.datasource.username", postgres.username());
        properties.put("spring.datasource.password", postgres.password());
        properties.put("duffel.base-url", simulator.baseUrl());
        properties.put("duffel.access-token", TOKEN);
        properties.put("reconciler.webhooks.secret", SECRET);
        properties.put("reconciler.sweep-interval", settings.sweepInterval().toSeconds() + "s");
        String[] arguments = properties.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                .toArray(String[]::new);
        return ReconcilerApplication.application().run(arguments);
    }

    /** Each booking's order is created after the booking is UNKNOWN; latency from its creation. */
    private List<Double> webhookRound(
            DuffelSimulator simulator, DuffelClient duffel, BookingTransitions booker, JdbcClient jdbc)
            throws InterruptedException {
        List<BookableOffer> offers = OfferStock.search(URI.create(simulator.baseUrl()), TOKEN, settings.bookings());
        Map<UUID, Instant> orderedAt = new HashMap<>();
        long pause = 1000 / settings.perSecond();
        for (int i = 0; i < offers.size(); i++) {
            BookingRequested request = unknownBooking(booker, offers.get(i), i);
            // From before the call: the webhook may confirm the booking before the call returns.
            Instant ordering = Instant.now();
            createOrder(duffel, offers.get(i), request.bookingId());
            orderedAt.put(request.bookingId(), ordering);
            TimeUnit.MILLISECONDS.sleep(pause);
        }
        return latencies(jdbc, orderedAt);
    }

    /** Each booking's order exists before the booking is UNKNOWN; latency from its becoming due. */
    private List<Double> sweepRound(
            DuffelSimulator simulator, DuffelClient duffel, BookingTransitions booker, JdbcClient jdbc)
            throws InterruptedException {
        List<BookableOffer> offers = OfferStock.search(URI.create(simulator.baseUrl()), TOKEN, settings.bookings());
        Map<UUID, Instant> dueAt = new HashMap<>();
        long pause = 1000 / settings.perSecond();
        for (int i = 0; i < offers.size(); i++) {
            BookingRequested request = submitted(booker, offers.get(i), i);
            createOrder(duffel, offers.get(i), request.bookingId());
            booker.markUnknown(request.bookingId(), "duffel_no_answer", "benchmark: no answer", null);
            dueAt.put(request.bookingId(), Instant.now());
            TimeUnit.MILLISECONDS.sleep(pause);
        }
        return latencies(jdbc, dueAt);
    }

    private BookingRequested submitted(BookingTransitions booker, BookableOffer offer, int number) {
        BookingRequested request = PacedRequestPublisher.request(offer, number);
        booker.receive(request);
        booker.startSubmission(
                        request.bookingId(),
                        "booker-late-orders",
                        new Money("100.00", "GBP"),
                        Instant.now().plus(Duration.ofMinutes(20)))
                .orElseThrow();
        return request;
    }

    private BookingRequested unknownBooking(BookingTransitions booker, BookableOffer offer, int number) {
        BookingRequested request = submitted(booker, offer, number);
        booker.markUnknown(request.bookingId(), "duffel_no_answer", "benchmark: no answer", null);
        return request;
    }

    private static void createOrder(DuffelClient duffel, BookableOffer offer, UUID bookingId) {
        Offer priced = duffel.getOffer(offer.offerId()).block();
        OrderCreationOutcome outcome = duffel.createOrder(new CreateOrderCommand(
                        offer.offerId(),
                        List.of(new NewPassenger(
                                offer.passengerId(),
                                "ms",
                                "f",
                                "Ada",
                                "Lovelace",
                                LocalDate.of(1985, 12, 10),
                                "ada@example.com",
                                "+442080160509")),
                        priced.totalAmount(),
                        priced.totalCurrency(),
                        Map.of("booking_id", bookingId.toString())))
                .block();
        if (!(outcome instanceof OrderCreationOutcome.Created)) {
            throw new IllegalStateException("the simulator did not create the order: " + outcome);
        }
    }

    /** Waits until every booking is CONFIRMED (bounded), then the seconds from its start time to that. */
    private List<Double> latencies(JdbcClient jdbc, Map<UUID, Instant> startedAt) throws InterruptedException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        Map<UUID, Instant> confirmedAt = new HashMap<>();
        UUID[] ids = startedAt.keySet().toArray(UUID[]::new);
        while (confirmedAt.size() < ids.length) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException((ids.length - confirmedAt.size())
                        + " bookings were not confirmed within " + settings.timeout());
            }
            jdbc.sql("select id, updated_at from booking where status = 'CONFIRMED' and id = any(?)")
                    .param(ids)
                    .query((row, number) -> confirmedAt.put(
                            row.getObject("id", UUID.class), ((Timestamp) row.getTimestamp("updated_at")).toInstant()))
                    .list();
            TimeUnit.MILLISECONDS.sleep(100);
        }
        List<Double> latencies = new ArrayList<>();
        startedAt.forEach((id, from) ->
                latencies.add(Duration.between(from, confirmedAt.get(id)).toMillis() / 1000.0));
        return latencies;
    }

    static void say(String format, Object... arguments) {
        System.out.println(String.format(Locale.ROOT, format, arguments));
    }
}
