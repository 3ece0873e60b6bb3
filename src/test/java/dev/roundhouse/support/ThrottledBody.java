package dev.roundhouse.support;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body that trickles out at a bounded rate, so a test can break something while the service is
 * in the middle of reading it; {@link #sent()} says how far the client has got.
 */
public final class ThrottledBody {
    private static final int CHUNK = 64 * 1024;

    private final byte[] bytes;
    private final long bytesPerSecond;
    private final AtomicLong sent = new AtomicLong();

    public ThrottledBody(byte[] bytes, long bytesPerSecond) {
        this.bytes = bytes;
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Streams (chunked) at the rate; each use starts from the beginning. */
    public HttpRequest.BodyPublisher publisher() {
        return HttpRequest.BodyPublishers.ofInputStream(() -> {
            sent.set(0);
            return new Paced(new ByteArrayInputStream(bytes));
        });
    }

    public long sent() {
        return sent.get();
    }

    /** Waits (at most {@code patienceMillis}) until {@code fraction} of the body has left; false if it never did. */
    public boolean awaitFraction(double fraction, long patienceMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + patienceMillis;
        while (sent.get() < bytes.length * fraction) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private final class Paced extends FilterInputStream {
        private final long started = System.nanoTime();

        Paced(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long due = started + sent.get() * 1_000_000_000L / bytesPerSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while pacing the body", e);
                }
            }
            int n = super.read(b, off, Math.min(len, CHUNK));
            if (n > 0) {
                sent.addAndGet(n);
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }
}
