package dev.flightpipeline.benchmarks.pipeline;

import dev.flightpipeline.benchmarks.BookingDatabase;
import dev.flightpipeline.benchmarks.accept.FixedRateLoad;
import dev.flightpipeline.benchmarks.pipeline.PipelineProgress.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a pipeline run saw, before any figure is made of it.
 *
 * @param offered requests sent in all
 * @param accepted of those, taken: answered 202 or 201 by the gateway, or acknowledged by the broker
 * @param windowStart the sample at the measured window's start
 * @param windowEnd the sample at its end
 * @param inWindow the samples after its start up to its end, 5 s apart
 * @param load the fixed-rate load's report when requests entered through the gateway, else null
 * @param booked the requests due in the window that were answered 201, with the simulator's own
 *     latency for their order (P4); empty when none was waited for
 * @param bookedWithoutOrderLatency requests answered 201 in the window whose order the simulator
 *     has no latency for
 * @param notTerminalAtWindowEnd requests taken by the window's end (or bookings recorded, if more) without a CONFIRMED or FAILED
 *     booking then: the backlog
 * @param notTerminalAfterDrain the same once offering stopped and the drain ended
 * @param failed BookingFailed events over the whole run
 * @param duplicateOutcomeEvents a second terminal event for a booking
 * @param bookingIdsWithSeveralOrders booking ids the simulator made more than one order for
 */
record PipelineResult(
        long offered,
        long accepted,
        Sample windowStart,
        Sample windowEnd,
        List<Sample> inWindow,
        FixedRateLoad.Report load,
        List<BookedRequest> booked,
        long bookedWithoutOrderLatency,
        long notTerminalAtWindowEnd,
        long notTerminalAfterDrain,
        Map<String, Long> statusesAfterDrain,
        double drainSeconds,
        long failed,
        long duplicateOutcomeEvents,
        long bookingIdsWithSeveralOrders) {

    /** One request answered 201: how long the gateway took, and how long the simulator took for its order. */
    /**
     * @param stages where the time the pipeline added went, if the booker's history has the booking
     */
    record BookedRequest(long gatewayNanos, long simulatorNanos, AddedStages stages) {

        BookedRequest(long gatewayNanos, long simulatorNanos) {
            this(gatewayNanos, simulatorNanos, null);
        }

        long addedNanos() {
            return gatewayNanos - simulatorNanos;
        }
    }

    /**
     * One booked request's added time, split at the booker's recorded state changes (they sum to
     * the gateway's latency less the simulator's).
     *
     * @param intakeNanos from when the request was due to RECEIVED: the gateway's accept path,
     *     Kafka, the booker's intake transaction
     * @param beforeOrderNanos RECEIVED to SUBMITTING: the booking read, the offer read from the
     *     simulator, the submission's transaction
     * @param aroundOrderNanos SUBMITTING to CONFIRMED less the simulator's order latency: the order
     *     call's HTTP both ways and the confirmation's transaction
     * @param answerNanos CONFIRMED to the 201: the outbox relay, Kafka, the gateway reading the
     *     outcome and the booking and storing its answer
     */
    record AddedStages(long intakeNanos, long beforeOrderNanos, long aroundOrderNanos, long answerNanos) {

        static AddedStages of(
                Instant dueAt, BookingDatabase.StageTimes booker, long simulatorNanos, Instant answeredAt) {
            return new AddedStages(
                    nanosBetween(dueAt, booker.received()),
                    nanosBetween(booker.received(), booker.submitting()),
                    nanosBetween(booker.submitting(), booker.confirmed()) - simulatorNanos,
                    nanosBetween(booker.confirmed(), answeredAt));
        }

        private static long nanosBetween(Instant from, Instant to) {
            return Duration.between(from, to).toNanos();
        }
    }
}
