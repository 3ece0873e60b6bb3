package dev.roundhouse.bench;

import dev.roundhouse.csv.RoundReader;
import dev.roundhouse.model.GameRound;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** The (player, UTC day) with the most rounds in a file: the heaviest realistic lookup of GET /aggregates. */
public record BusiestPlayerDay(String playerId, LocalDate day, long rounds) {
    private static final long DAY_MILLIS = 86_400_000L;

    public static BusiestPlayerDay of(Path csv) throws IOException {
        Map<String, Map<Long, long[]>> counts = new HashMap<>();
        try (var reader = RoundReader.open(new BufferedInputStream(Files.newInputStream(csv), 1 << 16), null)) {
            var round = new GameRound();
            while (reader.next(round, error -> {})) {
                long day = Math.floorDiv(round.createdMillis, DAY_MILLIS);
                counts.computeIfAbsent(round.userId(), p -> new HashMap<>()).computeIfAbsent(day, d -> new long[1])[0]++;
            }
        }
        BusiestPlayerDay best = null;
        for (var player : counts.entrySet()) {
            for (var day : player.getValue().entrySet()) {
                if (best == null || day.getValue()[0] > best.rounds) {
                    var date = LocalDate.ofInstant(Instant.ofEpochMilli(day.getKey() * DAY_MILLIS), ZoneOffset.UTC);
                    best = new BusiestPlayerDay(player.getKey(), date, day.getValue()[0]);
                }
            }
        }
        if (best == null) {
            throw new IOException("no valid rows in " + csv);
        }
        return best;
    }
}
