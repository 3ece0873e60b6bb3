#!/usr/bin/env python3
"""Collects one `make bench` run into bench/results/latest.json, prints the table, compares with bench/baseline.json.

Stdlib only. Inputs are the pieces run.sh wrote: the primary profile's stats.json, JMH's JSON, and per generator
profile the anchors' JSON and the end-to-end JSON (anchors-<profile>.json, e2e-<profile>.json), and the memory
run's (e2e-memory.json). Figures not
measured are null. Every figure is printed with its anchor and its bar; the bars are stated in bench/README.md.

Regressions: a figure is flagged when it is more than THRESHOLD (15 %) worse than the baseline for the
same row count, in its own direction (rows/s higher is better, seconds and milliseconds lower is better).
Anchors (the machine's own tools) are flagged too, but only as context: a slower anchor means a slower
machine, so with BENCH_STRICT=1 only our figures (and our ratios to the anchors) fail the run, unless
BENCH_STRICT_ANCHORS=1.
"""
import argparse
import json
import os
import sys
import time

THRESHOLD = 0.15
HIGHER, LOWER, INFO = "higher", "lower", "info"
FULL_ROWS = 2_101_934


def figure(direction, unit, anchor=None, bar=None, is_anchor=False):
    """anchor: what the figure is measured against (text); bar: (op, limit, applies_to_full_file_only)."""
    return {"direction": direction, "unit": unit, "anchor": anchor, "bar": bar, "is_anchor": is_anchor}


# The bars are stated in bench/README.md ("Bars"); a figure of one generator profile ends in _<profile>.
COMMON = {
    "rows":                            figure(INFO, "rows"),
    "clickhouse_version":              figure(INFO, ""),
    "load_average_1m":                 figure(INFO, ""),
    "avg_avro_bytes":                  figure(INFO, "B"),
    "parse_rows_per_s":                figure(HIGHER, "rows/s"),
    "parse_mb_per_s":                  figure(HIGHER, "MB/s"),
    "reader_rows_per_s":               figure(HIGHER, "rows/s"),
    "encoder_rows_per_s":              figure(HIGHER, "rows/s"),
    "fastcsv_rows_per_s":              figure(HIGHER, "rows/s", is_anchor=True),
    "fastcsv_mb_per_s":                figure(HIGHER, "MB/s", is_anchor=True),
    "parse_speedup_vs_fastcsv":        figure(HIGHER, "x", "FastCSV, same bytes (JMH)", (">=", 3.0, False)),
    "upload_rows_per_s":               figure(HIGHER, "rows/s"),
    "upload_mb_per_s":                 figure(HIGHER, "MB/s"),
    "upload_cold_rows_per_s":          figure(HIGHER, "rows/s"),
    "upload_s":                        figure(LOWER, "s"),
    "producer_perf_rows_per_s":        figure(HIGHER, "rows/s", is_anchor=True),
    "kcat_rows_per_s":                 figure(HIGHER, "rows/s", is_anchor=True),
    "kcat_no_transaction_rows_per_s":  figure(HIGHER, "rows/s", is_anchor=True),
    "upload_vs_producer_perf":         figure(HIGHER, "x", "(a) ProducerPerformance"),
    "upload_vs_kcat":                  figure(HIGHER, "x", "(b) kcat, same payloads", (">=", 1.0, False)),
    "raw_mb":                          figure(INFO, "MB"),
    "gz_mb":                           figure(INFO, "MB"),
    "zst_mb":                          figure(INFO, "MB"),
    "upload_raw_s":                    figure(LOWER, "s", "loopback"),
    "upload_gzip_s":                   figure(LOWER, "s", "loopback"),
    "upload_zstd_s":                   figure(LOWER, "s", "loopback"),
    "upload_raw_100mbit_s":            figure(LOWER, "s", "100 Mbit/s"),
    "upload_gzip_100mbit_s":           figure(LOWER, "s", "100 Mbit/s"),
    "upload_zstd_100mbit_s":           figure(LOWER, "s", "100 Mbit/s"),
    "aggregates_p50_ms":               figure(LOWER, "ms"),
    "aggregates_p99_ms":               figure(LOWER, "ms"),
    "aggregates_p50_ms_50_clients":    figure(LOWER, "ms"),
    "aggregates_p99_ms_50_clients":    figure(LOWER, "ms", bar=("<=", 10.0, False)),
    "service_peak_rss_mb":             figure(LOWER, "MB"),
    "memory_rows_ingested":            figure(HIGHER, "rows", "-Xmx256m, piped", (">=", 10_000_000, True)),
    "memory_upload_s":                 figure(LOWER, "s", "-Xmx256m, piped"),
    "memory_ingest_s":                 figure(LOWER, "s", "-Xmx256m"),
    "memory_peak_rss_mb":              figure(LOWER, "MB", "-Xmx256m"),
}
# per profile; bars that hold for one profile only are in PROFILE_BARS
PER_PROFILE = {
    "groups_per_row":                  figure(INFO, "groups/row"),
    "clickhouse_csv_insert_s":         figure(LOWER, "s", "(c) plain table", is_anchor=True),
    "clickhouse_insert_with_views_s":  figure(LOWER, "s", "(d) our schema", is_anchor=True),
    "schema_cost":                     figure(LOWER, "x", "(d) / (c)"),
    "ingest_to_clickhouse_s":          figure(LOWER, "s"),
    "ingest_vs_clickhouse_with_views": figure(LOWER, "x", "(d) our schema"),
    "reconcile_s":                     figure(LOWER, "s", bar=("<=", 4.0, True)),
}
PROFILE_BARS = {
    ("ingest_to_clickhouse_s", "session"): ("<=", 3.0, True),
    ("ingest_vs_clickhouse_with_views", "independent"): ("<=", 1.0, False),
    ("schema_cost", "independent"): ("<=", 1.5, False),
}
UPLOAD_FIGURES = ("upload_rows_per_s", "upload_mb_per_s", "upload_cold_rows_per_s", "upload_s", "aggregates_p50_ms",
                  "aggregates_p99_ms", "aggregates_p50_ms_50_clients", "aggregates_p99_ms_50_clients",
                  "service_peak_rss_mb", "raw_mb", "gz_mb", "zst_mb", "upload_raw_s", "upload_gzip_s", "upload_zstd_s",
                  "upload_raw_100mbit_s", "upload_gzip_100mbit_s", "upload_zstd_100mbit_s")


