# Shared by the bench scripts: building, the bench issuer's key, starting and measuring a server.
# Sourced, not run. Expects to be in the project root.

bench_issuer=https://bench.schakelpunt.test
bench_keys=target/bench/keys

# The server jar, built when it is missing or older than its sources.
bench_jar() {
  if [[ ! -f target/schakelpunt.jar || -n $(find src/main pom.xml ig/fsh-generated terminology -newer target/schakelpunt.jar -print -quit) ]]; then
    ./mvnw -q -B -DskipTests package
  fi
}

# The server jar, the test classes and their class path (the generator and feeders live in src/test).
bench_build() {
  mkdir -p target/bench
  bench_jar
  ./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench/classpath.txt -Dmdep.includeScope=test
  if [[ ! -f $bench_keys/key.der ]]; then
    mkdir -p "$bench_keys"
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$bench_keys/key.pem" 2>/dev/null
    openssl pkey -in "$bench_keys/key.pem" -pubout -out "$bench_keys/public.pem"
    openssl pkcs8 -topk8 -nocrypt -in "$bench_keys/key.pem" -outform DER -out "$bench_keys/key.der"
  fi
}

bench_java() {
  java -cp "target/test-classes:target/classes:$(cat target/bench/classpath.txt)" "$@"
}

bench_psql() {
  psql -h 127.0.0.1 -U postgres -q -At "$@"
}

# bench_start NAME DATABASE PORT [server options...]: starts the server on PostgreSQL with the bench
# issuer trusted; sets server_pid and startup_seconds (launch to readiness). Log: target/bench/NAME.log
bench_start() {
  local name=$1 db=$2 port=$3
  shift 3
  local t0
  t0=$(date +%s.%N)
  SCHAKELPUNT_DB_URL=jdbc:postgresql://127.0.0.1:5432/$db SCHAKELPUNT_DB_USER=postgres SCHAKELPUNT_DB_PASSWORD= \
  java -Xmx1g ${BENCH_JVM_OPTS:-} -jar target/schakelpunt.jar --spring.profiles.active=postgres --server.port="$port" \
    --schakelpunt.security.issuers[0].issuer=$bench_issuer \
    "--schakelpunt.security.issuers[0].public-keys[0]=$(cat "$bench_keys/public.pem")" "$@" \
    >"target/bench/$name.log" 2>&1 &
  server_pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
    kill -0 "$server_pid" 2>/dev/null || { echo "server did not start, see target/bench/$name.log" >&2; return 1; }
    sleep 0.2
  done
  startup_seconds=$(echo "$(date +%s.%N) - $t0" | bc)
}

bench_stop() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# Resident memory of a process, in MiB.
bench_rss() {
  awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"
}

# CPU seconds (user + system) used so far by the given processes, and by all PostgreSQL processes.
bench_cpu() {
  local ticks
  ticks=$(getconf CLK_TCK)
  for pid in "$@"; do awk -v t="$ticks" '{s += $14 + $15} END {printf "%.1f ", s / t}' "/proc/$pid/stat"; done
  pgrep -x postgres | while read -r p; do cat "/proc/$p/stat" 2>/dev/null; done \
    | awk -v t="$ticks" '{s += $14 + $15 + $16 + $17} END {printf "%.1f\n", s / t}'
}
