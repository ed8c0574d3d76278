package dev.flightpipeline.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightpipeline.testsupport.RealInfrastructureInitializer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.test.context.ContextConfiguration;

@SpringBootTest(classes = BookingCoreTestApplication.class)
@ContextConfiguration(initializers = RealInfrastructureInitializer.class)
class BookingPersistenceIT {

    static final Instant NOW = Instant.parse("2026-12-01T10:15:30.123456Z");

    @Autowired
    BookingRepository bookings;

    @Autowired
    BookingReader reader;

    @Test
    void aBookingWithTravelersAndSegmentsRoundTripsEveryField() {
        Booking confirmed = new Booking(
                UUID.randomUUID(),
                "alice",
                "key-" + UUID.randomUUID(),
                "sha256:abc",
                "off_" + UUID.randomUUID(),
                BookingStatus.CONFIRMED,
                null,
                null,
                "ord_" + UUID.randomUUID(),
                "RZPNX8",
                // Three decimals: the schema keeps the amount exactly as Duffel gives it.
                new BigDecimal("127.125"),
                "KWD",
                NOW.plus(Duration.ofMinutes(20)),
                new BigDecimal("127.125"),
                "KWD",
                1,
                NOW,
                "FvxRwfugCHFBm3EAACzB",
                "booker-1",
                true,
                null,
                NOW,
                NOW.plusSeconds(3),
                null,
                List.of(traveler("pas_1", "Tony", "Stark"), traveler("pas_2", "Pepper", "Potts")),
                List.of(
                        new Segment(
                                0,
                                "seg_1",
                                "LHR",
                                "JFK",
                                LocalDateTime.parse("2026-12-24T10:30"),
                                LocalDateTime.parse("2026-12-24T13:45"),
                                "BA",
                                "117",
                                "BA",
                                "PT8H15M",
                                "Boeing 777-300ER"),
                        new Segment(
                                1,
                                "seg_2",
                                "JFK",
                                "LHR",
                                LocalDateTime.parse("2027-01-02T18:00"),
                                LocalDateTime.parse("2027-01-03T06:10"),
                                "BA",
                                "112",
                                null,
                                "PT7H10M",
                                null)));

        Booking saved = bookings.save(confirmed);
        Booking loaded = bookings.findById(confirmed.id()).orElseThrow();

        assertThat(saved.version()).isNotNull();
        assertThat(loaded).usingRecursiveComparison().isEqualTo(saved);
        assertThat(loaded.travelers()).extracting(Traveler::passengerId).containsExactly("pas_1", "pas_2");
        assertThat(loaded.segments()).extracting(Segment::origin).containsExactly("LHR", "JFK");
        assertThat(reader.find(confirmed.id())).get().usingRecursiveComparison().isEqualTo(loaded);
    }

    @Test
    void theReaderLoadsWhatTheRepositoryLoadsOneBookingOrAUsersPage() {
        String user = "kim-" + UUID.randomUUID();
        Booking bare = bookings.save(receivedAt(user, "k0", "off_" + UUID.randomUUID(), NOW.minusSeconds(60))
                .withTravelersAndSegments(List.of(), List.of()));
        Booking confirmed = confirmed(received(user, "k1", "off_" + UUID.randomUUID()), "ord_" + UUID.randomUUID());
        confirmed =
                bookings.save(confirmed.withTravelersAndSegments(confirmed.travelers(), List.of(londonToNewYork())));
        Booking twoTravelers = bookings.save(receivedAt(user, "k2", "off_" + UUID.randomUUID(), NOW.plusSeconds(60))
                .withTravelersAndSegments(
                        List.of(traveler("pas_1", "Tony", "Stark"), traveler("pas_2", "Pepper", "Potts")), List.of()));
        bookings.save(received("someone-else-" + UUID.randomUUID(), "k1", "off_" + UUID.randomUUID()));

        for (Booking saved : List.of(bare, confirmed, twoTravelers)) {
            assertThat(reader.find(saved.id()))
                    .get()
                    .usingRecursiveComparison()
                    .isEqualTo(bookings.findById(saved.id()).orElseThrow());
        }
        assertThat(reader.find(UUID.randomUUID())).isEmpty();
        for (Booking saved : List.of(bare, confirmed, twoTravelers)) {
            Booking whole = bookings.findById(saved.id()).orElseThrow();
            assertThat(reader.findWithTravelers(saved.id()))
                    .get()
                    .usingRecursiveComparison()
                    .isEqualTo(whole.withTravelersAndSegments(whole.travelers(), List.of()));
        }
        assertThat(reader.findWithTravelers(UUID.randomUUID())).isEmpty();
        List<Booking> expected = List.of(twoTravelers, confirmed, bare).stream()
                .map(saved -> bookings.findById(saved.id()).orElseThrow())
                .toList();
        assertThat(reader.newestOfUser(user, 10)).usingRecursiveComparison().isEqualTo(expected);
        assertThat(reader.ofUserOlderThan(user, twoTravelers.createdAt(), twoTravelers.id(), 10))
                .usingRecursiveComparison()
                .isEqualTo(expected.subList(1, 3));
        assertThat(reader.ofUserOlderThan(user, bare.createdAt(), bare.id(), 10))
                .isEmpty();
    }

