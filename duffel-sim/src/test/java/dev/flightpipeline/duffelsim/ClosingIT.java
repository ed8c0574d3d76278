package dev.flightpipeline.duffelsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Closing the simulator is Duffel going away: every connection a client holds ends with it, so that
 * the client's next call fails at once instead of waiting on a connection nobody answers.
 */
class ClosingIT {

    /** Long enough to tell a closed connection from one left open; far below any call timeout. */
    private static final Duration CLOSE_NOTICED_WITHIN = Duration.ofSeconds(5);

    /** The connection left open was a race seen about once in 50-75 closes; each round takes milliseconds. */
    private static final int ROUNDS = 100;

    @Test
    void aConnectionKeptAliveAfterAnAnswerIsClosedWithTheSimulator() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            // Closed again if an assertion fails before the close under test: closing twice is harmless.
            try (DuffelSimulator simulator = DuffelSimulator.start(SimulatorConfig.defaults());
                    Socket client = new Socket("127.0.0.1", simulator.port())) {
                client.setSoTimeout((int) CLOSE_NOTICED_WITHIN.toMillis());
                BufferedReader answer = readStatsKeepingTheConnection(client);

                simulator.close();

                assertThat(endOfConnection(answer))
                        .as("round %d: the kept-alive connection ends when the simulator closes", round)
                        .isTrue();
            }
        }
    }

    @Test
    void aCallWaitingForItsAnswerFailsWhenTheSimulatorCloses() throws Exception {
        try (DuffelSimulator simulator =
                DuffelSimulator.start(SimulatorConfig.defaults().withHangFor(Duration.ofSeconds(60)))) {
            SimulatorHttp http = new SimulatorHttp(simulator);
            simulator.forceNextOrderFaults(OrderFault.TIMEOUT_AFTER_CREATE, 1);
            CompletableFuture<SimulatorHttp.Reply> waiting =
                    http.postAsync("/air/orders", SimulatorHttp.orderBody(http.searchOffer(), "waiting", "Stark"));
            await().until(() -> simulator.stats().ordersFor("waiting") == 1);

            simulator.close();

            assertThat(waiting)
                    .failsWithin(CLOSE_NOTICED_WITHIN.toSeconds(), TimeUnit.SECONDS)
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(IOException.class);
        }
    }

    /** Sends one HTTP/1.1 request, reads its whole answer, and leaves the connection open. */
    private static BufferedReader readStatsKeepingTheConnection(Socket client) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write("GET /_sim/stats?summary=true HTTP/1.1\r\nHost: simulator\r\nConnection: keep-alive\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        // The stats are ASCII JSON, so characters and bytes count alike.
        BufferedReader in =
                new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
        int length = -1;
        for (String header = in.readLine(); !header.isEmpty(); header = in.readLine()) {
            if (header.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(
                        header.substring("content-length:".length()).trim());
            }
        }
        assertThat(length).as("content-length of the stats").isPositive();
        char[] body = new char[length];
        for (int read = 0; read < length; ) {
            read += in.read(body, read, length - read);
        }
        return in;
    }

    /** True once the peer closed (end of stream or reset); false if nothing came within the timeout. */
    private static boolean endOfConnection(BufferedReader in) throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }
}
