package dev.roundhouse;

import dev.roundhouse.config.Config;
import dev.roundhouse.log.Logging;
import dev.roundhouse.sink.StandaloneSink;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point: configuration from the environment, the service (or with the argument {@code sink} only
 * the Kafka → ClickHouse sink) until SIGTERM/SIGINT, then a graceful stop.
 */
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
        Logging.configure(config.logLevel());
        AutoCloseable app;
        try {
            app = args.length > 0 && args[0].equals("sink") ? StandaloneSink.start(config) : Roundhouse.start(config);
        } catch (Exception e) {
            // one line an operator can act on (which dependency, how long we waited), then a non-zero exit
            System.err.println("roundhouse: failed to start: " + (e.getMessage() != null ? e.getMessage() : e));
            System.exit(1);
            return;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                app.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                System.err.println("roundhouse: stop failed: " + e);
            } finally {
                stopped.countDown();
            }
        }, "roundhouse-shutdown"));
        stopped.await();
    }
}
