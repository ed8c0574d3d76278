package dev.flightpipeline.duffelsim;

import dev.flightpipeline.duffelsim.OfferCatalog.RequestedSlice;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Duffel's behaviour and state, without HTTP: offers, single-use booking, orders, faults, counters. */
final class SimulatedDuffel {

    private static final Set<String> CABIN_CLASSES = Set.of("economy", "premium_economy", "business", "first");
    private static final Set<String> TITLES = Set.of("mr", "ms", "mrs", "miss", "dr");

    /** An offer kept for booking: its JSON, and the order made from it once booked. */
    private record StoredOffer(ObjectNode json, Instant expiresAt, BigDecimal totalAmount, String currency) {}

    /** An order in creation order, for newest-first listings. */
    private record StoredOrder(long sequence, ObjectNode json) {}

    /** What happens after the answer: a webhook event to deliver later. */
    interface Announcements {
        void orderCreatedLater(ObjectNode order, Runnable store);

        void orderCreationFailed(String offerId, Map<String, String> metadata, Runnable release);
    }

    private final JsonMapper json;
    private final Clock clock;
    private final OfferCatalog catalog;
    private volatile SimulatorConfig config;
    private volatile Random faultDraws;
    private final AtomicLong searchCount = new AtomicLong();

    private final Map<String, StoredOffer> offers = new ConcurrentHashMap<>();
    /** Offer id → the order id booked on it: the single-use rule, checked and set atomically. */
    private final Map<String, String> bookedOffers = new ConcurrentHashMap<>();

    private final Map<String, StoredOrder> ordersById = new ConcurrentHashMap<>();
    private final ConcurrentNavigableMap<Long, StoredOrder> ordersNewestFirst =
            new ConcurrentSkipListMap<Long, StoredOrder>().descendingMap();
    private final AtomicLong orderSequence = new AtomicLong();
    private final ConcurrentLinkedQueue<OrderFault> forcedFaults = new ConcurrentLinkedQueue<>();

    private final LongAdder createOrderCalls = new LongAdder();
    private final Map<String, AtomicInteger> ordersPerOffer = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> ordersPerBookingId = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> createOrderResults = new ConcurrentHashMap<>();

    SimulatedDuffel(SimulatorConfig config, JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
        this.catalog = new OfferCatalog(json);
        configure(config);
    }

    void configure(SimulatorConfig config) {
        this.config = config;
        this.faultDraws = new Random(config.seed());
    }

    SimulatorConfig config() {
        return config;
    }

    /** The next {@code count} create-order calls end in {@code fault}, whatever the shares say. */
    void forceNextOrderFaults(OrderFault fault, int count) {
        for (int i = 0; i < count; i++) {
            forcedFaults.add(fault);
        }
    }

    // --- offers -----------------------------------------------------------------------------

