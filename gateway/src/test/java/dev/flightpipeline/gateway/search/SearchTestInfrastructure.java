package dev.flightpipeline.gateway.search;

import dev.flightpipeline.testsupport.KafkaEndpoint;
import dev.flightpipeline.testsupport.PostgresEndpoint;
import dev.flightpipeline.testsupport.TestInfrastructure;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The gateway under test gets a real Kafka broker and a database of its own, as in production, so
 * the search tests keep starting it whatever else the gateway comes to need.
 */
final class SearchTestInfrastructure {

    static final String DUFFEL_TOKEN = "duffel_test_gateway_search";

    private SearchTestInfrastructure() {}

    static void register(DynamicPropertyRegistry registry) {
        KafkaEndpoint kafka = TestInfrastructure.kafka();
        PostgresEndpoint database = TestInfrastructure.postgres().newDatabase("gateway_search");
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("duffel.access-token", () -> DUFFEL_TOKEN);
    }
}
