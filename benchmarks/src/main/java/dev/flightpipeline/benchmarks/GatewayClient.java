package dev.flightpipeline.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the benchmarks ask the gateway one request at a time: a bearer token from its {@code local}
 * profile, and a create-order body as http-api.md shows it.
 */
public final class GatewayClient {

    public static final String CREATE_ORDER_PATH = "/api/flights/create-order";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayClient() {}

    /** A bearer token for {@code user} from the gateway's {@code /api/dev/token} (local profile). */
    public static String token(String gatewayUrl, String user) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/dev/token"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\"}"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the gateway gave no token: " + answer.statusCode() + " " + answer.body());
        }
        return JsonMapper.builder().build().readTree(answer.body()).get("token").asString();
    }

    /** The body of a create-order request for one adult passenger, http-api.md's example traveller. */
    public static String createOrderBody(String offerId, String passengerId) {
        return """
                {"offer_id":"%s","passengers":[{"id":"%s","title":"mr",\
                "given_name":"Tony","family_name":"Stark","gender":"m","born_on":"1980-07-24",\
                "email":"tony@example.com","phone_number":"+442080160509"}]}""".formatted(offerId, passengerId);
    }
}
