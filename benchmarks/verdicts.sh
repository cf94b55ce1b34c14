#!/usr/bin/env bash
# Prints, per rollout shape (complete, creation, paused, progress deadline with and without fail-fast, scale
# mid-rollout, undo, restart, no-op apply), how much earlier (negative) or later than the built
# `kubectl rollout status` our verdict came, and whether the two verdicts agreed on every run.
#
#   benchmarks/verdicts.sh [runs]      default: 3
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -pl extension -am install -DskipTests
mvn -B -q -Dstyle.color=never -pl extension exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.rollouttest.benchmark.VerdictTimingBenchmark -Dexec.args="${1:-3}" \
  2>&1 | grep -E "RESULT"
