package dev.flightpipeline.duffelsim;

import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.compression.GzipOption;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stateful simulator of the Duffel flights API over HTTP, for tests, local runs and benchmarks.
 * It is non-blocking throughout: a slow answer is a timer, not a thread, so thousands of slow
 * calls in flight cost no threads. Start it embedded with {@link #start(SimulatorConfig)} or on its
 * own with {@link DuffelSimulatorMain}; its own admin endpoints live under {@code /_sim/}.
 *
 * <pre>{@code
 * try (DuffelSimulator sim = DuffelSimulator.start(SimulatorConfig.defaults())) {
 *     String duffelUrl = sim.baseUrl();
 *     sim.forceNextOrderFaults(OrderFault.TIMEOUT_AFTER_CREATE, 1);
 *     ...
 *     assertThat(sim.stats().ordersFor("booking-1")).isEqualTo(1);
 * }
 * }</pre>
 */
public final class DuffelSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DuffelSimulator.class);

    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock = Clock.systemUTC();
    private final SimulatedDuffel duffel;
    private final WebhookSender webhooks;
    private final RateLimitWindow rateLimit = new RateLimitWindow(clock);
    private final DuffelApi api;
    private final AdminEndpoints admin;
    private final OrderLatencies orderLatencies = new OrderLatencies();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong inFlightMax = new AtomicLong();
    /**
     * The simulator's own event loops and webhook connections, not Reactor Netty's global ones: an
     * application in the same JVM disposes those when it stops (Spring does), which would take an
     * embedded simulator down with it.
     */
    private final LoopResources loops =
            LoopResources.create("duffel-sim", 1, LoopResources.DEFAULT_IO_WORKER_COUNT, true);

    /**
     * Every connection a client opened here, so that {@link #close()} drops them all, as a Duffel
     * that goes away would. Shutting the event loops down does not reliably close them: now and
     * then one stayed open, and a client's next call on it waited for an answer until its timeout.
     */
    private final ChannelGroup clientConnections =
            new DefaultChannelGroup("duffel-sim-clients", ImmediateEventExecutor.INSTANCE);

    private final ConnectionProvider webhookConnections = ConnectionProvider.create("duffel-sim-webhooks", 100);
    private DisposableServer server;

    private DuffelSimulator(SimulatorConfig config) {
        // The webhook sender reads the settings through the simulator, which exists a line later.
        SimulatedDuffel.Announcements announce =
                (type, key, object) -> webhooks().announce(type, key, object);
        this.duffel = new SimulatedDuffel(config, json, clock, Schedulers.parallel(), announce);
        this.webhooks = new WebhookSender(
                () -> duffel.config().webhooks(),
                json,
                clock,
                HttpClient.create(webhookConnections).runOn(loops));
        this.api = new DuffelApi(duffel, json, rateLimit, orderLatencies);
        this.admin = new AdminEndpoints(this, json);
    }

    private WebhookSender webhooks() {
        return webhooks;
    }

    /**
     * Answers are gzipped, as Duffel's are for a client that accepts it, at the fastest level: the
     * simulator stands in for Duffel's servers, and in a benchmark its compression takes the same
     * cores as the pipeline it measures. At Netty's default level it took a sixth of the CPU of
     * P2's harness (the simulator, the broker and the load in one process).
     */
    private static final GzipOption FASTEST_GZIP =
            GzipOption.builder().compressionLevel(1).build();

    /** Starts listening on {@code config.host()} and {@code config.port()} (0: any free port). */
    public static DuffelSimulator start(SimulatorConfig config) {
        DuffelSimulator simulator = new DuffelSimulator(config);
        simulator.server = HttpServer.create()
                .runOn(simulator.loops)
                .host(config.host())
                .port(config.port())
                .compress(true)
                .compressOptions(FASTEST_GZIP)
                .doOnChannelInit((observer, channel, remoteAddress) -> simulator.clientConnections.add(channel))
                .handle(simulator::handle)
                .bindNow(Duration.ofSeconds(10));
        log.info("Duffel simulator listening on {}", simulator.baseUrl());
        return simulator;
    }

    /** Where clients point their Duffel base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        String host = config().host();
        String reachable = "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
        return "http://" + reachable + ":" + port();
    }

    public int port() {
        return server.port();
    }

    public SimulatorConfig config() {
        return duffel.config();
    }

    /**
     * Takes new settings at once, as {@code PUT /_sim/config} does; the host and port stay as they
     * are, and the fault draws start again from the seed.
     */
    public void updateConfig(SimulatorConfig config) {
        duffel.configure(config.withHost(config().host()).withPort(config().port()));
    }

    /** The next {@code count} valid create-order calls end in {@code fault}, whatever the shares say. */
    public void forceNextOrderFaults(OrderFault fault, int count) {
        duffel.forceNextOrderFaults(fault, count);
    }

    /** Every counter, including orders per offer and per {@code metadata.booking_id}. */
    public SimulatorStats stats() {
        return duffel.stats(true, inFlight.get(), inFlightMax.get(), webhooks.sent(), webhooks.failures());
    }

    /** The counters without the maps that grow with every order: cheap at any volume. */
    public SimulatorStats statsSummary() {
        return duffel.stats(false, inFlight.get(), inFlightMax.get(), webhooks.sent(), webhooks.failures());
    }

    /**
     * How long the last create-order call for {@code offerId} took here, from its request to its
     * answer (the configured latency included), or null if there was none. What a client saw beyond
     * it is the client's own.
     */
    public Duration orderLatency(String offerId) {
        return orderLatencies.of(offerId);
    }

    int forcedFaultsPending() {
        return duffel.forcedFaultsPending();
    }

    /** Forgets every offer, order, forced fault and counter, as {@code POST /_sim/reset} does. */
    public void reset() {
        duffel.reset();
        webhooks.reset();
        rateLimit.reset();
        orderLatencies.clear();
        inFlightMax.set(inFlight.get());
    }

    @Override
    public void close() {
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(5));
        }
        clientConnections.close().awaitUninterruptibly(Duration.ofSeconds(5).toMillis());
        webhookConnections.disposeLater().block(Duration.ofSeconds(5));
        // The server is disposed: no quiet period to wait for (Reactor Netty's default is two seconds).
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(6));
    }

    private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        inFlightMax.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        String requestId = Ids.requestId();
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Mono<Answer> answer = uri.path().startsWith("/_sim/") ? admin.handle(request, uri) : api.handle(request, uri);
        return answer.onErrorResume(e -> {
                    log.error("Simulator failure on {} {}", request.method(), uri.path(), e);
                    return Mono.just(ApiErrors.error(
                            500,
                            "api_error",
                            "internal_server_error",
                            "Internal server error",
                            "The simulator failed; this is a bug in the simulator"));
                })
                .flatMap(result -> send(response, requestId, result))
                .doFinally(signal -> inFlight.decrementAndGet());
    }

    private Mono<Void> send(HttpServerResponse response, String requestId, Answer answer) {
        return switch (answer) {
            case Answer.Json plain -> {
                if (plain.body() instanceof ObjectNode body && body.path("meta").has("request_id")) {
                    ((ObjectNode) body.get("meta")).put("request_id", requestId);
                }
                response.status(plain.status())
                        .header("content-type", "application/json")
                        .header("x-request-id", requestId);
                plain.headers().forEach(response::header);
                yield response.sendByteArray(Mono.just(json.writeValueAsBytes(plain.body())))
                        .then();
            }
            case Answer.Late late ->
                // Whichever comes first: the answer after the wait, or the client hanging up (then
                // nothing is sent, and the request stops counting as in flight).
                Mono.firstWithSignal(
                        Mono.delay(late.after()).then(Mono.defer(() -> send(response, requestId, late.answer()))),
                        hungUp(response));
            case Answer.Reset reset -> {
                response.withConnection(connection -> {
                    // SO_LINGER 0: the close sends a TCP reset rather than an orderly FIN.
                    connection.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                    connection.channel().close();
                });
                yield Mono.empty();
            }
        };
    }

    /** Completes when the client closes the connection. */
    private static Mono<Void> hungUp(HttpServerResponse response) {
        Sinks.Empty<Void> closed = Sinks.empty();
        response.withConnection(connection -> connection.onDispose(closed::tryEmitEmpty));
        return closed.asMono();
    }
}
