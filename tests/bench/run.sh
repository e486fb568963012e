#!/bin/sh
# Benchmarks Strata against containerd's own overlay snapshotter (the reference
# daemon, with asynchronous remove as containerd's overlay plugin ships it), both
# driven by one load client through containerd's proxy client in the same run.
# Prints per-operation p50/p99 and the ratios strata/reference, with 8 clients
# both as fast as each daemon answers and paced at one rate for both (phases
# paced, pacedw), and the flush floor of the roots' filesystem; see
# docs/PERFORMANCE.md.
# Usage: run.sh [--quick] [other load flags, e.g. -scale N]
# Needs root (the workloads mount overlayfs). Roots live under $STRATA_BENCH_DIR
# (default /tmp/strata-bench), on the real disk, as containerd's would.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build="$here/build"
mkdir -p "$build"

if [ ! -f "$top/proxy-plugin/target/proxy-plugin.jar" ]; then
	(cd "$top" && mvn -B -q package -DskipTests)
fi
reference=$("$here/reference/build.sh" "$build/reference-snapshotter")
# Debian's golang-github-containerd-containerd-dev installs containerd 1.6 for GOPATH builds.
(cd "$here/load" && GO111MODULE=off GOPATH="${STRATA_GOPATH:-/usr/share/gocode}" go build -o "$build/load" .)

workdir="${STRATA_BENCH_DIR:-/tmp/strata-bench}/run-$$"
mkdir -p "$workdir"
cleanup() {
	# a failed run may leave overlay mounts of the workloads behind
	grep " $workdir/\| /tmp/bench-mount-" /proc/mounts | cut -d' ' -f2 | sort -r | while read -r m; do umount "$m" || true; done
	rm -rf "$workdir"
}
trap cleanup EXIT INT TERM

quick=""
if [ "${1:-}" = "--quick" ]; then
	quick="-quick"
	shift
fi
echo "machine: $(nproc) cores, $(grep MemTotal /proc/meminfo | tr -s ' '), $(uname -r); roots on $(df --output=source,fstype "$workdir" | tail -1 | tr -s ' ')"
"$build/load" $quick -workdir "$workdir" \
	-strata "$top/bin/strata-snapshotter" \
	-reference "$reference --async-remove" "$@"
