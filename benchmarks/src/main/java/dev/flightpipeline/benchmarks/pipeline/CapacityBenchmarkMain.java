package dev.flightpipeline.benchmarks.pipeline;

/** {@code scripts/bench-p2}: the pipeline's confirmed bookings/s with the simulator answering at once. */
public final class CapacityBenchmarkMain {

    private CapacityBenchmarkMain() {}

    public static void main(String[] args) {
        PipelineCommand.run(
                args,
                PipelineSettings.P2_USAGE,
                PipelineSettings::parseP2,
                (settings, result) -> CapacityFigures.of(settings, result));
    }
}
