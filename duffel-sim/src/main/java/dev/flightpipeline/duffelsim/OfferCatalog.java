package dev.flightpipeline.duffelsim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Realistic offers: real airports and airlines, prices and schedules drawn from a seeded random. */
final class OfferCatalog {

    record Airport(String iataCode, String name, String cityName, String timeZone) {}

    record Airline(String iataCode, String name) {}

    static final Map<String, Airport> AIRPORTS = Map.ofEntries(
            airport("LHR", "Heathrow Airport", "London", "Europe/London"),
            airport("LGW", "Gatwick Airport", "London", "Europe/London"),
            airport("JFK", "John F. Kennedy International Airport", "New York", "America/New_York"),
            airport("EWR", "Newark Liberty International Airport", "New York", "America/New_York"),
            airport("LAX", "Los Angeles International Airport", "Los Angeles", "America/Los_Angeles"),
            airport("SFO", "San Francisco International Airport", "San Francisco", "America/Los_Angeles"),
            airport("ORD", "O'Hare International Airport", "Chicago", "America/Chicago"),
            airport("CDG", "Paris Charles de Gaulle Airport", "Paris", "Europe/Paris"),
            airport("AMS", "Amsterdam Airport Schiphol", "Amsterdam", "Europe/Amsterdam"),
            airport("FRA", "Frankfurt Airport", "Frankfurt", "Europe/Berlin"),
            airport("MAD", "Adolfo Suárez Madrid–Barajas Airport", "Madrid", "Europe/Madrid"),
            airport("BCN", "Josep Tarradellas Barcelona-El Prat Airport", "Barcelona", "Europe/Madrid"),
            airport("DXB", "Dubai International Airport", "Dubai", "Asia/Dubai"),
            airport("SIN", "Singapore Changi Airport", "Singapore", "Asia/Singapore"),
            airport("HND", "Tokyo Haneda Airport", "Tokyo", "Asia/Tokyo"),
            airport("SYD", "Sydney Kingsford Smith Airport", "Sydney", "Australia/Sydney"));

    static final List<Airline> AIRLINES = List.of(
            new Airline("BA", "British Airways"),
            new Airline("AA", "American Airlines"),
            new Airline("AF", "Air France"),
            new Airline("KL", "KLM"),
            new Airline("LH", "Lufthansa"),
            new Airline("IB", "Iberia"),
            new Airline("EK", "Emirates"),
            new Airline("SQ", "Singapore Airlines"),
            new Airline("UA", "United Airlines"),
            new Airline("DL", "Delta Air Lines"));

    static final List<String> AIRCRAFT =
            List.of("Airbus A320", "Airbus A350-900", "Boeing 777-300ER", "Boeing 787-9", "Airbus A380-800");

    static final List<String> CURRENCIES = List.of("GBP", "EUR", "USD");

    private final JsonMapper json;

    OfferCatalog(JsonMapper json) {
        this.json = json;
    }

    private static Map.Entry<String, Airport> airport(String code, String name, String city, String zone) {
        return Map.entry(code, new Airport(code, name, city, zone));
    }

    /** A requested journey. */
    record RequestedSlice(String origin, String destination, LocalDate departureDate) {}

    /** An offer's JSON, as Duffel returns it, for the given passengers (their {@code pas_} ids). */
    ObjectNode offer(
            Random random,
            List<RequestedSlice> slices,
            ArrayNode passengers,
            String cabinClass,
            int maxConnections,
            Instant now,
            Duration lifetime) {
        Airline owner = AIRLINES.get(random.nextInt(AIRLINES.size()));
        String currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
        BigDecimal perPassenger = BigDecimal.valueOf(80 + random.nextInt(900) + random.nextInt(100) / 100.0)
                .multiply(cabinMultiplier(cabinClass));
        BigDecimal total =
                perPassenger.multiply(BigDecimal.valueOf(passengers.size())).setScale(2, RoundingMode.HALF_UP);
        BigDecimal tax = total.multiply(new BigDecimal("0.18")).setScale(2, RoundingMode.HALF_UP);

        ObjectNode offer = json.createObjectNode();
        offer.put("id", Ids.next("off_"));
        offer.put("live_mode", false);
        offer.put("created_at", now.toString());
        offer.put("updated_at", now.toString());
        offer.put("expires_at", now.plus(lifetime).toString());
        offer.put("total_amount", total.toPlainString());
        offer.put("total_currency", currency);
        offer.put("base_amount", total.subtract(tax).toPlainString());
        offer.put("base_currency", currency);
        offer.put("tax_amount", tax.toPlainString());
        offer.put("tax_currency", currency);
        offer.set("owner", airline(owner));
        offer.set("passengers", passengers.deepCopy());
        ObjectNode payment = offer.putObject("payment_requirements");
        payment.put("requires_instant_payment", false);
        payment.put("price_guarantee_expires_at", now.plus(lifetime).toString());
        payment.put("payment_required_by", now.plus(Duration.ofDays(1)).toString());
        ArrayNode offerSlices = offer.putArray("slices");
        for (RequestedSlice slice : slices) {
            offerSlices.add(slice(random, slice, owner, maxConnections));
        }
        return offer;
    }

