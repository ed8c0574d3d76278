package dev.flightpipeline.duffelsim;

import dev.flightpipeline.duffelsim.OfferSearch.RequestedSlice;
import dev.flightpipeline.duffelsim.OfferSearch.SearchPassenger;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Realistic offers: real airports and airlines, prices and schedules drawn from seeded randoms. An
 * offer is a pure function of its search and its index in it, so it can be drawn again at will.
 */
final class OfferCatalog {

    record Airport(String iataCode, String name, String cityName, String timeZone) {}

    record Airline(String iataCode, String name) {}

    static final Map<String, Airport> AIRPORTS = Map.ofEntries(
            airport("LHR", "Heathrow Airport", "London", "Europe/London"),
            airport("LGW", "Gatwick Airport", "London", "Europe/London"),
            airport("MAN", "Manchester Airport", "Manchester", "Europe/London"),
            airport("DUB", "Dublin Airport", "Dublin", "Europe/Dublin"),
            airport("JFK", "John F. Kennedy International Airport", "New York", "America/New_York"),
            airport("EWR", "Newark Liberty International Airport", "New York", "America/New_York"),
            airport("BOS", "Boston Logan International Airport", "Boston", "America/New_York"),
            airport("MIA", "Miami International Airport", "Miami", "America/New_York"),
            airport("ORD", "O'Hare International Airport", "Chicago", "America/Chicago"),
            airport("DFW", "Dallas/Fort Worth International Airport", "Dallas", "America/Chicago"),
            airport("LAX", "Los Angeles International Airport", "Los Angeles", "America/Los_Angeles"),
            airport("SFO", "San Francisco International Airport", "San Francisco", "America/Los_Angeles"),
            airport("YYZ", "Toronto Pearson International Airport", "Toronto", "America/Toronto"),
            airport("CDG", "Paris Charles de Gaulle Airport", "Paris", "Europe/Paris"),
            airport("AMS", "Amsterdam Airport Schiphol", "Amsterdam", "Europe/Amsterdam"),
            airport("FRA", "Frankfurt Airport", "Frankfurt", "Europe/Berlin"),
            airport("MUC", "Munich Airport", "Munich", "Europe/Berlin"),
            airport("ZRH", "Zurich Airport", "Zurich", "Europe/Zurich"),
            airport("MAD", "Adolfo Suárez Madrid–Barajas Airport", "Madrid", "Europe/Madrid"),
            airport("BCN", "Josep Tarradellas Barcelona-El Prat Airport", "Barcelona", "Europe/Madrid"),
            airport("LIS", "Humberto Delgado Airport", "Lisbon", "Europe/Lisbon"),
            airport("FCO", "Leonardo da Vinci–Fiumicino Airport", "Rome", "Europe/Rome"),
            airport("IST", "Istanbul Airport", "Istanbul", "Europe/Istanbul"),
            airport("DXB", "Dubai International Airport", "Dubai", "Asia/Dubai"),
            airport("DOH", "Hamad International Airport", "Doha", "Asia/Qatar"),
            airport("SIN", "Singapore Changi Airport", "Singapore", "Asia/Singapore"),
            airport("HKG", "Hong Kong International Airport", "Hong Kong", "Asia/Hong_Kong"),
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
            new Airline("QR", "Qatar Airways"),
            new Airline("SQ", "Singapore Airlines"),
            new Airline("UA", "United Airlines"),
            new Airline("DL", "Delta Air Lines"),
            new Airline("ZZ", "Duffel Airways"));

    static final List<String> HUBS = List.of("AMS", "FRA", "CDG", "MAD", "DXB", "DOH", "IST", "ORD");

    static final List<String> AIRCRAFT =
            List.of("Airbus A320", "Airbus A321neo", "Airbus A350-900", "Boeing 777-300ER", "Boeing 787-9");

    static final List<String> CURRENCIES = List.of("GBP", "EUR", "USD");

    static final Set<String> CABIN_CLASSES = Set.of("economy", "premium_economy", "business", "first");

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private final JsonMapper json;

    OfferCatalog(JsonMapper json) {
        this.json = json;
    }

    private static Map.Entry<String, Airport> airport(String code, String name, String city, String zone) {
        return Map.entry(code, new Airport(code, name, city, zone));
    }

