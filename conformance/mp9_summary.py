#!/usr/bin/env python3
"""Summarises the testscript-runner's JSON reports of an MP9 run (conformance/mp9.sh) per folder.

One row per folder of the Nictiz material (Step-x/Kind), per kind (Receiving, Serving) and per variant (json,
xml: the suffix of the script's file name), with scripts run and passed and asserts passed, failed and
skipped; the skipped asserts are split by why the runner skipped them:
  $purge             the load script's $purge calls, which the runner does not execute (the server does not
                     implement $purge either), so the asserts on their responses are not evaluated;
  validateProfileId  profile validation, which the runner does not do;
  stopped            asserts after a failed stopTestOnFail assert (a script stops at its first failed status
                     check) or a failed setup assert, which the runner does not evaluate;
  other              anything else the runner cannot evaluate (XPath, minimumId, unknown operators, ...).
A 5xx column counts distinct requests answered with a server error.

The load script runs twice (the first pass fails, by design, on references to resources the script PUTs
later); its first pass is shown but not counted in the totals or the verdict.

Usage: mp9_summary.py --out summary.txt [--runtime SECONDS] [--t DATE] [--permissions permissions.json]
                      [--server-log server.log] load=load.json receiving=receiving.json serving=serving.json
Prints the summary, writes it to --out, and exits 1 when a counted assert failed (or a report is missing), else 0.
"""

import argparse
import collections
import json
import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mp9_permissions  # noqa: E402

COLUMNS = ["scripts", "passed", "a.pass", "a.fail", "a.skip", "$purge", "valProf", "stopped", "other", "warn", "5xx"]


def skip_reason(message):
    message = message or ""
    if "$purge" in message:
        return "$purge"
    if message.startswith("validateProfileId"):
        return "valProf"
    if "stopTestOnFail" in message or "earlier setup assert failed" in message:
        return "stopped"
    return "other"


def new_counts():
    return collections.Counter({c: 0 for c in COLUMNS})


def folder_of(path):
    """('Step-3/MA', 'Serving', 'json') for .../Step-3/MA/Serving-MGB-MA/x-json.xml."""
    parts = path.replace("\\", "/").split("/")
    variant = "json" if parts[-1].endswith("-json.xml") else "xml" if parts[-1].endswith("-xml.xml") else "?"
    step = next((i for i, p in enumerate(parts) if p.startswith("Step-")), None)
    if step is not None and step + 2 < len(parts):
        return parts[step] + "/" + parts[step + 1], parts[step + 2].split("-")[0], variant
    return parts[-2], "?", variant


def count_script(counts, script, errors):
    counts["scripts"] += 1
    counts["passed"] += script["verdict"] == "PASS"
    counts["a.pass"] += script["passed"]
    counts["a.fail"] += script["failed"]
    counts["a.skip"] += script["skipped"]
    counts["warn"] += script.get("warnings", 0)
    seen = set()
    for a in script["asserts"]:
        if a["status"] == "SKIP":
            counts[skip_reason(a.get("message"))] += 1
        code = a.get("responseCode")
        if code and code >= 500 and a.get("request") not in seen:
            seen.add(a.get("request"))
            counts["5xx"] += 1
            errors.append((code, a.get("request"), a.get("message")))


