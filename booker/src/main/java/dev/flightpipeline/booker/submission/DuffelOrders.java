package dev.flightpipeline.booker.submission;

import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.ConfirmedOrder;
import dev.flightpipeline.booking.Traveler;
import dev.flightpipeline.duffel.Orders.CreateOrderCommand;
import dev.flightpipeline.duffel.Orders.NewPassenger;
import dev.flightpipeline.events.Money;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The order sent to Duffel for a booking (what is kept of the answer: {@link ConfirmedOrder#from}). */
final class DuffelOrders {

    private DuffelOrders() {}

    /**
     * The order for a booking. Its {@code metadata} names the booking and the idempotency key: the
     * only way to match an order on Duffel to its booking later.
     */
    static CreateOrderCommand command(Booking booking, Money total) {
        List<NewPassenger> passengers =
                booking.travelers().stream().map(DuffelOrders::passenger).toList();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("booking_id", booking.id().toString());
        metadata.put("idempotency_key", booking.idempotencyKey());
        return new CreateOrderCommand(booking.offerId(), passengers, total.decimal(), total.currency(), metadata);
    }

    private static NewPassenger passenger(Traveler traveler) {
        return new NewPassenger(
                traveler.passengerId(),
                traveler.title(),
                traveler.gender(),
                traveler.givenName(),
                traveler.familyName(),
                traveler.bornOn(),
                traveler.email(),
                traveler.phoneNumber());
    }
}
