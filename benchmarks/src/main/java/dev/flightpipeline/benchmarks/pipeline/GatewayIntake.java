package dev.flightpipeline.benchmarks.pipeline;

import dev.flightpipeline.benchmarks.GatewayClient;
import dev.flightpipeline.benchmarks.OfferStock.BookableOffer;
import dev.flightpipeline.benchmarks.accept.FixedRateLoad;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Requests to the gateway's create-order, one offer each, at a fixed rate (open loop) after a warm-up
 * whose rate rises to it: with {@code Prefer: respond-async} a request is taken when answered 202;
 * without, when answered 201 (booked).
 */
final class GatewayIntake implements Intake {

    private final FixedRateLoad load;
    private final int acceptedStatus;
    private final String label;
    private final LongAdder accepted = new LongAdder();
    private CompletableFuture<FixedRateLoad.Report> report;

    /** @param onAnswer told of every answer as well, on the load's event loop */
    GatewayIntake(
            String gatewayUrl,
            String token,
            List<BookableOffer> offers,
            boolean respondAsync,
            String label,
            Consumer<FixedRateLoad.Answer> onAnswer) {
        this.acceptedStatus = respondAsync ? 202 : 201;
        this.label = label;
        this.load = new FixedRateLoad(
                gatewayUrl,
                GatewayClient.CREATE_ORDER_PATH,
                token,
                index -> GatewayClient.createOrderBody(
                        offers.get(index).offerId(), offers.get(index).passengerId()),
                respondAsync,
                answer -> {
                    if (answer.status() == acceptedStatus) {
                        accepted.increment();
                    }
                    onAnswer.accept(answer);
                });
    }

    /** The warm-up ramps up: its rate rises from 0 to {@code rate} (see {@link FixedRateLoad.Schedule}). */
    @Override
    public void start(double rate, Duration warmUp, Duration measured) {
        report = load.runInBackground(FixedRateLoad.Schedule.rampingUp(rate, warmUp, measured), label);
    }

    @Override
    public long offered() {
        return load.progress().sent();
    }

    @Override
    public long accepted() {
        return accepted.sum();
    }

    @Override
    public long inFlight() {
        return load.progress().inFlight();
    }

    @Override
    public void awaitFinished() throws Exception {
        report.get();
    }

    /** The load's report, once {@link #awaitFinished} has returned. */
    FixedRateLoad.Report report() {
        return report.join();
    }

    @Override
    public void close() {
        load.close();
    }
}
