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

    /**
     * The choice for one kind of infrastructure.
     *
     * @param forced the value of {@value #FORCE_VARIABLE}: auto (or absent), external,
     *     testcontainers or embedded
     * @param externalConfigured whether the environment names an external server of this kind
     * @param dockerAvailable asked only when the choice depends on it (the check can take a moment)
     */
    static InfrastructureSource choose(String forced, boolean externalConfigured, BooleanSupplier dockerAvailable) {
        String mode =
                forced == null || forced.isBlank() ? "auto" : forced.trim().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "auto" -> {
                if (externalConfigured) {
                    yield EXTERNAL;
                }
                yield dockerAvailable.getAsBoolean() ? TESTCONTAINERS : EMBEDDED;
            }
            case "external" -> {
                if (!externalConfigured) {
                    throw new IllegalStateException(FORCE_VARIABLE + "=external, but the environment names no server:"
                            + " set PIPELINE_TEST_KAFKA_BOOTSTRAP_SERVERS and PIPELINE_TEST_POSTGRES_URL");
                }
                yield EXTERNAL;
            }
            case "testcontainers" -> TESTCONTAINERS;
            case "embedded" -> EMBEDDED;
            default ->
                throw new IllegalStateException(
                        FORCE_VARIABLE + " must be auto, external, testcontainers or embedded, not '" + forced + "'");
        };
    }
}
