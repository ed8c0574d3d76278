package dev.flightpipeline.benchmarks.pipeline;

/** {@code scripts/bench-p4}: what the pipeline adds to the simulator's own order latency, at 200 bookings/s. */
public final class AddedLatencyBenchmarkMain {

    private AddedLatencyBenchmarkMain() {}

    public static void main(String[] args) {
        PipelineCommand.run(
                args,
                PipelineSettings.P4_USAGE,
                PipelineSettings::parseP4,
                (settings, result) -> AddedLatencyFigures.of(settings, result));
    }
}
