package dev.flightpipeline.gateway.api;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checked-in OpenAPI document ({@code docs/openapi.yaml}), read for the tests: its operations,
 * their responses and examples, and a validator for the JSON Schemas in it. Schemas are checked
 * offline: the validator reads the document itself for every {@code #/components/...} reference.
 */
final class OpenApiDocument {

    /** Failsafe runs in the gateway module's directory. */
    static final Path FILE = Path.of("..", "docs", "openapi.yaml");

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** The document's id for the validator: an identifier only, never fetched. */
    private static final String ID = "https://flightpipeline.dev/api/openapi.json";

    private static final JsonMapper json = JsonMapper.shared();

    /** One method of one path. */
    record Operation(String method, String path, String operationId, Map<String, Object> node) {
        boolean secured(OpenApiDocument document) {
            Object own = node.get("security");
            Object security = own != null ? own : document.root.get("security");
            return security instanceof List<?> requirements && !requirements.isEmpty();
        }

        @Override
        public String toString() {
            return method.toUpperCase(java.util.Locale.ROOT) + " " + path;
        }
    }

    /**
     * A named example of a request or response body.
     *
     * @param status the response's status, or null for a request body's example
     * @param response the response object, its {@code $ref} resolved (null for a request body)
     * @param schemaPointer where the media type's schema is in the document, a JSON pointer
     */
    record Example(
            Operation operation,
            String status,
            Map<String, Object> response,
            String mediaType,
            String name,
            JsonNode value,
            String schemaPointer) {

        @Override
        public String toString() {
            return operation + (status == null ? " request" : " " + status) + " " + name;
        }
    }

    private final Map<String, Object> root;
    private final JsonNode tree;
    private final SchemaRegistry schemas;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private OpenApiDocument(Map<String, Object> root) {
        this.root = root;
        this.tree = json.valueToTree(root);
        // JSON Schema treats "format" as an annotation only: asserting it checks uuids, dates and
        // date-times, and strictness makes an unknown format name in the document an error.
        this.schemas = SchemaRegistry.withDialect(
                Dialects.getOpenApi31(),
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                                .formatAssertionsEnabled(true)
                                .strict("format", true)
                                .pathType(PathType.JSON_PATH)
                                .build())
                        .schemas(Map.of(ID, json.writeValueAsString(tree))));
    }

    static OpenApiDocument read() {
        try {
            return parse(Files.readAllBytes(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read " + FILE.toAbsolutePath().normalize(), e);
        }
    }

    /** Parses the YAML; fails on a member given twice, and on dates or times not written as strings. */
    @SuppressWarnings("unchecked")
    static OpenApiDocument parse(byte[] yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object loaded = new Yaml(new SafeConstructor(options)).load(new String(yaml, StandardCharsets.UTF_8));
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new AssertionError("the document is not a YAML mapping");
        }
        List<String> dates = new ArrayList<>();
        walk(map, "", (pointer, value) -> {
            if (value instanceof Date) {
                dates.add(pointer);
            }
        });
        if (!dates.isEmpty()) {
            throw new AssertionError("YAML reads these unquoted values as timestamps, JSON has none: quote them\n  "
                    + String.join("\n  ", dates));
        }
        return new OpenApiDocument((Map<String, Object>) map);
    }

    Map<String, Object> root() {
        return root;
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        map(root.get("paths"))
                .forEach((path, item) -> map(item).forEach((method, operation) -> {
                    if (METHODS.contains(method)) {
                        Map<String, Object> node = map(operation);
                        operations.add(new Operation(method, path, (String) node.get("operationId"), node));
                    }
                }));
        return operations;
    }

    /** Every named example of every response, in the document's order. */
    List<Example> responseExamples() {
        List<Example> examples = new ArrayList<>();
        for (Operation operation : operations()) {
            map(operation.node().get("responses")).forEach((status, declared) -> {
                String pointer =
                        pointer("paths", operation.path(), operation.method(), "responses", String.valueOf(status));
                Reference response = resolve(pointer, map(declared));
                examples.addAll(examples(operation, String.valueOf(status), response));
            });
        }
        return examples;
    }

    /** Every named example of every request body. */
    List<Example> requestExamples() {
        List<Example> examples = new ArrayList<>();
        for (Operation operation : operations()) {
            Object body = operation.node().get("requestBody");
            if (body != null) {
                Reference request =
                        resolve(pointer("paths", operation.path(), operation.method(), "requestBody"), map(body));
                examples.addAll(examples(operation, null, request));
            }
        }
        return examples;
    }

    private List<Example> examples(Operation operation, String status, Reference owner) {
        List<Example> examples = new ArrayList<>();
        Object content = owner.node().get("content");
        if (content == null) {
            return examples;
        }
        map(content).forEach((mediaType, media) -> {
            Object named = map(media).get("examples");
            if (named == null) {
                return;
            }
            map(named).forEach((name, example) -> {
                Map<String, Object> value = map(example);
                examples.add(new Example(
                        operation,
                        status,
                        status == null ? null : owner.node(),
                        mediaType,
                        name,
                        json.valueToTree(value.get("value")),
                        owner.pointer() + "/" + escape("content") + "/" + escape(mediaType) + "/schema"));
            });
        });
        return examples;
    }

    /** An object of the document and where it is. */
    record Reference(String pointer, Map<String, Object> node) {}

    /** Follows {@code $ref} (within the document) until an object without one. */
    Reference resolve(String pointer, Map<String, Object> node) {
        Set<String> seen = new java.util.HashSet<>();
        while (node.get("$ref") instanceof String ref) {
            if (!ref.startsWith("#/") || !seen.add(ref)) {
                throw new AssertionError(pointer + ": $ref " + ref + " does not lead to an object of the document");
            }
            pointer = ref.substring(1);
            Object target = at(pointer);
            if (!(target instanceof Map<?, ?>)) {
                throw new AssertionError("$ref " + ref + " does not resolve");
            }
            node = map(target);
        }
        return new Reference(pointer, node);
    }

    /** The value at a JSON pointer ({@code /components/schemas/Booking}), or null. */
    Object at(String pointer) {
        Object node = root;
        if (pointer.isEmpty()) {
            return node;
        }
        for (String token : pointer.substring(1).split("/", -1)) {
            String name = token.replace("~1", "/").replace("~0", "~");
            if (node instanceof Map<?, ?> object && object.containsKey(name)) {
                node = object.get(name);
            } else if (node instanceof List<?> array
                    && name.matches("[0-9]+")
                    && Integer.parseInt(name) < array.size()) {
                node = array.get(Integer.parseInt(name));
            } else {
                return null;
            }
        }
        return node;
    }

    /** Every {@code $ref} in the document, by where it is. */
    Map<String, String> refs() {
        Map<String, String> refs = new LinkedHashMap<>();
        walk(root, "", (pointer, value) -> {
            if (pointer.endsWith("/$ref") && value instanceof String ref) {
                refs.put(pointer, ref);
            }
        });
        return refs;
    }

    /**
     * Every way the value breaks the schema at the pointer (e.g. a media type's {@code schema}), one
     * line each with the member's JSON path; empty if it is valid.
     */
    List<String> violations(String schemaPointer, JsonNode value) {
        Schema schema = compiled.computeIfAbsent(schemaPointer, pointer -> {
            Schema loaded = schemas.getSchema(SchemaLocation.of(ID + "#" + uriFragment(pointer)));
            // Resolve every $ref now, so a broken one fails here and not half-way through a check.
            loaded.initializeValidators();
            return loaded;
        });
        return schema.validate(value).stream().map(Error::toString).toList();
    }

    /** Every way the schema at the pointer breaks the JSON Schema 2020-12 meta-schema. */
    List<String> metaSchemaViolations(String schemaPointer) {
        Schema metaSchema = compiled.computeIfAbsent("meta", meta -> {
            Schema loaded = SchemaRegistry.withDialect(Dialects.getDraft202012())
                    .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
            loaded.initializeValidators();
            return loaded;
        });
        return metaSchema.validate(tree.at(schemaPointer)).stream()
                .map(Error::toString)
                .toList();
    }

    JsonNode tree() {
        return tree;
    }

    static String pointer(String... names) {
        StringBuilder pointer = new StringBuilder();
        for (String name : names) {
            pointer.append('/').append(escape(name));
        }
        return pointer.toString();
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** A JSON pointer as a URI fragment: the braces of path templates are not allowed there as they are. */
    private static String uriFragment(String pointer) {
        return pointer.replace("{", "%7B").replace("}", "%7D");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        if (!(node instanceof Map<?, ?>)) {
            throw new AssertionError("expected an object in the document, found " + node);
        }
        return (Map<String, Object>) node;
    }

    /** Calls back with every value of the tree and its JSON pointer. */
    private static void walk(Object node, String pointer, BiConsumer<String, Object> visit) {
        visit.accept(pointer, node);
        if (node instanceof Map<?, ?> object) {
            object.forEach((name, value) -> walk(value, pointer + "/" + escape(String.valueOf(name)), visit));
        } else if (node instanceof List<?> array) {
            for (int i = 0; i < array.size(); i++) {
                walk(array.get(i), pointer + "/" + i, visit);
            }
        }
    }
}
