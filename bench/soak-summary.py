#!/usr/bin/env python3
"""A soak run as Markdown: per interval the requests, failures, p50/p99, resident memory, database size
and the rows of the tables that grow with traffic; then whether memory and the stored-search tables
stayed within their bounds once warm. Exits 1 when a request failed or a bound was exceeded.

usage: soak-summary.py OUT_DIR GATLING_REPORT INTERVAL_SECONDS WARM_UP_MINUTES EXPIRY_S OWNERS_S CLEANUP_S
OUT_DIR holds samples.csv (bench/soak.sh) and timings.csv (SoakSimulation); EXPIRY_S is the stored searches'
expiry, OWNERS_S and CLEANUP_S the owners' retention and cleanup interval the server ran with.
"""
import csv
import json
import pathlib
import re
import sys

# Resident memory may rise this much after the warm-up: the heap is capped (-Xmx1g) and has grown by
# then, so what is left is metaspace, code cache and GC bookkeeping settling; a leak outside the heap
# or in threads grows steadily past it.
RSS_BOUND = 1.10
# The stored searches and their owners, per request of the last few minutes, may end at most this much
# above their level once warm. With retention they hold the searches of those minutes, whatever the
# throughput; without it they would grow with the run's length (twice for ten minutes after a
# five-minute warm-up).
TABLE_BOUND = 1.5
# The window the tables are measured against: about what retention keeps.
WINDOW_S = 240
# HAPI deletes, every minute, the searches made more than the expiry plus a minute's slack ago; the
# server deletes owners every cleanup interval. So the oldest row may be that much older than its
# retention, plus this margin for the job's own run and the sample.
AGE_MARGIN_S = 30
HAPI_CLEANUP_S = 60
HAPI_SLACK_S = 60

out, report, interval, warm_up = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
expiry_s, owners_s, cleanup_s = int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
samples = [{k: int(v) for k, v in row.items()} for row in csv.DictReader(open(out / "samples.csv"))]
timings = []
with open(out / "timings.csv") as f:
    for row in csv.DictReader(f):
        timings.append((int(row["end_ms"]), row["ok"] == "1", int(row["ms"]), row["request"]))
# Timings are wall-clock milliseconds; samples count seconds from the start of the load.
start_ms = (samples[0]["epoch"] - samples[0]["seconds"]) * 1000


def percentile(values, p):
    if not values:
        return 0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * len(values) + 0.5)) - 1)]


def gatling_failures():
    text = (report / "js" / "stats.js").read_text()
    text = re.sub(r'([{,]\s*)([A-Za-z_]\w*)\s*:', r'\1"\2":', text[text.index("{"):])
    stats, _ = json.JSONDecoder().raw_decode(text)
    total = stats["stats"]["numberOfRequests"]
    return int(total["ok"]), int(total["ko"])


mib = 1024 * 1024
ok_total = sum(1 for t in timings if t[1])
ko_total = len(timings) - ok_total
gatling_ok, gatling_ko = gatling_failures()
print("## Requests")
print()
print(f"{len(timings):,} requests timed, {ko_total} failed; Gatling's own count: {gatling_ok:,} ok, {gatling_ko} failed.")
print()
print("| request | count | failed | p50 ms | p99 ms |")
print("|---|---|---|---|---|")
for name in sorted({t[3] for t in timings}):
    rows = [t for t in timings if t[3] == name]
    times = [t[2] for t in rows if t[1]]
    print(f"| {name} | {len(rows):,} | {sum(1 for t in rows if not t[1])} | {percentile(times, 50)} | {percentile(times, 99)} |")
print()
print(f"## Per {interval} s interval")
print()
print("Rows and sizes at the end of each interval; hfj_search and sp_search_owner are held by the search"
      " expiry and the owners' retention, the audit trail is kept for its term (years) by design, and"
      " resources are the records pushed and the permissions given.")
print()
print("| min | requests | failed | req/s | p50 ms | p99 ms | RSS MiB | DB MiB | stored searches MiB | hfj_search | oldest s"
      " | hfj_search_result | sp_search_owner | oldest s | sp_audit_event | sp_audit_patient_view | hfj_resource |")
