#!/usr/bin/env bash
# Prints the rollout report's figures: a real rollout of N replicas on the local backend (default 1000), its page's
# size, Java's render time, and the time headless Chromium takes to load and lay it out (goal: < 5 MB, < 2 s).
# Needs Debian's chromium (apt-get install -y chromium; the benchmark installs it when run as root).
#
#   benchmarks/report.sh [replicas=1000]
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -pl extension -am install -DskipTests
mvn -B -q -Dstyle.color=never -pl extension exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.rollouttest.benchmark.ReportBenchmark -Dexec.args="${1:-1000}" \
  2>&1 | grep -E "RESULT"
