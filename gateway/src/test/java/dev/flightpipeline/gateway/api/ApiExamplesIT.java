package dev.flightpipeline.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.duffelsim.OrderFault;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.duffelsim.SimulatorConfig.Latency;
import dev.flightpipeline.gateway.api.OpenApiDocument.Example;
import dev.flightpipeline.gateway.api.OpenApiDocument.Operation;
import dev.flightpipeline.gateway.booking.Pipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The document's examples are real answers: for each one, the request that gets it is made against
 * the end-to-end pipeline (gateway, booker, Duffel simulator, real broker and database), and the
 * real body must match the response's schema, the example must too, and both must have the same
 * members, all the way down. The real bodies are written to {@code target/openapi-real-bodies/},
 * ready to paste when an answer changes on purpose.
 */
class ApiExamplesIT {

    private static final JsonMapper json = JsonMapper.shared();
    private static final Path REAL_BODIES = Path.of("target", "openapi-real-bodies");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    /** A gateway's answer. */
    record Answer(int status, HttpHeaders headers, byte[] body) {}

    private static Pipeline pipeline;
    private static OpenApiDocument document;
    private static OutageGateway outage;
    private static SlowDuffel slowDuffel;
    private static String userWithTwoBookings;

    /** How each documented answer is provoked, by operation id and example name. */
    private static final Map<String, Function<Operation, Answer>> requests = new LinkedHashMap<>();

