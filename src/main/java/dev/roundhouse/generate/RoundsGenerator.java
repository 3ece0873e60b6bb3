package dev.roundhouse.generate;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a realistic game-rounds CSV like the real 2,101,934-row export (docs/architecture.md, "The data"):
 * the 10-column header; UTF-16BE with BOM by default; sequential {@code game_instance_id} from ~20,000;
 * 32-hex {@code user_id}s with a Zipf-like skew (a few heavy players, many light); ~5-digit
 * {@code game_id}s, each with a fixed name and provider (some with spaces, apostrophes, commas and
 * quotes, quoted as RFC 4180 says); amounts with up to 2 decimals ({@code 0.05}, {@code 0.1},
 * {@code 12.50}), some empty and some {@code NaN}; {@code YYYY-MM-DD HH:MM:SS} timestamps in
 * non-decreasing order over several weeks.
 *
 * <p>Deterministic: the same {@link GeneratorOptions} (seed included) give the same bytes. Fast: rows
 * are built as UTF-16 code units in a reused char array and encoded straight into a byte buffer
 * (about 2 M rows in a few seconds).
 *
 * <pre>
 * java -cp roundhouse.jar dev.roundhouse.generate.RoundsGenerator [--rows N] [--seed S]
 *      [--charset UTF-16BE|UTF-16LE|UTF-8] [--bom true|false] [--start 2024-03-01T00:00:00Z]
 *      [--span-days D] [--users U] [--games G] [--first-id I] [--crlf] [--out FILE|-]
 * </pre>
 */
public final class RoundsGenerator {
    public static final String HEADER = "created_timestamp,game_instance_id,user_id,game_id,real_amount_bet,"
            + "bonus_amount_bet,real_amount_win,bonus_amount_win,game_name,provider";

