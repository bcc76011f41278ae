#!/usr/bin/env bash
# Seed 000's flow with curl and an API key only: create an experiment from the seed's sample manifest (retargeted at
# a Linux infrastructure), watch it over the WebSocket, pause it, resume it and see it complete.
#   CHAOSPLANE_URL=http://localhost:8080 CHAOSPLANE_KEY=cp_live_... INFRA=<infrastructure id or identifier> \
#     examples/seed000-with-curl.sh
# The key needs the admin role (creating an experiment); pause and resume need operator.
set -euo pipefail
URL="${CHAOSPLANE_URL:-http://localhost:8080}"
KEY="${CHAOSPLANE_KEY:?set CHAOSPLANE_KEY to an API key}"
INFRA="${INFRA:?set INFRA to the id or identifier of a Linux infrastructure}"
NAME="pod-kill-test-$(date +%s)"
WATCH=$(mktemp)
trap 'kill $watcher 2>/dev/null; rm -f "$WATCH"' EXIT

# 1. Watch: curl cannot send WebSocket messages, so it subscribes in the handshake's query and prints the frames.
curl -sN --http1.1 -H "X-API-Key: $KEY" -H 'Connection: Upgrade' -H 'Upgrade: websocket' \
     -H 'Sec-WebSocket-Version: 13' -H "Sec-WebSocket-Key: $(head -c 16 /dev/urandom | base64)" \
     "$URL/api/v1/ws?resource=experiments&namespace=production" > "$WATCH" &
watcher=$!
sleep 1

# 2. Create: seed 000's sample, its target and action moved from a pod to a Linux host.
curl -sf -H "X-API-Key: $KEY" -H 'Content-Type: application/json' "$URL/api/v1/experiments" -d '{
  "apiVersion": "chaos.chaosplane.io/v1alpha1",
  "kind": "ChaosExperiment",
  "metadata": { "name": "'"$NAME"'", "namespace": "production" },
  "spec": {
    "target": { "kind": "Linux", "infrastructure": "'"$INFRA"'" },
    "action": { "type": "linux-cpu-stress", "parameters": { "Load": "50", "Workers": "1" } },
    "duration": "30s"
  }
}' > /dev/null
echo "created production/$NAME"

phase() { curl -sf -H "X-API-Key: $KEY" "$URL/api/v1/experiments/production/$NAME" | grep -o '"status":{"phase":"[^"]*"' | cut -d'"' -f6; }
until [[ "$(phase)" == Running ]]; do sleep 1; done
sleep 5

# 3. Pause (the fault is reverted and its clock stops), then resume (back in force for what remains).
curl -sf -X POST -H "X-API-Key: $KEY" "$URL/api/v1/experiments/production/$NAME/pause" > /dev/null
echo "paused: $(phase)"
sleep 5
curl -sf -X POST -H "X-API-Key: $KEY" "$URL/api/v1/experiments/production/$NAME/resume" > /dev/null
echo "resumed: $(phase)"

# 4. See it complete.
until [[ "$(phase)" =~ ^(Completed|Failed|Aborted)$ ]]; do sleep 2; done
echo "finished: $(phase)"
sleep 1
echo "updates seen over the WebSocket:"
grep -ao '{"type":"update"[^}]*}' "$WATCH" | grep "$NAME"
