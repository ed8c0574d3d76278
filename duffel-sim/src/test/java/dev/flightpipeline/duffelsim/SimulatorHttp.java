package dev.flightpipeline.duffelsim;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP calls to the simulator, shaped as a Duffel client sends them. */
final class SimulatorHttp {

    static final String TOKEN = "duffel_test_simulator_tests";
    static final JsonMapper json = JsonMapper.builder().build();

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String baseUrl;

    SimulatorHttp(DuffelSimulator simulator) {
        this.baseUrl = simulator.baseUrl();
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String errorCode() {
            return body.path("errors").path(0).path("code").asString();
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(20))
                .header("Duffel-Version", "v2")
                .header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "application/json");
    }

    Reply get(String path) throws Exception {
        return send(request(path).GET().build());
    }

    Reply post(String path, String body) throws Exception {
        return send(post(request(path), body).build());
    }

    CompletableFuture<Reply> postAsync(String path, String body) {
        return http.sendAsync(post(request(path), body).build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(SimulatorHttp::reply);
    }

    static HttpRequest.Builder post(HttpRequest.Builder request, String body) {
        return request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    Reply send(HttpRequest request) throws Exception {
        return reply(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static Reply reply(HttpResponse<String> response) {
        JsonNode body = response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
        return new Reply(response.statusCode(), body, response);
    }

    /** Searches LHR to JFK a month ahead; answers the first offer. */
    JsonNode searchOffer() throws Exception {
        String departure = LocalDate.now().plusDays(30).toString();
        Reply reply = post(
                "/air/offer_requests?return_offers=true",
                "{\"data\":{\"slices\":[{\"origin\":\"LHR\",\"destination\":\"JFK\",\"departure_date\":\"" + departure
                        + "\"}],\"passengers\":[{\"type\":\"adult\"}],\"cabin_class\":\"economy\"}}");
        if (reply.status() != 201) {
            throw new AssertionError("search failed: " + reply.raw().body());
        }
        return reply.body().path("data").path("offers").get(0);
    }

    static String orderBody(JsonNode offer, String bookingId, String familyName) {
        return """
                {"data": {"type": "instant", "selected_offers": ["%s"],
                  "passengers": [{"id": "%s", "title": "mr", "gender": "m", "given_name": "Tony",
                                  "family_name": "%s", "born_on": "1980-07-24",
                                  "email": "tony@example.com", "phone_number": "+442080160509"}],
                  "payments": [{"type": "balance", "amount": "%s", "currency": "%s"}],
                  "metadata": {"booking_id": "%s"}}}""".formatted(
                        offer.path("id").asString(),
                        offer.path("passengers").get(0).path("id").asString(),
                        familyName,
                        offer.path("total_amount").asString(),
                        offer.path("total_currency").asString(),
                        bookingId);
    }
}
