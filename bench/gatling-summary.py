#!/usr/bin/env python3
"""One Gatling run as a Markdown table: per request, count, failures, p50/p95/p99 and throughput.

usage: gatling-summary.py REPORT_DIR CLIENTS PHASE_SECONDS "RSS_MIB ..."
Throughput is a request's successful count over its phase's length (the phases run one after the
other, so Gatling's own mean rate over the whole run would understate it). Warm-up requests are left out.
"""
import json
import re
import pathlib
import sys

report, clients, seconds, rss = pathlib.Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
# The report keeps its figures in js/stats.js: a JavaScript object literal, JSON but for unquoted keys.
text = (report / "js" / "stats.js").read_text()
text = re.sub(r'([{,]\s*)([A-Za-z_]\w*)\s*:', r'\1"\2":', text[text.index("{"):])
stats, _ = json.JSONDecoder().raw_decode(text)


def requests(node):
    if node.get("type") == "REQUEST":
        yield node["stats"]
    for child in (node.get("contents") or {}).values():
        yield from requests(child)


rows = [s for s in requests(stats) if not s["name"].startswith("warm-up")]
print(f"## {clients} concurrent client(s), {seconds:.0f} s per phase")
print()
print(f"Report: `{report}/index.html`. Server resident memory after the run: {rss} MiB.")
print()
print("| request | ok | failed | p50 ms | p95 ms | p99 ms | requests/s |")
print("|---|---|---|---|---|---|---|")
by_name = {}
for s in rows:
    ok, ko = int(s["numberOfRequests"]["ok"]), int(s["numberOfRequests"]["ko"])
    p50, p95, p99 = (float(s[f"percentiles{i}"]["ok"]) if ok else 0.0 for i in (1, 2, 3))
    by_name[s["name"]] = (p50, p95, p99)
    print(f"| {s['name']} | {ok} | {ko} | {p50:.0f} | {p95:.0f} | {p99:.0f} | {ok / seconds:.1f} |")
enforced = next((v for k, v in by_name.items() if "(enforced)" in k), None)
baseline = next((v for k, v in by_name.items() if "(baseline)" in k), None)
if enforced and baseline and all(baseline):
    print()
    print(f"Ratio enforced / holder baseline: p50 {enforced[0] / baseline[0]:.2f}, "
          f"p95 {enforced[1] / baseline[1]:.2f}, p99 {enforced[2] / baseline[2]:.2f}")
print()
