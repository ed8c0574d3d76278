package dev.flightpipeline.testsupport;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/** Where a test's Kafka broker or PostgreSQL comes from. */
enum InfrastructureSource {
    /** Named by environment variables: a shared environment, or servers a developer started. */
    EXTERNAL,
    /** Containers, when a Docker engine is reachable. */
    TESTCONTAINERS,
    /** In this JVM (Kafka) or a child process (PostgreSQL): needs nothing installed. */
    EMBEDDED;

    static final String FORCE_VARIABLE = "PIPELINE_TEST_INFRA";

    /** A source and why it was chosen, for the log. */
    record Choice(InfrastructureSource source, String reason) {}

    /**
     * The choice for one kind of infrastructure: a pure function of the environment.
     *
     * @param forced the value of {@value #FORCE_VARIABLE}: auto (or absent), external,
     *     testcontainers or embedded, in any case
     * @param externalVariable the variable that names an external server of this kind
     * @param externalConfigured whether the environment sets it
     * @param dockerAvailable asked only when the choice depends on it (the check can take a moment)
     */
    static Choice choose(
            String forced, String externalVariable, boolean externalConfigured, BooleanSupplier dockerAvailable) {
        String mode =
                forced == null || forced.isBlank() ? "auto" : forced.trim().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "auto" -> {
                if (externalConfigured) {
                    yield new Choice(EXTERNAL, externalVariable + " is set");
                }
                yield dockerAvailable.getAsBoolean()
                        ? new Choice(TESTCONTAINERS, "no " + externalVariable + ", and a Docker engine is reachable")
                        : new Choice(EMBEDDED, "no " + externalVariable + ", and no Docker engine is reachable");
            }
            case "external" -> {
                if (!externalConfigured) {
                    throw new IllegalStateException(
                            FORCE_VARIABLE + "=external, but " + externalVariable + " is not set");
                }
                yield new Choice(EXTERNAL, FORCE_VARIABLE + "=external");
            }
            case "testcontainers" -> new Choice(TESTCONTAINERS, FORCE_VARIABLE + "=testcontainers");
            case "embedded" -> new Choice(EMBEDDED, FORCE_VARIABLE + "=embedded");
            default ->
                throw new IllegalStateException(
                        FORCE_VARIABLE + " must be auto, external, testcontainers or embedded, not '" + forced + "'");
        };
    }
}
