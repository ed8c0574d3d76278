package dev.flightpipeline.dltreplay;

/** A replay that could not go on, for a reason the operator can act on; its message says which. */
final class ReplayFailure extends RuntimeException {

    ReplayFailure(String message) {
        super(message);
    }
}
