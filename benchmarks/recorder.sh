#!/usr/bin/env bash
# Prints the invariant engine's figures on the local backend: events per second handled, the recorder's heap
# at each replica count, and the latency from an event's arrival to its moment recorded with the invariants
# checked (p50/p99), for all events and for violations.
#
#   benchmarks/recorder.sh [replicas ...]      default: 500 1000
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -pl extension -am install -DskipTests
mvn -B -q -Dstyle.color=never -pl extension exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.rollouttest.benchmark.RecorderBenchmark -Dexec.args="${*:-500 1000}" \
  2>&1 | grep -E "RESULT"
