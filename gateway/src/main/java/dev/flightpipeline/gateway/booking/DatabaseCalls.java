package dev.flightpipeline.gateway.booking;

import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the booking endpoints' blocking database calls off the event loops, on as many threads as
 * the connection pool has connections. Calls beyond that wait in this scheduler's queue, not inside
 * the pool: threads waiting for a pooled connection spin on a two-core machine, which halved the
 * accept path's throughput when they shared Reactor's {@code boundedElastic} threads with it.
 */
final class DatabaseCalls implements AutoCloseable {

    private final Scheduler scheduler;

    DatabaseCalls(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1, not " + connections);
        }
        this.scheduler = Schedulers.newBoundedElastic(connections, Integer.MAX_VALUE, "database");
    }

    /** The call, run on one of this scheduler's threads when subscribed. */
    <T> Mono<T> call(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(scheduler);
    }

    @Override
    public void close() {
        scheduler.dispose();
    }
}
