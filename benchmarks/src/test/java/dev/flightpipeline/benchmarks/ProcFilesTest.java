package dev.flightpipeline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flightpipeline.benchmarks.ProcFiles.MachineCpu;
import org.junit.jupiter.api.Test;

class ProcFilesTest {

    @Test
    void residentAndPeakMemoryAreReadFromTheStatusFileInBytes() {
        String status = """
                Name:\tjava
                VmPeak:\t 5000000 kB
                VmHWM:\t  812340 kB
                VmRSS:\t  700000 kB
                Threads:\t57
                """;

        ProcFiles.Memory memory = ProcFiles.memory(status);

        assertThat(memory.residentBytes()).isEqualTo(700_000L * 1024);
        assertThat(memory.peakResidentBytes()).isEqualTo(812_340L * 1024);
    }

    @Test
    void cpuTimeIsUserPlusSystemTicksEvenWhenTheCommandNameHasSpacesAndParentheses() {
        String stat = "4242 (java (main) x) S 1 4242 1 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 57 0 1000 0 0";

        assertThat(ProcFiles.cpuSeconds(stat)).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void theJitsShareIsThatOfTheThreadsNamedAsHotSpotsCompilerThreads() {
        assertThat(ProcFiles.isCompilerThread("17 (C2 CompilerThre) S 1 4242 1 0 -1 0 0 0 0 0 250 50 0 0"))
                .isTrue();
        assertThat(ProcFiles.isCompilerThread("18 (C1 CompilerThre) S 1 4242 1 0 -1 0 0 0 0 0 25 5 0 0"))
                .isTrue();
        assertThat(ProcFiles.isCompilerThread("19 (GC Thread#0) S 1 4242 1 0 -1 0 0 0 0 0 25 5 0 0"))
                .isFalse();
        assertThat(ProcFiles.isCompilerThread("20 (C2 (x) CompilerThre) S 1 4242 1 0 -1 0 0 0 0 0 25 5 0 0"))
                .isFalse();
    }

    @Test
    void thisJvmsJitHasUsedSomeOfItsCpuTimeAndAnEndedProcessNone() {
        long self = ProcessHandle.current().pid();

        assertThat(ProcFiles.jitCpuSecondsOrZero(self)).isPositive().isLessThanOrEqualTo(ProcFiles.cpuSecondsOf(self));
        assertThat(ProcFiles.jitCpuSecondsOrZero(Long.MAX_VALUE)).isZero();
    }

    @Test
    void cpuTimeOfEndedChildrenIsTheirUserPlusSystemTicks() {
        String stat = "4242 (java (main) x) S 1 4242 1 0 -1 4194560 100 0 0 0 250 50 120 30 20 0 57 0 1000 0 0";

        assertThat(ProcFiles.endedChildrenCpuSeconds(stat)).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void machineCpuCountsIdleAndIowaitAsNotBusy() {
        MachineCpu before = ProcFiles.machineCpu("cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 50 0 50 350 50 0 0 0 0 0\n");
        MachineCpu after = ProcFiles.machineCpu("cpu  250 0 150 800 100 0 0 0 0 0\ncpu0 125 0 75 400 50 0 0 0 0 0\n");

        assertThat(after.busyShareSince(before)).isCloseTo(200.0 / 300.0, within(1e-9));
    }
}
