package dev.flightpipeline.gateway.booking;

import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.BookingReader;
import dev.flightpipeline.gateway.booking.BookingOutcomeFeed.Waiter;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** A user's bookings as the read endpoints show them: only the user's own, newest first. */
class BookingReads {

    /** One page of bookings, and the cursor of the next page (null on the last). */
    record Page(List<BookingView> bookings, String nextCursor) {}

    private final BookingReader bookings;
    private final IdempotencyStore keys;
    private final BookingOutcomeFeed outcomes;
    private final DatabaseCalls database;

    BookingReads(BookingReader bookings, IdempotencyStore keys, BookingOutcomeFeed outcomes, DatabaseCalls database) {
        this.database = database;
        this.bookings = bookings;
        this.keys = keys;
        this.outcomes = outcomes;
    }

    /**
     * The user's booking, waiting up to {@code wait} for it to be decided. Empty when it is not the
     * user's (or does not exist): the two are not told apart.
     */
    Mono<Optional<BookingView>> one(String userId, UUID bookingId, Duration wait) {
        if (wait.isZero()) {
            return read(userId, bookingId);
        }
        // Listen before reading, so that an outcome between the read and the wait is not missed.
        Waiter waiter = outcomes.waitFor(bookingId);
        return read(userId, bookingId).flatMap(view -> {
            if (view.isEmpty() || view.get().terminal()) {
                waiter.cancel();
                return Mono.just(view);
            }
            return waiter.within(wait).then(read(userId, bookingId));
        });
    }

    private Mono<Optional<BookingView>> read(String userId, UUID bookingId) {
        return database.call(() -> {
            Optional<Booking> booking =
                    bookings.find(bookingId).filter(found -> found.userId().equals(userId));
            if (booking.isPresent()) {
                return booking.map(BookingView::of);
            }
            // Accepted, but not yet recorded by the booker.
            return keys.acceptedFor(userId, bookingId)
                    ? Optional.of(BookingView.received(bookingId))
                    : Optional.empty();
        });
    }

    Mono<Page> page(String userId, int limit, Cursor after) {
        return database.call(() -> {
            List<Booking> found = after == null
                    ? bookings.newestOfUser(userId, limit + 1)
                    : bookings.ofUserOlderThan(userId, after.createdAt(), after.bookingId(), limit + 1);
            List<Booking> shown = found.size() > limit ? found.subList(0, limit) : found;
            String next = found.size() > limit ? Cursor.of(shown.getLast()).encode() : null;
            return new Page(shown.stream().map(BookingView::of).toList(), next);
        });
    }

    /** Where a page ends: the last booking's creation time and id, opaque to clients. */
    record Cursor(Instant createdAt, UUID bookingId) {

        static Cursor of(Booking booking) {
            return new Cursor(booking.createdAt(), booking.id());
        }

        String encode() {
            String text = createdAt.getEpochSecond() + "." + createdAt.getNano() + "." + bookingId;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        /** @return empty when the text is not a cursor this gateway made */
        static Optional<Cursor> decode(String text) {
            try {
                String[] parts =
                        new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\.", 3);
                if (parts.length != 3) {
                    return Optional.empty();
                }
                Instant createdAt = Instant.ofEpochSecond(Long.parseLong(parts[0]), Integer.parseInt(parts[1]));
                return Optional.of(new Cursor(createdAt, UUID.fromString(parts[2])));
            } catch (IllegalArgumentException | DateTimeException e) {
                return Optional.empty();
            }
        }
    }
}
