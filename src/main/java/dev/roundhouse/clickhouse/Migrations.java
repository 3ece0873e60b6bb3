package dev.roundhouse.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the ClickHouse schema: the files listed, in order, in {@code queries/migrations.txt} on the
 * classpath (the list works from inside the jar, where directories cannot be listed). Each file
 * {@code NNN_name.sql} holds exactly one statement and names the database {@code game_data}, which
 * is replaced by the target database. Applied versions are recorded in
 * {@code <database>.schema_migrations}; a version found there is never run again.
 *
 * <p>Every statement is idempotent ({@code CREATE … IF NOT EXISTS}), so two processes starting at
 * once may both run a migration without harm; the duplicate record collapses in the
 * ReplacingMergeTree and reads use DISTINCT. New migrations must keep that property.
 *
 * <p>Cluster mode: the same files run on every shard (local tables and MVs), then the files listed in
 * {@code queries/cluster/migrations.txt} (Distributed tables over them, versions from 101) run on
 * every shard too; they name the cluster {@code roundhouse} as the first argument of
 * {@code Distributed(…)}, replaced by the configured cluster.
 */
public final class Migrations {
    public static final String DEFAULT_DATABASE = "game_data";
    private static final String DIRECTORY = "queries/";
    private static final String CLUSTER_DIRECTORY = "queries/cluster/";
    private static final String INDEX = "migrations.txt";
    private static final Pattern FILE = Pattern.compile("(\\d{3})_([a-z0-9_]+)\\.sql");
    private static final Pattern DATABASE_WORD = Pattern.compile("\\bgame_data\\b");
    private static final Pattern CLUSTER_ARGUMENT = Pattern.compile("\\bDistributed\\(\\s*roundhouse\\s*,");

    /** One migration file: version (its number), name (the file name) and its SQL with game_data as database. */
    public record Migration(int version, String name, String sql) {
        public String sqlFor(String database) {
            return DATABASE_WORD.matcher(sql).replaceAll(Matcher.quoteReplacement(ClickHouseClient.identifier(database)));
        }

        /** {@link #sqlFor(String)}, and the cluster named in {@code Distributed(roundhouse, …)} replaced by {@code cluster}. */
        public String sqlFor(String database, String cluster) {
            String replacement = "Distributed(" + ClickHouseClient.identifier(cluster) + ",";
            return CLUSTER_ARGUMENT.matcher(sqlFor(database)).replaceAll(Matcher.quoteReplacement(replacement));
        }
    }

    private Migrations() {}

    /** Every migration in the classpath's list, in order. */
    public static List<Migration> load() {
        return load(DIRECTORY);
    }

    /** The cluster-only migrations (Distributed tables), in order. */
    public static List<Migration> loadCluster() {
        return load(CLUSTER_DIRECTORY);
    }

    private static List<Migration> load(String directory) {
        String index = resource(directory + INDEX);
        var out = new ArrayList<Migration>();
        int last = 0;
        for (String raw : index.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            Matcher m = FILE.matcher(line);
            if (!m.matches()) throw new IllegalStateException(directory + INDEX + ": not a migration file name: " + line);
            int version = Integer.parseInt(m.group(1));
            if (version <= last) throw new IllegalStateException(directory + INDEX + ": versions must increase: " + line);
            last = version;
            out.add(new Migration(version, line, statement(line, resource(directory + line))));
        }
        return List.copyOf(out);
    }

    /**
     * Applies, in order, each migration not yet recorded in {@code database.schema_migrations}.
     * Returns the migrations run now (empty when the schema was up to date).
     */
    public static List<Migration> apply(ClickHouseClient ch, String database) {
        ClickHouseClient.identifier(database);
        return apply(ch, database, load(), m -> m.sqlFor(database));
    }

    /**
     * Applies the cluster-only migrations (Distributed tables of {@code cluster}) on one shard, after
     * {@link #apply(ClickHouseClient, String)} has created its local tables. Returns the migrations run now.
     */
    public static List<Migration> applyCluster(ClickHouseClient ch, String database, String cluster) {
        ClickHouseClient.identifier(database);
        ClickHouseClient.identifier(cluster);
        return apply(ch, database, loadCluster(), m -> m.sqlFor(database, cluster));
    }

    private static List<Migration> apply(ClickHouseClient ch, String database, List<Migration> all,
                                         Function<Migration, String> sqlOf) {
        Set<Integer> applied = appliedVersions(ch, database);
        var ran = new ArrayList<Migration>();
        var unrecorded = new ArrayList<Migration>();
        for (Migration m : all) {
            if (applied.contains(m.version())) continue;
            try {
                ch.execute(sqlOf.apply(m));
            } catch (ClickHouseException e) {
                throw new IllegalStateException("migration " + m.name() + " failed: " + e.getMessage(), e);
            }
            ran.add(m);
            unrecorded.add(m);
            // the first migrations create the database and schema_migrations itself: record them once it exists
            if (record(ch, database, unrecorded)) unrecorded.clear();
        }
        if (!unrecorded.isEmpty()) {
            throw new IllegalStateException("migrations ran but " + database + ".schema_migrations does not exist to record them");
        }
        return ran;
    }

    /** Versions recorded in {@code database.schema_migrations}; empty if the database or table is missing. */
    public static Set<Integer> appliedVersions(ClickHouseClient ch, String database) {
        try {
            return ch.query("SELECT DISTINCT version FROM " + database + ".schema_migrations", in -> {
                var s = new HashSet<Integer>();
                while (in.hasMore()) s.add((int) in.readUInt32());
                return s;
            });
        } catch (ClickHouseException e) {
            if (isMissing(e)) return Set.of();
            throw e;
        }
    }

    private static boolean record(ClickHouseClient ch, String database, List<Migration> ms) {
        var sql = new StringBuilder("INSERT INTO ").append(database).append(".schema_migrations (version, name, applied_at) VALUES ");
        for (int i = 0; i < ms.size(); i++) {
            if (i > 0) sql.append(", ");
            sql.append('(').append(ms.get(i).version()).append(", ").append(ClickHouseClient.quote(ms.get(i).name())).append(", now())");
        }
        try {
            ch.execute(sql.toString());
            return true;
        } catch (ClickHouseException e) {
            if (isMissing(e)) return false;
            throw e;
        }
    }

    /** 60 unknown table, 81 unknown database. */
    private static boolean isMissing(ClickHouseException e) {
        return e.code() == 60 || e.code() == 81;
    }

    /** The file's one statement, without a trailing semicolon. */
    static String statement(String name, String text) {
        String s = text.strip();
        while (s.endsWith(";")) s = s.substring(0, s.length() - 1).strip();
        if (s.isEmpty()) throw new IllegalStateException(name + " is empty");
        return s;
    }

    private static String resource(String path) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing classpath resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
