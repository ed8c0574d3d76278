package dev.flightpipeline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

@SpringJUnitConfig(
        classes = RealInfrastructureInitializerIT.TinyApplication.class,
        initializers = RealInfrastructureInitializer.class)
class RealInfrastructureInitializerIT {

    @Configuration
    static class TinyApplication {
        @Bean
        DataSource dataSource(Environment environment) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(environment.getRequiredProperty("spring.datasource.url"));
            dataSource.setUser(environment.getRequiredProperty("spring.datasource.username"));
            dataSource.setPassword(environment.getRequiredProperty("spring.datasource.password"));
            return dataSource;
        }
    }

    @Autowired
    Environment environment;

    @Autowired
    DataSource dataSource;

    @Test
    void theContextsDataSourceReachesAFreshEmptyDatabaseOfItsOwn() throws Exception {
        try (Connection connection = dataSource.getConnection();
                ResultSet result = connection
                        .createStatement()
                        .executeQuery("select current_database(), (select count(*) from information_schema.tables"
                                + " where table_schema = 'public')")) {
            result.next();
            assertThat(result.getString(1)).startsWith("context_").isNotEqualTo("postgres");
            assertThat(result.getInt(2)).isZero();
        }
    }

    @Test
    void theContextsKafkaSettingReachesTheSharedBroker() throws Exception {
        String bootstrapServers = environment.getRequiredProperty("spring.kafka.bootstrap-servers");

        assertThat(bootstrapServers).isEqualTo(TestInfrastructure.kafka().bootstrapServers());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isNotEmpty();
        }
    }

    @Test
    void anotherContextGetsAnotherDatabase() {
        try (GenericApplicationContext other = new GenericApplicationContext()) {
            new RealInfrastructureInitializer().initialize(other);

            assertThat(other.getEnvironment().getProperty("spring.datasource.url"))
                    .startsWith("jdbc:postgresql:")
                    .isNotEqualTo(environment.getProperty("spring.datasource.url"));
        }
    }
}
