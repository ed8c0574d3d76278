package dev.flightpipeline.benchmarks;

import dev.flightpipeline.duffel.DuffelClient;
import dev.flightpipeline.duffel.DuffelClientSettings;
import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.duffel.Offers.OfferRequest;
import dev.flightpipeline.duffel.Offers.OfferRequestCommand;
import dev.flightpipeline.duffel.Offers.PassengerQuery;
import dev.flightpipeline.duffel.Offers.SliceQuery;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Offers searched on the simulator before a run, one per booking request: an offer can be booked
 * once, so a run needs as many as it sends requests.
 */
public final class OfferStock {

    /** A bookable offer and its one adult passenger's id, which the order must name. */
    public record BookableOffer(String offerId, String passengerId) {}

    /** Offers per search: fewer searches before a run. */
    public static final int OFFERS_PER_SEARCH = 100;

    /** Outlives any run, so no offer expires before its request is booked. */
    public static final Duration OFFER_LIFETIME = Duration.ofHours(2);

    private OfferStock() {}

    /** The simulator's settings for a run that books from a stock: many offers per search, none expiring. */
    public static SimulatorConfig simulatorConfig() {
        return SimulatorConfig.defaults().withOffersPerSearch(OFFERS_PER_SEARCH).withOfferLifetime(OFFER_LIFETIME);
    }

    /** Searches until {@code count} offers are in hand. */
    public static List<BookableOffer> search(URI duffel, String accessToken, int count) {
        List<BookableOffer> offers = new ArrayList<>(count);
        try (DuffelClient client = DuffelClient.create(DuffelClientSettings.defaults(duffel, accessToken))) {
            int searches = 0;
            while (offers.size() < count) {
                // Spread over departure dates, as real searches are; an offer's route does not matter here.
                OfferRequest answer = client.searchOffers(new OfferRequestCommand(
                                List.of(new SliceQuery(
                                        "LHR", "JFK", LocalDate.now().plusDays(30 + searches++ % 60))),
                                List.of(PassengerQuery.adult()),
                                "economy",
                                null))
                        .block();
                for (Offer offer : answer.offers()) {
                    if (offers.size() < count) {
                        offers.add(new BookableOffer(
                                offer.id(), offer.passengers().getFirst().id()));
                    }
                }
            }
        }
        return offers;
    }
}
