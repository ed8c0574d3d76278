package dev.flightpipeline.duffelsim;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulator's own endpoints, which real Duffel does not have: {@code GET/PUT /_sim/config},
 * {@code GET /_sim/stats}, {@code POST /_sim/reset}, {@code POST /_sim/order-faults}.
 */
final class AdminEndpoints {

    private final DuffelSimulator simulator;
    private final JsonMapper json;

    AdminEndpoints(DuffelSimulator simulator, JsonMapper json) {
        this.simulator = simulator;
        this.json = json;
    }

    Mono<Answer> handle(HttpServerRequest request, QueryStringDecoder uri) {
        String path = uri.path();
        HttpMethod method = request.method();
        return request.receive().aggregate().asString().defaultIfEmpty("").map(body -> {
            if (path.equals("/_sim/config") && method.equals(HttpMethod.GET)) {
                return ok(json.valueToTree(simulator.config()));
            }
            if (path.equals("/_sim/config") && method.equals(HttpMethod.PUT)) {
                return updateConfig(body);
            }
            if (path.equals("/_sim/stats") && method.equals(HttpMethod.GET)) {
                return ok(json.valueToTree(simulator.stats()));
            }
            if (path.equals("/_sim/reset") && method.equals(HttpMethod.POST)) {
                simulator.reset();
                return ok(json.createObjectNode().put("reset", true));
            }
            if (path.equals("/_sim/order-faults") && method.equals(HttpMethod.POST)) {
                return forceFaults(body);
            }
            return problem(404, "No admin endpoint " + method + " " + path);
        });
    }

    /** A partial body changes only what it names: it is merged over the current configuration. */
    private Answer updateConfig(String body) {
        try {
            JsonNode change = json.readTree(body);
            if (!change.isObject()) {
                return problem(400, "The body must be a JSON object of settings");
            }
            ObjectNode merged = json.valueToTree(simulator.config());
            merge(merged, (ObjectNode) change);
            simulator.updateConfig(json.treeToValue(merged, SimulatorConfig.class));
            return ok(json.valueToTree(simulator.config()));
        } catch (JacksonException | IllegalArgumentException e) {
            return problem(400, "Invalid configuration: " + rootMessage(e));
        }
    }

    private static void merge(ObjectNode target, ObjectNode change) {
        for (Map.Entry<String, JsonNode> entry : change.properties()) {
            JsonNode current = target.get(entry.getKey());
            if (current instanceof ObjectNode currentObject
                    && entry.getValue() instanceof ObjectNode changeObject
                    && !entry.getKey().equals("orderFaults")) {
                merge(currentObject, changeObject);
            } else {
                target.set(entry.getKey(), entry.getValue());
            }
        }
    }

    private Answer forceFaults(String body) {
        try {
            JsonNode request = json.readTree(body);
            OrderFault fault = OrderFault.valueOf(request.path("fault").asString(""));
            int count = request.path("count").asInt(1);
            if (count < 1 || count > 100_000) {
                return problem(400, "count must be 1 to 100000");
            }
            simulator.forceNextOrderFaults(fault, count);
            return ok(json.createObjectNode().put("fault", fault.name()).put("count", count));
        } catch (JacksonException | IllegalArgumentException e) {
            return problem(
                    400,
                    "The body must be {\"fault\": one of " + java.util.Arrays.toString(OrderFault.values())
                            + ", \"count\": n}");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    private static Answer ok(JsonNode body) {
        return new Answer.Json(200, body);
    }

    private Answer problem(int status, String message) {
        return new Answer.Json(status, json.createObjectNode().put("error", message));
    }
}
