#!/bin/sh
# Runs containerd's snapshotter conformance suite (snapshots/testsuite) against the
# snapshotter daemon whose command line is in $STRATA_DAEMON, one daemon per case.
# Extra arguments go to `go test`, e.g. -json or -run 'TestConformance/Basic$'.
# Needs root: the suite mounts overlayfs.
set -eu
if [ -z "${STRATA_DAEMON:-}" ]; then
	echo "run.sh: set STRATA_DAEMON to the daemon command line (--root and --address are appended)" >&2
	exit 2
fi
cd "$(dirname "$0")"
# Debian's golang-github-containerd-containerd-dev installs containerd 1.6 for GOPATH builds.
export GO111MODULE=off
export GOPATH="${STRATA_GOPATH:-/usr/share/gocode}"
exec go test -count=1 -v "$@" .
