#!/usr/bin/env bash
# The demo: brings up the standalone platform in the background (installing Node 24 and npm
# packages on first use), then replays the workshop with its manifests unchanged: Hello World
# answered through the ingress, then every other workshop manifest stored and listed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
knts="$root/knts"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step knts up -d
"$knts" up -d
step knts apply -f examples/workshop/service.yaml
"$knts" apply -f "$root/examples/workshop/service.yaml"
step knts wait ksvc/helloworld --for=condition=Ready --timeout=60s
"$knts" wait ksvc/helloworld --for=condition=Ready --timeout=60s
step knts get ksvc,configuration,route
"$knts" get ksvc,configuration,route
step curl -H "Host: helloworld.default.example.com" http://127.0.0.1:${KNTS_INGRESS_PORT:-8080}
curl -sS -H "Host: helloworld.default.example.com" "http://127.0.0.1:${KNTS_INGRESS_PORT:-8080}"
step knts apply -f examples/workshop/
"$knts" apply -f "$root/examples/workshop/"
step knts get cronjobsource,pullsubscription,taskrun,task
"$knts" get cronjobsource,pullsubscription,taskrun,task
cat <<'MSG'

The platform keeps running in the background. Try:
  ./knts get pods -l serving.knative.dev/service=helloworld
  ./knts logs ksvc/helloworld
  ./knts describe revision helloworld-00001
  ./knts apply --dry-run -f examples/invalid/traffic-sum.yaml   # a clear validation error
  ./knts delete -f examples/workshop/ && ./knts down
MSG
