#!/usr/bin/env bash
# Prints the local backend's figures: start-up to ready (binaries cached), where the time goes, the components'
# resident memory and the wall time of a 100-replica rollout.
#
#   benchmarks/local-backend.sh [starts=3] [replicas=100]
#   benchmarks/local-backend.sh --cold-build     also times a build of the binaries from empty Go caches
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--cold-build" ]]; then
  shift
  cold="$(mktemp -d)"
  trap 'chmod -R u+w "$cold"; rm -rf "$cold"' EXIT
  start=$SECONDS
  GOMODCACHE="$cold/mod" GOCACHE="$cold/build" ROLLOUT_TEST_CACHE_DIR="$cold/cache" controlplane/build.sh >/dev/null
  echo "RESULT cold build (empty module and build caches, downloads included): $(( SECONDS - start )) s"
fi

mvn -B -q -pl extension -am install -DskipTests
mvn -B -q -pl extension exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.rollouttest.benchmark.LocalBackendBenchmark -Dexec.args="${1:-3} ${2:-100}" \
  2>&1 | grep -E "^(RESULT|start )"
