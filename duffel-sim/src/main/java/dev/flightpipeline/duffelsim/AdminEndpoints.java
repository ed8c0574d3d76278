package dev.flightpipeline.duffelsim;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Arrays;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulator's own endpoints, which real Duffel does not have: {@code GET/PUT /_sim/config},
 * {@code GET /_sim/stats}, {@code POST /_sim/reset} and {@code POST /_sim/order-faults}. They
 * take no token: the simulator is for tests and local runs only.
 */
final class AdminEndpoints {

    private final DuffelSimulator simulator;
    private final JsonMapper json;
    private final ConfigJson configJson;

    AdminEndpoints(DuffelSimulator simulator, JsonMapper json) {
        this.simulator = simulator;
        this.json = json;
        this.configJson = new ConfigJson(json);
    }

    Mono<Answer> handle(HttpServerRequest request, QueryStringDecoder uri) {
        String path = uri.path();
        HttpMethod method = request.method();
        return request.receive().aggregate().asString().defaultIfEmpty("").map(body -> switch (path) {
            case "/_sim/config" -> {
                if (method.equals(HttpMethod.GET)) {
                    yield ok(configJson.shown(simulator.config()));
                }
                yield method.equals(HttpMethod.PUT) ? updateConfig(body) : notAllowed(method, path);
            }
            case "/_sim/stats" -> {
                if (!method.equals(HttpMethod.GET)) {
                    yield notAllowed(method, path);
                }
                boolean summary = "true".equals(first(uri, "summary"));
                yield ok(json.valueToTree(summary ? simulator.statsSummary() : simulator.stats()));
            }
            case "/_sim/reset" -> {
                if (!method.equals(HttpMethod.POST)) {
                    yield notAllowed(method, path);
                }
                simulator.reset();
                yield ok(json.createObjectNode().put("reset", true));
            }
            case "/_sim/order-faults" -> method.equals(HttpMethod.POST) ? forceFaults(body) : notAllowed(method, path);
            default ->
                problem(
                        404,
                        "No admin endpoint " + path + "; there are /_sim/config, /_sim/stats, "
                                + "/_sim/reset and /_sim/order-faults");
        });
    }

    /** A partial body changes only what it names. */
    private Answer updateConfig(String body) {
        try {
            simulator.updateConfig(configJson.merged(simulator.config(), json.readTree(body)));
            return ok(configJson.shown(simulator.config()));
        } catch (JacksonException e) {
            return problem(400, "The body must be a JSON object of settings: " + ConfigJson.rootMessage(e));
        } catch (IllegalArgumentException e) {
            return problem(400, "Invalid settings: " + ConfigJson.rootMessage(e));
        }
    }

    private Answer forceFaults(String body) {
        String usage = "The body must be {\"fault\": one of " + Arrays.toString(OrderFault.values())
                + ", \"count\": 1 to 100000}";
        try {
            JsonNode request = json.readTree(body);
            OrderFault fault = OrderFault.valueOf(request.path("fault").asString(""));
            int count = request.path("count").asInt(1);
            if (count < 1 || count > 100_000) {
                return problem(400, usage);
            }
            simulator.forceNextOrderFaults(fault, count);
            return ok(json.createObjectNode()
                    .put("fault", fault.name())
                    .put("count", count)
                    .put("pending", simulator.forcedFaultsPending()));
        } catch (JacksonException | IllegalArgumentException e) {
            return problem(400, usage);
        }
    }

    private static String first(QueryStringDecoder uri, String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static Answer ok(JsonNode body) {
        return new Answer.Json(200, body);
    }

    private Answer notAllowed(HttpMethod method, String path) {
        return problem(405, method + " is not allowed on " + path);
    }

    private Answer problem(int status, String message) {
        ObjectNode body = json.createObjectNode().put("error", message);
        return new Answer.Json(status, body);
    }
}
