package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	snapshotsapi "github.com/containerd/containerd/api/services/snapshots/v1"
	"github.com/containerd/containerd/snapshots"
	"github.com/containerd/containerd/snapshots/proxy"
	"google.golang.org/grpc"
)

const startBound = 60 * time.Second

// daemon is one snapshotter process on its own root and socket, reached
// through containerd's proxy client as containerd reaches a proxy plugin.
type daemon struct {
	name    string
	argv    []string
	root    string
	socket  string
	logPath string
	cmd     *exec.Cmd
	conn    *grpc.ClientConn
	sn      snapshots.Snapshotter
	// startup is the time from exec to the first answered call.
	startup time.Duration
}

func newDaemon(name string, argv []string, workdir string) *daemon {
	dir := filepath.Join(workdir, name)
	return &daemon{
		name:    name,
		argv:    argv,
		root:    filepath.Join(dir, "root"),
		socket:  filepath.Join(dir, "snapshotter.sock"),
		logPath: filepath.Join(dir, "daemon.log"),
	}
}

// start runs the daemon and waits until it answers a call.
func (d *daemon) start() error {
	if err := os.MkdirAll(filepath.Dir(d.socket), 0700); err != nil {
		return err
	}
	logFile, err := os.OpenFile(d.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0600)
	if err != nil {
		return err
	}
	defer logFile.Close()
	args := append(append([]string{}, d.argv[1:]...), "--root", d.root, "--address", d.socket)
	d.cmd = exec.Command(d.argv[0], args...)
	d.cmd.Stdout = logFile
	d.cmd.Stderr = logFile
	d.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	began := time.Now()
	if err := d.cmd.Start(); err != nil {
		return fmt.Errorf("failed to start %s: %w", d.name, err)
	}
	exited := make(chan struct{})
	go func() { _ = d.cmd.Wait(); close(exited) }()
	deadline := began.Add(startBound)
	for {
		if time.Now().After(deadline) {
			d.kill()
			return fmt.Errorf("failed to start %s: no answer within %s (log: %s)", d.name, startBound, d.logPath)
		}
		select {
		case <-exited:
			return fmt.Errorf("failed to start %s: it exited (log: %s)", d.name, d.logPath)
		default:
		}
		if fi, err := os.Lstat(d.socket); err == nil && fi.Mode()&os.ModeSocket != 0 {
			if err := d.connect(); err == nil {
				break
			}
		}
		time.Sleep(time.Millisecond)
	}
	d.startup = time.Since(began)
	return nil
}

// connect dials the socket and makes one call, so that serving means answering.
func (d *daemon) connect() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	conn, err := grpc.DialContext(ctx, d.socket,
		grpc.WithInsecure(),
		grpc.WithBlock(),
		grpc.WithContextDialer(func(ctx context.Context, path string) (net.Conn, error) {
			var dialer net.Dialer
			return dialer.DialContext(ctx, "unix", path)
		}))
	if err != nil {
		return err
	}
	sn := proxy.NewSnapshotter(snapshotsapi.NewSnapshotsClient(conn), "bench")
	if _, err := sn.Stat(ctx, "startup-probe"); err != nil && !strings.Contains(err.Error(), "not found") {
		conn.Close()
		return err
	}
	d.conn = conn
	d.sn = sn
	return nil
}

// rss reads the daemon's resident set size in KiB from /proc.
func (d *daemon) rss() (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", d.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			return strconv.ParseInt(strings.Fields(line)[1], 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", d.cmd.Process.Pid)
}

// cpuTime is the CPU time (user and system) the daemon has used so far, from /proc.
func (d *daemon) cpuTime() (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", d.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	// the fields after the command name, which may hold spaces: state is the first, utime the 12th, stime the 13th
	fields := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	var ticks int64
	for _, field := range fields[11:13] {
		n, err := strconv.ParseInt(field, 10, 64)
		if err != nil {
			return 0, err
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicksPerSecond, nil
}

// quiesce waits until the daemon has used no CPU for a while, at most quiesceBound. A daemon that
// defers work until calls pause (Strata deletes removed directories then) would otherwise do it while
// the other daemon's phase runs and charge it to that one; this way neither daemon's deferred work
// lands in any measured phase, as the reference's (its asynchronous remove leaves directories to
// Cleanup) never does.
func (d *daemon) quiesce() error {
	const (
		poll         = 50 * time.Millisecond
		quietFor     = 300 * time.Millisecond
		quiesceBound = 30 * time.Second
	)
	last, err := d.cpuTime()
	if err != nil {
		return err
	}
	quietSince := time.Now()
	for deadline := time.Now().Add(quiesceBound); time.Now().Before(deadline); {
		time.Sleep(poll)
		now, err := d.cpuTime()
		if err != nil {
			return err
		}
		if now != last {
			last, quietSince = now, time.Now()
		} else if time.Since(quietSince) >= quietFor {
			return nil
		}
	}
	fmt.Fprintf(os.Stderr, "load: %s still used CPU %s after its phase; going on\n", d.name, quiesceBound)
	return nil
}

// clockTicksPerSecond is USER_HZ, the unit of /proc/<pid>/stat's times: 100 on Linux.
const clockTicksPerSecond = 100

// stop ends the daemon with SIGTERM, killing it if it does not exit in time.
func (d *daemon) stop() {
	if d.conn != nil {
		d.conn.Close()
		d.conn = nil
	}
	if d.cmd == nil || d.cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-d.cmd.Process.Pid, syscall.SIGTERM)
	for i := 0; i < 300; i++ {
		if syscall.Kill(d.cmd.Process.Pid, 0) != nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	d.kill()
}

func (d *daemon) kill() {
	if d.cmd != nil && d.cmd.Process != nil {
		_ = syscall.Kill(-d.cmd.Process.Pid, syscall.SIGKILL)
	}
}
