#!/usr/bin/env bash
# Log-service benchmark: starts the service on a fresh database (PostgreSQL on localhost:5432, or
# CHAOSPLANE_TEST_DB_URL), drives 100 concurrent streams x batches of 100 lines over HTTP, and prints lines/s
# against a plain COPY of the same rows measured in the same run, and PUT -> SSE tail latency.
# Arguments are passed on: streams=100 batch=100 warmup=5 seconds=20 subscribers=10
set -euo pipefail
cd "$(dirname "$0")/../.."

./mvnw -q -pl log-service -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
classpath="log-service/target/test-classes:log-service/target/classes:$(cat log-service/target/bench-classpath.txt)"
exec "$(bin/java21)" -cp "$classpath" io.chaosplane.logservice.bench.LogServiceBenchmark "$@"
