package main

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/containerd/containerd/mount"
	"github.com/containerd/containerd/snapshots"
)

// Operation names, in table order.
var chainOps = []string{"Prepare", "Mounts", "Commit", "Stat", "View", "Remove view", "Remove layer"}

// chain builds depth layers on top of each other: Prepare -> (mount, write a
// file, unmount) -> Mounts -> Commit -> Stat, then a View of the new layer that
// is removed again; at the end it removes the layers from the top down. Each timed call first takes
// a token from pace, which is not timed.
func chain(ctx context.Context, sn snapshots.Snapshotter, prefix string, depth int, write bool, pace *pacer, s *samples) error {
	timed := func(op string, call func() error) error {
		pace.take()
		return s.timed(op, call)
	}
	parent := ""
	var layers []string
	for i := 0; i < depth; i++ {
		key := fmt.Sprintf("%s/active-%d", prefix, i)
		name := fmt.Sprintf("%s/layer-%d", prefix, i)
		view := fmt.Sprintf("%s/view-%d", prefix, i)
		var mounts []mount.Mount
		if err := timed("Prepare", func() (err error) {
			mounts, err = sn.Prepare(ctx, key, parent)
			return err
		}); err != nil {
			return err
		}
		if write {
			if err := writeInto(mounts, prefix, i); err != nil {
				return err
			}
		}
		if err := timed("Mounts", func() error { _, err := sn.Mounts(ctx, key); return err }); err != nil {
			return err
		}
		if err := timed("Commit", func() error { return sn.Commit(ctx, name, key) }); err != nil {
			return err
		}
		if err := timed("Stat", func() error { _, err := sn.Stat(ctx, name); return err }); err != nil {
			return err
		}
		if err := timed("View", func() error { _, err := sn.View(ctx, view, name); return err }); err != nil {
			return err
		}
		if err := timed("Remove view", func() error { return sn.Remove(ctx, view) }); err != nil {
			return err
		}
		layers = append(layers, name)
		parent = name
	}
	for i := len(layers) - 1; i >= 0; i-- {
		if err := timed("Remove layer", func() error { return sn.Remove(ctx, layers[i]) }); err != nil {
			return err
		}
	}
	return nil
}

// writeInto mounts an active snapshot, writes one file of 4 KiB into it and
// unmounts it, as an unpack or a build step would.
func writeInto(mounts []mount.Mount, prefix string, layer int) error {
	target, err := os.MkdirTemp("", "bench-mount-")
	if err != nil {
		return err
	}
	defer os.Remove(target)
	if err := mount.All(mounts, target); err != nil {
		return fmt.Errorf("failed to mount: %w", err)
	}
	data := make([]byte, 4096)
	path := filepath.Join(target, fmt.Sprintf("file-%d", layer))
	writeErr := os.WriteFile(path, data, 0644)
	if err := mount.UnmountAll(target, 0); err != nil {
		return fmt.Errorf("failed to unmount: %w", err)
	}
	return writeErr
}

// sequential runs chains one after another.
func sequential(ctx context.Context, sn snapshots.Snapshotter, prefix string, chains, depth int, write bool, pace *pacer, s *samples) error {
	for c := 0; c < chains; c++ {
		if err := chain(ctx, sn, fmt.Sprintf("%s-%d", prefix, c), depth, write, pace, s); err != nil {
			return err
		}
	}
	return nil
}

// concurrent runs chains on clients goroutines sharing one connection, as
// containerd's goroutines share its connection to a proxy plugin, and returns
// the calls completed per second. Every timed call first takes a token from pace.
func concurrent(ctx context.Context, sn snapshots.Snapshotter, prefix string, clients, chainsEach, depth int, write bool, pace *pacer, s *samples) (float64, error) {
	var wg sync.WaitGroup
	var firstErr firstError
	counting := newSamples()
	began := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			err := sequential(ctx, sn, fmt.Sprintf("%s-c%d", prefix, c), chainsEach, depth, write, pace, counting)
			if err != nil {
				firstErr.set(err)
			}
		}(c)
	}
	wg.Wait()
	elapsed := time.Since(began)
	if err := firstErr.get(); err != nil {
		return 0, err
	}
	calls := 0
	for op, values := range counting.ops {
		calls += len(values)
		for _, v := range values {
			s.add(op, v)
		}
	}
	return float64(calls) / elapsed.Seconds(), nil
}

// populate adds active snapshots named prefix-<i> for i in [from, to) with 8 clients.
func populate(ctx context.Context, sn snapshots.Snapshotter, prefix string, from, to int) error {
	var next int64 = int64(from) - 1
	var wg sync.WaitGroup
	var firstErr firstError
	for c := 0; c < 8; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := atomic.AddInt64(&next, 1)
				if i >= int64(to) {
					return
				}
				if _, err := sn.Prepare(ctx, fmt.Sprintf("%s-%d", prefix, i), ""); err != nil {
					firstErr.set(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := firstErr.get(); err != nil {
		return fmt.Errorf("failed to populate: %w", err)
	}
	return nil
}

// statRandom stats count random snapshots among prefix-<0..n), the same ones for the same seed,
// and records the latencies in s.
func statRandom(ctx context.Context, sn snapshots.Snapshotter, prefix string, n, count int, seed int64, s *samples) error {
	random := rand.New(rand.NewSource(seed))
	for i := 0; i < count; i++ {
		key := fmt.Sprintf("%s-%d", prefix, random.Intn(n))
		if err := s.timed("Stat", func() error { _, err := sn.Stat(ctx, key); return err }); err != nil {
			return err
		}
	}
	return nil
}

// walkAll lists every snapshot and returns how long it took and how many it saw.
func walkAll(ctx context.Context, sn snapshots.Snapshotter) (time.Duration, int, error) {
	seen := 0
	began := time.Now()
	err := sn.Walk(ctx, func(context.Context, snapshots.Info) error { seen++; return nil })
	return time.Since(began), seen, err
}

// firstError keeps the first error that concurrent clients report.
type firstError struct {
	mu  sync.Mutex
	err error
}

func (f *firstError) set(err error) {
	f.mu.Lock()
	if f.err == nil {
		f.err = err
	}
	f.mu.Unlock()
}

func (f *firstError) get() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// readOps are the calls of the reads phase, in table order.
var readOps = []string{"Stat", "Mounts"}

// reads calls Stat and Mounts calls times each, spread over clients goroutines sharing one
// connection, on one active snapshot, records their latencies and returns the calls per second.
// Nothing touches the disk: every call is a round trip and a metadata read.
func reads(ctx context.Context, sn snapshots.Snapshotter, key string, clients, calls int, s *samples) (float64, error) {
	if _, err := sn.Prepare(ctx, key, ""); err != nil {
		return 0, err
	}
	var wg sync.WaitGroup
	var firstErr firstError
	began := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < calls/clients; i++ {
				if err := s.timed("Stat", func() error { _, err := sn.Stat(ctx, key); return err }); err != nil {
					firstErr.set(err)
					return
				}
				if err := s.timed("Mounts", func() error { _, err := sn.Mounts(ctx, key); return err }); err != nil {
					firstErr.set(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	perSecond := float64(2*(calls/clients)*clients) / time.Since(began).Seconds()
	if err := firstErr.get(); err != nil {
		return 0, err
	}
	return perSecond, sn.Remove(ctx, key)
}
