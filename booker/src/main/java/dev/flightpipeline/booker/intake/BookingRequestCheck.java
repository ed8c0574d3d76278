package dev.flightpipeline.booker.intake;

import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.EventJson;
import dev.flightpipeline.events.Money;
import dev.flightpipeline.events.Passenger;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;

/**
 * Reads a {@code booking.requests} record and checks everything the booker relies on: a request
 * that fails here is dead-lettered with the reason, never half-recorded.
 */
final class BookingRequestCheck {

    /** A record that is not a valid request, and why. */
    static final class InvalidRequest extends Exception {
        private final String reason;

        InvalidRequest(String reason, String detail) {
            super(detail);
            this.reason = reason;
        }

        /** {@code unparseable} or {@code invalid}. */
        String reason() {
            return reason;
        }
    }

    private static final Pattern OFFER_ID = Pattern.compile("off_[A-Za-z0-9]{1,100}");
    private static final Pattern PASSENGER_ID = Pattern.compile("pas_[A-Za-z0-9]{1,100}");
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7E][\\x20-\\x7E]{0,254}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Set<String> GENDERS = Set.of("m", "f");
    private static final Set<String> TITLES = Set.of("mr", "ms", "mrs", "miss", "dr");
    private static final int MAX_PASSENGERS = 9;
    private static final int MAX_NAME = 100;

    private BookingRequestCheck() {}

    static BookingRequested read(String key, byte[] value) throws InvalidRequest {
        if (value == null || value.length == 0) {
            throw new InvalidRequest("unparseable", "the record has no value");
        }
        BookingRequested request;
        try {
            request = EventJson.read(value, BookingRequested.class);
        } catch (JacksonException e) {
            // Jackson's own message may quote the input, which can hold passenger data: say where, not what.
            String where = e.getLocation() == null
                    ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")";
            throw new InvalidRequest(
                    "unparseable",
                    "not a BookingRequested JSON document: " + e.getClass().getSimpleName() + where);
        }
        if (request == null) {
            throw new InvalidRequest("unparseable", "the value is JSON null");
        }
        check(request, key);
        return request;
    }

    private static void check(BookingRequested request, String key) throws InvalidRequest {
        require(request.bookingId() != null, "bookingId is missing");
        require(
                request.userId() != null
                        && PRINTABLE_ASCII.matcher(request.userId()).matches(),
                "userId must be 1-255 printable ASCII characters");
        require(
                request.idempotencyKey() != null
                        && PRINTABLE_ASCII.matcher(request.idempotencyKey()).matches(),
                "idempotencyKey must be 1-255 printable ASCII characters");
        require(request.key().equals(key), "the record key is not <userId>:<idempotencyKey>");
        require(
                request.requestFingerprint() != null
                        && !request.requestFingerprint().isBlank()
                        && request.requestFingerprint().length() <= 200,
                "requestFingerprint must be 1-200 characters");
        require(
                request.offerId() != null && OFFER_ID.matcher(request.offerId()).matches(),
                "offerId must be a Duffel offer id (off_...)");
        require(request.requestedAt() != null, "requestedAt is missing");
        List<Passenger> passengers = request.passengers();
        require(
                passengers != null && !passengers.isEmpty() && passengers.size() <= MAX_PASSENGERS,
                "there must be 1-" + MAX_PASSENGERS + " passengers");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < passengers.size(); i++) {
            checkPassenger(passengers.get(i), "passengers[" + i + "]");
            require(ids.add(passengers.get(i).id()), "passengers[" + i + "].id appears twice");
        }
        if (request.expectedTotal() != null) {
            checkMoney(request.expectedTotal());
        }
    }

    private static void checkPassenger(Passenger passenger, String at) throws InvalidRequest {
        require(passenger != null, at + " is null");
        require(
                passenger.id() != null && PASSENGER_ID.matcher(passenger.id()).matches(),
                at + ".id must be an offer passenger id (pas_...)");
        require(isName(passenger.givenName()), at + ".givenName must be 1-" + MAX_NAME + " characters");
        require(isName(passenger.familyName()), at + ".familyName must be 1-" + MAX_NAME + " characters");
        require(
                passenger.bornOn() != null
                        && passenger.bornOn().isBefore(LocalDate.now().plusDays(1))
                        && passenger.bornOn().isAfter(LocalDate.of(1900, 1, 1)),
                at + ".bornOn must be a date of birth in the past");
        require(passenger.gender() == null || GENDERS.contains(passenger.gender()), at + ".gender must be m or f");
        require(
                passenger.title() == null || TITLES.contains(passenger.title()),
                at + ".title must be one of " + TITLES);
        require(
                passenger.email() == null
                        || (passenger.email().length() <= 320
                                && passenger.email().contains("@")),
                at + ".email is not an e-mail address");
        require(
                passenger.phoneNumber() == null || passenger.phoneNumber().matches("\\+[0-9]{6,20}"),
                at + ".phoneNumber must be in E.164 form (+44...)");
    }

    private static void checkMoney(Money money) throws InvalidRequest {
        require(CURRENCY.matcher(money.currency()).matches(), "expectedTotal.currency must be an ISO 4217 code");
        try {
            require(new BigDecimal(money.amount()).signum() >= 0, "expectedTotal.amount must not be negative");
        } catch (NumberFormatException e) {
            throw new InvalidRequest("invalid", "expectedTotal.amount must be a decimal number");
        }
    }

    private static boolean isName(String name) {
        return name != null
                && !name.isBlank()
                && name.length() <= MAX_NAME
                && name.chars().noneMatch(Character::isISOControl);
    }

    private static void require(boolean condition, String detail) throws InvalidRequest {
        if (!condition) {
            throw new InvalidRequest("invalid", detail);
        }
    }
}
