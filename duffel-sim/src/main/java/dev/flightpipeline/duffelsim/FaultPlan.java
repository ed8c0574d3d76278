package dev.flightpipeline.duffelsim;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Which fault, if any, the next create-order call meets: first any forced faults, in order, then a
 * draw against the configured shares from a random seeded with the configured seed, so a run with
 * the same seed and the same calls meets the same faults.
 */
final class FaultPlan {

    private final ConcurrentLinkedQueue<OrderFault> forced = new ConcurrentLinkedQueue<>();
    private Map<OrderFault, Double> shares = Map.of();
    private Random draws = new Random(0);

    /** New shares and a fresh sequence of draws; forced faults stay queued. */
    synchronized void configure(Map<OrderFault, Double> shares, long seed) {
        this.shares = Map.copyOf(shares);
        this.draws = new Random(seed);
    }

    /** The next {@code count} calls meet {@code fault}, whatever the shares say. */
    void force(OrderFault fault, int count) {
        for (int i = 0; i < count; i++) {
            forced.add(fault);
        }
    }

    /** The fault for the next call, or null for none. */
    OrderFault next() {
        OrderFault fault = forced.poll();
        return fault != null ? fault : draw();
    }

    int forcedPending() {
        return forced.size();
    }

    void clearForced() {
        forced.clear();
    }

    private synchronized OrderFault draw() {
        if (shares.isEmpty()) {
            return null;
        }
        double draw = draws.nextDouble();
        double cumulative = 0;
        // Enum order, not map order, so the same shares always split [0, 1) the same way.
        for (OrderFault fault : OrderFault.values()) {
            cumulative += shares.getOrDefault(fault, 0.0);
            if (draw < cumulative) {
                return fault;
            }
        }
        return null;
    }
}
