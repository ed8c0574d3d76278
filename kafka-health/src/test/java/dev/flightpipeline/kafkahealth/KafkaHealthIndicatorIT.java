package dev.flightpipeline.kafkahealth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.testsupport.TestInfrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class KafkaHealthIndicatorIT {

    @Test
    void aBrokerThatAnswersIsUpWithItsBrokerCount() {
        try (KafkaHealthIndicator kafka =
                new KafkaHealthIndicator(TestInfrastructure.kafka().bootstrapServers(), Duration.ofSeconds(10))) {
            Health health = kafka.health(true);

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("brokers", 1);
        }
    }

    @Test
    void noBrokerIsDownWithinTheTimeout() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (KafkaHealthIndicator kafka = new KafkaHealthIndicator("127.0.0.1:" + closedPort, Duration.ofSeconds(1))) {
            long startedAt = System.nanoTime();

            Health health = kafka.health(true);

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(10));
        }
    }
}
