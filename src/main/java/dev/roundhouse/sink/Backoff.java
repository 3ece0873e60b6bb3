package dev.roundhouse.sink;

import java.time.Duration;

/** Exponential back-off: each delay doubles from {@code first} up to {@code cap}; {@link #reset()} after a success. */
final class Backoff {
    private final long firstMillis;
    private final long capMillis;
    private long nextMillis;

    Backoff(Duration first, Duration cap) {
        this.firstMillis = first.toMillis();
        this.capMillis = cap.toMillis();
        this.nextMillis = firstMillis;
    }

    /** The delay to wait now; the following one is twice as long (at most the cap). */
    long nextDelayMillis() {
        long d = nextMillis;
        nextMillis = Math.min(capMillis, nextMillis * 2);
        return d;
    }

    /** The longest delay, for failures that will not go away soon. */
    long capMillis() {
        return capMillis;
    }

    void reset() {
        nextMillis = firstMillis;
    }
}
