package dev.flightpipeline.duffel;

/** Why Duffel refused to create an order (and created none). */
public enum RejectionReason {
    /** The offer was booked before: offers are single-use. */
    ALREADY_BOOKED,
    /** The offer expired or sold out ({@code offer_no_longer_available}). */
    OFFER_NO_LONGER_AVAILABLE,
    /** An identical booking exists for this itinerary ({@code duplicate_booking}). */
    DUPLICATE_BOOKING,
    /** The request was invalid: a field, a passenger, a linked record. */
    INVALID_INPUT,
    /** The Duffel balance cannot pay for it ({@code insufficient_balance}). */
    INSUFFICIENT_BALANCE,
    /** The airline did not create it ({@code order_not_created}, a 502 that guarantees no order). */
    ORDER_NOT_CREATED
}
