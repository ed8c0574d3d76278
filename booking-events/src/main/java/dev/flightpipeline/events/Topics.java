package dev.flightpipeline.events;

import java.util.List;

/** The Kafka topics of the booking pipeline. Their names are part of the public contract. */
public final class Topics {

    /** Booking requests from the gateways, keyed by {@code <user id>:<idempotency key>}. */
    public static final String BOOKING_REQUESTS = "booking.requests";

    /** Booking outcomes (confirmed, failed, pending), keyed by booking id. */
    public static final String BOOKING_OUTCOMES = "booking.outcomes";

    /** Operational events for monitoring, keyed by booking id or component. */
    public static final String BOOKING_OPS = "booking.ops";

    /** Requests that could not be parsed or processed, with the reason in headers. */
    public static final String BOOKING_REQUESTS_DLT = "booking.requests.dlt";

    /**
     * Dead-lettered requests that failed again after a replay from {@code booking.requests.dlt}, as
     * they were in it: for operators to look at, never replayed by the pipeline.
     */
    public static final String BOOKING_REQUESTS_PARKED = "booking.requests.parked";

    /**
     * Internal: where the outbox relay records, in the same Kafka transaction as the events, how far
     * it has published. Compacted; not for consumers.
     */
    public static final String OUTBOX_PROGRESS = "booking.outbox.progress";

    /** Every topic the pipeline uses, for whoever creates them. */
    public static final List<String> ALL =
            List.of(BOOKING_REQUESTS, BOOKING_OUTCOMES, BOOKING_OPS, BOOKING_REQUESTS_DLT, BOOKING_REQUESTS_PARKED);

    private Topics() {}
}
