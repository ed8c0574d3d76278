package dev.flightpipeline.benchmarks.pipeline;

import dev.flightpipeline.benchmarks.ProcFiles.MachineCpu;
import dev.flightpipeline.benchmarks.pipeline.PipelineProgress.Sample;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Samples of a made-up run for the figures' tests: the CPU figures grow with the seconds. */
final class FiguresSamples {

    static final Instant START = Instant.parse("2026-12-01T20:00:00Z");

    private FiguresSamples() {}

    /** A sample {@code seconds} after the start; each process used half a core until then. */
    static Sample at(long seconds, long accepted, long confirmed) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("gateway", seconds * 0.5);
        cpu.put("booker", seconds * 0.5);
        cpu.put("harness", seconds * 0.25);
        cpu.put("postgres", seconds * 0.25);
        return new Sample(
                START.plusSeconds(seconds),
                "measured",
                accepted,
                accepted,
                0,
                confirmed,
                confirmed,
                0,
                new ProcessCpu(
                        START.plusSeconds(seconds), cpu, Map.of(), new MachineCpu(seconds * 2.0, seconds * 2.0)));
    }
}
