package dev.flightpipeline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class TestInfrastructureIT {

    @Test
    void theBrokerIsStartedOnceAndTakesTopics() throws Exception {
        KafkaEndpoint kafka = TestInfrastructure.kafka();
        assertThat(TestInfrastructure.kafka()).isSameAs(kafka);

        kafka.createTopics(Map.of("test-support.topic", 4));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            var topic = admin.describeTopics(List.of("test-support.topic"))
                    .allTopicNames()
                    .get()
                    .get("test-support.topic");
            assertThat(topic.partitions()).hasSize(4);
        }
    }

    @Test
    void eachNewDatabaseIsEmptyAndSeparate() throws Exception {
        PostgresEndpoint first = TestInfrastructure.postgres().newDatabase("Some-Test");
        PostgresEndpoint second = TestInfrastructure.postgres().newDatabase("Some-Test");

        assertThat(first.jdbcUrl()).isNotEqualTo(second.jdbcUrl()).contains("/some_test_");
        try (Connection connection = first.dataSource().getConnection()) {
            connection.createStatement().execute("create table only_in_first (id int)");
        }
        try (Connection connection = second.dataSource().getConnection();
                ResultSet tables = connection
                        .createStatement()
                        .executeQuery(
                                "select count(*) from information_schema.tables where table_name = 'only_in_first'")) {
            tables.next();
            assertThat(tables.getInt(1)).isZero();
        }
    }
}
