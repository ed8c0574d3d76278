package dev.flightpipeline.gateway.search;

import dev.flightpipeline.duffel.Offers.OfferRequestCommand;
import dev.flightpipeline.duffel.Offers.PassengerQuery;
import dev.flightpipeline.duffel.Offers.SliceQuery;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A checked search: what {@link SearchQueryValidation} lets through.
 *
 * @param returnDate null for a one-way search
 * @param childAges the ages of the children (0 to 17), in the order asked; searched by age, as
 *     Duffel prices children and infants by it
 */
record SearchQuery(
        String origin,
        String destination,
        LocalDate departureDate,
        LocalDate returnDate,
        int adults,
        List<Integer> childAges,
        CabinClass cabinClass) {

    SearchQuery {
        childAges = List.copyOf(childAges);
    }

    boolean isReturn() {
        return returnDate != null;
    }

    /** Duffel's offer request: the outbound slice, the return slice if any, adults then children. */
    OfferRequestCommand offerRequest() {
        List<SliceQuery> slices = new ArrayList<>();
        slices.add(new SliceQuery(origin, destination, departureDate));
        if (isReturn()) {
            slices.add(new SliceQuery(destination, origin, returnDate));
        }
        List<PassengerQuery> passengers = new ArrayList<>();
        for (int i = 0; i < adults; i++) {
            passengers.add(PassengerQuery.adult());
        }
        childAges.forEach(age -> passengers.add(PassengerQuery.aged(age)));
        return new OfferRequestCommand(List.copyOf(slices), List.copyOf(passengers), cabinClass.wireName(), null);
    }
}
