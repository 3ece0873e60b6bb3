package dev.roundhouse.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void writesCountersHistogramsAndSampledValuesInTheTextFormat() {
        var metrics = new Metrics();
        var requests = metrics.counter("t_requests_total", "requests", "route", "status");
        requests.inc("/uploads", "200");
        requests.add(2, "/uploads", "200");
        requests.inc("/a\"b\\c", "404");
        var latency = metrics.histogram("t_latency_seconds", "latency", new double[] {0.1, 1});
        latency.observe(0.05);
        latency.observe(0.5);
        latency.observe(7);
        metrics.gauge("t_lag", "lag", () -> 12);
        metrics.counter("t_inserted_total", "rows", () -> 5L);
        assertEquals("""
                # HELP t_inserted_total rows
                # TYPE t_inserted_total counter
                t_inserted_total 5
                # HELP t_lag lag
                # TYPE t_lag gauge
                t_lag 12
                # HELP t_latency_seconds latency
                # TYPE t_latency_seconds histogram
                t_latency_seconds_bucket{le="0.1"} 1
                t_latency_seconds_bucket{le="1"} 2
                t_latency_seconds_bucket{le="+Inf"} 3
                t_latency_seconds_sum 7.55
                t_latency_seconds_count 3
                # HELP t_requests_total requests
                # TYPE t_requests_total counter
                t_requests_total{route="/a\\"b\\\\c",status="404"} 1
                t_requests_total{route="/uploads",status="200"} 3
                """, metrics.write());
    }

    @Test
    void refusesDuplicateNamesAndWrongLabelCounts() {
        var metrics = new Metrics();
        var c = metrics.counter("t_total", "x", "a");
        assertThrows(IllegalArgumentException.class, () -> metrics.gauge("t_total", "y", () -> 1));
        assertThrows(IllegalArgumentException.class, () -> c.inc("1", "2"));
        assertThrows(IllegalArgumentException.class, () -> metrics.gauge("bad name", "y", () -> 1));
    }
}
