package dev.flightpipeline.testsupport;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring test context at the real broker and a fresh database of its own:
 * {@code @ContextConfiguration(initializers = RealInfrastructureInitializer.class)}.
 */
public class RealInfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        PostgresEndpoint database = TestInfrastructure.postgres().newDatabase("test");
        Map<String, Object> properties = Map.of(
                "spring.kafka.bootstrap-servers", TestInfrastructure.kafka().bootstrapServers(),
                "spring.datasource.url", database.jdbcUrl(),
                "spring.datasource.username", database.username(),
                "spring.datasource.password", database.password());
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource("real-test-infrastructure", properties));
    }
}
