package dev.flightpipeline.booking;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import java.util.Map;
import java.util.UUID;
import org.slf4j.MDC;

/**
 * The booking a log line is about: {@code booking_id} in the MDC, so that every line written while
 * a booking is processed carries it, whoever writes it. One booking's lines are then found with
 * {@code booking_id}, as its trace's with {@code traceId}.
 */
public final class BookingLogContext {

    public static final String BOOKING_ID = "booking_id";

    static {
        // The MDC key travels in Reactor's context as the trace does, and is restored with it where
        // a line is written on another thread (ReactiveLogContext): a Duffel call's lines on Netty's
        // threads and a create-order's on the gateway's carry the booking id too.
        ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor(BOOKING_ID));
    }

    private BookingLogContext() {}

    /** Names the booking in this thread's log lines until closed. */
    public static MDC.MDCCloseable put(UUID bookingId) {
        return MDC.putCloseable(BOOKING_ID, bookingId.toString());
    }

    /** The same for a Reactor pipeline: {@code mono.contextWrite(BookingLogContext.of(id))}. */
    public static Map<Object, Object> of(UUID bookingId) {
        return Map.of(Slf4jThreadLocalAccessor.KEY, Map.of(BOOKING_ID, bookingId.toString()));
    }
}
