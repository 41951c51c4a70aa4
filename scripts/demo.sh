#!/usr/bin/env bash
# The demo: brings up the standalone platform in the background (installing Node 24 and npm
# packages on first use), applies the workshop's manifests unchanged, and lists what it stored.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
knts="$root/knts"
step() { printf '\n\033[1m$ knts %s\033[0m\n' "$*"; }

step up -d
"$knts" up -d
step apply -f examples/workshop/
"$knts" apply -f "$root/examples/workshop/"
step get ksvc,configuration,route
"$knts" get ksvc,configuration,route
step get cronjobsource,pullsubscription,taskrun,task
"$knts" get cronjobsource,pullsubscription,taskrun,task
cat <<'MSG'

The platform keeps running in the background. Try:
  ./knts get ksvc helloworld -o yaml
  ./knts describe taskrun build-kaniko-helloworld-gcr
  ./knts apply --dry-run -f examples/invalid/traffic-sum.yaml   # a clear validation error
  ./knts delete -f examples/workshop/ && ./knts down
MSG
