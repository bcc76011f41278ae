#!/usr/bin/env bash
# Starts ChaosPlane on this machine: builds it, then runs the control plane on http://localhost:8080, the log
# service on http://localhost:8081 and a local Linux agent, against PostgreSQL on localhost:5432 (databases are
# created on first start), and runs a demo experiment whose verdict and score it prints. Ctrl-C stops everything.
# PostgreSQL: the server on localhost:5432 if one answers; else this machine's installed cluster, started; else an
# embedded one kept under var/postgres (stopped with the rest). With CHAOSPLANE_DB_URL and CHAOSPLANE_LOG_DB_URL
# set, their server is used as it is. Logs go to var/log/. Environment variables of the README's configuration
# tables apply.
#   ./run.sh             everything, with the demo
#   ./run.sh --no-demo   the services only
set -euo pipefail
cd "$(dirname "$0")"

JAVA=$(bin/java21)
PORT="${CHAOSPLANE_PORT:-8080}"
LOG_PORT="${CHAOSPLANE_LOG_SERVICE_PORT:-8081}"
SERVER="http://localhost:$PORT"
DEMO=true
[[ "${1:-}" == "--no-demo" ]] && DEMO=false
mkdir -p var/log

# Secrets made once and kept in var/, readable by this user only: the log-token secret both services share, the key
# that encrypts alert webhooks' signing secrets, and
# the first administrator's password (used on the first start only, and by the demo below).
secret() { # file
  [[ -s "$1" ]] || (umask 077 && head -c 48 /dev/urandom | base64 | tr -d '\n/+=' | head -c 40 > "$1")
  cat "$1"
}
export CHAOSPLANE_LOG_TOKENS_SECRET="${CHAOSPLANE_LOG_TOKENS_SECRET:-$(secret var/log-tokens.secret)}"
export CHAOSPLANE_ALERT_WEBHOOKS_ENCRYPTION_KEY="${CHAOSPLANE_ALERT_WEBHOOKS_ENCRYPTION_KEY:-$(secret var/alert-webhooks.key)}"
export CHAOSPLANE_BOOTSTRAP_ADMIN_PASSWORD="${CHAOSPLANE_BOOTSTRAP_ADMIN_PASSWORD:-$(secret var/admin-password)}"
export CHAOSPLANE_LOG_SERVICE_URL="${CHAOSPLANE_LOG_SERVICE_URL:-http://localhost:$LOG_PORT}"
export CHAOSPLANE_AGENTS_PUBLIC_URL="${CHAOSPLANE_AGENTS_PUBLIC_URL:-$SERVER}"
ADMIN="${CHAOSPLANE_BOOTSTRAP_ADMIN_EMAIL:-admin@chaosplane.local}"

echo "Building ChaosPlane (tests skipped; run ./mvnw verify for them)..."
./mvnw -q -DskipTests package

pids=()
embedded_postgres=false
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if $embedded_postgres; then
    embedded_postgres=false
    echo "Stopping the embedded PostgreSQL (its data stays in var/postgres)"
    embedded stop var/postgres >> var/log/postgres.log 2>&1 || true
  fi
}
trap cleanup EXIT INT TERM

postgres_answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -h localhost -p 5432 -q 2>/dev/null
  else
    (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
  fi
}

# test-support's EmbeddedPostgres: zonky's PostgreSQL binaries from Maven Central, run as an unprivileged user when
# this is root (PostgreSQL refuses root: CHAOSPLANE_EMBEDDED_PG_USER names one, else chaosplane-pg is made).
embedded() { # start|stop dir [port]
  [[ -s test-support/target/runtime.classpath ]] || ./mvnw -q -pl test-support dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime.classpath
  "$JAVA" -Dslf4j.internal.verbosity=ERROR -cp "test-support/target/classes:$(cat test-support/target/runtime.classpath)" \
    io.chaosplane.testsupport.EmbeddedPostgres "$@"
}

if [[ -n "${CHAOSPLANE_DB_URL:-}" ]]; then
  echo "PostgreSQL:       the server of CHAOSPLANE_DB_URL ($CHAOSPLANE_DB_URL)"
elif postgres_answers; then
  echo "PostgreSQL:       the server on localhost:5432"
elif command -v pg_ctlcluster >/dev/null 2>&1 && [[ -n "$(ls /etc/postgresql 2>/dev/null)" ]]; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "PostgreSQL:       starting this machine's cluster $version/main (it keeps running after ChaosPlane stops)"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do postgres_answers && break; sleep 1; done
  postgres_answers || { echo "PostgreSQL $version/main did not start; see its log in /var/log/postgresql/" >&2; exit 1; }
else
  echo "PostgreSQL:       none installed; starting an embedded one under var/postgres on localhost:5432"
  mkdir -p var/postgres
  embedded_postgres=true
  if ! embedded start var/postgres 5432 >> var/log/postgres.log 2>&1; then
    embedded_postgres=false
    echo "The embedded PostgreSQL did not start; see var/log/postgres.log and var/postgres/data/server.log" >&2
    exit 1
  fi
  tail -n 1 var/log/postgres.log
