package dev.flightpipeline.duffel;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Writes a log line from a Reactor pipeline with its subscriber's log context: the trace and the
 * MDC values (such as {@code booking_id}) that the subscriber put in its Reactor context, restored
 * on whatever thread the line is written, and removed after it.
 *
 * <p>The gateway and the booker run Reactor with {@code spring.reactor.context-propagation=limited}:
 * Reactor does not restore thread locals at every operator (with {@code auto}, the gateway's accept
 * path used twice the CPU per request; docs/benchmarks.md), so the few places that log do it here.
 * A blocking caller hands its thread's context over with {@code contextCapture()} before
 * {@code block()}.
 */
public final class ReactiveLogContext {

    private static final ContextSnapshotFactory SNAPSHOTS =
            ContextSnapshotFactory.builder().build();

    private ReactiveLogContext() {}

    /** Runs {@code logging} with {@code context}'s trace and MDC values on this thread. */
    public static void run(ContextView context, Runnable logging) {
        try (ContextSnapshot.Scope restored = SNAPSHOTS.setThreadLocalsFrom(context)) {
            logging.run();
        }
    }

    /** A Mono of what {@code logging} returns, computed with the subscriber's trace and MDC values. */
    public static <T> Mono<T> supply(Supplier<T> logging) {
        return Mono.deferContextual(context -> Mono.justOrEmpty(get(context, logging)));
    }

    private static <T> T get(ContextView context, Supplier<T> logging) {
        try (ContextSnapshot.Scope restored = SNAPSHOTS.setThreadLocalsFrom(context)) {
            return logging.get();
        }
    }
}
