package dev.flightpipeline.reconciler;

import static dev.flightpipeline.reconciler.ReconcilerTestbed.WITHIN;
import static dev.flightpipeline.reconciler.ReconcilerTestbed.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flightpipeline.booking.BookingStatus;
import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.reconciler.sweep.UnknownOutcomeSweep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A reconciler whose Duffel answers 429 to most of its calls: the sweep waits for the reset, and closes nothing. */
class RateLimitedSweepIT {

    static ReconcilerTestbed testbed;
    static UnknownOutcomeSweep sweep;

    @BeforeAll
    static void startAReconciler() {
        testbed = new ReconcilerTestbed();
        sweep = testbed.startReconciler(Map.of("reconciler.batch-size", 20, "reconciler.max-in-flight", 20))
                .getBean(UnknownOutcomeSweep.class);
    }

    @AfterAll
    static void stopEverything() {
        if (testbed != null) {
            testbed.close();
        }
    }

    @Test
    void rateLimitedChecksWaitForTheResetAndEveryOrderIsStillAttachedOnce() {
        List<UUID> withOrder = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            String familyName = uniqueName();
            Offer offer = testbed.offer();
            BookingRequested request = testbed.request(offer, familyName);
            testbed.submit(request, offer.expiresAt());
            testbed.createOrder(offer, familyName, request.bookingId().toString());
            withOrder.add(request.bookingId());
        }
        Offer offer = testbed.offer();
        BookingRequested withoutOrder = testbed.request(offer, uniqueName());
        testbed.submit(withoutOrder, offer.expiresAt());
        Instant rateLimitedFrom = Instant.now();
        testbed.simulator.updateConfig(testbed.simulator.config().withRateLimitPerSecond(2));
        withOrder.forEach(testbed::markUnknown);
        testbed.markUnknown(withoutOrder.bookingId());

        await().atMost(WITHIN)
                .until(() -> withOrder.stream()
                        .allMatch(
                                id -> testbed.bookings().find(id).orElseThrow().status() == BookingStatus.CONFIRMED));

        assertThat(sweep.pausedUntil()).as("the sweep was paused by a 429").isAfter(rateLimitedFrom);
        for (UUID id : withOrder) {
            assertThat(testbed.outcomes(id))
                    .as("outcomes of %s", id)
                    .containsExactly("BookingPending", "BookingConfirmed");
        }
        assertThat(testbed.bookings()
                        .find(withoutOrder.bookingId())
                        .orElseThrow()
                        .status())
                .isEqualTo(BookingStatus.UNKNOWN);
        assertThat(testbed.outcomes(withoutOrder.bookingId())).containsExactly("BookingPending");
    }
}
