package dev.roundhouse.csv;

import static dev.roundhouse.csv.Utf16Be.below;
import static dev.roundhouse.csv.Utf16Be.equal;
import static dev.roundhouse.csv.Utf16Be.firstMatch;
import static dev.roundhouse.csv.Utf16Be.four;
import static dev.roundhouse.csv.Utf16Be.nextBelow;
import static dev.roundhouse.csv.Utf16Be.unit;

import java.io.IOException;
import java.util.Arrays;

/**
 * Strict RFC 4180 record splitter over the code units of a {@link CodeUnitSource}. Works in place in
 * one buffer of UTF-16BE code units ({@link Utf16Be}): a record's fields are ranges in {@link #bytes()}
 * ({@link #start} a byte offset, {@link #length} in code units), quoted fields are unescaped in place,
 * nothing is allocated per field or record. Plain runs of field text are skipped four code units at a
 * time.
 *
 * <p>Line ends: CRLF, LF, and a lone CR all end a record (and a physical line). Inside quotes they
 * are kept verbatim and still counted, so {@link #line()} is the physical line where a record
 * starts (the header is line 1). Empty lines are not records and are skipped (so a trailing newline
 * does not make an empty last record).
 *
 * <p>A record that breaks the format (quote inside an unquoted field, text after a closing quote,
 * a field longer than {@code maxFieldChars}, more than {@code maxFields} fields, a record longer
 * than the buffer limit, an unterminated quote at EOF, an odd trailing byte) is still returned,
 * with {@link #errorMessage()} set and {@link #errorField()} naming the column index (or -1 for the
 * whole record). A too long record is skipped to its end without being kept in memory.
 */
final class CsvTokenizer {
    static final int DEFAULT_MAX_FIELD_CHARS = 64 * 1024;
    static final int DEFAULT_MAX_FIELDS = 64;
    static final int DEFAULT_MAX_RECORD_CHARS = 1024 * 1024;
    private static final int INITIAL_CHARS = 64 * 1024;
    /**
     * Kept at {@code buf[lim]} (room for it stays free): a code unit that ends the plain-text scans, so
     * they need no bounds test.
     */
    private static final char SENTINEL = '\n';
    /** Bytes after the last code unit of capacity: the sentinel and the rest of a last 8-byte read. */
    private static final int SLACK = 8;

    private final CodeUnitSource source;
    private final int maxFieldChars;
    private final int maxFields;
    private final int maxRecordChars;

    private byte[] buf = new byte[bytesFor(INITIAL_CHARS)];
    // byte offsets, always even
    private int pos;
    private int lim;
    private boolean eof;
    private int recStart;
    private long line = 1;
    private long recordLine;
    private boolean afterCR;

    /** Byte offsets relative to recStart. */
    private final int[] starts;
    private final int[] ends;
    private int nFields;
    /** In skip mode the rest of a broken record is scanned only to find its end. */
    private boolean skipping;
    private String errorMessage;
    private int errorField;

    CsvTokenizer(CodeUnitSource source, int maxFieldChars, int maxFields, int maxRecordChars) {
        this.source = source;
        this.maxFieldChars = maxFieldChars;
        this.maxFields = maxFields;
        this.maxRecordChars = Math.max(maxRecordChars, 16);
        this.starts = new int[maxFields];
        this.ends = new int[maxFields];
    }

    /** The buffer of UTF-16BE code units the field offsets refer to. */
    byte[] bytes() {
        return buf;
    }

    int fieldCount() {
        return nFields;
    }

    /** Byte offset of field i in {@link #bytes()}. */
    int start(int i) {
        return recStart + starts[i];
    }

    /** Code units of field i. */
    int length(int i) {
        return (ends[i] - starts[i]) >> 1;
    }

    /** Physical line where the current record starts. */
    long line() {
        return recordLine;
    }

    /** Why the current record is broken, or null when it tokenized cleanly. */
    String errorMessage() {
        return errorMessage;
    }

    /** Index of the field the error is in, or -1 for the record as a whole. */
    int errorField() {
        return errorField;
    }

    /**
     * Reads a whole record the quick way, or declines so the tokenizer splits it as usual. It must decline
     * every record whose outcome it cannot reproduce exactly (its caller treats an accepted record as valid).
     */
    interface QuickRecord {
        /**
         * The byte offset of the record's line end (LF or CR) when it took the record starting at {@code p},
         * or -1. The buffer holds code units up to {@code lim} ({@value #QUICK_MARGIN} bytes at least), then the
         * sentinel LF.
         */
        int read(byte[] b, int p, int lim);
    }

