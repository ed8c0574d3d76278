package dev.flightpipeline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CpuTimesTest {

    @Test
    void theServersCpuTimeKeepsThatOfAChildProcessThatHasEnded() throws Exception {
        // A stand-in for the postmaster: a shell whose first child burns CPU and ends, as a vacuum
        // worker does, while a second child (a backend) stays.
        Process server = new ProcessBuilder(
                        "sh", "-c", "sh -c 'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done'; sleep 30")
                .start();
        try {
            long pid = server.pid();
            await().atMost(Duration.ofSeconds(20)).until(() -> ProcFiles.endedChildrenCpuSecondsOrZero(pid) >= 0.1);

            double ended = ProcFiles.endedChildrenCpuSecondsOrZero(pid);
            double alive = ProcessHandle.of(pid).stream()
                    .flatMap(ProcessHandle::descendants)
                    .mapToDouble(process -> ProcFiles.cpuSecondsOrZero(process.pid()))
                    .sum();

            assertThat(alive)
                    .as("the child still running has used next to nothing")
                    .isLessThan(0.1);
            assertThat(CpuTimes.postgresCpuSeconds(pid)).isGreaterThanOrEqualTo(ended);
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    @Test
    void aServerThatHasEndedCountsNothing() {
        assertThat(CpuTimes.postgresCpuSeconds(Long.MAX_VALUE)).isZero();
        assertThat(ProcFiles.endedChildrenCpuSecondsOrZero(Long.MAX_VALUE)).isZero();
    }
}
