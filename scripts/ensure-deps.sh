#!/usr/bin/env bash
# Source this file: Node 24 on PATH, npm packages installed, TypeScript built (incrementally).
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$_root/scripts/node24.sh" || return 1 2>/dev/null || exit 1
if [ ! -d "$_root/node_modules/@nestjs/core" ] || [ "$_root/package-lock.json" -nt "$_root/node_modules/.package-lock.json" ]; then
  echo "knts: installing npm packages (npm ci)" >&2
  (cd "$_root" && npm ci --no-audit --no-fund --loglevel=error >&2) || { echo "knts: npm ci failed" >&2; return 1 2>/dev/null || exit 1; }
fi
# tsc -b is incremental; skip it entirely when no source is newer than the last build stamp.
_stamp="$_root/.tools/build.stamp"
if [ ! -f "$_stamp" ] || [ -n "$(find "$_root/apps" "$_root/libs" -name '*.ts' -newer "$_stamp" -not -path '*/node_modules/*' -not -path '*/dist/*' -print -quit 2>/dev/null)" ] || [ -n "$(find "$_root/tsconfig.base.json" "$_root/package-lock.json" -newer "$_stamp" 2>/dev/null)" ]; then
  echo "knts: building (tsc -b)" >&2
  (cd "$_root" && npx tsc -b tsconfig.build.json >&2) || { echo "knts: build failed" >&2; return 1 2>/dev/null || exit 1; }
  mkdir -p "$_root/.tools" && touch "$_stamp"
fi
