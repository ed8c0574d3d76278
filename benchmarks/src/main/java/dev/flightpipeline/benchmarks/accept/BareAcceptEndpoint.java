package dev.flightpipeline.benchmarks.accept;

import java.net.URI;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * P1's limit: a bare Spring WebFlux endpoint on the gateway's path that reads the create-order body
 * as the gateway's controller does (the whole body, as bytes) and answers 202 with a small JSON body
 * like the gateway's accept answer, and does nothing else: no validation, no token, no database, no
 * Kafka. The same server stack as the gateway (Spring Boot's Reactor Netty server, WebFlux's
 * annotated controllers and codecs), so what the gateway adds is its own work.
 *
 * <p>Only the auto-configuration a WebFlux server needs is imported: this jar also holds a JDBC
 * driver, Flyway and Kafka, which a full auto-configuration would try to set up.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({
    PropertyPlaceholderAutoConfiguration.class,
    JacksonAutoConfiguration.class,
    CodecsAutoConfiguration.class,
    NettyReactiveWebServerAutoConfiguration.class,
    HttpHandlerAutoConfiguration.class,
    WebFluxAutoConfiguration.class
})
@RestController
public class BareAcceptEndpoint {

    static final String PATH = "/api/flights/create-order";
    static final String HEALTH_PATH = "/health";
    static final String ANSWERED_PATH = "/answered";

    /** Answers so far, read by the harness for its progress lines; an adder costs next to nothing. */
    private final LongAdder answered = new LongAdder();

    public static void main(String[] args) {
        new SpringApplicationBuilder(BareAcceptEndpoint.class)
                .web(WebApplicationType.REACTIVE)
                .properties("spring.config.name=bare-accept-endpoint", "spring.main.banner-mode=off")
                .run(args);
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<String>> accept(@RequestBody(required = false) byte[] body) {
        UUID bookingId = UUID.randomUUID();
        String statusUrl = "/api/flights/orders/" + bookingId;
        answered.increment();
        return Mono.just(ResponseEntity.accepted()
                .contentType(MediaType.APPLICATION_JSON)
                .location(URI.create(statusUrl))
                .body("{\"success\":true,\"booking_id\":\"" + bookingId + "\",\"status\":\"received\",\"status_url\":\""
                        + statusUrl + "\"}"));
    }

    @GetMapping(HEALTH_PATH)
    Mono<String> health() {
        return Mono.just("UP");
    }

    @GetMapping(ANSWERED_PATH)
    Mono<String> answered() {
        return Mono.just(Long.toString(answered.sum()));
    }
}