    Answer search(JsonNode data, int maxConnectionsDefault) {
        JsonNode slicesNode = data.path("slices");
        if (!slicesNode.isArray() || slicesNode.isEmpty()) {
            return ApiErrors.validation("slices", "Field 'slices' must contain at least one slice");
        }
        List<RequestedSlice> slices = new ArrayList<>();
        for (int i = 0; i < slicesNode.size(); i++) {
            JsonNode slice = slicesNode.get(i);
            String origin = slice.path("origin").asString("");
            String destination = slice.path("destination").asString("");
            for (var end : Map.of("origin", origin, "destination", destination).entrySet()) {
                if (!OfferCatalog.AIRPORTS.containsKey(end.getValue())) {
                    return ApiErrors.validation(
                            "slices." + i + "." + end.getKey(),
                            "Field '" + end.getKey() + "' must be a known IATA airport code");
                }
            }
            if (origin.equals(destination)) {
                return ApiErrors.validation(
                        "slices." + i + ".destination", "The destination must differ from the origin");
            }
            LocalDate departure;
            try {
                departure = LocalDate.parse(slice.path("departure_date").asString(""));
            } catch (DateTimeParseException e) {
                return ApiErrors.validation(
                        "slices." + i + ".departure_date", "Field 'departure_date' must be a date (YYYY-MM-DD)");
            }
            if (departure.isBefore(LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC))) {
                return ApiErrors.validation(
                        "slices." + i + ".departure_date", "Field 'departure_date' must not be in the past");
            }
            slices.add(new RequestedSlice(origin, destination, departure));
        }
        JsonNode passengersNode = data.path("passengers");
        if (!passengersNode.isArray() || passengersNode.isEmpty() || passengersNode.size() > 9) {
            return ApiErrors.validation("passengers", "Field 'passengers' must contain 1 to 9 passengers");
        }
        ArrayNode passengers = json.createArrayNode();
        for (int i = 0; i < passengersNode.size(); i++) {
            JsonNode requested = passengersNode.get(i);
            ObjectNode passenger = passengers.addObject();
            passenger.put("id", Ids.next("pas_"));
            if (requested.has("age")) {
                int age = requested.path("age").asInt(-1);
                if (age < 0 || age > 130) {
                    return ApiErrors.validation("passengers." + i + ".age", "Field 'age' must be between 0 and 130");
                }
                passenger.put("age", age);
                passenger.put("type", age >= 18 ? "adult" : "child");
            } else if ("adult".equals(requested.path("type").asString(""))) {
                passenger.put("type", "adult");
            } else {
                return ApiErrors.validation("passengers." + i, "Each passenger needs a type of 'adult' or an 'age'");
            }
        }
        String cabinClass = data.path("cabin_class").asString("economy");
        if (!CABIN_CLASSES.contains(cabinClass)) {
            return ApiErrors.validation("cabin_class", "Field 'cabin_class' must be one of " + CABIN_CLASSES);
        }
        int maxConnections = data.path("max_connections").asInt(maxConnectionsDefault);

