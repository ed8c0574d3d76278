package dev.flightpipeline.benchmarks.pipeline;

import dev.flightpipeline.benchmarks.CpuTimes;
import dev.flightpipeline.benchmarks.ProcFiles;
import dev.flightpipeline.benchmarks.ProcFiles.MachineCpu;
import dev.flightpipeline.benchmarks.SummaryTable;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time used so far by each process of a pipeline run, in seconds, by name (the services, this
 * harness, PostgreSQL's server), the part of it each service's JIT compiler used, and the whole
 * machine's. Two of them, a window apart, say which part used how many cores.
 */
record ProcessCpu(
        Instant at, Map<String, Double> secondsByPart, Map<String, Double> jitSecondsByPart, MachineCpu machine) {

    static final String HARNESS = "harness";
    static final String POSTGRES = "postgres";

    /**
     * Cores (1.0 = one core busy all the time) each part used, in the order they were named, those
     * of them the services' JIT compilers used, and the machine's busy share.
     */
    record Cores(Map<String, Double> byPart, Map<String, Double> jitByPart, double machineBusyShare, int machineCores) {

        /** What none of the run's parts used: other work on the machine. */
        double other() {
            double ours =
                    byPart.values().stream().mapToDouble(Double::doubleValue).sum();
            return Math.max(0, machineBusyShare * machineCores - ours);
        }

        double of(String part) {
            return byPart.getOrDefault(part, 0.0);
        }

        /**
         * {@code gateway 0.52 (JIT 0.10) booker 0.61 (JIT 0.05) harness 0.40 postgres 0.21}, in the
         * order named.
         */
        String describe() {
            StringBuilder cores = new StringBuilder();
            byPart.forEach((part, used) -> {
                cores.append(SummaryTable.format("%s %.2f ", part, used));
                if (jitByPart.containsKey(part)) {
                    cores.append(SummaryTable.format("(JIT %.2f) ", jitByPart.get(part)));
                }
            });
            return cores.toString().strip();
        }

        Map<String, Object> asJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            byPart.forEach((part, used) -> json.put(part + "Cores", SummaryTable.round(used, 2)));
            jitByPart.forEach((part, used) -> json.put(part + "JitCores", SummaryTable.round(used, 2)));
            json.put("otherCores", SummaryTable.round(other(), 2));
            json.put("machineBusyShare", SummaryTable.round(machineBusyShare, 2));
            json.put("machineCores", machineCores);
            return json;
        }
    }

    /** Reads the services' CPU time ({@code pids} by name), this JVM's and PostgreSQL's. */
    static ProcessCpu take(Map<String, Long> pids, long postmasterPid) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, Double> jitSeconds = new LinkedHashMap<>();
        pids.forEach((part, pid) -> {
            seconds.put(part, ProcFiles.cpuSecondsOrZero(pid));
            jitSeconds.put(part, ProcFiles.jitCpuSecondsOrZero(pid));
        });
        seconds.put(HARNESS, ProcFiles.cpuSecondsOf(ProcessHandle.current().pid()));
        seconds.put(POSTGRES, CpuTimes.postgresCpuSeconds(postmasterPid));
        return new ProcessCpu(Instant.now(), seconds, jitSeconds, ProcFiles.machineCpu());
    }

    Cores coresSince(ProcessCpu earlier) {
        double seconds = Math.max(1e-3, Duration.between(earlier.at, at).toMillis() / 1000.0);
        Map<String, Double> cores = new LinkedHashMap<>();
        // A database backend that ended took its CPU time with it: never below zero.
        secondsByPart.forEach((part, now) ->
                cores.put(part, Math.max(0, now - earlier.secondsByPart.getOrDefault(part, 0.0)) / seconds));
        Map<String, Double> jitCores = new LinkedHashMap<>();
        jitSecondsByPart.forEach((part, now) ->
                jitCores.put(part, Math.max(0, now - earlier.jitSecondsByPart.getOrDefault(part, 0.0)) / seconds));
        return new Cores(
                cores,
                jitCores,
                machine.busyShareSince(earlier.machine),
                Runtime.getRuntime().availableProcessors());
    }
}
