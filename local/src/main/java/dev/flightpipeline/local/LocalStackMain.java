package dev.flightpipeline.local;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** {@code ./scripts/run}: starts the local stack, prints what is where, and stops it all on Ctrl-C. */
public final class LocalStackMain {

    private LocalStackMain() {}

    public static void main(String[] args) throws InterruptedException {
        // Before the first logger exists: keep the broker's and the database's start-up quiet.
        System.setProperty("logback.configurationFile", "local-logback.xml");
        long startedAt = System.nanoTime();
        LocalStack stack;
        try {
            stack = LocalStack.start(LocalStackSettings.fromEnvironment(System.getenv()));
        } catch (RuntimeException e) {
            System.err.println("The local stack did not start: " + e.getMessage());
            Throwable cause = rootCause(e);
            if (cause != e) {
                System.err.println("Because: " + cause);
            }
            System.err.println("(Is another copy running, or is a port taken? See the log above.)");
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("Stopping the local stack...");
                            stack.close();
                            stopped.countDown();
                        },
                        "local-stack-stop"));
        Duration startUp = Duration.ofNanos(System.nanoTime() - startedAt);
        System.out.println(stack.describe());
        System.out.printf("Started in %.1f s.%n", startUp.toMillis() / 1000.0);
        stopped.await();
    }

    /** Spring wraps a failed start in bean-creation errors; the last cause says what went wrong. */
    static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
