package dev.flightpipeline.duffelsim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every order, by id, by booking reference and in creation order, and Duffel's newest-first
 * listing with opaque {@code after}/{@code before} cursors.
 */
final class OrderBook {

    /** One page, newest first, and the cursors to the pages either side (null: none). */
    record Page(List<Order> orders, String after, String before) {}

    private record Entry(long sequence, Order order) {}

    private final ConcurrentSkipListMap<Long, Entry> bySequence = new ConcurrentSkipListMap<>();
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final Map<String, Entry> byReference = new ConcurrentHashMap<>();
    private final Set<String> referencesInUse = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();

    /** A booking reference no other order has: airlines never reuse a live one. */
    String newBookingReference(Supplier<String> candidates) {
        String reference;
        do {
            reference = candidates.get();
        } while (!referencesInUse.add(reference));
        return reference;
    }

    void add(Order order) {
        Entry entry = new Entry(sequence.incrementAndGet(), order);
        byId.put(order.id(), entry);
        byReference.put(order.bookingReference(), entry);
        // Listed last, so a listing never shows an order that cannot be fetched.
        bySequence.put(entry.sequence(), entry);
    }

    Order find(String id) {
        Entry entry = id == null ? null : byId.get(id);
        return entry == null ? null : entry.order();
    }

    int size() {
        return byId.size();
    }

    void clear() {
        bySequence.clear();
        byId.clear();
        byReference.clear();
        referencesInUse.clear();
    }

    /**
     * Orders matching {@code filter}, newest first, at most {@code limit}: the newest ones, those
     * older than the {@code after} cursor, or those newer than the {@code before} cursor.
     *
     * @throws IllegalArgumentException when a cursor is not one this book gave out
     */
    Page list(OrderFilter filter, int limit, String after, String before) {
        Long afterSequence = after == null ? null : decode(after);
        Long beforeSequence = before == null ? null : decode(before);
        if (beforeSequence != null && afterSequence == null) {
            List<Entry> newer = take(candidates(filter, beforeSequence, false), filter, limit + 1);
            boolean moreNewer = newer.size() > limit;
            List<Entry> page = new ArrayList<>(newer.subList(0, Math.min(limit, newer.size())));
            Collections.reverse(page);
            return page(page, !page.isEmpty() && hasOlder(filter, page.getLast()), moreNewer);
        }
        List<Entry> older = take(candidates(filter, afterSequence, true), filter, limit + 1);
        List<Entry> page = older.subList(0, Math.min(limit, older.size()));
        boolean moreOlder = older.size() > limit;
        boolean newer = afterSequence != null && !page.isEmpty() && hasNewer(filter, page.getFirst());
        return page(page, moreOlder, newer);
    }

    private Page page(List<Entry> page, boolean moreOlder, boolean moreNewer) {
        return new Page(
                page.stream().map(Entry::order).toList(),
                moreOlder ? encode(page.getLast().sequence()) : null,
                moreNewer ? encode(page.getFirst().sequence()) : null);
    }

    private Iterator<Entry> candidates(OrderFilter filter, Long from, boolean olderFirst) {
        if (filter.bookingReference() != null) {
            Entry entry = byReference.get(filter.bookingReference());
            boolean inRange =
                    entry != null && (from == null || (olderFirst ? entry.sequence() < from : entry.sequence() > from));
            return inRange ? List.of(entry).iterator() : Collections.emptyIterator();
        }
        NavigableMap<Long, Entry> range;
        if (olderFirst) {
            range = from == null
                    ? bySequence.descendingMap()
                    : bySequence.headMap(from, false).descendingMap();
        } else {
            range = from == null ? bySequence : bySequence.tailMap(from, false);
        }
        return range.values().iterator();
    }

    private static List<Entry> take(Iterator<Entry> candidates, OrderFilter filter, int count) {
        List<Entry> matches = new ArrayList<>(Math.min(count, 64));
        while (candidates.hasNext() && matches.size() < count) {
            Entry entry = candidates.next();
            if (filter.matches(entry.order())) {
                matches.add(entry);
            }
        }
        return matches;
    }

    private boolean hasOlder(OrderFilter filter, Entry entry) {
        return !take(candidates(filter, entry.sequence(), true), filter, 1).isEmpty();
    }

    private boolean hasNewer(OrderFilter filter, Entry entry) {
        return !take(candidates(filter, entry.sequence(), false), filter, 1).isEmpty();
    }

    static String encode(long sequence) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("g2:" + sequence).getBytes(StandardCharsets.UTF_8));
    }

    static Long decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith("g2:")) {
                long sequence = Long.parseLong(text.substring(3));
                if (sequence > 0) {
                    return sequence;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below
        }
        throw new IllegalArgumentException("not a cursor: " + cursor);
    }
}
