package dev.roundhouse.bench;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PushbackInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Prepares the anchors' inputs from a generated CSV, independently of our own reader and encoder
 * (FastCSV + the standard Avro library), so the anchors get the same records the service sends:
 *
 * <ul>
 *   <li>{@code payloads.kcat}: per row {@code user_id} + key delimiter 0x1F + Confluent-framed Avro value
 *       (0x00, 4-byte schema id, Avro binary) + a 4-byte message delimiter that no value contains;</li>
 *   <li>{@code clickhouse.csv}: the same rows as UTF-8 CSV for ClickHouse ({@code \N} for empty/NaN amounts);</li>
 *   <li>{@code stats.json}: rows, average Avro record size (framing included), the delimiter, bytes.</li>
 * </ul>
 *
 * Usage: {@code Prepare <rounds.csv> <out-dir>}.
 */
public final class Prepare {
    /** Placeholder schema id in the framing: 4 bytes whatever the id, so sizes are exact. */
    static final int SCHEMA_ID = 1;
    static final byte KEY_DELIMITER = 0x1F;
    private static final byte[][] DELIMITERS = {
        {(byte) 0xFE, (byte) 0xFD, (byte) 0xFC, (byte) 0xFB},
        {(byte) 0xF7, (byte) 0xF3, (byte) 0xF1, (byte) 0xEF},
        {(byte) 0xC1, (byte) 0xC0, (byte) 0xF5, (byte) 0xF8},
    };
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private Prepare() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Prepare <rounds.csv> <out-dir>");
            System.exit(2);
        }
        Path csv = Path.of(args[0]), dir = Path.of(args[1]);
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        for (byte[] delim : DELIMITERS) {
            Stats s = run(csv, dir, delim);
            if (s != null) {
                s.jmhBytes = BenchData.bytes().length;
                Files.writeString(dir.resolve("stats.json"), s.json());
                System.err.printf(Locale.ROOT, "Prepare: %,d rows, average Avro record %.1f bytes, in %.1f s%n",
                        s.rows, s.avroBytes / (double) s.rows, (System.nanoTime() - t0) / 1e9);
                return;
            }
        }
        throw new IllegalStateException("every candidate message delimiter occurs in some Avro value");
    }

    static final class Stats {
        long rows, avroBytes, keyBytes, dataBytes, jmhBytes, nullAmounts;
        byte[] delimiter;

        String json() {
            return String.format(Locale.ROOT, "{\"rows\": %d, \"avro_bytes\": %d, \"avg_avro_bytes\": %.2f, "
                            + "\"avg_key_bytes\": %.2f, \"data_bytes\": %d, \"jmh_rows\": %d, \"jmh_bytes\": %d, "
                            + "\"null_amounts\": %d, \"kcat_delimiter\": \"%s\", \"schema_id\": %d}%n",
                    rows, avroBytes, avroBytes / (double) Math.max(1, rows), keyBytes / (double) Math.max(1, rows),
                    dataBytes, BenchData.ROWS, jmhBytes, nullAmounts, kcatEscape(delimiter).replace("\\", "\\\\"), SCHEMA_ID);
        }
    }

    static String kcatEscape(byte[] b) {
        var sb = new StringBuilder();
        for (byte x : b) sb.append("\\x").append(HexFormat.of().toHexDigits(x));
        return sb.toString();
    }

    /** One pass; null when the delimiter occurs inside a value (the caller tries the next one). */
    private static Stats run(Path csv, Path dir, byte[] delim) throws IOException {
        Schema schema = new Schema.Parser().parse(resource("schemas/game_round.avsc"));
        var writer = new GenericDatumWriter<GenericRecord>(schema);
        var rec = new GenericData.Record(schema);
        var avro = new ByteArrayOutputStream(512);
        BinaryEncoder enc = null;
        var st = new Stats();
        st.delimiter = delim;
        st.dataBytes = Files.size(csv);
        Path payloads = dir.resolve("payloads.kcat.tmp"), chCsv = dir.resolve("clickhouse.csv.tmp");
        byte[] framing = {0, (byte) (SCHEMA_ID >>> 24), (byte) (SCHEMA_ID >>> 16), (byte) (SCHEMA_ID >>> 8), (byte) SCHEMA_ID};
        String[] amountNames = {"real_amount_bet", "bonus_amount_bet", "real_amount_win", "bonus_amount_win"};
        try (InputStream in = Files.newInputStream(csv);
             OutputStream kout = new BufferedOutputStream(Files.newOutputStream(payloads), 1 << 16);
             var cout = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(chCsv), StandardCharsets.UTF_8), 1 << 16)) {
            var pin = new PushbackInputStream(in, 3);
            Charset cs = detect(pin);
            try (var reader = CsvReader.builder().ofCsvRecord(new InputStreamReader(pin, cs))) {
                boolean header = true;
                for (CsvRecord r : reader) {
                    if (header) {
                        header = false;
                        continue;
                    }
                    long millis = LocalDateTime.parse(r.getField(0), TS).toInstant(ZoneOffset.UTC).toEpochMilli();
                    rec.put("created_timestamp", millis);
                    rec.put("game_instance_id", Long.parseLong(r.getField(1)));
                    rec.put("user_id", r.getField(2));
                    rec.put("game_id", Long.parseLong(r.getField(3)));
                    String[] amounts = new String[4];
                    for (int k = 0; k < 4; k++) {
                        String a = r.getField(4 + k);
                        if (a.isEmpty() || a.equals("NaN")) {
                            rec.put(amountNames[k], null);
                            st.nullAmounts++;
                        } else {
                            BigDecimal d = new BigDecimal(a).setScale(4, RoundingMode.UNNECESSARY);
                            rec.put(amountNames[k], ByteBuffer.wrap(d.unscaledValue().toByteArray()));
                            amounts[k] = a;
                        }
                    }
                    rec.put("game_name", r.getField(8));
                    rec.put("provider", r.getField(9));
                    avro.reset();
                    avro.write(framing);
                    enc = EncoderFactory.get().binaryEncoder(avro, enc);
                    writer.write(rec, enc);
                    enc.flush();
                    byte[] value = avro.toByteArray();
                    if (indexOf(value, delim) >= 0) return null;
                    byte[] key = r.getField(2).getBytes(StandardCharsets.UTF_8);
                    kout.write(key);
                    kout.write(KEY_DELIMITER);
                    kout.write(value);
                    kout.write(delim);
                    st.rows++;
                    st.avroBytes += value.length;
                    st.keyBytes += key.length;

                    cout.write(r.getField(0));
                    for (int k = 1; k < 4; k++) {
                        cout.write(',');
                        cout.write(r.getField(k));
                    }
                    for (int k = 0; k < 4; k++) {
                        cout.write(',');
                        cout.write(amounts[k] == null ? "\\N" : amounts[k]);
                    }
                    cout.write(',');
                    cout.write(quote(r.getField(8)));
                    cout.write(',');
                    cout.write(quote(r.getField(9)));
                    cout.write('\n');
                }
            }
        }
        Files.move(payloads, dir.resolve("payloads.kcat"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(chCsv, dir.resolve("clickhouse.csv"), StandardCopyOption.REPLACE_EXISTING);
        return st;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /** BOM FE FF / FF FE / EF BB BF (consumed); no BOM: UTF-16BE. */
    static Charset detect(PushbackInputStream in) throws IOException {
        byte[] b = new byte[3];
        int n = in.readNBytes(b, 0, 3);
        if (n >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            in.unread(b, 2, n - 2);
            return StandardCharsets.UTF_16BE;
        }
        if (n >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            in.unread(b, 2, n - 2);
            return StandardCharsets.UTF_16LE;
        }
        if (n == 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        in.unread(b, 0, n);
        return StandardCharsets.UTF_16BE;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Prepare.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " not on the classpath (roundhouse jar)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

}
