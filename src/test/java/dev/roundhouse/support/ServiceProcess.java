package dev.roundhouse.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service (target/roundhouse.jar) as a child process with its own environment, so a test
 * can kill it with SIGKILL. Only this process is ever stopped; close() kills it if still alive.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target", "roundhouse.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Process process;

    private ServiceProcess(Process process) {
        this.process = process;
    }

    /** Starts {@code java -jar target/roundhouse.jar} with {@code env} on top of this JVM's environment; output to {@code log}. */
    public static ServiceProcess start(Map<String, String> env, Path log) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " missing: integration tests run after `package`");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        var builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx768m", "-XX:+UseG1GC",
                "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new ServiceProcess(builder.start());
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Polls {@code GET /health} on {@code port} until it answers 200; false if the process dies or patience runs out. */
    public boolean awaitHealthy(int port, Duration patience) throws InterruptedException {
        var health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + patience.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** The exit status once the process ends by itself within {@code patience}; empty if it is still running. */
    public OptionalInt awaitExit(Duration patience) throws InterruptedException {
        return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the service's graceful shutdown; waits up to {@code patience} for the exit. */
    public boolean stop(Duration patience) throws InterruptedException {
        process.destroy();
        return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGSTOP: the process stands still (no heartbeats, no I/O), like a long GC pause or a suspended VM, until {@link #thaw}. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: a frozen process runs on from where it stood. */
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        int status = new ProcessBuilder("kill", "-" + name, String.valueOf(pid())).inheritIO().start().waitFor();
        if (status != 0) {
            throw new IOException("kill -" + name + " " + pid() + " exited " + status);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}
