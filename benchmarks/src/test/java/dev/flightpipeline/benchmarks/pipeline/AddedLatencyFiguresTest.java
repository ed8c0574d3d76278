package dev.flightpipeline.benchmarks.pipeline;

import static dev.flightpipeline.benchmarks.pipeline.FiguresSamples.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flightpipeline.benchmarks.BookingDatabase;
import dev.flightpipeline.benchmarks.accept.FixedRateLoad;
import dev.flightpipeline.benchmarks.accept.Latencies;
import dev.flightpipeline.benchmarks.pipeline.PipelineResult.AddedStages;
import dev.flightpipeline.benchmarks.pipeline.PipelineResult.BookedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddedLatencyFiguresTest {

    private static final List<String> JARS = List.of("--booker-jar=b.jar", "--gateway-jar=g.jar");
    private static final long MILLI = 1_000_000;

    /**
     * 100 booked requests: the simulator took 100 + i ms for request i, the gateway answered {@code
     * added} ms later for all but the last, which it answered {@code slowest} ms later.
     */
    private static PipelineResult run(long added, long slowest, long due, long bookedWithoutOrderLatency) {
        List<BookedRequest> booked = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long simulator = (100 + i) * MILLI;
            booked.add(new BookedRequest(simulator + (i == 99 ? slowest : added) * MILLI, simulator));
        }
        FixedRateLoad.Report load = new FixedRateLoad.Report(
                200,
                0.5,
                due,
                Map.of(201, 100 + bookedWithoutOrderLatency),
                Map.of(201, 10L),
                due - 100 - bookedWithoutOrderLatency,
                0,
                new Latencies(0, 0, 0, 0, 0, 0),
                0.3);
        return new PipelineResult(
                110 + bookedWithoutOrderLatency,
                110 + bookedWithoutOrderLatency,
                at(15, 10, 10),
                at(20, 110, 110),
                List.of(at(20, 110, 110)),
                load,
                booked,
                bookedWithoutOrderLatency,
                0,
                0,
                Map.of("CONFIRMED", 110L),
                0.5,
                0,
                0,
                0);
    }

    @Test
    void whatThePipelineAddsIsTheGatewaysLatencyLessTheSimulatorsRequestByRequest() {
        AddedLatencyFigures figures = AddedLatencyFigures.of(PipelineSettings.parseP4(JARS), run(20, 70, 100, 0));

        assertThat(figures.added().p50()).isCloseTo(20, within(1e-9));
        assertThat(figures.added().p99()).isCloseTo(20, within(1e-9));
        assertThat(figures.added().max()).isCloseTo(70, within(1e-9));
        assertThat(figures.simulator().p50()).isCloseTo(149, within(1e-9));
        assertThat(figures.simulator().max()).isCloseTo(199, within(1e-9));
        assertThat(figures.gateway().p50()).isCloseTo(169, within(1e-9));
        assertThat(figures.gateway().max()).isCloseTo(199 + 70, within(1e-9));
        assertThat(figures.targetMet()).isTrue();
        assertThat(figures.table())
                .contains("added by the pipeline")
                .contains("p50 20.0  p90 20.0  p99 20.0  max 70.0 ms")
                .contains("MET");
    }

    @Test
    void aP99AboveFiftyMillisecondsIsNotMet() {
        AddedLatencyFigures figures = AddedLatencyFigures.of(PipelineSettings.parseP4(JARS), run(60, 60, 100, 0));

        assertThat(figures.targetMet()).isFalse();
        assertThat(figures.table()).contains("NOT MET").contains("p99 added 60.0 ms");
    }

    @Test
    void everyRequestDueMustBeBookedWithAKnownOrderLatency() {
        AddedLatencyFigures unanswered = AddedLatencyFigures.of(PipelineSettings.parseP4(JARS), run(20, 20, 104, 0));
        AddedLatencyFigures unknownOrder = AddedLatencyFigures.of(PipelineSettings.parseP4(JARS), run(20, 20, 101, 1));

        assertThat(unanswered.unanswered()).isEqualTo(4);
        assertThat(unanswered.targetMet()).isFalse();
        assertThat(unanswered.table()).contains("4 of 104 requests not booked in time");
        assertThat(unknownOrder.booked()).isEqualTo(100);
        assertThat(unknownOrder.targetMet()).isFalse();
    }

    @Test
    void anotherRateDoesNotMeasureP4() {
        AddedLatencyFigures figures = AddedLatencyFigures.of(
                PipelineSettings.parseP4(List.of("--booker-jar=b.jar", "--gateway-jar=g.jar", "--rate=50")),
                run(20, 20, 100, 0));

        assertThat(figures.measured()).isFalse();
        assertThat(figures.table()).contains("NOT MEASURED");
        assertThat(figures.asJson()).containsEntry("p4Met", false);
    }

    @Test
    void theAddedTimeIsSplitWhereTheBookerRecordedItsStatesAndTheStagesAddUpToIt() {
        Instant due = Instant.parse("2026-12-01T12:00:00Z");
        BookingDatabase.StageTimes booker =
                new BookingDatabase.StageTimes(due.plusMillis(12), due.plusMillis(20), due.plusMillis(20 + 200 + 9));
        Instant answered = due.plusMillis(229 + 25);

        AddedStages stages = AddedStages.of(due, booker, 200 * MILLI, answered);

        assertThat(stages).isEqualTo(new AddedStages(12 * MILLI, 8 * MILLI, 9 * MILLI, 25 * MILLI));
        BookedRequest request = new BookedRequest(254 * MILLI, 200 * MILLI, stages);
        assertThat(stages.intakeNanos() + stages.beforeOrderNanos() + stages.aroundOrderNanos() + stages.answerNanos())
                .isEqualTo(request.addedNanos());
    }

    @Test
    void theStagesAreSummedOverTheRequestsTheBookerRecordedAndShownUnderTheAddedTime() {
        List<BookedRequest> booked = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            booked.add(new BookedRequest(
                    250 * MILLI, 200 * MILLI, new AddedStages(10 * MILLI, 5 * MILLI, (5 + i) * MILLI, 30 * MILLI)));
        }
        booked.add(new BookedRequest(250 * MILLI, 200 * MILLI));

        AddedLatencyFigures.Stages stages = AddedLatencyFigures.Stages.of(booked);

        assertThat(stages.requests()).isEqualTo(10);
        assertThat(stages.intake().p50()).isCloseTo(10, within(1e-9));
        assertThat(stages.aroundOrder().max()).isCloseTo(14, within(1e-9));
        assertThat(stages.answer().p99()).isCloseTo(30, within(1e-9));
        assertThat(stages.asJson()).containsKeys("toReceived", "toSubmitting", "toConfirmedLessSimulator", "toAnswer");
    }

    @Test
    void aRunWithoutTheBookersTimesShowsNoStages() {
        AddedLatencyFigures figures = AddedLatencyFigures.of(PipelineSettings.parseP4(JARS), run(20, 70, 100, 0));

        assertThat(figures.addedByStage().requests()).isZero();
        assertThat(figures.table()).doesNotContain("to SUBMITTING");
    }
}
