package dev.flightpipeline.booker;

import dev.flightpipeline.duffel.DuffelClient;
import dev.flightpipeline.duffel.DuffelClientSettings;
import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.duffel.Offers.OfferRequestCommand;
import dev.flightpipeline.duffel.Offers.PassengerQuery;
import dev.flightpipeline.duffel.Offers.SliceQuery;
import dev.flightpipeline.duffel.OrderCreationOutcome;
import dev.flightpipeline.duffel.Orders.CreateOrderCommand;
import dev.flightpipeline.duffel.Orders.NewPassenger;
import dev.flightpipeline.duffelsim.DuffelSimulator;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.EventJson;
import dev.flightpipeline.events.Money;
import dev.flightpipeline.events.Passenger;
import dev.flightpipeline.events.Topics;
import dev.flightpipeline.testsupport.KafkaEndpoint;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Searches offers on the simulator and publishes booking requests for them, as a gateway does. */
final class BookingRequests implements AutoCloseable {

    private final DuffelClient duffel;
    private final KafkaProducer<String, byte[]> producer;

    BookingRequests(KafkaEndpoint kafka, DuffelSimulator simulator) {
        this.duffel = DuffelClient.create(
                DuffelClientSettings.defaults(URI.create(simulator.baseUrl()), "duffel_test_booker_tests"));
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /** A fresh offer for one adult, a month ahead. */
    Offer offer() {
        return duffel.searchOffers(new OfferRequestCommand(
                        List.of(new SliceQuery("LHR", "JFK", LocalDate.now().plusDays(30))),
                        List.of(PassengerQuery.adult()),
                        "economy",
                        null))
                .block()
                .offers()
                .getFirst();
    }

    /** A request for the offer by {@code user}, with a new key. */
    BookingRequested requestFor(Offer offer, String user) {
        return requestFor(offer, user, "key-" + UUID.randomUUID(), null);
    }

    BookingRequested requestFor(Offer offer, String user, String idempotencyKey, Money expectedTotal) {
        return requestFor(offer.id(), offer.passengers().getFirst().id(), user, idempotencyKey, expectedTotal);
    }

    /** A request that may name an offer or a passenger Duffel does not know. */
    BookingRequested requestFor(
            String offerId, String passengerId, String user, String idempotencyKey, Money expectedTotal) {
        Passenger passenger = new Passenger(
                passengerId,
                "mr",
                "Tony",
                "Stark",
                "m",
                LocalDate.of(1980, 7, 24),
                "tony@example.com",
                "+442080160509");
        return new BookingRequested(
                UUID.randomUUID(),
                user,
                idempotencyKey,
                "sha256:" + offerId,
                offerId,
                List.of(passenger),
                expectedTotal,
                Instant.now());
    }

    /** Books the offer on Duffel behind the pipeline's back, as another system with the same account would. */
    void bookElsewhere(Offer offer) {
        OrderCreationOutcome outcome = duffel.createOrder(new CreateOrderCommand(
                        offer.id(),
                        List.of(new NewPassenger(
                                offer.passengers().getFirst().id(),
                                "ms",
                                "f",
                                "Pepper",
                                "Potts",
                                LocalDate.of(1982, 3, 1),
                                "pepper@example.com",
                                "+442080160508")),
                        offer.totalAmount(),
                        offer.totalCurrency(),
                        Map.of("booking_id", "elsewhere")))
                .block();
        if (!(outcome instanceof OrderCreationOutcome.Created)) {
            throw new IllegalStateException("the simulator did not book the offer: " + outcome);
        }
    }

    void publish(BookingRequested request) {
        publishRaw(request.key(), bytes(request));
    }

    /** Sends them all, then waits for the broker once: they arrive together. */
    void publishAll(List<BookingRequested> requests) {
        requests.forEach(request -> send(request.key(), bytes(request)));
        producer.flush();
    }

    void publishRaw(String key, byte[] value) {
        send(key, value);
        producer.flush();
    }

    private void send(String key, byte[] value) {
        producer.send(new ProducerRecord<>(Topics.BOOKING_REQUESTS, key, value));
    }

    private static byte[] bytes(BookingRequested request) {
        return EventJson.write(request).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
        duffel.close();
    }
}