    private JsonNode slice(Random random, RequestedSlice requested, Airline owner, int maxConnections) {
        boolean connecting = maxConnections > 0 && random.nextInt(3) == 0;
        List<String> stops = connecting
                ? List.of(requested.origin(), hubBetween(random, requested), requested.destination())
                : List.of(requested.origin(), requested.destination());
        LocalDateTime departing = requested.departureDate().atTime(6 + random.nextInt(14), random.nextInt(12) * 5);
        ObjectNode slice = json.createObjectNode();
        slice.put("id", Ids.next("sli_"));
        slice.set("origin", airport(AIRPORTS.get(requested.origin())));
        slice.set("destination", airport(AIRPORTS.get(requested.destination())));
        ArrayNode segments = slice.putArray("segments");
        Duration total = Duration.ZERO;
        for (int leg = 0; leg + 1 < stops.size(); leg++) {
            Duration flight = Duration.ofMinutes(55 + random.nextInt(60 * 11));
            LocalDateTime arriving = departing.plus(flight);
            ObjectNode segment = segments.addObject();
            segment.put("id", Ids.next("seg_"));
            segment.set("origin", airport(AIRPORTS.get(stops.get(leg))));
            segment.set("destination", airport(AIRPORTS.get(stops.get(leg + 1))));
            segment.put("departing_at", departing.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
            segment.put("arriving_at", arriving.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
            segment.put("duration", flight.toString());
            segment.set("marketing_carrier", airline(owner));
            segment.put("marketing_carrier_flight_number", String.valueOf(10 + random.nextInt(2990)));
            segment.set("operating_carrier", airline(owner));
            segment.put(
                    "operating_carrier_flight_number",
                    segment.get("marketing_carrier_flight_number").asString());
            ObjectNode aircraft = segment.putObject("aircraft");
            aircraft.put("name", AIRCRAFT.get(random.nextInt(AIRCRAFT.size())));
            Duration layover = Duration.ofMinutes(60 + random.nextInt(120));
            total = total.plus(flight);
            if (leg + 2 < stops.size()) {
                total = total.plus(layover);
            }
            departing = arriving.plus(layover);
        }
        slice.put("duration", total.toString());
        return slice;
    }

    private static String hubBetween(Random random, RequestedSlice slice) {
        List<String> hubs = List.of("AMS", "FRA", "CDG", "MAD", "DXB", "ORD").stream()
                .filter(hub -> !hub.equals(slice.origin()) && !hub.equals(slice.destination()))
                .toList();
        return hubs.get(random.nextInt(hubs.size()));
    }

    private static BigDecimal cabinMultiplier(String cabinClass) {
        return switch (cabinClass) {
            case "premium_economy" -> new BigDecimal("1.6");
            case "business" -> new BigDecimal("3.5");
            case "first" -> new BigDecimal("6");
            default -> BigDecimal.ONE;
        };
    }

    private ObjectNode airport(Airport airport) {
        ObjectNode node = json.createObjectNode();
        node.put("type", "airport");
        node.put("iata_code", airport.iataCode());
        node.put("name", airport.name());
        node.put("city_name", airport.cityName());
        node.put("time_zone", airport.timeZone());
        return node;
    }

    private ObjectNode airline(Airline airline) {
        ObjectNode node = json.createObjectNode();
        node.put("iata_code", airline.iataCode());
        node.put("name", airline.name());
        return node;
    }
}
