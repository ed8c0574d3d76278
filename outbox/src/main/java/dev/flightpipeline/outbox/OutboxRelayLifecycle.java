package dev.flightpipeline.outbox;

import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Starts an {@link OutboxRelay} with the Spring application context and stops it with the context.
 */
public final class OutboxRelayLifecycle implements SmartLifecycle {

    /**
     * Before whatever writes the outbox: the relay starts first and stops last, so the events of
     * the work that finishes during a graceful shutdown are still published by this instance.
     */
    public static final int PHASE = Integer.MAX_VALUE - 1000;

    private final OutboxRelay relay;

    public OutboxRelayLifecycle(OutboxRelay relay) {
        this.relay = Objects.requireNonNull(relay, "relay");
    }

    @Override
    public void start() {
        relay.start();
    }

    @Override
    public void stop() {
        relay.close();
    }

    @Override
    public boolean isRunning() {
        return relay.isRunning();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
