package dev.flightpipeline.duffel;

import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * Tells a call that sent nothing from one that may have reached Duffel. A request's body is produced
 * only once a connection is ready to write it, and nothing of the request is written before its
 * body: a call that gives up (a timeout, a failed connection) before that moment sent nothing, and
 * Duffel never saw it. The connection (on an event loop) and the giving up (on a timer) race for the
 * gate; exactly one of them wins it.
 */
final class SendGate {

    private enum State {
        WAITING,
        RELEASED,
        ABANDONED
    }

    private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);

    /** The body, handed to the connection unless the call was abandoned first. */
    Mono<String> body(String json) {
        return Mono.fromCallable(() -> {
            if (state.compareAndExchange(State.WAITING, State.RELEASED) == State.ABANDONED) {
                throw new IllegalStateException("the call was given up before a connection was ready");
            }
            return json;
        });
    }

    /**
     * Gives the call up: true when its body never left and never will (nothing was sent), false
     * when it was handed to a connection (it may have reached Duffel).
     */
    boolean abandonUnsent() {
        return state.compareAndExchange(State.WAITING, State.ABANDONED) != State.RELEASED;
    }
}