    static {
        request("searchFlights offers", ApiExamplesIT::searchWithOneOffer);
        request(
                "searchFlights invalidParameters",
                operation -> get(
                        operation.path() + "?origin=LHR&destination=lhr&departure_date=2020-01-01&adult=2",
                        user("searcher")));
        request(
                "searchFlights notAcceptable",
                operation -> exchange(
                        pipeline.http,
                        HttpMethod.GET,
                        operation.path() + "?origin=LHR&destination=JFK&departure_date=" + inAMonth(),
                        headers -> {
                            headers.setBearerAuth(pipeline.tokenFor(user("searcher")));
                            headers.setAccept(List.of(MediaType.TEXT_HTML));
                        },
                        null));
        request("searchFlights duffelRefusedTheGateway", operation -> searchWhileDuffelAnswers(operation, 401));
        request("searchFlights duffelUnavailable", operation -> searchWhileDuffelAnswers(operation, 500));
        request("searchFlights searchTimedOut", operation -> searchWhileDuffelAnswers(operation, 504));

        request("createOrder alreadyBookedByYou", operation -> {
            String body = Pipeline.orderBody(pipeline.offer());
            String user = user("again");
            order(user, key(), body);
            return order(user, key(), body);
        });
        request(
                "createOrder confirmed",
                operation -> order(user("booker"), null, Pipeline.orderBody(pipeline.offer())));
        request("createOrder accepted", operation -> {
            String user = user("async");
            Answer accepted = exchange(
                    pipeline.http,
                    HttpMethod.POST,
                    operation.path(),
                    headers -> {
                        headers.setBearerAuth(pipeline.tokenFor(user));
                        headers.setContentType(MediaType.APPLICATION_JSON);
                        headers.set("Prefer", "respond-async");
                    },
                    bytes(Pipeline.orderBody(pipeline.offer())));
            awaitDecided(accepted, user);
            return accepted;
        });
        request("createOrder timedOut", operation -> slowDuffel().first());
        request("createOrder requestInProgress", operation -> slowDuffel().sameKeyMeanwhile());
        request("createOrder invalidMembers", operation -> order(user("typo"), null, """
                        {"offer_id": "ord_0000AgNdJ9G4bBMl3nfSkC", "seat": "12A",
                         "passengers": [{"id": "pas_0000AgNdJ9G4bBMl3nfSkD", "title": "sir", "given_name": "Tony",
                                         "family_name": "Stark", "gender": "m", "born_on": "1980-07-24",
                                         "email": "tony.example.com", "phone_number": "+442080160509"}]}"""));
        request(
                "createOrder invalidIdempotencyKey",
                operation -> order(user("key"), "k".repeat(256), Pipeline.orderBody(pipeline.offer())));
        request("createOrder passengerNotInOffer", operation -> {
            Offer offer = pipeline.offer();
            return order(user("stranger"), null, Pipeline.orderBody(offer.id(), "pas_0000NotInThisOffer"));
        });
        request("createOrder offerAlreadyBooked", operation -> orderWhileDuffelFails(OrderFault.ALREADY_BOOKED));
        request("createOrder priceChanged", operation -> {
            Offer offer = pipeline.offer();
            String body = Pipeline.orderBody(offer)
                    .replaceFirst(
                            "\\{\"offer_id\"",
                            "{\"total_amount\": \"1.00\", \"total_currency\": \"" + offer.totalCurrency()
                                    + "\", \"offer_id\"");
            return order(user("bargain"), null, body);
        });
        request("createOrder duplicateBooking", operation -> orderWhileDuffelFails(OrderFault.DUPLICATE_BOOKING));
        request("createOrder offerExpired", operation -> orderWhileDuffelFails(OrderFault.OFFER_NO_LONGER_AVAILABLE));
        request(
                "createOrder bodyTooLarge",
                operation -> order(user("large"), null, "{\"offer_id\": \"" + "a".repeat(70_000) + "\"}"));
        request(
                "createOrder notJson",
                operation -> exchange(
                        pipeline.http,
                        HttpMethod.POST,
                        operation.path(),
                        headers -> {
                            headers.setBearerAuth(pipeline.tokenFor(user("text")));
                            headers.setContentType(MediaType.TEXT_PLAIN);
                        },
                        bytes(Pipeline.orderBody(pipeline.offer()))));
        request("createOrder idempotencyKeyReused", operation -> {
            String user = user("reuse");
            String key = key();
            order(user, key, Pipeline.orderBody(pipeline.offer()));
            return order(user, key, Pipeline.orderBody(pipeline.offer()));
        });
        request("createOrder insufficientBalance", operation -> orderWhileDuffelFails(OrderFault.INSUFFICIENT_BALANCE));
        request(
                "createOrder pipelineUnavailable",
                operation -> exchange(
                        outage().http,
                        HttpMethod.POST,
                        operation.path(),
                        headers -> {
                            headers.setBearerAuth(outage().tokenFor(user("outage")));
                            headers.setContentType(MediaType.APPLICATION_JSON);
                        },
                        bytes(Pipeline.orderBody(pipeline.offer()))));

        request("getBooking confirmed", operation -> {
            String user = user("owner");
            Answer booked = order(user, null, Pipeline.orderBody(pipeline.offer()));
            return get(booked.headers().getLocation().toString(), user);
        });
        request("getBooking failed", operation -> {
            pipeline.simulator.forceNextOrderFaults(OrderFault.OFFER_NO_LONGER_AVAILABLE, 1);
            String user = user("unlucky");
            order(user, null, Pipeline.orderBody(pipeline.offer()));
            JsonNode bookings =
                    json.readTree(get("/api/flights/my-orders", user).body());
            return get(bookings.path("bookings").get(0).path("status_url").asString(), user);
        });
        request(
                "getBooking invalidWait",
                operation -> get("/api/flights/orders/" + UUID.randomUUID() + "?wait=2m", user("impatient")));
        request("getBooking notFound", operation -> get("/api/flights/orders/" + UUID.randomUUID(), user("lost")));

        for (String list : List.of("listMyOrders", "listBookings")) {
            request(list + " firstPage", operation -> get(operation.path() + "?limit=1", userWithTwoBookings()));
            request(list + " invalidLimit", operation -> get(operation.path() + "?limit=0", user("lister")));
        }

        request("issueDevToken token", operation -> postJson(operation.path(), null, requestExample("issueDevToken")));
        request(
                "issueDevToken invalidUser",
                operation -> postJson(operation.path(), null, "{\"user\": \"alice smith\"}"));

        for (String operation : List.of("searchFlights", "createOrder", "getBooking", "listMyOrders", "listBookings")) {
            request(operation + " noToken", ApiExamplesIT::withoutAToken);
        }
    }

