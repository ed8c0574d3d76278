package dev.flightpipeline.benchmarks.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flightpipeline.benchmarks.CpuTimes;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConcurrencyFiguresTest {

    private static final long MIB = 1024 * 1024;
    private static final CpuTimes.Cores CPU = new CpuTimes.Cores(0.8, 0.5, 0.3, 0.9, 2);

    @Test
    void theBoundIsTheInFlightLimitOverTheMeanOrderLatency() {
        ConcurrencyFigures figures = figures(14_700, 25.0, 600 * MIB, 0, 0);

        assertThat(figures.bookingsPerSecond()).isCloseTo(196.0, within(1e-9));
        assertThat(figures.littlesLawBound()).isCloseTo(200.0, within(1e-9));
        assertThat(figures.ratioToBound()).isCloseTo(0.98, within(1e-9));
        assertThat(figures.targetMet()).isTrue();
    }

    @Test
    void belowNinetyFivePercentOfTheBoundIsNotMet() {
        assertThat(figures(14_000, 25.0, 600 * MIB, 0, 0).targetMet()).isFalse();
    }

    @Test
    void timeTheBookerAddsToACallCountsAgainstIt() {
        // W measured 30 s against the simulator's 25 s: 160/s is 0.96 of 5000/30 but 0.8 of 5000/25.
        ConcurrencyFigures slowed = figures(12_000, 30.0, 600 * MIB, 0, 0);

        assertThat(slowed.ratioToBound()).isCloseTo(0.96, within(1e-9));
        assertThat(slowed.judgedRatio()).isCloseTo(0.8, within(1e-9));
        assertThat(slowed.targetMet()).isFalse();
    }

    @Test
    void moreThanOneGibibyteResidentIsNotMet() {
        assertThat(figures(15_000, 25.0, 1025 * MIB, 0, 0).targetMet()).isFalse();
    }

    @Test
    void aDuplicateOrderOrOutcomeBreaksTheInvariants() {
        assertThat(figures(15_000, 25.0, 600 * MIB, 1, 0).invariantsHeld()).isFalse();
        assertThat(figures(15_000, 25.0, 600 * MIB, 0, 1).invariantsHeld()).isFalse();
        assertThat(figures(15_000, 25.0, 600 * MIB, 1, 0).targetMet()).isFalse();
    }

    @Test
    void anOfferedLoadBelowTheBoundMeasuresNothing() {
        ConcurrencyFigures smoke = new ConcurrencyFigures(
                20, 520, 20, 400, 2.5, 2.5, 5000, 50, 60, 300 * MIB, CPU, 0, 0, 0, 520, 0, 0, 40, 0, Map.of(), 3);

        assertThat(smoke.offeredBelowBound()).isTrue();
        assertThat(smoke.targetMet()).isFalse();
        assertThat(smoke.table()).contains("NOT MEASURED");
    }

    @Test
    void ordersWhoseBookingIsNotConfirmedAreCounted() {
        ConcurrencyFigures figures = new ConcurrencyFigures(
                250,
                33_750,
                75,
                15_000,
                25,
                25,
                5000,
                4990,
                5000,
                600 * MIB,
                CPU,
                0,
                0,
                0,
                33_700,
                0,
                0,
                0,
                40,
                Map.of("CONFIRMED", 33_650L, "SUBMITTING", 100L),
                60);

        assertThat(figures.ordersWithoutConfirmedBooking()).isEqualTo(50);
    }

    @Test
    void otherCpuIsWhatTheMachineUsedBeyondTheBookerHarnessAndDatabase() {
        assertThat(CPU.other()).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void theTableAndTheJsonCarryTheSameFigures() {
        ConcurrencyFigures figures = figures(14_700, 25.0, 600 * MIB, 0, 0);

        assertThat(figures.table())
                .contains("196.0 /s")
                .contains("200.0 /s")
                .contains("0.980")
                .contains("600 MiB")
                .contains("{CONFIRMED=33750}");
        assertThat(figures.asJson())
                .containsEntry("bookingsPerSecond", 196.0)
                .containsEntry("littlesLawBoundPerSecond", 200.0)
                .containsEntry("ratioToBound", 0.98)
                .containsEntry("bookerPeakRssMiB", 600.0)
                .containsEntry("p3Met", true);
    }

    private static ConcurrencyFigures figures(
            long confirmedIn75Seconds, double meanLatency, long peakRss, long duplicateOrders, long duplicateOutcomes) {
        return new ConcurrencyFigures(
                250,
                33_750,
                75,
                confirmedIn75Seconds,
                meanLatency,
                25.0,
                5000,
                4990,
                5000,
                peakRss,
                CPU,
                0,
                250,
                duplicateOrders,
                33_750,
                duplicateOutcomes,
                0,
                6000,
                0,
                Map.of("CONFIRMED", 33_750L),
                60);
    }
}
