package dev.flightpipeline.gateway.booking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.events.Topics;
import dev.flightpipeline.gateway.auth.LocalAuthProperties;
import dev.flightpipeline.gateway.auth.LocalTokenIssuer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A corpus of malformed and hostile requests (bodies, types, sizes, encodings, injection strings,
 * headers, tokens, paths): each one gets a specific 4xx problem answer, never a 5xx, and changes
 * nothing: no booking, no remembered key, no request handed to the booker.
 */
class HostileRequestsIT {

    private static final JsonMapper json = JsonMapper.shared();
    private static final String CREATE = "/api/flights/create-order";
    /** In a passenger's replaced members: leave the member out. */
    private static final String ABSENT = "(absent)";

    /** One request of the corpus and the answer it must get. */
    record Hostile(
            String name,
            HttpMethod method,
            String path,
            Consumer<HttpHeaders> headers,
            byte[] body,
            int status,
            String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Pipeline pipeline;
    private static String offerId;
    private static String passengerId;

    @BeforeAll
    static void start() {
        pipeline = Pipeline.shared();
        Offer offer = pipeline.offer();
        offerId = offer.id();
        passengerId = offer.passengers().getFirst().id();
    }

    static Stream<Hostile> corpus() {
        List<Hostile> corpus = new ArrayList<>();
        // Not JSON, or not an object.
        for (String body : List.of(
                "{",
                "}",
                "[]",
                "null",
                "1",
                "\"offer\"",
                "true",
                "{\"offer_id\":}",
                "{\"offer_id\": \"off_1\",}",
                "{'offer_id': 'off_1'}",
                "{\"offer_id\": NaN}",
                "/* c */ {}",
                "{\"a\":1}{\"b\":2}",
                "\uFEFF{\"offer_id\": \"x\"}",
                "{\"offer_id\": \"off_1\" \"passengers\": []}",
                "[".repeat(2000) + "]".repeat(2000),
                "{\"x\":".repeat(1200) + "1" + "}".repeat(1200))) {
            corpus.add(create("not a JSON object: " + abbreviate(body), body, 400, "validation_failed"));
        }
        corpus.add(create("empty body", "", 400, "validation_failed"));
        corpus.add(create(
                "a member sent twice",
                valid().replace("{\"offer_id\"", "{\"offer_id\": \"off_twice\", \"offer_id\""),
                400,
                "validation_failed"));
        // Wrong types and values of each member.
        for (String offer : List.of(
                "1",
                "null",
                "[]",
                "{}",
                "\"\"",
                "\"off_\"",
                "\"ord_123\"",
                "\"off_ 12\"",
                "\"off_1'; drop table booking; --\"",
                "\"off_" + "a".repeat(101) + "\"",
                "\"<script>alert(1)</script>\"")) {
            corpus.add(create(
                    "offer_id " + abbreviate(offer),
                    valid().replace("\"" + offerId + "\"", offer),
                    400,
                    "validation_failed"));
        }
        for (String passengers : List.of("null", "{}", "\"x\"", "[]", "[1]", "[null]", "[[]]")) {
            corpus.add(create(
                    "passengers " + passengers,
                    "{\"offer_id\": \"" + offerId + "\", \"passengers\": " + passengers + "}",
                    400,
                    "validation_failed"));
        }
        corpus.add(create(
                "ten passengers",
                "{\"offer_id\": \"" + offerId + "\", \"passengers\": ["
                        + String.join(",", java.util.Collections.nCopies(10, passenger(Map.of()))) + "]}",
                400,
                "validation_failed"));
        corpus.add(create(
                "the same passenger twice",
                "{\"offer_id\": \"" + offerId + "\", \"passengers\": [" + passenger(Map.of()) + ","
                        + passenger(Map.of()) + "]}",
                400,
                "validation_failed"));
        Map<String, List<String>> badValues = Map.of(
                "id", List.of("\"\"", "\"pas\"", "\"off_123\"", "42", "null", "\"pas_1 OR 1=1\""),
                "title", List.of("\"king\"", "\"MR\"", "\"\"", "1", "null"),
                "given_name",
                        List.of(
                                "\"\"",
                                "\"T0ny\"",
                                "\"" + "a".repeat(101) + "\"",
                                "\"<img src=x onerror=alert(1)>\"",
                                "\"Robert'); DROP TABLE booking;--\"",
                                "\"\\u0000\"",
                                "\"Tony\\nStark\"",
                                "\"\uD83D\uDE00\"",
                                "[]"),
                "family_name", List.of("\"\"", "\" \"", "\"${jndi:ldap://x/a}\"", "\"{{7*7}}\"", "123"),
                "gender", List.of("\"x\"", "\"M\"", "\"\"", "true"),
                "born_on",
                        List.of(
                                "\"2999-01-01\"",
                                "\"1800-01-01\"",
                                "\"24/07/1980\"",
                                "\"1980-13-01\"",
                                "\"1980-02-30\"",
                                "19800724",
                                "\"\""),
                "email",
                        List.of(
                                "\"tony\"",
                                "\"tony@\"",
                                "\"@example.com\"",
                                "\"a b@example.com\"",
                                "\"" + "a".repeat(250) + "@example.com\"",
                                "1"),
                "phone_number",
                        List.of(
                                "\"123\"",
                                "\"+0123456789\"",
                                "\"0044 20 8016 0509\"",
                                "\"+44abc\"",
                                "\"+4420801605091234567\"",
                                "44208016"));
        badValues.forEach((field, values) -> values.forEach(value -> corpus.add(create(
                "passenger " + field + " " + abbreviate(value),
                "{\"offer_id\": \"" + offerId + "\", \"passengers\": [" + passenger(Map.of(field, value)) + "]}",
                400,
                "validation_failed"))));
        for (String missing :
                List.of("id", "title", "given_name", "family_name", "gender", "born_on", "email", "phone_number")) {
            corpus.add(create(
                    "passenger without " + missing,
                    "{\"offer_id\": \"" + offerId + "\", \"passengers\": [" + passenger(Map.of(missing, ABSENT)) + "]}",
                    400,
                    "validation_failed"));
        }
        corpus.add(create(
                "an unknown member",
                valid().replace("{\"offer_id\"", "{\"admin\": true, \"offer_id\""),
                400,
                "validation_failed"));
        corpus.add(create(
                "an unknown passenger member",
                valid().replace("\"title\"", "\"role\": \"admin\", \"title\""),
                400,
                "validation_failed"));
        corpus.add(create(
                "total_amount without total_currency",
                valid().replace("{\"offer_id\"", "{\"total_amount\": \"10.00\", \"offer_id\""),
                400,
                "validation_failed"));
        corpus.add(create(
                "total_amount as a number",
                valid().replace("{\"offer_id\"", "{\"total_amount\": 10, \"total_currency\": \"GBP\", \"offer_id\""),
                400,
                "validation_failed"));
        corpus.add(create(
                "a negative total_amount",
                valid().replace(
                                "{\"offer_id\"",
                                "{\"total_amount\": \"-1\", \"total_currency\": \"GBP\", \"offer_id\""),
                400,
                "validation_failed"));
        corpus.add(create(
                "a lower-case currency",
                valid().replace(
                                "{\"offer_id\"",
                                "{\"total_amount\": \"1.00\", \"total_currency\": \"gbp\", \"offer_id\""),
                400,
                "validation_failed"));
        // Encodings and sizes.
        corpus.add(new Hostile(
                "invalid UTF-8",
                HttpMethod.POST,
                CREATE,
                json(),
                new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
                400,
                "validation_failed"));
        corpus.add(new Hostile(
                "UTF-16",
                HttpMethod.POST,
                CREATE,
                json(),
                valid().getBytes(StandardCharsets.UTF_16),
                400,
                "validation_failed"));
        corpus.add(new Hostile(
                "a body over 64 KB",
                HttpMethod.POST,
                CREATE,
                json(),
                ("{\"offer_id\": \"" + "a".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8),
                413,
                "validation_failed"));
        corpus.add(new Hostile(
                "text/plain",
                HttpMethod.POST,
                CREATE,
                auth().andThen(headers -> headers.set("Content-Type", "text/plain")),
                valid().getBytes(StandardCharsets.UTF_8),
                415,
                "unsupported_media_type"));
        corpus.add(new Hostile(
                "form encoded",
                HttpMethod.POST,
                CREATE,
                auth().andThen(headers -> headers.set("Content-Type", "application/x-www-form-urlencoded")),
                "offer_id=1".getBytes(StandardCharsets.UTF_8),
                415,
                "unsupported_media_type"));
        // The Idempotency-Key header.
        // Only values an HTTP client can send at all: no leading space, no control character but a tab.
        for (String key : List.of("", "k".repeat(256), "clé", "tab\there", "naïve")) {
            corpus.add(new Hostile(
                    "Idempotency-Key " + abbreviate(key),
                    HttpMethod.POST,
                    CREATE,
                    json().andThen(headers -> headers.set("Idempotency-Key", key)),
                    valid().getBytes(StandardCharsets.UTF_8),
                    400,
                    "validation_failed"));
        }
        corpus.add(new Hostile(
                "Idempotency-Key twice",
                HttpMethod.POST,
                CREATE,
                json().andThen(headers -> headers.addAll("Idempotency-Key", List.of("a", "b"))),
                valid().getBytes(StandardCharsets.UTF_8),
                400,
                "validation_failed"));
        // Tokens.
        for (String authorization : List.of(
                "",
                "Bearer",
                "Bearer ",
                "Bearer not.a.jwt",
                "Basic YWxpY2U6c2VjcmV0",
                "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.",
                "bearer " + "x".repeat(5000))) {
            corpus.add(new Hostile(
                    "Authorization " + abbreviate(authorization),
                    HttpMethod.POST,
                    CREATE,
                    headers -> {
                        headers.set("Content-Type", "application/json");
                        headers.set("Authorization", authorization);
                    },
                    valid().getBytes(StandardCharsets.UTF_8),
                    401,
                    "unauthorized"));
        }
        // Methods and paths.
        corpus.add(new Hostile("GET create-order", HttpMethod.GET, CREATE, auth(), null, 405, "method_not_allowed"));
        corpus.add(new Hostile(
                "PUT create-order",
                HttpMethod.PUT,
                CREATE,
                json(),
                valid().getBytes(StandardCharsets.UTF_8),
                405,
                "method_not_allowed"));
        corpus.add(new Hostile(
                "DELETE a booking",
                HttpMethod.DELETE,
                "/api/flights/orders/" + UUID.randomUUID(),
                auth(),
                null,
                405,
                "method_not_allowed"));
        for (String path : List.of(
                "/api/flights/orders/not-a-uuid",
                "/api/flights/orders/" + UUID.randomUUID(),
                "/api/flights/orders/' or '1'='1",
                "/api/nothing-here")) {
            corpus.add(new Hostile("GET " + path, HttpMethod.GET, path, auth(), null, 404, "not_found"));
        }
        // Refused by the security firewall before any controller (an encoded slash in the path).
        corpus.add(new Hostile(
                "GET a path with encoded slashes",
                HttpMethod.GET,
                "/api/flights/orders/..%2F..%2Fetc%2Fpasswd",
                auth(),
                null,
                400,
                "validation_failed"));
        for (String query : List.of("wait=abc", "wait=-1", "wait=999999", "wait=1h")) {
            corpus.add(new Hostile(
                    "status ?" + query,
                    HttpMethod.GET,
                    "/api/flights/orders/" + UUID.randomUUID() + "?" + query,
                    auth(),
                    null,
                    400,
                    "validation_failed"));
        }
        for (String query : List.of(
                "limit=0", "limit=101", "limit=abc", "limit=-5", "cursor=garbage", "cursor=" + "A".repeat(40))) {
            corpus.add(new Hostile(
                    "my-orders ?" + query,
                    HttpMethod.GET,
                    "/api/flights/my-orders?" + query,
                    auth(),
                    null,
                    400,
                    "validation_failed"));
        }
        corpus.addAll(searches());
        corpus.addAll(forgedAndExpiredTokens());
        corpus.addAll(moreInjectionsInNames());
        return corpus.stream();
    }

    /** {@code GET /api/flights/search} with invalid queries: refused before Duffel is asked. */
    private static List<Hostile> searches() {
        String date = java.time.LocalDate.now().plusDays(30).toString();
        String valid = "origin=LHR&destination=JFK&departure_date=" + date;
        List<String> queries = List.of(
                "",
                "destination=JFK&departure_date=" + date,
                "origin=LHR&departure_date=" + date,
                "origin=LHR&destination=JFK",
                "origin=LH&destination=JFK&departure_date=" + date,
                "origin=LHRX&destination=JFK&departure_date=" + date,
                "origin=123&destination=JFK&departure_date=" + date,
                "origin=L%20R&destination=JFK&departure_date=" + date,
                "origin=%3Cscript%3E&destination=JFK&departure_date=" + date,
                "origin=LHR%27%20OR%201%3D1&destination=JFK&departure_date=" + date,
                "origin=%C3%85LH&destination=JFK&departure_date=" + date,
                "origin=LHR&destination=LHR&departure_date=" + date,
                "origin=LHR&origin=CDG&destination=JFK&departure_date=" + date,
                "origin=LHR&destination=JFK&departure_date=2020-01-01",
                "origin=LHR&destination=JFK&departure_date="
                        + java.time.LocalDate.now().plusDays(400),
                "origin=LHR&destination=JFK&departure_date=2027-13-01",
                "origin=LHR&destination=JFK&departure_date=2027-02-30",
                "origin=LHR&destination=JFK&departure_date=tomorrow",
                "origin=LHR&destination=JFK&departure_date=01%2F02%2F2027",
                valid + "&return_date=2020-01-01",
                valid + "&return_date=" + java.time.LocalDate.now().plusDays(29),
                valid + "&return_date=not-a-date",
                valid + "&adults=0",
                valid + "&adults=10",
                valid + "&adults=-1",
                valid + "&adults=abc",
                valid + "&adults=1e3",
                valid + "&adults=2&adults=3",
                valid + "&children=18",
                valid + "&children=-1",
                valid + "&children=4,,11",
                valid + "&children=a,b",
                valid + "&adults=5&children=1,2,3,4,5",
                valid + "&adults=1&children=0,1",
                valid + "&cabin_class=luxury",
                valid + "&cabin_class=%27%3B%20drop%20table%20booking%3B",
                valid + "&adult=2",
                valid + "&%24where=1",
                valid + "&origin%00=LHR");
        List<Hostile> searches = new ArrayList<>();
        for (String query : queries) {
            searches.add(new Hostile(
                    "search ?" + abbreviate(query),
                    HttpMethod.GET,
                    "/api/flights/search?" + query,
                    auth(),
                    null,
                    400,
                    "validation_failed"));
        }
        searches.add(new Hostile(
                "search without a token",
                HttpMethod.GET,
                "/api/flights/search?" + valid,
                headers -> {},
                null,
                401,
                "unauthorized"));
        return searches;
    }

    /** Tokens that look right but are not: another key's, tampered, expired, or for no user. */
    private static List<Hostile> forgedAndExpiredTokens() {
        String genuine = pipeline.tokenFor("mallory");
        String[] parts = genuine.split("\\.");
        String adminPayload = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("{\"iss\":\"flight-booking-pipeline-local\",\"sub\":\"admin\",\"exp\":"
                                + (java.time.Instant.now().getEpochSecond() + 3600) + "}")
                        .getBytes(StandardCharsets.UTF_8));
        LocalTokenIssuer expiredIssuer = pipeline.gateway.getBean(LocalTokenIssuer.class);
        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        tokens.put(
                "signed with another key",
                new LocalTokenIssuer(
                                new LocalAuthProperties(java.time.Duration.ofHours(1)), java.time.Clock.systemUTC())
                        .issue("mallory"));
        tokens.put("payload swapped for admin", parts[0] + "." + adminPayload + "." + parts[2]);
        tokens.put("signature stripped", parts[0] + "." + parts[1] + ".");
        tokens.put(
                "signature of another token",
                parts[0] + "." + parts[1] + "." + pipeline.tokenFor("alice").split("\\.")[2]);
        tokens.put(
                "expired two days ago",
                expiredIssuer.issuedAt("mallory", java.time.Instant.now().minus(java.time.Duration.ofDays(2))));
        List<Hostile> forged = new ArrayList<>();
        tokens.forEach((what, token) -> {
            forged.add(new Hostile(
                    "create-order with a token " + what,
                    HttpMethod.POST,
                    CREATE,
                    headers -> {
                        headers.set("Content-Type", "application/json");
                        headers.setBearerAuth(token);
                    },
                    valid().getBytes(StandardCharsets.UTF_8),
                    401,
                    "unauthorized"));
            forged.add(new Hostile(
                    "my-orders with a token " + what,
                    HttpMethod.GET,
                    "/api/flights/my-orders",
                    headers -> headers.setBearerAuth(token),
                    null,
                    401,
                    "unauthorized"));
        });
        return forged;
    }

