package dev.flightpipeline.benchmarks.accept;

import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * An open-loop load of create-order requests at a fixed rate, for P1's "p99 at 1,000 req/s" and the
 * pipeline's P2 and P4: request {@code i} is due at a time its {@link Schedule} fixes ({@code start +
 * i / rate} at a steady rate) and is sent then whatever the earlier ones are doing, and its latency is
 * measured from when it was due, not from when it could be sent. A closed-loop tool (wrk) waits for
 * an answer before the next request and so leaves out the time requests would have queued behind a
 * slow one (coordinated omission); this does not.
 */
public final class FixedRateLoad {

    /** Far more than a fixed rate of 1,000/s with answers in milliseconds needs: never the limit. */
    static final int MAX_CONNECTIONS = 1000;

    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What a fixed-rate run measured: only the requests due in the measured part count.
     *
     * @param due requests due in the measured part
     * @param statuses their answers by HTTP status
     * @param warmUpStatuses the answers to the warm-up's requests, by HTTP status
     * @param failed those without an answer: a connection error or no answer within 30 s
     * @param warmUpFailed the warm-up's requests without an answer
     * @param latencies from when each request was due to its whole answer
     * @param maxSendLagMillis how late the sender was at worst: above a millisecond or two, this
     *     harness could not keep the rate and the latencies include its own delay
     */
    public record Report(
            double rate,
            double seconds,
            long due,
            Map<Integer, Long> statuses,
            Map<Integer, Long> warmUpStatuses,
            long failed,
            long warmUpFailed,
            Latencies latencies,
            double maxSendLagMillis) {

        public long answered(int status) {
            return statuses.getOrDefault(status, 0L);
        }
    }

    /** How far a run is, for progress lines: requests sent, finished (answered or failed), in flight. */
    public record Progress(long sent, long answered, long inFlight) {}

    /**
     * One request's answer, as it comes.
     *
     * @param index the request's number in the run, warm-up included: what its body was made for
     * @param measured whether it was due in the measured part
     * @param latencyNanos from when it was due to its whole answer
     * @param answeredAt the wall-clock time of the answer, to compare with the services' timestamps
     */
    public record Answer(int index, boolean measured, int status, long latencyNanos, Instant answeredAt) {

        /** The wall-clock time the request was due. */
        public Instant dueAt() {
            return answeredAt.minusNanos(latencyNanos);
        }
    }

    private final HttpClient http;
    private final ConnectionProvider connections;
    private final LoopResources loops;
    private final String path;
    private final String token;
    private final IntFunction<String> bodyOf;
    private final boolean respondAsync;
    private final Consumer<Answer> onAnswer;
    private final AtomicLong sent = new AtomicLong();
    private final LongAdder finished = new LongAdder();

    /**
     * @param bodyOf the body of request {@code i}
     * @param respondAsync whether requests ask {@code Prefer: respond-async} (a 202 once published)
     *     or wait for the booking's outcome (a 201 once confirmed)
     * @param onAnswer told of every answer, on the client's event loop: it must be quick
     */
    public FixedRateLoad(
            String baseUrl,
            String path,
            String token,
            IntFunction<String> bodyOf,
            boolean respondAsync,
            Consumer<Answer> onAnswer) {
        this.connections = ConnectionProvider.builder("p1-fixed-rate")
                .maxConnections(MAX_CONNECTIONS)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(ANSWER_TIMEOUT)
                .build();
        this.loops = LoopResources.create("p1-fixed-rate", 1, true);
        this.http = HttpClient.create(connections).runOn(loops).baseUrl(baseUrl).responseTimeout(ANSWER_TIMEOUT);
        this.path = path;
        this.token = token;
        this.bodyOf = bodyOf;
        this.respondAsync = respondAsync;
        this.onAnswer = onAnswer;
    }

    /**
     * When each request of a run is due, counted from the run's start: a warm-up, then the measured
     * part at {@code rate}. The warm-up is at {@code rate} too, or, ramping up, its rate rises
     * evenly from 0 to {@code rate}: the services compile their paths while the load is light, and
     * the measured part does not begin with a queue built while they did.
     */
    public record Schedule(double rate, Duration warmUp, Duration measured, boolean rampUp) {

        public Schedule {
            if (!(rate > 0)) {
                throw new IllegalArgumentException("rate must be positive, not " + rate);
            }
            if (warmUp.isNegative() || measured.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative");
            }
        }

        /** The whole run at {@code rate}. */
        public static Schedule steady(double rate, Duration warmUp, Duration measured) {
            return new Schedule(rate, warmUp, measured, false);
        }

        /** The warm-up's rate rising evenly from 0 to {@code rate}, then the measured part at {@code rate}. */
        public static Schedule rampingUp(double rate, Duration warmUp, Duration measured) {
            return new Schedule(rate, warmUp, measured, true);
        }

        /** Requests due in the warm-up: half as many when ramping up. */
        public long warmUpRequests() {
            double requests = rate * seconds(warmUp);
            return Math.round(rampUp ? requests / 2 : requests);
        }