    @Test
    void segmentsAreShownOnlyWithTheConfirmationTheyCameWith() {
        // Only a confirmation writes segments; a read that sees the booking before it and its
        // segments after it (two statements) must not mix the two states.
        Booking received = bookings.save(received("lee-" + UUID.randomUUID(), "k1", "off_" + UUID.randomUUID())
                .withTravelersAndSegments(List.of(traveler("pas_1", "Tony", "Stark")), List.of(londonToNewYork())));

        assertThat(bookings.findById(received.id()).orElseThrow().segments()).hasSize(1);
        assertThat(reader.find(received.id())).get().satisfies(found -> {
            assertThat(found.status()).isEqualTo(BookingStatus.RECEIVED);
            assertThat(found.travelers()).hasSize(1);
            assertThat(found.segments()).isEmpty();
        });
    }

    @Test
    void aSecondBookingWithTheSameUserAndKeyIsRefusedByTheDatabase() {
        Booking first = bookings.save(received("bob", "same-key", "off_" + UUID.randomUUID()));

        assertThatThrownBy(() -> bookings.save(received("bob", "same-key", "off_" + UUID.randomUUID())))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("booking_user_idempotency_key_unique");
        assertThat(bookingOf("bob", "same-key")).get().extracting(Booking::id).isEqualTo(first.id());
    }

    @Test
    void theSameKeyOfAnotherUserIsAnotherBooking() {
        bookings.save(received("carol", "shared-key", "off_" + UUID.randomUUID()));
        bookings.save(received("dave", "shared-key", "off_" + UUID.randomUUID()));

        assertThat(bookingOf("dave", "shared-key")).isPresent();
    }

    @Test
    void anOfferCanHaveOnlyOneBookingThatHasNotFailed() {
        String offer = "off_" + UUID.randomUUID();
        Booking first = bookings.save(received("erin", "k1", offer));

        assertThatThrownBy(() -> bookings.save(received("frank", "k2", offer)))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("booking_live_offer_unique");
        assertThat(bookings.findLiveByOfferId(offer))
                .get()
                .extracting(Booking::id)
                .isEqualTo(first.id());
    }

    @Test
    void afterTheFirstBookingOfAnOfferFailedTheOfferMayBeBookedAgain() {
        String offer = "off_" + UUID.randomUUID();
        Booking first = bookings.save(received("gina", "k1", offer));
        bookings.save(failed(first));

        Booking second = bookings.save(received("gina", "k2", offer));

        assertThat(bookings.findLiveByOfferId(offer))
                .get()
                .extracting(Booking::id)
                .isEqualTo(second.id());
    }

