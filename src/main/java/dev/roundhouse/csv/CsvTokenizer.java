package dev.roundhouse.csv;

import java.io.IOException;

/**
 * Strict RFC 4180 record splitter over the code units of a {@link CodeUnitSource}. Works in place in
 * one char buffer: a record's fields are (start, end) ranges in {@link #chars()}, quoted fields are
 * unescaped in place, nothing is allocated per field or record.
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
     * Kept at {@code buf[lim]} (one slot stays free for it): a char that ends the unquoted-field scan, so
     * that loop needs no bounds test per char.
     */
    private static final char SENTINEL = '\n';

    private final CodeUnitSource source;
    private final int maxFieldChars;
    private final int maxFields;
    private final int maxRecordChars;

    private char[] buf = new char[INITIAL_CHARS];
    private int pos;
    private int lim;
    private boolean eof;
    private int recStart;
    private long line = 1;
    private long recordLine;
    private boolean afterCR;

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

    char[] chars() {
        return buf;
    }

    int fieldCount() {
        return nFields;
    }

    int start(int i) {
        return recStart + starts[i];
    }

    int end(int i) {
        return recStart + ends[i];
    }

    int length(int i) {
        return ends[i] - starts[i];
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
            char c = buf[pos];
            if (c == '\n') {
                pos++;
                if (!afterCR) line++;
                afterCR = false;
            } else if (c == '\r') {
                pos++;
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

        for (;;) { // one field per iteration; pos is at its first char (or at lim)
            if (pos >= lim && !fill()) {
                addField(pos, pos); // EOF right after a comma: a last, empty field
                return finishRecord();
            }
            if (buf[pos] == '"') {
                int r = quoted();
                if (r == END_RECORD) return finishRecord();
                if (r == END_FIELD) continue;
                // r == JUNK: text after the closing quote, scanned as unquoted below
            }
            int fs = pos;
            int p = pos;
            char[] b = buf;
            for (;;) {
                char c;
                while ((c = b[p]) > ',') p++; // the sentinel at lim stops this loop
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
                if (c == ',') {
                    addField(fs, p);
                    pos = p + 1;
                    break;
                }
                if (c == '\n' || c == '\r') {
                    addField(fs, p);
                    pos = p + 1;
                    line++;
                    afterCR = c == '\r';
                    return finishRecord();
                }
                if (c == '"') {
                    error(nFields, "quote character inside an unquoted field (quote the whole field and double the quote)");
                }
                p++;
            }
        }
    }

    private static final int END_FIELD = 0, END_RECORD = 1, JUNK = 2;

    /** Scans a quoted field starting at pos (the opening quote). */
    private int quoted() throws IOException {
        long openLine = line;
        int p = pos + 1;
        int fs = p; // content start
        int w = p; // write position for the unescaped content
        boolean prevCR = false;
        boolean afterQuote = false; // the previous code unit was a quote: escaped ("") or closing
        char[] b = buf;
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
            char c = b[p];
            if (afterQuote) {
                afterQuote = false;
                if (c == '"') {
                    b[w++] = '"';
                    p++;
                    continue;
                }
                addField(fs, w);
                if (c == ',') {
                    pos = p + 1;
                    return END_FIELD;
                }
                if (c == '\n' || c == '\r') {
                    pos = p + 1;
                    line++;
                    afterCR = c == '\r';
                    return END_RECORD;
                }
                error(nFields - 1, "unexpected character after the closing quote of a quoted field");
                pos = p;
                return JUNK;
            }
            if (c == '"') {
                prevCR = false;
                afterQuote = true;
                p++;
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
            b[w++] = c;
            p++;
        }
    }

    private void addField(int fs, int fe) {
        if (skipping) return;
        if (fe - fs > maxFieldChars) {
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
     * skipping, in which case everything before pos is dropped. Returns by how much indices moved
     * towards 0; pos/lim/recStart are adjusted here, callers adjust their own locals.
     */
    private int fillShift() throws IOException {
        if (eof) return 0;
        int keep = skipping ? pos : recStart;
        int shift = 0;
        if (keep > 0 && buf.length - lim < (buf.length >> 1)) {
            shift = keep;
            System.arraycopy(buf, keep, buf, 0, lim - keep);
            lim -= keep;
            pos -= keep;
            recStart -= keep;
        }
        if (buf.length - lim < 8) {
            if (buf.length < maxRecordChars + 8) {
                buf = java.util.Arrays.copyOf(buf, Math.min(buf.length * 2, maxRecordChars + 8));
            } else { // a record that does not fit: report it and drop what we have of it
                if (pos - fieldStart > maxFieldChars) {
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
        int n = source.read(buf, lim, buf.length - lim - 1);
        if (n < 0) {
            eof = true;
        } else {
            lim += n;
        }
        buf[lim] = SENTINEL;
        return shift;
    }
}