        long searchNumber = searchCount.incrementAndGet();
        Random random = new Random(config.seed() * 31 + searchNumber);
        Instant now = clock.instant();
        ObjectNode request = json.createObjectNode();
        request.put("id", Ids.next("orq_"));
        request.put("live_mode", false);
        request.put("created_at", now.toString());
        request.put("cabin_class", cabinClass);
        request.set("slices", slicesNode.deepCopy());
        request.set("passengers", passengers);
        ArrayNode offerList = request.putArray("offers");
        for (int i = 0; i < config.offersPerSearch(); i++) {
            ObjectNode offer =
                    catalog.offer(random, slices, passengers, cabinClass, maxConnections, now, config.offerLifetime());
            offerList.add(offer);
            offers.put(
                    offer.get("id").asString(),
                    new StoredOffer(
                            offer,
                            Instant.parse(offer.get("expires_at").asString()),
                            new BigDecimal(offer.get("total_amount").asString()),
                            offer.get("total_currency").asString()));
        }
        evictExpiredOffers(now);
        return new Answer.Json(201, data(request));
    }

    Answer getOffer(String offerId) {
        StoredOffer offer = offers.get(offerId);
        if (offer == null) {
            return ApiErrors.notFound("offer");
        }
        if (!clock.instant().isBefore(offer.expiresAt()) || bookedOffers.containsKey(offerId)) {
            return ApiErrors.offerNoLongerAvailable();
        }
        return new Answer.Json(200, data(offer.json()));
    }

    private void evictExpiredOffers(Instant now) {
        // Kept a while past expiry so late bookings still get Duffel's "no longer available".
        Instant horizon = now.minus(config.offerLifetime());
        offers.values().removeIf(offer -> offer.expiresAt().isBefore(horizon));
    }

    // --- orders -----------------------------------------------------------------------------

    Answer createOrder(JsonNode data, Announcements announcements) {
        createOrderCalls.increment();
        Answer.Json invalid = validateOrder(data);
        if (invalid != null) {
            return counted("invalid", invalid);
        }
        String offerId = data.path("selected_offers").get(0).asString();
        StoredOffer offer = offers.get(offerId);
        if (!clock.instant().isBefore(offer.expiresAt())) {
            return counted("offer_no_longer_available", ApiErrors.offerNoLongerAvailable());
        }
        OrderFault fault = drawFault();
        if (fault != null) {
            switch (fault) {
                case ORDER_NOT_CREATED -> {
                    return counted(fault, ApiErrors.orderNotCreated());
                }
                case RATE_LIMITED -> {
                    return counted(fault, ApiErrors.rateLimited(clock.instant().plusSeconds(1)));
                }
                case OFFER_NO_LONGER_AVAILABLE -> {
                    return counted(fault, ApiErrors.offerNoLongerAvailable());
                }
                case DUPLICATE_BOOKING -> {
                    return counted(fault, ApiErrors.duplicateBooking());
                }
                default -> {
                    // the faults that happen after the offer is taken: below
                }
            }
        }
        ObjectNode order = newOrder(offer, data);
        String orderId = order.get("id").asString();
        if (bookedOffers.putIfAbsent(offerId, orderId) != null) {
            return counted("already_booked", ApiErrors.alreadyBooked());
        }
        if (fault == OrderFault.ACCEPTED_THEN_CREATED) {
            announcements.orderCreatedLater(order, () -> store(offerId, order));
            return counted(fault, new Answer.Json(202, data(acceptedBody(order))));
        }
        if (fault == OrderFault.ACCEPTED_THEN_FAILED) {
            announcements.orderCreationFailed(offerId, metadataOf(data), () -> bookedOffers.remove(offerId, orderId));
            return counted(fault, new Answer.Json(202, data(acceptedBody(order))));
        }
        store(offerId, order);
        Answer.Json created = new Answer.Json(201, data(order));
        if (fault == null) {
            return counted("created", created);
        }
        return counted(
                fault,
                switch (fault) {
                    case TIMEOUT_AFTER_CREATE -> new Answer.Late(created, config.hangFor());
                    case ERROR_AFTER_CREATE -> ApiErrors.internalServerError();
                    case RESET_AFTER_CREATE -> new Answer.Reset();
                    default -> throw new IllegalStateException("unhandled fault " + fault);
                });
    }

    private Answer.Json validateOrder(JsonNode data) {
        if (!"instant".equals(data.path("type").asString("instant"))) {
            return ApiErrors.validation("type", "Field 'type' must be 'instant'");
        }
        JsonNode selected = data.path("selected_offers");
        if (!selected.isArray() || selected.size() != 1 || !selected.get(0).isString()) {
            return ApiErrors.validation("selected_offers", "Field 'selected_offers' must contain exactly one offer id");
        }
        StoredOffer offer = offers.get(selected.get(0).asString());
        if (offer == null) {
            return ApiErrors.error(
                    422,
                    "validation_error",
                    "not_found",
                    "Linked record(s) not found",
                    "Field 'selected_offers' contains ID(s) of linked record(s) that were not found in your account",
                    "selected_offers",
                    Map.of());
        }
        Set<String> offerPassengers = new java.util.HashSet<>();
        offer.json()
                .path("passengers")
                .forEach(passenger -> offerPassengers.add(passenger.path("id").asString()));
        JsonNode passengers = data.path("passengers");
        if (!passengers.isArray() || passengers.size() != offerPassengers.size()) {
            return ApiErrors.validation(
                    "passengers",
                    "Field 'passengers' must contain every passenger of the offer, " + offerPassengers.size());
        }
        Set<String> seenIds = new java.util.HashSet<>();
        Set<String> seenNames = new java.util.HashSet<>();
        for (int i = 0; i < passengers.size(); i++) {
            JsonNode passenger = passengers.get(i);
            String prefix = "passengers." + i + ".";
            String id = passenger.path("id").asString("");
            if (!offerPassengers.contains(id) || !seenIds.add(id)) {
                return ApiErrors.validation(prefix + "id", "Field 'id' must be a passenger id of the selected offer");
            }
            for (String field : List.of("given_name", "family_name", "email", "phone_number")) {
                if (passenger.path(field).asString("").isBlank()) {
                    return ApiErrors.validation(prefix + field, "Field '" + field + "' is required");
                }
            }
            if (!Set.of("m", "f").contains(passenger.path("gender").asString(""))) {
                return ApiErrors.validation(prefix + "gender", "Field 'gender' must be 'm' or 'f'");
            }
            if (!TITLES.contains(passenger.path("title").asString("").toLowerCase(Locale.ROOT))) {
                return ApiErrors.validation(prefix + "title", "Field 'title' must be one of " + TITLES);
            }
            try {
                LocalDate.parse(passenger.path("born_on").asString(""));
            } catch (DateTimeParseException e) {
                return ApiErrors.validation(prefix + "born_on", "Field 'born_on' must be a date (YYYY-MM-DD)");
            }
            String name = (passenger.path("given_name").asString() + " "
                            + passenger.path("family_name").asString())
                    .toLowerCase(Locale.ROOT);
            if (!seenNames.add(name)) {
                return ApiErrors.error(
                        422,
                        "validation_error",
                        "duplicate_passenger_name",
                        "Duplicate passenger name",
                        "Two passengers cannot have the same name",
                        prefix + "given_name",
                        Map.of());
            }
        }
        JsonNode payments = data.path("payments");
        if (!payments.isArray() || payments.size() != 1) {
            return ApiErrors.validation("payments", "Field 'payments' must contain one payment");
        }
        JsonNode payment = payments.get(0);
        if (!"balance".equals(payment.path("type").asString(""))) {
            return ApiErrors.validation("payments.0.type", "Field 'type' must be 'balance'");
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(payment.path("amount").asString(""));
        } catch (NumberFormatException e) {
            return ApiErrors.validation("payments.0.amount", "Field 'amount' must be a decimal amount");
        }
        if (amount.compareTo(offer.totalAmount()) != 0
                || !offer.currency().equals(payment.path("currency").asString(""))) {
            return ApiErrors.validation(
                    "payments.0.amount", "The payment must match the offer's total_amount and total_currency");
        }
        JsonNode metadata = data.path("metadata");
        if (!metadata.isMissingNode() && !metadata.isNull()) {
            if (!metadata.isObject() || metadata.size() > 50) {
                return ApiErrors.validation("metadata", "Field 'metadata' must be an object of at most 50 keys");
            }
            for (var entry : metadata.properties()) {
                if (!entry.getValue().isString() || entry.getValue().asString().length() > 500) {
                    return ApiErrors.validation(
                            "metadata." + entry.getKey(), "Metadata values must be strings of at most 500 characters");
                }
            }
        }
        return null;
    }

    private ObjectNode newOrder(StoredOffer offer, JsonNode data) {
        Instant now = clock.instant();
        ObjectNode source = offer.json();
        ObjectNode order = json.createObjectNode();
        order.put("id", Ids.next("ord_"));
        order.put("booking_reference", Ids.bookingReference());
        order.put("created_at", now.toString());
        order.put("type", "instant");
        order.put("live_mode", false);
        order.put("total_amount", source.get("total_amount").asString());
        order.put("total_currency", source.get("total_currency").asString());
        order.put("base_amount", source.get("base_amount").asString());
        order.put("tax_amount", source.get("tax_amount").asString());
        order.set("owner", source.get("owner").deepCopy());
        ArrayNode passengers = order.putArray("passengers");
        ArrayNode documents = order.putArray("documents");
        for (JsonNode requested : data.path("passengers")) {
            ObjectNode passenger = passengers.addObject();
            for (String field :
                    List.of("id", "title", "given_name", "family_name", "gender", "born_on", "email", "phone_number")) {
                passenger.put(field, requested.path(field).asString());
            }
            passenger.put("type", "adult");
            ObjectNode ticket = documents.addObject();
            ticket.put("type", "electronic_ticket");
            ticket.put(
                    "unique_identifier",
                    "125" + (1_000_000_000L + Math.floorMod(Ids.next("").hashCode(), 899_999_999)));
            ticket.putArray("passenger_ids").add(requested.path("id").asString());
        }
        order.set("slices", source.get("slices").deepCopy());
        order.set(
                "metadata",
                data.path("metadata").isObject() ? data.get("metadata").deepCopy() : json.createObjectNode());
        ObjectNode paymentStatus = order.putObject("payment_status");
        paymentStatus.put("awaiting_payment", false);
        paymentStatus.put("paid_at", now.toString());
        order.putNull("cancelled_at");
        order.putArray("services");
        return order;
    }

    private ObjectNode acceptedBody(ObjectNode order) {
        ObjectNode accepted = json.createObjectNode();
        accepted.put("id", order.get("id").asString());
        accepted.put("type", "instant");
        accepted.put("live_mode", false);
        accepted.set("metadata", order.get("metadata").deepCopy());
        return accepted;
    }

    private void store(String offerId, ObjectNode order) {
        StoredOrder stored = new StoredOrder(orderSequence.incrementAndGet(), order);
        ordersById.put(order.get("id").asString(), stored);
        ordersNewestFirst.put(stored.sequence(), stored);
        ordersPerOffer.computeIfAbsent(offerId, id -> new AtomicInteger()).incrementAndGet();
        String bookingId = order.path("metadata").path("booking_id").asString("");
        if (!bookingId.isEmpty()) {
            ordersPerBookingId
                    .computeIfAbsent(bookingId, id -> new AtomicInteger())
                    .incrementAndGet();
        }
    }

    private Map<String, String> metadataOf(JsonNode data) {
        Map<String, String> metadata = new TreeMap<>();
        data.path("metadata")
                .properties()
                .forEach(entry -> metadata.put(entry.getKey(), entry.getValue().asString()));
        return metadata;
    }

    private OrderFault drawFault() {
        OrderFault forced = forcedFaults.poll();
        if (forced != null) {
            return forced;
        }
        Map<OrderFault, Double> shares = config.orderFaults();
        if (shares.isEmpty()) {
            return null;
        }
        double draw;
        synchronized (this) {
            draw = faultDraws.nextDouble();
        }
        double cumulative = 0;
        for (OrderFault fault : OrderFault.values()) {
            cumulative += shares.getOrDefault(fault, 0.0);
            if (draw < cumulative) {
                return fault;
            }
        }
        return null;
    }

    private Answer counted(OrderFault fault, Answer answer) {
        return counted(fault.name().toLowerCase(Locale.ROOT), answer);
    }

    private Answer counted(String result, Answer answer) {
        createOrderResults.computeIfAbsent(result, r -> new LongAdder()).increment();
        return answer;
    }

    Answer getOrder(String orderId) {
        StoredOrder order = ordersById.get(orderId);
        return order == null ? ApiErrors.notFound("order") : new Answer.Json(200, data(order.json()));
    }

    /**
     * Newest first, filtered; cursors are opaque (the position in creation order).
     *
     * @param passengerNames matched case-insensitively against given, family or full names
     */
    Answer listOrders(
            List<String> passengerNames,
            String bookingReference,
            Boolean awaitingPayment,
            String after,
            String before,
            String limitText) {
        int limit;
        try {
            limit = limitText == null ? 50 : Integer.parseInt(limitText);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 200) {
            return ApiErrors.validation("limit", "Field 'limit' must be between 1 and 200");
        }
        Long afterSequence = decodeCursor(after);
        Long beforeSequence = decodeCursor(before);
        if ((after != null && afterSequence == null) || (before != null && beforeSequence == null)) {
            return ApiErrors.validation(after != null ? "after" : "before", "The cursor is not valid");
        }
        Predicate<StoredOrder> matches =
                order -> matches(order.json(), passengerNames, bookingReference, awaitingPayment);
        List<StoredOrder> page = new ArrayList<>();
        if (beforeSequence != null) {
            // Newer than the cursor: walk upwards from it, then present newest first.
            for (StoredOrder order : ordersNewestFirst
                    .headMap(beforeSequence, false)
                    .descendingMap()
                    .values()) {
                if (matches.test(order)) {
                    page.addFirst(order);
                    if (page.size() == limit) {
                        break;
                    }
                }
            }
        } else {
            var source = afterSequence == null ? ordersNewestFirst : ordersNewestFirst.tailMap(afterSequence, false);
            for (StoredOrder order : source.values()) {
                if (matches.test(order)) {
                    page.add(order);
                    if (page.size() == limit) {
                        break;
                    }
                }
            }
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode data = body.putArray("data");
        page.forEach(order -> data.add(order.json()));
        ObjectNode meta = body.putObject("meta");
        meta.put("limit", limit);
        boolean more = !page.isEmpty() && hasMatchOlderThan(page.getLast().sequence(), matches);
        boolean newer = !page.isEmpty() && hasMatchNewerThan(page.getFirst().sequence(), matches);
        putCursor(meta, "after", more ? page.getLast().sequence() : null);
        putCursor(meta, "before", newer ? page.getFirst().sequence() : null);
        return new Answer.Json(200, body);
    }

    private boolean hasMatchOlderThan(long sequence, Predicate<StoredOrder> matches) {
        return ordersNewestFirst.tailMap(sequence, false).values().stream().anyMatch(matches);
    }

    private boolean hasMatchNewerThan(long sequence, Predicate<StoredOrder> matches) {
        return ordersNewestFirst.headMap(sequence, false).values().stream().anyMatch(matches);
    }

    private static boolean matches(JsonNode order, List<String> names, String reference, Boolean awaitingPayment) {
        if (reference != null
                && !reference.equalsIgnoreCase(order.path("booking_reference").asString())) {
            return false;
        }
        if (awaitingPayment != null
                && awaitingPayment
                        != order.path("payment_status").path("awaiting_payment").asBoolean()) {
            return false;
        }
        if (names.isEmpty()) {
            return true;
        }
        for (JsonNode passenger : order.path("passengers")) {
            String given = passenger.path("given_name").asString();
            String family = passenger.path("family_name").asString();
            for (String name : names) {
                if (name.equalsIgnoreCase(given)
                        || name.equalsIgnoreCase(family)
                        || name.equalsIgnoreCase(given + " " + family)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void putCursor(ObjectNode meta, String name, Long sequence) {
        if (sequence == null) {
            meta.putNull(name);
        } else {
            meta.put(
                    name,
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(("o" + sequence).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static Long decodeCursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            return decoded.startsWith("o") ? Long.parseLong(decoded.substring(1)) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // --- counters -----------------------------------------------------------------------------

    SimulatorStats stats(long searches, long inFlight, long inFlightMax, long webhooksSent, long webhookFailures) {
        Map<String, Long> results = new TreeMap<>();
        createOrderResults.forEach((result, count) -> results.put(result, count.sum()));
        return new SimulatorStats(
                searches,
                createOrderCalls.sum(),
                ordersById.size(),
                snapshot(ordersPerOffer),
                snapshot(ordersPerBookingId),
                results,
                inFlight,
                inFlightMax,
                webhooksSent,
                webhookFailures);
    }

    long searchCount() {
        return searchCount.get();
    }

    private static Map<String, Integer> snapshot(Map<String, AtomicInteger> counts) {
        Map<String, Integer> copy = new TreeMap<>();
        counts.forEach((key, count) -> copy.put(key, count.get()));
        return copy;
    }

    void reset() {
        offers.clear();
        bookedOffers.clear();
        ordersById.clear();
        ordersNewestFirst.clear();
        forcedFaults.clear();
        searchCount.set(0);
        createOrderCalls.reset();
        ordersPerOffer.clear();
        ordersPerBookingId.clear();
        createOrderResults.clear();
        faultDraws = new Random(config.seed());
    }

    private ObjectNode data(JsonNode value) {
        ObjectNode envelope = json.createObjectNode();
        envelope.set("data", value);
        return envelope;
    }
}
