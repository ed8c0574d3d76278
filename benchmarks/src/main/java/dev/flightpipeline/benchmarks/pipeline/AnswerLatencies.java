package dev.flightpipeline.benchmarks.pipeline;

import dev.flightpipeline.benchmarks.accept.Latencies;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The latency of every accepted answer of a run, from when its request was due, kept by when it
 * came: for the timeline's latency over the whole run, warm-up included.
 */
final class AnswerLatencies {

    private record Answer(Instant answeredAt, long latencyNanos) {}

    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

    /** Called on the load's event loop: only adds to a queue. */
    void add(Instant answeredAt, long latencyNanos) {
        answers.add(new Answer(answeredAt, latencyNanos));
    }

    /** Of the answers given after {@code from} and up to {@code to}; empty if there were none. */
    Optional<Latencies> answeredBetween(Instant from, Instant to) {
        long[] nanos = answers.stream()
                .filter(answer -> answer.answeredAt().isAfter(from)
                        && !answer.answeredAt().isAfter(to))
                .mapToLong(Answer::latencyNanos)
                .toArray();
        return nanos.length == 0 ? Optional.empty() : Optional.of(Latencies.ofNanos(nanos));
    }
}
