package dev.flightpipeline.duffelsim;

import static dev.flightpipeline.duffelsim.OfferRequestValidation.text;

import dev.flightpipeline.duffelsim.OfferSearch.SearchPassenger;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Checks the {@code data} of {@code POST /air/orders} against the selected offer as Duffel does:
 * the offer exists, every passenger of the offer is given once with their details, and the payment
 * is the offer's total from the balance. Whether the offer is still available is not checked here.
 */
final class OrderRequestValidation {

    /** What a valid order request asks for. */
    record OrderForm(StoredOffer offer, List<Order.Passenger> passengers, Map<String, String> metadata) {}

    static final int MAX_METADATA_KEYS = 50;
    static final int MAX_METADATA_KEY_LENGTH = 40;
    static final int MAX_METADATA_VALUE_LENGTH = 500;
    static final int MAX_NAME_LENGTH = 100;
    private static final Set<String> TITLES = Set.of("mr", "ms", "mrs", "miss", "dr");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private OrderRequestValidation() {}

    static Checked<OrderForm> check(JsonNode data, OfferShelf offers, LocalDate today) {
        if (!"instant".equals(text(data, "type"))) {
            return invalid("type", "Field 'type' must be 'instant' (hold orders are not simulated)");
        }
        JsonNode selected = data.path("selected_offers");
        if (!selected.isArray() || selected.size() != 1 || !selected.get(0).isString()) {
            return invalid("selected_offers", "Field 'selected_offers' must contain exactly one offer id");
        }
        StoredOffer offer = offers.find(selected.get(0).asString());
        if (offer == null) {
            return Checked.invalid(ApiErrors.error(
                    422,
                    "validation_error",
                    "not_found",
                    "Linked record(s) not found",
                    "Field 'selected_offers' contains ID(s) of linked record(s) that were not found in your account",
                    "selected_offers",
                    Map.of()));
        }
        Map<String, SearchPassenger> offerPassengers = new HashMap<>();
        offer.search().passengers().forEach(passenger -> offerPassengers.put(passenger.id(), passenger));
        JsonNode passengersNode = data.path("passengers");
        if (!passengersNode.isArray() || passengersNode.size() != offerPassengers.size()) {
            return invalid(
                    "passengers",
                    "Field 'passengers' must contain the offer's " + offerPassengers.size() + " passenger(s)");
        }
        List<Order.Passenger> passengers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < passengersNode.size(); i++) {
            JsonNode passenger = passengersNode.get(i);
            String prefix = "passengers." + i + ".";
            String id = text(passenger, "id");
            SearchPassenger ofOffer = offerPassengers.remove(id);
            if (ofOffer == null) {
                return invalid(prefix + "id", "Field 'id' must be a passenger id of the selected offer, each once");
            }
            for (String field : List.of("given_name", "family_name")) {
                String name = text(passenger, field);
                if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
                    return invalid(
                            prefix + field, "Field '" + field + "' must be 1 to " + MAX_NAME_LENGTH + " characters");
                }
            }
            String title = text(passenger, "title").toLowerCase(Locale.ROOT);
            if (!TITLES.contains(title)) {
                return invalid(prefix + "title", "Field 'title' must be one of " + TITLES);
            }
            String gender = text(passenger, "gender");
            if (!gender.equals("m") && !gender.equals("f")) {
                return invalid(prefix + "gender", "Field 'gender' must be 'm' or 'f'");
            }
            LocalDate bornOn;
            try {
                bornOn = LocalDate.parse(text(passenger, "born_on"));
            } catch (DateTimeParseException e) {
                return invalid(prefix + "born_on", "Field 'born_on' must be a date (YYYY-MM-DD)");
            }
            if (!bornOn.isBefore(today) || bornOn.isBefore(today.minusYears(130))) {
                return invalid(prefix + "born_on", "Field 'born_on' must be a date in the past");
            }
            if (!EMAIL.matcher(text(passenger, "email")).matches()) {
                return invalid(prefix + "email", "Field 'email' must be an email address");
            }
            if (!PHONE.matcher(text(passenger, "phone_number")).matches()) {
                return invalid(
                        prefix + "phone_number", "Field 'phone_number' must be in E.164 format, e.g. +442080160509");
            }
            String givenName = text(passenger, "given_name").trim();
            String familyName = text(passenger, "family_name").trim();
            if (!names.add((givenName + " " + familyName).toLowerCase(Locale.ROOT))) {
                return Checked.invalid(ApiErrors.error(
                        422,
                        "validation_error",
                        "duplicate_passenger_name",
                        "Duplicate passenger name",
                        "Two passengers cannot have the same name",
                        prefix + "given_name",
                        Map.of()));
            }
            passengers.add(new Order.Passenger(
                    id,
                    ofOffer.type(),
                    title,
                    givenName,
                    familyName,
                    gender,
                    bornOn.toString(),
                    text(passenger, "email"),
                    text(passenger, "phone_number")));
        }
        Checked<Void> payment = checkPayment(data.path("payments"), offer);
        if (payment instanceof Checked.Invalid<Void>(Answer.Json error)) {
            return Checked.invalid(error);
        }
        JsonNode metadataNode = data.path("metadata");
        Map<String, String> metadata = new LinkedHashMap<>();
        if (!metadataNode.isMissingNode() && !metadataNode.isNull()) {
            if (!metadataNode.isObject() || metadataNode.size() > MAX_METADATA_KEYS) {
                return invalid(
                        "metadata", "Field 'metadata' must be an object of at most " + MAX_METADATA_KEYS + " keys");
            }
            for (var entry : metadataNode.properties()) {
                if (entry.getKey().isEmpty() || entry.getKey().length() > MAX_METADATA_KEY_LENGTH) {
                    return invalid("metadata", "Metadata keys must be 1 to " + MAX_METADATA_KEY_LENGTH + " characters");
                }
                if (!entry.getValue().isString() || entry.getValue().asString().length() > MAX_METADATA_VALUE_LENGTH) {
                    return invalid(
                            "metadata." + entry.getKey(),
                            "Metadata values must be strings of at most " + MAX_METADATA_VALUE_LENGTH + " characters");
                }
                metadata.put(entry.getKey(), entry.getValue().asString());
            }
        }
        return Checked.valid(new OrderForm(offer, List.copyOf(passengers), metadata));
    }

    private static Checked<Void> checkPayment(JsonNode payments, StoredOffer offer) {
        if (!payments.isArray() || payments.size() != 1 || !payments.get(0).isObject()) {
            return invalid("payments", "Field 'payments' must contain one payment");
        }
        JsonNode payment = payments.get(0);
        if (!"balance".equals(text(payment, "type"))) {
            return invalid("payments.0.type", "Field 'type' must be 'balance'");
        }
        JsonNode amountNode = payment.path("amount");
        BigDecimal amount;
        try {
            amount = new BigDecimal(amountNode.isString() ? amountNode.asString() : "");
        } catch (NumberFormatException e) {
            return invalid("payments.0.amount", "Field 'amount' must be a decimal amount in a string");
        }
        if (amount.compareTo(new BigDecimal(offer.totalAmount())) != 0) {
            return invalid("payments.0.amount", "Field 'amount' must be the offer's total_amount");
        }
        if (!offer.currency().equals(text(payment, "currency"))) {
            return invalid("payments.0.currency", "Field 'currency' must be the offer's total_currency");
        }
        return Checked.valid(null);
    }

    private static <T> Checked<T> invalid(String field, String message) {
        return Checked.invalid(ApiErrors.validation(field, message));
    }
}
