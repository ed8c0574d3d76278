package dev.flightpipeline.benchmarks.plot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.benchmarks.plot.TimelinePlot.Point;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelinePlotTest {

    static final List<String> CSV = List.of(
            "seconds,phase,confirmed_per_second,in_flight,unread,waiting,booker_rss_mib",
            "5,warm-up,0.0,1200,0,0,300",
            "10,measured,180.5,4800,10,2,540",
            "15,drain,90.0,2000,0,0,560");

    @Test
    void theTimelineIsReadPointByPoint() {
        assertThat(TimelinePlot.read(CSV))
                .containsExactly(
                        new Point(5, "warm-up", 0.0, 1200),
                        new Point(10, "measured", 180.5, 4800),
                        new Point(15, "drain", 90.0, 2000));
    }

    @Test
    void thePlotHasBothLinesInTheirColours() {
        BufferedImage image = TimelinePlot.draw(TimelinePlot.read(CSV), "p3-test");

        assertThat(image.getWidth()).isEqualTo(TimelinePlot.WIDTH);
        assertThat(colours(image)).contains(0x1f77b4, 0xff7f0e);
    }

    static final List<String> LATENCY_CSV = List.of(
            "seconds,phase,confirmed_per_second,in_flight,latency_p50_ms,latency_p99_ms",
            "5,warm-up,0.0,3,,",
            "10,warm-up,40.0,12,250.5,410.0",
            "15,measured,200.0,60,280.0,520.5");

    @Test
    void aPipelineTimelineHasTheAnswersLatencyAndGapsWhereNoneCame() {
        assertThat(TimelinePlot.read(LATENCY_CSV))
                .containsExactly(
                        new Point(5, "warm-up", 0.0, 3, Double.NaN, Double.NaN),
                        new Point(10, "warm-up", 40.0, 12, 250.5, 410.0),
                        new Point(15, "measured", 200.0, 60, 280.0, 520.5));
    }

    @Test
    void withLatencyTheRightAxisShowsItsTwoPercentilesInsteadOfTheCallsInFlight() {
        java.util.Set<Integer> colours = colours(TimelinePlot.draw(TimelinePlot.read(LATENCY_CSV), "p4-test"));

        assertThat(colours).contains(0x1f77b4, 0x2ca02c, 0xd62728).doesNotContain(0xff7f0e);
    }

    @Test
    void axesEndOnRoundNumbers() {
        assertThat(TimelinePlot.niceCeiling(180.5)).isEqualTo(200);
        assertThat(TimelinePlot.niceCeiling(4800)).isEqualTo(5000);
        assertThat(TimelinePlot.niceCeiling(0)).isEqualTo(1);
    }

    private static java.util.Set<Integer> colours(BufferedImage image) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                seen.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return seen;
    }
}