fi

wait_ready() { # url name pid: up to 5 minutes, for a first start on a busy machine
  for _ in $(seq 1 600); do
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
wait_ready "$SERVER/readyz" control-plane "${pids[-1]}"
wait_ready "http://localhost:$LOG_PORT/readyz" log-service "$log_service_pid"

echo
echo "ChaosPlane is up: $SERVER  (API documentation: $SERVER/swagger-ui.html)"
echo "Log service:      http://localhost:$LOG_PORT"
echo "Sign in as $ADMIN with the password in var/admin-password ($(cat var/admin-password 2>/dev/null || echo 'as configured'))"

# JSON without jq: the first string value of a member
field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }
api() { # method path [body]
  curl -fsS -u "$ADMIN:$CHAOSPLANE_BOOTSTRAP_ADMIN_PASSWORD" -X "$1" -H 'Content-Type: application/json' \
    ${3:+-d "$3"} "$SERVER$2"
}

if $DEMO; then
  if ! api GET /api/v1/me >/dev/null 2>&1; then
    echo "The demo needs the administrator's password: this database was set up with another one." >&2
    echo "Set CHAOSPLANE_BOOTSTRAP_ADMIN_PASSWORD, or start with --no-demo. The services keep running." >&2
    wait
  fi
  # A local Linux infrastructure, and its agent: the install token on the first start, the agent's own key after.
  mkdir -p var/agent
  infra_id=$(api GET /api/v1/infrastructures | grep -o '"id":"[^"]*","identifier":"local_agent"' | cut -d'"' -f4 || true)
  token=""
  if [[ -z "$infra_id" ]]; then
    created=$(api POST /api/v1/infrastructures '{"identifier":"local_agent","name":"local agent"}')
    infra_id=$(echo "$created" | field id)
    token=$(echo "$created" | field installToken)
    rm -rf var/agent/state
  elif [[ ! -d var/agent/state ]]; then
    token=$(api POST "/api/v1/infrastructures/$infra_id/reset-key" | field installToken)
  fi
  CHAOSPLANE_SERVER_URL="$SERVER" CHAOSPLANE_INFRA_ID="$infra_id" CHAOSPLANE_INSTALL_TOKEN="$token" \
    CHAOSPLANE_STATE_DIR="$PWD/var/agent/state" CHAOSPLANE_LIVENESS_INTERVAL=5s \
    "$JAVA" -XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1 -Xms16m -Xmx64m \
    -jar agent-linux/target/chaosplane-agent-linux.jar > var/log/agent-linux.log 2>&1 &
  pids+=($!)
  for _ in $(seq 1 60); do
    [[ "$(api GET "/api/v1/infrastructures/$infra_id" | field status)" == CONNECTED ]] && break
    sleep 1
  done
  echo "Local agent:      infrastructure $infra_id, $(api GET "/api/v1/infrastructures/$infra_id" | field status)"

  # The demo: 20 s of CPU load on this host while an HTTP probe checks that the control plane stays healthy.
  manifest='{"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
    "metadata":{"name":"demo-cpu-hog","namespace":"demo"},
    "spec":{"target":{"kind":"Linux","infrastructure":"'"$infra_id"'"},
            "action":{"type":"linux-cpu-stress","parameters":{"Load":"50","Workers":"1"}},"duration":"20s",
            "probes":[{"name":"control-plane-healthy","type":"httpProbe","mode":"Continuous",
              "httpProbe/inputs":{"url":"'"$SERVER"'/healthz","responseTimeout":2000,
                                  "method":{"get":{"criteria":"==","responseCode":"200"}}},
              "runProperties":{"probeTimeout":"3s","interval":"2s","attempt":2}}]}}'
  if api GET /api/v1/experiments/demo/demo-cpu-hog >/dev/null 2>&1; then
    api POST /api/v1/experiments/demo/demo-cpu-hog/run >/dev/null
  else
    api POST /api/v1/experiments "$manifest" >/dev/null
  fi
  echo "Demo experiment:  demo/demo-cpu-hog running (20 s of CPU load, probe on $SERVER/healthz)..."
  phase=""
  for _ in $(seq 1 90); do
    detail=$(api GET /api/v1/experiments/demo/demo-cpu-hog)
    phase=$(echo "$detail" | grep -o '"status":{"phase":"[^"]*"' | cut -d'"' -f6)
    [[ "$phase" =~ ^(Completed|Failed|Aborted)$ ]] && break
    sleep 2
  done
  run_id=$(echo "$detail" | field runId)
  run=$(api GET "/api/v1/runs/$run_id")
  echo "Demo result:      phase $phase, verdict $(echo "$run" | field verdict), resiliency score" \
       "$(echo "$run" | grep -o '"resiliencyScore":[0-9.]*' | cut -d: -f2)"
  echo "                  $SERVER/api/v1/runs/$run_id (the run with its probes), logs: $SERVER/api/v1/runs/$run_id/logs?streamID=$(echo "$run" | field streamID)"
fi

echo "Press Ctrl-C to stop."
wait
