package dev.roundhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages form a one-way stack: model, config and log at the bottom; the readers and writers of one format
 * (csv, avro, clickhouse) and the test-data generator above them; kafka, sink and reconcile above those; api on
 * top; the composition root (this package) wires them. A package imports only from layers below its own, and
 * only the composition root imports {@code generate}.
 */
class PackageLayersTest {
    private static final Path MAIN = Path.of("src/main/java/dev/roundhouse");
    private static final Map<String, Integer> LAYER = Map.ofEntries(
            Map.entry("model", 0), Map.entry("config", 0), Map.entry("log", 0),
            Map.entry("csv", 1), Map.entry("avro", 1), Map.entry("clickhouse", 1), Map.entry("generate", 1),
            Map.entry("kafka", 2), Map.entry("sink", 2), Map.entry("reconcile", 2),
            Map.entry("api", 3));
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.roundhouse\\.([a-z]+)\\.", Pattern.MULTILINE);

    @Test
    void everyImportPointsDown() throws IOException {
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = MAIN.relativize(file).getNameCount() > 1 ? MAIN.relativize(file).getName(0).toString() : "";
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    if (!allowed(from, m.group(1))) wrong.add(MAIN.relativize(file) + " imports " + m.group(1));
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyPackageHasALayer() throws IOException {
        try (Stream<Path> dirs = Files.list(MAIN)) {
            assertEquals(List.of(), dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .filter(p -> !LAYER.containsKey(p)).toList());
        }
    }

    private static boolean allowed(String from, String to) {
        if (from.equals(to)) return true;
        if (from.isEmpty()) return true; // the composition root wires everything
        if (to.equals("generate")) return false;
        return LAYER.getOrDefault(to, 99) < LAYER.getOrDefault(from, -1);
    }
}
