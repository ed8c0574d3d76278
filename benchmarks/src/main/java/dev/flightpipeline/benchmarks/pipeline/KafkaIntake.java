package dev.flightpipeline.benchmarks.pipeline;

import dev.flightpipeline.benchmarks.OfferStock.BookableOffer;
import dev.flightpipeline.benchmarks.PacedRequestPublisher;
import java.time.Duration;
import java.util.List;

/** Requests published to {@code booking.requests} as the gateway does after its 202, no gateway running. */
final class KafkaIntake implements Intake {

    private final PacedRequestPublisher publisher;
    private final List<BookableOffer> offers;

    KafkaIntake(String bootstrapServers, List<BookableOffer> offers) {
        this.publisher = new PacedRequestPublisher(bootstrapServers);
        this.offers = offers;
    }

    @Override
    public void start(double rate, Duration warmUp, Duration measured) {
        publisher.start(offers, rate, warmUp.plus(measured));
    }

    @Override
    public long offered() {
        return publisher.sent();
    }

    /** Sent and not refused by the broker. */
    @Override
    public long accepted() {
        return publisher.sent() - publisher.failed();
    }

    @Override
    public long inFlight() {
        return 0;
    }

    @Override
    public void awaitFinished() throws InterruptedException {
        publisher.awaitFinished();
    }

    @Override
    public void close() {
        publisher.close();
    }
}
