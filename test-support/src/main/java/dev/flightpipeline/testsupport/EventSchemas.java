package dev.flightpipeline.testsupport;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.PathType;
import dev.flightpipeline.events.CloudEvents;
import dev.flightpipeline.events.EventJson;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;

/**
 * Checks events against their JSON schemas: the files of {@code docs/events/}, which the
 * booking-events jar carries under {@code events/schema/}. Every schema and every {@code $ref} is
 * read from the classpath, never from the network.
 *
 * <pre>{@code
 * EventSchemas.assertValid(confirmed);
 * EventSchemas.assertValid(new String(record.headers().lastHeader(CloudEvents.TYPE).value(), UTF_8),
 *         new String(record.value(), UTF_8));
 * }</pre>
 */
public final class EventSchemas {

    /** The schemas' {@code $id}s start with this; it is an identifier, not a place to download from. */
    public static final String SCHEMA_ID_PREFIX = "https://flightpipeline.dev/events/";

    /** Where the schemas are on the classpath. */
    public static final String CLASSPATH_FOLDER = "events/schema/";

    private static final Pattern CE_TYPE = Pattern.compile("dev\\.flightpipeline\\.[A-Z][A-Za-z0-9]*\\.v[0-9]+");

    // JSON Schema 2020-12 treats "format" as an annotation only: asserting it makes a uuid, a
    // date-time or a date in the wrong form a violation, and strictness makes a misspelt format name
    // in a schema one too instead of silently checking nothing.
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialect(
            Dialects.getDraft202012(),
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .formatAssertionsEnabled(true)
                            .strict("format", true)
                            .pathType(PathType.JSON_PATH)
                            .build())
                    .schemaIdResolvers(ids -> ids.mapPrefix(SCHEMA_ID_PREFIX, "classpath:" + CLASSPATH_FOLDER)));

    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {}

    /** Whether there is a schema for this {@code ce_type}, e.g. {@code dev.flightpipeline.BookingConfirmed.v1}. */
    public static boolean knows(String ceType) {
        return ceType != null
                && CE_TYPE.matcher(ceType).matches()
                && EventSchemas.class.getClassLoader().getResource(CLASSPATH_FOLDER + fileName(ceType)) != null;
    }

    /**
     * Serialises the event as the pipeline does ({@link EventJson}) and checks it against the schema
     * of its {@code ce_type}.
     */
    public static void assertValid(Object event) {
        assertValid(CloudEvents.type(event.getClass()), EventJson.write(event));
    }

    /**
     * @param ceType the event's {@code ce_type} header, which names its schema
     * @param json the record's value
     * @throws AssertionError naming the {@code ce_type} and listing every violation, or saying that
     *     there is no schema for it or that the value is not JSON
     */
    public static void assertValid(String ceType, String json) {
        List<String> violations = violations(ceType, json);
        if (!violations.isEmpty()) {
            throw new AssertionError(ceType + ": " + violations.size()
                    + (violations.size() == 1 ? " violation" : " violations") + " of its schema\n  "
                    + String.join("\n  ", violations) + "\nin " + json);
        }
    }

    /**
     * Every way the value breaks the schema of its {@code ce_type}, one line each with the member's
     * JSON path, e.g. {@code $.total.amount: number found, string expected}; empty if it is valid.
     */
    public static List<String> violations(String ceType, String json) {
        if (!knows(ceType)) {
            throw new AssertionError(
                    "No schema for ce_type " + ceType + " in " + CLASSPATH_FOLDER + " (from docs/events/)");
        }
        Schema schema = schema(ceType);
        List<Error> errors;
        try {
            errors = schema.validate(json, InputFormat.JSON);
        } catch (JacksonException e) {
            throw new AssertionError(ceType + ": the value is not JSON: " + e.getMessage() + "\nin " + json, e);
        }
        return errors.stream().map(Error::toString).toList();
    }

    private static Schema schema(String ceType) {
        return SCHEMAS.computeIfAbsent(ceType, type -> {
            Schema schema = REGISTRY.getSchema(SchemaLocation.of(SCHEMA_ID_PREFIX + fileName(type)));
            // Resolve every $ref now, so a broken reference fails here and not half-way through a check.
            schema.initializeValidators();
            return schema;
        });
    }

    private static String fileName(String ceType) {
        return ceType + ".schema.json";
    }
}
