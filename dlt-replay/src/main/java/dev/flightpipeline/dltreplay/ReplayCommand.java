package dev.flightpipeline.dltreplay;

import dev.flightpipeline.dltreplay.DeadLetterReplay.Summary;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.KafkaException;

/**
 * {@code scripts/replay-dlt}: replays {@code booking.requests.dlt} once, printing a line per dead
 * letter and a summary. Exits 0 when it has caught up (or listed, for a dry run), 1 when Kafka or a
 * topic is not as it should be, 2 on a wrong flag.
 */
public final class ReplayCommand {

    static final int DONE = 0;
    static final int FAILED = 1;
    static final int WRONG_FLAGS = 2;

    private ReplayCommand() {}

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), ReplayTopics.PIPELINE, System.out, System.err));
    }

    static int run(List<String> arguments, ReplayTopics topics, PrintStream out, PrintStream err) {
        if (arguments.contains("--help") || arguments.contains("-h")) {
            out.print(ReplaySettings.USAGE);
            return DONE;
        }
        ReplaySettings settings;
        try {
            settings = ReplaySettings.parse(arguments);
        } catch (IllegalArgumentException wrong) {
            err.println("error: " + wrong.getMessage());
            err.print(ReplaySettings.USAGE);
            return WRONG_FLAGS;
        }
        out.println((settings.dryRun() ? "Dry run: listing what would be replayed from " : "Replaying ")
                + topics.deadLetters() + " on " + settings.bootstrapServers() + " as group " + settings.group()
                + (settings.max() == Long.MAX_VALUE ? "" : ", at most " + settings.max() + " dead letters"));
        try {
            Summary summary = new DeadLetterReplay(settings, topics, Clock.systemUTC(), out).run();
            out.println(summary(settings, topics, summary));
            return DONE;
        } catch (ReplayFailure | KafkaException failure) {
            err.println("error: " + reasons(failure));
            return FAILED;
        }
    }

    /** The failure's message and its causes' (Kafka's own say little on their own: "Failed to construct"). */
    static String reasons(Throwable failure) {
        StringBuilder reasons = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !reasons.toString().contains(cause.getMessage())) {
                reasons.append(": ").append(cause.getMessage());
            }
        }
        return reasons.toString();
    }

    static String summary(ReplaySettings settings, ReplayTopics topics, Summary summary) {
        if (settings.dryRun()) {
            return "Would replay " + summary.replayed() + " to " + topics.requests() + " and park " + summary.parked()
                    + " in " + topics.parked() + "; nothing was changed.";
        }
        return "Replayed " + summary.replayed() + " to " + topics.requests() + ", parked " + summary.parked() + " in "
                + topics.parked() + ".";
    }
}
