package dev.flightpipeline.duffel;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

class ReactiveLogContextTest {

    private static final String KEY = "reactive_log_context_test";

    @BeforeAll
    static void registerTheMdcKey() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor(KEY));
    }

    private static Context named(String value) {
        return Context.of(Slf4jThreadLocalAccessor.KEY, Map.of(KEY, value));
    }

    @Test
    void aLineWrittenOnAnotherThreadHasTheSubscribersMdcValuesAndTheThreadKeepsNone() {
        AtomicReference<String> plain = new AtomicReference<>("unset");
        AtomicReference<String> restored = new AtomicReference<>();
        AtomicReference<String> after = new AtomicReference<>("unset");

        String answer = Mono.just("answer")
                .publishOn(Schedulers.single())
                .doOnNext(value -> plain.set(MDC.get(KEY)))
                .doOnEach(signal -> {
                    if (signal.isOnNext()) {
                        ReactiveLogContext.run(signal.getContextView(), () -> restored.set(MDC.get(KEY)));
                        after.set(MDC.get(KEY));
                    }
                })
                .contextWrite(named("booking-1"))
                .block();

        assertThat(answer).isEqualTo("answer");
        assertThat(plain.get())
                .as("Reactor restores no thread locals by itself here (context propagation is not automatic)")
                .isNull();
        assertThat(restored.get()).isEqualTo("booking-1");
        assertThat(after.get()).as("the value is removed after the line").isNull();
    }

    @Test
    void supplyComputesWithTheSubscribersMdcValues() {
        String seen = Mono.just(1)
                .publishOn(Schedulers.parallel())
                .flatMap(ignored -> ReactiveLogContext.supply(() -> MDC.get(KEY)))
                .contextWrite(named("booking-2"))
                .block();

        assertThat(seen).isEqualTo("booking-2");
    }

    @Test
    void aBlockingCallerHandsItsMdcValuesOverWithContextCapture() throws InterruptedException {
        AtomicReference<String> seen = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try (MDC.MDCCloseable named = MDC.putCloseable(KEY, "booking-3")) {
                seen.set(Mono.just(1)
                        .publishOn(Schedulers.parallel())
                        .flatMap(ignored -> ReactiveLogContext.supply(() -> MDC.get(KEY)))
                        .contextCapture()
                        .block());
            }
        });
        caller.join();

        assertThat(seen.get()).isEqualTo("booking-3");
    }
}
