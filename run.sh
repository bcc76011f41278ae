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

# A demo, so that the web UI has something to show: on the first start, a Linux infrastructure for this machine and an
# experiment that keeps one CPU core busy for 20 s while an HTTP probe checks that the control plane keeps answering;
# on every start, that infrastructure's agent. CHAOSPLANE_DEMO=0 leaves them out.
DEMO=var/demo-agent
start_demo() {
  local admin password infra token=""
  admin="${CHAOSPLANE_BOOTSTRAP_ADMIN_EMAIL:-admin@chaosplane.local}"
  # ready for traffic once the first start has made (and printed) the administrator
  for _ in $(seq 1 60); do
    curl -fsS -o /dev/null "http://localhost:$PORT/actuator/health/readiness" 2>/dev/null && break
    sleep 0.5
  done
  if [[ ! -s $DEMO/infra-id ]]; then
    password="${CHAOSPLANE_BOOTSTRAP_ADMIN_PASSWORD:-$(sed -n 's/.*First start: sign in as .* with password \([^ ]*\).*/\1/p' var/log/control-plane.log)}"
    if [[ -z "$password" ]]; then
      echo "No demo: set CHAOSPLANE_BOOTSTRAP_ADMIN_PASSWORD to let run.sh create it." >&2
      return 0
    fi
    infra=$(curl -fsS -u "$admin:$password" -H 'Content-Type: application/json' \
      -d '{"identifier":"local_host","name":"local-host","description":"this machine (run.sh demo)"}' \
      "http://localhost:$PORT/api/v1/infrastructures") || { echo "No demo: could not create its infrastructure." >&2; return 0; }
    token=$(sed -n 's/.*"installToken":"\([^"]*\)".*/\1/p' <<< "$infra")
    mkdir -p "$DEMO" && chmod 700 "$DEMO"
    sed -n 's/.*"infrastructure":{"id":"\([^"]*\)".*/\1/p' <<< "$infra" > "$DEMO/infra-id"
  fi
  CHAOSPLANE_SERVER_URL="http://localhost:$PORT" CHAOSPLANE_INFRA_ID="$(cat "$DEMO/infra-id")" \
    CHAOSPLANE_INSTALL_TOKEN="$token" CHAOSPLANE_STATE_DIR="$DEMO" \
    "$JAVA" -Xmx64m -jar agent-linux/target/chaosplane-agent-linux.jar > var/log/agent.log 2>&1 &
  pids+=($!)
  [[ -n "$token" ]] || return 0
  for _ in $(seq 1 60); do
    curl -fsS -u "$admin:$password" "http://localhost:$PORT/api/v1/infrastructures/$(cat "$DEMO/infra-id")" \
      | grep -q '"status":"CONNECTED"' && break
    sleep 1
  done
  if curl -fsS -o /dev/null -u "$admin:$password" -H 'Content-Type: application/yaml' --data-binary @- \
      "http://localhost:$PORT/api/v1/experiments" <<YAML
apiVersion: chaos.chaosplane.io/v1alpha1
kind: ChaosExperiment
metadata:
  name: cpu-demo
  namespace: default
spec:
  target:
    kind: Linux
    infrastructure: local_host
  action:
    type: linux-cpu-stress
    parameters:
      Load: "60"
      Workers: "1"
  duration: 20s
  probes:
    - name: control-plane-up
      type: httpProbe
      mode: Continuous
      httpProbe/inputs:
        url: http://localhost:$PORT/healthz
        responseTimeout: 2000
        method:
          get:
            criteria: "=="
            responseCode: "200"
      runProperties:
        probeTimeout: 3s
        interval: 2s
        attempt: 1
YAML
  then
    echo "Demo: the agent of local-host runs here; experiment cpu-demo has started (Experiments in the web UI)."
  else
    echo "The demo experiment was not created; see var/log/control-plane.log" >&2
  fi
}
if [[ "${CHAOSPLANE_DEMO:-1}" != 0 ]]; then
  start_demo
fi

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