    /** Injection and odd text in the passenger's names, title and email: refused by the name rules. */
    private static List<Hostile> moreInjectionsInNames() {
        List<Hostile> injections = new ArrayList<>();
        for (String name : List.of(
                "\"' OR '1'='1\"",
                "\"--admin\"",
                "\"1; SELECT pg_sleep(10)\"",
                "\"$(rm -rf /)\"",
                "\"`id`\"",
                "\"../../etc/passwd\"",
                "\"%00\"",
                "\"\\u202Eevil\"",
                "\"Tony\\tStark\"",
                "\"<svg/onload=alert(1)>\"",
                "\"{\\\"$gt\\\": \\\"\\\"}\"",
                "\"#{7*7}\"",
                "\"" + "Z".repeat(5000) + "\"",
                "{\"$ne\": null}")) {
            injections.add(create(
                    "passenger given_name " + abbreviate(name),
                    "{\"offer_id\": \"" + offerId + "\", \"passengers\": [" + passenger(Map.of("given_name", name))
                            + "]}",
                    400,
                    "validation_failed"));
        }
        for (String email : List.of(
                "\"tony@example.com\\r\\nBcc: all@example.com\"", "\"tony@exa mple.com\"", "\"tony@@example.com\"")) {
            injections.add(create(
                    "passenger email " + abbreviate(email),
                    "{\"offer_id\": \"" + offerId + "\", \"passengers\": [" + passenger(Map.of("email", email)) + "]}",
                    400,
                    "validation_failed"));
        }
        return injections;
    }

