package dev.flightpipeline.healthprobe;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The health check the container images run: {@code java -jar health-probe.jar <url>} exits 0 when
 * a GET of the URL answers 2xx within the timeout, and 1 otherwise (Docker's "unhealthy").
 *
 * <p>The images are built on a JRE base, which has neither curl nor wget we can count on, and
 * cannot run a Java source file (no compiler); so the probe is a compiled class of its own, with no
 * dependencies, shipped in every image.
 */
public final class HealthProbe {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private HealthProbe() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println(
                    "usage: java -jar health-probe.jar <url>, e.g. http://localhost:5001/actuator/health/readiness");
            System.exit(2);
        }
        System.exit(check(URI.create(args[0])) ? 0 : 1);
    }

    /** Whether a GET of the URL answers 2xx within {@link #TIMEOUT}; says why not on stderr. */
    static boolean check(URI url) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build();
        try {
            int status =
                    client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                return true;
            }
            System.err.println(url + " answered " + status);
            return false;
        } catch (IOException e) {
            System.err.println(url + " did not answer: " + e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
