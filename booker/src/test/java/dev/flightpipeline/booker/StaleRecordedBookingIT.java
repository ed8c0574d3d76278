package dev.flightpipeline.booker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flightpipeline.booker.submission.BookingSubmitter;
import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.BookingStatus;
import dev.flightpipeline.booking.BookingTransitions;
import dev.flightpipeline.booking.BookingTransitions.Intake;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.Money;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The submitter books a booking just recorded as it was recorded, without reading it again. If
 * another booker has started to submit it meanwhile, this one sends no order, does not fail it on
 * its own offer check, and changes nothing.
 */
class StaleRecordedBookingIT {

    private final BookerPipeline pipeline = BookerPipeline.shared();

    @Test
    void aRecordedBookingAnotherBookerIsAlreadySubmittingIsLeftToThatBooker() {
        pipeline.simulator.updateConfig(SimulatorConfig.defaults());
        RunningBooker booker = pipeline.booker();
        BookingRequested bookable = pipeline.requests.requestFor(pipeline.requests.offer(), "stale");
        // A price the offer does not have: this booker's offer check would fail the booking.
        BookingRequested priceChanged = pipeline.requests.requestFor(
                pipeline.requests.offer(), "stale", "key-" + UUID.randomUUID(), new Money("1.00", "GBP"));

        for (BookingRequested request : List.of(bookable, priceChanged)) {
            Booking asRecorded = recordedAndSubmittedElsewhere(booker, request);
            Booking submittedElsewhere =
                    booker.bookings().findWithTravelers(request.bookingId()).orElseThrow();
            BookingSubmitter submitter = booker.context.getBean(BookingSubmitter.class);

            submitter.submit(asRecorded);
            await().atMost(BookerPipeline.WITHIN).until(() -> submitter.underWay() == 0);

            assertThat(asRecorded.status()).isEqualTo(BookingStatus.RECEIVED);
            assertThat(submittedElsewhere.status()).isEqualTo(BookingStatus.SUBMITTING);
            assertThat(booker.bookings().findWithTravelers(request.bookingId())).contains(submittedElsewhere);
            assertThat(pipeline.simulator.stats().ordersFor(request.bookingId().toString()))
                    .isZero();
        }
    }

    /**
     * The booking as this booker's intake hands it over, and moved to SUBMITTING by another booker,
     * in one transaction: this booker's sweep of RECEIVED bookings never sees it RECEIVED.
     */
    private static Booking recordedAndSubmittedElsewhere(RunningBooker booker, BookingRequested request) {
        BookingTransitions transitions = booker.context.getBean(BookingTransitions.class);
        return new TransactionTemplate(booker.context.getBean("transactionManager", PlatformTransactionManager.class))
                .execute(status -> {
                    Intake intake = transitions.receive(request);
                    assertThat(transitions.startSubmission(
                                    request.bookingId(),
                                    "another-booker",
                                    new Money("100.00", "GBP"),
                                    Instant.now().plus(20, ChronoUnit.MINUTES)))
                            .isPresent();
                    return ((Intake.Recorded) intake).booking();
                });
    }
}
