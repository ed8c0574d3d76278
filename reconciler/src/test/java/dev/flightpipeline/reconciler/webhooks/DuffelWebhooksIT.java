package dev.flightpipeline.reconciler.webhooks;

import static dev.flightpipeline.reconciler.webhooks.WebhookTestbed.SECRET;
import static dev.flightpipeline.reconciler.webhooks.WebhookTestbed.eventId;
import static dev.flightpipeline.reconciler.webhooks.WebhookTestbed.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.BookingLogContext;
import dev.flightpipeline.booking.BookingStatus;
import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.duffel.OrderCreationOutcome;
import dev.flightpipeline.duffelsim.OrderFault;
import dev.flightpipeline.duffelsim.WebhookSignature;
import dev.flightpipeline.reconciler.sweep.UnknownOutcomeSweep;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** Duffel's webhooks, signed, forged, repeated and out of order, against one reconciler. */
class DuffelWebhooksIT {

    static WebhookTestbed testbed;

    @BeforeAll
    static void startAReconciler() {
        testbed = new WebhookTestbed();
    }

    @AfterAll
    static void stopEverything() {
        if (testbed != null) {
            testbed.close();
        }
    }

    /** A booking left UNKNOWN with its order on the simulator (no webhook sent): the order, raw. */
    static JsonNode unknownBookingWithOrder(UUID bookingId) {
        String familyName = uniqueName();
        Offer offer = testbed.unknownBooking(bookingId, familyName);
        OrderCreationOutcome outcome = testbed.orderOutcome(offer, familyName, bookingId.toString());
        assertThat(outcome).isInstanceOf(OrderCreationOutcome.Created.class);
        return testbed.rawOrder(((OrderCreationOutcome.Created) outcome).order().id());
    }

    @Test
    void aBookingWhoseOrderWasCreatedAfterA202IsConfirmedLateByTheSimulatorsWebhookAlone() {
        UUID bookingId = UUID.randomUUID();
        String familyName = uniqueName();
        Offer offer = testbed.offer();
        testbed.simulator.forceNextOrderFaults(OrderFault.ACCEPTED_THEN_CREATED, 1);
        // The booker's call: submitted, answered 202, so the outcome is unknown until Duffel announces it.
        testbed.submit(bookingId, offer, familyName);
        assertThat(testbed.orderOutcome(offer, familyName, bookingId.toString()))
                .isInstanceOf(OrderCreationOutcome.Pending.class);
        testbed.booker.markUnknown(bookingId, "duffel_accepted", "Duffel answered 202", null);

        Booking booking = testbed.awaitStatus(bookingId, BookingStatus.CONFIRMED);

        assertThat(booking.late()).isTrue();
        assertThat(booking.duffelOrderId()).startsWith("ord_");
        assertThat(booking.bookingReference()).isNotBlank();
        assertThat(booking.segments()).isNotEmpty();
        assertThat(booking.nextCheckAt()).isNull();
        assertThat(testbed.outcomes(bookingId)).containsExactly("BookingPending", "BookingConfirmed");
        assertThat(testbed.opsKinds(bookingId)).containsExactly("outcome_unknown", "reconciled_late");
    }

