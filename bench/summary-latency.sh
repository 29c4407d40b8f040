#!/usr/bin/env bash
# Latency and throughput of Patient/$summary on PostgreSQL, with 1 and then 16 concurrent clients,
# asked by an out-of-hours GP for patients with permissions, on the population of
# bench/lookup-overhead.sh (loaded anew, or reused with BENCH_REUSE=1).
# usage: bench/summary-latency.sh [patients, default 10000] [requests per client count, default 1000]
set -euo pipefail
BENCH_MODE=summary exec "$(dirname "${BASH_SOURCE[0]}")/lookup-overhead.sh" "${1:-10000}" "${2:-1000}"
