package dev.flightpipeline.gateway.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flightpipeline.duffel.Offers;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The answer to a search: {@code {"success": true, "offers": [...]}}, with the members the
 * frontends show and need to book (the offer id and its passengers' {@code pas_} ids), in the
 * frontends' snake_case. Times are formatted here, so the answer does not depend on the
 * application's Jackson settings: {@code expires_at} is an instant in UTC, segment times are local
 * at their airports without an offset, as airlines give them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record SearchResults(boolean success, List<FoundOffer> offers) {

    static SearchResults from(Offers.OfferRequest answer) {
        return new SearchResults(true, each(answer.offers(), FoundOffer::from));
    }

    /** A bookable offer; single-use, and gone after {@code expires_at}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record FoundOffer(
            String id,
            String totalAmount,
            String totalCurrency,
            String expiresAt,
            Carrier owner,
            List<Passenger> passengers,
            List<Slice> slices) {

        static FoundOffer from(Offers.Offer offer) {
            return new FoundOffer(
                    offer.id(),
                    amount(offer.totalAmount()),
                    offer.totalCurrency(),
                    instant(offer.expiresAt()),
                    Carrier.from(offer.owner()),
                    each(offer.passengers(), Passenger::from),
                    each(offer.slices(), Slice::from));
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Carrier(String iataCode, String name) {
        static Carrier from(Offers.Airline airline) {
            return airline == null ? null : new Carrier(airline.iataCode(), airline.name());
        }
    }

    /** A passenger of the offer: its {@code pas_} id goes into create-order. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Passenger(String id, String type, Integer age) {
        static Passenger from(Offers.OfferPassenger passenger) {
            return new Passenger(passenger.id(), passenger.type(), passenger.age());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Airport(String iataCode, String name, String cityName) {
        static Airport from(Offers.Place place) {
            return place == null ? null : new Airport(place.iataCode(), place.name(), place.cityName());
        }
    }

    /** One journey (outbound, return); {@code duration} is ISO-8601, e.g. {@code PT7H25M}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Slice(Airport origin, Airport destination, String duration, List<Segment> segments) {
        static Slice from(Offers.Slice slice) {
            return new Slice(
                    Airport.from(slice.origin()),
                    Airport.from(slice.destination()),
                    slice.duration(),
                    each(slice.segments(), Segment::from));
        }
    }

    /** One flight. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Segment(
            String id,
            Airport origin,
            Airport destination,
            String departingAt,
            String arrivingAt,
            Carrier marketingCarrier,
            String marketingCarrierFlightNumber,
            Carrier operatingCarrier,
            String duration,
            String aircraft) {
        static Segment from(Offers.FlightSegment segment) {
            return new Segment(
                    segment.id(),
                    Airport.from(segment.origin()),
                    Airport.from(segment.destination()),
                    localTime(segment.departingAt()),
                    localTime(segment.arrivingAt()),
                    Carrier.from(segment.marketingCarrier()),
                    segment.marketingCarrierFlightNumber(),
                    Carrier.from(segment.operatingCarrier()),
                    segment.duration(),
                    segment.aircraft() == null ? null : segment.aircraft().name());
        }
    }

    private static <T, R> List<R> each(List<T> items, Function<T, R> mapping) {
        return items == null ? List.of() : items.stream().map(mapping).toList();
    }

    private static String amount(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String localTime(LocalDateTime time) {
        return time == null ? null : DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(time);
    }
}
