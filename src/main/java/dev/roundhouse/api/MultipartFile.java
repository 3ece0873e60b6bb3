package dev.roundhouse.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams one named part out of a multipart/form-data body (RFC 7578) without buffering it to memory
 * or disk: a 400 MB upload passes through a 64 KiB window. Other parts are skipped.
 */
final class MultipartFile extends InputStream {
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(?:\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern NAME = Pattern.compile("(?i)[;\\s]name=(?:\"([^\"]*)\"|([^;\\s]+))");
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    /** The body is not the multipart the client announced, or lacks the part. */
    static final class MalformedMultipartException extends IOException {
        MalformedMultipartException(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final byte[] delimiter; // CRLF "--" boundary
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean partEnded;

    private MultipartFile(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // A virtual CRLF in front lets the first boundary match the same delimiter as all the others.
        buf[0] = '\r';
        buf[1] = '\n';
        limit = 2;
    }

    /** The boundary of a multipart/form-data Content-Type, or null when the type is not multipart. */
    static String boundaryOf(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        Matcher m = BOUNDARY.matcher(contentType);
        return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
    }

    /** Positions the body at the content of the part named {@code field} and returns a stream of just that content. */
    static InputStream open(InputStream body, String boundary, String field) throws IOException {
        var multipart = new MultipartFile(body, boundary);
        multipart.skipPart(); // the preamble, before the first boundary
        while (true) {
            if (multipart.closingDelimiter()) {
                throw new MalformedMultipartException("multipart body has no part named '" + field + "'");
            }
            String name = multipart.partName();
            if (field.equals(name)) {
                return multipart;
            }
            multipart.skipPart();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
        if (partEnded) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        while (true) {
            int found = indexOfDelimiter();
            int safe = found >= 0 ? found : Math.max(pos, limit - delimiter.length + 1);
            if (safe > pos) {
                int n = Math.min(len, safe - pos);
                System.arraycopy(buf, pos, dst, off, n);
                pos += n;
                return n;
            }
            if (found == pos) {
                pos += delimiter.length;
                partEnded = true;
                return -1;
            }
            if (!fill()) {
                throw new MalformedMultipartException("multipart body ended before its closing boundary");
            }
        }
    }

    private void skipPart() throws IOException {
        partEnded = false;
        byte[] sink = new byte[8192];
        while (read(sink, 0, sink.length) >= 0) {
            // discard
        }
        partEnded = false;
    }

    /** After a delimiter: "--" closes the body, CRLF starts another part. */
    private boolean closingDelimiter() throws IOException {
        ensure(2);
        boolean closing = buf[pos] == '-' && buf[pos + 1] == '-';
        if (!closing) {
            String rest = readLine(); // transport padding up to CRLF
            if (!rest.isBlank()) {
                throw new MalformedMultipartException("unexpected bytes after a multipart boundary");
            }
        }
        return closing;
    }

    /** Reads a part's headers and returns the name from its Content-Disposition (null when absent). */
    private String partName() throws IOException {
        String name = null;
        int total = 0;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new MalformedMultipartException("multipart part headers exceed " + MAX_HEADER_BYTES + " bytes");
            }
            if (line.regionMatches(true, 0, "content-disposition:", 0, 20)) {
                Matcher m = NAME.matcher(line);
                if (m.find()) {
                    name = m.group(1) != null ? m.group(1) : m.group(2);
                }
            }
        }
        return name;
    }

    private String readLine() throws IOException {
        int start = pos;
        while (true) {
            for (int i = start; i + 1 < limit; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n') {
                    String line = new String(buf, pos, i - pos, StandardCharsets.UTF_8);
                    pos = i + 2;
                    return line;
                }
            }
            if (limit - pos > MAX_HEADER_BYTES) {
                throw new MalformedMultipartException("multipart header line longer than " + MAX_HEADER_BYTES + " bytes");
            }
            start = Math.max(pos, limit - 1);
            int shift = pos;
            if (!fill()) {
                throw new MalformedMultipartException("multipart body ended inside part headers");
            }
            start -= shift - pos; // fill() may have compacted the buffer
        }
    }

    private int indexOfDelimiter() {
        byte first = delimiter[0];
        int last = limit - delimiter.length;
        outer:
        for (int i = pos; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void ensure(int n) throws IOException {
        while (limit - pos < n) {
            if (!fill()) {
                throw new MalformedMultipartException("multipart body ended unexpectedly");
            }
        }
    }

    /** Compacts the window and reads more; false at end of input. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            throw new MalformedMultipartException("multipart line or boundary does not fit the read window");
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
