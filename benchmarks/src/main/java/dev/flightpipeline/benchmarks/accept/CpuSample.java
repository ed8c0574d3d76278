package dev.flightpipeline.benchmarks.accept;

import dev.flightpipeline.benchmarks.CpuTimes;
import dev.flightpipeline.benchmarks.ProcFiles;
import dev.flightpipeline.benchmarks.ProcFiles.MachineCpu;
import java.time.Duration;
import java.time.Instant;

/**
 * CPU time used so far by the parts of a P1 run, in seconds: the gateway, the bare endpoint, wrk (the
 * runs that ended, and the one under way), this harness's JVM (broker, fixed-rate load), PostgreSQL,
 * and the whole machine. Two of them, a phase apart, say which part used how many cores.
 */
record CpuSample(
        Instant at, double gateway, double bare, double wrk, double harness, double postgres, MachineCpu machine) {

    /** Cores (1.0 = one core busy all the time) each part used. */
    record Cores(
            double gateway,
            double bare,
            double wrk,
            double harness,
            double postgres,
            double machineBusyShare,
            int machineCores) {

        /** What none of this run's parts used: other work on the machine. */
        double other() {
            return Math.max(0, machineBusyShare * machineCores - gateway - bare - wrk - harness - postgres);
        }
    }

    /** @param wrkPid the wrk run under way, or 0 */
    static CpuSample take(long gatewayPid, long barePid, long wrkPid, long postmasterPid) {
        long harness = ProcessHandle.current().pid();
        // wrk is this JVM's child: once it has ended (and been waited for) its time is in ours.
        double wrk =
                ProcFiles.endedChildrenCpuSecondsOf(harness) + (wrkPid == 0 ? 0 : ProcFiles.cpuSecondsOrZero(wrkPid));
        return new CpuSample(
                Instant.now(),
                ProcFiles.cpuSecondsOrZero(gatewayPid),
                ProcFiles.cpuSecondsOrZero(barePid),
                wrk,
                ProcFiles.cpuSecondsOf(harness),
                CpuTimes.postgresCpuSeconds(postmasterPid),
                ProcFiles.machineCpu());
    }

    Cores coresSince(CpuSample earlier) {
        double seconds = Math.max(1e-3, Duration.between(earlier.at, at).toMillis() / 1000.0);
        return new Cores(
                (gateway - earlier.gateway) / seconds,
                (bare - earlier.bare) / seconds,
                Math.max(0, wrk - earlier.wrk) / seconds,
                (harness - earlier.harness) / seconds,
                // A database backend that ended took its CPU time with it: never below zero.
                Math.max(0, postgres - earlier.postgres) / seconds,
                machine.busyShareSince(earlier.machine),
                Runtime.getRuntime().availableProcessors());
    }
}
