package dev.flightpipeline.benchmarks;

import dev.flightpipeline.benchmarks.ProcFiles.MachineCpu;

/**
 * CPU time used so far by the parts of a benchmark run, in seconds: the booker's process, this
 * harness's JVM (broker, simulator, load), PostgreSQL's processes, and the whole machine.
 * Two of them, a window apart, say which part used how many cores.
 */
public record CpuTimes(double booker, double harness, double postgres, MachineCpu machine) {

    /** Cores (1.0 = one core busy all the time) each part used from {@code earlier} to this. */
    public record Cores(double booker, double harness, double postgres, double machineBusyShare, int machineCores) {

        /** What neither the booker nor the harness nor PostgreSQL used: other work on the machine. */
        public double other() {
            return Math.max(0, machineBusyShare * machineCores - booker - harness - postgres);
        }
    }

    /**
     * Reads the CPU time of the booker, of this JVM, and of the PostgreSQL server (its postmaster
     * and every backend it forked).
     */
    public static CpuTimes now(long bookerPid, long postmasterPid) {
        return new CpuTimes(
                ProcFiles.cpuSecondsOf(bookerPid),
                ProcFiles.cpuSecondsOf(ProcessHandle.current().pid()),
                postgresCpuSeconds(postmasterPid),
                ProcFiles.machineCpu());
    }

    /**
     * CPU time of the PostgreSQL server so far: its postmaster, every backend and worker it has now,
     * and those that have ended (the postmaster waits for each, so their time is in its children's
     * count). Without the ended ones, a vacuum worker's time went missing when it ended, and the
     * server's CPU fell to "other" in the figures.
     */
    public static double postgresCpuSeconds(long postmasterPid) {
        return ProcFiles.cpuSecondsOrZero(postmasterPid)
                + ProcFiles.endedChildrenCpuSecondsOrZero(postmasterPid)
                + ProcessHandle.of(postmasterPid).stream()
                        .flatMap(ProcessHandle::descendants)
                        .mapToDouble(process -> ProcFiles.cpuSecondsOrZero(process.pid()))
                        .sum();
    }

    public Cores coresSince(CpuTimes earlier, double seconds) {
        return new Cores(
                (booker - earlier.booker) / seconds,
                (harness - earlier.harness) / seconds,
                // A backend that has ended but not yet been waited for is missing for a moment: never below zero.
                Math.max(0, postgres - earlier.postgres) / seconds,
                machine.busyShareSince(earlier.machine),
                Runtime.getRuntime().availableProcessors());
    }
}
