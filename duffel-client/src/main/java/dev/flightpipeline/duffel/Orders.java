package dev.flightpipeline.duffel;

import dev.flightpipeline.duffel.Offers.Airline;
import dev.flightpipeline.duffel.Offers.Slice;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The records of Duffel's orders. */
public final class Orders {

    private Orders() {}

    /**
     * What to book: {@code POST /air/orders}, paid from the Duffel balance.
     *
     * @param metadata small string pairs kept on the order (e.g. {@code booking_id}): the only way to
     *     tell later which booking an order belongs to
     */
    public record CreateOrderCommand(
            String offerId,
            List<NewPassenger> passengers,
            BigDecimal amount,
            String currency,
            Map<String, String> metadata) {}

    /** A passenger to book; {@code id} is the offer's {@code pas_} id. */
    public record NewPassenger(
            String id,
            String title,
            String gender,
            String givenName,
            String familyName,
            LocalDate bornOn,
            String email,
            String phoneNumber) {
        @Override
        public String toString() {
            return "NewPassenger[" + id + "]";
        }
    }

    /** An order ({@code ord_}); it does not name its offer: correlate by {@link #metadata()}. */
    public record Order(
            String id,
            String bookingReference,
            Instant createdAt,
            BigDecimal totalAmount,
            String totalCurrency,
            Airline owner,
            List<OrderPassenger> passengers,
            List<Slice> slices,
            List<Document> documents,
            Map<String, String> metadata,
            PaymentStatus paymentStatus,
            Instant cancelledAt,
            Boolean liveMode) {}

    public record OrderPassenger(
            String id, String title, String givenName, String familyName, LocalDate bornOn, String type) {
        @Override
        public String toString() {
            return "OrderPassenger[" + id + "]";
        }
    }

    public record Document(String type, String uniqueIdentifier, List<String> passengerIds) {}

    public record PaymentStatus(Boolean awaitingPayment, Instant paidAt) {}

    /** A page of orders, newest first, with the cursors to the next and previous pages. */
    public record OrderPage(List<Order> orders, String after, String before, int limit) {}

    /**
     * Filters of {@code GET /air/orders}.
     *
     * @param passengerNames Duffel's {@code passenger_name[]}
     * @param limit 1 to 200
     */
    public record OrderListQuery(
            List<String> passengerNames,
            String bookingReference,
            Boolean awaitingPayment,
            int limit,
            String after,
            String before) {

        public OrderListQuery {
            passengerNames = passengerNames == null ? List.of() : List.copyOf(passengerNames);
            if (limit < 1 || limit > 200) {
                throw new IllegalArgumentException("limit must be 1 to 200, not " + limit);
            }
        }

        public static OrderListQuery byPassengerName(String name) {
            return new OrderListQuery(List.of(name), null, null, 50, null, null);
        }

        public OrderListQuery after(String cursor) {
            return new OrderListQuery(passengerNames, bookingReference, awaitingPayment, limit, cursor, null);
        }

        public OrderListQuery withLimit(int newLimit) {
            return new OrderListQuery(passengerNames, bookingReference, awaitingPayment, newLimit, after, before);
        }
    }
}
