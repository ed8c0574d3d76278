package dev.flightpipeline.gateway.booking;

import dev.flightpipeline.booker.BookerApplication;
import dev.flightpipeline.duffel.DuffelClient;
import dev.flightpipeline.duffel.DuffelClientSettings;
import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.duffel.Offers.OfferRequestCommand;
import dev.flightpipeline.duffel.Offers.PassengerQuery;
import dev.flightpipeline.duffel.Offers.SliceQuery;
import dev.flightpipeline.duffelsim.DuffelSimulator;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.events.Topics;
import dev.flightpipeline.gateway.GatewayApplication;
import dev.flightpipeline.gateway.auth.LocalTokenIssuer;
import dev.flightpipeline.testsupport.KafkaEndpoint;
import dev.flightpipeline.testsupport.PostgresEndpoint;
import dev.flightpipeline.testsupport.TestInfrastructure;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole booking path for end-to-end tests, in this JVM as the local stack runs it: the gateway
 * and the booker on a real broker and database, in front of the Duffel simulator. Started once per
 * test JVM (a booker's outbox relay keeps its progress in Kafka under a fixed id, so there is one).
 */
public final class Pipeline {

    /**
     * The gateway's wait for an outcome in these tests: shorter than the 30 s default so that a slow
     * Duffel outlasts it quickly, long enough for a busy machine to book within it.
     */
    public static final Duration GATEWAY_WAIT = Duration.ofSeconds(10);

    private static Pipeline shared;

    final KafkaEndpoint kafka;
    public final PostgresEndpoint database;
    public final DuffelSimulator simulator;
    final ConfigurableApplicationContext booker;
    public final ConfigurableApplicationContext gateway;
    public final WebTestClient http;
    private final DuffelClient duffel;

    private Pipeline() {
        kafka = TestInfrastructure.kafka();
        kafka.createTopics(Topics.ALL.stream().collect(Collectors.toMap(topic -> topic, topic -> 3)));
        database = TestInfrastructure.postgres().newDatabase("pipeline");
        simulator = DuffelSimulator.start(SimulatorConfig.defaults());
        Map<String, String> shared = new LinkedHashMap<>();
        shared.put("spring.main.banner-mode", "off");
        shared.put("spring.datasource.url", database.jdbcUrl());
        shared.put("spring.datasource.username", database.username());
        shared.put("spring.datasource.password", database.password());
        shared.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        shared.put("duffel.base-url", simulator.baseUrl());
        shared.put("duffel.access-token", "duffel_test_pipeline");
        shared.put("server.port", "0");
        booker = run(
                BookerApplication.application().sources(RecordedSpans.Exporting.class),
                shared,
                Map.of("booker.instance-id", "booker-e2e"));
        gateway = run(
                GatewayApplication.application()
                        .sources(RecordedSpans.Exporting.class)
                        .profiles("local"),
                shared,
                Map.of("gateway.booking.outcome-wait", GATEWAY_WAIT.toSeconds() + "s"));
        http = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + gateway.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        duffel = DuffelClient.create(
                DuffelClientSettings.defaults(URI.create(simulator.baseUrl()), "duffel_test_pipeline"));
    }

    public static synchronized Pipeline shared() {
        if (shared == null) {
            shared = new Pipeline();
        }
        return shared;
    }

    private static ConfigurableApplicationContext run(
            SpringApplicationBuilder application, Map<String, String> shared, Map<String, String> own) {
        List<String> arguments = new ArrayList<>();
        shared.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        own.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return application.run(arguments.toArray(String[]::new));
    }

    public String tokenFor(String user) {
        return gateway.getBean(LocalTokenIssuer.class).issue(user);
    }

    /** A fresh offer for one adult, a month ahead, straight from the simulator. */
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

    /** A create-order body for the offer's passenger. */
    public static String orderBody(Offer offer) {
        return orderBody(offer.id(), offer.passengers().getFirst().id());
    }

    public static String orderBody(String offerId, String passengerId) {
        return """
                {"offer_id": "%s",
                 "passengers": [{"id": "%s", "title": "mr", "given_name": "Tony", "family_name": "Stark",
                                 "gender": "m", "born_on": "1980-07-24", "email": "tony@example.com",
                                 "phone_number": "+442080160509"}]}""".formatted(offerId, passengerId);
    }

    public JdbcClient jdbc() {
        return JdbcClient.create(database.dataSource());
    }

    /** Rows in the tables a request could change: bookings and remembered keys. */
    long rowsThatRequestsWrite() {
        return jdbc().sql("select (select count(*) from booking) + (select count(*) from idempotency_record)")
                .query(Long.class)
                .single();
    }

    public void resetSimulator() {
        simulator.updateConfig(SimulatorConfig.defaults());
    }
}
