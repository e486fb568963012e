#!/bin/sh
# Benchmarks strata-build against Debian's buildah (`buildah bud --layers`) on issue 5's three
# workloads, in one run, and prints seconds and ratios next to BuildKit v0.11.6's reference numbers:
#   parallel-stages  two stages that each RUN sleep 1, copied into a third
#   run-layers       20 RUN layers
#   copy-files       COPY of 2,000 small files, then again after one file changed
# Each is timed cold (empty storage/root, base image pulled from a docker-registry on 127.0.0.1),
# fully cached (the same build again) and, for copy-files, after one context file changed.
# Times are medians over --rounds runs (default 3). strata-build is measured twice, each time without
# an exporter (as BuildKit's reference numbers were taken): `solve` of LLB that BenchDefinitions (tests
# module) generates from the same workloads, and `build` of the Dockerfiles themselves; both through a
# running `strata-build serve`, as buildctl talks to a warm buildkitd. buildah commits an image, which
# it cannot skip. The base image is
# busybox-static's busybox with a few applet links, built here with buildah.
# Usage: run.sh [--rounds N] [--buildah-only]. Needs root. Work files live under
# $STRATA_BENCH_DIR (default /tmp/strata-bench)/build-PID and are removed at the end.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
rounds=3
with_strata=yes
while [ $# -gt 0 ]; do
	case "$1" in
	--rounds) rounds="$2"; shift 2 ;;
	--buildah-only) with_strata=no; shift ;;
	*) echo "usage: run.sh [--rounds N] [--buildah-only]" >&2; exit 2 ;;
	esac
done
if [ "$(id -u)" -ne 0 ]; then
	echo "run.sh: needs root (buildah and strata-build mount overlayfs and run runc)" >&2
	exit 1
fi
missing=""
for p in buildah docker-registry busybox-static runc; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
strata_cli="$top/bin/strata-build"
if [ "$with_strata" = yes ] && [ ! -f "$top/buildkit-worker/target/buildkit-worker.jar" ]; then
	(cd "$top" && mvn -B -q -o package -DskipTests)
fi
if [ "$with_strata" = yes ] && [ ! -x "$strata_cli" ]; then
	echo "run.sh: no $strata_cli on this checkout: measuring buildah alone" >&2
	with_strata=no
fi

work="${STRATA_BENCH_DIR:-/tmp/strata-bench}/build-$$"
mkdir -p "$work"
registry_pid=""
stop() { # pid
	if [ -n "$1" ]; then
		kill "$1" 2>/dev/null || true
		wait "$1" 2>/dev/null || true
	fi
}
cleanup() {
	# measure() runs in a subshell: a daemon it left behind (a failed build) is known by its pid file
	[ -f "$work/serve.pid" ] && stop "$(cat "$work/serve.pid")"
	stop "$registry_pid"
	grep " $work/" /proc/mounts | cut -d' ' -f2 | sort -r | while read -r m; do umount "$m" || umount -l "$m" || true; done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l | xargs printf '%.2f'; }
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# --- registry with the base image ---
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
registry="127.0.0.1:$port"
cat >"$work/registry.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $work/registry-data
http:
  addr: $registry
EOF
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do
	ss -ltn | grep -q "$registry " && break
	sleep 0.1
done

buildah_root() { echo "--root $1/storage --runroot $1/run --storage-driver overlay"; }
base="$registry/bench/busybox:1"
mkdir -p "$work/base/rootfs/bin" "$work/base/rootfs/etc" "$work/base/rootfs/tmp"
cp /bin/busybox "$work/base/rootfs/bin/busybox"
for applet in sh echo sleep cat ls cp mkdir rm; do ln -s busybox "$work/base/rootfs/bin/$applet"; done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$work/base/rootfs/etc/passwd"
printf 'root:x:0:\n' >"$work/base/rootfs/etc/group"
# shellcheck disable=SC2046
(
	b="buildah $(buildah_root "$work/base/buildah")"
	c=$($b from scratch)
	$b copy "$c" "$work/base/rootfs/" / >/dev/null
	$b config --cmd /bin/sh --env PATH=/bin "$c"
	$b commit -q "$c" base >/dev/null
	$b push -q --tls-verify=false base "docker://$base"
	$b rm -a >/dev/null
	$b rmi -a -f >/dev/null
)

# --- contexts and LLB ---
mkdir -p "$work/context/files" "$work/empty"
i=0
while [ $i -lt 2000 ]; do
	printf 'file %s\n' "$i" >"$work/context/files/$i.txt"
	i=$((i + 1))
done
context_for() { [ "$1" = copy-files ] && echo "$work/context" || echo "$work/empty"; }

if [ "$with_strata" = yes ]; then
	(cd "$top" && mvn -B -q -o -pl tests -am test-compile dependency:build-classpath \
		-Dmdep.outputFile="$work/classpath" -Dmdep.includeScope=test >/dev/null)
	java -cp "$top/tests/target/test-classes:$(cat "$work/classpath")" \
		dev.strata.tests.build.e2e.BenchDefinitions "$work/llb" "$base"
fi

strata_mode=in-process
if [ "$with_strata" = yes ] && "$strata_cli" --help 2>/dev/null | grep -q '^ *serve '; then
	strata_mode=serve
fi

