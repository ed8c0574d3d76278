package dev.flightpipeline.gateway.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.gateway.GatewayApplication;
import dev.flightpipeline.gateway.auth.LocalTokenIssuer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * Duffel's answers to a search that the simulator does not give (it fails only order creations):
 * each becomes one clear answer, and none of Duffel's body reaches the client.
 */
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=gateway")
@AutoConfigureWebTestClient(timeout = "30s")
@ActiveProfiles("local")
class FlightSearchDuffelFailuresIT {

    /** In every scripted body: it must never show up in an answer. */
    private static final String RAW = "RAW-DUFFEL-BODY";

    private record ScriptedAnswer(int status, Map<String, String> headers, String body) {}

    private static final AtomicReference<ScriptedAnswer> nextAnswer = new AtomicReference<>();
    // Its own event loops: the gateway's shutdown must not take the stub down with it.
    private static final LoopResources loops = LoopResources.create("duffel-stub", 1, 2, true);
    private static final DisposableServer duffelStub = HttpServer.create()
            .runOn(loops)
            .host("127.0.0.1")
            .port(0)
            .handle((request, response) -> request.receive().then(Mono.defer(() -> {
                ScriptedAnswer answer = nextAnswer.get();
                response.status(answer.status());
                answer.headers().forEach(response::header);
                return response.sendString(Mono.just(answer.body())).then();
            })))
            .bindNow(Duration.ofSeconds(10));

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        SearchTestInfrastructure.register(registry);
        registry.add("duffel.base-url", () -> "http://127.0.0.1:" + duffelStub.port());
    }

    @AfterAll
    static void stopStub() {
        duffelStub.disposeNow(Duration.ofSeconds(5));
        loops.disposeLater().block(Duration.ofSeconds(5));
    }

    @Autowired
    WebTestClient http;

    @Autowired
    LocalTokenIssuer tokens;

    static Stream<Arguments> duffelFailures() {
        String reset = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.now().plusSeconds(30).atOffset(ZoneOffset.UTC));
        return Stream.of(
                Arguments.of(
                        500,
                        Map.of(),
                        error("api_error", "internal_server_error", null),
                        503,
                        "temporarily_unavailable",
                        5,
                        5),
                Arguments.of(
                        502,
                        Map.of(),
                        error("airline_error", "airline_internal", null),
                        503,
                        "temporarily_unavailable",
                        5,
                        5),
                Arguments.of(
                        503,
                        Map.of(),
                        "<html><body>" + RAW + " upstream connect error</body></html>",
                        503,
                        "temporarily_unavailable",
                        5,
                        5),
                Arguments.of(
                        504,
                        Map.of(),
                        error("api_error", "gateway_timeout", null),
                        504,
                        "search_timed_out",
                        null,
                        null),
                Arguments.of(
                        429,
                        Map.of("ratelimit-reset", reset),
                        error("rate_limit_error", "rate_limit_exceeded", null),
                        503,
                        "temporarily_unavailable",
                        20,
                        30),
                Arguments.of(200, Map.of(), "{\"data\": \"" + RAW + "\"}", 503, "temporarily_unavailable", 5, 5),
                Arguments.of(200, Map.of(), RAW + " is not JSON", 503, "temporarily_unavailable", 5, 5),
                Arguments.of(
                        401,
                        Map.of(),
                        error("authentication_error", "access_token_not_found", null),
                        500,
                        "internal_error",
                        null,
                        null),
                Arguments.of(
                        422,
                        Map.of(),
                        error("validation_error", "invalid_field", "slices.0.departure_date"),
                        400,
                        "validation_failed",
                        null,
                        null),
                Arguments.of(
                        422,
                        Map.of(),
                        error("validation_error", "invalid_field", null),
                        400,
                        "validation_failed",
                        null,
                        null));
    }

    @ParameterizedTest(name = "Duffel {0} {2} -> {3} {4}")
    @MethodSource("duffelFailures")
    void eachDuffelFailureIsOneClearAnswerWithoutDuffelsBody(
            int duffelStatus,
            Map<String, String> headers,
            String body,
            int status,
            String code,
            Integer leastRetryAfter,
            Integer mostRetryAfter) {
        nextAnswer.set(new ScriptedAnswer(duffelStatus, withJsonType(headers), body));

        EntityExchangeResult<String> result = http.get()
                .uri("/api/flights/search?origin=LHR&destination=JFK&departure_date="
                        + LocalDate.now(ZoneOffset.UTC).plusDays(10))
                .headers(request -> request.setBearerAuth(tokens.issue("alice")))
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(String.class)
                .returnResult();

        Map<String, Object> problem = FlightSearchIT.read(result.getResponseBody());
        assertThat(problem).containsEntry("success", false).containsEntry("code", code);
        if (leastRetryAfter == null) {
            assertThat(result.getResponseHeaders().containsHeader(HttpHeaders.RETRY_AFTER))
                    .isFalse();
        } else {
            // Duffel's reset time was set when the cases were made, in whole seconds: some has passed.
            assertThat(Integer.parseInt(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)))
                    .isBetween(leastRetryAfter, mostRetryAfter);
            assertThat(problem.get("retry_after_seconds"))
                    .isEqualTo(Integer.parseInt(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)));
        }
        assertThat(result.getResponseBody()).doesNotContain(RAW, "Title from Duffel", "upstream");
        FlightSearchIT.assertThatItHoldsNothingOfDuffels(result.getResponseBody());
    }

    private static String error(String type, String code, String field) {
        String source = field == null
                ? ""
                : ", \"source\": {\"field\": \"" + field + "\", \"pointer\": \"/" + field.replace('.', '/') + "\"}";
        return """
                {"meta": {"status": 0, "request_id": "req_%s"},
                 "errors": [{"type": "%s", "code": "%s", "title": "Title from Duffel",
                             "message": "%s: the message Duffel wrote",
                             "documentation_url": "https://duffel.com/docs/api/overview/errors"%s}]}
                """.formatted(RAW, type, code, RAW, source);
    }

    private static Map<String, String> withJsonType(Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.putIfAbsent("content-type", "application/json");
        return all;
    }
}
