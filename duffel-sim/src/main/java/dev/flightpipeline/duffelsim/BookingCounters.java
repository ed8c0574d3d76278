package dev.flightpipeline.duffelsim;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** What tests and benchmarks count: searches, create-order calls by result, orders per offer and per booking. */
final class BookingCounters {

    private final LongAdder searches = new LongAdder();
    private final LongAdder createOrderCalls = new LongAdder();
    private final Map<String, LongAdder> results = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> ordersPerOffer = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> ordersPerBookingId = new ConcurrentHashMap<>();
    /** Booking ids with more than one order: kept apart so a benchmark can read them cheaply. */
    private final Map<String, AtomicInteger> bookingIdsWithSeveralOrders = new ConcurrentHashMap<>();
    /** So that a test can follow a trace into the create-order call. */
    private final AtomicReference<String> lastCreateOrderTraceparent = new AtomicReference<>();

    void searched() {
        searches.increment();
    }

    void createOrderCalled(String traceparent) {
        createOrderCalls.increment();
        lastCreateOrderTraceparent.set(traceparent);
    }

    void result(String result) {
        results.computeIfAbsent(result, r -> new LongAdder()).increment();
    }

    void orderStored(Order order) {
        ordersPerOffer
                .computeIfAbsent(order.offer().id(), id -> new AtomicInteger())
                .incrementAndGet();
        String bookingId = order.bookingId();
        if (bookingId != null) {
            AtomicInteger count = ordersPerBookingId.computeIfAbsent(bookingId, id -> new AtomicInteger());
            if (count.incrementAndGet() > 1) {
                bookingIdsWithSeveralOrders.put(bookingId, count);
            }
        }
    }

    long searches() {
        return searches.sum();
    }

    long createOrderCalls() {
        return createOrderCalls.sum();
    }

    String lastCreateOrderTraceparent() {
        return lastCreateOrderTraceparent.get();
    }

    Map<String, Long> results() {
        Map<String, Long> copy = new TreeMap<>();
        results.forEach((result, count) -> copy.put(result, count.sum()));
        return copy;
    }

    Map<String, Integer> ordersPerOffer() {
        return snapshot(ordersPerOffer);
    }

    Map<String, Integer> ordersPerBookingId() {
        return snapshot(ordersPerBookingId);
    }

    Map<String, Integer> bookingIdsWithSeveralOrders() {
        return snapshot(bookingIdsWithSeveralOrders);
    }

    void clear() {
        searches.reset();
        createOrderCalls.reset();
        results.clear();
        ordersPerOffer.clear();
        ordersPerBookingId.clear();
        bookingIdsWithSeveralOrders.clear();
        lastCreateOrderTraceparent.set(null);
    }

    private static Map<String, Integer> snapshot(Map<String, AtomicInteger> counts) {
        Map<String, Integer> copy = new TreeMap<>();
        counts.forEach((key, count) -> copy.put(key, count.get()));
        return copy;
    }
}
