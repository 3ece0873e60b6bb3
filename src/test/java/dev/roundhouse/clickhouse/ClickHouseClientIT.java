package dev.roundhouse.clickhouse;

import static org.junit.jupiter.api.Assertions.*;

import dev.roundhouse.model.GameRound;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the ClickHouse of the local stack (CLICKHOUSE_URL, default http://127.0.0.1:18123), in throwaway databases. */
class ClickHouseClientIT {
    static ClickHouseClient ch;
    static final ConcurrentLinkedQueue<String> databases = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void connect() {
        String url = System.getenv().getOrDefault("CLICKHOUSE_URL", "http://127.0.0.1:18123");
        ch = new ClickHouseClient(URI.create(url), System.getenv().getOrDefault("CLICKHOUSE_USER", "default"),
                System.getenv().getOrDefault("CLICKHOUSE_PASSWORD", ""));
        assertTrue(ch.ping(), "ClickHouse must run at " + url + " (make stack)");
    }

    @AfterAll
    static void cleanUp() {
        for (String db : databases) ch.execute("DROP DATABASE IF EXISTS " + db);
        ch.close();
    }

    static String freshDatabase() {
        String db = "rh_test_" + Long.toHexString(new Random().nextLong() & Long.MAX_VALUE);
        databases.add(db);
        return db;
    }

    static String migratedDatabase() {
        String db = freshDatabase();
        Migrations.apply(ch, db);
        return db;
    }

    // ---- errors ----

    @Test
    void syntaxErrorIs400WithCode62() {
        var e = assertThrows(ClickHouseException.class, () -> ch.execute("SELEC 1"));
        assertEquals(400, e.httpStatus());
        assertEquals(62, e.code());
        assertTrue(e.getMessage().contains("Syntax error"), e.getMessage());
        assertFalse(e.retryable());
        assertFalse(e instanceof ClickHouseUnavailableException);
    }

    @Test
    void unknownTableIsCode60() {
        var e = assertThrows(ClickHouseException.class, () -> ch.queryLong("SELECT count() FROM system.no_such_table"));
        assertEquals(60, e.code());
        assertEquals(404, e.httpStatus());
        var q = assertThrows(ClickHouseException.class, () -> ch.query("SELECT * FROM system.no_such_table", in -> null));
        assertEquals(60, q.code());
        var i = assertThrows(ClickHouseException.class,
                () -> ch.insert("system.no_such_table", "x", w -> w.writeInt64(1)));
        assertEquals(60, i.code());
    }

    @Test
    void serverErrorDuringExecutionIsNotA200() {
        // throwIf fails in the middle of the result: wait_end_of_query=1 turns it into a proper error status
        var e = assertThrows(ClickHouseException.class, () -> ch.query(
                "SELECT throwIf(number = 100000) FROM system.numbers LIMIT 200000", in -> {
                    while (in.hasMore()) in.readUInt8();
                    return null;
                }));
        assertTrue(e.httpStatus() >= 400, "status " + e.httpStatus());
        assertEquals(395, e.code());
    }

    @Test
    void unreachableServerIsUnavailable() {
        try (var dead = new ClickHouseClient(URI.create("http://127.0.0.1:1"), "default", "", Duration.ofSeconds(2))) {
            assertFalse(dead.ping());
            var e = assertThrows(ClickHouseUnavailableException.class, () -> dead.execute("SELECT 1"));
            assertTrue(e.retryable());
            assertThrows(ClickHouseUnavailableException.class, () -> dead.queryLong("SELECT 1"));
            assertThrows(ClickHouseUnavailableException.class, () -> dead.insert("a.b", "x", w -> w.writeInt64(1)));
        }
    }

    @Test
    void wrongPasswordIsAnAuthError() {
        try (var bad = new ClickHouseClient(URI.create(System.getenv().getOrDefault("CLICKHOUSE_URL", "http://127.0.0.1:18123")),
                "default", "wrong-password")) {
            var e = assertThrows(ClickHouseException.class, () -> bad.queryLong("SELECT 1"));
            assertTrue(e.httpStatus() == 401 || e.httpStatus() == 403 || e.httpStatus() == 500, "status " + e.httpStatus());
            // 18.16: 193 WRONG_PASSWORD; 26.7: 194 REQUIRED_PASSWORD for a user without a password ("Authentication
            // failed"), 516 AUTHENTICATION_FAILED for one with a password.
            assertTrue(Set.of(193, 194, 516).contains(e.code()), "code " + e.code());
        }
    }

    // ---- queries ----

    @Test
    void scalarsAndQuoting() {
        assertEquals(42, ch.queryLong("SELECT 42"));
        assertEquals(-7, ch.queryLong("SELECT toInt64(-7);"));
        assertEquals(Long.MAX_VALUE, ch.queryLong("SELECT toInt64(9223372036854775807)"));
        for (String s : List.of("Play'n GO", "back\\slash", "tab\tnew\nline", "' OR 1=1 --", "日本 😀", "\\'")) {
            String back = ch.query("SELECT " + ClickHouseClient.quote(s), in -> in.readString());
            assertEquals(s, back);
        }
        assertThrows(IllegalStateException.class, () -> ch.queryLong("SELECT 1 WHERE 0"));
    }

    @Test
    void rowBinaryTypesFromTheServer() {
        long[] got = ch.query("SELECT toUInt8(200), toUInt16(60000), toUInt32(4000000000), toInt64(-5), "
                + "toDateTime('2024-03-01 12:34:56', 'UTC'), toDecimal64(-12.5, 4), CAST(NULL AS Nullable(Decimal(18, 4))), "
                + "toDecimal128('-99999999999999999999.1234', 4), toFloat64(0.25), toUInt64(18446744073709551615)", in -> new long[] {
                in.readUInt8(), in.readUInt16(), in.readUInt32(), in.readInt64(), in.readDateTime(), in.readDecimal64(),
                in.readNullableDecimal64(GameRound.MISSING), in.readDecimal128().toString().length(),
                (long) (in.readFloat64() * 100), in.readUInt64()});
        assertArrayEquals(new long[] {200, 60000, 4000000000L, -5, 1709296496L, -125000, GameRound.MISSING,
                "-999999999999999999991234".length(), 25, -1}, got);
        long rows = ch.query("SELECT number FROM system.numbers LIMIT 300000", in -> {
            long n = 0, sum = 0;
            while (in.hasMore()) {
                sum += in.readUInt64();
                n++;
            }
            assertEquals(300000L * 299999 / 2, sum);
            return n;
        });
        assertEquals(300000, rows);
    }

    // ---- migrations ----

    @Test
    void migrationsTwiceEqualOnce() {
        String db = freshDatabase();
        var first = Migrations.apply(ch, db);
        assertEquals(Migrations.load().size(), first.size());
        assertEquals(List.of(), Migrations.apply(ch, db));
        assertEquals(first.size(), Migrations.appliedVersions(ch, db).size());
        assertEquals(first.size(), ch.queryLong("SELECT count() FROM " + db + ".schema_migrations"));
        for (String t : List.of("game_rounds", "hourly_by_player", "hourly_by_game", "hourly_by_player_mv", "hourly_by_game_mv", "schema_migrations")) {
            assertEquals(1, ch.queryLong("SELECT count() FROM system.tables WHERE database = " + ClickHouseClient.quote(db)
                    + " AND name = " + ClickHouseClient.quote(t)), t);
        }
    }

    @Test
    void migrationsFromTwoProcessesAtOnce() throws Exception {
        String db = freshDatabase();
        try (var pool = Executors.newFixedThreadPool(2)) {
            List<Future<List<Migrations.Migration>>> fs = new ArrayList<>();
            for (int i = 0; i < 2; i++) fs.add(pool.submit(() -> Migrations.apply(ch, db)));
            for (var f : fs) f.get();
        }
        assertEquals(List.of(), Migrations.apply(ch, db));
        assertEquals(Migrations.load().size(), Migrations.appliedVersions(ch, db).size());
    }

    // ---- game rounds ----

    @Test
    void gameRoundsRoundTripExactly() {
        String db = migratedDatabase();
        var rows = new ArrayList<GameRound>();
        rows.add(round(1_700_000_000_000L, 1, "872de53a900f3250ae5649ea19e5c0d1", 12345, 500, GameRound.MISSING, 0, GameRound.MISSING, "Book of Dead", "Play'n GO"));
        rows.add(round(0, 2, "u", 1, 999_999_999_999_999_999L, -999_999_999_999_999_999L, 1, -1, "ünïcödé 日本 😀", "back\\slash, \"quoted\""));
        rows.add(round(4_294_967_295_000L, 3, "", Long.MIN_VALUE, GameRound.MISSING, GameRound.MISSING, GameRound.MISSING, GameRound.MISSING, "", ""));
        rows.add(round(1_700_003_600_999L, Long.MAX_VALUE, "x", Long.MAX_VALUE, 1, 2, 3, 4, "n", "p"));
        ch.insert(GameRoundRows.table(db), GameRoundRows.COLUMNS, w -> {
            for (int i = 0; i < rows.size(); i++) GameRoundRows.write(w, rows.get(i), "upload-" + i, i, 1000 + i);
        });
        var back = ch.query("SELECT " + GameRoundRows.ROUND_COLUMNS + ", upload_id, _partition, _offset FROM "
                + GameRoundRows.table(db) + " ORDER BY _offset", in -> {
            var out = new ArrayList<GameRound>();
            int i = 0;
            while (in.hasMore()) {
                var g = new GameRound();
                GameRoundRows.read(in, g);
                assertEquals("upload-" + i, in.readString());
                assertEquals(i, in.readInt32());
                assertEquals(1000 + i, in.readInt64());
                out.add(g);
                i++;
            }
            return out;
        });
        assertEquals(rows.size(), back.size());
        for (int i = 0; i < rows.size(); i++) {
            var a = rows.get(i);
            var b = back.get(i);
            assertEquals(a.createdMillis / 1000 * 1000, b.createdMillis);
            assertEquals(a.gameInstanceId, b.gameInstanceId);
            assertEquals(a.userId(), b.userId());
            assertEquals(a.gameId, b.gameId);
            assertEquals(a.realAmountBet, b.realAmountBet);
            assertEquals(a.bonusAmountBet, b.bonusAmountBet);
            assertEquals(a.realAmountWin, b.realAmountWin);
            assertEquals(a.bonusAmountWin, b.bonusAmountWin);
            assertEquals(a.gameName, b.gameName);
            assertEquals(a.provider, b.provider);
        }
        // text view of the extremes, as ClickHouse itself prints them
        assertEquals("99999999999999.9999\t-99999999999999.9999\t\\N", ch.queryText("SELECT real_amount_bet, bonus_amount_bet, "
                + "CAST(NULL AS Nullable(Decimal(18, 4))) FROM " + GameRoundRows.table(db) + " WHERE game_instance_id = 2"));
        assertEquals(1003, ch.queryLong("SELECT max(_offset) FROM " + GameRoundRows.table(db) + " WHERE _partition = 3"));
    }

    @Test
    void failingBodyInsertsNothing() {
        String db = migratedDatabase();
        var g = round(1_700_000_000_000L, 1, "u", 1, 1, 1, 1, 1, "g", "p");
        var e = assertThrows(IllegalStateException.class, () -> ch.insert(GameRoundRows.table(db), GameRoundRows.COLUMNS, w -> {
            for (int i = 0; i < 50_000; i++) GameRoundRows.write(w, g, "u1", 0, i);
            throw new IllegalStateException("encoder failed");
        }));
        assertEquals("encoder failed", e.getMessage());
        assertEquals(0, ch.queryLong("SELECT count() FROM " + GameRoundRows.table(db)));
        // the client is still usable afterwards
        ch.insert(GameRoundRows.table(db), GameRoundRows.COLUMNS, w -> GameRoundRows.write(w, g, "u2", 0, 0));
        assertEquals(1, ch.queryLong("SELECT count() FROM " + GameRoundRows.table(db)));
    }

    @Test
    void bufferedInsert() {
        String db = migratedDatabase();
        var w = new RowBinaryWriter();
        for (int i = 0; i < 1000; i++) GameRoundRows.write(w, round(1_700_000_000_000L + i * 1000L, i, "u" + i % 7, i % 3, i, GameRound.MISSING, i, 0, "g", "p"), "up", 1, i);
        ch.insert(GameRoundRows.table(db), GameRoundRows.COLUMNS, w);
        assertEquals(1000, ch.queryLong("SELECT count() FROM " + GameRoundRows.table(db)));
        assertEquals(999L * 1000 / 2, ch.queryLong("SELECT toInt64(sum(real_amount_bet) * 10000) FROM " + GameRoundRows.table(db)));
    }

    // ---- aggregates ----

    record Key(long hour, String userId, long gameId) {}

    static final class Sums {
        long rounds, realBet, bonusBet, realWin, bonusWin;

        void add(GameRound r) {
            rounds++;
            realBet += r.realAmountBet == GameRound.MISSING ? 0 : r.realAmountBet;
            bonusBet += r.bonusAmountBet == GameRound.MISSING ? 0 : r.bonusAmountBet;
            realWin += r.realAmountWin == GameRound.MISSING ? 0 : r.realAmountWin;
            bonusWin += r.bonusAmountWin == GameRound.MISSING ? 0 : r.bonusAmountWin;
        }

        List<Long> list() {
            return List.of(rounds, realBet, bonusBet, realWin, bonusWin);
        }
    }

    /** The documented read of an hourly aggregate table (queries/README.md). */
    static Map<Key, List<Long>> readAggregates(String table) {
        return ch.query("""
                SELECT hour, user_id, game_id,
                       countMerge(rounds)          AS round_count,
                       sumMerge(real_amount_bet)   AS real_bet_sum,
                       sumMerge(bonus_amount_bet)  AS bonus_bet_sum,
                       sumMerge(real_amount_win)   AS real_win_sum,
                       sumMerge(bonus_amount_win)  AS bonus_win_sum
                FROM %s
                GROUP BY hour, user_id, game_id
                """.formatted(table), in -> {
            var m = new HashMap<Key, List<Long>>();
            while (in.hasMore()) {
                var k = new Key(in.readDateTime(), in.readString(), in.readInt64());
                m.put(k, List.of(in.readUInt64(), in.readDecimal128AsLong(), in.readDecimal128AsLong(),
                        in.readDecimal128AsLong(), in.readDecimal128AsLong()));
            }
            return m;
        });
    }

    static Map<Key, List<Long>> expected(List<GameRound> rows, int times) {
        var m = new HashMap<Key, Sums>();
        for (int t = 0; t < times; t++) {
            for (var r : rows) {
                m.computeIfAbsent(new Key(Math.floorDiv(r.createdMillis, 3_600_000L) * 3600, r.userId(), r.gameId), k -> new Sums()).add(r);
            }
        }
        var out = new HashMap<Key, List<Long>>();
        m.forEach((k, v) -> out.put(k, v.list()));
        return out;
    }

    @Test
    void aggregatesStayExactAcrossMergesAndAddUp() {
        String db = migratedDatabase();
        var random = new Random(7);
        var rows = new ArrayList<GameRound>();
        String[] users = new String[12];
        for (int i = 0; i < users.length; i++) users[i] = String.format("%032x", random.nextLong() & Long.MAX_VALUE);
        long start = 1_717_200_000_000L; // 2024-06-01
        for (int i = 0; i < 5000; i++) {
            rows.add(round(start + random.nextLong(12 * 3_600_000L), 20_000 + i, users[random.nextInt(users.length)],
                    10_000 + random.nextInt(4), amount(random), amount(random), amount(random),
                    random.nextInt(10) == 0 ? 999_999_999_999_999L : amount(random), "Game " + i % 8, "Play'n GO"));
        }
        // three inserts (three parts → several aggregate rows per key before merges)
        insertAll(db, rows.subList(0, 1700), 0);
        insertAll(db, rows.subList(1700, 3400), 1700);
        insertAll(db, rows.subList(3400, 5000), 3400);
        var once = expected(rows, 1);
        assertTrue(once.size() < 600, "keys repeat across inserts: " + once.size());
        assertEquals(once, readAggregates(db + ".hourly_by_player"));
        assertEquals(once, readAggregates(db + ".hourly_by_game"));

        ch.execute("OPTIMIZE TABLE " + db + ".hourly_by_player FINAL");
        ch.execute("OPTIMIZE TABLE " + db + ".hourly_by_game FINAL");
        assertEquals(once.size(), ch.queryLong("SELECT count() FROM " + db + ".hourly_by_player"), "one row per key after merge");
        assertEquals(once, readAggregates(db + ".hourly_by_player"));
        assertEquals(once, readAggregates(db + ".hourly_by_game"));

        // the same keys again: aggregates add up, never replace
        insertAll(db, rows, 5000);
        var twice = expected(rows, 2);
        assertEquals(twice, readAggregates(db + ".hourly_by_player"));
        ch.execute("OPTIMIZE TABLE " + db + ".hourly_by_player FINAL");
        ch.execute("OPTIMIZE TABLE " + db + ".hourly_by_game FINAL");
        assertEquals(twice, readAggregates(db + ".hourly_by_player"));
        assertEquals(twice, readAggregates(db + ".hourly_by_game"));
        assertEquals(10_000, ch.queryLong("SELECT count() FROM " + GameRoundRows.table(db)));

        // a player lookup as the API does it, with a literal built from a validated value
        var anyKey = once.keySet().iterator().next();
        long rounds = ch.queryLong("SELECT countMerge(rounds) FROM " + db + ".hourly_by_player WHERE user_id = "
                + ClickHouseClient.quote(anyKey.userId()) + " AND hour = toDateTime(" + anyKey.hour() + ", 'UTC') AND game_id = " + anyKey.gameId());
        assertEquals(twice.get(anyKey).get(0), rounds);
    }

    static void insertAll(String db, List<GameRound> rows, long firstOffset) {
        ch.insert(GameRoundRows.table(db), GameRoundRows.COLUMNS, w -> {
            long o = firstOffset;
            for (var r : rows) GameRoundRows.write(w, r, "upload", 0, o++);
        });
    }

    static long amount(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> GameRound.MISSING;
            case 1 -> 500; // 0.05
            case 2 -> 125_000; // 12.50
            default -> r.nextLong(100_000_000L);
        };
    }

    static GameRound round(long millis, long instance, String user, long game, long rb, long bb, long rw, long bw, String name, String provider) {
        var g = new GameRound();
        g.createdMillis = millis;
        g.gameInstanceId = instance;
        g.userId(user);
        g.gameId = game;
        g.realAmountBet = rb;
        g.bonusAmountBet = bb;
        g.realAmountWin = rw;
        g.bonusAmountWin = bw;
        g.gameName = name;
        g.provider = provider;
        return g;
    }
}
