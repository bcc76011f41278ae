#!/usr/bin/env bash
# Starts ChaosPlane on this machine: builds it, then runs the control plane on http://localhost:8080 and the log
# service on http://localhost:8081 against PostgreSQL on localhost:5432 (their databases are created on first
# start). Ctrl-C stops everything. Logs go to var/log/. Environment variables of the README's configuration
# tables apply.
set -euo pipefail
cd "$(dirname "$0")"

JAVA=$(bin/java21)
PORT="${CHAOSPLANE_PORT:-8080}"
LOG_PORT="${CHAOSPLANE_LOG_SERVICE_PORT:-8081}"
mkdir -p var/log

if ! pg_isready -h localhost -p 5432 -q 2>/dev/null; then
  echo "PostgreSQL does not answer on localhost:5432; start it first (see README, 'Requirements')." >&2
  exit 1
fi

# The control plane signs log-stream tokens and the log service checks them: both get the same secret,
# generated once and kept in var/ (readable by this user only).
if [[ -z "${CHAOSPLANE_LOG_TOKENS_SECRET:-}" ]]; then
  if [[ ! -s var/log-tokens.secret ]]; then
    (umask 077 && head -c 48 /dev/urandom | base64 | tr -d '\n' > var/log-tokens.secret)
  fi
  CHAOSPLANE_LOG_TOKENS_SECRET=$(cat var/log-tokens.secret)
fi
export CHAOSPLANE_LOG_TOKENS_SECRET
export CHAOSPLANE_LOG_SERVICE_URL="${CHAOSPLANE_LOG_SERVICE_URL:-http://localhost:$LOG_PORT}"

echo "Building ChaosPlane (tests skipped; run ./mvnw verify for them)..."
./mvnw -q -DskipTests package

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

wait_ready() { # url name pid
  for _ in $(seq 1 120); do
    if curl -fsS "$1" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then echo "$2 stopped; see var/log/$2.log" >&2; exit 1; fi
    sleep 0.5
  done
  echo "$2 did not become ready; see var/log/$2.log" >&2
  exit 1
}

CHAOSPLANE_LOG_FORMAT="${CHAOSPLANE_LOG_FORMAT:-}" CHAOSPLANE_LOG_SERVICE_PORT="$LOG_PORT" \
  "$JAVA" -jar log-service/target/log-service.jar > var/log/log-service.log 2>&1 &
pids+=($!)
log_service_pid=$!

CHAOSPLANE_LOG_FORMAT="${CHAOSPLANE_LOG_FORMAT:-}" "$JAVA" -jar control-plane/target/control-plane-exec.jar \
  > var/log/control-plane.log 2>&1 &
pids+=($!)
wait_ready "http://localhost:$PORT/readyz" control-plane "${pids[-1]}"
wait_ready "http://localhost:$LOG_PORT/readyz" log-service "$log_service_pid"

echo
echo "ChaosPlane is up: http://localhost:$PORT  (API documentation: http://localhost:$PORT/swagger-ui.html)"
echo "Log service:      http://localhost:$LOG_PORT  (API documentation: http://localhost:$LOG_PORT/swagger-ui.html)"
if grep -q "First start: sign in as" var/log/control-plane.log; then
  grep -A1 "First start: sign in as" var/log/control-plane.log
else
  echo "Sign in with the administrator printed on the first start (var/log/control-plane.log of that run),"
  echo "or set CHAOSPLANE_BOOTSTRAP_ADMIN_PASSWORD before the first start."
fi
echo "Press Ctrl-C to stop."
wait
