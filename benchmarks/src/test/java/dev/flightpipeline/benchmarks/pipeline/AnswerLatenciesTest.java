package dev.flightpipeline.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.benchmarks.accept.Latencies;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AnswerLatenciesTest {

    private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void anIntervalHoldsTheAnswersGivenAfterItsStartAndUpToItsEnd() {
        AnswerLatencies latencies = new AnswerLatencies();
        latencies.add(START, 1_000_000_000L); // at the start: the interval before's
        for (int i = 1; i <= 100; i++) {
            latencies.add(START.plusMillis(50L * i), i * 1_000_000L); // 1..100 ms, up to 5 s
        }
        latencies.add(START.plusSeconds(6), 2_000_000_000L); // the next interval's

        Latencies answered =
                latencies.answeredBetween(START, START.plusSeconds(5)).orElseThrow();

        assertThat(answered.p50()).isEqualTo(50.0);
        assertThat(answered.p99()).isEqualTo(99.0);
        assertThat(answered.max()).isEqualTo(100.0);
    }

    @Test
    void anIntervalWithoutAnswersHasNoLatency() {
        AnswerLatencies latencies = new AnswerLatencies();
        latencies.add(START.plusSeconds(10), 5_000_000L);

        assertThat(latencies.answeredBetween(START, START.plusSeconds(5))).isEmpty();
    }
}
