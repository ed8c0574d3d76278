package dev.flightpipeline.gateway.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The cabins Duffel searches, by the names the API and Duffel both use. */
enum CabinClass {
    ECONOMY,
    PREMIUM_ECONOMY,
    BUSINESS,
    FIRST;

    static final String NAMES =
            Arrays.stream(values()).map(CabinClass::wireName).collect(Collectors.joining(", "));

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<CabinClass> fromWireName(String name) {
        return Arrays.stream(values())
                .filter(cabin -> cabin.wireName().equalsIgnoreCase(name))
                .findFirst();
    }
}