    /** Bytes a record start needs before lim to be offered to a {@link QuickRecord}. */
    static final int QUICK_MARGIN = 64;

    /** The current record was taken by the {@link QuickRecord} (no fields, no error). */
    private boolean quick;

    boolean quick() {
        return quick;
    }

    /** Advances to the next record. False at the end of the input. */
    boolean next() throws IOException {
        return next(null);
    }

    /** As {@link #next()}, offering each record to {@code quickOrNull} first. */
    boolean next(QuickRecord quickOrNull) throws IOException {
        quick = false;
        // skip empty lines (and the LF of a CRLF that ended the previous record)
        for (;;) {
            recStart = pos; // the previous record is done with
            if (pos >= lim && !fill()) {
                if (source.oddTrailingByte() && !oddByteReported) { // odd byte after the last line end
                    oddByteReported = true;
                    recordLine = line;
                    nFields = 0;
                    errorField = -1;
                    errorMessage = ODD_BYTE;
                    return true;
                }
                return false;
            }
            char c = unit(buf, pos);
            if (c == '\n') {
                pos += 2;
                if (!afterCR) line++;
                afterCR = false;
            } else if (c == '\r') {
                pos += 2;
                line++;
                afterCR = true;
            } else {
                break;
            }
        }
        afterCR = false;
        recStart = pos;
        recordLine = line;
        nFields = 0;
        skipping = false;
        errorMessage = null;
        errorField = -1;
        if (quickOrNull != null && lim - pos >= QUICK_MARGIN) {
            int end = quickOrNull.read(buf, pos, lim);
            if (end >= 0) {
                afterCR = unit(buf, end) == '\r';
                pos = end + 2;
                line++;
                finishRecord();
                quick = errorMessage == null; // never with an error, but then the error wins
                return true;
            }
        }

        for (;;) { // one field per iteration; pos is at its first code unit (or at lim)
            if (pos >= lim && !fill()) {
                addField(pos, pos); // EOF right after a comma: a last, empty field
                return finishRecord();
            }
            if (unit(buf, pos) == '"') {
                int r = quoted();
                if (r == END_RECORD) return finishRecord();
                if (r == END_FIELD) continue;
                // r == JUNK: text after the closing quote, scanned as unquoted below
            }
            int fs = pos;
            int p = pos;
            byte[] b = buf;
            for (;;) {
                p = nextBelow(b, p, ',' + 1); // the sentinel at lim stops this scan
                if (p >= lim) {
                    pos = p;
                    fieldStart = fs;
                    int sh = fillShift();
                    b = buf;
                    p = pos;
                    fs -= sh;
                    if (p >= lim) { // EOF
                        addField(fs, p);
                        return finishRecord();
                    }
                    continue;
                }
                char c = unit(b, p);
                if (c == ',') {
                    addField(fs, p);
                    pos = p + 2;
                    break;
                }
                if (c == '\n' || c == '\r') {
                    addField(fs, p);
                    pos = p + 2;
                    line++;
                    afterCR = c == '\r';
                    return finishRecord();
                }
                if (c == '"') {
                    error(nFields, "quote character inside an unquoted field (quote the whole field and double the quote)");
                }
                p += 2;
            }
        }
    }

    private static final int END_FIELD = 0, END_RECORD = 1, JUNK = 2;

    /** Lanes that end a run of plain quoted content: a quote, CR, LF (or another control character below 0x0E). */
    static long quotedStops(long x) {
        return below(x, 0x0E) | equal(x, '"');
    }

    /** Byte offset of the first {@link #quotedStops} code unit from p (the sentinel at lim stops the scan). */
    static int nextQuotedStop(byte[] b, int p) {
        long lanes;
        while ((lanes = quotedStops(four(b, p))) == 0) p += 8;
        return p + firstMatch(lanes);
    }

