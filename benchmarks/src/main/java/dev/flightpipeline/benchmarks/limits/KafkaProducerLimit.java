package dev.flightpipeline.benchmarks.limits;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * The Kafka producer's records/s on this machine: the broker's own perf tool
 * ({@code kafka-producer-perf-test}, {@link ProducerPerformance}) sending records of a booking
 * request's size as fast as it can, acks=all, plain and in transactions as the outbox relay sends.
 */
final class KafkaProducerLimit {

    /** One run of the perf tool: what its last line says. */
    record ProducerFigures(
            String mode, long records, double recordsPerSecond, double megabytesPerSecond, double p99Millis) {}

    /** "300000 records sent, 98765.4 records/sec (75.35 MB/sec), ... 230 ms 50th, 500 ms 95th, 600 ms 99th, ..." */
    private static final Pattern SUMMARY =
            Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\).*?(\\d+) ms 99th");

    private KafkaProducerLimit() {}

    static ProducerFigures run(
            String bootstrapServers, String topic, long records, int recordSize, boolean transactional) {
        List<String> arguments = new ArrayList<>(List.of(
                "--topic",
                topic,
                "--num-records",
                Long.toString(records),
                "--record-size",
                Integer.toString(recordSize),
                "--throughput",
                "-1",
                "--command-property",
                "bootstrap.servers=" + bootstrapServers,
                "acks=all",
                "enable.idempotence=true",
                "linger.ms=5"));
        if (transactional) {
            arguments.addAll(
                    List.of("--transactional-id", "limits-" + System.nanoTime(), "--transaction-duration-ms", "100"));
        }
        String printed = printedBy(() -> {
            try {
                ProducerPerformance.main(arguments.toArray(String[]::new));
            } catch (Exception failure) {
                throw new IllegalStateException("the producer perf tool failed: " + failure, failure);
            }
        });
        return parse(transactional ? "transactional" : "acks=all", printed);
    }

    /** Reads the summary line; the progress lines before it name no percentiles. */
    static ProducerFigures parse(String mode, String printed) {
        Matcher summary = SUMMARY.matcher(printed);
        if (!summary.find()) {
            throw new IllegalStateException("the producer perf tool printed no summary: " + printed);
        }
        return new ProducerFigures(
                mode,
                Long.parseLong(summary.group(1)),
                Double.parseDouble(summary.group(2)),
                Double.parseDouble(summary.group(3)),
                Double.parseDouble(summary.group(4)));
    }

    /** Runs the tool with its output shown as it comes and kept for reading. */
    private static String printedBy(Runnable tool) {
        PrintStream console = System.out;
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                console.write(b);
                kept.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                console.write(bytes, offset, length);
                kept.write(bytes, offset, length);
            }
        };
        System.setOut(new PrintStream(both, true, StandardCharsets.UTF_8));
        try {
            tool.run();
        } finally {
            System.out.flush();
            System.setOut(console);
        }
        return kept.toString(StandardCharsets.UTF_8);
    }
}