def figures_for(profiles):
    out = dict(COMMON)
    for p in profiles:
        for k, f in PER_PROFILE.items():
            out[f"{k}_{p}"] = dict(f, bar=PROFILE_BARS.get((k, p), f["bar"]))
    return out


def load(path):
    if not path or not os.path.exists(path):
        return {}
    with open(path) as f:
        text = f.read().strip()
    return json.loads(text) if text else {}


def ratio(a, b):
    return round(a / b, 3) if a is not None and b not in (None, 0) else None


def jmh_scores(path):
    """{method name: rows/s} from JMH's JSON (scores are rows/s: @OperationsPerInvocation = rows)."""
    out = {}
    if not path or not os.path.exists(path):
        return out
    with open(path) as f:
        text = f.read().strip()
    for r in (json.loads(text) if text else []):
        out[r["benchmark"].rsplit(".", 1)[1]] = r["primaryMetric"]["score"]
    return out


def fmt(v, unit=""):
    if v is None:
        return "—"
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, str):
        return v
    if isinstance(v, float) and abs(v) < 0.1:
        return f"{v:.3g}"
    if isinstance(v, float) and abs(v) < 100:
        return f"{v:,.2f}"
    return f"{v:,.0f}"


def collect(a, profiles, figures):
    """Every figure of this run (None when not measured) and the raw inputs."""
    primary = profiles[0]
    stats, jmh = load(a.stats), jmh_scores(a.jmh)
    anchors = {p: load(os.path.join(a.results, f"anchors-{p}.json")) for p in profiles}
    e2e = {p: load(os.path.join(a.results, f"e2e-{p}.json")) for p in profiles}
    memory = load(os.path.join(a.results, "e2e-memory.json"))
    bytes_per_jmh_row = stats["jmh_bytes"] / stats["jmh_rows"] if stats.get("jmh_rows") else None

    def mb(rows_per_s, bytes_per_row):
        return round(rows_per_s * bytes_per_row / 1e6, 1) if rows_per_s and bytes_per_row else None

    r = {k: None for k in figures}
    r["rows"] = a.rows
    r["clickhouse_version"] = a.clickhouse_version
    r["load_average_1m"] = round(os.getloadavg()[0], 1)
    r["avg_avro_bytes"] = stats.get("avg_avro_bytes")
    r["parse_rows_per_s"] = jmh.get("ourReaderEncoder")
    r["reader_rows_per_s"] = jmh.get("ourReader")
    r["encoder_rows_per_s"] = jmh.get("ourEncoder")
    r["fastcsv_rows_per_s"] = jmh.get("fastcsv")
    r["parse_mb_per_s"] = mb(r["parse_rows_per_s"], bytes_per_jmh_row)
    r["fastcsv_mb_per_s"] = mb(r["fastcsv_rows_per_s"], bytes_per_jmh_row)
    r["parse_speedup_vs_fastcsv"] = ratio(r["parse_rows_per_s"], r["fastcsv_rows_per_s"])
    for k in ("producer_perf_rows_per_s", "kcat_rows_per_s", "kcat_no_transaction_rows_per_s"):
        r[k] = anchors[primary].get(k)
    for k in UPLOAD_FIGURES:
        r[k] = e2e[primary].get(k)
    r["upload_vs_producer_perf"] = ratio(r["upload_rows_per_s"], r["producer_perf_rows_per_s"])
    r["upload_vs_kcat"] = ratio(r["upload_rows_per_s"], r["kcat_rows_per_s"])
    r["memory_rows_ingested"] = memory.get("rows_ingested")
    r["memory_upload_s"] = memory.get("upload_s")
    r["memory_ingest_s"] = memory.get("ingest_to_clickhouse_s")
    r["memory_peak_rss_mb"] = memory.get("service_peak_rss_mb")
    for p in profiles:
        plain, views = anchors[p].get("clickhouse_csv_insert_s"), anchors[p].get("clickhouse_insert_with_views_s")
        r[f"groups_per_row_{p}"] = anchors[p].get("groups_per_row")
        r[f"clickhouse_csv_insert_s_{p}"] = plain
        r[f"clickhouse_insert_with_views_s_{p}"] = views
        r[f"schema_cost_{p}"] = ratio(views, plain)
        r[f"ingest_to_clickhouse_s_{p}"] = e2e[p].get("ingest_to_clickhouse_s")
        r[f"ingest_vs_clickhouse_with_views_{p}"] = ratio(r[f"ingest_to_clickhouse_s_{p}"], views)
        r[f"reconcile_s_{p}"] = e2e[p].get("reconcile_s")
    return r, {"jmh": jmh, "anchors": anchors, "e2e": e2e, "memory": memory, "data": stats}


