# Shared by conformance/run.sh and conformance/mp9.sh (sourced): waiting for a server they started, and
# tokens from the embedded profile's demo issuer.

# await_ready PID LOG PORT TIMEOUT: waits until the server's readiness probe answers (the demo data is loaded
# then: it loads in an ApplicationRunner, and readiness turns UP after all of them) and prints its port. PORT
# may be empty: the port the server chose is read from its log. Returns 1, with the log's last lines on
# stderr, when the server stops or is not ready in time.
await_ready() {
  local pid=$1 log=$2 port=$3 deadline=$((SECONDS + $4))
  until [[ -n $port ]] && curl -fs -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the server stopped; last lines of $log:" >&2; tail -n 40 "$log" >&2; return 1
    fi
    if (( SECONDS > deadline )); then
      echo "the server was not ready in time; last lines of $log:" >&2; tail -n 40 "$log" >&2; return 1
    fi
    [[ -n $port ]] || port=$(sed -n 's/.*Tomcat started on port \([0-9][0-9]*\).*/\1/p' "$log" | head -n 1)
    sleep 1
  done
  printf '%s' "$port"
}

# demo_token BASE PERSONA: a bearer token for a persona of the demo issuer, or nothing.
demo_token() {
  curl -fs -X POST "$1/demo/token" -H 'Content-Type: application/json' -d "{\"persona\":\"$2\"}" \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}
