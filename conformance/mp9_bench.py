#!/usr/bin/env python3
"""The cost of enforcement on the MP9 queries: every distinct search the Serving scripts sent, timed as
the treating professional of another organisation (enforced: permissions, role matrix, window, second
line) and as the holder's own system (its own data, nothing narrowed away), in pairs in alternating
order so that both meet the same caches. Prints median and p99 of each and their ratio, overall and
per resource type, and writes them as JSON.

Standard library only. Called by conformance/mp9.sh when MP9_BENCH names a number of rounds.
"""
import argparse
import json
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


def searches(report_path):
    """The distinct GET searches of a runner report, in the order they were first sent."""
    with open(report_path, encoding="utf-8") as report:
        data = json.load(report)
    seen = []
    for script in data.get("scripts", []):
        for check in script.get("asserts", []):
            request = check.get("request") or ""
            if request.startswith("GET ") and "?" in request and request[4:] not in seen:
                seen.append(request[4:])
    return seen


def timed_get(url, token):
    started = time.perf_counter()
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + token,
                                                   "Accept": "application/fhir+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
        status = response.status
    elapsed = time.perf_counter() - started
    entries = len(json.loads(body).get("entry", []))
    return elapsed * 1000, status, entries


def percentile(values, fraction):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(len(ordered) * fraction + 0.999999) - 1))
    return ordered[index]


def summary(enforced, holder):
    result = {
        "requests": len(enforced),
        "enforced_median_ms": statistics.median(enforced), "enforced_p99_ms": percentile(enforced, 0.99),
        "holder_median_ms": statistics.median(holder), "holder_p99_ms": percentile(holder, 0.99),
    }
    result["ratio_median"] = result["enforced_median_ms"] / result["holder_median_ms"]
    result["ratio_p99"] = result["enforced_p99_ms"] / result["holder_p99_ms"]
    return result


def line(label, s):
    return (f"{label:<26} {s['requests']:>6}  enforced {s['enforced_median_ms']:7.1f} / {s['enforced_p99_ms']:7.1f} ms"
            f"   holder {s['holder_median_ms']:7.1f} / {s['holder_p99_ms']:7.1f} ms"
            f"   ratio {s['ratio_median']:.2f} / {s['ratio_p99']:.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--report", required=True, help="the runner's report of the Serving scripts")
    parser.add_argument("--reader-token", required=True)
    parser.add_argument("--holder-token", required=True)
    parser.add_argument("--rounds", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    urls = searches(args.report)
    if not urls:
        print("mp9_bench: no searches in " + args.report, file=sys.stderr)
        return 2
    # One warm-up round each: the first request of a kind compiles and caches.
    for url in urls:
        timed_get(url, args.reader_token)
        timed_get(url, args.holder_token)
    enforced, holder, per_type = [], [], {}
    fewer = 0
    for round_number in range(args.rounds):
        for url in urls:
            order = [("enforced", args.reader_token), ("holder", args.holder_token)]
            if round_number % 2:
                order.reverse()
            times = {}
            for who, token in order:
                millis, status, entries = timed_get(url, token)
                if status != 200:
                    print(f"mp9_bench: {who} got {status} for {url}", file=sys.stderr)
                    return 2
                times[who] = (millis, entries)
            if times["enforced"][1] < times["holder"][1]:
                fewer += 1
            enforced.append(times["enforced"][0])
            holder.append(times["holder"][0])
            kind = urllib.parse.urlparse(url).path.rsplit("/", 1)[-1]
            pair = per_type.setdefault(kind, ([], []))
            pair[0].append(times["enforced"][0])
            pair[1].append(times["holder"][0])

    result = {"searches": len(urls), "rounds": args.rounds, "overall": summary(enforced, holder),
              "answers_with_fewer_entries_enforced": fewer,
              "per_type": {kind: summary(*pair) for kind, pair in sorted(per_type.items())}}
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=2)
    print(f"{len(urls)} distinct searches x {args.rounds} rounds, median / p99, enforced against the holder's own search")
    print(line("all", result["overall"]))
    for kind, s in result["per_type"].items():
        print(line(kind, s))
    print(f"answers in which the enforced search returned fewer entries than the holder's: {fewer}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