    @Test
    void savingAChangeMadeToAStaleCopyIsRefused() {
        Booking received = bookings.save(received("ivan", "k1", "off_" + UUID.randomUUID()));
        bookings.save(failed(received));

        assertThatThrownBy(() -> bookings.save(failed(received))).isInstanceOf(OptimisticLockingFailureException.class);
    }

    @Test
    void aDuffelOrderCanBeAttachedToOnlyOneBooking() {
        String order = "ord_" + UUID.randomUUID();
        bookings.save(confirmed(received("judy", "k1", "off_" + UUID.randomUUID()), order));

        assertThatThrownBy(() -> bookings.save(confirmed(received("judy", "k2", "off_" + UUID.randomUUID()), order)))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("booking_duffel_order_unique");
    }

    @Test
    void aUsersBookingsArePagedNewestFirstWithoutGapsOrRepeats() {
        String user = "henry-" + UUID.randomUUID();
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Two bookings share each instant: the id breaks the tie.
            Instant at = NOW.minus(i / 2, ChronoUnit.MINUTES);
            Booking booking = receivedAt(user, "k" + i, "off_" + UUID.randomUUID(), at);
            created.add(bookings.save(booking).id());
        }

        List<Booking> pages = new ArrayList<>(reader.newestOfUser(user, 3));
        while (true) {
            Booking last = pages.getLast();
            List<Booking> next = reader.ofUserOlderThan(user, last.createdAt(), last.id(), 3);
            if (next.isEmpty()) {
                break;
            }
            pages.addAll(next);
        }

        assertThat(pages)
                .extracting(Booking::id)
                .containsExactlyInAnyOrderElementsOf(created)
                .doesNotHaveDuplicates();
        assertThat(pages).extracting(Booking::createdAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(pages.getFirst().travelers()).hasSize(1);
    }

    private static Segment londonToNewYork() {
        return new Segment(
                0,
                "seg_1",
                "LHR",
                "JFK",
                LocalDateTime.parse("2026-12-24T10:30"),
                LocalDateTime.parse("2026-12-24T13:45"),
                "BA",
                "117",
                null,
                null,
                null);
    }

    private static Traveler traveler(String id, String givenName, String familyName) {
        return new Traveler(
                id,
                "mr",
                givenName,
                familyName,
                "m",
                LocalDate.parse("1980-07-24"),
                givenName.toLowerCase() + "@example.com",
                "+442080160509");
    }

    private static Booking received(String user, String key, String offer) {
        return receivedAt(user, key, offer, NOW);
    }

    private static Booking receivedAt(String user, String key, String offer, Instant at) {
        return Booking.received(
                UUID.randomUUID(),
                user,
                key,
                "sha256:" + key,
                offer,
                null,
                null,
                List.of(traveler("pas_1", "Tony", "Stark")),
                at,
                Duration.ofMinutes(5));
    }

    private static Booking confirmed(Booking booking, String duffelOrderId) {
        return new Booking(
                booking.id(),
                booking.userId(),
                booking.idempotencyKey(),
                booking.requestFingerprint(),
                booking.offerId(),
                BookingStatus.CONFIRMED,
                null,
                null,
                duffelOrderId,
                "PNR001",
                new BigDecimal("99.00"),
                "EUR",
                null,
                null,
                null,
                1,
                NOW,
                null,
                "booker-1",
                false,
                null,
                booking.createdAt(),
                NOW,
                booking.version(),
                booking.travelers(),
                List.of());
    }

    private static Booking failed(Booking booking) {
        return new Booking(
                booking.id(),
                booking.userId(),
                booking.idempotencyKey(),
                booking.requestFingerprint(),
                booking.offerId(),
                BookingStatus.FAILED,
                "offer_expired",
                "The offer is no longer available",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                1,
                NOW,
                null,
                "booker-1",
                false,
                null,
                booking.createdAt(),
                NOW,
                booking.version(),
                booking.travelers(),
                List.of());
    }

    private Optional<Booking> bookingOf(String user, String idempotencyKey) {
        return reader.newestOfUser(user, 100).stream()
                .filter(booking -> booking.idempotencyKey().equals(idempotencyKey))
                .findFirst();
    }
}
