package dev.flightpipeline.gateway.search;

import dev.flightpipeline.gateway.problem.ApiProblem.FieldProblem;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.util.MultiValueMap;

/**
 * Checks the query of {@code GET /api/flights/search} and reports every invalid parameter at once,
 * each with a message that says what a valid value looks like (never echoing the value).
 */
final class SearchQueryValidation {

    static final String ORIGIN = "origin";
    static final String DESTINATION = "destination";
    static final String DEPARTURE_DATE = "departure_date";
    static final String RETURN_DATE = "return_date";
    static final String ADULTS = "adults";
    static final String CHILDREN = "children";
    static final String CABIN_CLASS = "cabin_class";
    static final List<String> PARAMETERS =
            List.of(ORIGIN, DESTINATION, DEPARTURE_DATE, RETURN_DATE, ADULTS, CHILDREN, CABIN_CLASS);

    /** Duffel's limit for one offer request. */
    static final int MAX_PASSENGERS = 9;

    static final int MAX_DAYS_AHEAD = 365;
    static final int OLDEST_CHILD = 17;
    /** Younger than this, a child travels on an adult's lap: one per adult. */
    static final int INFANT_AGE_LIMIT = 2;

    /**
     * A departure date is local at its airport, so "today" is the earliest date still current
     * anywhere on Earth: a date that is today somewhere is not in the past.
     */
    private static final ZoneOffset EARLIEST_ZONE = ZoneOffset.ofHours(-12);

    private static final Pattern AIRPORT = Pattern.compile("[A-Z]{3}");
    private static final Pattern SMALL_NUMBER = Pattern.compile("[0-9]{1,2}");
    /** Unknown parameter names are named back only when they cannot carry anything odd. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.\\[\\]-]{1,40}");

    private static final String AIRPORT_EXAMPLE = "a 3-letter IATA airport code, e.g. LHR";
    private static final String DATE_FORMAT = "a date as YYYY-MM-DD";

    /** The outcome: a query to search, or the problems of every invalid parameter. */
    sealed interface Checked permits Valid, Invalid {}

    record Valid(SearchQuery query) implements Checked {}

    record Invalid(List<FieldProblem> problems) implements Checked {
        Invalid {
            problems = List.copyOf(problems);
        }
    }

    private final Clock clock;

    SearchQueryValidation(Clock clock) {
        this.clock = clock;
    }

    Checked check(MultiValueMap<String, String> parameters) {
        Reading query = new Reading(parameters);
        String origin = query.airport(ORIGIN);
        String destination = query.airport(DESTINATION);
        if (origin != null && origin.equals(destination)) {
            query.problem(DESTINATION, "must differ from origin");
        }

        LocalDate earliest = LocalDate.now(clock.withZone(EARLIEST_ZONE));
        LocalDate latest = LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(MAX_DAYS_AHEAD);
        LocalDate departure = query.date(DEPARTURE_DATE, true);
        if (departure != null && departure.isBefore(earliest)) {
            query.problem(DEPARTURE_DATE, "must not be in the past");
            departure = null;
        } else if (departure != null && departure.isAfter(latest)) {
            query.problem(DEPARTURE_DATE, tooFarAhead(latest));
            departure = null;
        }
        LocalDate returnDate = query.date(RETURN_DATE, false);
        if (returnDate != null) {
            if (returnDate.isBefore(earliest)) {
                query.problem(RETURN_DATE, "must not be in the past");
            } else if (departure != null && returnDate.isBefore(departure)) {
                query.problem(RETURN_DATE, "must be on or after departure_date");
            } else if (returnDate.isAfter(latest)) {
                query.problem(RETURN_DATE, tooFarAhead(latest));
            }
        }

        Integer adults = query.adults();
        List<Integer> children = query.childAges();
        if (adults != null && children != null) {
            if (adults + children.size() > MAX_PASSENGERS) {
                query.problem(
                        CHILDREN, "adults and children together must be at most " + MAX_PASSENGERS + " passengers");
            } else if (children.stream().filter(age -> age < INFANT_AGE_LIMIT).count() > adults) {
                query.problem(CHILDREN, "must have no more children under 2 than adults: each sits on an adult's lap");
            }
        }
        CabinClass cabinClass = query.cabinClass();
        query.rejectUnknownParameters();

        if (!query.problems.isEmpty()) {
            return new Invalid(query.problems);
        }
        return new Valid(new SearchQuery(origin, destination, departure, returnDate, adults, children, cabinClass));
    }