def fmt_row(label, counts, width):
    return f"{label:<{width}}" + "".join(f"{counts[c]:>8}" for c in COLUMNS)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--runtime", type=int)
    parser.add_argument("--t")
    parser.add_argument("--permissions")
    parser.add_argument("--server-log")
    parser.add_argument("reports", nargs="+", help="phase=report.json")
    args = parser.parse_args()

    lines = []
    missing = []
    rows = collections.OrderedDict()      # label -> counts
    subtotals = collections.OrderedDict()  # label -> counts
    total = new_counts()
    errors = []
    failures = collections.Counter()
    phase_seconds = {}

    for spec in args.reports:
        phase, _, path = spec.partition("=")
        if not os.path.isfile(path):
            missing.append(f"{phase}: no report ({path}); the runner did not finish")
            continue
        with open(path) as f:
            report = json.load(f)
        phase_seconds[phase] = sum(s.get("millis", 0) for s in report["scripts"]) / 1000
        load_pass = 0
        for script in report["scripts"]:
            counted = True
            if phase == "load":
                load_pass += 1
                label = f"_LoadResources  Load      xml  pass {load_pass}"
                counted = load_pass > 1
                if not counted:
                    label += " (not counted)"
                sub = None
            else:
                folder, kind, variant = folder_of(script["file"])
                label = f"{folder:<15} {kind:<9} {variant:<4}"
                sub = f"{kind} {variant}"
            counts = rows.setdefault(label, new_counts())
            count_script(counts, script, errors if counted else [])
            if counted:
                for target in ([subtotals.setdefault(sub, new_counts())] if sub else []) + [total]:
                    count_script(target, script, [])
                first = script.get("firstFailure")
                if first:
                    # The reason without the assert's number and the scenario's name, to group alike failures.
                    reason = re.sub(r"^test '[^']*' assert #\d+ ", "", first)
                    reason = re.sub(r"\[([^\]]{100})[^\]]*\]?$", r"[\1...]", reason)
                    failures[(phase, reason[:230])] += 1

    total_label = "TOTAL (load pass 2, Receiving, Serving)"
    width = max([len(total_label)] + [len(label) for label in rows]) + 1
    header = f"{'folder          kind      var':<{width}}" + "".join(f"{c:>8}" for c in COLUMNS)
    title = "MP9 3.0.0-beta qualification TestScripts (Nictiz) against Schakelpunt"
    if args.t:
        title += f", T={args.t}"
    lines += [title, "", header, "-" * len(header)]
    for label, counts in rows.items():
        lines.append(fmt_row(label, counts, width))
    lines.append("-" * len(header))
    for label in sorted(subtotals):
        lines.append(fmt_row(f"subtotal {label}", subtotals[label], width))
    lines.append(fmt_row(total_label, total, width))
    lines.append("")
    lines.append("scripts/passed: TestScripts run / without a failed assert; a.pass/a.fail/a.skip: asserts; "
                 "$purge, valProf (validateProfileId), stopped, other: why skipped asserts were skipped"
                 " (see conformance/mp9_summary.py).")
    if phase_seconds:
        lines.append("runner time: " + ", ".join(f"{p} {s:.0f} s" for p, s in phase_seconds.items())
                     + (f"; whole run (build check, server start-up, stop) {args.runtime // 60} min {args.runtime % 60} s"
                        if args.runtime is not None else ""))
    if args.permissions and os.path.isfile(args.permissions):
        with open(args.permissions) as f:
            p = json.load(f)
        lines.append(mp9_permissions.describe(p))
        if p["patients"] == 0:
            lines.append("  NOTE: no permission recorded for any MP9 patient: the load stored no clinical data about them")
    if args.server_log and os.path.isfile(args.server_log):
        with open(args.server_log, errors="replace") as f:
            log_errors = sum(1 for line in f if " ERROR " in line)
        lines.append(f"server log: {log_errors} ERROR lines ({args.server_log})")
    if errors:
        lines.append(f"server errors (5xx), {len(errors)} requests; first ones:")
        for code, request, message in errors[:5]:
            lines.append(f"  {code} {request}  {(message or '')[:200]}")
    if failures:
        lines.append("")
        lines.append("most frequent first failures (scripts):")
        for (phase, reason), n in failures.most_common(12):
            lines.append(f"  {n:>4} {phase:<9} {reason}")
    for m in missing:
        lines.append("MISSING " + m)
    failed = total["a.fail"] > 0 or bool(missing)
    lines.append("")
    lines.append("RESULT: " + ("FAILED" if failed else "PASSED") +
                 f" ({total['a.fail']} failed asserts of {total['a.pass'] + total['a.fail']} evaluated,"
                 f" {total['a.skip']} skipped)")

    text = "\n".join(lines) + "\n"
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        f.write(text)
    sys.stdout.write(text)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
