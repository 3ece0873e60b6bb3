package dev.roundhouse.csv;

import dev.roundhouse.generate.GeneratorOptions;
import dev.roundhouse.generate.RoundsGenerator;
import dev.roundhouse.model.GameRound;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the reader and validator: arbitrary bytes and mutated valid CSVs (any of the three encodings, forced or
 * detected, small field limits so the limit paths run too) only ever end in {@link CsvFormatException} or row
 * errors, never another exception, and every input is read to its end within a time bound. Inputs are at most
 * 64 KiB, so memory stays bounded. Tries per property: {@code jqwik.tries.default} in junit-platform.properties
 * (a short run in {@code make test}); {@code make fuzz} passes a large one as a system property.
 */
class FuzzTest {
    private static final long TIMEOUT_MILLIS = 5_000;
    private static final Charset[] FORCED = {null, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE, StandardCharsets.UTF_8};
    private static ExecutorService worker;

    @BeforeContainer
    static void startWorker() {
        worker = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("fuzz").unstarted(r));
    }

    @AfterContainer
    static void stopWorker() {
        worker.shutdownNow();
    }

    @Property
    void arbitraryBytes(@ForAll("bytes") byte[] input, @ForAll("charsets") int forced, @ForAll("limits") int fieldLimit) throws Exception {
        readWithin(input, FORCED[forced], fieldLimit);
    }

    @Property
    void mutatedValidCsv(@ForAll("mutatedCsv") byte[] input, @ForAll("charsets") int forced, @ForAll("limits") int fieldLimit) throws Exception {
        readWithin(input, FORCED[forced], fieldLimit);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(64 * 1024);
    }

    @Provide
    Arbitrary<Integer> charsets() {
        return Arbitraries.integers().between(0, FORCED.length - 1);
    }

    @Provide
    Arbitrary<Integer> limits() {
        return Arbitraries.of(8, 64, 300, CsvTokenizer.DEFAULT_MAX_FIELD_CHARS);
    }

    /** A small valid CSV in one of the encodings, then a few byte flips, insertions of CSV-significant bytes, or cuts. */
    @Provide
    Arbitrary<byte[]> mutatedCsv() {
        Arbitrary<long[]> mutations = Arbitraries.longs().array(long[].class).ofMinSize(1).ofMaxSize(12);
        return Combinators.combine(Arbitraries.integers().between(0, VALID.length - 1), mutations)
                .as((i, m) -> mutate(VALID[i].clone(), m));
    }

    /** Seeds for mutation, made once (generating per try would dominate the run): every encoding, BOM or not. */
    private static final byte[][] VALID = validSeeds();

    private static byte[][] validSeeds() {
        Charset[] charsets = {StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE, StandardCharsets.UTF_8};
        byte[][] seeds = new byte[24][];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = RoundsGenerator.toBytes(GeneratorOptions.defaults().withRows(i * 3L).withSeed(i)
                    .withCharset(charsets[i % 3]).withBom(i % 2 == 0));
        }
        return seeds;
    }

    private static byte[] mutate(byte[] csv, long[] mutations) {
        byte[] b = csv;
        byte[] significant = {'"', ',', '\n', '\r', 0, (byte) 0xD8, (byte) 0xDC, (byte) 0xFF, (byte) 0xFE, '.', '-', 'e'};
        for (long m : mutations) {
            if (b.length == 0) break;
            int at = (int) Math.floorMod(m >>> 8, (long) b.length);
            switch ((int) Math.floorMod(m, 4L)) {
                case 0 -> b[at] ^= (byte) (1 << Math.floorMod(m >>> 40, 8L));
                case 1 -> b[at] = significant[(int) Math.floorMod(m >>> 40, (long) significant.length)];
                case 2 -> {
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = significant[(int) Math.floorMod(m >>> 40, (long) significant.length)];
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
                default -> b = Arrays.copyOf(b, at);
            }
        }
        return b;
    }

    /** Reads every row; fails on any exception but CsvFormatException, or when the read does not end in time. */
    private static void readWithin(byte[] input, Charset forced, int fieldLimit) throws Exception {
        Future<?> read = worker.submit(() -> {
            readAll(input, forced, fieldLimit);
            return null;
        });
        try {
            read.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            read.cancel(true);
            throw new AssertionError("no end after " + TIMEOUT_MILLIS + " ms on " + input.length + " bytes", e);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof CsvFormatException)) {
                throw new AssertionError("unexpected " + e.getCause(), e.getCause());
            }
        }
    }

    private static void readAll(byte[] input, Charset forced, int fieldLimit) throws IOException {
        try (RoundReader reader = RoundReader.open(new ByteArrayInputStream(input), forced, fieldLimit, CsvTokenizer.DEFAULT_MAX_FIELDS)) {
            GameRound row = new GameRound();
            long[] errors = {0};
            long rows = 0;
            while (reader.next(row, e -> {
                if (e.line() < 1 || e.field() == null || e.message() == null) throw new AssertionError("malformed row error " + e);
                errors[0]++;
            })) {
                rows++;
            }
            if (rows + errors[0] != reader.rowsRead()) {
                throw new AssertionError("rows " + rows + " + errors " + errors[0] + " != records read " + reader.rowsRead());
            }
        }
    }
}
