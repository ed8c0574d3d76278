package dev.flightpipeline.testsupport;

import dev.flightpipeline.infra.EmbeddedServerLogging;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring test context at the shared Kafka broker and at a fresh database of its own:
 * {@code @SpringBootTest} with {@code @ContextConfiguration(initializers =
 * RealInfrastructureInitializer.class)}. Sets {@code spring.kafka.bootstrap-servers} and
 * {@code spring.datasource.url}, {@code .username} and {@code .password}, ahead of every other
 * property source.
 */
public class RealInfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String PROPERTY_SOURCE = "real-test-infrastructure";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        // The first context of a JVM starts both servers: side by side, not one after the other.
        CompletableFuture<KafkaEndpoint> kafka = CompletableFuture.supplyAsync(TestInfrastructure::kafka);
        PostgresEndpoint database = TestInfrastructure.postgres().newDatabase("context");
        String bootstrapServers = join(kafka).bootstrapServers();
        // Spring Boot configures logging afresh when its first application starts, which forgets
        // the levels the servers set if they started before it.
        EmbeddedServerLogging.quietUnlessConfigured();
        Map<String, Object> properties = Map.of(
                "spring.kafka.bootstrap-servers", bootstrapServers,
                "spring.datasource.url", database.jdbcUrl(),
                "spring.datasource.username", database.username(),
                "spring.datasource.password", database.password());
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
    }

    private static KafkaEndpoint join(CompletableFuture<KafkaEndpoint> kafka) {
        try {
            return kafka.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
