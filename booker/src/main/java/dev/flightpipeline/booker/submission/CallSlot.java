package dev.flightpipeline.booker.submission;

import java.util.concurrent.Semaphore;

/**
 * One booking's hold on a Duffel call slot ({@code booker.max-in-flight} of them in all): taken for
 * its Duffel calls and given back as soon as the order call has answered, so that recording the
 * answer (a database transaction) or waiting to try again does not keep another booking's call from
 * starting. Used by the booking's one thread only.
 */
final class CallSlot {

    private final Semaphore slots;
    private boolean held;

    CallSlot(Semaphore slots) {
        this.slots = slots;
    }

    /** Waits for a slot, unless this booking holds one already. */
    void take() throws InterruptedException {
        if (!held) {
            slots.acquire();
            held = true;
        }
    }

    /** Gives the slot back, if this booking holds one. */
    void giveBack() {
        if (held) {
            held = false;
            slots.release();
        }
    }
}
