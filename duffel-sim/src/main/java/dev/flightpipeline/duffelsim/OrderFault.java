package dev.flightpipeline.duffelsim;

/** What can go wrong when an order is created, as duffel.md describes it. */
public enum OrderFault {
    /** The order is created, then the answer never comes (the client times out). */
    TIMEOUT_AFTER_CREATE,
    /** The order is created, then the answer is a 500. */
    ERROR_AFTER_CREATE,
    /** The order is created, then the connection is reset. */
    RESET_AFTER_CREATE,
    /** 202 Accepted; the order is created later and announced by an {@code order.created} webhook. */
    ACCEPTED_THEN_CREATED,
    /** 202 Accepted; later an {@code order.creation_failed} webhook, and no order. */
    ACCEPTED_THEN_FAILED,
    /** The order is created, then the answer is a 502 {@code airline_error} other than {@code order_not_created}. */
    AIRLINE_ERROR_AFTER_CREATE,
    /** 502 {@code order_not_created}: guaranteed nothing was created. */
    ORDER_NOT_CREATED,
    /** 429 with {@code ratelimit-reset}: nothing was created. */
    RATE_LIMITED,
    /** 503: Duffel is unavailable; nothing was created, try again later. */
    SERVICE_UNAVAILABLE,
    /** 504: a gateway timed out before the request reached Duffel; nothing was created, try again later. */
    GATEWAY_TIMEOUT,
    /** 422 {@code insufficient_balance}: the account cannot pay for the order. */
    INSUFFICIENT_BALANCE,
    /** 422, the offer already booked: another order took it a moment before this call. */
    ALREADY_BOOKED,
    /** 422 {@code offer_no_longer_available}. */
    OFFER_NO_LONGER_AVAILABLE,
    /** 422 {@code duplicate_booking}. */
    DUPLICATE_BOOKING
}
