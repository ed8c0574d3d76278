package dev.flightpipeline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.flightpipeline.events.BookingOutcome;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.CloudEvents;
import dev.flightpipeline.events.EventJson;
import dev.flightpipeline.events.FailureReason;
import dev.flightpipeline.events.FlightSegment;
import dev.flightpipeline.events.Money;
import dev.flightpipeline.events.OpsEvent;
import dev.flightpipeline.events.Passenger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The schema files in docs/events stay in step with the event records: a record that gains, loses
 * or renames a member, a new event type or a new failure reason fails here until its schema says so.
 */
class EventSchemaFilesTest {

    static final Path DOCS_EVENTS = Path.of("..", "docs", "events");
    static final String SHARED_DEFINITIONS = "common.v1.schema.json";

    static final List<Class<?>> EVENTS = Stream.concat(
                    Stream.of(BookingRequested.class, OpsEvent.class),
                    Arrays.stream(BookingOutcome.class.getPermittedSubclasses()))
            .toList();

    @Test
    void everyEventThePipelinePublishesHasASchema() {
        for (Class<?> event : EVENTS) {
            assertThat(EventSchemas.knows(CloudEvents.type(event)))
                    .as(CloudEvents.type(event))
                    .isTrue();
        }
    }

    @Test
    void everySchemaFileDescribesAnEventThePipelinePublishesOrHoldsTheSharedDefinitions() {
        Set<String> expected = EVENTS.stream()
                .map(event -> CloudEvents.type(event) + ".schema.json")
                .collect(Collectors.toSet());
        expected.add(SHARED_DEFINITIONS);

        assertThat(jsonFiles().keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void everySchemaIsAValidDraft202012SchemaIdentifiedByItsFileName() {
        // The meta-schema comes with the validator, so this runs offline too.
        Schema metaSchema = SchemaRegistry.withDialect(Dialects.getDraft202012())
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        jsonFiles().forEach((fileName, text) -> {
            assertThat(metaSchema.validate(text, InputFormat.JSON)).as(fileName).isEmpty();
            JsonNode schema = EventJson.mapper().readTree(text);
            assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(schema.path("$id").asString()).isEqualTo(EventSchemas.SCHEMA_ID_PREFIX + fileName);
            assertThat(schema.path("title").asString()).as(fileName).isNotBlank();
        });
    }

    @Test
    void everyEventSchemaDescribesExactlyTheMembersOfItsRecord() {
        for (Class<?> event : EVENTS) {
            JsonNode schema = schemaOf(CloudEvents.type(event) + ".schema.json");

            assertThat(schema.path("properties").propertyNames())
                    .as(event.getSimpleName())
                    .containsExactlyInAnyOrderElementsOf(memberNames(event));
            assertThat(schema.path("required").valueStream().map(JsonNode::asString))
                    .as(event.getSimpleName() + " requires the members Jackson always writes")
                    .containsAll(primitiveMemberNames(event));
            assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        }
    }

    @Test
    void theSharedDefinitionsDescribeExactlyTheMembersOfMoneyPassengerAndFlightSegment() {
        JsonNode definitions = schemaOf(SHARED_DEFINITIONS).path("$defs");

        for (Class<?> record : List.of(Money.class, Passenger.class, FlightSegment.class)) {
            JsonNode definition = definitions.path(record.getSimpleName());

            assertThat(definition.path("properties").propertyNames())
                    .as(record.getSimpleName())
                    .containsExactlyInAnyOrderElementsOf(memberNames(record));
            assertThat(definition.path("additionalProperties").asBoolean(true)).isFalse();
        }
    }

    @Test
    void theFailureReasonsInTheSchemaAreExactlyTheFailureReasonCodes() {
        JsonNode reason = schemaOf(CloudEvents.type(BookingOutcome.BookingFailed.class) + ".schema.json")
                .path("properties")
                .path("reason");

        assertThat(reason.path("enum").valueStream().map(JsonNode::asString))
                .containsExactlyElementsOf(Arrays.stream(FailureReason.values())
                        .map(FailureReason::code)
                        .toList());
    }

    private static List<String> memberNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
    }

    private static List<String> primitiveMemberNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents())
                .filter(component -> component.getType().isPrimitive())
                .map(RecordComponent::getName)
                .toList();
    }

    private static JsonNode schemaOf(String fileName) {
        return EventJson.mapper().readTree(jsonFiles().get(fileName));
    }

    /** The JSON files of docs/events by file name, with their text. */
    private static Map<String, String> jsonFiles() {
        try (Stream<Path> files = Files.list(DOCS_EVENTS)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json"))
                    .collect(Collectors.toMap(file -> file.getFileName().toString(), EventSchemaFilesTest::read));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + DOCS_EVENTS.toAbsolutePath(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
