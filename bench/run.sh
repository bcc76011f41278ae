#!/usr/bin/env bash
# Runs a benchmark against a fresh PostgreSQL database (as the tests do) and prints its figures with the ratio
# to a baseline measured in the same run.
#   bench/run.sh handoff [runs] [replicas]          task hand-off latency, POST run -> waiting agent (2: also across)
#   bench/run.sh liveness [agents] [clients] [s]    liveness requests/s from a simulated fleet
#   bench/run.sh ui [runs] [infras] [requests]      web UI pages' server time and JS+CSS payload
#   bench/run.sh workflow-events [runs] [tasks] [senders]   WORKFLOW_EVENT ingestion against plain batched inserts
#   bench/run.sh log-service [name=value...]        log lines/s stored against a plain COPY; PUT -> SSE tail latency
#   bench/run.sh agent [starts]                     the Linux agent's start-up time and resident memory
#   bench/run.sh faults [rounds]                    each Linux fault's inject and revert against a no-op fault (root:
#                                                   a network namespace of its own), then the agent's memory
#   bench/run.sh runner [starts]                    the Kubernetes runner's start-up time and idle memory
#   bench/run.sh topology [components] [edges] [roots]   simulate-failure and full score against a plain BFS
#   bench/run.sh halt [agents] [faults] [halts]    POST /api/v1/halts -> every fault reported reverted (2 replicas),
#                                                   p50/p99 against aborting every run at once
#   bench/run.sh discovery [pods] [rounds]         a discovery snapshot ingested gzip'd over HTTP in the agent's
#                                                   batches, against a plain COPY of its objects' rows
#   bench/run.sh all
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=$(bin/java21)
./mvnw -q -pl bench -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench.classpath
jars=bench/target/jars
exec "$JAVA" -XX:+UseG1GC -Xmx2g -cp "bench/target/classes:$(cat bench/target/bench.classpath)" \
  -Dlog-service.jar=$jars/log-service.jar -Dagent-linux.jar=$jars/agent-linux.jar -Dagent-k8s.jar=$jars/agent-k8s.jar \
  io.chaosplane.bench.Benchmarks "$@"
