package dev.roundhouse.csv;

import static dev.roundhouse.csv.Utf16Be.unit;

import java.io.IOException;

/**
 * Strict RFC 4180 record splitter over the code units of a {@link CodeUnitSource}. Works in place in
 * one buffer of UTF-16BE code units ({@link Utf16Be}): a record's fields are ranges in {@link #bytes()}
 * ({@link #start} a byte offset, {@link #length} in code units), quoted fields are unescaped in place,
 * nothing is allocated per field or record.
 *
 * <p>Finding field ends costs no branch per code unit nor a mispredicted loop exit per field: after each
 * read, a bitmap marks every code unit up to ',' (so also '"', CR, LF, space), computed 4 code units per
 * long without branches ({@link StopBits}), and the scans jump from mark to mark.
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

    private final CodeUnitSource source;
    private final int maxFieldChars;
    private final int maxFields;
    private final int maxRecordChars;

    /** Code units the buffer holds, one of them kept free for the sentinel. */
    private int capacity = INITIAL_CHARS;
    private byte[] buf = new byte[StopBits.bufferBytes(INITIAL_CHARS)];
    private long[] stops = new long[StopBits.words(INITIAL_CHARS)];
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

    /** Advances to the next record. False at the end of the input. */
    boolean next() throws IOException {
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

        // cursor over the stop bitmap, kept in registers while fields follow one another: the marks of
        // word w not yet passed (w < 0: to be set up from the scan position)
        int w = -1;
        long marks = 0;
        for (;;) { // one field per iteration; pos is at its first code unit (or at lim)
            if (pos >= lim) {
                w = -1;
                if (!fill()) {
                    addField(pos, pos); // EOF right after a comma: a last, empty field
                    return finishRecord();
                }
            }
            if (unit(buf, pos) == '"') {
                w = -1;
                int r = quoted();
                if (r == END_RECORD) return finishRecord();
                if (r == END_FIELD) continue;
                // r == JUNK: text after the closing quote, scanned as unquoted below
            }
            int fs = pos;
            int p = pos;
            byte[] b = buf;
            for (;;) {
                if (w < 0) {
                    int u = p >>> 1;
                    w = u >>> 6;
                    marks = stops[w] & (-1L >>> (u & 63));
                }
                while (marks == 0) marks = stops[++w]; // the sentinel at lim stops this scan
                int k = Long.numberOfLeadingZeros(marks);
                marks ^= Long.MIN_VALUE >>> k;
                p = ((w << 6) + k) << 1;
                if (p >= lim) {
                    pos = p;
                    fieldStart = fs;
                    int sh = fillShift();
                    w = -1;
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
            // a run of plain content up to the next marked code unit (the sentinel at lim ends it)
            int q = StopBits.next(stops, p);
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

    /**
     * Makes room and reads more code units. Keeps the current record (from recStart) unless
     * skipping, in which case everything before pos is dropped. Returns by how many bytes indices moved
     * towards 0; pos/lim/recStart are adjusted here, callers adjust their own locals.
     */
    private int fillShift() throws IOException {
        if (eof) return 0;
        int keep = skipping ? pos : recStart;
        int shift = 0;
        int dirty = lim; // the bitmap is valid before this byte offset
        if (keep > 0 && capacity - (lim >> 1) < (capacity >> 1)) {
            shift = keep;
            System.arraycopy(buf, keep, buf, 0, lim - keep);
            lim -= keep;
            pos -= keep;
            recStart -= keep;
            dirty = 0;
        }
        if (capacity - (lim >> 1) < 8) {
            if (capacity < maxRecordChars + 8) {
                capacity = Math.min(capacity * 2, maxRecordChars + 8);
                buf = java.util.Arrays.copyOf(buf, StopBits.bufferBytes(capacity));
                stops = java.util.Arrays.copyOf(stops, StopBits.words(capacity));
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
                dirty = 0;
            }
        }
        int n = source.read(buf, lim, 2 * (capacity - 1) - lim);
        if (n < 0) {
            eof = true;
        } else {
            lim += n;
        }
        Utf16Be.put(buf, lim, SENTINEL);
        StopBits.mark(buf, stops, dirty, lim);
        return shift;
    }
}