        public long measuredRequests() {
            return Math.max(1, Math.round(rate * seconds(measured)));
        }

        public int total() {
            return Math.toIntExact(warmUpRequests() + measuredRequests());
        }

        /**
         * When request {@code index} is due, in nanoseconds after the start. Ramping up, {@code n}
         * requests are due by time {@code t} of the warm-up when {@code n = rate t² / (2 warmUp)}.
         */
        public long dueNanos(long index) {
            if (!rampUp) {
                return Math.round(index * 1e9 / rate);
            }
            long warmUpRequests = warmUpRequests();
            if (index < warmUpRequests) {
                return Math.round(Math.sqrt(2 * seconds(warmUp) * index / rate) * 1e9);
            }
            return warmUp.toNanos() + Math.round((index - warmUpRequests) * 1e9 / rate);
        }

        private static double seconds(Duration duration) {
            return duration.toNanos() / 1e9;
        }
    }

    /** How many requests a steady run sends (a run ramping up sends fewer): its warm-up's and its measured part's. */
    public static int requestsFor(double rate, Duration warmUp, Duration measured) {
        return Schedule.steady(rate, warmUp, measured).total();
    }

    public Progress progress() {
        long sentSoFar = sent.get();
        long answered = finished.sum();
        return new Progress(sentSoFar, answered, sentSoFar - answered);
    }

    /**
     * Sends the schedule's requests, each when it is due and with its own Idempotency-Key ({@code
     * label-<n>}), waits for the last answers, and reports on the measured part. Blocks the calling
     * thread, which does nothing but send: {@link #progress} is for another.
     */
    public Report run(Schedule schedule, String label) throws InterruptedException {
        long warmUpRequests = schedule.warmUpRequests();
        long measuredRequests = schedule.measuredRequests();
        int total = schedule.total();
        long[] latencyNanos = new long[Math.toIntExact(measuredRequests)];
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        Map<Integer, LongAdder> warmUpStatuses = new ConcurrentHashMap<>();
        long maxLagNanos = 0;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        for (int i = 0; i < total; i++) {
            long due = start + schedule.dueNanos(i);
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            maxLagNanos = i >= warmUpRequests ? Math.max(maxLagNanos, now - due) : maxLagNanos;
            int measuredIndex = i >= warmUpRequests ? Math.toIntExact(i - warmUpRequests) : -1;
            send(i, label + "-" + i, due, measuredIndex, latencyNanos, measuredIndex >= 0 ? statuses : warmUpStatuses);
        }
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(5);
        while (finished.sum() < total && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        Map<Integer, Long> byStatus = sums(statuses);
        long measuredAnswers =
                byStatus.values().stream().mapToLong(Long::longValue).sum();
        long[] answeredLatencies =
                Arrays.stream(latencyNanos).filter(latency -> latency > 0).toArray();
        return new Report(
                schedule.rate(),
                schedule.measured().toMillis() / 1000.0,
                measuredRequests,
                byStatus,
                sums(warmUpStatuses),
                // Failed, or still unanswered after the timeout.
                measuredRequests - measuredAnswers,
                warmUpRequests - sum(warmUpStatuses),
                Latencies.ofNanos(answeredLatencies),
                maxLagNanos / 1e6);
    }

    /** {@link #run} on a platform thread of its own, so that the caller can print progress meanwhile. */
    public CompletableFuture<Report> runInBackground(Schedule schedule, String label) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return run(schedule, label);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                },
                runnable -> Thread.ofPlatform().name("fixed-rate-sender").start(runnable));
    }

    private void send(
            int index, String key, long due, int measuredIndex, long[] latencyNanos, Map<Integer, LongAdder> statuses) {
        byte[] body = bodyOf.apply(index).getBytes(StandardCharsets.UTF_8);
        sent.incrementAndGet();
        http.request(HttpMethod.POST)
                .uri(path)
                .send((request, outbound) -> {
                    request.header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + token)
                            .header("Idempotency-Key", key);
                    if (respondAsync) {
                        request.header("Prefer", "respond-async");
                    }
                    return outbound.sendByteArray(Mono.just(body));
                })
                .responseSingle((response, content) ->
                        content.then(Mono.just(response.status().code())))
                .subscribe(
                        status -> {
                            long latency = Math.max(1, System.nanoTime() - due);
                            if (measuredIndex >= 0) {
                                latencyNanos[measuredIndex] = latency;
                            }
                            onAnswer.accept(new Answer(index, measuredIndex >= 0, status, latency, Instant.now()));
                            statuses.computeIfAbsent(status, s -> new LongAdder())
                                    .increment();
                            finished.increment();
                        },
                        // Counted as failed: a due request without an answer.
                        error -> finished.increment());
    }

    private static long sum(Map<Integer, LongAdder> counts) {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static Map<Integer, Long> sums(Map<Integer, LongAdder> counts) {
        Map<Integer, Long> sums = new TreeMap<>();
        counts.forEach((status, count) -> sums.put(status, count.sum()));
        return sums;
    }

    public void close() {
        connections.dispose();
        loops.dispose();
    }
}
