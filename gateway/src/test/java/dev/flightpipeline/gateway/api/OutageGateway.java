package dev.flightpipeline.gateway.api;

import dev.flightpipeline.gateway.GatewayApplication;
import dev.flightpipeline.gateway.auth.LocalTokenIssuer;
import dev.flightpipeline.gateway.booking.Pipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A second gateway on the pipeline's database for the answers of an outage: its Kafka broker cannot
 * be reached (create-order is a 503), and its Duffel is a stub that answers every search with the
 * status the test sets, as Duffel words its errors (the simulator fails order creations only).
 */
final class OutageGateway implements AutoCloseable {

    private final AtomicInteger duffelStatus = new AtomicInteger(500);
    // Its own event loops: the gateway's shutdown must not take the stub down with it.
    private final LoopResources loops = LoopResources.create("duffel-outage-stub", 1, 2, true);
    private final DisposableServer duffel;
    private final ConfigurableApplicationContext gateway;
    final WebTestClient http;

    OutageGateway(Pipeline pipeline) {
        duffel = HttpServer.create()
                .runOn(loops)
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> request.receive().then(Mono.defer(() -> {
                    int status = duffelStatus.get();
                    return response.status(status)
                            .header("content-type", "application/json")
                            .sendString(Mono.just(duffelError(status)))
                            .then();
                })))
                .bindNow(Duration.ofSeconds(10));
        gateway = GatewayApplication.application()
                .profiles("local")
                .run(
                        "--server.port=0",
                        "--spring.main.banner-mode=off",
                        "--spring.datasource.url=" + pipeline.database.jdbcUrl(),
                        "--spring.datasource.username=" + pipeline.database.username(),
                        "--spring.datasource.password=" + pipeline.database.password(),
                        "--spring.kafka.bootstrap-servers=127.0.0.1:" + closedPort(),
                        "--duffel.base-url=http://127.0.0.1:" + duffel.port(),
                        "--duffel.access-token=duffel_test_outage",
                        "--gateway.booking.publish-timeout=2s");
        http = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + gateway.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** Duffel answers the next searches with this status. */
    void duffelAnswers(int status) {
        duffelStatus.set(status);
    }

    String tokenFor(String user) {
        return gateway.getBean(LocalTokenIssuer.class).issue(user);
    }

    @Override
    public void close() {
        gateway.close();
        duffel.disposeNow(Duration.ofSeconds(5));
        loops.disposeLater().block(Duration.ofSeconds(5));
    }

    private static String duffelError(int status) {
        String type = status == 401 ? "authentication_error" : "api_error";
        String code = switch (status) {
            case 401 -> "access_token_not_found";
            case 504 -> "gateway_timeout";
            default -> "internal_server_error";
        };
        return """
                {"meta": {"status": %d, "request_id": "req_outage_stub"},
                 "errors": [{"type": "%s", "code": "%s", "title": "Stubbed Duffel error",
                             "message": "The outage stub answers %d."}]}
                """.formatted(status, type, code, status);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
