#!/usr/bin/env bash
# Stands in for controlplane/build.sh in BuildDiesWithTheJvmTest: a build that runs until it is stopped, with a
# child process (as go build has its compilers) that ignores SIGTERM, so that it outlives the script and only
# SIGKILL to the process group ends it, and with a Go work directory; it says where they are.
set -euo pipefail
work="${GOTMPDIR:-${TMPDIR:-/tmp}}/go-build1"
mkdir -p "$work"
(trap '' TERM; exec sleep 600) &
echo "$$ $! $PWD $work" > "$FAKE_BUILD_REPORT.partial"
mv "$FAKE_BUILD_REPORT.partial" "$FAKE_BUILD_REPORT"
wait
