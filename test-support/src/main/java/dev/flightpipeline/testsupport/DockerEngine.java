package dev.flightpipeline.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;

/** Whether Testcontainers can reach a Docker engine, asked at most once per JVM. */
final class DockerEngine {

    private static volatile Boolean reachable;

    private DockerEngine() {}

    static boolean isReachable() {
        Boolean answer = reachable;
        if (answer == null) {
            synchronized (DockerEngine.class) {
                if (reachable == null) {
                    reachable = mayExist() && askTestcontainers();
                }
                answer = reachable;
            }
        }
        return answer;
    }

    private static boolean askTestcontainers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * Testcontainers tries every way it knows to find an engine, logging an error for each, and
     * that takes seconds where there is none: ask it only where an engine's socket or settings
     * exist. The places are Docker's, Docker Desktop's, Colima's, Rancher Desktop's, rootless
     * Docker's and Podman's defaults, and Testcontainers' own settings.
     */
    static boolean mayExist() {
        if (System.getenv("DOCKER_HOST") != null || System.getenv("TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE") != null) {
            return true;
        }
        Path home = Path.of(System.getProperty("user.home"));
        String runtimeDirectory = System.getenv("XDG_RUNTIME_DIR");
        return Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(home.resolve(".testcontainers.properties"))
                || Files.exists(home.resolve(".docker/run/docker.sock"))
                || Files.exists(home.resolve(".docker/desktop/docker.sock"))
                || Files.exists(home.resolve(".colima/default/docker.sock"))
                || Files.exists(home.resolve(".rd/docker.sock"))
                || (runtimeDirectory != null
                        && (Files.exists(Path.of(runtimeDirectory, "docker.sock"))
                                || Files.exists(Path.of(runtimeDirectory, "podman", "podman.sock"))));
    }
}
