// Package conformance runs containerd's snapshotter conformance suite against
// an out-of-process snapshotter daemon, reached through containerd's proxy
// client exactly as containerd reaches a proxy plugin.
package conformance

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	snapshotsapi "github.com/containerd/containerd/api/services/snapshots/v1"
	"github.com/containerd/containerd/snapshots"
	"github.com/containerd/containerd/snapshots/proxy"
	"github.com/containerd/containerd/snapshots/testsuite"
)

const (
	// daemonEnv holds the daemon's command line, split on white space.
	daemonEnv = "STRATA_DAEMON"
	// startBoundEnv optionally overrides how long a daemon may take to serve (a Go duration).
	startBoundEnv     = "STRATA_DAEMON_START_TIMEOUT"
	defaultStartBound = 60 * time.Second
	snapshotterName   = "strata"
)

func TestConformance(t *testing.T) {
	argv := strings.Fields(os.Getenv(daemonEnv))
	if len(argv) == 0 {
		t.Fatalf("set %s to the snapshotter daemon's command line", daemonEnv)
	}
	if os.Geteuid() != 0 {
		t.Fatal("the conformance suite mounts overlayfs and must run as root")
	}
	startBound := defaultStartBound
	if value := os.Getenv(startBoundEnv); value != "" {
		parsed, err := time.ParseDuration(value)
		if err != nil {
			t.Fatalf("failed to parse %s=%q: %v", startBoundEnv, value, err)
		}
		startBound = parsed
	}
	testsuite.SnapshotterSuite(t, snapshotterName, daemonSnapshotter(argv, startBound))
}

// daemonSnapshotter starts one daemon per test case on the case's fresh root
// and hands the suite a proxy snapshotter connected to it.
func daemonSnapshotter(argv []string, startBound time.Duration) testsuite.SnapshotterFunc {
	return func(ctx context.Context, root string) (snapshots.Snapshotter, func() error, error) {
		d, err := startDaemon(ctx, argv, root)
		if err != nil {
			return nil, nil, err
		}
		if err := d.awaitSocket(startBound); err != nil {
			d.kill()
			return nil, nil, err
		}
		conn, err := d.dial(startBound)
		if err != nil {
			d.kill()
			return nil, nil, err
		}
		closeFn := func() error {
			connErr := conn.Close()
			if err := d.stop(); err != nil {
				return err
			}
			if connErr != nil {
				return fmt.Errorf("failed to close connection to %s: %w", d.socket, connErr)
			}
			return nil
		}
		return proxy.NewSnapshotter(snapshotsapi.NewSnapshotsClient(conn), snapshotterName), closeFn, nil
	}
}
