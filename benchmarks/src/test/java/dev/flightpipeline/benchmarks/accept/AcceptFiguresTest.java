package dev.flightpipeline.benchmarks.accept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flightpipeline.benchmarks.accept.AcceptFigures.AtRate;
import dev.flightpipeline.benchmarks.accept.AcceptFigures.Throughput;
import dev.flightpipeline.benchmarks.accept.CpuSample.Cores;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AcceptFiguresTest {

    private static final Cores CPU = new Cores(0.9, 0.01, 0.5, 0.2, 0.3, 1.0, 2);

    private static Throughput wrk(long requests, double seconds) {
        Latencies latencies = new Latencies(2, 4, 9, 20, 30, 2.5);
        return new Throughput(new WrkReport(requests, seconds, latencies, Map.of(202, requests), 0, 0), CPU);
    }

    private static AtRate atRate(double rate, double p99) {
        Latencies latencies = new Latencies(1.5, 3, p99, p99 * 2, p99 * 3, 2);
        return new AtRate(
                new FixedRateLoad.Report(
                        rate, 30, 30_000, Map.of(202, 30_000L), Map.of(202, 10_000L), 0, 0, latencies, 0.4),
                CPU);
    }

    private static AcceptFigures figures(
            Throughput bare, Throughput gateway, AtRate gatewayAtRate, long records, long accepted) {
        return new AcceptFigures(bare, gateway, gatewayAtRate, atRate(1000, 3), records, accepted, 0, 0, 128);
    }

    @Test
    void theRatioIsTheGatewaysRequestsPerSecondOverTheBareEndpoints() {
        AcceptFigures figures = figures(wrk(300_000, 30), wrk(120_000, 30), atRate(1000, 12), 160_000, 160_000);

        assertThat(figures.ratio()).isCloseTo(0.4, within(1e-9));
        assertThat(figures.ratioMet()).isFalse();
        assertThat(figures.verdict()).isEqualTo("NOT MET");
    }

    @Test
    void metWhenTheRatioAndTheP99AtAThousandRequestsASecondAreBothWithinTarget() {
        AcceptFigures figures = figures(wrk(300_000, 30), wrk(180_000, 30), atRate(1000, 12), 220_000, 220_000);

        assertThat(figures.ratioMet()).isTrue();
        assertThat(figures.latencyMet()).isTrue();
        assertThat(figures.verdict()).isEqualTo("MET");
        assertThat(figures.table()).contains("bare WebFlux requests/s", "10000 /s", "0.600", "12.00 ms", "MET");
    }

    @Test
    void aP99AboveTwentyFiveMillisecondsIsNotMet() {
        AcceptFigures figures = figures(wrk(300_000, 30), wrk(180_000, 30), atRate(1000, 31), 220_000, 220_000);

        assertThat(figures.latencyMet()).isFalse();
        assertThat(figures.verdict()).isEqualTo("NOT MET");
    }

    @Test
    void theLatencyTargetIsNotMeasuredAtAnotherRateOrWithoutTheFixedRateRun() {
        assertThat(figures(wrk(300_000, 30), wrk(180_000, 30), atRate(500, 5), 1, 1)
                        .verdict())
                .isEqualTo("NOT MEASURED");
        assertThat(figures(wrk(300_000, 30), wrk(180_000, 30), null, 1, 1).verdict())
                .isEqualTo("NOT MEASURED");
    }

    @Test
    void a202WithoutAPublishedRecordBreaksTheRun() {
        AcceptFigures figures = figures(wrk(300_000, 30), wrk(180_000, 30), atRate(1000, 12), 219_999, 220_000);

        assertThat(figures.invariantsHeld()).isFalse();
        assertThat(figures.verdict()).isEqualTo("NOT MET");
    }

    @Test
    void recordsBeyondTheAnswersAreAllowedUpToTheRequestsThatMayHaveBeenCutOff() {
        assertThat(figures(wrk(300_000, 30), wrk(180_000, 30), atRate(1000, 12), 220_128, 220_000)
                        .invariantsHeld())
                .isTrue();
        assertThat(figures(wrk(300_000, 30), wrk(180_000, 30), atRate(1000, 12), 220_129, 220_000)
                        .invariantsHeld())
                .isFalse();
    }
}
