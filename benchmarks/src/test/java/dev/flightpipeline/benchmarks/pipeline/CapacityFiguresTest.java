package dev.flightpipeline.benchmarks.pipeline;

import static dev.flightpipeline.benchmarks.pipeline.FiguresSamples.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flightpipeline.benchmarks.accept.FixedRateLoad;
import dev.flightpipeline.benchmarks.accept.Latencies;
import dev.flightpipeline.benchmarks.pipeline.PipelineProgress.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapacityFiguresTest {

    private static final List<String> JARS = List.of("--booker-jar=b.jar", "--gateway-jar=g.jar");

    /** 15 s of warm-up, then a 60 s window confirming {@code perSecond} a second, one 5-s interval at half. */
    private static PipelineResult run(long perSecond, long duplicates, FixedRateLoad.Report load) {
        Sample start = at(15, 15 * perSecond, 10 * perSecond);
        List<Sample> window = new ArrayList<>();
        long confirmed = start.confirmed();
        for (long seconds = 20; seconds <= 75; seconds += 5) {
            confirmed += seconds == 40 ? 5 * perSecond / 2 : 5 * perSecond;
            window.add(at(seconds, seconds * perSecond, confirmed));
        }
        return new PipelineResult(
                75 * perSecond,
                75 * perSecond,
                start,
                window.getLast(),
                window,
                load,
                List.of(),
                0,
                300,
                0,
                Map.of("CONFIRMED", 75 * perSecond),
                4.0,
                0,
                duplicates,
                0);
    }

    @Test
    void confirmedBookingsASecondAreThoseOfTheWindowOverItsLength() {
        CapacityFigures figures = CapacityFigures.of(PipelineSettings.parseP2(JARS), run(1100, 0, null));

        // 11 intervals at 5,500 and one at 2,750 over 60 s.
        assertThat(figures.confirmedInWindow()).isEqualTo(11 * 5500 + 2750);
        assertThat(figures.bookingsPerSecond()).isCloseTo((11 * 5500 + 2750) / 60.0, within(0.01));
        assertThat(figures.slowestIntervalRate()).isCloseTo(550, within(0.01));
        assertThat(figures.ratioToTarget()).isCloseTo(figures.bookingsPerSecond() / 1000, within(1e-9));
        assertThat(figures.cpuInWindow().of("gateway")).isCloseTo(0.5, within(1e-9));
        assertThat(figures.cpuInWindow().other()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void p2IsMetAtAThousandASecondOverSixtySecondsAndNotBelow() {
        PipelineSettings settings = PipelineSettings.parseP2(JARS);

        assertThat(CapacityFigures.of(settings, run(1100, 0, null)).targetMet()).isTrue();
        assertThat(CapacityFigures.of(settings, run(900, 0, null)).targetMet()).isFalse();
        assertThat(CapacityFigures.of(settings, run(900, 0, null)).table())
                .contains("P2")
                .contains("NOT MET");
    }

    @Test
    void aShortWindowOrALowRateDoesNotMeasureP2() {
        PipelineSettings shortRun =
                PipelineSettings.parseP2(List.of("--booker-jar=b.jar", "--gateway-jar=g.jar", "--duration=20s"));
        PipelineResult sixtySeconds = run(1100, 0, null);
        CapacityFigures figures = CapacityFigures.of(
                PipelineSettings.parseP2(List.of("--booker-jar=b.jar", "--gateway-jar=g.jar", "--rate=900")),
                sixtySeconds);

        assertThat(figures.measured()).isFalse();
        assertThat(figures.table()).contains("NOT MEASURED");
        assertThat(shortRun.measured().getSeconds()).isEqualTo(20);
    }

    @Test
    void aDuplicateBreaksTheRunWhateverTheRate() {
        CapacityFigures figures = CapacityFigures.of(PipelineSettings.parseP2(JARS), run(1100, 1, null));

        assertThat(figures.invariantsHeld()).isFalse();
        assertThat(figures.targetMet()).isFalse();
        assertThat(figures.asJson()).containsEntry("p2Met", false).containsEntry("duplicateOutcomeEvents", 1L);
    }

    @Test
    void theGatewaysAnswersOtherThan202AreCountedAndAnIntakeBelowTheRateIsCalledALimit() {
        FixedRateLoad.Report load = new FixedRateLoad.Report(
                1200,
                60,
                72_000,
                Map.of(202, 60_000L, 503, 10L),
                Map.of(202, 18_000L, 429, 2L),
                11_990,
                0,
                new Latencies(1, 2, 3, 4, 5, 2),
                0.5);

        CapacityFigures figures = CapacityFigures.of(PipelineSettings.parseP2(JARS), run(500, 0, load));

        assertThat(figures.answersNotAccepted()).isEqualTo(Map.of(429, 2L, 503, 10L));
        assertThat(figures.unanswered()).isEqualTo(11_990);
        assertThat(figures.intakeWasTheLimit()).isTrue();
        assertThat(figures.table()).contains("the intake was a limit").contains("bound by its accept path");
    }
}
