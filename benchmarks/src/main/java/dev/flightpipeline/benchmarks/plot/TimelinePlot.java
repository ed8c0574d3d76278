package dev.flightpipeline.benchmarks.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * {@code scripts/plot-run}: draws a benchmark's timeline CSV as a PNG, the measured window shaded:
 * confirmed bookings per second (left axis) over the run, and on the right axis either the
 * latency of the answers (P2's and P4's {@code -timeline.csv} through the gateway: p50 and p99 of
 * the answers given in each interval) or the Duffel calls in flight (P3's). Plain Java2D, so it
 * needs nothing the JDK does not have.
 */
public final class TimelinePlot {

    /**
     * One line of the CSV.
     *
     * @param latencyP50Millis NaN when the CSV has no latency, or no answer came in the interval
     */
    record Point(
            double seconds,
            String phase,
            double confirmedPerSecond,
            double inFlight,
            double latencyP50Millis,
            double latencyP99Millis) {

        Point(double seconds, String phase, double confirmedPerSecond, double inFlight) {
            this(seconds, phase, confirmedPerSecond, inFlight, Double.NaN, Double.NaN);
        }
    }

    static final int WIDTH = 960;
    static final int HEIGHT = 480;
    private static final int LEFT = 80;
    private static final int RIGHT = 80;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color THROUGHPUT = new Color(0x1f77b4);
    private static final Color IN_FLIGHT = new Color(0xff7f0e);
    private static final Color LATENCY_P50 = new Color(0x2ca02c);
    private static final Color LATENCY_P99 = new Color(0xd62728);

    private TimelinePlot() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || args[0].startsWith("-")) {
            System.err.println("usage: scripts/plot-run <run>-timeline.csv <out>.png");
            System.exit(2);
        }
        Path csv = Path.of(args[0]);
        if (!Files.isRegularFile(csv)) {
            System.err.println("error: no such file: " + csv);
            System.exit(2);
        }
        List<Point> points = read(Files.readAllLines(csv));
        if (points.isEmpty()) {
            System.err.println("error: no samples in " + csv);
            System.exit(2);
        }
        ImageIO.write(
                draw(points, csv.getFileName().toString().replace("-timeline.csv", "")),
                "png",
                Path.of(args[1]).toFile());
        System.out.println("Wrote " + args[1]);
    }

    static List<Point> read(List<String> lines) {
        List<Point> points = new ArrayList<>();
        if (lines.isEmpty()) {
            return points;
        }
        List<String> header = List.of(lines.getFirst().split(","));
        int p50 = header.indexOf("latency_p50_ms");
        int p99 = header.indexOf("latency_p99_ms");
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            points.add(new Point(
                    Double.parseDouble(fields[0]),
                    fields[1],
                    Double.parseDouble(fields[2]),
                    Double.parseDouble(fields[3]),
                    optional(fields, p50),
                    optional(fields, p99)));
        }
        return points;
    }

    /** A column that may be absent from the CSV, or empty on a line: NaN then. */
    private static double optional(String[] fields, int column) {
        return column < 0 || column >= fields.length || fields[column].isBlank()
                ? Double.NaN
                : Double.parseDouble(fields[column]);
    }

    static BufferedImage draw(List<Point> points, String title) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        double maxSeconds = points.getLast().seconds();
        double maxRate = niceCeiling(
                points.stream().mapToDouble(Point::confirmedPerSecond).max().orElse(1));
        boolean latency = points.stream().anyMatch(point -> !Double.isNaN(point.latencyP99Millis()));
        // The right axis: the answers' latency when the run has it, otherwise the calls in flight.
        double maxRight = niceCeiling(points.stream()
                .mapToDouble(point -> latency ? point.latencyP99Millis() : point.inFlight())
                .filter(value -> !Double.isNaN(value))
                .max()
                .orElse(1));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;

        // The measured window.
        g.setColor(new Color(0xeeeeee));
        double windowStart = -1;
        double windowEnd = -1;
        for (Point point : points) {
            if (point.phase().equals("measured")) {
                windowStart = windowStart < 0 ? point.seconds() - 5 : windowStart;
                windowEnd = point.seconds();
            }
        }
        if (windowStart >= 0) {
            int x0 = LEFT + (int) (plotWidth * windowStart / maxSeconds);
            int x1 = LEFT + (int) (plotWidth * windowEnd / maxSeconds);
            g.fillRect(x0, TOP, x1 - x0, plotHeight);
        }

        // Axes and grid.
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int tick = 0; tick <= 5; tick++) {
            int y = TOP + plotHeight - plotHeight * tick / 5;
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            g.setColor(THROUGHPUT);
            g.drawString(String.format(Locale.ROOT, "%.0f", maxRate * tick / 5), 20, y + 4);
            g.setColor(latency ? Color.DARK_GRAY : IN_FLIGHT);
            g.drawString(String.format(Locale.ROOT, "%.0f", maxRight * tick / 5), LEFT + plotWidth + 8, y + 4);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(LEFT, TOP, plotWidth, plotHeight);
        for (int tick = 0; tick <= 10; tick++) {
            int x = LEFT + plotWidth * tick / 10;
            g.drawString(String.format(Locale.ROOT, "%.0f", maxSeconds * tick / 10), x - 8, TOP + plotHeight + 18);
        }
        g.drawString("seconds since the start (shaded: the measured window)", LEFT + plotWidth / 2 - 160, HEIGHT - 15);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, LEFT, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(THROUGHPUT);
        g.drawString("confirmed bookings/s", LEFT + 260, 25);
        g.setStroke(new BasicStroke(2f));
        line(g, points, THROUGHPUT, Point::confirmedPerSecond, maxRate, maxSeconds, plotWidth, plotHeight);
        if (latency) {
            g.setColor(LATENCY_P50);
            g.drawString("answer latency p50 (ms)", LEFT + 420, 25);
            g.setColor(LATENCY_P99);
            g.drawString("p99 (ms)", LEFT + 580, 25);
            line(g, points, LATENCY_P50, Point::latencyP50Millis, maxRight, maxSeconds, plotWidth, plotHeight);
            line(g, points, LATENCY_P99, Point::latencyP99Millis, maxRight, maxSeconds, plotWidth, plotHeight);
        } else {
            g.setColor(IN_FLIGHT);
            g.drawString("Duffel calls in flight", LEFT + 420, 25);
            line(g, points, IN_FLIGHT, Point::inFlight, maxRight, maxSeconds, plotWidth, plotHeight);
        }
        g.dispose();
        return image;
    }

    private static void line(
            Graphics2D g,
            List<Point> points,
            Color color,
            java.util.function.ToDoubleFunction<Point> value,
            double max,
            double maxSeconds,
            int plotWidth,
            int plotHeight) {
        Path2D.Double path = new Path2D.Double();
        boolean drawing = false;
        for (Point point : points) {
            double v = value.applyAsDouble(point);
            if (Double.isNaN(v)) {
                drawing = false; // no value in this interval: a gap
                continue;
            }
            double x = LEFT + plotWidth * point.seconds() / maxSeconds;
            double y = TOP + plotHeight - plotHeight * v / max;
            if (drawing) {
                path.lineTo(x, y);
            } else {
                path.moveTo(x, y);
                drawing = true;
            }
        }
        g.setColor(color);
        g.draw(path);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value}. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }
}
