package dev.flightpipeline.benchmarks.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightpipeline.benchmarks.faults.FaultTimeline.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultRunSettingsTest {

    private static final List<String> JARS =
            List.of("--booker-jar=b.jar", "--reconciler-jar=r.jar", "--simulator-jar=s.jar", "--harness-jar=h.jar");

    private static FaultRunSettings parse(String... flags) {
        List<String> args = new ArrayList<>(JARS);
        args.addAll(List.of(flags));
        return FaultRunSettings.parse(args);
    }

    @Test
    void theFullRunIsTenThousandBookings() {
        FaultRunSettings settings = parse();

        assertThat(settings.bookings()).isEqualTo(10_000);
        assertThat(settings.quiescenceBound()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.publishing()).isEqualTo(Duration.ofMillis(250_000));
    }

    @Test
    void ciIsTheShortRunAndLaterFlagsStillWin() {
        assertThat(parse("--ci").bookings()).isEqualTo(500);
        assertThat(parse("--ci").offerLifetime()).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse("--ci", "--bookings=800").bookings()).isEqualTo(800);
    }

    @Test
    void furtherBookerSettingsArePassedOn() {
        assertThat(parse("--booker-setting=a.b=c=d").extraBookerSettings()).containsExactly(Map.entry("a.b", "c=d"));
    }

    @Test
    void aWrongFlagIsNamed() {
        assertThatThrownBy(() -> parse("--bookigns=5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--bookigns");
        assertThatThrownBy(() -> parse("--kill-every=soon")).hasMessageContaining("--kill-every");
    }

    @Test
    void theBookerIsKilledThroughoutAndEachServerRestartedOnce() {
        FaultTimeline timeline = FaultTimeline.plan(Duration.ofSeconds(100), Duration.ofSeconds(30));

        assertThat(timeline.count(Kind.KILL_BOOKER)).isEqualTo(3);
        assertThat(timeline.count(Kind.RESTART_BROKER)).isEqualTo(1);
        assertThat(timeline.count(Kind.RESTART_DATABASE)).isEqualTo(1);
        assertThat(timeline.faults()).isSortedAccordingTo((a, b) -> a.at().compareTo(b.at()));
        assertThat(timeline.faults()).allMatch(fault -> fault.at().compareTo(Duration.ofSeconds(100)) < 0);
    }

    @Test
    void passengerNamesAreLettersAndDistinct() {
        assertThat(RequestFeed.letters(0)).isEqualTo("a");
        assertThat(RequestFeed.letters(25)).isEqualTo("z");
        assertThat(RequestFeed.letters(26)).isEqualTo("ba");
        assertThat(RequestFeed.letters(9_999)).matches("[a-z]+");
    }
}
