package dev.flightpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EmbeddedServerLoggingTest {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger broker = context.getLogger("kafka");
    private final Logger raft = context.getLogger("org.apache.kafka.raft");
    private final Logger clients = context.getLogger("org.apache.kafka.clients");

    @AfterEach
    void forgetLevels() {
        broker.setLevel(null);
        raft.setLevel(null);
        clients.setLevel(null);
    }

    @Test
    void theServersLoggersAreSetToWarn() {
        broker.setLevel(null);

        EmbeddedServerLogging.quietUnlessConfigured();

        assertThat(broker.getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("kafka.server.BrokerServer").isInfoEnabled())
                .isFalse();
    }

    @Test
    void aLevelConfiguredForAServerLoggerIsKept() {
        raft.setLevel(Level.DEBUG);

        EmbeddedServerLogging.quietUnlessConfigured();

        assertThat(raft.getLevel()).isEqualTo(Level.DEBUG);
    }

    @Test
    void theApplicationsKafkaClientsAreLeftAlone() {
        EmbeddedServerLogging.quietUnlessConfigured();

        assertThat(clients.getLevel()).isNull();
    }
}
