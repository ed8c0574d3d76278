package dev.flightpipeline.booker.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IntakeRoomTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    private final AtomicInteger underWay = new AtomicInteger();
    private final AtomicInteger waitingForDatabase = new AtomicInteger();
    private final IntakeRoom room = new IntakeRoom(10, 3, underWay::get, waitingForDatabase::get);

    @Test
    void thereIsRoomBelowBothLimits() throws InterruptedException {
        underWay.set(9);
        waitingForDatabase.set(2);

        assertThat(room.await(Duration.ZERO)).isTrue();
    }

    @Test
    void noRoomWhileTheLimitOfBookingsUnderWayIsReached() throws InterruptedException {
        underWay.set(10);

        assertThat(room.await(Duration.ofMillis(50))).isFalse();
    }

    @Test
    void noRoomWhileTheLimitOfBookingsWaitingForTheDatabaseIsReached() throws InterruptedException {
        underWay.set(5);
        waitingForDatabase.set(3);

        assertThat(room.await(Duration.ofMillis(50))).isFalse();
    }

    @Test
    void theRoomIsTheBookingsUnderWayShortOfTheirLimitAndNoneWhileTheDatabaseIsBehind() {
        underWay.set(7);
        waitingForDatabase.set(2);
        assertThat(room.free()).isEqualTo(3);

        waitingForDatabase.set(3);
        assertThat(room.free()).isZero();

        waitingForDatabase.set(0);
        underWay.set(12);
        assertThat(room.free()).isZero();
    }

    @Test
    void aWaitingConsumerGoesOnWhenABookingEnds() {
        underWay.set(10);
        CompletableFuture<Boolean> waiting = waitForRoom();

        underWay.set(9);
        room.bookingEnded();

        assertThat(waiting).succeedsWithin(WITHIN).isEqualTo(true);
    }

    @Test
    void aWaitingConsumerGoesOnWhenTheDatabaseQueueShortensWithoutABookingEnding() {
        waitingForDatabase.set(3);
        CompletableFuture<Boolean> waiting = waitForRoom();
        await().during(Duration.ofMillis(100)).atMost(WITHIN).until(() -> !waiting.isDone());

        waitingForDatabase.set(2);

        assertThat(waiting).succeedsWithin(WITHIN).isEqualTo(true);
    }

    private CompletableFuture<Boolean> waitForRoom() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return room.await(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }
}
