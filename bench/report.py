#!/usr/bin/env python3
"""Collects one `make bench` run into bench/results/latest.json, prints the table, compares with bench/baseline.json.

Stdlib only. Inputs are the pieces run.sh wrote: the prepared data's stats.json, JMH's JSON, the anchors'
JSON and (when the end-to-end hook ran) e2e.json. Figures not measured are null.

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

# key: (direction, unit, is_anchor, bar)  bar = (op, value, applies_to_full_file_only)
FIGURES = {
    "rows":                            (INFO, "rows", False, None),
    "avg_avro_bytes":                  (INFO, "B", False, None),
    "parse_rows_per_s":                (HIGHER, "rows/s", False, None),
    "parse_mb_per_s":                  (HIGHER, "MB/s", False, None),
    "reader_rows_per_s":               (HIGHER, "rows/s", False, None),
    "encoder_rows_per_s":              (HIGHER, "rows/s", False, None),
    "fastcsv_rows_per_s":              (HIGHER, "rows/s", True, None),
    "fastcsv_mb_per_s":                (HIGHER, "MB/s", True, None),
    "parse_speedup_vs_fastcsv":        (HIGHER, "x", False, (">=", 3.0, False)),
    "upload_rows_per_s":               (HIGHER, "rows/s", False, None),
    "upload_mb_per_s":                 (HIGHER, "MB/s", False, None),
    "upload_cold_rows_per_s":          (HIGHER, "rows/s", False, None),
    "upload_s":                        (LOWER, "s", False, ("<=", 3.5, True)),
    "producer_perf_rows_per_s":        (HIGHER, "rows/s", True, None),
    "kcat_rows_per_s":                 (HIGHER, "rows/s", True, None),
    "kcat_no_transaction_rows_per_s":  (HIGHER, "rows/s", True, None),
    "upload_vs_producer_perf":         (HIGHER, "x", False, (">=", 0.9, False)),
    "upload_vs_kcat":                  (HIGHER, "x", False, None),
    "ingest_to_clickhouse_s":          (LOWER, "s", False, ("<=", 3.0, True)),
    "clickhouse_csv_insert_rows_per_s": (HIGHER, "rows/s", True, None),
    "clickhouse_insert_with_views_s":  (LOWER, "s", True, None),
    "ingest_vs_clickhouse_with_views": (LOWER, "x", False, None),
    "aggregates_p50_ms":               (LOWER, "ms", False, None),
    "aggregates_p99_ms":               (LOWER, "ms", False, None),
    "aggregates_p50_ms_50_clients":    (LOWER, "ms", False, None),
    "aggregates_p99_ms_50_clients":    (LOWER, "ms", False, ("<=", 20.0, False)),
    "reconcile_s":                     (LOWER, "s", False, ("<=", 8.0, True)),
    "service_peak_rss_mb":             (LOWER, "MB", False, None),
}
FULL_ROWS = 2_101_934


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
    if isinstance(v, float) and abs(v) < 100:
        return f"{v:,.2f}"
    return f"{v:,.0f}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, required=True)
    p.add_argument("--stats")
    p.add_argument("--jmh")
    p.add_argument("--anchors")
    p.add_argument("--e2e")
    p.add_argument("--baseline", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--update-baseline", action="store_true")
    a = p.parse_args()

    stats, anchors, e2e = load(a.stats), load(a.anchors), load(a.e2e)
    jmh = jmh_scores(a.jmh)
    bytes_per_jmh_row = stats["jmh_bytes"] / stats["jmh_rows"] if stats.get("jmh_rows") else None

    def mb(rows_per_s, bytes_per_row):
        return round(rows_per_s * bytes_per_row / 1e6, 1) if rows_per_s and bytes_per_row else None

    r = {k: None for k in FIGURES}
    r["rows"] = a.rows
    r["avg_avro_bytes"] = stats.get("avg_avro_bytes")
    r["parse_rows_per_s"] = jmh.get("ourReaderEncoder")
    r["reader_rows_per_s"] = jmh.get("ourReader")
    r["encoder_rows_per_s"] = jmh.get("ourEncoder")
    r["fastcsv_rows_per_s"] = jmh.get("fastcsv")
    r["parse_mb_per_s"] = mb(r["parse_rows_per_s"], bytes_per_jmh_row)
    r["fastcsv_mb_per_s"] = mb(r["fastcsv_rows_per_s"], bytes_per_jmh_row)
    r["parse_speedup_vs_fastcsv"] = ratio(r["parse_rows_per_s"], r["fastcsv_rows_per_s"])
    for k in ("producer_perf_rows_per_s", "kcat_rows_per_s", "kcat_no_transaction_rows_per_s",
              "clickhouse_csv_insert_rows_per_s", "clickhouse_insert_with_views_s"):
        r[k] = anchors.get(k)
    for k in ("upload_rows_per_s", "upload_mb_per_s", "upload_cold_rows_per_s", "upload_s", "ingest_to_clickhouse_s", "aggregates_p50_ms",
              "aggregates_p99_ms", "aggregates_p50_ms_50_clients", "aggregates_p99_ms_50_clients", "reconcile_s", "service_peak_rss_mb"):
        r[k] = e2e.get(k)
    r["upload_vs_producer_perf"] = ratio(r["upload_rows_per_s"], r["producer_perf_rows_per_s"])
    r["upload_vs_kcat"] = ratio(r["upload_rows_per_s"], r["kcat_rows_per_s"])
    r["ingest_vs_clickhouse_with_views"] = ratio(r["ingest_to_clickhouse_s"], r["clickhouse_insert_with_views_s"])

    details = {"jmh": jmh, "anchors": anchors, "e2e": e2e, "data": stats}
    result = dict(r)
    result["quick"] = a.quick
    result["time"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    result["details"] = details

    baseline_all = load(a.baseline)
    base = baseline_all.get("runs", {}).get(str(a.rows), {})

    regressions, anchor_regressions, misses = [], [], []
    rows_out = []
    for k, (direction, unit, is_anchor, bar) in FIGURES.items():
        v, b = r[k], base.get(k)
        change, flag = "", ""
        if direction != INFO and v is not None and b not in (None, 0):
            delta = (v - b) / b
            change = f"{delta:+.0%}"
            worse = -delta if direction == HIGHER else delta
            if worse > THRESHOLD:
                flag = "REGRESSED" + (" (anchor)" if is_anchor else "")
                (anchor_regressions if is_anchor else regressions).append(k)
        bar_txt = ""
        if bar:
            op, limit, full_only = bar
            bar_txt = f"{op} {limit:g}"
            if full_only and a.rows != FULL_ROWS:
                bar_txt += " (full file)"
            elif v is not None:
                ok = v >= limit if op == ">=" else v <= limit
                bar_txt += " ok" if ok else " MISS"
                if not ok:
                    misses.append(k)
        rows_out.append((k + (" *" if is_anchor else ""), fmt(v), unit, fmt(b), change, bar_txt, flag))
    result["regressions"] = regressions
    result["anchor_regressions"] = anchor_regressions
    result["bars_missed"] = misses

    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")

    heads = ("figure (* = anchor)", "value", "unit", "baseline", "change", "bar", "")
    widths = [max(len(str(x[i])) for x in rows_out + [heads]) for i in range(len(heads))]
    line = lambda cells: "  ".join(str(c).rjust(w) if 0 < i < 5 else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    print()
    print(f"roundhouse bench — {a.rows:,} rows{' (QUICK)' if a.quick else ''}, baseline: "
          + ("same row count" if base else f"none for {a.rows} rows"))
    print(line(heads))
    print(line(["-" * w for w in widths]))
    for row in rows_out:
        print(line(row))
    print()
    print(f"written: {a.out}")
    if regressions or anchor_regressions:
        print(f"regressed > {THRESHOLD:.0%}: {', '.join(regressions + [x + ' (anchor)' for x in anchor_regressions])}")

    if a.update_baseline:
        runs = baseline_all.setdefault("runs", {})
        runs[str(a.rows)] = {k: v for k, v in r.items() if v is not None}
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
