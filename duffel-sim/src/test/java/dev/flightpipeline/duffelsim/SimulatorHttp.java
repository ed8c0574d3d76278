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

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    final String baseUrl;

    SimulatorHttp(DuffelSimulator simulator) {
        this.baseUrl = simulator.baseUrl();
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        JsonNode error() {
            return body.path("errors").path(0);
        }

        String errorCode() {
            return error().path("code").asString();
        }

        String errorField() {
            return error().path("source").path("field").asString();
        }

        JsonNode data() {
            return body.path("data");
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

    Reply put(String path, String body) throws Exception {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
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
        String text = response.body();
        JsonNode body = text.isBlank() ? json.createObjectNode() : json.readTree(text);
        return new Reply(response.statusCode(), body, response);
    }

    /** Searches LHR to JFK a month ahead for one adult; answers the first offer. */
    JsonNode searchOffer() throws Exception {
        return search(searchBody("LHR", "JFK")).path("offers").get(0);
    }

    /** Answers the offer request ({@code data}) of a successful search. */
    JsonNode search(String body) throws Exception {
        Reply reply = post("/air/offer_requests?return_offers=true&supplier_timeout=10000", body);
        if (reply.status() != 201) {
            throw new AssertionError("search failed: " + reply.raw().body());
        }
        return reply.data();
    }

    static String searchBody(String origin, String destination) {
        return """
                {"data": {"slices": [{"origin": "%s", "destination": "%s", "departure_date": "%s"}],
                          "passengers": [{"type": "adult"}], "cabin_class": "economy"}}""".formatted(origin, destination, LocalDate.now().plusDays(30));
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