buildah_build() { # workload storage
	buildah $(buildah_root "$2") bud -q --layers --jobs 2 --network host --isolation oci \
		--tls-verify=false --build-arg "BASE=$base" -f "$here/$1/Dockerfile" "$(context_for "$1")" >>"$work/buildah.log" 2>&1
}
strata_build() { # workload root
	"$strata_cli" --root "$2" solve --llb "$work/llb/$1.pb" --local "context=$(context_for "$1")" \
		--insecure-registry "$registry" --progress plain >>"$work/strata.log" 2>&1
}
strata_dockerfile_build() { # workload root
	"$strata_cli" --root "$2" build -f "$here/$1/Dockerfile" --build-arg "BASE=$base" \
		--insecure-registry "$registry" --progress plain "$(context_for "$1")" >>"$work/strata.log" 2>&1
}
# A warm worker, as buildkitd is for BuildKit's numbers: the CLI hands its command lines to the daemon
# serving the same root (ROOT/serve.sock) when there is one.
serve_start() { # root
	mkdir -p "$1"
	"$strata_cli" --root "$1" serve >>"$work/serve.log" 2>&1 &
	serve_pid=$!
	echo "$serve_pid" >"$work/serve.pid"
	for _ in $(seq 300); do
		[ -S "$1/serve.sock" ] && return 0
		kill -0 "$serve_pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "run.sh: strata-build serve did not start on $1; see its log:" >&2
	tail -20 "$work/serve.log" >&2
	exit 1
}
serve_stop() {
	stop "$serve_pid"
	rm -f "$work/serve.pid"
}
fresh() {
	grep " $1/" /proc/mounts | cut -d' ' -f2 | sort -r | while read -r m; do umount "$m" || umount -l "$m"; done
	rm -rf "$1"
}
timed() { # command...
	t0=$(now)
	if ! "$@"; then
		echo "run.sh: failed: $*; see the last lines of its log:" >&2
		tail -20 "$work/buildah.log" "$work/strata.log" 2>/dev/null >&2
		exit 1
	fi
	elapsed "$t0" "$(now)"
}
is_strata() { case "$1" in strata*) return 0 ;; *) return 1 ;; esac; }
# Prints "cold cached [changed]" medians for one tool and workload.
measure() { # tool workload
	cold="" cached="" changed=""
	r=0
	while [ $r -lt "$rounds" ]; do
		state="$work/state-$1"
		fresh "$state"
		printf 'file 0\n' >"$work/context/files/0.txt"
		is_strata "$1" && [ "$strata_mode" = serve ] && serve_start "$state"
		cold="$cold $(timed "${1}_build" "$2" "$state")"
		cached="$cached $(timed "${1}_build" "$2" "$state")"
		if [ "$2" = copy-files ]; then
			printf 'file 0, round %s\n' "$r" >"$work/context/files/0.txt"
			changed="$changed $(timed "${1}_build" "$2" "$state")"
		fi
		is_strata "$1" && [ "$strata_mode" = serve ] && serve_stop
		r=$((r + 1))
	done
	fresh "$work/state-$1"
	echo "$(echo "$cold" | median) $(echo "$cached" | median) $(echo "$changed" | median)"
}
ratio() { [ -n "$1" ] && [ -n "$2" ] && echo "$1 / $2" | bc -l | xargs printf '%.2fx' || echo "-"; }

# BuildKit v0.11.6, OCI worker, 2 cores, from issue 5: cold, fully cached, one file changed.
buildkit_of() {
	case "$1" in
	parallel-stages) echo "1.34 0.07 -" ;;
	run-layers) echo "1.43 0.09 -" ;;
	copy-files) echo "0.81 - 0.51" ;;
	esac
}

echo "machine: $(nproc) cores, $(grep MemTotal /proc/meminfo | tr -s ' '), $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); $(buildah --version); rounds: $rounds (medians); strata-build: $([ "$with_strata" = yes ] && echo "$strata_mode" || echo "not measured")"
printf '%-16s %-8s %9s %9s %9s %9s %14s %15s\n' workload phase buildah solve build BuildKit build/buildah build/BuildKit
for workload in parallel-stages run-layers copy-files; do
	set -- $(measure buildah "$workload")
	[ $# -ge 2 ] || exit 1
	b_cold=$1 b_cached=$2 b_changed=${3:-}
	s_cold="" s_cached="" s_changed="" d_cold="" d_cached="" d_changed=""
	if [ "$with_strata" = yes ]; then
		set -- $(measure strata "$workload")
		[ $# -ge 2 ] || exit 1
		s_cold=$1 s_cached=$2 s_changed=${3:-}
		set -- $(measure strata_dockerfile "$workload")
		[ $# -ge 2 ] || exit 1
		d_cold=$1 d_cached=$2 d_changed=${3:-}
	fi
	set -- $(buildkit_of "$workload")
	k_cold=$1 k_cached=$2 k_changed=$3
	for phase in cold cached changed; do
		eval "b=\$b_$phase s=\$s_$phase d=\$d_$phase k=\$k_$phase"
		[ -z "$b" ] && continue
		[ "$k" = "-" ] && k=""
		printf '%-16s %-8s %9s %9s %9s %9s %14s %15s\n' "$workload" "$phase" "$b" "${s:--}" "${d:--}" "${k:--}" \
			"$(ratio "$d" "$b")" "$(ratio "$d" "$k")"
	done
done
