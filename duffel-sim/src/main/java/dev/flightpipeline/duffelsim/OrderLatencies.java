package dev.flightpipeline.duffelsim;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * How long each create-order call took the simulator, from its request to its answer, by the offer
 * it booked: a benchmark subtracts it from what its client saw to get what the pipeline added.
 */
final class OrderLatencies {

    private final Map<String, Long> nanosByOffer = new ConcurrentHashMap<>();

    /** Records a call on {@code data} (the request's {@code data}) that began at {@code startedNanos}. */
    void record(JsonNode data, long startedNanos, Duration heldBack) {
        JsonNode offer = data.path("selected_offers").path(0);
        if (offer.isString()) {
            nanosByOffer.put(offer.asString(), System.nanoTime() - startedNanos + heldBack.toNanos());
        }
    }

    /** The last create-order call's latency for {@code offerId}, or null if none was made. */
    Duration of(String offerId) {
        Long nanos = nanosByOffer.get(offerId);
        return nanos == null ? null : Duration.ofNanos(nanos);
    }

    void clear() {
        nanosByOffer.clear();
    }
}