    /** The body the tests send for each request example (the example itself where it can be sent as it is). */
    private static final Map<String, Function<Example, String>> sentBodies = Map.of(
            "createOrder onePassenger",
            example -> Pipeline.orderBody("off_0000AgNdJ9G4bBMl3nfSkC", "pas_0000AgNdJ9G4bBMl3nfSkD"),
            "issueDevToken alice",
            example -> example.value().toString());

    @BeforeAll
    static void start() throws IOException {
        pipeline = Pipeline.shared();
        document = OpenApiDocument.read();
        Files.createDirectories(REAL_BODIES);
    }

    @AfterAll
    static void stop() {
        if (outage != null) {
            outage.close();
        }
    }

    @Test
    void everyResponseExampleHasTheRequestThatGetsItAndEveryRequestHasItsExample() {
        Set<String> documented = new TreeSet<>();
        document.responseExamples().forEach(example -> documented.add(key(example)));

        Set<String> withoutRequest = new TreeSet<>(documented);
        withoutRequest.removeAll(requests.keySet());
        Set<String> withoutExample = new TreeSet<>(requests.keySet());
        withoutExample.removeAll(documented);
        assertThat(withoutRequest)
                .as("examples in docs/openapi.yaml (operationId and example name) that no request of this test gets")
                .isEmpty();
        assertThat(withoutExample)
                .as("requests of this test whose example is not in docs/openapi.yaml")
                .isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> eachResponseExampleIsWhatTheGatewayAnswers() {
        return document.responseExamples().stream()
                .filter(example -> requests.containsKey(key(example)))
                .map(example -> DynamicTest.dynamicTest(example.toString(), () -> check(example)));
    }

    @Test
    void theRequestExamplesAreBodiesTheGatewayTakes() {
        List<String> problems = new ArrayList<>();
        for (Example example : document.requestExamples()) {
            String key = example.operation().operationId() + " " + example.name();
            Function<Example, String> sent = sentBodies.get(key);
            if (sent == null) {
                problems.add(example + ": no body of the tests to compare it with");
                continue;
            }
            document.violations(example.schemaPointer(), example.value())
                    .forEach(violation -> problems.add(example + ": " + violation));
            List<String> differences = new ArrayList<>();
            compareMembers(example.value(), json.readTree(sent.apply(example)), "$", differences);
            differences.forEach(difference -> problems.add(example + ": " + difference));
        }
        assertThat(problems).isEmpty();
    }

    private static void check(Example example) throws IOException {
        Answer answer = requests.get(key(example)).apply(example.operation());
        Path saved = REAL_BODIES.resolve(
                example.operation().operationId() + "." + example.status() + "." + example.name() + ".json");
        Files.write(saved, answer.body());

        List<String> problems = new ArrayList<>();
        if (answer.status() != Integer.parseInt(example.status())) {
            problems.add("the gateway answered " + answer.status() + ", not " + example.status());
        }
        MediaType type = answer.headers().getContentType();
        if (type == null || !type.equalsTypeAndSubtype(MediaType.parseMediaType(example.mediaType()))) {
            problems.add("the answer's Content-Type is " + type + ", not " + example.mediaType());
        }
        Object headers = example.response().get("headers");
        if (headers != null) {
            OpenApiDocument.map(headers).forEach((name, declared) -> {
                Map<String, Object> header =
                        document.resolve("", OpenApiDocument.map(declared)).node();
                if (Boolean.TRUE.equals(header.get("required"))
                        && !answer.headers().containsHeader(name)) {
                    problems.add("the answer has no " + name + " header, which the document says it always has");
                }
            });
        }
        JsonNode real;
        try {
            real = json.readTree(answer.body());
        } catch (JacksonException notJson) {
            throw new AssertionError(
                    example + ": the answer is not JSON: " + new String(answer.body(), StandardCharsets.UTF_8));
        }
        document.violations(example.schemaPointer(), real)
                .forEach(violation -> problems.add("the real body breaks the schema: " + violation));
        document.violations(example.schemaPointer(), example.value())
                .forEach(violation -> problems.add("the example breaks the schema: " + violation));
        List<String> differences = new ArrayList<>();
        compareMembers(example.value(), real, "$", differences);
        differences.forEach(difference -> problems.add("members: " + difference));
        if (!problems.isEmpty()) {
            throw new AssertionError(example + " in docs/openapi.yaml is not what the gateway answers:\n  "
                    + String.join("\n  ", problems)
                    + "\nThe real body (also in " + saved + "):\n"
                    + new String(answer.body(), StandardCharsets.UTF_8));
        }
    }

    /**
     * Where the example and the real body differ in their member names, recursively; arrays by their
     * first elements (and whether they are empty).
     */
    static void compareMembers(JsonNode example, JsonNode real, String at, List<String> differences) {
        if (example.isObject() && real.isObject()) {
            Set<String> exampleNames = new TreeSet<>(example.propertyNames());
            Set<String> realNames = new TreeSet<>(real.propertyNames());
            for (String name : exampleNames) {
                if (realNames.contains(name)) {
                    compareMembers(example.get(name), real.get(name), at + "." + name, differences);
                } else {
                    differences.add(at + "." + name + " is in the example, not in the real body");
                }
            }
            realNames.stream()
                    .filter(name -> !exampleNames.contains(name))
                    .forEach(name -> differences.add(at + "." + name + " is in the real body, not in the example"));
        } else if (example.isArray() && real.isArray()) {
            if (example.isEmpty() != real.isEmpty()) {
                differences.add(at + " is " + (example.isEmpty() ? "empty" : "not empty") + " in the example, "
                        + (real.isEmpty() ? "empty" : "not empty") + " in the real body");
            } else if (!example.isEmpty()) {
                compareMembers(example.get(0), real.get(0), at + "[0]", differences);
            }
        } else if (example.isContainer() || real.isContainer()) {
            differences.add(at + " is " + kind(example) + " in the example, " + kind(real) + " in the real body");
        }
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    // What the requests are made of.

    private static void request(String key, Function<Operation, Answer> request) {
        requests.put(key, request);
    }

    private static String key(Example example) {
        return example.operation().operationId() + " " + example.name();
    }

    private static String user(String role) {
        return "doc-" + role + "-" + RUN;
    }

    private static String key() {
        return "key-" + UUID.randomUUID();
    }

    private static String inAMonth() {
        return LocalDate.now().plusDays(30).toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Answer searchWithOneOffer(Operation operation) {
        pipeline.simulator.updateConfig(SimulatorConfig.defaults().withOffersPerSearch(1));
        try {
            return get(operation.path() + "?origin=LHR&destination=JFK&departure_date=" + inAMonth(), user("searcher"));
        } finally {
            pipeline.resetSimulator();
        }
    }

    private static Answer searchWhileDuffelAnswers(Operation operation, int duffelStatus) {
        OutageGateway gateway = outage();
        gateway.duffelAnswers(duffelStatus);
        return exchange(
                gateway.http,
                HttpMethod.GET,
                operation.path() + "?origin=LHR&destination=JFK&departure_date=" + inAMonth(),
                headers -> headers.setBearerAuth(gateway.tokenFor(user("outage"))),
                null);
    }

    private static Answer orderWhileDuffelFails(OrderFault fault) {
        Offer offer = pipeline.offer();
        pipeline.simulator.forceNextOrderFaults(fault, 1);
        return order(user(fault.name().toLowerCase(Locale.ROOT)), null, Pipeline.orderBody(offer));
    }

    private static Answer withoutAToken(Operation operation) {
        String path = operation.path().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        HttpMethod method = HttpMethod.valueOf(operation.method().toUpperCase(Locale.ROOT));
        if (method == HttpMethod.POST) {
            return exchange(
                    pipeline.http,
                    method,
                    path,
                    headers -> headers.setContentType(MediaType.APPLICATION_JSON),
                    bytes(Pipeline.orderBody("off_0000AgNdJ9G4bBMl3nfSkC", "pas_0000AgNdJ9G4bBMl3nfSkD")));
        }
        return exchange(pipeline.http, method, path, headers -> {}, null);
    }

    private static Answer order(String user, String idempotencyKey, String body) {
        return postJson("/api/flights/create-order", user, body, idempotencyKey);
    }

    private static Answer postJson(String path, String user, String body) {
        return postJson(path, user, body, null);
    }

    private static Answer postJson(String path, String user, String body, String idempotencyKey) {
        return exchange(
                pipeline.http,
                HttpMethod.POST,
                path,
                headers -> {
                    if (user != null) {
                        headers.setBearerAuth(pipeline.tokenFor(user));
                    }
                    if (idempotencyKey != null) {
                        headers.set("Idempotency-Key", idempotencyKey);
                    }
                    headers.setContentType(MediaType.APPLICATION_JSON);
                },
                bytes(body));
    }

    private static Answer get(String pathAndQuery, String user) {
        return exchange(
                pipeline.http,
                HttpMethod.GET,
                pathAndQuery,
                headers -> headers.setBearerAuth(pipeline.tokenFor(user)),
                null);
    }

    private static Answer exchange(
            WebTestClient http, HttpMethod method, String pathAndQuery, Consumer<HttpHeaders> headers, byte[] body) {
        WebTestClient.RequestBodySpec request =
                http.method(method).uri(pathAndQuery).headers(headers);
        EntityExchangeResult<byte[]> result = (body == null ? request : request.bodyValue(body))
                .exchange()
                .expectBody()
                .returnResult();
        byte[] answered = result.getResponseBody();
        return new Answer(
                result.getStatus().value(), result.getResponseHeaders(), answered == null ? new byte[0] : answered);
    }

    private static String requestExample(String operationId) {
        return document.requestExamples().stream()
                .filter(example -> example.operation().operationId().equals(operationId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no request example for " + operationId))
                .value()
                .toString();
    }

    private static synchronized OutageGateway outage() {
        if (outage == null) {
            outage = new OutageGateway(pipeline);
        }
        return outage;
    }

    private static synchronized String userWithTwoBookings() {
        if (userWithTwoBookings == null) {
            String user = user("lister");
            for (int i = 0; i < 2; i++) {
                assertThat(order(user, null, Pipeline.orderBody(pipeline.offer()))
                                .status())
                        .isEqualTo(201);
            }
            userWithTwoBookings = user;
        }
        return userWithTwoBookings;
    }

    /**
     * A booking while Duffel takes longer than the gateway waits: the first request times out (202),
     * and the same key sent while it waits is told the request is in progress (409).
     */
    record SlowDuffel(Answer first, Answer sameKeyMeanwhile) {}

    private static synchronized SlowDuffel slowDuffel() {
        if (slowDuffel == null) {
            Duration slow = Pipeline.GATEWAY_WAIT.plusSeconds(3);
            pipeline.simulator.updateConfig(SimulatorConfig.defaults().withCreateOrderLatency(new Latency(slow, slow)));
            try {
                String user = user("patient");
                String key = key();
                String body = Pipeline.orderBody(pipeline.offer());
                CompletableFuture<Answer> first = CompletableFuture.supplyAsync(() -> order(user, key, body));
                await().atMost(Duration.ofSeconds(10)).until(() -> keyIsClaimed(user, key));
                Answer meanwhile = order(user, key, body);
                Answer timedOut = first.join();
                awaitDecided(timedOut, user);
                slowDuffel = new SlowDuffel(timedOut, meanwhile);
            } finally {
                pipeline.resetSimulator();
            }
        }
        return slowDuffel;
    }

    /**
     * Waits until the booking an answer is about is decided, so that it does not take the Duffel
     * fault the next example forces.
     */
    private static void awaitDecided(Answer answer, String user) {
        if (answer.headers().getLocation() != null) {
            get(answer.headers().getLocation() + "?wait=30s", user);
        }
    }

    private static boolean keyIsClaimed(String user, String key) {
        return pipeline.jdbc()
                        .sql("select count(*) from idempotency_record where user_id = ? and idempotency_key = ?")
                        .params(user, key)
                        .query(Long.class)
                        .single()
                == 1;
    }
}