    @Test
    void theCorpusHasAtLeastTwoHundredRequests() {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void aHostileRequestGetsASpecific4xxAndChangesNothing(Hostile hostile) throws Exception {
        long rowsBefore = pipeline.rowsThatRequestsWrite();
        long requestsBefore = requestsPublished();

        WebTestClient.RequestBodySpec request =
                pipeline.http.method(hostile.method()).uri(hostile.path()).headers(hostile.headers());
        EntityExchangeResult<byte[]> answer = (hostile.body() == null ? request : request.bodyValue(hostile.body()))
                .exchange()
                .expectBody()
                .returnResult();

        assertThat(answer.getStatus().value()).as("status").isEqualTo(hostile.status());
        JsonNode problem = json.readTree(answer.getResponseBody());
        assertThat(problem.path("code").asString()).isEqualTo(hostile.code());
        assertThat(problem.path("success").asBoolean(true)).isFalse();
        String text = new String(answer.getResponseBody(), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("Exception", "at dev.", "at org.", "jndi", "<script>", "DROP TABLE");
        assertThat(pipeline.rowsThatRequestsWrite()).as("rows written").isEqualTo(rowsBefore);
        assertThat(requestsPublished()).as("requests handed to the booker").isEqualTo(requestsBefore);
    }

    private static Hostile create(String name, String body, int status, String code) {
        return new Hostile(name, HttpMethod.POST, CREATE, json(), body.getBytes(StandardCharsets.UTF_8), status, code);
    }

    private static Consumer<HttpHeaders> auth() {
        return headers -> headers.setBearerAuth(pipeline.tokenFor("mallory"));
    }

    private static Consumer<HttpHeaders> json() {
        return auth().andThen(headers -> headers.set("Content-Type", "application/json"));
    }

    private static String valid() {
        return "{\"offer_id\": \"" + offerId + "\", \"passengers\": [" + passenger(Map.of()) + "]}";
    }

    /** A valid passenger, with some members replaced by raw JSON values. */
    private static String passenger(Map<String, String> replaced) {
        Map<String, String> members = new java.util.LinkedHashMap<>();
        members.put("id", "\"" + passengerId + "\"");
        members.put("title", "\"mr\"");
        members.put("given_name", "\"Tony\"");
        members.put("family_name", "\"Stark\"");
        members.put("gender", "\"m\"");
        members.put("born_on", "\"1980-07-24\"");
        members.put("email", "\"tony@example.com\"");
        members.put("phone_number", "\"+442080160509\"");
        members.putAll(replaced);
        members.values().removeIf(ABSENT::equals);
        return members.entrySet().stream()
                .map(member -> "\"" + member.getKey() + "\": " + member.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String abbreviate(String text) {
        String shown = text.length() > 30 ? text.substring(0, 30) + "…" : text;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    private static long requestsPublished() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> ends = admin
                    .describeTopics(List.of(Topics.BOOKING_REQUESTS))
                    .allTopicNames()
                    .get()
                    .get(Topics.BOOKING_REQUESTS)
                    .partitions()
                    .stream()
                    .collect(Collectors.toMap(
                            partition -> new TopicPartition(Topics.BOOKING_REQUESTS, partition.partition()),
                            partition -> OffsetSpec.latest()));
            return admin.listOffsets(ends).all().get().values().stream()
                    .mapToLong(info -> info.offset())
                    .sum();
        }
    }
}