    static final String[] PROVIDERS = {
        "NetEnt", "Play'n GO", "Pragmatic Play", "Microgaming", "Red Tiger", "Big Time Gaming", "Push Gaming",
        "Evolution", "Yggdrasil", "Quickspin", "Thunderkick", "Nolimit City", "Relax Gaming", "Hacksaw Gaming",
        "ELK Studios", "iSoftBet", "Blueprint Gaming", "Playtech", "Novomatic", "Greentube, Inc.",
        "Games \"R\" Us", "Stakelogic", "Betsoft", "Wazdan", "Spinomenal", "Bally Wulff", "Gamomat",
    };
    static final String[] FAMOUS = {
        "Gonzo's Quest, Megaways", "Book of Dead", "Starburst", "Fire Joker", "Reactoonz", "Sweet Bonanza",
        "Gates of Olympus", "Wolf Gold", "Big Bass Bonanza", "Jammin' Jars", "Money Train 3", "Razor Shark",
        "Bonanza Megaways", "Dead or Alive 2", "Legacy of Dead", "The Dog House", "Mega Moolah",
        "Immortal Romance", "Thunderstruck II", "Wanted Dead or a Wild", "Rich Wilde and the Tome of Madness",
        "Hold 'n' Win: Fortune, Deluxe", "Cash \"Collect\" Classic", "Café Olé", "Ōkami Fortune", "Crazy Time",
        "Lightning Roulette", "Blackjack, Classic", "Pirots 2", "Chaos Crew", "Sugar Rush", "Sakura Fortune",
    };
    private static final String[] ADJECTIVES = {
        "Golden", "Wild", "Lucky", "Mystic", "Ancient", "Fiery", "Frozen", "Royal", "Jolly", "Savage", "Sticky",
        "Hot", "Mega", "Super", "Crystal", "Dragon's", "Pharaoh's", "Viking's", "Pirate's", "Joker's", "Midnight",
    };
    private static final String[] NOUNS = {
        "Fortune", "Treasure", "Gems", "Riches", "Spins", "Fruits", "Temple", "Reels", "Quest", "Legends",
        "Jackpot", "Bonanza", "Empire", "Kingdom", "Safari", "Heist", "Nights", "Diamonds", "Coins", "Catch",
    };
    private static final String[] SUFFIXES = {
        "", "", "", "", "", " Megaways", " Deluxe", " 2", " 3", " Hold & Win", ", Xmas Edition",
        " 10K Ways", ", Dream Drop", " Power Reels", " Cluster Pays",
    };
    /** Bet sizes in cents; small bets are far more common (the pick is skewed towards the front). */
    private static final long[] BETS_CENTS = {
        5, 10, 20, 25, 30, 40, 50, 60, 80, 100, 120, 125, 150, 200, 250, 300, 400, 500, 750, 1000, 1250, 1500,
        2000, 2500, 5000, 10000,
    };
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] NAN = {'N', 'a', 'N'};

    private RoundsGenerator() {}

    public static void main(String[] args) throws IOException {
        var opts = GeneratorOptions.defaults();
        String out = "-";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--rows" -> opts = opts.withRows(Long.parseLong(args[++i].replace("_", "")));
                case "--seed" -> opts = opts.withSeed(Long.parseLong(args[++i]));
                case "--charset" -> opts = opts.withCharset(Charset.forName(args[++i]));
                case "--bom" -> opts = opts.withBom(Boolean.parseBoolean(args[++i]));
                case "--no-bom" -> opts = opts.withBom(false);
                case "--start" -> opts = opts.withStart(Instant.parse(args[++i]));
                case "--span-days" -> opts = opts.withSpanSeconds(Long.parseLong(args[++i]) * 86_400L);
                case "--users" -> opts = opts.withUsers(Integer.parseInt(args[++i]));
                case "--games" -> opts = opts.withGames(Integer.parseInt(args[++i]));
                case "--first-id" -> opts = opts.withFirstInstanceId(Long.parseLong(args[++i]));
                case "--crlf" -> opts = opts.withCrlf(true);
                case "--out", "-o" -> out = args[++i];
                case "-h", "--help" -> {
                    System.out.println("usage: RoundsGenerator [--rows N] [--seed S] [--charset UTF-16BE|UTF-16LE|UTF-8]"
                            + " [--bom true|false] [--start ISO-INSTANT] [--span-days D] [--users U] [--games G]"
                            + " [--first-id I] [--crlf] [--out FILE|-]");
                    return;
                }
                default -> {
                    System.err.println("RoundsGenerator: unknown argument " + a + " (try --help)");
                    System.exit(2);
                }
            }
        }
        long t0 = System.nanoTime();
        if (out.equals("-")) {
            write(System.out, opts);
            System.out.flush();
        } else {
            Path path = Path.of(out);
            writeFile(path, opts);
            System.err.printf(Locale.ROOT, "RoundsGenerator: %,d rows, %,d bytes, %s%s → %s in %.2f s%n",
                    opts.rows(), Files.size(path), opts.charset(), opts.bom() ? " with BOM" : "", path,
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * Writes a file whole or not at all (a temporary sibling, then an atomic rename), so an interrupted run never
     * leaves a truncated file that a cache would take for finished. A symbolic link or an existing non-regular
     * path (a pipe, {@code /dev/stdout}) is written through in place instead: renaming onto it would replace it.
     */
    static void writeFile(Path path, GeneratorOptions opts) throws IOException {
        if (Files.isSymbolicLink(path) || (Files.exists(path) && !Files.isRegularFile(path))) {
            try (OutputStream os = Files.newOutputStream(path)) {
                write(os, opts);
            }
            return;
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp)) {
            write(os, opts);
        }
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The whole file in memory (for tests and benchmarks; about 280 bytes per row in UTF-16). */
    public static byte[] toBytes(GeneratorOptions opts) {
        var bos = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 16, 64 + opts.rows() * 300));
        try {
            write(bos, opts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    /** Writes the file to {@code out} (which is flushed, not closed). */
    public static void write(OutputStream out, GeneratorOptions opts) throws IOException {
        new Writer(out, opts).run();
    }

    /** The fixed catalog a seed gives: players and games. Built before any row, from the same random. */
    static final class Catalog {
        final char[][] users;
        final long[] gameIds;
        final char[][] gameNames; // already CSV-quoted when needed
        final char[][] providers; // already CSV-quoted when needed

        Catalog(SplittableRandom rnd, int userCount, int gameCount) {
            users = new char[userCount][];
            var seenUsers = new HashSet<String>(userCount * 2);
            for (int i = 0; i < userCount; i++) {
                char[] id;
                do {
                    id = new char[32];
                    long hi = rnd.nextLong(), lo = rnd.nextLong();
                    for (int k = 0; k < 16; k++) {
                        id[k] = HEX[(int) (hi >>> (60 - 4 * k)) & 15];
                        id[16 + k] = HEX[(int) (lo >>> (60 - 4 * k)) & 15];
                    }
                } while (!seenUsers.add(new String(id)));
                users[i] = id;
            }
            gameIds = new long[gameCount];
            gameNames = new char[gameCount][];
            providers = new char[gameCount][];
            var seenIds = new HashSet<Long>();
            for (int g = 0; g < gameCount; g++) {
                long id;
                do {
                    id = rnd.nextLong(10_000, 100_000);
                } while (!seenIds.add(id));
                gameIds[g] = id;
                String name;
                if (g < FAMOUS.length && rnd.nextInt(4) != 0) {
                    name = FAMOUS[g];
                } else {
                    name = ADJECTIVES[rnd.nextInt(ADJECTIVES.length)] + " " + NOUNS[rnd.nextInt(NOUNS.length)]
                            + SUFFIXES[rnd.nextInt(SUFFIXES.length)];
                }
                gameNames[g] = csvField(name).toCharArray();
                // a provider's share of the catalog is skewed too
                providers[g] = csvField(PROVIDERS[zipf(rnd, PROVIDERS.length)]).toCharArray();
            }
        }
    }

    /** RFC 4180 quoting; fields with an apostrophe are quoted as well, as the real export does ({@code "Play'n GO"}). */
    static String csvField(String s) {
        boolean quote = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\'' || c == '\n' || c == '\r') {
                quote = true;
                break;
            }
        }
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** Zipf-like (P(i) ~ 1/(i+1)) index in [0, n), by inverting the continuous log-uniform law. */
    static int zipf(SplittableRandom rnd, int n) {
        int i = (int) Math.exp(rnd.nextDouble() * Math.log(n + 1.0)) - 1;
        return Math.min(Math.max(i, 0), n - 1);
    }

    private static final class Writer {
        private final OutputStream out;
        private final GeneratorOptions opts;
        private final SplittableRandom rnd;
        private final int mode; // 0 = UTF-16BE, 1 = UTF-16LE, 2 = UTF-8
        private final byte[] bytes = new byte[1 << 17];
        private int bytePos;
        private final char[] line = new char[2048];
        private int pos;
        private final char[] eol;
        // timestamp cache: the date part changes once a day
        private long cachedDay = Long.MIN_VALUE;
        private final char[] date = new char[11]; // "YYYY-MM-DD "

        Writer(OutputStream out, GeneratorOptions opts) {
            this.out = out;
            this.opts = opts;
            this.rnd = new SplittableRandom(opts.seed());
            Charset cs = opts.charset();
            this.mode = cs.equals(StandardCharsets.UTF_16BE) ? 0 : cs.equals(StandardCharsets.UTF_16LE) ? 1 : 2;
            this.eol = opts.crlf() ? new char[] {'\r', '\n'} : new char[] {'\n'};
        }

        void run() throws IOException {
            var cat = new Catalog(rnd, opts.users(), opts.games());
            if (opts.bom()) {
                switch (mode) {
                    case 0 -> { bytes[0] = (byte) 0xFE; bytes[1] = (byte) 0xFF; bytePos = 2; }
                    case 1 -> { bytes[0] = (byte) 0xFF; bytes[1] = (byte) 0xFE; bytePos = 2; }
                    default -> { bytes[0] = (byte) 0xEF; bytes[1] = (byte) 0xBB; bytes[2] = (byte) 0xBF; bytePos = 3; }
                }
            }
            HEADER.getChars(0, HEADER.length(), line, 0);
            pos = HEADER.length();
            endLine();

            final long rows = opts.rows();
            final double meanStep = rows == 0 ? 0 : (double) opts.spanSeconds() / rows;
            final long startSec = opts.start().getEpochSecond();
            double clock = 0;
            long instanceId = opts.firstInstanceId();
            final int userCount = cat.users.length, gameCount = cat.gameIds.length;
            for (long r = 0; r < rows; r++) {
                // exponential gaps: bursts and quiet spells, never backwards
                clock += -Math.log(1.0 - rnd.nextDouble()) * meanStep;
                timestamp(startSec + (long) clock);
                put(',');
                putLong(instanceId++);
                put(',');
                put(cat.users[zipf(rnd, userCount)]);
                put(',');
                int g = zipf(rnd, gameCount);
                putLong(cat.gameIds[g]);
                put(',');

                long bet = BETS_CENTS[(int) (BETS_CENTS.length * Math.pow(rnd.nextDouble(), 2.2))];
                boolean bonus = rnd.nextInt(100) < 12;
                long realBet = bonus ? 0 : bet, bonusBet = bonus ? bet : 0;
                long win = 0;
                if (rnd.nextInt(100) < 31) {
                    double mult = 0.1 * Math.pow(1.0 - rnd.nextDouble(), -1.25);
                    win = Math.round(bet * Math.min(mult, 5000.0));
                }
                long realWin = bonus ? 0 : win, bonusWin = bonus ? win : 0;
                amount(realBet);
                put(',');
                amount(bonusBet);
                put(',');
                amount(realWin);
                put(',');
                amount(bonusWin);
                put(',');
                put(cat.gameNames[g]);
                put(',');
                put(cat.providers[g]);
                endLine();
            }
            flushBytes();
            out.flush();
        }

        /** An amount in cents: now and then empty or NaN; else 0.05, 0.1, 12.5 or 12.50 style. */
        private void amount(long cents) {
            int p = rnd.nextInt(1000);
            if (p < 3) return; // empty cell
            if (p < 5) {
                put(NAN);
                return;
            }
            boolean twoDecimals = p >= 700; // 30 % written as 12.50 / 0.10 / 3.00
            putLong(cents / 100);
            int frac = (int) (cents % 100);
            if (twoDecimals) {
                put('.');
                put((char) ('0' + frac / 10));
                put((char) ('0' + frac % 10));
            } else if (frac != 0) {
                put('.');
                put((char) ('0' + frac / 10));
                if (frac % 10 != 0) put((char) ('0' + frac % 10));
            }
        }

        private void timestamp(long epochSec) {
            long day = Math.floorDiv(epochSec, 86_400L);
            if (day != cachedDay) {
                cachedDay = day;
                LocalDate d = LocalDate.ofEpochDay(day);
                int y = d.getYear(), m = d.getMonthValue(), dd = d.getDayOfMonth();
                date[0] = (char) ('0' + y / 1000 % 10);
                date[1] = (char) ('0' + y / 100 % 10);
                date[2] = (char) ('0' + y / 10 % 10);
                date[3] = (char) ('0' + y % 10);
                date[4] = '-';
                date[5] = (char) ('0' + m / 10);
                date[6] = (char) ('0' + m % 10);
                date[7] = '-';
                date[8] = (char) ('0' + dd / 10);
                date[9] = (char) ('0' + dd % 10);
                date[10] = ' ';
            }
            put(date);
            int sod = (int) (epochSec - day * 86_400L);
            int h = sod / 3600, mi = sod / 60 % 60, s = sod % 60;
            put((char) ('0' + h / 10));
            put((char) ('0' + h % 10));
            put(':');
            put((char) ('0' + mi / 10));
            put((char) ('0' + mi % 10));
            put(':');
            put((char) ('0' + s / 10));
            put((char) ('0' + s % 10));
        }

        private void put(char c) {
            line[pos++] = c;
        }

        private void put(char[] cs) {
            System.arraycopy(cs, 0, line, pos, cs.length);
            pos += cs.length;
        }

        private void putLong(long v) {
            if (v < 0) {
                put('-');
                v = -v;
            }
            int start = pos;
            do {
                line[pos++] = (char) ('0' + v % 10);
                v /= 10;
            } while (v != 0);
            for (int i = start, j = pos - 1; i < j; i++, j--) {
                char t = line[i];
                line[i] = line[j];
                line[j] = t;
            }
        }

        private void endLine() throws IOException {
            put(eol);
            if (bytes.length - bytePos < pos * 3) flushBytes();
            byte[] b = bytes;
            int bp = bytePos;
            switch (mode) {
                case 0 -> {
                    for (int i = 0; i < pos; i++) {
                        char c = line[i];
                        b[bp++] = (byte) (c >>> 8);
                        b[bp++] = (byte) c;
                    }
                }
                case 1 -> {
                    for (int i = 0; i < pos; i++) {
                        char c = line[i];
                        b[bp++] = (byte) c;
                        b[bp++] = (byte) (c >>> 8);
                    }
                }
                default -> {
                    for (int i = 0; i < pos; i++) {
                        char c = line[i];
                        if (c < 0x80) {
                            b[bp++] = (byte) c;
                        } else if (c < 0x800) {
                            b[bp++] = (byte) (0xC0 | c >>> 6);
                            b[bp++] = (byte) (0x80 | (c & 0x3F));
                        } else { // BMP only: the catalog has no surrogates
                            b[bp++] = (byte) (0xE0 | c >>> 12);
                            b[bp++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
                            b[bp++] = (byte) (0x80 | (c & 0x3F));
                        }
                    }
                }
            }
            bytePos = bp;
            pos = 0;
        }

        private void flushBytes() throws IOException {
            out.write(bytes, 0, bytePos);
            bytePos = 0;
        }
    }

    /** Convenience for scripts: writes to a file through a buffered stream. */
    public static void write(Path path, GeneratorOptions opts) throws IOException {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            write(os, opts);
        }
    }
}
