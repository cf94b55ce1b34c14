#!/usr/bin/env bash
# Prints the real node's figures (root and Linux only): cluster start with simulated and with real pods (warm),
# the node's start, pod created -> Ready, the node's memory, and requests lost per 3-replica rolling update with and
# without a preStop delay. With --cold-build it first times the node build into an empty cache and an empty Go build
# cache (several minutes; the Go module cache stays).
#
#   benchmarks/real-pods.sh [--cold-build] [rollouts]      rollouts default: 3
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--cold-build" ]]; then
  shift
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  start=$SECONDS
  ROLLOUT_TEST_CACHE_DIR="$scratch/cache" GOCACHE="$scratch/gocache" bash controlplane/node/build.sh > /dev/null
  echo "RESULT node build, cold (empty cache and Go build cache; module cache kept): $((SECONDS - start)) s"
fi
start=$SECONDS
bash controlplane/node/build.sh > /dev/null
echo "RESULT node build, warm (nothing to do): $((SECONDS - start)) s"

mvn -B -q -pl extension -am install -DskipTests
mvn -B -q -Dstyle.color=never -pl extension exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.rollouttest.benchmark.RealPodsBenchmark -Dexec.args="${1:-3}" \
  2>&1 | grep -E "RESULT"