    /** The offer at {@code index} of {@code search}, as Duffel returns it; the same every time. */
    ObjectNode offer(OfferSearch search, int index) {
        Random content = new Random(mix(search.contentSeed(), index));
        Random ids = new Random(mix(search.idSeed(), index));
        Airline owner = AIRLINES.get(content.nextInt(AIRLINES.size()));
        String currency = CURRENCIES.get(content.nextInt(CURRENCIES.size()));
        String cabinClass = search.criteria().cabinClass();
        BigDecimal perPassenger = BigDecimal.valueOf(8_000 + content.nextInt(90_000), 2)
                .multiply(cabinMultiplier(cabinClass))
                .multiply(BigDecimal.valueOf(search.criteria().slices().size()));
        BigDecimal total = perPassenger
                .multiply(BigDecimal.valueOf(search.passengers().size()))
                .setScale(2, RoundingMode.HALF_UP);
        BigDecimal tax = total.multiply(new BigDecimal("0.18")).setScale(2, RoundingMode.HALF_UP);
        String createdAt = search.createdAt().toString();

        ObjectNode offer = json.createObjectNode();
        offer.put("id", Ids.next("off_", ids));
        offer.put("live_mode", false);
        offer.put("created_at", createdAt);
        offer.put("updated_at", createdAt);
        offer.put("expires_at", search.expiresAt().toString());
        offer.put("total_amount", total.toPlainString());
        offer.put("total_currency", currency);
        offer.put("base_amount", total.subtract(tax).toPlainString());
        offer.put("base_currency", currency);
        offer.put("tax_amount", tax.toPlainString());
        offer.put("tax_currency", currency);
        offer.put("total_emissions_kg", String.valueOf(150 + content.nextInt(900)));
        offer.set("owner", airline(owner));
        offer.put("partial", false);
        offer.put("passenger_identity_documents_required", false);
        ArrayNode passengers = offer.putArray("passengers");
        for (SearchPassenger passenger : search.passengers()) {
            ObjectNode node = passengers.addObject();
            node.put("id", passenger.id());
            node.put("type", passenger.type());
            if (passenger.age() != null) {
                node.put("age", passenger.age());
            }
            node.putNull("given_name");
            node.putNull("family_name");
            node.putArray("loyalty_programme_accounts");
        }
        ObjectNode payment = offer.putObject("payment_requirements");
        payment.put("requires_instant_payment", false);
        payment.put("price_guarantee_expires_at", search.expiresAt().toString());
        payment.put(
                "payment_required_by",
                search.createdAt().plus(Duration.ofDays(1)).toString());
        ArrayNode slices = offer.putArray("slices");
        for (RequestedSlice slice : search.criteria().slices()) {
            slices.add(slice(
                    content, ids, slice, owner, cabinClass, search.criteria().maxConnections()));
        }
        return offer;
    }

    private ObjectNode slice(
            Random content,
            Random ids,
            RequestedSlice requested,
            Airline owner,
            String cabinClass,
            int maxConnections) {
        boolean connecting = maxConnections > 0 && content.nextInt(3) == 0;
        List<String> stops = connecting
                ? List.of(requested.origin(), hubBetween(content, requested), requested.destination())
                : List.of(requested.origin(), requested.destination());
        ZonedDateTime departing = requested
                .departureDate()
                .atTime(6 + content.nextInt(14), content.nextInt(12) * 5)
                .atZone(zoneOf(requested.origin()));
        ZonedDateTime firstDeparture = departing;
        ObjectNode slice = json.createObjectNode();
        slice.put("id", Ids.next("sli_", ids));
        slice.set("origin", airport(AIRPORTS.get(requested.origin())));
        slice.set("destination", airport(AIRPORTS.get(requested.destination())));
        slice.put("fare_brand_name", fareBrand(cabinClass));
        ArrayNode segments = slice.putArray("segments");
        ZonedDateTime arriving = departing;
        for (int leg = 0; leg + 1 < stops.size(); leg++) {
            Duration flight = Duration.ofMinutes(55 + content.nextInt(60 * 11));
            arriving = departing.plus(flight).withZoneSameInstant(zoneOf(stops.get(leg + 1)));
            ObjectNode segment = segments.addObject();
            segment.put("id", Ids.next("seg_", ids));
            segment.set("origin", airport(AIRPORTS.get(stops.get(leg))));
            segment.set("destination", airport(AIRPORTS.get(stops.get(leg + 1))));
            segment.put("departing_at", LOCAL_TIME.format(departing.toLocalDateTime()));
            segment.put("arriving_at", LOCAL_TIME.format(arriving.toLocalDateTime()));
            segment.put("duration", flight.toString());
            segment.set("marketing_carrier", airline(owner));
            String flightNumber = String.valueOf(10 + content.nextInt(2990));
            segment.put("marketing_carrier_flight_number", flightNumber);
            segment.set("operating_carrier", airline(owner));
            segment.put("operating_carrier_flight_number", flightNumber);
            segment.putObject("aircraft").put("name", AIRCRAFT.get(content.nextInt(AIRCRAFT.size())));
            ArrayNode segmentPassengers = segment.putArray("passengers");
            segmentPassengers.addObject().put("cabin_class", cabinClass);
            departing = arriving.plus(Duration.ofMinutes(60 + content.nextInt(120)));
        }
        slice.put(
                "duration",
                Duration.between(firstDeparture.toInstant(), arriving.toInstant())
                        .toString());
        return slice;
    }

    private static ZoneId zoneOf(String airport) {
        return ZoneId.of(AIRPORTS.get(airport).timeZone());
    }

    private static String hubBetween(Random random, RequestedSlice slice) {
        List<String> hubs = HUBS.stream()
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

    private static String fareBrand(String cabinClass) {
        return switch (cabinClass) {
            case "premium_economy" -> "Premium Economy";
            case "business" -> "Business Flex";
            case "first" -> "First";
            default -> "Economy Basic";
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

    /** Spreads (seed, index) over the seed space so neighbouring offers draw unrelated values. */
    static long mix(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
