package dev.flightpipeline.reconciler;

import static dev.flightpipeline.reconciler.ReconcilerTestbed.WITHIN;
import static dev.flightpipeline.reconciler.ReconcilerTestbed.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.BookingStatus;
import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.duffel.Orders.Order;
import dev.flightpipeline.events.BookingRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two reconcilers on one database and the simulator, sweeping the same bookings at once, in small
 * batches and reading Duffel's order list in small pages.
 */
class ReconcilerSweepIT {

    static ReconcilerTestbed testbed;

    @BeforeAll
    static void startTwoReconcilers() {
        testbed = new ReconcilerTestbed();
        Map<String, Object> settings = Map.of("reconciler.batch-size", 5, "reconciler.orders-page-size", 2);
        testbed.startReconciler(settings);
        testbed.startReconciler(settings);
    }

    @AfterAll
    static void stopEverything() {
        if (testbed != null) {
            testbed.close();
        }
    }

    @Test
    void anOrderCreatedWhileTheBookersCallTimedOutIsAttachedLateWithOneBookingConfirmed() {
        String familyName = uniqueName();
        Offer offer = testbed.offer();
        BookingRequested request = testbed.request(offer, familyName);
        testbed.submit(request, offer.expiresAt());
        Order order = testbed.createOrder(offer, familyName, request.bookingId().toString());
        // Newer orders of passengers with the same name: the booking's is on a later page.
        for (int i = 0; i < 3; i++) {
            testbed.createOrder(testbed.offer(), familyName, UUID.randomUUID().toString());
        }
        testbed.markUnknown(request.bookingId());

        Booking booking = testbed.awaitStatus(request.bookingId(), BookingStatus.CONFIRMED);

        assertThat(booking.late()).isTrue();
        assertThat(booking.duffelOrderId()).isEqualTo(order.id());
        assertThat(booking.bookingReference()).isEqualTo(order.bookingReference());
        assertThat(booking.totalAmount()).isEqualByComparingTo(order.totalAmount());
        assertThat(booking.nextCheckAt()).isNull();
        assertThat(booking.travelers()).singleElement().satisfies(traveler -> {
            assertThat(traveler.givenName()).isEqualTo("Tony");
            assertThat(traveler.familyName()).isEqualTo(familyName);
        });
        int flights = order.slices().stream()
                .mapToInt(slice -> slice.segments().size())
                .sum();
        assertThat(booking.segments()).isNotEmpty().hasSize(flights);
        assertThat(booking.segments().getFirst().duffelSegmentId())
                .isEqualTo(order.slices().getFirst().segments().getFirst().id());
        assertThat(testbed.outcomes(request.bookingId())).containsExactly("BookingPending", "BookingConfirmed");
        assertThat(testbed.opsKinds(request.bookingId())).containsExactly("outcome_unknown", "reconciled_late");
    }

    @Test
    void aBookingWithNoOrderWhoseOfferExpiredLongerThanTheGraceAgoIsClosedWithOneBookingFailed() {
        BookingRequested request = testbed.request(testbed.offer(), uniqueName());
        testbed.submit(request, Instant.now().minus(Duration.ofMinutes(6)));
        testbed.markUnknown(request.bookingId());

        Booking booking = testbed.awaitStatus(request.bookingId(), BookingStatus.FAILED);

        assertThat(booking.failureCode()).isEqualTo("no_order_created");
        assertThat(booking.failureReason()).startsWith("no order was created");
        assertThat(booking.nextCheckAt()).isNull();
        assertThat(testbed.outcomes(request.bookingId())).containsExactly("BookingPending", "BookingFailed");
        assertThat(testbed.opsKinds(request.bookingId())).containsExactly("outcome_unknown", "closed_by_reconciler");
    }

    @Test
    void aBookingWithNoOrderWhoseOfferHasNotExpiredStaysUnknownAndIsCheckedAgainLater() {
        Offer offer = testbed.offer();
        BookingRequested request = testbed.request(offer, uniqueName());
        testbed.submit(request, offer.expiresAt());
        testbed.markUnknown(request.bookingId());
        Instant markedUnknownAt = Instant.now();

        await().atMost(WITHIN).until(() -> testbed.checks(request.bookingId()) >= 2);

        Booking booking = testbed.bookings().findById(request.bookingId()).orElseThrow();
        assertThat(booking.status()).isEqualTo(BookingStatus.UNKNOWN);
        assertThat(booking.nextCheckAt()).isAfter(markedUnknownAt.plusSeconds(1));
        assertThat(testbed.outcomes(request.bookingId())).containsExactly("BookingPending");
        assertThat(testbed.opsKinds(request.bookingId())).containsExactly("outcome_unknown");
    }

    @Test
    void twoReconcilersSweepingTheSameBookingsAttachEachOrderOnceAndPublishItOnce() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String familyName = uniqueName();
            Offer offer = testbed.offer();
            BookingRequested request = testbed.request(offer, familyName);
            testbed.submit(request, offer.expiresAt());
            testbed.createOrder(offer, familyName, request.bookingId().toString());
            ids.add(request.bookingId());
        }
        // All due at the same moment, for both reconcilers.
        ids.forEach(testbed::markUnknown);

        await().atMost(WITHIN)
                .until(() -> ids.stream()
                        .allMatch(id ->
                                testbed.bookings().findById(id).orElseThrow().status() == BookingStatus.CONFIRMED));

        for (UUID id : ids) {
            assertThat(testbed.outcomes(id))
                    .as("outcomes of %s", id)
                    .containsExactly("BookingPending", "BookingConfirmed");
            assertThat(testbed.opsKinds(id))
                    .as("ops events of %s", id)
                    .containsExactly("outcome_unknown", "reconciled_late");
            assertThat(testbed.history(id)).containsExactly("RECEIVED", "SUBMITTING", "UNKNOWN", "CONFIRMED");
        }
    }
}
