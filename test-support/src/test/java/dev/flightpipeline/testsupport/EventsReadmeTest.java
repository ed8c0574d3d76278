package dev.flightpipeline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.events.CloudEvents;
import dev.flightpipeline.events.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The examples in docs/events/README.md are what the pipeline publishes, and stay so. */
class EventsReadmeTest {

    private static final Path README = EventSchemaFilesTest.DOCS_EVENTS.resolve("README.md");
    private static final Pattern CE_TYPE = Pattern.compile("dev\\.flightpipeline\\.[A-Za-z]+\\.v[0-9]+");

    @Test
    void theReadmeShowsOneExampleOfEveryEvent() throws IOException {
        assertThat(examples().keySet())
                .containsExactlyInAnyOrderElementsOf(EventSchemaFilesTest.EVENTS.stream()
                        .map(CloudEvents::type)
                        .toList());
    }

    @Test
    void everyExampleIsValidAgainstItsSchema() throws IOException {
        examples().forEach(EventSchemas::assertValid);
    }

    @Test
    void everyExampleIsWhatEventJsonWritesForTheSampleEvent() throws IOException {
        Map<String, Object> events = SampleEvents.readmeExamples();

        examples()
                .forEach((ceType, json) -> assertThat(EventJson.mapper().readTree(json))
                        .as(ceType)
                        .isEqualTo(EventJson.mapper().readTree(EventJson.write(events.get(ceType)))));
    }

    @Test
    void theReadmeNamesEveryCloudEventsHeader() throws IOException {
        String readme = Files.readString(README);

        for (String header : List.of(
                CloudEvents.ID,
                CloudEvents.TYPE,
                CloudEvents.SOURCE,
                CloudEvents.TIME,
                CloudEvents.SPEC_VERSION,
                CloudEvents.SUBJECT,
                CloudEvents.CONTENT_TYPE)) {
            assertThat(readme).contains("`" + header + "`");
        }
    }

    /**
     * The README's ```json blocks, each under a heading that names its {@code ce_type}.
     */
    private static Map<String, String> examples() throws IOException {
        Map<String, String> examples = new LinkedHashMap<>();
        String ceType = null;
        StringBuilder block = null;
        for (String line : Files.readAllLines(README)) {
            if (block != null) {
                if (line.equals("```")) {
                    assertThat(ceType)
                            .as("the heading above a json example names its ce_type")
                            .isNotNull();
                    assertThat(examples.put(ceType, block.toString()))
                            .as("one example of " + ceType)
                            .isNull();
                    block = null;
                } else {
                    block.append(line).append('\n');
                }
            } else if (line.equals("```json")) {
                block = new StringBuilder();
            } else if (line.startsWith("#")) {
                Matcher named = CE_TYPE.matcher(line);
                ceType = named.find() ? named.group() : null;
            }
        }
        return examples;
    }
}
