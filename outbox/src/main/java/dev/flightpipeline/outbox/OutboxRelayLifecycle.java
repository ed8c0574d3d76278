package dev.flightpipeline.outbox;

import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Starts an {@link OutboxRelay} with the Spring application context and stops it with the context.
 * In the last phase: it starts after, and stops before, the beans it uses.
 */
public final class OutboxRelayLifecycle implements SmartLifecycle {

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
}
