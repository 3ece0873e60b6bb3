package dev.roundhouse.csv;

import dev.roundhouse.model.Column;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the header record into a column order: all ten columns, in any order, each exactly once,
 * nothing else. Also recognises input that is not CSV text at all. Throws {@link CsvFormatException}.
 */
@SuppressWarnings("EnumOrdinal") // Column.ordinal() indexes per-column arrays: 12 columns, no map lookup per field
final class HeaderMapping {
    private HeaderMapping() {}

    /** For each field index of a data record, its column. */
    static Column[] read(CsvTokenizer t, byte[] head) throws IOException {
        String binary = binaryFormat(head);
        if (binary != null) throw new CsvFormatException("input is " + binary + ", not a CSV text file; upload the uncompressed CSV");
        if (!t.next()) throw new CsvFormatException("empty input: expected a header line");
        if (t.errorMessage() != null) {
            throw new CsvFormatException("input is not a valid CSV text file: header line: " + t.errorMessage());
        }
        byte[] b = t.bytes();
        int n = t.fieldCount();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < t.length(i); j++) {
                char c = Utf16Be.unit(b, t.start(i) + 2 * j);
                if (c < 0x20 || c == 0x7F || (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFD) {
                    throw new CsvFormatException("input is not a CSV text file (binary data or a wrong encoding in the header line: "
                            + PositiveLongs.describe(c) + ")");
                }
            }
        }
        Column[] order = new Column[n];
        boolean[] seen = new boolean[Column.values().length];
        for (int i = 0; i < n; i++) {
            String name = Utf16Be.string(b, t.start(i), t.length(i));
            Column c = Column.byHeader(name);
            if (c == null) {
                throw new CsvFormatException("unknown column \"" + abbreviate(name) + "\" in the header (column " + (i + 1)
                        + "); expected exactly: " + expected());
            }
            if (seen[c.ordinal()]) throw new CsvFormatException("duplicate column \"" + name + "\" in the header");
            seen[c.ordinal()] = true;
            order[i] = c;
        }
        List<String> missing = new ArrayList<>();
        for (Column c : Column.values()) if (!seen[c.ordinal()]) missing.add(c.header);
        if (!missing.isEmpty()) {
            throw new CsvFormatException("missing column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + " in the header; expected exactly: " + expected());
        }
        return order;
    }

    private static String expected() {
        StringBuilder sb = new StringBuilder();
        for (Column c : Column.values()) sb.append(sb.isEmpty() ? "" : ",").append(c.header);
        return sb.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private static String binaryFormat(byte[] h) {
        if (h.length >= 2 && (h[0] & 0xFF) == 0x1F && (h[1] & 0xFF) == 0x8B) return "gzip-compressed";
        if (h.length >= 4 && h[0] == 'P' && h[1] == 'K' && h[2] == 3 && h[3] == 4) return "a zip archive";
        if (h.length >= 3 && h[0] == 'B' && h[1] == 'Z' && h[2] == 'h') return "bzip2-compressed";
        if (h.length >= 4 && (h[0] & 0xFF) == 0x28 && (h[1] & 0xFF) == 0xB5 && (h[2] & 0xFF) == 0x2F && (h[3] & 0xFF) == 0xFD) {
            return "zstd-compressed";
        }
        if (h.length >= 6 && (h[0] & 0xFF) == 0xFD && h[1] == '7' && h[2] == 'z' && h[3] == 'X' && h[4] == 'Z') return "xz-compressed";
        return null;
    }
}
