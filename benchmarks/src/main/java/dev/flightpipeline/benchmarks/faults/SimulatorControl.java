package dev.flightpipeline.benchmarks.faults;

import dev.flightpipeline.benchmarks.faults.FaultRunCounts.SimulatedOrder;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator as the run sees it from outside its process: its admin endpoints ({@code /_sim/})
 * to set the faults and read the counters, and Duffel's own order list to read back every order.
 */
final class SimulatorControl {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI baseUrl;
    private final String accessToken;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SimulatorControl(URI baseUrl, String accessToken) {
        this.baseUrl = baseUrl;
        this.accessToken = accessToken;
    }

    /** {@code PUT /_sim/config}: changes what the body names. */
    void updateConfig(Map<String, Object> changes) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(baseUrl.resolve("/_sim/config"))
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(changes)))
                .header("Content-Type", "application/json"));
    }

    /** {@code POST /_sim/order-faults}: the next order creations end in {@code fault}, whatever the shares say. */
    void forceNextOrders(String fault, int count) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(baseUrl.resolve("/_sim/order-faults"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("fault", fault, "count", count))))
                .header("Content-Type", "application/json"));
    }

    /** Create-order calls by result ({@code created}, or a fault's name in lower case), from {@code /_sim/stats}. */
    Map<String, Long> createOrderResults() throws IOException, InterruptedException {
        JsonNode stats = JSON.readTree(send(HttpRequest.newBuilder(baseUrl.resolve("/_sim/stats"))));
        Map<String, Long> results = new TreeMap<>();
        stats.path("createOrderResults")
                .properties()
                .forEach(entry -> results.put(entry.getKey(), entry.getValue().asLong()));
        return results;
    }

    /** Booking ids with more than one order, as the simulator itself counts them. */
    int bookingIdsWithSeveralOrders() throws IOException, InterruptedException {
        JsonNode stats = JSON.readTree(send(HttpRequest.newBuilder(baseUrl.resolve("/_sim/stats"))));
        return stats.path("bookingIdsWithSeveralOrders").size();
    }

    /** Every order, through {@code GET /air/orders} page by page, with the booking its metadata names. */
    List<SimulatedOrder> allOrders() throws IOException, InterruptedException {
        List<SimulatedOrder> orders = new ArrayList<>();
        String after = null;
        do {
            String query = "/air/orders?limit=200"
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            JsonNode page = JSON.readTree(send(HttpRequest.newBuilder(baseUrl.resolve(query))
                    .header("Authorization", "Bearer " + accessToken)
                    .header("Duffel-Version", "v2")
                    .header("Accept", "application/json")));
            for (JsonNode order : page.path("data")) {
                JsonNode bookingId = order.path("metadata").path("booking_id");
                orders.add(new SimulatedOrder(
                        order.path("id").asString(), bookingId.isString() ? bookingId.asString() : null));
            }
            JsonNode next = page.path("meta").path("after");
            after = next.isString() ? next.asString() : null;
        } while (after != null);
        return orders;
    }

    private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(response.request().method() + " "
                    + response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
