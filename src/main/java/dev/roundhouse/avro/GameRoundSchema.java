package dev.roundhouse.avro;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;

/**
 * The Avro schema of a game round, {@code schemas/game_round.avsc} on the classpath, loaded once.
 * Subjects follow Confluent's TopicNameStrategy: the value schema of topic {@code t} is registered
 * under {@code t-value}.
 */
public final class GameRoundSchema {
    /** Classpath location of the schema (the build copies {@code schemas/} into the jar). */
    public static final String RESOURCE = "schemas/game_round.avsc";

    private static final String JSON = load();
    private static final Schema SCHEMA = new Schema.Parser().parse(JSON);

    private GameRoundSchema() {}

    /** The schema text exactly as shipped (what is registered). */
    public static String json() {
        return JSON;
    }

    /** The parsed schema (immutable, shared). */
    public static Schema schema() {
        return SCHEMA;
    }

    /** Confluent TopicNameStrategy subject of a topic's record values: {@code topic + "-value"}. */
    public static String subjectFor(String topic) {
        return topic + "-value";
    }

    private static String load() {
        try (InputStream in = GameRoundSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
