#!/usr/bin/env bash
# Source this file: makes NATS (JetStream) and Redis reachable for tests. Uses running servers on
# NATS_URL/REDIS_URL; else starts local nats-server/redis-server (installing them with apt when
# running as root, e.g. in CI); records what it started in KNTS_PEER_PIDS for stop_peers.
KNTS_PEER_PIDS=""
_peer_dir="${KNTS_PEER_DIR:-$(mktemp -d /tmp/knts-peers.XXXXXX)}"
_hostport() { local u="${1#*://}"; u="${u%%/*}"; u="${u##*@}"; echo "$u"; }
_reachable() { local hp; hp=$(_hostport "$1"); (exec 3<>"/dev/tcp/${hp%:*}/${hp##*:}") 2>/dev/null; }
_find_bin() { command -v "$1" 2>/dev/null || { [ -x "/usr/sbin/$1" ] && echo "/usr/sbin/$1"; } || { [ -x "/usr/bin/$1" ] && echo "/usr/bin/$1"; }; }
_apt_install() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
  echo "knts: installing $* with apt-get" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@") >/dev/null 2>&1
}
_wait_port() { for _ in $(seq 1 100); do _reachable "$1" && return 0; sleep 0.1; done; return 1; }

export NATS_URL="${NATS_URL:-nats://127.0.0.1:4222}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
if ! _reachable "$NATS_URL"; then
  bin=$(_find_bin nats-server) || { _apt_install nats-server && bin=$(_find_bin nats-server); }
  [ -n "$bin" ] || { echo "knts: NATS is not reachable at $NATS_URL and nats-server could not be installed (apt-get install nats-server)" >&2; return 1 2>/dev/null || exit 1; }
  hp=$(_hostport "$NATS_URL")
  "$bin" -js -a "${hp%:*}" -p "${hp##*:}" -sd "$_peer_dir/nats" >"$_peer_dir/nats.log" 2>&1 &
  KNTS_PEER_PIDS="$KNTS_PEER_PIDS $!"
  _wait_port "$NATS_URL" || { echo "knts: nats-server did not start; see $_peer_dir/nats.log" >&2; return 1 2>/dev/null || exit 1; }
  echo "knts: started nats-server on $hp" >&2
fi
if ! _reachable "$REDIS_URL"; then
  bin=$(_find_bin redis-server) || { _apt_install redis-server && bin=$(_find_bin redis-server); }
  [ -n "$bin" ] || { echo "knts: Redis is not reachable at $REDIS_URL and redis-server could not be installed (apt-get install redis-server)" >&2; return 1 2>/dev/null || exit 1; }
  hp=$(_hostport "$REDIS_URL")
  "$bin" --bind "${hp%:*}" --port "${hp##*:}" --save "" --appendonly no --dir "$_peer_dir" >"$_peer_dir/redis.log" 2>&1 &
  KNTS_PEER_PIDS="$KNTS_PEER_PIDS $!"
  _wait_port "$REDIS_URL" || { echo "knts: redis-server did not start; see $_peer_dir/redis.log" >&2; return 1 2>/dev/null || exit 1; }
  echo "knts: started redis-server on $hp" >&2
fi
# hey: the workshop's load generator, used by the autoscaling tests and the benchmarks.
if ! command -v hey >/dev/null 2>&1; then _apt_install hey || echo "knts: hey is not installed (apt-get install hey); the autoscaling tests need it" >&2; fi
stop_peers() { for p in $KNTS_PEER_PIDS; do kill "$p" 2>/dev/null; done; for p in $KNTS_PEER_PIDS; do wait "$p" 2>/dev/null; done; KNTS_PEER_PIDS=""; }
