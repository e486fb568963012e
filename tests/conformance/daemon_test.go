package conformance

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/containerd/containerd/log"
	"google.golang.org/grpc"
)

const (
	// stopBound is how long a daemon may take to exit after SIGTERM before it is killed.
	stopBound = 30 * time.Second
	// outputBound is how long a process left behind by the daemon may keep its output open.
	outputBound = 5 * time.Second
)

// daemon is one snapshotter process, in its own process group, serving a fresh
// root on its own socket.
type daemon struct {
	cmd        *exec.Cmd
	socket     string
	output     *os.File
	logger     *lineLogger
	outputDone chan struct{}
	exited     chan struct{}
	exitErr    error
}

// startDaemon runs argv with "--root <root>/state --address <root>/snapshotter.sock"
// appended and logs its stdout and stderr, line by line, to the test's log in ctx.
func startDaemon(ctx context.Context, argv []string, root string) (*daemon, error) {
	socket := filepath.Join(root, "snapshotter.sock")
	args := append(append([]string{}, argv[1:]...), "--root", filepath.Join(root, "state"), "--address", socket)
	output, outputWriter, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("failed to create daemon output pipe: %w", err)
	}
	cmd := exec.Command(argv[0], args...)
	cmd.Stdout = outputWriter
	cmd.Stderr = outputWriter
	// Signals go to the whole group, so a launcher script and the JVM it starts stop together.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	err = cmd.Start()
	outputWriter.Close()
	if err != nil {
		output.Close()
		return nil, fmt.Errorf("failed to start daemon %q: %w", argv, err)
	}
	d := &daemon{
		cmd:        cmd,
		socket:     socket,
		output:     output,
		logger:     &lineLogger{ctx: ctx, pid: cmd.Process.Pid},
		outputDone: make(chan struct{}),
		exited:     make(chan struct{}),
	}
	go func() {
		_, _ = io.Copy(d.logger, output)
		d.logger.flush()
		close(d.outputDone)
	}()
	go func() {
		d.exitErr = cmd.Wait()
		close(d.exited)
	}()
	return d, nil
}

// awaitSocket waits until the daemon has created its socket, failing early if it exits.
func (d *daemon) awaitSocket(bound time.Duration) error {
	deadline := time.After(bound)
	poll := time.NewTicker(10 * time.Millisecond)
	defer poll.Stop()
	for {
		if fi, err := os.Lstat(d.socket); err == nil && fi.Mode()&os.ModeSocket != 0 {
			return nil
		}
		select {
		case <-d.exited:
			return fmt.Errorf("daemon exited before serving on %s: %s", d.socket, d.exitStatus())
		case <-deadline:
			return fmt.Errorf("daemon did not create %s within %s", d.socket, bound)
		case <-poll.C:
		}
	}
}

// dial connects to the daemon's socket and waits until the connection is ready.
func (d *daemon) dial(bound time.Duration) (*grpc.ClientConn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	conn, err := grpc.DialContext(ctx, d.socket,
		grpc.WithInsecure(),
		grpc.WithBlock(),
		grpc.WithContextDialer(func(ctx context.Context, path string) (net.Conn, error) {
			var dialer net.Dialer
			return dialer.DialContext(ctx, "unix", path)
		}))
	if err != nil {
		return nil, fmt.Errorf("failed to connect to %s: %w", d.socket, err)
	}
	return conn, nil
}

// stop sends SIGTERM to the daemon's process group, kills the group if the
// daemon outlives stopBound and reports any exit other than a clean one.
func (d *daemon) stop() error {
	pid := d.cmd.Process.Pid
	select {
	case <-d.exited:
		d.kill()
		return fmt.Errorf("daemon %d exited before the case ended: %s", pid, d.exitStatus())
	default:
	}
	if err := syscall.Kill(-pid, syscall.SIGTERM); err != nil {
		d.kill()
		return fmt.Errorf("failed to send SIGTERM to daemon %d: %w", pid, err)
	}
	select {
	case <-d.exited:
		d.drainOutput()
	case <-time.After(stopBound):
		d.kill()
		return fmt.Errorf("daemon %d did not exit within %s of SIGTERM and was killed", pid, stopBound)
	}
	if d.exitErr != nil {
		return fmt.Errorf("daemon %d did not exit cleanly after SIGTERM: %w", pid, d.exitErr)
	}
	return nil
}

// exitStatus describes how the daemon exited; call it only once it has.
func (d *daemon) exitStatus() string {
	if d.exitErr == nil {
		return "exit status 0"
	}
	return d.exitErr.Error()
}

// kill ends the daemon's process group with SIGKILL, including anything the
// daemon left behind, and waits for the daemon.
func (d *daemon) kill() {
	_ = syscall.Kill(-d.cmd.Process.Pid, syscall.SIGKILL)
	<-d.exited
	d.drainOutput()
}

// drainOutput logs the daemon's last output; it stops logging after outputBound
// if something the daemon started still holds the pipe, because a test may not
// log once it has finished.
func (d *daemon) drainOutput() {
	select {
	case <-d.outputDone:
	case <-time.After(outputBound):
		d.logger.stop()
	}
	d.output.Close()
	<-d.outputDone
}

// lineLogger writes each complete line of daemon output to the test log in ctx.
type lineLogger struct {
	ctx     context.Context
	pid     int
	mu      sync.Mutex
	pending []byte
	stopped bool
}

func (l *lineLogger) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.pending = append(l.pending, p...)
	for {
		i := bytes.IndexByte(l.pending, '\n')
		if i < 0 {
			return len(p), nil
		}
		l.log(l.pending[:i])
		l.pending = l.pending[i+1:]
	}
}

func (l *lineLogger) flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.pending) > 0 {
		l.log(l.pending)
		l.pending = nil
	}
}

// stop discards all further output.
func (l *lineLogger) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopped = true
}

func (l *lineLogger) log(line []byte) {
	if l.stopped {
		return
	}
	log.G(l.ctx).WithField("daemon", l.pid).Info(string(line))
}
