package dev.flightpipeline.dltreplay;

import dev.flightpipeline.events.Topics;
import java.util.List;

/**
 * Where a replay reads and writes.
 *
 * @param deadLetters what it replays
 * @param requests where a dead letter goes back to
 * @param parked where one that failed again after a replay goes instead
 */
public record ReplayTopics(String deadLetters, String requests, String parked) {

    /** The pipeline's topics. */
    public static final ReplayTopics PIPELINE =
            new ReplayTopics(Topics.BOOKING_REQUESTS_DLT, Topics.BOOKING_REQUESTS, Topics.BOOKING_REQUESTS_PARKED);

    List<String> all() {
        return List.of(deadLetters, requests, parked);
    }
}
