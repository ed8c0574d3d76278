package dev.flightpipeline.benchmarks.accept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WrkReportTest {

    /** wrk 4.1's whole output of a real run with create-order.lua (a short one on a busy machine). */
    static final String GATEWAY_RUN = """
            Running 5s test @ http://127.0.0.1:44045/api/flights/create-order
              2 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     1.66s   687.71ms   3.82s    73.63%
                Req/Sec    15.36     13.77    53.00     72.22%
              Latency Distribution
                 50%    1.67s
                 75%    1.99s
                 90%    2.66s
                 99%    3.82s
              91 requests in 5.09s, 50.19KB read
            Requests/sec:     17.88
            Transfer/sec:      9.86KB
            p1-wrk requests 91
            p1-wrk duration-us 5088234
            p1-wrk errors connect 0 read 0 write 0 status 0 timeout 0
            p1-wrk latency-us p50 1668016
            p1-wrk latency-us p90 2659044
            p1-wrk latency-us p99 3824708
            p1-wrk latency-us p99.9 3824708
            p1-wrk latency-us max 3824708
            p1-wrk latency-us mean 1663436.5
            p1-wrk status 202 91
            """;

    @Test
    void readsTheScriptsExactFiguresRatherThanWrksRoundedSummary() {
        WrkReport report = WrkReport.parse(GATEWAY_RUN);

        assertThat(report.requests()).isEqualTo(91);
        assertThat(report.seconds()).isCloseTo(5.088234, within(1e-9));
        assertThat(report.requestsPerSecond()).isCloseTo(17.88, within(0.01));
        assertThat(report.latencies().p50()).isCloseTo(1668.016, within(1e-9));
        assertThat(report.latencies().p90()).isCloseTo(2659.044, within(1e-9));
        assertThat(report.latencies().p99()).isCloseTo(3824.708, within(1e-9));
        assertThat(report.latencies().p999()).isCloseTo(3824.708, within(1e-9));
        assertThat(report.latencies().mean()).isCloseTo(1663.4365, within(1e-9));
        assertThat(report.statuses()).isEqualTo(Map.of(202, 91L));
        assertThat(report.answered(202)).isEqualTo(91);
        assertThat(report.nonSuccess()).isZero();
        assertThat(report.socketErrors()).isZero();
    }

    @Test
    void countsAnswersByStatusAndSeparatesRefusalsFromSocketErrors() {
        WrkReport report = WrkReport.parse("""
                p1-wrk requests 1000
                p1-wrk duration-us 10000000
                p1-wrk errors connect 1 read 2 write 0 status 7 timeout 3
                p1-wrk latency-us p50 900
                p1-wrk latency-us p90 1500
                p1-wrk latency-us p99 4000
                p1-wrk latency-us p99.9 9000
                p1-wrk latency-us max 12000
                p1-wrk latency-us mean 1000.0
                p1-wrk status 503 7
                p1-wrk status 202 993
                """);

        assertThat(report.requestsPerSecond()).isCloseTo(100, within(1e-9));
        assertThat(report.statuses()).containsEntry(202, 993L).containsEntry(503, 7L);
        assertThat(report.nonSuccess()).isEqualTo(7);
        assertThat(report.socketErrors()).isEqualTo(6);
        assertThat(report.latencies().max()).isCloseTo(12.0, within(1e-9));
    }

    @Test
    void outputWithoutTheScriptsSummaryIsRefused() {
        assertThatThrownBy(() -> WrkReport.parse("unable to connect to 127.0.0.1:1 Connection refused\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("p1-wrk");
    }
}
