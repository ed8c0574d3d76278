package dev.flightpipeline.reconciler;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What the booker writes into each Duffel order's metadata, read back: the booking it is for. */
public final class OrderMetadata {

    public static final String BOOKING_ID = "booking_id";

    private OrderMetadata() {}

    /** The booking the metadata names, if it names one that is a UUID. */
    public static Optional<UUID> bookingId(Map<String, String> metadata) {
        String named = metadata == null ? null : metadata.get(BOOKING_ID);
        if (named == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(named));
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }
}
