package dev.flightpipeline.benchmarks.faults;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A line every few seconds: requests published and acknowledged, and bookings per status. */
final class Progress implements AutoCloseable {

    private final BookingTable table;
    private final RequestFeed feed;
    private volatile boolean running = true;
    private Thread printing;

    Progress(BookingTable table, RequestFeed feed) {
        this.table = table;
        this.feed = feed;
    }

    void start(Instant from) {
        printing = Thread.ofPlatform().name("progress").daemon().start(() -> print(from));
    }

    private void print(Instant from) {
        while (running) {
            try {
                TimeUnit.MILLISECONDS.sleep(FaultRun.PROGRESS_EVERY.toMillis());
            } catch (InterruptedException stopping) {
                return;
            }
            String bookings;
            try {
                Map<String, Long> statuses = table.countByStatus();
                bookings = statuses.toString();
            } catch (SQLException down) {
                bookings = "(database not answering)";
            }
            FaultRun.say(String.format(
                    Locale.ROOT,
                    "[%5ds] published %,6d  acknowledged %,6d  bookings %s",
                    Duration.between(from, Instant.now()).toSeconds(),
                    feed.sent(),
                    feed.acknowledged().size(),
                    bookings));
        }
    }

    @Override
    public void close() {
        running = false;
        if (printing != null) {
            printing.interrupt();
        }
    }
}
