#!/usr/bin/env bash
# The test command: Node 24, npm packages, a build, NATS and Redis, then every Jest project.
# Extra arguments go to Jest (e.g. `scripts/test.sh --selectProjects unit`).
# Last line: `tests: N passed, N failed, N skipped`.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/ensure-deps.sh || { echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }
source scripts/ensure-peers.sh || { echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }
trap stop_peers EXIT
# Jest loads NestJS 12 (ESM) from CommonJS tests only through the VM-modules loader.
export NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning ${NODE_OPTIONS:-}"
report="$(mktemp /tmp/knts-jest.XXXXXX.json)"
# Jest (SWC) strips types without checking them: type-check every project and test first.
typecheck_failed=0
if [ $# -eq 0 ]; then
  echo "knts: type-checking (tsc -p tsconfig.json)" >&2
  npx tsc -p tsconfig.json --noEmit || typecheck_failed=1
fi
npx jest --ci --maxWorkers=2 --json --outputFile="$report" "$@"
status=$?
[ $typecheck_failed -eq 1 ] && status=1
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  // A suite that fails to load counts as a failure even though it ran no test.
  const failed = r.numFailedTests + r.numRuntimeErrorTestSuites + Number(process.argv[2]);
  console.log(`tests: ${r.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
' "$report" "$typecheck_failed" 2>/dev/null || echo "tests: 0 passed, 1 failed, 0 skipped"
rm -f "$report"
exit $status
