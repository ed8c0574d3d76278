package dev.flightpipeline.booker.submission;

import dev.flightpipeline.booker.BookerProperties;
import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.BookingLogContext;
import dev.flightpipeline.booking.BookingReader;
import dev.flightpipeline.booking.BookingTransitions;
import dev.flightpipeline.duffel.DuffelClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import reactor.core.Exceptions;

/**
 * Books RECEIVED bookings on Duffel, thousands at once: one virtual thread per booking, at most
 * {@code booker.max-in-flight} of them calling Duffel and at most {@code databasePermits} of them
 * using the database. Bookings come from the request consumer, from
 * the start-up recovery and from a periodic sweep of RECEIVED bookings nobody is working on.
 *
 * <p>Starts before the request consumer and stops after it: on stop it takes no more work, lets
 * the calls in flight finish for up to {@code booker.shutdown-grace}, then interrupts the rest.
 * An interrupted booking is left RECEIVED (picked up again) or SUBMITTING (UNKNOWN at the next
 * start): never half-written, never sent twice.
 *
 * <p>A booking handed over while a request is being taken is booked in that request's trace (the
 * observation {@code booker.submission}, a child of it); one found by the sweep in a new trace.
 */
public final class BookingSubmitter implements SmartLifecycle {

    /** After the outbox relay starts, before the Kafka listeners (which start last and stop first). */
    public static final int PHASE = Integer.MAX_VALUE - 200;

    private static final Logger log = LoggerFactory.getLogger(BookingSubmitter.class);

    private final DuffelBooking duffelBooking;
    private final BookingTransitions transitions;
    private final BookerProperties settings;
    private final ObservationRegistry observations;
    private final Semaphore callSlots;
    private final DatabasePermits database;
    private final SubmissionStarts starts;
    private final Set<UUID> underWay = ConcurrentHashMap.newKeySet();
    private final IntakeRoom room;
    private volatile boolean accepting;
    private ExecutorService threads;
    private ScheduledExecutorService sweep;

    /**
     * @param databasePermits bookings using the database at once: fewer than the pool's connections,
     *     which the request consumer, the outbox relay and the sweep need too
     */
    public BookingSubmitter(
            BookingReader bookings,
            BookingTransitions transitions,
            DuffelClient duffel,
            BookerProperties settings,
            Clock clock,
            MeterRegistry metrics,
            ObservationRegistry observations,
            int databasePermits) {
        this.database = new DatabasePermits(databasePermits);
        this.starts = new SubmissionStarts(
                starting -> transitions.startSubmissions(starting, settings.instanceId()), database);
        this.duffelBooking = new DuffelBooking(
                bookings, transitions, duffel, new RateLimitGate(clock), database, starts, settings, clock, metrics);
        this.transitions = transitions;
        this.settings = settings;
        this.observations = observations;
        this.callSlots = new Semaphore(settings.maxInFlight());
        this.room = new IntakeRoom(
                settings.maxQueued(), settings.maxWaitingForDatabase(), underWay::size, this::waitingForDatabase);
    }

    /** Books this booking unless it is already under way here. Does not block. */
    public void submit(UUID bookingId) {
        submit(bookingId, null);
    }

    /**
     * Books a booking just recorded, as it was recorded: it is not read again first. Does not block.
     */
    public void submit(Booking recorded) {
        submit(recorded.id(), recorded);
    }

    /** @param known the booking as the caller has it; null to read it */
    private void submit(UUID bookingId, Booking known) {
        if (!accepting || !underWay.add(bookingId)) {
            return;
        }
        Observation submission = Observation.createNotStarted("booker.submission", observations)
                .contextualName("booking submission")
                .parentObservation(observations.getCurrentObservation());
        threads.execute(() -> {
            try (MDC.MDCCloseable named = BookingLogContext.put(bookingId)) {
                book(bookingId, known, submission);
            } finally {
                underWay.remove(bookingId);
                room.bookingEnded();
            }
        });
    }

    private void book(UUID bookingId, Booking known, Observation submission) {
        try {
            submission.observeChecked(() -> {
                CallSlot slot = new CallSlot(callSlots);
                slot.take();
                try {
                    if (known != null) {
                        duffelBooking.book(known, slot);
                    } else {
                        duffelBooking.book(bookingId, slot);
                    }
                } finally {
                    slot.giveBack();
                }
            });
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException failure) {
            if (Exceptions.unwrap(failure) instanceof InterruptedException) {
                // Stopped past the shutdown grace while waiting for Duffel (a blocked Mono says
                // so this way): the booking stays as it is and the next start recovers it.
                Thread.currentThread().interrupt();
            } else {
                // The booking keeps its state; the sweep or the reconciler picks it up again.
                log.error("Booking {} could not be submitted: {}", bookingId, failure.toString());
            }
        }
    }

    /** Bookings taken but not finished: waiting for a slot or calling Duffel. */
    public int underWay() {
        return underWay.size();
    }

    /**
     * Bookings waiting for the database now: for a permit, or for their submission to start with
     * others' (the one of them waiting for the permit counts twice).
     */
    public int waitingForDatabase() {
        return database.waiting() + starts.waiting();
    }

    /** Calls to Duffel in flight now. */
    public int inFlight() {
        return settings.maxInFlight() - callSlots.availablePermits();
    }

    /**
     * Waits (at most {@code maxWait}) until fewer than {@code booker.max-queued} bookings are under
     * way and fewer than {@code booker.max-waiting-for-database} wait for the database: how the
     * request consumer slows down to what Duffel and the database absorb.
     *
     * @return false if still full
     */
    public boolean awaitRoom(Duration maxWait) throws InterruptedException {
        return room.await(maxWait);
    }

    @Override
    public void start() {
        threads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("booking-", 0).factory());
        accepting = true;
        int interrupted = transitions.interruptSubmissions(settings.instanceId());
        if (interrupted > 0) {
            log.warn("{} bookings were being sent when this booker last stopped; they are UNKNOWN now", interrupted);
        }
        sweep = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("received-sweep").daemon().factory());
        long every = settings.receivedSweepInterval().toMillis();
        sweep.scheduleWithFixedDelay(this::submitReceived, 0, every, TimeUnit.MILLISECONDS);
    }

    private void submitReceived() {
        try {
            int free = room.free();
            if (free > 0) {
                transitions.receivedBookings(free).forEach(this::submit);
            }
        } catch (RuntimeException failure) {
            log.warn("Could not look for RECEIVED bookings: {}", failure.toString());
        }
    }

    @Override
    public void stop() {
        accepting = false;
        sweep.shutdownNow();
        threads.shutdown();
        try {
            if (!threads.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn(
                        "{} bookings still under way after {}; interrupting them",
                        underWay.size(),
                        settings.shutdownGrace());
                threads.shutdownNow();
                threads.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return accepting;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
