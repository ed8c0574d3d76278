package dev.flightpipeline.reconciler;

import static dev.flightpipeline.reconciler.ReconcilerTestbed.WITHIN;
import static dev.flightpipeline.reconciler.ReconcilerTestbed.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.BookingStatus;
import dev.flightpipeline.booking.ConfirmedOrder;
import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.duffel.Orders.Order;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.FailureReason;
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

        Booking booking = testbed.bookings().find(request.bookingId()).orElseThrow();
        assertThat(booking.status()).isEqualTo(BookingStatus.UNKNOWN);
        assertThat(booking.nextCheckAt()).isAfter(markedUnknownAt.plusSeconds(1));
        assertThat(testbed.outcomes(request.bookingId())).containsExactly("BookingPending");
        assertThat(testbed.opsKinds(request.bookingId())).containsExactly("outcome_unknown");
    }

    @Test
    void ordersTheSweepPagesPastThatNoBookingTakesAreReportedAsOrphansOnceWithWhatAnOperatorNeeds() {
        String familyName = uniqueName();
        Offer offer = testbed.offer();
        BookingRequested request = testbed.request(offer, familyName);
        testbed.submit(request, offer.expiresAt());
        testbed.createOrder(offer, familyName, request.bookingId().toString());
        // Newer orders of the same passenger name, met before the booking's own order:
        // one naming no booking of ours,
        UUID nobody = UUID.randomUUID();
        Order forNobody = testbed.createOrder(testbed.offer(), familyName, nobody.toString());
        // one for a booking the booker closed as FAILED,
        Offer failedOffer = testbed.offer();
        BookingRequested failed = testbed.request(failedOffer, uniqueName());
        testbed.submit(failed, failedOffer.expiresAt());
        testbed.booker.fail(failed.bookingId(), FailureReason.OFFER_EXPIRED, "offer expired", null, null);
        Order forFailed = testbed.createOrder(
                testbed.offer(), familyName, failed.bookingId().toString());
        // and a second order for a booking confirmed with its first.
        Offer confirmedOffer = testbed.offer();
        String confirmedName = uniqueName();
        BookingRequested confirmed = testbed.request(confirmedOffer, confirmedName);
        testbed.submit(confirmed, confirmedOffer.expiresAt());
        Order first = testbed.createOrder(
                confirmedOffer, confirmedName, confirmed.bookingId().toString());
        testbed.booker.confirm(confirmed.bookingId(), ConfirmedOrder.from(first), false, null);
        Order second = testbed.createOrder(
                testbed.offer(), familyName, confirmed.bookingId().toString());
        double orphansBefore = testbed.counted("reconciler.orphan.orders", "found_by", "sweep");

        testbed.markUnknown(request.bookingId());
        testbed.awaitStatus(request.bookingId(), BookingStatus.CONFIRMED);
        // Another booking of the same name: its sweep meets the same orders again.
        Offer again = testbed.offer();
        BookingRequested another = testbed.request(again, familyName);
        testbed.submit(another, again.expiresAt());
        testbed.createOrder(again, familyName, another.bookingId().toString());
        testbed.markUnknown(another.bookingId());
        testbed.awaitStatus(another.bookingId(), BookingStatus.CONFIRMED);

        assertThat(testbed.orphanReports(forNobody.id())).singleElement().satisfies(report -> {
            assertThat(report.get("bookingId").asString()).isEqualTo(nobody.toString());
            assertThat(report.get("attributes").get("orphan_kind").asString()).isEqualTo("no_such_booking");
            assertThat(report.get("attributes").get("found_by").asString()).isEqualTo("sweep");
            assertThat(report.get("attributes").get("booking_reference").asString())
                    .isEqualTo(forNobody.bookingReference());
            assertThat(report.get("attributes").get("action").asString()).isNotBlank();
        });
        assertThat(testbed.orphanReports(forFailed.id()))
                .singleElement()
                .satisfies(report -> assertThat(
                                report.get("attributes").get("orphan_kind").asString())
                        .isEqualTo("booking_failed"));
        assertThat(testbed.orphanReports(second.id())).singleElement().satisfies(report -> {
            assertThat(report.get("attributes").get("orphan_kind").asString()).isEqualTo("second_order");
            assertThat(report.get("attributes").get("booking_duffel_order_id").asString())
                    .isEqualTo(first.id());
        });
        assertThat(testbed.orphanReports(first.id())).isEmpty();
        assertThat(testbed.counted("reconciler.orphan.orders", "found_by", "sweep"))
                .isEqualTo(orphansBefore + 3);
        assertThat(testbed.bookings().find(confirmed.bookingId()).orElseThrow().duffelOrderId())
                .isEqualTo(first.id());
        assertThat(testbed.outcomes(failed.bookingId())).containsExactly("BookingFailed");
    }

    @Test
    void theSweepsAndOrphansMetricsArePublishedForPrometheusAndMove() {
        double closedBefore = testbed.counted("reconciler.checks", "result", "closed_no_order");
        BookingRequested request = testbed.request(testbed.offer(), uniqueName());
        testbed.submit(request, Instant.now().minus(Duration.ofMinutes(6)));
        testbed.markUnknown(request.bookingId());
        testbed.awaitStatus(request.bookingId(), BookingStatus.FAILED);

        await().atMost(WITHIN)
                .until(() -> testbed.counted("reconciler.checks", "result", "closed_no_order") > closedBefore);
        assertThat(testbed.prometheus())
                .contains("reconciler_checks_total{result=\"closed_no_order\"}")
                .contains("reconciler_checks_total{result=\"duffel_error\"}")
                .contains("reconciler_sweeps_seconds_count")
                .contains("reconciler_orphan_orders_total{found_by=\"sweep\",kind=\"second_order\"}");
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
                        .allMatch(
                                id -> testbed.bookings().find(id).orElseThrow().status() == BookingStatus.CONFIRMED));

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
