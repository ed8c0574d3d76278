package dev.flightpipeline.duffelsim;

import dev.flightpipeline.duffelsim.OfferSearch.RequestedPassenger;
import dev.flightpipeline.duffelsim.OfferSearch.SearchCriteria;
import dev.flightpipeline.duffelsim.OfferSearch.SearchPassenger;
import dev.flightpipeline.duffelsim.OrderRequestValidation.OrderForm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Duffel's behaviour and state, without HTTP: searches, single-use offers, orders, the faults of
 * order creation and what follows them, and the counters. Every method answers at once; delays
 * and held-back answers are the HTTP layer's business, later work runs on {@code timers}.
 */
final class SimulatedDuffel {

    /** Webhook events to send; the sender decides whether and where. */
    interface Announcements {
        void announce(String eventType, String idempotencyKey, ObjectNode object);
    }

    private final JsonMapper json;
    private final Clock clock;
    private final Scheduler timers;
    private final Announcements announcements;
    private final OfferCatalog catalog;
    private final OrderDocuments documents;
    private final OfferShelf offers = new OfferShelf();
    private final OrderBook orders = new OrderBook();
    private final FaultPlan faults = new FaultPlan();
    private final BookingCounters counters = new BookingCounters();
    private final AtomicLong searchNumber = new AtomicLong();
    private volatile SimulatorConfig config;

    SimulatedDuffel(
            SimulatorConfig config, JsonMapper json, Clock clock, Scheduler timers, Announcements announcements) {
        this.json = json;
        this.clock = clock;
        this.timers = timers;
        this.announcements = announcements;
        this.catalog = new OfferCatalog(json);
        this.documents = new OrderDocuments(json, catalog);
        configure(config);
    }

    void configure(SimulatorConfig config) {
        this.config = config;
        faults.configure(config.orderFaults(), config.seed());
    }

    SimulatorConfig config() {
        return config;
    }

    void forceNextOrderFaults(OrderFault fault, int count) {
        faults.force(fault, count);
    }

    int forcedFaultsPending() {
        return faults.forcedPending();
    }

    // --- offers -----------------------------------------------------------------------------

    Answer search(JsonNode data) {
        Instant now = clock.instant();
        Checked<SearchCriteria> checked = OfferRequestValidation.check(data, today(now));
        return switch (checked) {
            case Checked.Invalid<SearchCriteria>(Answer.Json error) -> error;
            case Checked.Valid<SearchCriteria>(SearchCriteria criteria) -> search(criteria, now);
        };
    }

    private Answer search(SearchCriteria criteria, Instant now) {
        SimulatorConfig settings = config;
        counters.searched();
        List<SearchPassenger> passengers = new ArrayList<>();
        for (RequestedPassenger requested : criteria.passengers()) {
            passengers.add(new SearchPassenger(Ids.next("pas_"), requested.type(), requested.age()));
        }
        // The content follows the seed and the search's number, so a seeded run sees the same offers.
        OfferSearch search = new OfferSearch(
                Ids.next("orq_"),
                criteria,
                List.copyOf(passengers),
                now,
                now.plus(settings.offerLifetime()),
                OfferCatalog.mix(settings.seed(), searchNumber.incrementAndGet()),
                ThreadLocalRandom.current().nextLong());
        ObjectNode request = json.createObjectNode();
        request.put("id", search.id());
        request.put("live_mode", false);
        request.put("created_at", now.toString());
        request.put("cabin_class", criteria.cabinClass());
        request.put("client_key", Ids.next("ck_").substring(0, 24));
        ArrayNode slices = request.putArray("slices");
        criteria.slices().forEach(slice -> {
            ObjectNode node = slices.addObject();
            node.put("origin", slice.origin());
            node.put("destination", slice.destination());
            node.put("departure_date", slice.departureDate().toString());
        });
        ArrayNode passengerNodes = request.putArray("passengers");
        passengers.forEach(passenger -> {
            ObjectNode node = passengerNodes.addObject();
            node.put("id", passenger.id());
            node.put("type", passenger.type());
            if (passenger.age() != null) {
                node.put("age", passenger.age());
            }
        });
        ArrayNode offerNodes = request.putArray("offers");
        for (int index = 0; index < settings.offersPerSearch(); index++) {
            ObjectNode offer = catalog.offer(search, index);
            offerNodes.add(offer);
            offers.add(new StoredOffer(
                    offer.get("id").asString(),
                    search,
                    index,
                    offer.get("total_amount").asString(),
                    offer.get("total_currency").asString()));
        }
        offers.evictExpired(now, settings.offerLifetime());
        return new Answer.Json(201, data(request));
    }

