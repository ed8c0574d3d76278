package dev.flightpipeline.kafkahealth;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Whether the Kafka cluster answers: UP with its broker count when it describes itself within the
 * timeout, DOWN otherwise. A service includes it in its readiness, not its liveness: a broker
 * outage should take the service out of rotation, not have it restarted. As a bean named
 * {@code kafkaHealthIndicator}, its name in the health groups is {@code kafka}.
 */
public final class KafkaHealthIndicator extends AbstractHealthIndicator implements AutoCloseable {

    private final Admin admin;
    private final Duration timeout;

    public KafkaHealthIndicator(String bootstrapServers, Duration timeout) {
        super("Kafka health check failed");
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                "health"));
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) throws Exception {
        Collection<Node> brokers = admin.describeCluster(
                        new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                .nodes()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (brokers.isEmpty()) {
            health.down().withDetail("brokers", 0);
        } else {
            health.up().withDetail("brokers", brokers.size());
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
