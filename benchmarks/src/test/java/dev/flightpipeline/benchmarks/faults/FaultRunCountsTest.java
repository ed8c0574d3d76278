package dev.flightpipeline.benchmarks.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.benchmarks.faults.FaultRunCounts.Booking;
import dev.flightpipeline.benchmarks.faults.FaultRunCounts.SimulatedOrder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultRunCountsTest {

    private static final Booking CONFIRMED = new Booking("b1", "u1", "k1", "CONFIRMED", null, "ord_1", false);
    private static final Booking LATE = new Booking("b2", "u2", "k2", "CONFIRMED", null, "ord_2", true);
    private static final Booking FAILED = new Booking("b3", "u3", "k3", "FAILED", "order_not_created", null, false);
    private static final Set<String> REQUESTED = Set.of("u1:k1", "u2:k2", "u3:k3");
    private static final List<SimulatedOrder> ORDERS =
            List.of(new SimulatedOrder("ord_1", "b1"), new SimulatedOrder("ord_2", "b2"));
    private static final Map<String, List<String>> ONE_EVENT_EACH =
            Map.of("b1", List.of("CONFIRMED"), "b2", List.of("CONFIRMED"), "b3", List.of("FAILED"));

    @Test
    void aCleanRunHoldsEveryInvariant() {
        FaultRunCounts counts =
                FaultRunCounts.count(REQUESTED, List.of(CONFIRMED, LATE, FAILED), ONE_EVENT_EACH, ORDERS);

        assertThat(counts.requested()).isEqualTo(3);
        assertThat(counts.accepted()).isEqualTo(3);
        assertThat(counts.confirmed()).isEqualTo(2);
        assertThat(counts.confirmedLate()).isEqualTo(1);
        assertThat(counts.failedByCode()).containsExactly(Map.entry("order_not_created", 1L));
        assertThat(counts.exactlyOneEvent()).isEqualTo(3);
        assertThat(counts.lost()).isZero();
        assertThat(counts.invariantsHeld()).isTrue();
        assertThat(counts.violations()).isEmpty();
    }

    @Test
    void aRequestNeverRecordedOrStillOpenIsLost() {
        Booking open = new Booking("b3", "u3", "k3", "UNKNOWN", null, null, false);
        Set<String> requested = Set.of("u1:k1", "u2:k2", "u3:k3", "u4:k4");

        FaultRunCounts counts = FaultRunCounts.count(requested, List.of(CONFIRMED, LATE, open), ONE_EVENT_EACH, ORDERS);

        assertThat(counts.accepted()).isEqualTo(3);
        assertThat(counts.lost()).isEqualTo(2);
        assertThat(counts.openByStatus()).containsOnly(Map.entry("NOT_RECORDED", 1L), Map.entry("UNKNOWN", 1L));
        assertThat(counts.invariantsHeld()).isFalse();
    }

    @Test
    void twoOrdersForOneBookingAreADuplicate() {
        List<SimulatedOrder> orders = List.of(
                new SimulatedOrder("ord_1", "b1"),
                new SimulatedOrder("ord_9", "b1"),
                new SimulatedOrder("ord_2", "b2"));

        FaultRunCounts counts =
                FaultRunCounts.count(REQUESTED, List.of(CONFIRMED, LATE, FAILED), ONE_EVENT_EACH, orders);

        assertThat(counts.duplicateOrders()).isEqualTo(1);
        assertThat(counts.invariantsHeld()).isFalse();
    }

    @Test
    void missingExtraAndContradictingOutcomeEventsAreCountedApart() {
        Map<String, List<String>> events = Map.of(
                "b1", List.of("CONFIRMED", "CONFIRMED"), // two
                "b3", List.of("CONFIRMED")); // says confirmed, the booking failed; b2 has none

        FaultRunCounts counts = FaultRunCounts.count(REQUESTED, List.of(CONFIRMED, LATE, FAILED), events, ORDERS);

        assertThat(counts.withSeveralEvents()).isEqualTo(1);
        assertThat(counts.withoutEvent()).isEqualTo(1);
        assertThat(counts.eventsDisagreeing()).isEqualTo(1);
        assertThat(counts.exactlyOneEvent()).isEqualTo(1);
        assertThat(counts.violations()).hasSize(3);
    }

    @Test
    void ordersNotAttachedToTheirBookingAreOrphans() {
        List<SimulatedOrder> orders = List.of(
                new SimulatedOrder("ord_1", "b1"),
                new SimulatedOrder("ord_7", "b2"), // b2 was confirmed with ord_2
                new SimulatedOrder("ord_8", "b3"), // b3 failed
                new SimulatedOrder("ord_9", "nobody"),
                new SimulatedOrder("ord_10", null));

        FaultRunCounts counts =
                FaultRunCounts.count(REQUESTED, List.of(CONFIRMED, LATE, FAILED), ONE_EVENT_EACH, orders);

        assertThat(counts.ordersWithoutBooking()).isEqualTo(2);
        assertThat(counts.ordersOfFailedBookings()).isEqualTo(1);
        assertThat(counts.confirmedWithOtherOrder()).isEqualTo(1);
        assertThat(counts.orphanOrders()).isEqualTo(4);
        assertThat(counts.duplicateOrders()).isZero();
        assertThat(counts.invariantsHeld()).isFalse();
    }
}