    Answer getOffer(String offerId) {
        StoredOffer offer = offers.find(offerId);
        if (offer == null) {
            return ApiErrors.notFound("offer");
        }
        if (offer.availability(clock.instant()) != StoredOffer.Availability.AVAILABLE) {
            return ApiErrors.offerNoLongerAvailable();
        }
        return new Answer.Json(200, data(catalog.offer(offer.search(), offer.index())));
    }

    // --- orders -----------------------------------------------------------------------------

    /** @param traceparent the request's W3C {@code traceparent} header, if it had one */
    Answer createOrder(JsonNode data, String traceparent) {
        counters.createOrderCalled(traceparent);
        Instant now = clock.instant();
        Checked<OrderForm> checked = OrderRequestValidation.check(data, offers, today(now));
        return switch (checked) {
            case Checked.Invalid<OrderForm>(Answer.Json error) -> counted("invalid", error);
            case Checked.Valid<OrderForm>(OrderForm form) -> createOrder(form, now);
        };
    }

    private Answer createOrder(OrderForm form, Instant now) {
        StoredOffer offer = form.offer();
        Answer unavailable = unavailable(offer, now);
        if (unavailable != null) {
            return unavailable;
        }
        OrderFault fault = faults.next();
        if (fault != null) {
            Answer refused = switch (fault) {
                case ORDER_NOT_CREATED -> ApiErrors.orderNotCreated();
                case RATE_LIMITED -> ApiErrors.rateLimited(now.plusSeconds(1));
                case OFFER_NO_LONGER_AVAILABLE -> {
                    offer.withdraw();
                    yield ApiErrors.offerNoLongerAvailable();
                }
                case DUPLICATE_BOOKING -> ApiErrors.duplicateBooking();
                case SERVICE_UNAVAILABLE -> ApiErrors.serviceUnavailable();
                case GATEWAY_TIMEOUT -> ApiErrors.gatewayTimeout();
                case INSUFFICIENT_BALANCE -> ApiErrors.insufficientBalance();
                case ALREADY_BOOKED -> {
                    offer.withdraw();
                    yield ApiErrors.alreadyBooked();
                }
                case TIMEOUT_AFTER_CREATE,
                        ERROR_AFTER_CREATE,
                        AIRLINE_ERROR_AFTER_CREATE,
                        RESET_AFTER_CREATE,
                        ACCEPTED_THEN_CREATED,
                        ACCEPTED_THEN_FAILED -> null;
            };
            if (refused != null) {
                return counted(fault, refused);
            }
        }
        String orderId = Ids.next("ord_");
        if (!offer.take(orderId)) {
            // Another call took it between the check above and now.
            Answer lost = unavailable(offer, now);
            return lost != null ? lost : counted("already_booked", ApiErrors.alreadyBooked());
        }
        if (fault == OrderFault.ACCEPTED_THEN_CREATED || fault == OrderFault.ACCEPTED_THEN_FAILED) {
            acceptNow(orderId, form, fault == OrderFault.ACCEPTED_THEN_CREATED);
            return counted(fault, new Answer.Json(202, data(documents.accepted(orderId, form.metadata()))));
        }
        ObjectNode order = documents.order(store(orderId, form, now));
        if (config.webhooks().announceEveryOrder()) {
            announcements.announce("order.created", orderId, order);
        }
        Answer.Json created = new Answer.Json(201, data(order));
        if (fault == null) {
            return counted("created", created);
        }
        return counted(
                fault,
                switch (fault) {
                    case TIMEOUT_AFTER_CREATE -> new Answer.Late(created, config.hangFor());
                    case ERROR_AFTER_CREATE -> ApiErrors.internalServerError();
                    case AIRLINE_ERROR_AFTER_CREATE -> ApiErrors.airlineError();
                    case RESET_AFTER_CREATE -> new Answer.Reset();
                    default -> throw new IllegalStateException("not a fault after creation: " + fault);
                });
    }

    /** Duffel's answer when the offer cannot be booked any more, or null when it can. */
    private Answer unavailable(StoredOffer offer, Instant now) {
        return switch (offer.availability(now)) {
            case AVAILABLE -> null;
            case BOOKED -> counted("already_booked", ApiErrors.alreadyBooked());
            case EXPIRED, WITHDRAWN -> counted("offer_no_longer_available", ApiErrors.offerNoLongerAvailable());
        };
    }

