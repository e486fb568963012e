#!/bin/sh
# Builds the reference daemon (containerd's overlay snapshotter behind the Snapshots
# gRPC service) and prints the binary's path. Usage: build.sh [OUTPUT]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
output="${1:-$here/build/reference-snapshotter}"
mkdir -p "$(dirname "$output")"
cd "$here"
# Debian's golang-github-containerd-containerd-dev installs containerd 1.6 for GOPATH builds.
GO111MODULE=off GOPATH="${STRATA_GOPATH:-/usr/share/gocode}" go build -o "$output" .
echo "$output"
