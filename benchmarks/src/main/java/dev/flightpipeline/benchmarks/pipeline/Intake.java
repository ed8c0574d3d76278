package dev.flightpipeline.benchmarks.pipeline;

import java.time.Duration;

/** Where a run's booking requests enter the pipeline, at a fixed rate: the gateway, or Kafka straight. */
interface Intake extends AutoCloseable {

    /**
     * Starts offering requests for {@code warmUp + measured}, {@code rate} a second in the measured
     * part (in the warm-up at that rate or rising to it, as the intake says), and returns.
     */
    void start(double rate, Duration warmUp, Duration measured);

    /** Requests sent so far. */
    long offered();

    /** Requests taken so far: answered 202 or 201 by the gateway, or acknowledged by the broker. */
    long accepted();

    /** Requests sent and not yet answered. */
    long inFlight();

    /** Waits until the last request is sent and (for the gateway) answered or given up on. */
    void awaitFinished() throws Exception;

    @Override
    void close();
}
