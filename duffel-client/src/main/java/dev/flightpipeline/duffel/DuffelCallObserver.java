package dev.flightpipeline.duffel;

import java.time.Duration;

/**
 * Told about every call the client makes, for metrics: the route is the template ({@code
 * /air/offers/{id}}), never an id. Called on the client's event-loop threads: it must not block.
 */
public interface DuffelCallObserver {

    DuffelCallObserver NONE = new DuffelCallObserver() {
        @Override
        public void answered(String method, String route, int status, Duration took) {}

        @Override
        public void unanswered(String method, String route, String cause, Duration took) {}
    };

    /** Duffel answered with this status. */
    void answered(String method, String route, int status, Duration took);

    /** No answer came: a timeout, a reset or refused connection ({@code cause} names which). */
    void unanswered(String method, String route, String cause, Duration took);
}
