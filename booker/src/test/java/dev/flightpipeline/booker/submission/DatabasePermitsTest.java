package dev.flightpipeline.booker.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.flightpipeline.booker.submission.DatabasePermits.Step;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DatabasePermitsTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Test
    void noMoreCallsRunAtOnceThanThereArePermitsAndTheOthersWaitTheirTurn() {
        DatabasePermits permits = new DatabasePermits(2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            Step step = Step.values()[i % 3];
            start(() -> {
                permits.run(step, () -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    awaitQuietly(release);
                    running.decrementAndGet();
                });
                done.incrementAndGet();
            });
        }

        await().atMost(WITHIN).until(() -> running.get() == 2 && permits.waiting() == 3);
        release.countDown();
        await().atMost(WITHIN).until(() -> done.get() == 5);
        assertThat(mostAtOnce).hasValue(2);
        assertThat(permits.waiting()).isZero();
    }

    @Test
    void aFreedPermitGoesToTheBookingFurthestAlongThenInArrivalOrder() throws InterruptedException {
        DatabasePermits permits = new DatabasePermits(1);
        CountDownLatch release = holdThePermit(permits);
        List<String> order = new CopyOnWriteArrayList<>();
        String[] arrivals = {"read-1", "start-1", "read-2", "record-1", "start-2", "record-2"};
        for (String name : arrivals) {
            Step step = Step.valueOf(name.substring(0, name.indexOf('-')).toUpperCase());
            int waitingBefore = permits.waiting();
            start(() -> permits.run(step, () -> order.add(name)));
            await().atMost(WITHIN).until(() -> permits.waiting() == waitingBefore + 1);
        }

        release.countDown();

        await().atMost(WITHIN).until(() -> order.size() == arrivals.length);
        assertThat(order).containsExactly("record-1", "record-2", "start-1", "start-2", "read-1", "read-2");
    }

    @Test
    void aWaitingBookingThatIsStoppedLeavesNoPermitBehind() throws InterruptedException {
        DatabasePermits permits = new DatabasePermits(1);
        CountDownLatch release = holdThePermit(permits);
        Thread stopped = start(() -> permits.run(Step.RECORD, () -> {}));
        AtomicInteger after = new AtomicInteger();
        start(() -> permits.run(Step.READ, after::incrementAndGet));
        await().atMost(WITHIN).until(() -> permits.waiting() == 2);

        stopped.interrupt();
        await().atMost(WITHIN).until(() -> permits.waiting() == 1);
        release.countDown();

        await().atMost(WITHIN).until(() -> after.get() == 1);
        assertThat(permits.call(Step.READ, () -> "next")).isEqualTo("next");
    }

    @Test
    void aCallThatFailsGivesItsPermitBack() throws InterruptedException {
        DatabasePermits permits = new DatabasePermits(1);

        assertThatThrownBy(() -> permits.call(Step.RECORD, () -> {
                    throw new IllegalStateException("database down");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(permits.call(Step.READ, () -> "next")).isEqualTo("next");
    }

    @Test
    void atLeastOnePermit() {
        assertThatThrownBy(() -> new DatabasePermits(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    /** Takes the only permit on another thread and keeps it until the latch answered is counted down. */
    private static CountDownLatch holdThePermit(DatabasePermits permits) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(() -> permits.run(Step.READ, () -> {
            holding.countDown();
            awaitQuietly(release);
        }));
        holding.await();
        return release;
    }

    private interface Blocking {
        void run() throws InterruptedException;
    }

    private static Thread start(Blocking work) {
        return Thread.ofVirtual().start(() -> {
            try {
                work.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