    /** After a 202: later, the order is made and announced, or the offer is freed and the failure announced. */
    private void acceptNow(String orderId, OrderForm form, boolean willSucceed) {
        Duration delay = config.webhooks().delay();
        timers.schedule(
                () -> {
                    if (willSucceed) {
                        Order order = store(orderId, form, clock.instant());
                        announcements.announce("order.created", orderId, documents.order(order));
                    } else {
                        form.offer().release(orderId);
                        announcements.announce(
                                "order.creation_failed",
                                orderId,
                                documents.creationFailure(orderId, form.offer().id(), form.metadata()));
                    }
                },
                delay.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private Order store(String orderId, OrderForm form, Instant now) {
        List<String> tickets = new ArrayList<>();
        form.passengers().forEach(passenger -> tickets.add(Ids.ticketNumber()));
        Order order = Order.of(
                orderId,
                orders.newBookingReference(Ids::bookingReference),
                now,
                form.offer(),
                form.passengers(),
                tickets,
                form.metadata());
        orders.add(order);
        counters.orderStored(order);
        return order;
    }

    Answer getOrder(String orderId) {
        Order order = orders.find(orderId);
        return order == null ? ApiErrors.notFound("order") : new Answer.Json(200, data(documents.order(order)));
    }

    /**
     * Newest first, filtered, one page.
     *
     * @param limitText the {@code limit} parameter as given (1-200, default 50)
     * @param awaitingPaymentText the {@code awaiting_payment} parameter as given (true, false or null)
     */
    Answer listOrders(
            List<String> passengerNames,
            String bookingReference,
            String awaitingPaymentText,
            String after,
            String before,
            String limitText) {
        int limit;
        try {
            limit = limitText == null ? 50 : Integer.parseInt(limitText.trim());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 200) {
            return ApiErrors.validation("limit", "Field 'limit' must be a whole number from 1 to 200");
        }
        Boolean awaitingPayment = null;
        if (awaitingPaymentText != null) {
            String value = awaitingPaymentText.trim().toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                return ApiErrors.validation("awaiting_payment", "Field 'awaiting_payment' must be true or false");
            }
            awaitingPayment = Boolean.valueOf(value);
        }
        OrderBook.Page page;
        try {
            page = orders.list(
                    new OrderFilter(passengerNames, bookingReference, awaitingPayment), limit, after, before);
        } catch (IllegalArgumentException e) {
            return ApiErrors.validation(after != null ? "after" : "before", "The cursor is not one Duffel gave out");
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("data");
        page.orders().forEach(order -> list.add(documents.order(order)));
        ObjectNode meta = body.putObject("meta");
        meta.put("limit", limit);
        meta.put("after", page.after());
        meta.put("before", page.before());
        return new Answer.Json(200, body);
    }

    // --- counters and reset -------------------------------------------------------------------

    /** The counters; with {@code details} false, without the maps that grow with every order. */
    SimulatorStats stats(boolean details, long inFlight, long inFlightMax, long webhooksSent, long webhookFailures) {
        return new SimulatorStats(
                counters.searches(),
                counters.createOrderCalls(),
                orders.size(),
                details ? counters.ordersPerOffer() : null,
                details ? counters.ordersPerBookingId() : null,
                counters.bookingIdsWithSeveralOrders(),
                counters.results(),
                offers.size(),
                inFlight,
                inFlightMax,
                webhooksSent,
                webhookFailures,
                faults.forcedPending(),
                counters.lastCreateOrderTraceparent());
    }

    /** Forgets every offer, order, forced fault and counter; the fault draws start again from the seed. */
    void reset() {
        offers.clear();
        orders.clear();
        faults.clearForced();
        faults.configure(config.orderFaults(), config.seed());
        counters.clear();
        searchNumber.set(0);
    }

    private Answer counted(OrderFault fault, Answer answer) {
        return counted(fault.name().toLowerCase(Locale.ROOT), answer);
    }

    private Answer counted(String result, Answer answer) {
        counters.result(result);
        return answer;
    }

    private static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }

    private ObjectNode data(JsonNode value) {
        ObjectNode envelope = json.createObjectNode();
        envelope.set("data", value);
        return envelope;
    }
}
