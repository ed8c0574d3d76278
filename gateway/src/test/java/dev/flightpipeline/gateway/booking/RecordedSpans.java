package dev.flightpipeline.gateway.booking;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What a trace exporter an operator adds would receive from the services: their spans, kept in
 * memory while a test records (the pipeline's services export through it; {@link Exporting}).
 */
final class RecordedSpans implements SpanExporter {

    static final RecordedSpans INSTANCE = new RecordedSpans();

    private final Queue<SpanData> spans = new ConcurrentLinkedQueue<>();
    private volatile boolean recording;

    private RecordedSpans() {}

    void start() {
        spans.clear();
        recording = true;
    }

    void stop() {
        recording = false;
        spans.clear();
    }

    List<SpanData> ofTrace(String traceId) {
        return spans.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
        if (recording) {
            spans.addAll(batch);
        }
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }

    /** Adds the recorder to an application's span exporters. */
    @Configuration(proxyBeanMethods = false)
    static class Exporting {

        @Bean
        SpanExporter recordedSpans() {
            return INSTANCE;
        }
    }
}
