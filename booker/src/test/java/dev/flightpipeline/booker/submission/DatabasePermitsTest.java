package dev.flightpipeline.booker.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DatabasePermitsTest {

    @Test
    void noMoreCallsRunAtOnceThanThereArePermitsAndTheOthersWaitTheirTurn() throws InterruptedException {
        DatabasePermits permits = new DatabasePermits(2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            Thread.ofVirtual().start(() -> {
                try {
                    permits.run(() -> {
                        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                        awaitQuietly(release);
                        running.decrementAndGet();
                    });
                    done.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 2 && permits.waiting() == 3);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == 5);
        assertThat(mostAtOnce).hasValue(2);
        assertThat(permits.waiting()).isZero();
    }

    @Test
    void aCallThatFailsGivesItsPermitBack() throws InterruptedException {
        DatabasePermits permits = new DatabasePermits(1);

        assertThatThrownBy(() -> permits.call(() -> {
                    throw new IllegalStateException("database down");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(permits.call(() -> "next")).isEqualTo("next");
    }

    @Test
    void atLeastOnePermit() {
        assertThatThrownBy(() -> new DatabasePermits(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
