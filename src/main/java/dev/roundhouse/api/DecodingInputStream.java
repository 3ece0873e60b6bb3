package dev.roundhouse.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Decompresses a request body as it is read. The decoder is opened at the first read (a gzip decoder reads its
 * header when made, and the handler has not decided to read yet), and a failure of the compressed data itself
 * (corrupt, truncated, empty) becomes {@link CorruptBody} naming the encoding; a failure of the connection or of
 * a limit ({@link RequestBodies.BodyFailure}) passes through as it is.
 */
final class DecodingInputStream extends InputStream {
    private final ContentEncoding encoding;
    private final InputStream compressed;
    private InputStream decoder;

    DecodingInputStream(ContentEncoding encoding, InputStream compressed) {
        this.encoding = encoding;
        this.compressed = compressed;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            if (decoder == null) {
                decoder = encoding.decoder(compressed);
            }
            return decoder.read(b, off, len);
        } catch (RequestBodies.BodyFailure e) {
            throw e;
        } catch (IOException e) {
            throw new CorruptBody(encoding, e);
        } catch (RuntimeException e) {
            // zstd-jni reports a few decoder errors unchecked; the wire's own are BodyFailures by now
            throw new CorruptBody(encoding, new IOException(e.getMessage(), e));
        }
    }

    @Override
    public void close() throws IOException {
        if (decoder != null) {
            decoder.close();
        }
    }

    /** The compressed data is not a complete stream of its encoding. */
    static final class CorruptBody extends IOException {
        CorruptBody(ContentEncoding encoding, IOException cause) {
            super("Content-Encoding " + encoding.token + ": the body is not a complete " + encoding.token
                    + " stream (" + Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getSimpleName()) + ")", cause);
        }
    }
}
