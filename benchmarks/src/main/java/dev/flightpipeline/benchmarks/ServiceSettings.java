package dev.flightpipeline.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/** The properties the benchmarks start the booker and the gateway with: pointed at the run's infrastructure. */
public final class ServiceSettings {

    private ServiceSettings() {}

    /** The booker, reading {@code booking.requests} and calling the Duffel at {@code duffelUrl}. */
    public static Map<String, String> booker(
            BenchmarkInfrastructure infrastructure, String duffelUrl, String duffelAccessToken) {
        Map<String, String> booker = connections(infrastructure);
        booker.put("duffel.base-url", duffelUrl);
        booker.put("duffel.access-token", duffelAccessToken);
        booker.put("booker.instance-id", "booker-bench");
        return booker;
    }

    /**
     * The gateway in the {@code local} profile, which hands out tokens ({@code POST /api/dev/token})
     * signed with a key of this run, and migrates the schema itself at start.
     */
    public static Map<String, String> gateway(BenchmarkInfrastructure infrastructure, String duffelUrl) {
        Map<String, String> gateway = connections(infrastructure);
        gateway.put("spring.profiles.active", "local");
        gateway.put("duffel.base-url", duffelUrl);
        return gateway;
    }

    private static Map<String, String> connections(BenchmarkInfrastructure infrastructure) {
        Map<String, String> service = new LinkedHashMap<>();
        service.put("spring.main.banner-mode", "off");
        service.put("spring.datasource.url", infrastructure.jdbcUrl());
        service.put("spring.datasource.username", infrastructure.databaseUser());
        service.put("spring.datasource.password", infrastructure.databasePassword());
        service.put("spring.kafka.bootstrap-servers", infrastructure.bootstrapServers());
        return service;
    }
}
