package dev.flightpipeline.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.gateway.api.OpenApiDocument.Operation;
import dev.flightpipeline.gateway.booking.Pipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document is what the gateway serves, and a valid description of the routes it has:
 * the served bytes are {@code docs/openapi.yaml}'s, every {@code $ref} resolves, every schema is
 * JSON Schema 2020-12, every documented operation is a route and every route under {@code /api} is
 * documented. ({@link ApiExamplesIT} checks the answers themselves.)
 */
class ApiDocumentIT {

    private static final JsonMapper json = JsonMapper.shared();
    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{([^}]+)}");

    private static Pipeline pipeline;
    private static OpenApiDocument document;

    @BeforeAll
    static void start() {
        pipeline = Pipeline.shared();
        document = OpenApiDocument.read();
    }

    @Test
    void theGatewayServesTheCheckedInDocumentByteForByteWithoutAToken() throws Exception {
        EntityExchangeResult<byte[]> served = pipeline.http
                .get()
                .uri(ApiDocumentController.PATH)
                .exchange()
                .expectBody()
                .returnResult();

        assertThat(served.getStatus().value())
                .as("status of GET " + ApiDocumentController.PATH)
                .isEqualTo(200);
        assertThat(served.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_YAML);
        byte[] checkedIn = Files.readAllBytes(OpenApiDocument.FILE);
        if (!java.util.Arrays.equals(served.getResponseBody(), checkedIn)) {
            throw new AssertionError("The gateway serves a different document than docs/openapi.yaml ("
                    + firstDifference(served.getResponseBody(), checkedIn)
                    + "). The jar carries docs/openapi.yaml as it was when the gateway was built: build it again"
                    + " (mvn -pl gateway verify) after changing the document.");
        }
    }

    @Test
    void theDocumentIsOpenApi31WithEveryReferenceResolved() {
        Map<String, Object> root = document.root();
        assertThat(root.get("openapi")).as("openapi").isEqualTo("3.1.0");
        Map<String, Object> info = OpenApiDocument.map(root.get("info"));
        assertThat(info.get("title")).as("info.title").isInstanceOf(String.class);
        assertThat(info.get("version")).as("info.version").isInstanceOf(String.class);

        List<String> unresolved = new ArrayList<>();
        document.refs().forEach((at, ref) -> {
            if (!ref.startsWith("#/") || document.at(ref.substring(1)) == null) {
                unresolved.add(at + ": " + ref);
            }
        });
        assertThat(unresolved)
                .as("$refs that do not resolve within the document")
                .isEmpty();

        List<String> problems = new ArrayList<>();
        Set<String> operationIds = new TreeSet<>();
        for (Operation operation : document.operations()) {
            if (operation.operationId() == null || !operationIds.add(operation.operationId())) {
                problems.add(operation + ": no operationId, or one used twice");
            }
            Set<String> pathParameters = new TreeSet<>();
            for (Object declared : (List<?>) operation.node().getOrDefault("parameters", List.of())) {
                Map<String, Object> parameter =
                        document.resolve("", OpenApiDocument.map(declared)).node();
                if ("path".equals(parameter.get("in"))) {
                    pathParameters.add((String) parameter.get("name"));
                }
            }
            Set<String> variables = new TreeSet<>();
            Matcher variable = TEMPLATE_VARIABLE.matcher(operation.path());
            while (variable.find()) {
                variables.add(variable.group(1));
            }
            if (!variables.equals(pathParameters)) {
                problems.add(operation + ": path variables " + variables + " but path parameters " + pathParameters);
            }
            Map<String, Object> responses = OpenApiDocument.map(operation.node().get("responses"));
            if (responses.isEmpty()) {
                problems.add(operation + ": no responses");
            }
            responses.forEach((status, response) -> {
                String pointer = OpenApiDocument.pointer(
                        "paths", operation.path(), operation.method(), "responses", String.valueOf(status));
                if (!(status instanceof String code) || !code.matches("[1-5][0-9][0-9]")) {
                    problems.add(operation + ": response status " + status + " is not a quoted 3-digit code");
                }
                Object content = document.resolve(pointer, OpenApiDocument.map(response))
                        .node()
                        .get("content");
                if (content != null) {
                    OpenApiDocument.map(content).forEach((mediaType, media) -> {
                        if (mediaType.endsWith("json")
                                && !OpenApiDocument.map(media).containsKey("examples")) {
                            problems.add(operation + " " + status + " " + mediaType + ": no example");
                        }
                    });
                }
            });
        }
        assertThat(problems).as("operations").isEmpty();
    }

    @Test
    void everySchemaIsJsonSchema202012AndIsUsed() {
        Map<String, Object> schemas = OpenApiDocument.map(
                OpenApiDocument.map(document.root().get("components")).get("schemas"));
        Set<String> referenced = new TreeSet<>(document.refs().values());
        List<String> problems = new ArrayList<>();
        schemas.keySet().forEach(name -> {
            String pointer = OpenApiDocument.pointer("components", "schemas", name);
            document.metaSchemaViolations(pointer).forEach(violation -> problems.add(name + ": " + violation));
            if (!referenced.contains("#" + pointer)) {
                problems.add(name + ": not used");
            }
            // Compiling the schema resolves every reference in it.
            document.violations(pointer, json.nullNode());
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDocumentedOperationIsARouteOfTheGateway() {
        // What a path no route serves gets: the same 404 as a missing booking, but another detail.
        EntityExchangeResult<byte[]> unknown = call(HttpMethod.GET, "/api/no-such-route-" + UUID.randomUUID(), true);
        assertThat(unknown.getStatus().value()).isEqualTo(404);
        JsonNode noRoute = json.readTree(unknown.getResponseBody());

        List<String> notRoutes = new ArrayList<>();
        for (Operation operation : document.operations()) {
            String path = TEMPLATE_VARIABLE
                    .matcher(operation.path())
                    .replaceAll(UUID.randomUUID().toString());
            EntityExchangeResult<byte[]> answer = call(
                    HttpMethod.valueOf(operation.method().toUpperCase(Locale.ROOT)), path, operation.secured(document));
            int status = answer.getStatus().value();
            boolean routeMissing = status == 405
                    || (status == 404 && json.readTree(answer.getResponseBody()).equals(noRoute));
            if (routeMissing) {
                notRoutes.add(operation + " answered " + status + " "
                        + new String(answer.getResponseBody(), StandardCharsets.UTF_8));
            }
        }
        assertThat(notRoutes)
                .as("documented operations the gateway does not serve")
                .isEmpty();
    }

    @Test
    void everyRouteOfTheGatewayUnderApiIsDocumented() {
        Set<String> documented = new TreeSet<>();
        document.operations()
                .forEach(operation -> documented.add(
                        operation.method().toUpperCase(Locale.ROOT) + " " + normalized(operation.path())));

        Set<String> served = new TreeSet<>();
        Map<String, RequestMappingInfoHandlerMapping> mappings =
                new HashMap<>(pipeline.gateway.getBeansOfType(RequestMappingInfoHandlerMapping.class));
        mappings.values()
                .forEach(mapping -> mapping.getHandlerMethods().keySet().forEach(info -> {
                    for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                        if (!pattern.getPatternString().startsWith("/api/")) {
                            continue;
                        }
                        var methods = info.getMethodsCondition().getMethods();
                        if (methods.isEmpty()) {
                            served.add("ANY " + normalized(pattern.getPatternString()));
                        }
                        methods.forEach(
                                method -> served.add(method.name() + " " + normalized(pattern.getPatternString())));
                    }
                }));

        assertThat(served).as("routes under /api").isNotEmpty();
        assertThat(documented).as("documented operations").containsAll(served);
    }

    private static EntityExchangeResult<byte[]> call(HttpMethod method, String path, boolean withToken) {
        var request = pipeline.http.method(method).uri(path).headers(headers -> {
            if (withToken) {
                headers.setBearerAuth(pipeline.tokenFor("routes-" + UUID.randomUUID()));
            }
        });
        if (method == HttpMethod.POST) {
            return request.contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{}")
                    .exchange()
                    .expectBody()
                    .returnResult();
        }
        return request.exchange().expectBody().returnResult();
    }

    /** A path template with its variables' names left out: {@code /api/flights/orders/{}}. */
    private static String normalized(String path) {
        return TEMPLATE_VARIABLE.matcher(path).replaceAll("{}");
    }

    /** Where two documents first differ, by line, for a message a person can act on. */
    static String firstDifference(byte[] served, byte[] checkedIn) {
        List<String> servedLines =
                new String(served, StandardCharsets.UTF_8).lines().toList();
        List<String> fileLines =
                new String(checkedIn, StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; i < Math.max(servedLines.size(), fileLines.size()); i++) {
            String servedLine = i < servedLines.size() ? servedLines.get(i) : "(end of document)";
            String fileLine = i < fileLines.size() ? fileLines.get(i) : "(end of document)";
            if (!servedLine.equals(fileLine)) {
                return "first at line " + (i + 1) + ": served '" + servedLine + "', docs/openapi.yaml has '" + fileLine
                        + "'";
            }
        }
        return "they differ in their bytes (line endings or encoding), not in their lines";
    }
}
