package dev.flightpipeline.gateway.booking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * R2, the idempotency storm: a thousand concurrent requests with one key, and a hundred keys for one
 * offer, each over its own connection. Each time one booking and one Duffel order, and every answer
 * one that http-api.md allows for its situation.
 */
class IdempotencyStormIT {

    private static final JsonMapper json = JsonMapper.shared();

    private static Pipeline pipeline;
    private static ExecutorService threads;
    private static HttpClient client;
    private static URI createOrder;

    @BeforeAll
    static void start() {
        pipeline = Pipeline.shared();
        threads = Executors.newVirtualThreadPerTaskExecutor();
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(threads)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        createOrder = URI.create("http://localhost:"
                + pipeline.gateway.getEnvironment().getProperty("local.server.port")
                + "/api/flights/create-order");
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (threads != null) {
            threads.close();
        }
    }

    @AfterEach
    void resetSimulator() {
        pipeline.resetSimulator();
    }

    record Answer(int status, String body, boolean replayed, boolean retryAfter) {
        JsonNode json() {
            return IdempotencyStormIT.json.readTree(body);
        }
    }

    @Test
    void aThousandConcurrentRequestsWithOneKeyMakeOneBookingAndOneOrderAndAgreeOnTheAnswer() {
        // Duffel takes a second: most of the storm arrives while the first request is still waiting.
        pipeline.simulator.updateConfig(SimulatorConfig.defaults()
                .withCreateOrderLatency(SimulatorConfig.Latency.fixed(Duration.ofSeconds(1))));
        Offer offer = pipeline.offer();
        String token = pipeline.tokenFor("storm-" + UUID.randomUUID());
        String key = "storm-" + UUID.randomUUID();

        List<Answer> answers = all(1000, i -> post(token, key, Pipeline.orderBody(offer)));
        System.out.println("R2, 1,000 requests with one key, answers by status: " + byStatus(answers));

        assertThat(answers)
                .extracting(Answer::status)
                .allMatch(status -> Set.of(201, 202, 409).contains(status));
        List<Answer> firsts = answers.stream()
                .filter(answer -> answer.status() != 409 && !answer.replayed())
                .toList();
        assertThat(firsts).as("answers that are not replays or 'in progress'").hasSize(1);
        UUID bookingId = UUID.fromString(firsts.getFirst()
                .json()
                .path("booking")
                .path("booking_id")
                .asString(firsts.getFirst().json().path("booking_id").asString()));
        assertThat(answers).filteredOn(answer -> answer.status() == 409).allSatisfy(inProgress -> {
            assertThat(inProgress.json().path("code").asString()).isEqualTo("request_in_progress");
            assertThat(inProgress.retryAfter()).as("Retry-After").isTrue();
            assertThat(inProgress.json().path("status_url").asString()).contains(bookingId.toString());
        });
        List<Answer> confirmed =
                answers.stream().filter(answer -> answer.status() == 201).toList();
        assertThat(confirmed).isNotEmpty();
        assertThat(confirmed)
                .extracting(Answer::body)
                .containsOnly(confirmed.getFirst().body());
        assertThat(confirmed
                        .getFirst()
                        .json()
                        .path("booking")
                        .path("booking_id")
                        .asString())
                .isEqualTo(bookingId.toString());
        assertThat(bookingsOfOffer(offer)).isEqualTo(1);
        assertThat(pipeline.simulator.stats().ordersFor(bookingId.toString())).isEqualTo(1);
        assertThat(pipeline.simulator.stats().ordersPerOffer().get(offer.id())).isEqualTo(1);
    }

    @Test
    void aHundredKeysForOneOfferFromTenUsersMakeOneBookingAndOneOrder() {
        Offer offer = pipeline.offer();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            users.add("storm-" + UUID.randomUUID());
        }
        Map<String, String> tokens = users.stream().collect(Collectors.toMap(user -> user, pipeline::tokenFor));

        List<Answer> answers = all(
                100,
                i -> post(
                        tokens.get(users.get(i % users.size())),
                        "key-" + UUID.randomUUID(),
                        Pipeline.orderBody(offer)));
        System.out.println("R2, 100 keys for one offer, answers by status: " + byStatus(answers));

        List<Answer> booked =
                answers.stream().filter(answer -> answer.status() == 201).toList();
        assertThat(booked).as("the one request that booked").hasSize(1);
        String bookingId =
                booked.getFirst().json().path("booking").path("booking_id").asString();
        int winner = answers.indexOf(booked.getFirst()) % users.size();
        for (int i = 0; i < answers.size(); i++) {
            Answer answer = answers.get(i);
            if (answer == booked.getFirst()) {
                continue;
            }
            if (i % users.size() == winner) {
                // The same user with another key: the booking they already have.
                assertThat(answer.status()).as("answer %d", i).isEqualTo(200);
                assertThat(answer.json().path("duplicate").asBoolean()).isTrue();
                assertThat(answer.json().path("booking").path("booking_id").asString())
                        .isEqualTo(bookingId);
            } else {
                assertThat(answer.status()).as("answer %d", i).isEqualTo(409);
                assertThat(answer.json().path("code").asString()).isEqualTo("offer_already_booked");
            }
        }
        assertThat(bookingsOfOffer(offer)).isEqualTo(1);
        assertThat(pipeline.simulator.stats().ordersPerOffer().get(offer.id())).isEqualTo(1);
    }

    private static Map<Integer, Long> byStatus(List<Answer> answers) {
        return answers.stream()
                .collect(Collectors.groupingBy(Answer::status, java.util.TreeMap::new, Collectors.counting()));
    }

    /** Sends {@code count} requests at once and waits for every answer. */
    private static List<Answer> all(int count, Function<Integer, CompletableFuture<Answer>> request) {
        List<CompletableFuture<Answer>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(request.apply(i));
        }
        return sent.stream().map(CompletableFuture::join).toList();
    }

    private static CompletableFuture<Answer> post(String token, String key, String body) {
        HttpRequest request = HttpRequest.newBuilder(createOrder)
                .timeout(Duration.ofSeconds(90))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Answer(
                        response.statusCode(),
                        response.body(),
                        response.headers()
                                .firstValue("Idempotent-Replayed")
                                .map("true"::equals)
                                .orElse(false),
                        response.headers().firstValue("Retry-After").isPresent()));
    }

    private static long bookingsOfOffer(Offer offer) {
        return pipeline.jdbc()
                .sql("select count(*) from booking where offer_id = ?")
                .param(offer.id())
                .query(Long.class)
                .single();
    }
}
