package dev.flightpipeline.duffelsim;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The offers that can still be found, by id. Expired offers stay a while (so a late booking still
 * gets Duffel's "no longer available" rather than "not found"), then are evicted oldest first:
 * offers arrive roughly in expiry order, so eviction only looks at the head of a queue.
 */
final class OfferShelf {

    private final Map<String, StoredOffer> byId = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<StoredOffer> oldestFirst = new ConcurrentLinkedQueue<>();

    void add(StoredOffer offer) {
        byId.put(offer.id(), offer);
        oldestFirst.add(offer);
    }

    StoredOffer find(String id) {
        return id == null ? null : byId.get(id);
    }

    /** Forgets offers that expired more than {@code keptAfterExpiry} ago. */
    void evictExpired(Instant now, Duration keptAfterExpiry) {
        Instant horizon = now.minus(keptAfterExpiry);
        StoredOffer oldest;
        while ((oldest = oldestFirst.peek()) != null && oldest.expiresAt().isBefore(horizon)) {
            if (oldestFirst.remove(oldest)) {
                byId.remove(oldest.id(), oldest);
            }
        }
    }

    int size() {
        return byId.size();
    }

    void clear() {
        oldestFirst.clear();
        byId.clear();
    }
}
