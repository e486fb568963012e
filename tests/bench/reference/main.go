// Command reference serves containerd's own overlay snapshotter over the
// containerd.services.snapshots.v1 Snapshots API on a Unix socket. It takes the
// same command line as strata-snapshotter, so the conformance harness and the
// benchmarks can run against either daemon.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	snapshotsapi "github.com/containerd/containerd/api/services/snapshots/v1"
	"github.com/containerd/containerd/contrib/snapshotservice"
	"github.com/containerd/containerd/snapshots/overlay"
	"google.golang.org/grpc"
)

func main() {
	root := flag.String("root", "", "state directory of the snapshotter")
	address := flag.String("address", "", "path of the Unix socket to serve on")
	asyncRemove := flag.Bool("async-remove", false, "leave removed directories to Cleanup, as containerd's overlay plugin does")
	flag.Parse()
	if *root == "" || *address == "" || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: reference --root DIR --address SOCKET [--async-remove]")
		os.Exit(2)
	}
	var opts []overlay.Opt
	if *asyncRemove {
		opts = append(opts, overlay.AsynchronousRemove)
	}
	if err := run(*root, *address, opts); err != nil {
		fmt.Fprintf(os.Stderr, "reference: %v\n", err)
		os.Exit(1)
	}
}

func run(root, address string, opts []overlay.Opt) error {
	sn, err := overlay.NewSnapshotter(root, opts...)
	if err != nil {
		return fmt.Errorf("failed to create overlay snapshotter in %s: %w", root, err)
	}
	defer sn.Close()

	listener, err := listen(address)
	if err != nil {
		return err
	}
	server := grpc.NewServer()
	snapshotsapi.RegisterSnapshotsServer(server, snapshotservice.FromSnapshotter(sn))

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()

	select {
	case <-signals:
		server.GracefulStop()
		return nil
	case err := <-served:
		return fmt.Errorf("failed to serve on %s: %w", address, err)
	}
}

// listen binds the socket, replacing a stale socket file left by a killed daemon.
func listen(address string) (net.Listener, error) {
	if err := os.MkdirAll(filepath.Dir(address), 0700); err != nil {
		return nil, fmt.Errorf("failed to create socket directory: %w", err)
	}
	if fi, err := os.Lstat(address); err == nil && fi.Mode()&os.ModeSocket != 0 {
		if err := os.Remove(address); err != nil {
			return nil, fmt.Errorf("failed to remove stale socket %s: %w", address, err)
		}
	}
	listener, err := net.Listen("unix", address)
	if err != nil {
		return nil, fmt.Errorf("failed to listen on %s: %w", address, err)
	}
	return listener, nil
}
