package dev.flightpipeline.booker.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flightpipeline.booker.submission.DatabasePermits.Step;
import dev.flightpipeline.booking.BookingTransitions.Submission;
import dev.flightpipeline.booking.BookingTransitions.SubmissionStart;
import dev.flightpipeline.events.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

class SubmissionStartsTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final Money TOTAL = Money.of(new BigDecimal("412.70"), "GBP");

    /** The statements sent, each as the bookings it carried. */
    private final List<List<UUID>> statements = new CopyOnWriteArrayList<>();
    /** Bookings the statement finds RECEIVED no longer. */
    private final Set<UUID> movedOn = new CopyOnWriteArraySet<>();
    /** A booking whose values the database refuses, failing any statement that carries it. */
    private volatile UUID refused;
    /** What every statement throws, if anything: the database gone, or worse. */
    private volatile Throwable everyStatementFails;

    private final DatabasePermits permits = new DatabasePermits(1);
    private final SubmissionStarts starts = new SubmissionStarts(this::statement, permits);

    @Test
    void aBookingThatArrivesAloneStartsInAStatementOfItsOwn() throws InterruptedException {
        UUID booking = UUID.randomUUID();

        assertThat(starts.start(start(booking))).contains(submission(booking));
        assertThat(statements).containsExactly(List.of(booking));
    }

    @Test
    void bookingsThatArriveWhileTheFirstWaitsForAPermitStartWithItInOneStatement() throws InterruptedException {
        CountDownLatch release = holdThePermit();
        List<UUID> bookings =
                IntStream.range(0, 5).mapToObj(i -> UUID.randomUUID()).toList();
        List<CompletableFuture<Optional<Submission>>> answers =
                bookings.stream().map(this::startAsync).toList();
        await().atMost(WITHIN).until(() -> starts.waiting() == 5);

        release.countDown();

        for (int i = 0; i < bookings.size(); i++) {
            assertThat(answers.get(i)).succeedsWithin(WITHIN).isEqualTo(Optional.of(submission(bookings.get(i))));
        }
        assertThat(statements).hasSize(1);
        assertThat(statements.getFirst()).containsExactlyInAnyOrderElementsOf(bookings);
        assertThat(starts.waiting()).isZero();
    }

    @Test
    void aBookingNoLongerReceivedGetsNoSubmissionAndTheOthersTheirs() throws InterruptedException {
        CountDownLatch release = holdThePermit();
        UUID submittedElsewhere = UUID.randomUUID();
        UUID received = UUID.randomUUID();
        movedOn.add(submittedElsewhere);
        CompletableFuture<Optional<Submission>> first = startAsync(submittedElsewhere);
        CompletableFuture<Optional<Submission>> second = startAsync(received);
        await().atMost(WITHIN).until(() -> starts.waiting() == 2);

        release.countDown();

        assertThat(first).succeedsWithin(WITHIN).isEqualTo(Optional.empty());
        assertThat(second).succeedsWithin(WITHIN).isEqualTo(Optional.of(submission(received)));
        assertThat(statements).hasSize(1);
    }

    @Test
    void whenTheDatabaseRefusesOneBookingsValuesEachIsStartedAloneAndOnlyThatOneFails() throws InterruptedException {
        CountDownLatch release = holdThePermit();
        UUID bad = UUID.randomUUID();
        UUID good = UUID.randomUUID();
        refused = bad;
        CompletableFuture<Optional<Submission>> badAnswer = startAsync(bad);
        CompletableFuture<Optional<Submission>> goodAnswer = startAsync(good);
        await().atMost(WITHIN).until(() -> starts.waiting() == 2);

        release.countDown();

        assertThat(goodAnswer).succeedsWithin(WITHIN).isEqualTo(Optional.of(submission(good)));
        assertFailsWithRootCause(badAnswer, DataIntegrityViolationException.class);
        assertThat(statements).hasSize(3);
        assertThat(statements.getFirst()).containsExactlyInAnyOrder(bad, good);
        assertThat(statements.subList(1, 3)).containsExactlyInAnyOrder(List.of(bad), List.of(good));
    }

    @Test
    void whenTheDatabaseFailsTheStatementEveryBookingInItFailsAtOnceWithoutTryingEachAlone()
            throws InterruptedException {
        CountDownLatch release = holdThePermit();
        everyStatementFails = new CannotGetJdbcConnectionException("database gone");
        CompletableFuture<Optional<Submission>> first = startAsync(UUID.randomUUID());
        CompletableFuture<Optional<Submission>> second = startAsync(UUID.randomUUID());
        await().atMost(WITHIN).until(() -> starts.waiting() == 2);

        release.countDown();

        for (CompletableFuture<Optional<Submission>> answer : List.of(first, second)) {
            assertFailsWithRootCause(answer, CannotGetJdbcConnectionException.class);
        }
        assertThat(statements).hasSize(1);
    }

    @Test
    void evenAnErrorInTheStatementLeavesNoBookingWaitingForever() throws InterruptedException {
        CountDownLatch release = holdThePermit();
        everyStatementFails = new StackOverflowError();
        CompletableFuture<Optional<Submission>> first = startAsync(UUID.randomUUID());
        CompletableFuture<Optional<Submission>> second = startAsync(UUID.randomUUID());
        await().atMost(WITHIN).until(() -> starts.waiting() == 2);

        release.countDown();

        assertThat(first).failsWithin(WITHIN);
        assertThat(second).failsWithin(WITHIN);
        assertThat(permits.call(Step.READ, () -> "permit free")).isEqualTo("permit free");
    }

    @Test
    void aGatheringTooLargeForOneStatementGoesInSeveral() throws InterruptedException {
        CountDownLatch release = holdThePermit();
        int bookings = SubmissionStarts.MOST_IN_ONE_STATEMENT + 1;
        List<CompletableFuture<Optional<Submission>>> answers = IntStream.range(0, bookings)
                .mapToObj(i -> startAsync(UUID.randomUUID()))
                .toList();
        await().atMost(WITHIN).until(() -> starts.waiting() == bookings);

        release.countDown();

        answers.forEach(answer -> assertThat(answer).succeedsWithin(WITHIN).matches(Optional::isPresent));
        assertThat(statements).extracting(List::size).containsExactly(SubmissionStarts.MOST_IN_ONE_STATEMENT, 1);
    }

    @Test
    void aBookingHandedOverTwiceGetsOneSubmission() throws InterruptedException {
        CountDownLatch release = holdThePermit();
        UUID booking = UUID.randomUUID();
        CompletableFuture<Optional<Submission>> first = startAsync(booking);
        CompletableFuture<Optional<Submission>> second = startAsync(booking);
        await().atMost(WITHIN).until(() -> starts.waiting() == 2);

        release.countDown();

        assertThat(List.of(first.join(), second.join()))
                .containsExactlyInAnyOrder(Optional.of(submission(booking)), Optional.empty());
    }

    @Test
    void whenTheBookingWaitingForThePermitStopsThoseWithItAreLeftUnstartedAndNothingIsSent()
            throws InterruptedException {
        CountDownLatch release = holdThePermit();
        Thread leader = Thread.ofVirtual().start(() -> {
            try {
                starts.start(start(UUID.randomUUID()));
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(WITHIN).until(() -> permits.waiting() == 1);
        CompletableFuture<Optional<Submission>> follower = startAsync(UUID.randomUUID());
        await().atMost(WITHIN).until(() -> starts.waiting() == 2);

        leader.interrupt();

        assertFailsWithRootCause(follower, InterruptedException.class);
        release.countDown();
        assertThat(starts.start(start(UUID.randomUUID()))).isPresent();
        assertThat(statements).hasSize(1);
    }

    private static void assertFailsWithRootCause(
            CompletableFuture<Optional<Submission>> answer, Class<? extends Throwable> cause) {
        assertThat(answer)
                .failsWithin(WITHIN)
                .withThrowableThat()
                .havingRootCause()
                .isInstanceOf(cause);
    }

    private Map<UUID, Submission> statement(List<SubmissionStart> carried) {
        List<UUID> ids = carried.stream().map(SubmissionStart::bookingId).toList();
        statements.add(ids);
        if (everyStatementFails instanceof RuntimeException failure) {
            throw failure;
        }
        if (everyStatementFails instanceof Error error) {
            throw error;
        }
        if (ids.contains(refused)) {
            throw new DataIntegrityViolationException("invalid input syntax");
        }
        // As the database: a booking named twice is moved, and returned, once.
        return ids.stream()
                .distinct()
                .filter(id -> !movedOn.contains(id))
                .collect(Collectors.toMap(Function.identity(), SubmissionStartsTest::submission));
    }

    private static Submission submission(UUID booking) {
        return new Submission(booking, 1, "user-1", "key-" + booking, "off_" + booking);
    }

    private static SubmissionStart start(UUID booking) {
        return new SubmissionStart(booking, TOTAL, Instant.parse("2026-12-03T15:00:00Z"));
    }

    private CompletableFuture<Optional<Submission>> startAsync(UUID booking) {
        CompletableFuture<Optional<Submission>> answer = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                answer.complete(starts.start(start(booking)));
            } catch (Throwable failed) {
                answer.completeExceptionally(failed);
            }
        });
        return answer;
    }

    private CountDownLatch holdThePermit() throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try {
                permits.run(Step.RECORD, () -> {
                    holding.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        holding.await();
        return release;
    }
}
