package dev.flightpipeline.booking.outbox;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;

/**
 * The trace the events written now belong to, as record headers (W3C {@code traceparent}): stored
 * with each outbox row, so that the relay publishes the event in the trace of the request that led
 * to it, however much later.
 */
@FunctionalInterface
public interface EventTrace {

    /** For events written outside any trace. */
    EventTrace NONE = Map::of;

    /** The headers that carry the current trace; empty outside one. */
    Map<String, String> headers();

    /** The trace of the current span, as the propagator writes it (W3C {@code traceparent}). */
    static EventTrace current(Tracer tracer, Propagator propagator) {
        return () -> {
            Span span = tracer.currentSpan();
            if (span == null) {
                return Map.of();
            }
            Map<String, String> headers = new HashMap<>();
            propagator.inject(span.context(), headers, Map::put);
            return headers;
        };
    }
}
