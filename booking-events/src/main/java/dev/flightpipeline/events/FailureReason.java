package dev.flightpipeline.events;

/** Why a booking failed: the {@code reason} of a {@link BookingOutcome.BookingFailed}. */
public enum FailureReason {
    /** Duffel: the offer was booked before (offers are single-use). */
    OFFER_ALREADY_BOOKED("offer_already_booked"),
    /** Duffel: the offer expired or sold out. */
    OFFER_EXPIRED("offer_expired"),
    /** The offer's current price is not the one the user was shown. */
    PRICE_CHANGED("price_changed"),
    /** Duffel: an identical booking exists for this itinerary. */
    DUPLICATE_BOOKING("duplicate_booking"),
    /** Duffel refused the passengers or another field of the order. */
    INVALID_REQUEST("invalid_request"),
    /** The Duffel balance cannot pay for it. */
    INSUFFICIENT_BALANCE("insufficient_balance"),
    /** Duffel guaranteed that no order was created ({@code order_not_created}). */
    ORDER_NOT_CREATED("order_not_created"),
    /** Duffel could not be reached to read the offer while it was still bookable. */
    DUFFEL_UNAVAILABLE("duffel_unavailable"),
    /** The reconciler found no order on Duffel and the offer has expired. */
    NO_ORDER_CREATED("no_order_created");

    private final String code;

    FailureReason(String code) {
        this.code = code;
    }

    /** The stable code consumers match on. */
    public String code() {
        return code;
    }
}
