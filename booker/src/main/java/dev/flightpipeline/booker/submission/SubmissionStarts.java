package dev.flightpipeline.booker.submission;

import dev.flightpipeline.booker.submission.DatabasePermits.Step;
import dev.flightpipeline.booking.BookingTransitions.Submission;
import dev.flightpipeline.booking.BookingTransitions.SubmissionStart;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Starts the submissions of bookings that reach that step at about the same time together: one
 * statement and one database permit for all of them, where each took its own. The first booking to
 * arrive waits for a permit; those that arrive meanwhile join it, and it starts them all. Under load
 * the statement carries as many bookings as waited; a booking that arrives alone waits for no one.
 */
final class SubmissionStarts {

    /** Bookings in one statement at most; a larger gathering takes several, one after the other. */
    static final int MOST_IN_ONE_STATEMENT = 500;

    /** Moves the bookings that are still RECEIVED to SUBMITTING: {@code BookingTransitions.startSubmissions}. */
    interface Statement {
        Map<UUID, Submission> start(List<SubmissionStart> starts);
    }

    private final Statement statement;
    private final DatabasePermits database;
    private final Object lock = new Object();
    /** The bookings waiting for the first of them to get a permit; it starts them all. */
    private List<Waiting> gathering = new ArrayList<>();

    SubmissionStarts(Statement statement, DatabasePermits database) {
        this.statement = statement;
        this.database = database;
    }

    /**
     * Moves the booking to SUBMITTING, with others if they are starting too.
     *
     * @return empty if the booking is no longer RECEIVED (someone else submitted or closed it)
     * @throws InterruptedException if the booking that was to start this one's submission with its
     *     own was stopped while it waited for a permit: this one is left RECEIVED
     */
    Optional<Submission> start(SubmissionStart start) throws InterruptedException {
        Waiting waiting = new Waiting(start);
        boolean leads;
        synchronized (lock) {
            leads = gathering.isEmpty();
            gathering.add(waiting);
        }
        if (leads) {
            lead();
        }
        return waiting.result();
    }

    /** Bookings whose submission waits to start now, not counting those in a statement already sent. */
    int waiting() {
        synchronized (lock) {
            return gathering.size();
        }
    }

    private void lead() throws InterruptedException {
        try {
            database.run(Step.START, () -> startAll(takeGathered()));
        } catch (InterruptedException stopping) {
            // Stopped while waiting for a permit: the bookings that joined this one are left
            // RECEIVED, for the next sweep or start.
            LeaderStopped stopped = new LeaderStopped();
            takeGathered().forEach(waiting -> waiting.answer.completeExceptionally(stopped));
            throw stopping;
        }
    }

    private List<Waiting> takeGathered() {
        synchronized (lock) {
            List<Waiting> taken = gathering;
            gathering = new ArrayList<>();
            return taken;
        }
    }

    private void startAll(List<Waiting> gathered) {
        try {
            for (int from = 0; from < gathered.size(); from += MOST_IN_ONE_STATEMENT) {
                startTogether(gathered.subList(from, Math.min(gathered.size(), from + MOST_IN_ONE_STATEMENT)));
            }
        } finally {
            // Whatever went wrong (an Error, say), no booking is left waiting for an answer. The
            // exception is made only when a booking is left: made after every statement, its stack
            // trace was 0.7 % of the booker's CPU at 200/s.
            List<Waiting> unanswered = gathered.stream()
                    .filter(waiting -> !waiting.answer.isDone())
                    .toList();
            if (!unanswered.isEmpty()) {
                IllegalStateException noAnswer =
                        new IllegalStateException("the statement starting this submission ended without an answer");
                unanswered.forEach(waiting -> waiting.answer.completeExceptionally(noAnswer));
            }
        }
    }

    private void startTogether(List<Waiting> batch) {
        Map<UUID, Submission> started;
        try {
            started =
                    statement.start(batch.stream().map(waiting -> waiting.start).toList());
        } catch (DataIntegrityViolationException refused) {
            if (batch.size() == 1) {
                batch.getFirst().answer.completeExceptionally(refused);
                return;
            }
            // One booking's values may be what the database refused: each alone, so the others start.
            batch.forEach(this::startAlone);
            return;
        } catch (RuntimeException failed) {
            // The database or the connection, not one booking: they all stay RECEIVED.
            batch.forEach(waiting -> waiting.answer.completeExceptionally(failed));
            return;
        }
        Set<UUID> answered = new HashSet<>();
        for (Waiting waiting : batch) {
            UUID id = waiting.start.bookingId();
            // One submission per booking, even if it were handed over twice.
            waiting.answer.complete(answered.add(id) ? Optional.ofNullable(started.get(id)) : Optional.empty());
        }
    }

    private void startAlone(Waiting waiting) {
        try {
            waiting.answer.complete(
                    Optional.ofNullable(statement.start(List.of(waiting.start)).get(waiting.start.bookingId())));
        } catch (RuntimeException failed) {
            waiting.answer.completeExceptionally(failed);
        }
    }

    /** A booking waiting for its submission to start, and the answer it gets. */
    private static final class Waiting {
        final SubmissionStart start;
        final CompletableFuture<Optional<Submission>> answer = new CompletableFuture<>();

        Waiting(SubmissionStart start) {
            this.start = start;
        }

        /**
         * Waits for the answer, not interruptibly: once the statement is sent, the booking's fate is
         * in it, as it is in a statement of its own.
         */
        Optional<Submission> result() throws InterruptedException {
            try {
                return answer.join();
            } catch (CompletionException failed) {
                if (failed.getCause() instanceof LeaderStopped) {
                    throw new InterruptedException("stopped before this booking's submission could start");
                }
                if (failed.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw failed;
            }
        }
    }

    /** The booking that was waiting for a permit for the others was stopped. */
    private static final class LeaderStopped extends RuntimeException {
        LeaderStopped() {
            super("the booking waiting for a permit for this one was stopped", null, false, false);
        }
    }
}
