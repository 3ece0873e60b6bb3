package dev.roundhouse.clickhouse;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class QuoteAndMigrationsTest {

    @Test
    void quoteEscapesBackslashAndQuote() {
        assertEquals("'Play\\'n GO'", ClickHouseClient.quote("Play'n GO"));
        assertEquals("'a\\\\b'", ClickHouseClient.quote("a\\b"));
        assertEquals("'\\\\\\''", ClickHouseClient.quote("\\'"));
        assertEquals("''", ClickHouseClient.quote(""));
        assertEquals("'x\\ny\\t\\0'", ClickHouseClient.quote("x\ny\t\0"));
        assertEquals("'日本'", ClickHouseClient.quote("日本"));
    }

    @Test
    void identifiersAreValidated() {
        assertEquals("rh_test_1", ClickHouseClient.identifier("rh_test_1"));
        assertThrows(IllegalArgumentException.class, () -> ClickHouseClient.identifier("a; DROP"));
        assertThrows(IllegalArgumentException.class, () -> ClickHouseClient.identifier("1abc"));
        assertThrows(IllegalArgumentException.class, () -> ClickHouseClient.identifier("a.b"));
    }

    @Test
    void everyMigrationFileIsListedInOrder() throws Exception {
        var onDisk = migrationFiles(Path.of("queries"));
        var listed = Migrations.load().stream().map(Migrations.Migration::name).collect(Collectors.toList());
        assertEquals(onDisk, listed, "queries/migrations.txt must list every NNN_*.sql file, in order");
    }

    /** The NNN_*.sql file names in {@code dir}, sorted. */
    static List<String> migrationFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{3}_.*\\.sql")).sorted().toList();
        }
    }

    @Test
    void databaseIsSubstitutedAsAWholeWord() {
        var m = new Migrations.Migration(9, "009_x.sql",
                "CREATE TABLE IF NOT EXISTS game_data.t AS game_data.game_rounds -- not game_data_x or xgame_data");
        assertEquals("CREATE TABLE IF NOT EXISTS rh_t.t AS rh_t.game_rounds -- not game_data_x or xgame_data", m.sqlFor("rh_t"));
        assertThrows(IllegalArgumentException.class, () -> m.sqlFor("bad name"));
        for (var mig : Migrations.load()) {
            assertFalse(mig.sqlFor("other_db").contains("game_data"), mig.name());
            assertTrue(mig.sql().contains("IF NOT EXISTS"), mig.name() + " must be idempotent");
            assertFalse(mig.sql().contains(";"), mig.name() + " must hold one statement");
        }
    }

    @Test
    void trailingSemicolonIsDropped() {
        assertEquals("SELECT 1", Migrations.statement("x", "SELECT 1;\n"));
        assertThrows(IllegalStateException.class, () -> Migrations.statement("x", " ;\n"));
    }
}
