package dev.flightpipeline.duffelsim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.duffelsim.SimulatorHttp.Reply;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Bad input gets the errors real Duffel gives: never a 500, never a hang, never a change of state. */
class RequestErrorsIT extends SharedSimulatorTest {

    private static HttpRequest.Builder bare(String path) {
        return HttpRequest.newBuilder(URI.create(http.baseUrl + path));
    }

    @Test
    void headersDuffelRequiresAreCheckedWithDuffelsCodes() throws Exception {
        Reply noVersion = http.send(bare("/air/orders")
                .header("Authorization", "Bearer " + SimulatorHttp.TOKEN)
                .build());
        Reply oldVersion = http.send(
                http.request("/air/orders").setHeader("Duffel-Version", "v1").build());
        Reply noToken =
                http.send(bare("/air/orders").header("Duffel-Version", "v2").build());
        Reply liveToken = http.send(bare("/air/orders")
                .header("Duffel-Version", "v2")
                .header("Authorization", "Bearer duffel_live_not_ours")
                .build());
        Reply notBearer = http.send(bare("/air/orders")
                .header("Duffel-Version", "v2")
                .header("Authorization", "Basic " + SimulatorHttp.TOKEN)
                .build());
        Reply textBody = http.send(http.request("/air/offer_requests")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":{}}"))
                .build());

        assertThat(List.of(noVersion, oldVersion, noToken, liveToken, notBearer, textBody))
                .extracting(Reply::status, Reply::errorCode)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(400, "missing_version_header"),
                        org.assertj.core.groups.Tuple.tuple(400, "invalid_version_header"),
                        org.assertj.core.groups.Tuple.tuple(401, "missing_authorization_header"),
                        org.assertj.core.groups.Tuple.tuple(401, "access_token_not_found"),
                        org.assertj.core.groups.Tuple.tuple(401, "access_token_not_found"),
                        org.assertj.core.groups.Tuple.tuple(400, "invalid_content_type_header"));
        assertThat(noToken.error().path("type").asString()).isEqualTo("authentication_error");
        assertThat(noToken.error().path("documentation_url").asString()).startsWith("https://");
        assertThat(noToken.header("ratelimit-limit")).isNotNull();
    }

    @Test
    void exactTokensCanBeConfiguredInsteadOfAPrefix() throws Exception {
        simulator.updateConfig(SimulatorConfig.defaults()
                .withAcceptedTokens(List.of("duffel_test_the_only_one"))
                .withAcceptedTokenPrefix(""));

        Reply prefixed = http.get("/air/orders");
        Reply exact = http.send(http.request("/air/orders")
                .setHeader("Authorization", "Bearer duffel_test_the_only_one")
                .build());

        assertThat(prefixed.errorCode()).isEqualTo("access_token_not_found");
        assertThat(exact.status()).isEqualTo(200);
    }

    @Test
    void bodiesThatAreNotTheDataEnvelopeGetDuffelsCodes() throws Exception {
        assertThat(http.post("/air/offer_requests", "{not json").errorCode()).isEqualTo("malformed_data_param");
        assertThat(http.post("/air/orders", "").errorCode()).isEqualTo("missing_data_param");
        assertThat(http.post("/air/orders", "{\"slices\": []}").errorCode()).isEqualTo("missing_data_param");
        assertThat(http.post("/air/orders", "{\"data\": [1, 2]}").errorCode()).isEqualTo("missing_data_param");
        Reply tooLarge =
                http.post("/air/orders", "{\"data\": {\"x\": \"" + "a".repeat(DuffelApi.MAX_BODY_BYTES) + "\"}}");
        assertThat(tooLarge.status()).isEqualTo(413);
    }

    @Test
    void unknownRoutesAndIdsAreNotFound() throws Exception {
        assertThat(http.get("/air/no_such_thing").status()).isEqualTo(404);
        assertThat(http.get("/").status()).isEqualTo(404);
        assertThat(http.send(http.request("/air/orders/ord_x").DELETE().build()).status())
                .isEqualTo(404);
        assertThat(http.get("/air/offers/").status()).isEqualTo(404);
        assertThat(http.get("/_sim/nothing").status()).isEqualTo(404);
    }

    @Test
    void aCorpusOfHostileRequestsGetsOnly4xxAndChangesNothing() throws Exception {
        JsonNode offer = http.searchOffer();
        String valid = SimulatorHttp.orderBody(offer, "hostile", "Stark");
        List<String> bodies = new ArrayList<>(List.of(
                "null",
                "[]",
                "\"data\"",
                "{\"data\": null}",
                "{\"data\": \"x\"}",
                "{\"data\": {}}",
                "{\"data\": {\"selected_offers\": \"off_x\"}}",
                "{\"data\": {\"type\": \"instant\", \"selected_offers\": [null]}}",
                "{\"data\": {\"type\": \"instant\", \"selected_offers\": [{\"id\": 1}]}}",
                "{\"data\": {\"type\": \"instant\", \"selected_offers\": [\"' OR 1=1 --\"]}}",
                "{\"data\": " + "[".repeat(5000) + "]".repeat(5000) + "}",
                "{\"data\": {\"a\": 1e999999}}",
                "\u0000\u0001\u0002",
                "{\"data\": {\"type\": \"instant\", \"selected_offers\": [\"" + "x".repeat(100_000) + "\"]}}",
                valid.replace("\"passengers\": [", "\"passengers\": [null, "),
                valid.replace("\"payments\": [", "\"payments\": [\"balance\", "),
                valid.replace("\"Tony\"", "{\"$ne\": null}"),
                valid.replace("\"Tony\"", "\"" + "T".repeat(5000) + "\""),
                valid.replace("\"metadata\": {", "\"metadata\": {\"nested\": {\"deep\": true}, "),
                valid.replace("\"amount\": \"", "\"amount\": \"NaN").replace("\"currency\": \"", "\"currency\": \"x"),
                valid.replace("\"amount\": \"" + offer.path("total_amount").asString() + "\"", "\"amount\": 1e400"),
                valid.replace("\"born_on\": \"1980-07-24\"", "\"born_on\": \"9999-99-99\""),
                valid.replace("\"title\": \"mr\"", "\"title\": [\"mr\"]")));
        for (String search : List.of(
                "{\"data\": {\"slices\": [null], \"passengers\": [{\"type\": \"adult\"}]}}",
                "{\"data\": {\"slices\": [{\"origin\": 1, \"destination\": [], \"departure_date\": {}}]}}",
                "{\"data\": {\"slices\": \"LHR-JFK\"}}",
                "{\"data\": {\"slices\": [{\"origin\": \"LHR\", \"destination\": \"JFK\", \"departure_date\": \"2030-01-01\"}],"
                        + " \"passengers\": [{\"age\": \"seven\"}]}}",
                "{\"data\": {\"slices\": [{\"origin\": \"LHR\", \"destination\": \"JFK\", \"departure_date\": \"2030-01-01\"}],"
                        + " \"passengers\": [{\"age\": -1}]}}",
                "{\"data\": {\"slices\": [{\"origin\": \"LHR\", \"destination\": \"JFK\", \"departure_date\": \"2030-01-01\"}],"
                        + " \"passengers\": [{\"type\": \"adult\"}], \"max_connections\": 99}}")) {
            Reply reply = http.post("/air/offer_requests", search);
            assertThat(reply.status()).as(search).isBetween(400, 499);
            assertThat(reply.errorCode()).as(search).isNotBlank();
        }
        for (String body : bodies) {
            Reply reply = http.post("/air/orders", body);
            assertThat(reply.status())
                    .as(body.length() > 200 ? body.substring(0, 200) : body)
                    .isBetween(400, 499);
            assertThat(reply.errorCode()).isNotBlank();
        }
        for (String query : List.of(
                "passenger_name[]=%00",
                "limit=-1",
                "limit=99999999999999",
                "before=%FF%FE",
                "after=Zz",
                "booking_reference=%27%20OR%201%3D1")) {
            assertThat(http.get("/air/orders?" + query).status()).as(query).isIn(200, 422);
        }

        assertThat(simulator.stats().ordersCreated()).isZero();
        assertThat(simulator.stats().searches()).isEqualTo(1);
        assertThat(http.post("/air/orders", valid).status())
                .as("the offer is still free")
                .isEqualTo(201);
    }

    @Test
    void answersAreGzippedWhenTheClientAsksForIt() throws Exception {
        http.searchOffer();
        HttpResponse<byte[]> response = http.http.send(
                http.request("/air/orders")
                        .header("Accept-Encoding", "gzip")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.headers().firstValue("content-encoding")).contains("gzip");
        String body = new String(
                new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(SimulatorHttp.json.readTree(body).path("meta").path("limit").asInt())
                .isEqualTo(50);
    }

    @Test
    void everyAnswerCarriesRequestIdAndRateLimitHeadersAndTheLimitIsEnforced() throws Exception {
        simulator.updateConfig(SimulatorConfig.defaults().withRateLimitPerSecond(3));
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            replies.add(http.get("/air/orders"));
        }

        assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.header("ratelimit-limit")).isEqualTo("3");
            assertThat(Integer.parseInt(reply.header("ratelimit-remaining"))).isBetween(0, 3);
            assertThat(reply.header("ratelimit-reset")).endsWith("GMT");
            assertThat(reply.header("x-request-id")).hasSize(20);
        });
        List<Reply> limited =
                replies.stream().filter(reply -> reply.status() == 429).toList();
        assertThat(limited).isNotEmpty();
        assertThat(limited.getFirst().errorCode()).isEqualTo("rate_limit_exceeded");
        assertThat(limited.getFirst().error().path("type").asString()).isEqualTo("rate_limit_error");
    }
}
