package dev.roundhouse.api;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The service's metrics, written in the Prometheus text exposition format (version 0.0.4) by {@link #write}.
 * Parts either record into a {@link Counter} or {@link Histogram} made here, or register a function that
 * reads a value they keep themselves ({@link #counter(String, String, LongSupplier)},
 * {@link #gauge(String, String, DoubleSupplier)}), e.g. the sink:
 * {@code metrics.gauge("roundhouse_sink_lag_records", "records not yet in ClickHouse", sink::lag)}.
 * Label values are escaped; keep their cardinality small (route templates, not paths).
 */
public final class Metrics {
    /** Latency buckets in seconds, from a cache-hit lookup to a multi-GB upload. */
    static final double[] LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300};

    private final Map<String, Family> families = new ConcurrentSkipListMap<>();

    /** A counter with these label names; one time series per distinct label values. */
    public Counter counter(String name, String help, String... labelNames) {
        return (Counter) register(new Counter(name, help, labelNames));
    }

    /** A histogram with these (ascending) upper bounds and label names. */
    public Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
        return (Histogram) register(new Histogram(name, help, buckets.clone(), labelNames));
    }

    /** A counter whose value another part keeps (it must never decrease). */
    public void counter(String name, String help, LongSupplier value) {
        register(new Sampled(name, help, "counter", value::getAsLong));
    }

    /** A gauge read when the metrics are scraped. */
    public void gauge(String name, String help, DoubleSupplier value) {
        register(new Sampled(name, help, "gauge", value));
    }

    /** All families, sorted by name, in the Prometheus text format. */
    public String write() {
        var out = new StringBuilder(4096);
        for (Family f : families.values()) {
            out.append("# HELP ").append(f.name).append(' ').append(f.help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
            out.append("# TYPE ").append(f.name).append(' ').append(f.type).append('\n');
            f.writeSamples(out);
        }
        return out.toString();
    }

    private Family register(Family family) {
        if (!family.name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("invalid metric name " + family.name);
        }
        if (families.putIfAbsent(family.name, family) != null) {
            throw new IllegalArgumentException("metric " + family.name + " registered twice");
        }
        return family;
    }

    abstract static class Family {
        final String name;
        final String help;
        final String type;

        Family(String name, String help, String type) {
            this.name = name;
            this.help = help;
            this.type = type;
        }

        abstract void writeSamples(StringBuilder out);
    }

    /** Series of one labelled family, keyed by their label values. */
    abstract static class Labelled<S> extends Family {
        private final String[] labelNames;
        private final Map<LabelValues, S> series = new ConcurrentHashMap<>();

        Labelled(String name, String help, String type, String[] labelNames) {
            super(name, help, type);
            this.labelNames = labelNames.clone();
        }

        S series(String[] values, Supplier<S> create) {
            if (values.length != labelNames.length) {
                throw new IllegalArgumentException(name + " takes labels " + Arrays.toString(labelNames));
            }
            return series.computeIfAbsent(new LabelValues(values.clone()), k -> create.get());
        }

        @Override
        final void writeSamples(StringBuilder out) {
            series.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> writeSeries(out, e.getKey().values, e.getValue()));
        }

        abstract void writeSeries(StringBuilder out, String[] values, S series);

        /** {@code {a="x",b="y"}} plus an optional extra label (the histogram's {@code le}); empty when no labels. */
        final void labels(StringBuilder out, String[] values, String extraName, String extraValue) {
            if (values.length == 0 && extraName == null) {
                return;
            }
            out.append('{');
            for (int i = 0; i < values.length; i++) {
                label(out.append(i > 0 ? "," : ""), labelNames[i], values[i]);
            }
            if (extraName != null) {
                label(out.append(values.length > 0 ? "," : ""), extraName, extraValue);
            }
            out.append('}');
        }

        private static void label(StringBuilder out, String name, String value) {
            out.append(name).append("=\"")
                    .append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
    }

    @SuppressWarnings("ArrayRecordComponent") // private key type with its own equals/hashCode over the array
    private record LabelValues(String[] values) implements Comparable<LabelValues> {
        @Override
        public boolean equals(Object o) {
            return o instanceof LabelValues l && Arrays.equals(values, l.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public int compareTo(LabelValues o) {
            return Arrays.compare(values, o.values);
        }
    }

    /** A monotonically increasing count per label values. */
    public static final class Counter extends Labelled<LongAdder> {
        Counter(String name, String help, String[] labelNames) {
            super(name, help, "counter", labelNames);
        }

        public void inc(String... labelValues) {
            add(1, labelValues);
        }

        public void add(long amount, String... labelValues) {
            series(labelValues, LongAdder::new).add(amount);
        }

        @Override
        void writeSeries(StringBuilder out, String[] values, LongAdder count) {
            out.append(name);
            labels(out, values, null, null);
            out.append(' ').append(count.sum()).append('\n');
        }
    }

    /** Observations counted into cumulative buckets, with their sum and count, per label values. */
    public static final class Histogram extends Labelled<Histogram.Buckets> {
        private final double[] bounds;

        Histogram(String name, String help, double[] bounds, String[] labelNames) {
            super(name, help, "histogram", labelNames);
            for (int i = 1; i < bounds.length; i++) {
                if (bounds[i] <= bounds[i - 1]) throw new IllegalArgumentException(name + ": buckets must ascend");
            }
            this.bounds = bounds;
        }

        public void observe(double value, String... labelValues) {
            Buckets b = series(labelValues, () -> new Buckets(bounds.length));
            int i = 0;
            while (i < bounds.length && value > bounds[i]) i++;
            b.counts[i].increment(); // i == bounds.length is the +Inf bucket
            b.sum.add(value);
        }

        @Override
        void writeSeries(StringBuilder out, String[] values, Buckets b) {
            long cumulative = 0;
            for (int i = 0; i <= bounds.length; i++) {
                cumulative += b.counts[i].sum();
                out.append(name).append("_bucket");
                labels(out, values, "le", i < bounds.length ? number(bounds[i]) : "+Inf");
                out.append(' ').append(cumulative).append('\n');
            }
            out.append(name).append("_sum");
            labels(out, values, null, null);
            out.append(' ').append(number(b.sum.sum())).append('\n');
            out.append(name).append("_count");
            labels(out, values, null, null);
            out.append(' ').append(cumulative).append('\n');
        }

        static final class Buckets {
            final LongAdder[] counts;
            final DoubleAdder sum = new DoubleAdder();

            Buckets(int bounds) {
                counts = new LongAdder[bounds + 1];
                Arrays.setAll(counts, i -> new LongAdder());
            }
        }
    }

    private static final class Sampled extends Family {
        private final DoubleSupplier value;

        Sampled(String name, String help, String type, DoubleSupplier value) {
            super(name, help, type);
            this.value = value;
        }

        @Override
        void writeSamples(StringBuilder out) {
            out.append(name).append(' ').append(number(value.getAsDouble())).append('\n');
        }
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
