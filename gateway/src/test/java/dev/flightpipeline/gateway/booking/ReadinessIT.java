package dev.flightpipeline.gateway.booking;

import org.junit.jupiter.api.Test;

/** The gateway's readiness names what it needs, Kafka and PostgreSQL, and is UP while both answer. */
class ReadinessIT {

    @Test
    void withKafkaAndPostgresUpTheGatewayIsReadyAndSaysWhy() {
        Pipeline.shared()
                .http
                .get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.components.kafka.status")
                .isEqualTo("UP")
                .jsonPath("$.components.db.status")
                .isEqualTo("UP")
                .jsonPath("$.components.readinessState.status")
                .isEqualTo("UP");
    }
}
