package dev.flightpipeline.booking;

/**
 * Where a booking is in the state machine:
 *
 * <pre>
 * RECEIVED ──▶ SUBMITTING ──▶ CONFIRMED
 *                  │  └─────▶ FAILED
 *                  └───────▶ UNKNOWN ──▶ CONFIRMED (late) | FAILED
 * </pre>
 */
public enum BookingStatus {
    /** Recorded from a request; no Duffel call yet. */
    RECEIVED,
    /** A Duffel call is (or was, before a crash) under way. */
    SUBMITTING,
    /** Duffel created the order. */
    CONFIRMED,
    /** Duffel refused, or the reconciler found that no order can exist. */
    FAILED,
    /** The Duffel call ended without a clear answer: the order may exist. The reconciler finds out. */
    UNKNOWN;

    public boolean isTerminal() {
        return this == CONFIRMED || this == FAILED;
    }
}
