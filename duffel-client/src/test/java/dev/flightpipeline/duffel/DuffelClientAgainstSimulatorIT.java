package dev.flightpipeline.duffel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.duffel.Offers.OfferRequestCommand;
import dev.flightpipeline.duffel.Offers.PassengerQuery;
import dev.flightpipeline.duffel.Offers.SliceQuery;
import dev.flightpipeline.duffel.OrderCreationOutcome.Created;
import dev.flightpipeline.duffel.OrderCreationOutcome.Pending;
import dev.flightpipeline.duffel.OrderCreationOutcome.RateLimited;
import dev.flightpipeline.duffel.OrderCreationOutcome.Rejected;
import dev.flightpipeline.duffel.OrderCreationOutcome.Unknown;
import dev.flightpipeline.duffel.Orders.CreateOrderCommand;
import dev.flightpipeline.duffel.Orders.NewPassenger;
import dev.flightpipeline.duffel.Orders.OrderListQuery;
import dev.flightpipeline.duffelsim.DuffelSimulator;
import dev.flightpipeline.duffelsim.OrderFault;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client and the simulator agree: each of Duffel's answers reaches the client as its outcome. */
class DuffelClientAgainstSimulatorIT {

    static DuffelSimulator simulator;
    static DuffelClient client;

    @BeforeAll
    static void start() {
        simulator = DuffelSimulator.start(SimulatorConfig.defaults().withHangFor(Duration.ofSeconds(10)));
        client =
                DuffelClient.create(DuffelClientSettings.defaults(URI.create(simulator.baseUrl()), "duffel_test_client")
                        .withOrderCreationTimeout(Duration.ofSeconds(2)));
    }

    @AfterAll
    static void stop() {
        client.close();
        simulator.close();
    }

    static Offer searchOffer() {
        return client.searchOffers(new OfferRequestCommand(
                        List.of(new SliceQuery("LHR", "JFK", LocalDate.now().plusDays(30))),
                        List.of(PassengerQuery.adult()),
                        "economy",
                        1))
                .block()
                .offers()
                .getFirst();
    }

    static CreateOrderCommand order(Offer offer, String bookingId) {
        return new CreateOrderCommand(
                offer.id(),
                List.of(new NewPassenger(
                        offer.passengers().getFirst().id(),
                        "ms",
                        "f",
                        "Natasha",
                        "Romanoff",
                        LocalDate.parse("1984-11-22"),
                        "natasha@example.com",
                        "+442080160510")),
                offer.totalAmount(),
                offer.totalCurrency(),
                Map.of("booking_id", bookingId));
    }

    @Test
    void anOfferIsBookedOnceTheSecondTimeItIsAlreadyBookedAndTheOrderIsFoundByName() {
        Offer offer = client.getOffer(searchOffer().id()).block();

        OrderCreationOutcome first = client.createOrder(order(offer, "story-1")).block();
        OrderCreationOutcome second =
                client.createOrder(order(offer, "story-2")).block();

        assertThat(first).isInstanceOf(Created.class);
        assertThat(second)
                .isInstanceOfSatisfying(
                        Rejected.class,
                        rejected -> assertThat(rejected.reason()).isEqualTo(RejectionReason.ALREADY_BOOKED));
        String orderId = ((Created) first).order().id();
        assertThat(client.listAllOrders(OrderListQuery.byPassengerName("Romanoff"))
                        .collectList()
                        .block())
                .anySatisfy(order -> assertThat(order.id()).isEqualTo(orderId));
        assertThat(client.getOrder(orderId).block().metadata()).containsEntry("booking_id", "story-1");
    }

    @Test
    void eachSimulatedFaultReachesTheClientAsItsOutcome() {
        Map<OrderFault, Class<? extends OrderCreationOutcome>> expected = Map.of(
                OrderFault.TIMEOUT_AFTER_CREATE, Unknown.class,
                OrderFault.ERROR_AFTER_CREATE, Unknown.class,
                OrderFault.RESET_AFTER_CREATE, Unknown.class,
                OrderFault.ACCEPTED_THEN_CREATED, Pending.class,
                OrderFault.ORDER_NOT_CREATED, Rejected.class,
                OrderFault.RATE_LIMITED, RateLimited.class,
                OrderFault.OFFER_NO_LONGER_AVAILABLE, Rejected.class,
                OrderFault.DUPLICATE_BOOKING, Rejected.class);
        for (var fault : expected.entrySet()) {
            simulator.forceNextOrderFaults(fault.getKey(), 1);
            OrderCreationOutcome outcome = client.createOrder(order(searchOffer(), "fault-" + fault.getKey()))
                    .block();
            assertThat(outcome).as("%s", fault.getKey()).isInstanceOf(fault.getValue());
        }
    }

    @Test
    void anUnknownIdOrAWrongTokenGetsDuffelsError() {
        assertThatThrownBy(() -> client.getOrder("ord_unknown").block())
                .isInstanceOfSatisfying(
                        DuffelApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        try (DuffelClient wrongToken = DuffelClient.create(
                DuffelClientSettings.defaults(URI.create(simulator.baseUrl()), "not_a_duffel_token"))) {
            assertThatThrownBy(() -> wrongToken.getOffer("off_1").block())
                    .isInstanceOfSatisfying(
                            DuffelApiException.class,
                            e -> assertThat(e.hasCode("access_token_not_found")).isTrue());
        }
    }
}
