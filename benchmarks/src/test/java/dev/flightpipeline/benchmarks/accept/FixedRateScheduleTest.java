package dev.flightpipeline.benchmarks.accept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flightpipeline.benchmarks.accept.FixedRateLoad.Schedule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FixedRateScheduleTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aSteadyRunSendsEveryRequestOnePeriodAfterTheLast() {
        Schedule schedule = Schedule.steady(200, Duration.ofSeconds(10), Duration.ofSeconds(60));

        assertThat(schedule.warmUpRequests()).isEqualTo(2_000);
        assertThat(schedule.measuredRequests()).isEqualTo(12_000);
        assertThat(schedule.total()).isEqualTo(14_000);
        assertThat(schedule.dueNanos(0)).isZero();
        assertThat(schedule.dueNanos(1)).isEqualTo(5_000_000);
        assertThat(schedule.dueNanos(2_000)).isEqualTo(10 * SECOND);
    }

    @Test
    void rampingUpTheWarmUpHasHalfItsRequestsAndTheMeasuredPartStartsWhenItEnds() {
        Schedule schedule = Schedule.rampingUp(200, Duration.ofSeconds(300), Duration.ofSeconds(60));

        assertThat(schedule.warmUpRequests()).isEqualTo(30_000);
        assertThat(schedule.measuredRequests()).isEqualTo(12_000);
        assertThat(schedule.total()).isEqualTo(42_000);
        assertThat(schedule.dueNanos(0)).isZero();
        assertThat(schedule.dueNanos(30_000)).isEqualTo(300 * SECOND);
        assertThat(schedule.dueNanos(30_001) - schedule.dueNanos(30_000)).isEqualTo(5_000_000);
        assertThat(schedule.dueNanos(41_999)).isEqualTo(300 * SECOND + 11_999 * 5_000_000L);
    }

    @Test
    void rampingUpTheRateRisesEvenlyToTheFullRateAtTheEndOfTheWarmUp() {
        Schedule schedule = Schedule.rampingUp(200, Duration.ofSeconds(300), Duration.ofSeconds(60));

        // A quarter of the warm-up's requests are due by half its time; the rate there is half.
        assertThat(schedule.dueNanos(7_500) / 1e9).isCloseTo(150, within(1e-6));
        assertThat(rateAround(schedule, 7_500)).isCloseTo(100, within(1.0));
        assertThat(rateAround(schedule, 29_900)).isCloseTo(200, within(1.0));
        for (long index = 1; index < schedule.total(); index++) {
            assertThat(schedule.dueNanos(index)).isGreaterThan(schedule.dueNanos(index - 1));
        }
    }

    @Test
    void aRateThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> Schedule.steady(0, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate must be positive");
    }

    /** Requests per second due around request {@code index}, over the next hundred. */
    private static double rateAround(Schedule schedule, long index) {
        return 100 * 1e9 / (schedule.dueNanos(index + 100) - schedule.dueNanos(index));
    }
}
