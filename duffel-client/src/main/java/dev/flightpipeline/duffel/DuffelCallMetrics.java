package dev.flightpipeline.duffel;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Duffel calls as the timer {@code duffel.calls}, by method, route (the template, never an id) and
 * result: the status code, or {@code no_answer} with the reason ({@code timeout}, {@code not_sent} for a
 * call given up before its request left, or the kind of
 * connection failure).
 */
public final class DuffelCallMetrics implements DuffelCallObserver {

    private final MeterRegistry registry;

    public DuffelCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void answered(String method, String route, int status, Duration took) {
        timer(method, route, Integer.toString(status), "none").record(took);
    }

    @Override
    public void unanswered(String method, String route, String cause, Duration took) {
        timer(method, route, "no_answer", "timed out".equals(cause) ? "timeout" : cause)
                .record(took);
    }

    private Timer timer(String method, String route, String result, String failure) {
        return Timer.builder("duffel.calls")
                .description("Calls to the Duffel API, by route and result")
                .tag("method", method)
                .tag("route", route)
                .tag("result", result)
                .tag("failure", failure)
                .register(registry);
    }
}