    private static String tooFarAhead(LocalDate latest) {
        return "must be at most " + MAX_DAYS_AHEAD + " days ahead (on or before " + latest + ")";
    }

    /** One pass over the parameters, collecting problems; a reader answers null for an invalid value. */
    private static final class Reading {
        private final MultiValueMap<String, String> parameters;
        private final List<FieldProblem> problems = new ArrayList<>();

        Reading(MultiValueMap<String, String> parameters) {
            this.parameters = parameters;
        }

        void problem(String field, String message) {
            problems.add(new FieldProblem(field, message));
        }

        /** The trimmed value; "" when absent or empty (the frontends send {@code return_date=}); null if repeated. */
        private String value(String name) {
            List<String> values = parameters.getOrDefault(name, List.of());
            if (values.size() > 1) {
                problem(name, "must be given once");
                return null;
            }
            return values.isEmpty() || values.getFirst() == null
                    ? ""
                    : values.getFirst().trim();
        }

        String airport(String name) {
            String value = value(name);
            if (value == null) {
                return null;
            }
            if (value.isEmpty()) {
                problem(name, "is required: " + AIRPORT_EXAMPLE);
                return null;
            }
            String code = value.toUpperCase(Locale.ROOT);
            if (!AIRPORT.matcher(code).matches()) {
                problem(name, "must be " + AIRPORT_EXAMPLE);
                return null;
            }
            return code;
        }

        LocalDate date(String name, boolean required) {
            String value = value(name);
            if (value == null) {
                return null;
            }
            if (value.isEmpty()) {
                if (required) {
                    problem(name, "is required: " + DATE_FORMAT);
                }
                return null;
            }
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException notADate) {
                problem(name, "must be " + DATE_FORMAT);
                return null;
            }
        }

        Integer adults() {
            String value = value(ADULTS);
            if (value == null) {
                return null;
            }
            if (value.isEmpty()) {
                return 1;
            }
            Integer adults = SMALL_NUMBER.matcher(value).matches() ? Integer.valueOf(value) : null;
            if (adults == null || adults < 1 || adults > MAX_PASSENGERS) {
                problem(ADULTS, "must be a whole number from 1 to " + MAX_PASSENGERS);
                return null;
            }
            return adults;
        }

        List<Integer> childAges() {
            String value = value(CHILDREN);
            if (value == null) {
                return null;
            }
            if (value.isEmpty()) {
                return List.of();
            }
            List<Integer> ages = new ArrayList<>();
            for (String age : value.split(",", -1)) {
                String trimmed = age.trim();
                if (!SMALL_NUMBER.matcher(trimmed).matches() || Integer.parseInt(trimmed) > OLDEST_CHILD) {
                    problem(
                            CHILDREN,
                            "must be the children's ages from 0 to " + OLDEST_CHILD
                                    + ", separated by commas, e.g. 4,11");
                    return null;
                }
                ages.add(Integer.valueOf(trimmed));
            }
            return ages;
        }

        CabinClass cabinClass() {
            String value = value(CABIN_CLASS);
            if (value == null) {
                return null;
            }
            if (value.isEmpty()) {
                return CabinClass.ECONOMY;
            }
            return CabinClass.fromWireName(value).orElseGet(() -> {
                problem(CABIN_CLASS, "must be one of " + CabinClass.NAMES);
                return null;
            });
        }

        /** Rejected rather than ignored: a misspelt {@code adult=2} would otherwise search for one adult. */
        void rejectUnknownParameters() {
            boolean unnamed = false;
            for (String name : parameters.keySet()) {
                if (PARAMETERS.contains(name)) {
                    continue;
                }
                if (PLAIN_NAME.matcher(name).matches()) {
                    problem(name, "is not a parameter of this search; it takes " + String.join(", ", PARAMETERS));
                } else {
                    unnamed = true;
                }
            }
            if (unnamed) {
                problem(
                        "query",
                        "has a parameter that is not part of this search; it takes " + String.join(", ", PARAMETERS));
            }
        }
    }
}
