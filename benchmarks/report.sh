#!/usr/bin/env bash
# Prints the rollout report's figures: a real rollout of N replicas on the local backend (default 1000), its page's
# size, Java's render time, the page's own rendering in headless Chromium (navigation start to the first frame
# painted after the load event, in a browser that has started) and the whole browser process from start-up to the
# DOM dumped, each beside a blank page's, medians of R browsers (default 5). Goal: < 5 MB, < 2 s.
# Needs Debian's chromium (apt-get install -y chromium; the benchmark installs it when run as root).
#
#   benchmarks/report.sh [replicas=1000] [runs=5]
set -euo pipefail
cd "$(dirname "$0")/.."

# The log (the cluster's and the library's) goes to extension/target/report-benchmark.log; the page, blank.html and
# render-timing.html to extension/target/report-benchmark/.
# Built through the reactor (nothing is installed into ~/.m2), then run on the test classpath.
mvn -B -q -Dstyle.color=never -pl extension -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/report-classpath.txt -Dmdep.includeScope=test >/dev/null
cd extension
java -cp "target/test-classes:target/classes:$(cat target/report-classpath.txt)" \
  dev.rollouttest.benchmark.ReportBenchmark "${1:-1000}" "${2:-5}" 2>target/report-benchmark.log
