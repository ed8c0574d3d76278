package dev.flightpipeline.duffelsim;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;

/**
 * An offer that can be booked: its search and place in it (to draw its JSON again), its price, and
 * whether it is still available. Booking is a compare-and-set, so one offer makes at most one order
 * however many calls race for it.
 */
final class StoredOffer {

    /** What booking an offer can meet. */
    enum Availability {
        AVAILABLE,
        BOOKED,
        WITHDRAWN,
        EXPIRED
    }

    private static final String WITHDRAWN = "(withdrawn)";
    private static final VarHandle TAKEN_BY;

    static {
        try {
            TAKEN_BY = MethodHandles.lookup().findVarHandle(StoredOffer.class, "takenBy", String.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String id;
    private final OfferSearch search;
    private final int index;
    private final String totalAmount;
    private final String currency;

    /** The order id that booked it, {@link #WITHDRAWN}, or null while available. */
    @SuppressWarnings("unused") // through TAKEN_BY
    private volatile String takenBy;

    StoredOffer(String id, OfferSearch search, int index, String totalAmount, String currency) {
        this.id = id;
        this.search = search;
        this.index = index;
        this.totalAmount = totalAmount;
        this.currency = currency;
    }

    String id() {
        return id;
    }

    OfferSearch search() {
        return search;
    }

    int index() {
        return index;
    }

    String totalAmount() {
        return totalAmount;
    }

    String currency() {
        return currency;
    }

    Instant expiresAt() {
        return search.expiresAt();
    }

    Availability availability(Instant now) {
        String taker = (String) TAKEN_BY.getVolatile(this);
        if (taker == null) {
            return now.isBefore(expiresAt()) ? Availability.AVAILABLE : Availability.EXPIRED;
        }
        return WITHDRAWN.equals(taker) ? Availability.WITHDRAWN : Availability.BOOKED;
    }

    /** Takes the offer for {@code orderId}; false when another order or a withdrawal got it first. */
    boolean take(String orderId) {
        return TAKEN_BY.compareAndSet(this, null, orderId);
    }

    /** Gives the offer back after an order on it failed. */
    void release(String orderId) {
        TAKEN_BY.compareAndSet(this, orderId, null);
    }

    /** The airline no longer sells it (sold out). */
    void withdraw() {
        TAKEN_BY.compareAndSet(this, null, WITHDRAWN);
    }
}
