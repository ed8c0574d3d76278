package dev.flightpipeline.booker.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

class CallSlotTest {

    @Test
    void aBookingHoldsAtMostOneSlotHoweverOftenItTakesOneAndGivesItBackOnce() throws InterruptedException {
        Semaphore slots = new Semaphore(2);
        CallSlot slot = new CallSlot(slots);

        slot.take();
        slot.take();
        assertThat(slots.availablePermits()).isEqualTo(1);

        slot.giveBack();
        slot.giveBack();
        assertThat(slots.availablePermits()).isEqualTo(2);
    }

    @Test
    void aSlotGivenBackCanBeTakenAgainForARetry() throws InterruptedException {
        Semaphore slots = new Semaphore(1);
        CallSlot slot = new CallSlot(slots);

        slot.take();
        slot.giveBack();
        slot.take();

        assertThat(slots.availablePermits()).isZero();
    }
}