print("|" + "---|" * 17)
previous = 0
for s in samples:
    end = s["seconds"]
    rows = [t for t in timings if previous * 1000 < t[0] - start_ms <= end * 1000] if end > previous else []
    times = [t[2] for t in rows if t[1]]
    span = max(end - previous, 1)
    print(f"| {end / 60:.1f} | {len(rows):,} | {sum(1 for t in rows if not t[1])} | {len(rows) / span:.1f} |"
          f" {percentile(times, 50)} | {percentile(times, 99)} | {s['rss_mib']} | {s['db_bytes'] / mib:.0f} |"
          f" {s['search_bytes'] / mib:.1f} | {s['hfj_search']:,} | {s['oldest_search_s']} | {s['hfj_search_result']:,} |"
          f" {s['sp_search_owner']:,} | {s['oldest_owner_s']} |"
          f" {s['sp_audit_event']:,} | {s['sp_audit_patient_view']:,} | {s['hfj_resource']:,} |")
    previous = end

warm = next((s for s in samples if s["seconds"] >= warm_up * 60), samples[-1])
first, last = samples[0], samples[-1]
middle = min(samples, key=lambda s: abs(s["seconds"] - last["seconds"] / 2))
after = [s for s in samples if s["seconds"] >= warm["seconds"]]
print()
print("## Start, middle, end")
print()
print("| | min | RSS MiB | DB MiB | stored searches MiB | stored searches' dead rows | hfj_search | sp_search_owner | sp_audit_event | hfj_resource |")
print("|---|---|---|---|---|---|---|---|---|---|")
for label, s in (("start", first), ("warm", warm), ("middle", middle), ("end", last)):
    print(f"| {label} | {s['seconds'] / 60:.1f} | {s['rss_mib']} | {s['db_bytes'] / mib:.0f} | {s['search_bytes'] / mib:.1f} |"
          f" {s['search_dead_rows']:,} |"
          f" {s['hfj_search']:,} | {s['sp_search_owner']:,} | {s['sp_audit_event']:,} | {s['hfj_resource']:,} |")

writes = last["hfj_resource"] - warm["hfj_resource"]
events = last["sp_audit_event"] - warm["sp_audit_event"]
grown = (last["db_bytes"] - warm["db_bytes"]) / mib
print()
print(f"After the warm-up ({warm['seconds'] / 60:.1f} min) the database grew by {grown:.0f} MiB while {writes:,} resources"
      f" and {events:,} audit events were added ({grown * 1000 / max(writes + events, 1):.1f} MiB per 1,000 rows):"
      " records and the audit trail are kept by design, so the database grows with the writes; the stored"
      " searches are what retention must hold.")
print()


def requests_before(sample):
    """Requests answered in the WINDOW_S before the sample."""
    end = sample["seconds"] * 1000
    return max(sum(1 for t in timings if end - WINDOW_S * 1000 < t[0] - start_ms <= end), 1)


search_age = expiry_s + HAPI_SLACK_S + HAPI_CLEANUP_S + AGE_MARGIN_S
owner_age = owners_s + cleanup_s + AGE_MARGIN_S
checks = [
    ("failed requests", ko_total + gatling_ko, 0, ko_total + gatling_ko == 0),
    (f"resident memory, highest after warm-up / at warm-up (bound {RSS_BOUND})",
     max(s["rss_mib"] for s in after) / warm["rss_mib"], RSS_BOUND, None),
    (f"oldest stored search after warm-up, s (bound {search_age})", max(s["oldest_search_s"] for s in after), search_age, None),
    (f"oldest page owner after warm-up, s (bound {owner_age})", max(s["oldest_owner_s"] for s in after), owner_age, None),
]
for table in ("hfj_search", "sp_search_owner", "search_bytes"):
    ratio = (last[table] / requests_before(last)) / max(warm[table] / requests_before(warm), 1e-9)
    checks.append((f"{table} per request of the last {WINDOW_S} s, at the end / at warm-up (bound {TABLE_BOUND})",
                   ratio, TABLE_BOUND, None))
print("| check | value | within bound |")
print("|---|---|---|")
failed = False
for name, value, bound, verdict in checks:
    held = verdict if verdict is not None else value <= bound
    failed |= not held
    print(f"| {name} | {value:.2f} | {'yes' if held else 'NO'} |" if isinstance(value, float)
          else f"| {name} | {value} | {'yes' if held else 'NO'} |")
print()
sys.exit(1 if failed else 0)