    /** Scans a quoted field starting at pos (the opening quote). */
    private int quoted() throws IOException {
        long openLine = line;
        int p = pos + 2;
        int fs = p; // content start
        int w = p; // write position for the unescaped content
        boolean prevCR = false;
        boolean afterQuote = false; // the previous code unit was a quote: escaped ("") or closing
        byte[] b = buf;
        for (;;) {
            if (p >= lim) {
                pos = p;
                fieldStart = fs;
                int sh = fillShift();
                b = buf;
                p = pos;
                fs -= sh;
                w -= sh;
                if (skipping) {
                    fs = w = p;
                }
                if (p >= lim) {
                    if (afterQuote) { // closing quote at EOF
                        addField(fs, w);
                        pos = p;
                    } else {
                        error(nFields, "unterminated quoted field (opened on line " + openLine + ") at end of input");
                    }
                    return END_RECORD;
                }
            }
            char c = unit(b, p);
            if (afterQuote) {
                afterQuote = false;
                if (c == '"') {
                    Utf16Be.put(b, w, '"');
                    w += 2;
                    p += 2;
                    continue;
                }
                addField(fs, w);
                if (c == ',') {
                    pos = p + 2;
                    return END_FIELD;
                }
                if (c == '\n' || c == '\r') {
                    pos = p + 2;
                    line++;
                    afterCR = c == '\r';
                    return END_RECORD;
                }
                error(nFields - 1, "unexpected character after the closing quote of a quoted field");
                pos = p;
                return JUNK;
            }
            // a run of plain content up to the next stop (the sentinel at lim ends it)
            int q = nextQuotedStop(b, p);
            if (q > p) {
                if (w != p) System.arraycopy(b, p, b, w, q - p);
                w += q - p;
                p = q;
                prevCR = false;
                continue;
            }
            if (c == '"') {
                prevCR = false;
                afterQuote = true;
                p += 2;
                continue;
            }
            if (c == '\n') {
                if (!prevCR) line++;
                prevCR = false;
            } else if (c == '\r') {
                line++;
                prevCR = true;
            } else {
                prevCR = false;
            }
            b[w] = b[p];
            b[w + 1] = b[p + 1];
            w += 2;
            p += 2;
        }
    }

    private void addField(int fs, int fe) {
        if (skipping) return;
        if ((fe - fs) >> 1 > maxFieldChars) {
            error(nFields, "field longer than " + maxFieldChars + " characters");
            return;
        }
        if (nFields == maxFields) {
            error(-1, "more than " + maxFields + " fields");
            return;
        }
        starts[nFields] = fs - recStart;
        ends[nFields] = fe - recStart;
        nFields++;
    }

    private boolean finishRecord() {
        if (eof && source.oddTrailingByte() && !oddByteReported) { // the record ran into the odd byte
            oddByteReported = true;
            error(-1, ODD_BYTE);
        }
        return true;
    }

    private boolean oddByteReported;
    /** Start of the field being scanned, for the too-long check in {@link #fillShift()}. */
    private int fieldStart;

    private static final String ODD_BYTE =
            "input ends with an odd number of bytes: the last UTF-16 code unit is incomplete (truncated upload?)";

    /** Marks the record broken (first error wins) and switches to skip mode. */
    private void error(int field, String message) {
        if (errorMessage == null) {
            errorMessage = message;
            errorField = field;
        }
        skipping = true;
    }

    private boolean fill() throws IOException {
        fieldStart = pos;
        fillShift();
        return pos < lim;
    }

    /** Buffer bytes for a capacity of {@code units} code units, one of them kept free for the sentinel. */
    private static int bytesFor(int units) {
        return 2 * (units - 1) + SLACK;
    }

    /** Capacity of the buffer in code units (the inverse of {@link #bytesFor}). */
    private int capacity() {
        return (buf.length - SLACK) / 2 + 1;
    }

    /**
     * Makes room and reads more code units. Keeps the current record (from recStart) unless
     * skipping, in which case everything before pos is dropped. Returns by how many bytes indices moved
     * towards 0; pos/lim/recStart are adjusted here, callers adjust their own locals.
     */
    private int fillShift() throws IOException {
        if (eof) return 0;
        int keep = skipping ? pos : recStart;
        int shift = 0;
        if (keep > 0 && capacity() - (lim >> 1) < (capacity() >> 1)) {
            shift = keep;
            System.arraycopy(buf, keep, buf, 0, lim - keep);
            lim -= keep;
            pos -= keep;
            recStart -= keep;
        }
        if (capacity() - (lim >> 1) < 8) {
            if (capacity() < maxRecordChars + 8) {
                buf = Arrays.copyOf(buf, bytesFor(Math.min(capacity() * 2, maxRecordChars + 8)));
            } else { // a record that does not fit: report it and drop what we have of it
                if ((pos - fieldStart) >> 1 > maxFieldChars) {
                    error(nFields, "field longer than " + maxFieldChars + " characters");
                } else {
                    error(-1, "record longer than " + maxRecordChars + " characters");
                }
                shift += pos;
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                recStart -= pos;
                pos = 0;
            }
        }
        int n = source.read(buf, lim, buf.length - SLACK - lim);
        if (n < 0) {
            eof = true;
        } else {
            lim += n;
        }
        Utf16Be.put(buf, lim, SENTINEL);
        return shift;
    }
}
