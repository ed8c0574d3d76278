package dev.flightpipeline.gateway.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The services' logs of an end-to-end booking, as an operator reads them: one JSON object per line;
 * the lines about the booking name it and its trace; no token and none of the passenger's data.
 */
@ExtendWith(OutputCaptureExtension.class)
class PipelineLogsIT {

    private static final JsonMapper json = JsonMapper.shared();
    private static final String PIPELINE_CODE = "dev.flightpipeline";

    private final Pipeline pipeline = Pipeline.shared();

    @Test
    void aBookingsLogLinesAreJsonWithItsBookingAndTraceIdsAndNoSecretsOrPersonalData(CapturedOutput output) {
        LoggingSystem logging = pipeline.gateway.getBean(LoggingSystem.class);
        // The pipeline's successes are DEBUG lines (a Duffel call answered, an event published):
        // with them, every line its own code writes about the booking is checked.
        logging.setLogLevel(PIPELINE_CODE, LogLevel.DEBUG);
        try {
            int start = output.getOut().length();
            String token = pipeline.tokenFor("logs");
            String traceId = randomHex(16);

            byte[] answer = pipeline.http
                    .post()
                    .uri("/api/flights/create-order")
                    .headers(headers -> {
                        headers.setBearerAuth(token);
                        headers.set("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01");
                    })
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Pipeline.orderBody(pipeline.offer()))
                    .exchange()
                    .expectStatus()
                    .isCreated()
                    .expectBody()
                    .returnResult()
                    .getResponseBody();
            String bookingId =
                    json.readTree(answer).path("booking").path("booking_id").asString();

            // The booker's line about Duffel's answer to the order, written on a Netty thread.
            List<String> lines = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> lines(output.getOut().substring(start)),
                            written -> written.stream()
                                    .anyMatch(line ->
                                            line.contains("/air/orders answered 201") && line.contains(bookingId)));

            List<JsonNode> parsed = new ArrayList<>();
            for (String line : lines) {
                parsed.add(parse(line));
            }
            List<JsonNode> aboutTheBooking = parsed.stream()
                    .filter(line -> bookingId.equals(line.path("booking_id").asString(null))
                            || line.path("message").asString("").contains(bookingId))
                    .toList();
            assertThat(aboutTheBooking)
                    .as("the lines about booking %s", bookingId)
                    .extracting(line -> line.path("log").path("logger").asString())
                    .contains(
                            CreateOrder.class.getName(),
                            "dev.flightpipeline.booker.intake.BookingRequestListener",
                            "dev.flightpipeline.duffel.DuffelClient");
            assertThat(aboutTheBooking)
                    .as("the lines about booking %s", bookingId)
                    .allSatisfy(line -> {
                        assertThat(line.path("booking_id").asString(null))
                                .as("booking_id of %s", line)
                                .isEqualTo(bookingId);
                        assertThat(line.path("traceId").asString(null))
                                .as("traceId of %s", line)
                                .isEqualTo(traceId);
                    });
            assertThat(lines)
                    .as("what no line may contain")
                    .noneMatch(line -> line.contains(token))
                    .noneMatch(line -> line.contains("duffel_test_pipeline"))
                    .noneMatch(line -> line.contains("Tony") || line.contains("Stark"))
                    .noneMatch(line -> line.contains("tony@example.com"))
                    .noneMatch(line -> line.contains("+442080160509") || line.contains("442080160509"))
                    .noneMatch(line -> line.contains("1980-07-24"));
        } finally {
            logging.setLogLevel(PIPELINE_CODE, null);
        }
    }

    private static List<String> lines(String text) {
        return text.lines().filter(line -> !line.isBlank()).toList();
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = json.readTree(line);
            assertThat(node.isObject()).as("a JSON object: %s", line).isTrue();
            return node;
        } catch (JacksonException notJson) {
            throw new AssertionError("A log line that is not JSON: " + line, notJson);
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
