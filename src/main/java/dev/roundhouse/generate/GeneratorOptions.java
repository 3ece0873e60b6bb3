package dev.roundhouse.generate;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link RoundsGenerator} writes. Immutable; start from {@link #defaults()} and change fields with
 * the {@code with…} methods, e.g. {@code GeneratorOptions.defaults().withRows(1000).withSeed(7)}.
 *
 * @param rows            data rows (the header is extra)
 * @param seed            seed of the {@link java.util.SplittableRandom}: same options → same bytes
 * @param charset         UTF-16BE, UTF-16LE or UTF-8
 * @param bom             write a byte-order mark (FE FF, FF FE or EF BB BF)
 * @param start           created_timestamp of the first row (UTC, whole seconds are written)
 * @param spanSeconds     the timestamps cover about this many seconds, in non-decreasing order
 * @param users           distinct players (Zipf-like: a few heavy, many light)
 * @param games           distinct games (each with a fixed name and provider; Zipf-like popularity)
 * @param firstInstanceId game_instance_id of the first row; then +1 per row
 * @param crlf            end lines with CR LF instead of LF
 * @param profile         who plays what, when: {@link Profile#SESSION} (the default) or {@link Profile#INDEPENDENT}
 */
public record GeneratorOptions(long rows, long seed, Charset charset, boolean bom, Instant start, long spanSeconds,
                               int users, int games, long firstInstanceId, boolean crlf, Profile profile) {

    /** Rows in the real file the service was built for. */
    public static final long DEFAULT_ROWS = 2_101_934L;
    public static final long DEFAULT_SEED = 20_240_301L;
    public static final Instant DEFAULT_START = Instant.parse("2024-03-01T00:00:00Z");
    /** Six weeks. */
    public static final long DEFAULT_SPAN_SECONDS = 42L * 24 * 3600;

    public GeneratorOptions {
        if (rows < 0) throw new IllegalArgumentException("rows must be >= 0");
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(profile, "profile");
        if (!charset.equals(StandardCharsets.UTF_16BE) && !charset.equals(StandardCharsets.UTF_16LE)
                && !charset.equals(StandardCharsets.UTF_8)) {
            throw new IllegalArgumentException("charset must be UTF-16BE, UTF-16LE or UTF-8, not " + charset);
        }
        if (spanSeconds < 0) throw new IllegalArgumentException("spanSeconds must be >= 0");
        if (users < 1) throw new IllegalArgumentException("users must be >= 1");
        if (games < 1 || games > 89_999) throw new IllegalArgumentException("games must be 1..89999");
        if (firstInstanceId < 1) throw new IllegalArgumentException("firstInstanceId must be >= 1");
    }

    /**
     * UTF-16BE with BOM, 2,101,934 rows, six weeks from 2024-03-01, 50,000 players, 300 games, ids from 20,000,
     * played in sessions.
     */
    public static GeneratorOptions defaults() {
        return new GeneratorOptions(DEFAULT_ROWS, DEFAULT_SEED, StandardCharsets.UTF_16BE, true, DEFAULT_START,
                DEFAULT_SPAN_SECONDS, 50_000, 300, 20_000L, false, Profile.SESSION);
    }

    public GeneratorOptions withRows(long v) { return new GeneratorOptions(v, seed, charset, bom, start, spanSeconds, users, games, firstInstanceId, crlf, profile); }
    public GeneratorOptions withSeed(long v) { return new GeneratorOptions(rows, v, charset, bom, start, spanSeconds, users, games, firstInstanceId, crlf, profile); }
    public GeneratorOptions withCharset(Charset v) { return new GeneratorOptions(rows, seed, v, bom, start, spanSeconds, users, games, firstInstanceId, crlf, profile); }
    public GeneratorOptions withBom(boolean v) { return new GeneratorOptions(rows, seed, charset, v, start, spanSeconds, users, games, firstInstanceId, crlf, profile); }
    public GeneratorOptions withStart(Instant v) { return new GeneratorOptions(rows, seed, charset, bom, v, spanSeconds, users, games, firstInstanceId, crlf, profile); }
    public GeneratorOptions withSpanSeconds(long v) { return new GeneratorOptions(rows, seed, charset, bom, start, v, users, games, firstInstanceId, crlf, profile); }
    public GeneratorOptions withUsers(int v) { return new GeneratorOptions(rows, seed, charset, bom, start, spanSeconds, v, games, firstInstanceId, crlf, profile); }
    public GeneratorOptions withGames(int v) { return new GeneratorOptions(rows, seed, charset, bom, start, spanSeconds, users, v, firstInstanceId, crlf, profile); }
    public GeneratorOptions withFirstInstanceId(long v) { return new GeneratorOptions(rows, seed, charset, bom, start, spanSeconds, users, games, v, crlf, profile); }
    public GeneratorOptions withCrlf(boolean v) { return new GeneratorOptions(rows, seed, charset, bom, start, spanSeconds, users, games, firstInstanceId, v, profile); }
    public GeneratorOptions withProfile(Profile v) { return new GeneratorOptions(rows, seed, charset, bom, start, spanSeconds, users, games, firstInstanceId, crlf, v); }
}
