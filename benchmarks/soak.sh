#!/usr/bin/env bash
# Runs seeded random rollout sequences on the local backend (updates, undos, scalings, restarts, pauses and resumes,
# changes in the middle of a rollout, bad releases that must fail fast, with jittered simulated pod timings), every
# verdict asserted with the invariants a healthy controller keeps, and counts the false alarms (a verdict that failed
# a healthy rollout) and the misses (a bad release not reported, or a passed verdict that ended elsewhere than
# kubectl's rules say). Goal: 0 and 0. A failed sequence prints its seed and the command that replays it.
#
#   benchmarks/soak.sh [sequences] [first seed]      default: 20 1
set -euo pipefail
cd "$(dirname "$0")/.."

# The log (the cluster's and the library's) goes to extension/target/soak-benchmark.log.
# Built through the reactor (nothing is installed into ~/.m2), then run on the test classpath.
mvn -B -q -Dstyle.color=never -pl extension -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/soak-classpath.txt -Dmdep.includeScope=test >/dev/null
java -cp "extension/target/test-classes:extension/target/classes:$(cat extension/target/soak-classpath.txt)" \
  dev.rollouttest.soak.SoakBenchmark "${1:-20}" "${2:-1}" 2>extension/target/soak-benchmark.log
