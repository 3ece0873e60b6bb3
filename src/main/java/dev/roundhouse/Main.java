package dev.roundhouse;

import dev.roundhouse.config.Config;
import java.util.concurrent.CountDownLatch;

/** Entry point: configuration from the environment, the service until SIGTERM/SIGINT, then a graceful stop. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        Config config;
        try {
            config = Config.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("roundhouse: " + e.getMessage());
            System.exit(2);
            return;
        }
        var app = Roundhouse.start(config);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                app.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
        }, "roundhouse-shutdown"));
        stopped.await();
    }
}
