package dev.roundhouse.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded hand-over of byte chunks from the thread that encodes an INSERT body to the HTTP client
 * that sends it. {@link #fail} makes the reading side throw, so the HTTP request is aborted and
 * ClickHouse never sees a clean end of a partial body; {@link #cancel} (request over) makes the
 * writing side throw instead of blocking forever.
 */
final class ChunkPipe {
    private static final Object EOF = new Object();
    private final ArrayBlockingQueue<Object> queue;
    private volatile boolean cancelled;

    /** The HTTP exchange finished (answer or failure) while the body was still being written. */
    static final class RequestEndedException extends IOException {
        RequestEndedException() {
            super("the INSERT request ended before its body was complete");
        }
    }

    ChunkPipe(int capacity) {
        queue = new ArrayBlockingQueue<>(capacity);
    }

    void cancel() {
        cancelled = true;
    }

    void close() throws IOException {
        put(EOF);
    }

    /** Best effort: the reader, if still reading, fails with {@code cause}. */
    void fail(Throwable cause) {
        queue.clear();
        queue.offer(cause);
    }

    private void put(Object o) throws IOException {
        try {
            while (!queue.offer(o, 50, TimeUnit.MILLISECONDS)) {
                if (cancelled) throw new RequestEndedException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }

    final OutputStream output = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            put(new byte[] {(byte) b});
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) put(Arrays.copyOfRange(b, off, off + len));
        }
    };

    final InputStream input = new InputStream() {
        private byte[] chunk;
        private int pos;
        private boolean eof;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (chunk == null || pos == chunk.length) {
                if (eof) return -1;
                Object o;
                try {
                    o = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
                if (o == EOF) {
                    eof = true;
                    return -1;
                }
                if (o instanceof Throwable t) throw new IOException("INSERT body aborted", t);
                chunk = (byte[]) o;
                pos = 0;
            }
            int k = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, k);
            pos += k;
            return k;
        }
    };
}
