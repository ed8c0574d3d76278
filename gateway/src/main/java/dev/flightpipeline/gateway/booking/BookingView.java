package dev.flightpipeline.gateway.booking;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.BookingStatus;
import dev.flightpipeline.booking.Segment;
import dev.flightpipeline.booking.Traveler;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A booking as its owner sees it through the API. Its status is one of {@code received} (recorded
 * or about to be), {@code processing} (being booked on Duffel), {@code pending} (Duffel's answer
 * is not known yet; the pipeline is finding out), {@code confirmed} and {@code failed}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BookingView(
        @JsonProperty("booking_id") UUID bookingId,
        String status,
        @JsonProperty("status_url") String statusUrl,
        @JsonProperty("offer_id") String offerId,
        @JsonProperty("booking_reference") String bookingReference,
        @JsonProperty("duffel_order_id") String duffelOrderId,
        @JsonProperty("total_amount") String totalAmount,
        @JsonProperty("total_currency") String totalCurrency,
        @JsonProperty("confirmed_late") Boolean confirmedLate,
        Failure failure,
        List<TravelerView> travelers,
        List<SegmentView> segments,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {

    record Failure(String code, String message) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TravelerView(
            @JsonProperty("passenger_id") String passengerId,
            String title,
            @JsonProperty("given_name") String givenName,
            @JsonProperty("family_name") String familyName,
            String gender,
            @JsonProperty("born_on") LocalDate bornOn,
            String email,
            @JsonProperty("phone_number") String phoneNumber) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SegmentView(
            @JsonProperty("slice_index") int sliceIndex,
            String origin,
            String destination,
            @JsonProperty("departing_at") LocalDateTime departingAt,
            @JsonProperty("arriving_at") LocalDateTime arrivingAt,
            @JsonProperty("marketing_carrier") String marketingCarrier,
            @JsonProperty("flight_number") String flightNumber,
            @JsonProperty("operating_carrier") String operatingCarrier,
            String duration,
            String aircraft) {}

    static String statusUrl(UUID bookingId) {
        return "/api/flights/orders/" + bookingId;
    }

    static String status(BookingStatus status) {
        return switch (status) {
            case RECEIVED -> "received";
            case SUBMITTING -> "processing";
            case UNKNOWN -> "pending";
            case CONFIRMED -> "confirmed";
            case FAILED -> "failed";
        };
    }

    static BookingView of(Booking booking) {
        return new BookingView(
                booking.id(),
                status(booking.status()),
                statusUrl(booking.id()),
                booking.offerId(),
                booking.bookingReference(),
                booking.duffelOrderId(),
                booking.totalAmount() == null ? null : booking.totalAmount().toPlainString(),
                booking.totalCurrency(),
                booking.status() == BookingStatus.CONFIRMED ? booking.late() : null,
                booking.status() == BookingStatus.FAILED
                        ? new Failure(booking.failureCode(), booking.failureReason())
                        : null,
                booking.travelers().stream().map(BookingView::traveler).toList(),
                booking.segments().stream().map(BookingView::segment).toList(),
                booking.createdAt(),
                booking.updatedAt());
    }

    /** A request that was accepted but that the booker has not recorded yet. */
    static BookingView received(UUID bookingId) {
        return new BookingView(
                bookingId,
                "received",
                statusUrl(bookingId),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(),
                List.of(),
                null,
                null);
    }

    boolean terminal() {
        return "confirmed".equals(status) || "failed".equals(status);
    }

    private static TravelerView traveler(Traveler traveler) {
        return new TravelerView(
                traveler.passengerId(),
                traveler.title(),
                traveler.givenName(),
                traveler.familyName(),
                traveler.gender(),
                traveler.bornOn(),
                traveler.email(),
                traveler.phoneNumber());
    }

    private static SegmentView segment(Segment segment) {
        return new SegmentView(
                segment.sliceIndex(),
                segment.origin(),
                segment.destination(),
                segment.departingAt(),
                segment.arrivingAt(),
                segment.marketingCarrier(),
                segment.flightNumber(),
                segment.operatingCarrier(),
                segment.duration(),
                segment.aircraft());
    }
}
