package dev.flightpipeline.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongToDoubleFunction;

/**
 * What Linux's {@code /proc} says about a process's memory and CPU time, and about the machine's
 * CPU: the figures a benchmark quotes beside its throughput to show what limited it.
 */
public final class ProcFiles {

    /** {@code /proc} counts CPU time in clock ticks of USER_HZ, which is 100 on every Linux ABI in use. */
    static final double TICKS_PER_SECOND = 100;

    private ProcFiles() {}

    /** A process's memory as {@code /proc/<pid>/status} shows it, in bytes. */
    public record Memory(long residentBytes, long peakResidentBytes) {}

    /** Busy and total CPU time of the whole machine (all cores), in seconds. */
    public record MachineCpu(double busySeconds, double totalSeconds) {

        /** The share (0-1) of the machine's CPU that was busy between {@code earlier} and this. */
        public double busyShareSince(MachineCpu earlier) {
            double total = totalSeconds - earlier.totalSeconds;
            return total <= 0 ? 0 : (busySeconds - earlier.busySeconds) / total;
        }
    }

    public static Memory memoryOf(long pid) {
        return memory(read(Path.of("/proc", Long.toString(pid), "status")));
    }

    /** User and system CPU time the process has used so far, in seconds. */
    public static double cpuSecondsOf(long pid) {
        return cpuSeconds(read(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** {@link #cpuSecondsOf}, or 0 for a process that has ended (a database backend, say). */
    public static double cpuSecondsOrZero(long pid) {
        return orZeroOnceEnded(ProcFiles::cpuSecondsOf, pid);
    }

    /**
     * CPU time the JVM's just-in-time compiler has used so far, in seconds: that of its threads
     * named {@code C1 CompilerThread<n>} and {@code C2 CompilerThread<n>} (cut to 15 characters in
     * {@code /proc}); 0 for a process that has ended. Compiler threads that ended took their time
     * with them (HotSpot stops idle ones), so the figure can fall; callers compare two readings.
     */
    public static double jitCpuSecondsOrZero(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        double seconds = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException ended) {
                    continue; // the thread ended while being listed
                }
                if (isCompilerThread(stat)) {
                    seconds += cpuSeconds(stat);
                }
            }
        } catch (IOException ended) {
            return 0;
        }
        return seconds;
    }

    /** Whether a thread's {@code stat} line names a HotSpot compiler thread. */
    static boolean isCompilerThread(String stat) {
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }

    /**
     * CPU time of the process's children that have ended and been waited for ({@code cutime} +
     * {@code cstime}), in seconds: how a tool run as a child (wrk) is measured once it has exited.
     */
    public static double endedChildrenCpuSecondsOf(long pid) {
        return endedChildrenCpuSeconds(read(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** {@link #endedChildrenCpuSecondsOf}, or 0 for a process that has ended. */
    public static double endedChildrenCpuSecondsOrZero(long pid) {
        return orZeroOnceEnded(ProcFiles::endedChildrenCpuSecondsOf, pid);
    }

    /** A reading of a process's {@code /proc} files, or 0 once the process has ended and they are gone. */
    private static double orZeroOnceEnded(LongToDoubleFunction reading, long pid) {
        try {
            return reading.applyAsDouble(pid);
        } catch (UncheckedIOException ended) {
            return 0;
        }
    }

    public static MachineCpu machineCpu() {
        return machineCpu(read(Path.of("/proc/stat")));
    }

    /** {@code VmRSS} (now) and {@code VmHWM} (the high-water mark) from a {@code status} file. */
    static Memory memory(String status) {
        return new Memory(kibibytes(status, "VmRSS") * 1024, kibibytes(status, "VmHWM") * 1024);
    }

    private static long kibibytes(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field + ":")) {
                String value = line.substring(field.length() + 1).trim();
                return Long.parseLong(value.replace("kB", "").trim());
            }
        }
        throw new IllegalArgumentException("no " + field + " in the status file");
    }

    /**
     * {@code utime} + {@code stime} from a {@code stat} line. The command name in parentheses may
     * hold spaces, so fields are counted after its closing parenthesis: the state is field 3, utime
     * field 14 and stime field 15.
     */
    static double cpuSeconds(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long ticks = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
        return ticks / TICKS_PER_SECOND;
    }

    /** {@code cutime} + {@code cstime} from a {@code stat} line: fields 16 and 17. */
    static double endedChildrenCpuSeconds(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long ticks = Long.parseLong(fields[16 - 3]) + Long.parseLong(fields[17 - 3]);
        return ticks / TICKS_PER_SECOND;
    }

    /** The {@code cpu} line of {@code /proc/stat}: busy is everything but idle and iowait. */
    static MachineCpu machineCpu(String procStat) {
        String cpuLine = procStat.lines()
                .filter(line -> line.startsWith("cpu "))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no cpu line in /proc/stat"));
        long[] ticks = Arrays.stream(cpuLine.substring(4).trim().split("\\s+"))
                .mapToLong(Long::parseLong)
                .toArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
        long total = 0;
        for (int i = 0; i < Math.min(ticks.length, 8); i++) {
            total += ticks[i];
        }
        long idle = ticks[3] + (ticks.length > 4 ? ticks[4] : 0);
        return new MachineCpu((total - idle) / TICKS_PER_SECOND, total / TICKS_PER_SECOND);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
