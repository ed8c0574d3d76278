package dev.flightpipeline.duffelsim;

import dev.flightpipeline.duffelsim.OfferSearch.RequestedPassenger;
import dev.flightpipeline.duffelsim.OfferSearch.RequestedSlice;
import dev.flightpipeline.duffelsim.OfferSearch.SearchCriteria;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Checks the {@code data} of {@code POST /air/offer_requests} as Duffel does, field by field. */
final class OfferRequestValidation {

    static final int MAX_SLICES = 6;
    static final int MAX_PASSENGERS = 9;
    private static final Set<String> PASSENGER_TYPES = Set.of("adult", "child", "infant_without_seat");

    private OfferRequestValidation() {}

    static Checked<SearchCriteria> check(JsonNode data, LocalDate today) {
        JsonNode slicesNode = data.path("slices");
        if (!slicesNode.isArray() || slicesNode.isEmpty() || slicesNode.size() > MAX_SLICES) {
            return invalid("slices", "Field 'slices' must contain 1 to " + MAX_SLICES + " slices");
        }
        List<RequestedSlice> slices = new ArrayList<>();
        for (int i = 0; i < slicesNode.size(); i++) {
            JsonNode slice = slicesNode.get(i);
            String prefix = "slices." + i + ".";
            String origin = text(slice, "origin");
            String destination = text(slice, "destination");
            if (!OfferCatalog.AIRPORTS.containsKey(origin)) {
                return invalid(prefix + "origin", "Field 'origin' must be a known IATA airport code");
            }
            if (!OfferCatalog.AIRPORTS.containsKey(destination)) {
                return invalid(prefix + "destination", "Field 'destination' must be a known IATA airport code");
            }
            if (origin.equals(destination)) {
                return invalid(prefix + "destination", "Field 'destination' must differ from 'origin'");
            }
            LocalDate departure;
            try {
                departure = LocalDate.parse(text(slice, "departure_date"));
            } catch (DateTimeParseException e) {
                return invalid(prefix + "departure_date", "Field 'departure_date' must be a date (YYYY-MM-DD)");
            }
            if (departure.isBefore(today)) {
                return invalid(prefix + "departure_date", "Field 'departure_date' must not be in the past");
            }
            if (departure.isAfter(today.plusDays(365))) {
                return invalid(prefix + "departure_date", "Field 'departure_date' must be within a year");
            }
            slices.add(new RequestedSlice(origin, destination, departure));
        }
        JsonNode passengersNode = data.path("passengers");
        if (!passengersNode.isArray() || passengersNode.isEmpty() || passengersNode.size() > MAX_PASSENGERS) {
            return invalid("passengers", "Field 'passengers' must contain 1 to " + MAX_PASSENGERS + " passengers");
        }
        List<RequestedPassenger> passengers = new ArrayList<>();
        for (int i = 0; i < passengersNode.size(); i++) {
            JsonNode passenger = passengersNode.get(i);
            JsonNode age = passenger.path("age");
            if (!age.isMissingNode() && !age.isNull()) {
                if (!age.isIntegralNumber() || age.asInt() < 0 || age.asInt() > 130) {
                    return invalid("passengers." + i + ".age", "Field 'age' must be a whole number from 0 to 130");
                }
                passengers.add(new RequestedPassenger(age.asInt() >= 18 ? "adult" : "child", age.asInt()));
            } else if (PASSENGER_TYPES.contains(text(passenger, "type"))) {
                passengers.add(new RequestedPassenger(text(passenger, "type"), null));
            } else {
                return invalid(
                        "passengers." + i + ".type",
                        "Each passenger needs a 'type' of " + PASSENGER_TYPES + " or an 'age'");
            }
        }
        JsonNode cabinNode = data.path("cabin_class");
        String cabinClass = cabinNode.isMissingNode() || cabinNode.isNull() ? "economy" : text(data, "cabin_class");
        if (!OfferCatalog.CABIN_CLASSES.contains(cabinClass)) {
            return invalid("cabin_class", "Field 'cabin_class' must be one of " + OfferCatalog.CABIN_CLASSES);
        }
        JsonNode connections = data.path("max_connections");
        int maxConnections = 1;
        if (!connections.isMissingNode() && !connections.isNull()) {
            if (!connections.isIntegralNumber() || connections.asInt() < 0 || connections.asInt() > 2) {
                return invalid("max_connections", "Field 'max_connections' must be 0, 1 or 2");
            }
            maxConnections = connections.asInt();
        }
        return Checked.valid(
                new SearchCriteria(List.copyOf(slices), List.copyOf(passengers), cabinClass, maxConnections));
    }

    /** A string field, or "" when it is absent or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : "";
    }

    private static <T> Checked<T> invalid(String field, String message) {
        return Checked.invalid(ApiErrors.validation(field, message));
    }
}
