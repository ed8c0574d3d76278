package dev.flightpipeline.benchmarks.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightpipeline.benchmarks.sweep.SweepFigures.BatchFigures;
import dev.flightpipeline.benchmarks.sweep.SweepFigures.Timings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SweepFiguresTest {

    @Test
    void timingsAreTheMedianTheNearestRank95thPercentileAndTheMax() {
        List<Double> samples = new ArrayList<>(
                IntStream.rangeClosed(1, 100).mapToObj(n -> (double) n).toList());
        Collections.shuffle(samples);

        Timings timings = Timings.of(samples);

        assertThat(timings).isEqualTo(new Timings(100, 50.5, 95.0, 100.0));
        assertThat(Timings.of(List.of(3.0, 1.0, 2.0))).isEqualTo(new Timings(3, 2.0, 3.0, 3.0));
    }

    @Test
    void theTargetIsMetOnlyFoundThroughTheIndexAndWithinTwentyMilliseconds() {
        Timings fast = new Timings(50, 4.0, 9.0, 30.0);
        Timings slow = new Timings(50, 21.0, 40.0, 60.0);
        List<String> index = List.of("Index Scan (booking_reconciler_due)");

        assertThat(batch(fast, index).met()).isTrue();
        assertThat(batch(slow, index).met()).isFalse();
        assertThat(batch(fast, List.of("Seq Scan on booking")).met()).isFalse();
        assertThat(batch(fast, List.of()).met()).isFalse();
        List<String> indexThenKey = List.of("Index Scan (booking_reconciler_due)", "Index Scan (booking_pkey)");
        assertThat(batch(fast, indexThenKey).met()).isTrue();
        assertThat(batch(fast, List.of("Index Scan (booking_pkey)")).met()).isFalse();
    }

    @Test
    void thePlansShapeFollowsTheDuePartsMainLineAndTheBookingReadsIncludeSubplansButNotTheUpdate() {
        var plan = JsonMapper.builder().build().readTree("""
                {"Node Type": "Sort", "Plans": [
                  {"Node Type": "Limit", "Parent Relationship": "InitPlan", "Subplan Name": "CTE due", "Plans": [
                    {"Node Type": "LockRows", "Parent Relationship": "Outer", "Plans": [
                      {"Node Type": "Index Scan", "Parent Relationship": "Outer", "Relation Name": "booking",
                       "Index Name": "booking_reconciler_due", "Plans": [
                        {"Node Type": "Aggregate", "Parent Relationship": "SubPlan", "Plans": [
                          {"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Relation Name": "booking"}]}]}]}]},
                  {"Node Type": "ModifyTable", "Parent Relationship": "InitPlan", "Subplan Name": "CTE claimed",
                   "Relation Name": "booking", "Plans": [
                    {"Node Type": "Index Scan", "Parent Relationship": "Outer", "Relation Name": "booking",
                     "Index Name": "booking_pkey"}]}]}""");
        List<String> reads = new ArrayList<>();

        SweepBenchmark.bookingScans(plan, reads);

        assertThat(SweepBenchmark.planShape(plan)).isEqualTo("Limit > LockRows > Index Scan (booking_reconciler_due)");
        assertThat(reads)
                .containsExactly(
                        "Index Scan (booking_reconciler_due)", "Seq Scan on booking", "Index Scan (booking_pkey)");
    }

    @Test
    void flagsChangeTheDefaultsAndBatchesAreCappedAtTheStuckBookings() {
        SweepSettings settings = SweepSettings.parse(List.of("--bookings=100_000", "--stuck=500", "--runs=5"));

        assertThat(settings.bookings()).isEqualTo(100_000);
        assertThat(settings.batches()).containsExactly(100, 500);
        assertThat(settings.runs()).isEqualTo(5);
        assertThat(SweepSettings.defaults().batches()).containsExactly(100, 1_000);
        assertThatThrownBy(() -> SweepSettings.parse(List.of("--stuck=0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SweepSettings.parse(List.of("--rows=5"))).hasMessageContaining("--rows");
    }

    private static BatchFigures batch(Timings claim, List<String> reads) {
        return new BatchFigures(100, claim, claim, 100, "Limit", reads);
    }
}
