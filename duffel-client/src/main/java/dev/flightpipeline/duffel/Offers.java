package dev.flightpipeline.duffel;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/** The records of Duffel's offers: what a search returns and an order copies. */
public final class Offers {

    private Offers() {}

    /** What to search for: {@code POST /air/offer_requests}. */
    public record OfferRequestCommand(
            List<SliceQuery> slices, List<PassengerQuery> passengers, String cabinClass, Integer maxConnections) {}

    public record SliceQuery(String origin, String destination, LocalDate departureDate) {}

    /** An adult ({@code type}) or a passenger of a given {@code age}. */
    public record PassengerQuery(String type, Integer age) {
        public static PassengerQuery adult() {
            return new PassengerQuery("adult", null);
        }

        public static PassengerQuery aged(int age) {
            return new PassengerQuery(null, age);
        }
    }

    /** The answer to a search ({@code orq_}). */
    public record OfferRequest(String id, List<Offer> offers, List<OfferPassenger> passengers) {}

    /** A bookable offer ({@code off_}); single-use, and expires at {@code expiresAt}. */
    public record Offer(
            String id,
            BigDecimal totalAmount,
            String totalCurrency,
            BigDecimal baseAmount,
            BigDecimal taxAmount,
            Instant expiresAt,
            Airline owner,
            List<OfferPassenger> passengers,
            PaymentRequirements paymentRequirements,
            List<Slice> slices) {}

    /** A passenger of an offer; its {@code pas_} id is needed to book. */
    public record OfferPassenger(String id, String type, Integer age) {}

    public record PaymentRequirements(
            Boolean requiresInstantPayment, Instant priceGuaranteeExpiresAt, Instant paymentRequiredBy) {}

    public record Airline(String iataCode, String name) {}

    public record Place(String iataCode, String name, String cityName) {}

    public record Aircraft(String name) {}

    /** One journey of an offer or order (outbound, return ...). */
    public record Slice(Place origin, Place destination, String duration, List<FlightSegment> segments) {}

    /** One flight. Times are local at the airports, without an offset, as Duffel gives them. */
    public record FlightSegment(
            String id,
            Place origin,
            Place destination,
            LocalDateTime departingAt,
            LocalDateTime arrivingAt,
            Airline marketingCarrier,
            String marketingCarrierFlightNumber,
            Airline operatingCarrier,
            String duration,
            Aircraft aircraft) {}
}