def judge(figures, r, base, rows):
    """Table rows, and the figures that regressed (ours, anchors) or missed their bar."""
    regressions, anchor_regressions, misses, table = [], [], [], []
    for k, f in figures.items():
        v, b = r[k], base.get(k)
        change, flag = "", ""
        if f["direction"] != INFO and isinstance(v, (int, float)) and isinstance(b, (int, float)) and b != 0:
            delta = (v - b) / b
            change = f"{delta:+.0%}"
            worse = -delta if f["direction"] == HIGHER else delta
            if worse > THRESHOLD:
                flag = "REGRESSED" + (" (anchor)" if f["is_anchor"] else "")
                (anchor_regressions if f["is_anchor"] else regressions).append(k)
        bar_txt = ""
        if f["bar"]:
            op, limit, full_only = f["bar"]
            bar_txt = f"{op} {limit:,g}" if limit < 1e6 else f"{op} {limit:,.0f}"
            if full_only and rows != FULL_ROWS:
                bar_txt += " (full file)"
            elif v is not None:
                ok = v >= limit if op == ">=" else v <= limit
                bar_txt += " ok" if ok else " MISS"
                if not ok:
                    misses.append(k)
            else:
                bar_txt += " not measured"
        name = k + (" *" if f["is_anchor"] else "")
        table.append((name, fmt(v), f["unit"], f["anchor"] or "", fmt(b), change, bar_txt, flag))
    return table, regressions, anchor_regressions, misses


def print_table(a, base, table):
    heads = ("figure (* = anchor)", "value", "unit", "anchor", "baseline", "change", "bar", "")
    widths = [max(len(str(x[i])) for x in table + [heads]) for i in range(len(heads))]
    right = (1, 4, 5)
    line = lambda cells: "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                                   for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    print()
    print(f"roundhouse bench — {a.rows:,} rows{' (QUICK)' if a.quick else ''}, profiles {a.profiles}, "
          f"ClickHouse {a.clickhouse_version}, baseline: " + ("same row count" if base else f"none for {a.rows} rows"))
    print(line(heads))
    print(line(["-" * w for w in widths]))
    for row in table:
        print(line(row))
    print()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, required=True)
    p.add_argument("--stats")
    p.add_argument("--jmh")
    p.add_argument("--results", required=True, help="folder of anchors-<profile>.json and e2e-<profile>.json")
    p.add_argument("--profiles", default="session independent", help="generator profiles, the primary first")
    p.add_argument("--clickhouse-version", default="unknown")
    p.add_argument("--baseline", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--update-baseline", action="store_true")
    a = p.parse_args()

    profiles = a.profiles.split()
    figures = figures_for(profiles)
    r, details = collect(a, profiles, figures)
    baseline_all = load(a.baseline)
    base = baseline_all.get("runs", {}).get(str(a.rows), {})
    table, regressions, anchor_regressions, misses = judge(figures, r, base, a.rows)

    result = dict(r)
    result.update(quick=a.quick, profiles=profiles, time=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                  details=details, regressions=regressions, anchor_regressions=anchor_regressions, bars_missed=misses)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")

    print_table(a, base, table)
    print(f"written: {a.out}")
    if regressions or anchor_regressions:
        print(f"regressed > {THRESHOLD:.0%}: {', '.join(regressions + [x + ' (anchor)' for x in anchor_regressions])}")
    if misses:
        print(f"bars missed: {', '.join(misses)}")

    if a.update_baseline:
        runs = baseline_all.setdefault("runs", {})
        runs[str(a.rows)] = {k: v for k, v in r.items() if isinstance(v, (int, float)) and k != "load_average_1m"}
        baseline_all.setdefault("note", "make bench figures per row count; update with BENCH_UPDATE_BASELINE=1 on the reference machine")
        with open(a.baseline, "w") as f:
            json.dump(baseline_all, f, indent=2, sort_keys=True)
            f.write("\n")
        print(f"baseline for {a.rows} rows updated: {a.baseline}")

    strict = os.environ.get("BENCH_STRICT") == "1"
    failing = regressions + (anchor_regressions if os.environ.get("BENCH_STRICT_ANCHORS") == "1" else [])
    if strict and failing:
        print("BENCH_STRICT=1: failing on regressions", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