    @Test
    void aHandSignedOrderCreatedConfirmsAnUnknownBookingLate() {
        UUID bookingId = UUID.randomUUID();
        JsonNode order = unknownBookingWithOrder(bookingId);
        double confirmedBefore =
                testbed.counted("reconciler.webhook.deliveries", "type", "order.created", "result", "confirmed");

        HttpResponse<String> answer = testbed.deliver(testbed.orderCreatedEvent(eventId(), order));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(testbed.counted("reconciler.webhook.deliveries", "type", "order.created", "result", "confirmed"))
                .isEqualTo(confirmedBefore + 1);
        assertThat(answer.body()).contains("\"result\":\"confirmed\"");
        Booking booking = testbed.booking(bookingId);
        assertThat(booking.status()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(booking.late()).isTrue();
        assertThat(booking.duffelOrderId()).isEqualTo(order.get("id").asString());
        assertThat(booking.bookingReference())
                .isEqualTo(order.get("booking_reference").asString());
        assertThat(testbed.outcomes(bookingId)).containsExactly("BookingPending", "BookingConfirmed");
    }

    @Test
    void theLineAboutAnAppliedEventNamesItsBooking() {
        UUID bookingId = UUID.randomUUID();
        String eventId = eventId();
        String body = testbed.orderCreatedEvent(eventId, unknownBookingWithOrder(bookingId));
        Logger endpointLog = (Logger) LoggerFactory.getLogger(DuffelWebhookEndpoint.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        endpointLog.addAppender(lines);
        try {
            assertThat(testbed.deliver(body).body()).contains("\"result\":\"confirmed\"");

            assertThat(List.copyOf(lines.list))
                    .filteredOn(line -> line.getFormattedMessage().contains("Duffel webhook event " + eventId))
                    .singleElement()
                    .satisfies(line -> assertThat(line.getMDCPropertyMap())
                            .containsEntry(BookingLogContext.BOOKING_ID, bookingId.toString()));
        } finally {
            endpointLog.detachAppender(lines);
        }
    }

    @Test
    void anOrderAnnouncedWhileTheBookersCallIsStillUnderWayConfirmsTheBookingOnTimeNotLate() {
        UUID bookingId = UUID.randomUUID();
        String familyName = uniqueName();
        Offer offer = testbed.offer();
        testbed.submit(bookingId, offer, familyName);
        OrderCreationOutcome outcome = testbed.orderOutcome(offer, familyName, bookingId.toString());
        JsonNode order = testbed.rawOrder(
                ((OrderCreationOutcome.Created) outcome).order().id());

        HttpResponse<String> answer = testbed.deliver(testbed.orderCreatedEvent(eventId(), order));

        assertThat(answer.body()).contains("\"result\":\"confirmed\"");
        Booking booking = testbed.booking(bookingId);
        assertThat(booking.status()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(booking.late()).isFalse();
        assertThat(testbed.outcomes(bookingId)).containsExactly("BookingConfirmed");
        assertThat(testbed.opsKinds(bookingId)).containsExactly("confirmed_by_webhook");
    }

    @Test
    void theSameDeliveryThreeTimesAtOnceConfirmsOnceAndIsRecordedOnce() throws Exception {
        UUID bookingId = UUID.randomUUID();
        String eventId = eventId();
        String body = testbed.orderCreatedEvent(eventId, unknownBookingWithOrder(bookingId));

        List<CompletableFuture<HttpResponse<String>>> deliveries = List.of(
                CompletableFuture.supplyAsync(() -> testbed.deliver(body)),
                CompletableFuture.supplyAsync(() -> testbed.deliver(body)),
                CompletableFuture.supplyAsync(() -> testbed.deliver(body)));

        for (CompletableFuture<HttpResponse<String>> delivery : deliveries) {
            assertThat(delivery.get().statusCode()).isEqualTo(200);
        }
        assertThat(deliveries.stream().map(delivery -> delivery.join().body()))
                .filteredOn(answer -> answer.contains("\"result\":\"confirmed\""))
                .hasSize(1);
        assertThat(testbed.deliver(body).body()).contains("\"result\":\"repeated\"");
        assertThat(testbed.deliveriesRecorded(eventId)).isEqualTo(1);
        assertThat(testbed.booking(bookingId).status()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(testbed.outcomes(bookingId)).containsExactly("BookingPending", "BookingConfirmed");
    }

    @Test
    void orderCreatedThenCreationFailedEndsConfirmedWithOneBookingConfirmed() {
        UUID bookingId = UUID.randomUUID();
        JsonNode order = unknownBookingWithOrder(bookingId);
        String created = testbed.orderCreatedEvent(eventId(), order);
        String failed =
                testbed.orderCreationFailedEvent(eventId(), order.get("id").asString(), bookingId);

        for (String body : List.of(created, failed, created, failed)) {
            assertThat(testbed.deliver(body).statusCode()).isEqualTo(200);
        }

        assertThat(testbed.booking(bookingId).status()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(testbed.outcomes(bookingId)).containsExactly("BookingPending", "BookingConfirmed");
    }

    @Test
    void creationFailedThenOrderCreatedAlsoEndsConfirmedBecauseDuffelListsTheOrderWhenTheFailureArrives() {
        UUID bookingId = UUID.randomUUID();
        JsonNode order = unknownBookingWithOrder(bookingId);
        String orderId = order.get("id").asString();
        String created = testbed.orderCreatedEvent(eventId(), order);
        String failed = testbed.orderCreationFailedEvent(eventId(), orderId, bookingId);

        HttpResponse<String> first = testbed.deliver(failed);
        for (String body : List.of(failed, created, created)) {
            assertThat(testbed.deliver(body).statusCode()).isEqualTo(200);
        }

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"result\":\"confirmed\"");
        Booking booking = testbed.booking(bookingId);
        assertThat(booking.status()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(booking.late()).isTrue();
        assertThat(booking.duffelOrderId()).isEqualTo(orderId);
        assertThat(testbed.outcomes(bookingId)).containsExactly("BookingPending", "BookingConfirmed");
        assertThat(testbed.opsKinds(bookingId)).containsExactly("outcome_unknown", "reconciled_late");
        assertThat(testbed.orphanReports(orderId)).isEmpty();
    }

    @Test
    void creationFailedWithNoOrderOnDuffelClosesTheBookingAndAnOrderAppearingLaterIsReportedAsAnOrphanOnce() {
        UUID bookingId = UUID.randomUUID();
        String familyName = uniqueName();
        Offer offer = testbed.unknownBooking(bookingId, familyName);
        double orphansBefore =
                testbed.counted("reconciler.orphan.orders", "kind", "booking_failed", "found_by", "webhook");

        HttpResponse<String> failed =
                testbed.deliver(testbed.orderCreationFailedEvent(eventId(), "ord_0000NeverCreated", bookingId));
        assertThat(failed.body()).contains("\"result\":\"failed\"");
        // Duffel creates the order after all, after the listing said there was none.
        OrderCreationOutcome outcome = testbed.orderOutcome(offer, familyName, bookingId.toString());
        JsonNode order = testbed.rawOrder(
                ((OrderCreationOutcome.Created) outcome).order().id());
        String orderId = order.get("id").asString();
        String created = testbed.orderCreatedEvent(eventId(), order);
        HttpResponse<String> announced = testbed.deliver(created);
        testbed.deliver(testbed.orderCreatedEvent(eventId(), order));

        assertThat(announced.body()).contains("orphan_order");
        Booking booking = testbed.booking(bookingId);
        assertThat(booking.status()).isEqualTo(BookingStatus.FAILED);
        assertThat(booking.failureCode()).isEqualTo("order_not_created");
        assertThat(testbed.outcomes(bookingId)).containsExactly("BookingPending", "BookingFailed");
        assertThat(testbed.opsKinds(bookingId)).containsExactly("outcome_unknown", "closed_by_webhook", "orphan_order");
        assertThat(testbed.orphanReports(orderId)).singleElement().satisfies(report -> {
            assertThat(report.get("bookingId").asString()).isEqualTo(bookingId.toString());
            assertThat(report.get("attributes").get("orphan_kind").asString()).isEqualTo("booking_failed");
            assertThat(report.get("attributes").get("found_by").asString()).isEqualTo("webhook");
            assertThat(report.get("attributes").get("booking_reference").asString())
                    .isEqualTo(order.get("booking_reference").asString());
            assertThat(report.get("attributes").get("action").asString()).isNotBlank();
        });
        assertThat(testbed.counted("reconciler.orphan.orders", "kind", "booking_failed", "found_by", "webhook"))
                .isEqualTo(orphansBefore + 1);
    }

    @Test
    void forgedStaleUnsignedAndTamperedDeliveriesAreRefusedWith401AndChangeNothing() {
        UUID bookingId = UUID.randomUUID();
        JsonNode order = unknownBookingWithOrder(bookingId);
        String eventId = eventId();
        String body = testbed.orderCreatedEvent(eventId, order);
        long now = Instant.now().getEpochSecond();
        int outboxBefore = testbed.outboxRows();
        double refusedBefore = testbed.counted("reconciler.webhook.deliveries", "result", "refused");

        List<HttpResponse<String>> answers = List.of(
                testbed.deliver(body, WebhookSignature.header("whsec_forger", now, body)),
                testbed.deliver(body, WebhookSignature.header(SECRET, now - 600, body)),
                testbed.deliver(body, null),
                testbed.deliver(body, "t=" + now + ",v1=not-hex"),
                testbed.deliver(
                        body.replace(order.get("id").asString(), "ord_0000Tampered"),
                        WebhookSignature.header(SECRET, now, body)));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(answer.body()).contains("\"status\":401").doesNotContain("Exception");
        });
        assertThat(testbed.deliveriesRecorded(eventId)).isZero();
        assertThat(testbed.counted("reconciler.webhook.deliveries", "result", "refused"))
                .isEqualTo(refusedBefore + 5);
        assertThat(testbed.booking(bookingId).status()).isEqualTo(BookingStatus.UNKNOWN);
        assertThat(testbed.outboxRows()).isEqualTo(outboxBefore);
        assertThat(testbed.outcomes(bookingId)).containsExactly("BookingPending");
    }

    @Test
    void aSignedBodyThatIsNotAnEventIsRefusedWith400() {
        assertThat(testbed.deliver("not json").statusCode()).isEqualTo(400);
        assertThat(testbed.deliver("{\"type\":\"order.created\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void eventsOfOtherTypesAreAcknowledgedAndIgnored() {
        String body = "{\"id\":\"" + eventId() + "\",\"type\":\"ping.triggered\",\"data\":{\"object\":{}}}";
        HttpResponse<String> answer = testbed.deliver(body);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("nothing_to_do");
    }

    @Test
    void theSweepAndTheWebhookTogetherConfirmTheBookingOnceWithOneBookingConfirmed() throws Exception {
        UUID bookingId = UUID.randomUUID();
        String body = testbed.orderCreatedEvent(eventId(), unknownBookingWithOrder(bookingId));
        UnknownOutcomeSweep sweep = testbed.reconciler.getBean(UnknownOutcomeSweep.class);

        try (ExecutorService both = Executors.newFixedThreadPool(2)) {
            Future<Integer> swept = both.submit(sweep::sweepOnce);
            Future<HttpResponse<String>> delivered = both.submit(() -> testbed.deliver(body));
            assertThat(delivered.get().statusCode()).isEqualTo(200);
            swept.get();
        }
        // Whichever came second found it confirmed; a later sweep does not claim it again.
        sweep.sweepOnce();

        Booking booking = testbed.booking(bookingId);
        assertThat(booking.status()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(booking.late()).isTrue();
        assertThat(testbed.outcomes(bookingId)).containsExactly("BookingPending", "BookingConfirmed");
        assertThat(testbed.opsKinds(bookingId)).containsExactly("outcome_unknown", "reconciled_late");
    }

    @Test
    void anOrderCreatedForABookingWeDoNotHaveIsAcknowledgedAndReportedAsAnOrphanOnce() {
        String familyName = uniqueName();
        Offer offer = testbed.offer();
        UUID strangeBookingId = UUID.randomUUID();
        OrderCreationOutcome outcome = testbed.orderOutcome(offer, familyName, strangeBookingId.toString());
        JsonNode order = testbed.rawOrder(
                ((OrderCreationOutcome.Created) outcome).order().id());
        String orderId = order.get("id").asString();

        HttpResponse<String> answer = testbed.deliver(testbed.orderCreatedEvent(eventId(), order));
        // Another event for the same order (Duffel may announce it again): still one report.
        testbed.deliver(testbed.orderCreatedEvent(eventId(), order));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("orphan_order");
        assertThat(testbed.bookings().find(strangeBookingId)).isEmpty();
        assertThat(testbed.orphanReports(orderId)).singleElement().satisfies(report -> {
            assertThat(report.get("kind").asString()).isEqualTo("orphan_order");
            assertThat(report.get("attributes").get("orphan_kind").asString()).isEqualTo("no_such_booking");
            assertThat(report.get("attributes").get("booking_reference").asString())
                    .isEqualTo(order.get("booking_reference").asString());
        });
    }
}
