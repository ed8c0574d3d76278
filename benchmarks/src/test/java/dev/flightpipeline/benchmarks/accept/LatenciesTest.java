package dev.flightpipeline.benchmarks.accept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankOfTheLatencies() {
        // 1 ms to 1000 ms, shuffled by reversing: the percentiles sort them.
        long[] nanos =
                LongStream.rangeClosed(1, 1000).map(i -> (1001 - i) * 1_000_000).toArray();

        Latencies latencies = Latencies.ofNanos(nanos);

        assertThat(latencies.p50()).isEqualTo(500);
        assertThat(latencies.p90()).isEqualTo(900);
        assertThat(latencies.p99()).isEqualTo(990);
        assertThat(latencies.p999()).isEqualTo(999);
        assertThat(latencies.max()).isEqualTo(1000);
        assertThat(latencies.mean()).isCloseTo(500.5, within(1e-9));
    }

    @Test
    void oneSlowRequestInAHundredIsThePercentileNinetyNine() {
        long[] nanos = LongStream.range(0, 100)
                .map(i -> i == 42 ? 80_000_000 : 2_000_000)
                .toArray();

        assertThat(Latencies.ofNanos(nanos).p99()).isEqualTo(2);
        assertThat(Latencies.ofNanos(nanos).max()).isEqualTo(80);
    }

    @Test
    void noLatenciesAreZeros() {
        assertThat(Latencies.ofNanos(new long[0]).p99()).isZero();
    }
}
