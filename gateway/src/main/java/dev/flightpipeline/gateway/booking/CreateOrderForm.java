package dev.flightpipeline.gateway.booking;

import dev.flightpipeline.events.Money;
import dev.flightpipeline.events.Passenger;
import dev.flightpipeline.gateway.problem.ApiProblem.FieldProblem;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A create-order body (http-api.md), read and checked: every problem of every field is reported at
 * once, and nothing of the request is echoed in a message (it may be personal data).
 *
 * @param fingerprint the hash of the method, the path and the canonical body: members in another
 *     order are the same request
 */
record CreateOrderForm(String offerId, List<Passenger> passengers, Money expectedTotal, String fingerprint) {

    static final String PATH = "/api/flights/create-order";

    /** The form, or the problems that keep it from being one. */
    sealed interface Reading {
        record Valid(CreateOrderForm form) implements Reading {}

        record Invalid(List<FieldProblem> problems) implements Reading {}
    }

    // A member sent twice is refused, not silently resolved to one of its values.
    private static final JsonMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Pattern OFFER_ID = Pattern.compile("off_[A-Za-z0-9]{1,100}");
    private static final Pattern PASSENGER_ID = Pattern.compile("pas_[A-Za-z0-9]{1,100}");
    // Letters of any script, and the marks, spaces, hyphens, apostrophes and dots names have.
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}][\\p{L}\\p{M} .'\\-]{0,99}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,4})?");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Set<String> TITLES = Set.of("mr", "ms", "mrs", "miss", "dr");
    private static final Set<String> GENDERS = Set.of("m", "f");
    private static final Set<String> MEMBERS = Set.of("offer_id", "passengers", "total_amount", "total_currency");
    private static final Set<String> PASSENGER_MEMBERS =
            Set.of("id", "title", "given_name", "family_name", "gender", "born_on", "email", "phone_number");
    static final int MAX_PASSENGERS = 9;

    static Reading read(byte[] body, LocalDate today) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return invalid("body", "must be JSON encoded as UTF-8");
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JacksonException e) {
            return invalid("body", "must be a valid JSON document");
        }
        if (root == null || !root.isObject()) {
            return invalid("body", "must be a JSON object");
        }
        List<FieldProblem> problems = new ArrayList<>();
        unknownMembers(root, MEMBERS, "", problems);
        String offerId = text(root, "offer_id", OFFER_ID, "must be a Duffel offer id (off_...)", "", problems);
        List<Passenger> passengers = passengers(root.get("passengers"), today, problems);
        Money expectedTotal = expectedTotal(root, problems);
        if (!problems.isEmpty()) {
            return new Reading.Invalid(List.copyOf(problems));
        }
        return new Reading.Valid(new CreateOrderForm(offerId, passengers, expectedTotal, fingerprint(root)));
    }

    private static List<Passenger> passengers(JsonNode node, LocalDate today, List<FieldProblem> problems) {
        if (node == null || node.isNull()) {
            problems.add(new FieldProblem("passengers", "is required"));
            return List.of();
        }
        if (!node.isArray() || node.isEmpty() || node.size() > MAX_PASSENGERS) {
            problems.add(new FieldProblem("passengers", "must be a list of 1 to " + MAX_PASSENGERS + " passengers"));
            return List.of();
        }
        List<Passenger> passengers = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "passengers[" + i + "].";
            JsonNode passenger = node.get(i);
            if (!passenger.isObject()) {
                problems.add(new FieldProblem("passengers[" + i + "]", "must be an object"));
                continue;
            }
            unknownMembers(passenger, PASSENGER_MEMBERS, at, problems);
            String id =
                    text(passenger, "id", PASSENGER_ID, "must be a passenger id of the offer (pas_...)", at, problems);
            if (id != null && !ids.add(id)) {
                problems.add(new FieldProblem(at + "id", "must not name the same passenger twice"));
            }
            String title = oneOf(passenger, "title", TITLES, at, problems);
            String givenName = text(
                    passenger,
                    "given_name",
                    NAME,
                    "must be 1-100 letters, spaces, hyphens or apostrophes",
                    at,
                    problems);
            String familyName = text(
                    passenger,
                    "family_name",
                    NAME,
                    "must be 1-100 letters, spaces, hyphens or apostrophes",
                    at,
                    problems);
            String gender = oneOf(passenger, "gender", GENDERS, at, problems);
            LocalDate bornOn = bornOn(passenger, today, at, problems);
            String email = text(passenger, "email", EMAIL, "must be an e-mail address", at, problems);
            if (email != null && email.length() > 254) {
                problems.add(new FieldProblem(at + "email", "must be at most 254 characters"));
            }
            String phone = text(
                    passenger, "phone_number", PHONE, "must be a phone number in E.164 form (+44...)", at, problems);
            passengers.add(new Passenger(id, title, givenName, familyName, gender, bornOn, email, phone));
        }
        return passengers;
    }

    private static LocalDate bornOn(JsonNode passenger, LocalDate today, String at, List<FieldProblem> problems) {
        String text = text(passenger, "born_on", null, null, at, problems);
        if (text == null) {
            return null;
        }
        try {
            LocalDate bornOn = LocalDate.parse(text);
            if (!bornOn.isBefore(today) || bornOn.isBefore(LocalDate.of(1900, 1, 1))) {
                problems.add(new FieldProblem(at + "born_on", "must be a date of birth in the past, after 1900"));
                return null;
            }
            return bornOn;
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(at + "born_on", "must be a date as YYYY-MM-DD"));
            return null;
        }
    }

    private static Money expectedTotal(JsonNode root, List<FieldProblem> problems) {
        boolean amountSent = root.has("total_amount");
        boolean currencySent = root.has("total_currency");
        if (!amountSent && !currencySent) {
            return null;
        }
        if (amountSent != currencySent) {
            problems.add(new FieldProblem(
                    amountSent ? "total_currency" : "total_amount",
                    "must be sent together with " + (amountSent ? "total_amount" : "total_currency")));
            return null;
        }
        String amount = text(
                root, "total_amount", AMOUNT, "must be a decimal amount as a string, e.g. \"123.45\"", "", problems);
        String currency =
                text(root, "total_currency", CURRENCY, "must be an ISO 4217 currency code, e.g. GBP", "", problems);
        if (amount == null || currency == null) {
            return null;
        }
        return new Money(new BigDecimal(amount).toPlainString(), currency);
    }

    private static String text(
            JsonNode node, String name, Pattern pattern, String rule, String at, List<FieldProblem> problems) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            problems.add(new FieldProblem(at + name, "is required"));
            return null;
        }
        if (!value.isString()) {
            problems.add(new FieldProblem(at + name, "must be a string"));
            return null;
        }
        String text = value.asString();
        if (pattern != null && !pattern.matcher(text).matches()) {
            problems.add(new FieldProblem(at + name, rule));
            return null;
        }
        return text;
    }

    private static String oneOf(
            JsonNode node, String name, Set<String> allowed, String at, List<FieldProblem> problems) {
        String text = text(node, name, null, null, at, problems);
        if (text != null && !allowed.contains(text)) {
            problems.add(new FieldProblem(at + name, "must be one of " + new java.util.TreeSet<>(allowed)));
            return null;
        }
        return text;
    }

    private static void unknownMembers(JsonNode node, Set<String> known, String at, List<FieldProblem> problems) {
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                problems.add(new FieldProblem(at + safeName(name), "is not a known member"));
            }
        }
    }

    /** A member name as the client sent it, cut short and without control characters. */
    private static String safeName(String name) {
        String clean = name.codePoints()
                .filter(c -> !Character.isISOControl(c))
                .limit(40)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return clean.isEmpty() ? "(unnamed)" : clean;
    }

    private static Reading invalid(String field, String message) {
        return new Reading.Invalid(List.of(new FieldProblem(field, message)));
    }

    /** SHA-256 of "POST <path>" and the body with every object's members sorted by name. */
    static String fingerprint(JsonNode body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(("POST " + PATH + "\n").getBytes(StandardCharsets.UTF_8));
            sha256.update(json.writeValueAsBytes(canonical(body)));
            return "sha256:" + HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(member -> sorted.put(member.getKey(), canonical(member.getValue())));
            ObjectNode copy = json.createObjectNode();
            sorted.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = json.createArrayNode();
            node.forEach(element -> copy.add(canonical(element)));
            return copy;
        }
        return node;
    }
}
