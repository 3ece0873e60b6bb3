package dev.roundhouse.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Scanner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback port nothing listens on right now, for servers a test starts itself. The port is checked here and
 * bound later by another process, so it is taken below the kernel's ephemeral range: a port from that range (the
 * old {@code new ServerSocket(0)}) could be handed to any outgoing connection in between, and ReplicasIT's second
 * service once failed to start with "Address already in use" after the first one's Kafka clients connected.
 * Successive calls in one JVM move on through the range, so a port is not handed out twice.
 */
public final class FreePort {
    private static final int FIRST = 20_000;
    private static final Range RANGE = Range.belowEphemeral();
    private static final AtomicInteger NEXT = new AtomicInteger((int) (ProcessHandle.current().pid() % Math.max(1, RANGE.size())));

    private FreePort() {}

    public static int next() throws IOException {
        if (RANGE.size() <= 0) {
            return anyPort(); // the ephemeral range starts too low to leave room below it
        }
        for (int tried = 0; tried < RANGE.size(); tried++) {
            int port = RANGE.first() + Math.floorMod(NEXT.getAndIncrement(), RANGE.size());
            if (free(port)) {
                return port;
            }
        }
        throw new IOException("no free loopback port in " + RANGE.first() + "–" + (RANGE.first() + RANGE.size() - 1));
    }

    private static boolean free(int port) {
        try (var _ = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int anyPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Ports from {@link #FIRST} up to the first ephemeral port (Linux default 32768; 32768 where unknown). */
    private record Range(int first, int size) {
        static Range belowEphemeral() {
            int ephemeralLow = 32_768;
            try (var range = new Scanner(Path.of("/proc/sys/net/ipv4/ip_local_port_range"), StandardCharsets.US_ASCII)) {
                ephemeralLow = range.nextInt(); // "32768\t60999"
            } catch (IOException | RuntimeException e) {
                // not Linux, or unreadable: keep the common default
            }
            return new Range(FIRST, ephemeralLow - FIRST);
        }
    }
}
