package main

import (
	"fmt"
	"os"
	"syscall"
	"time"
)

// flushSamples is how many durable writes flushFloor times.
const flushSamples = 2000

// flushFloor is the p50 in dir of one durable small write: 512 bytes written over a block of a
// preallocated file that is already written and flushed, then fdatasync. A durable commit on that
// filesystem takes at least this long.
func flushFloor(dir string) (time.Duration, error) {
	f, err := os.CreateTemp(dir, "flush-floor-")
	if err != nil {
		return 0, fmt.Errorf("failed to create the flush floor's file in %s: %w", dir, err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	block := make([]byte, 4096)
	if err := syscall.Fallocate(int(f.Fd()), 0, 0, 64*int64(len(block))); err != nil {
		return 0, fmt.Errorf("failed to preallocate %s: %w", f.Name(), err)
	}
	if _, err := f.WriteAt(block, 0); err != nil {
		return 0, fmt.Errorf("failed to write %s: %w", f.Name(), err)
	}
	if err := f.Sync(); err != nil {
		return 0, fmt.Errorf("failed to fsync %s: %w", f.Name(), err)
	}
	s := newSamples()
	small := block[:512]
	for i := 0; i < flushSamples; i++ {
		small[0] = byte(i)
		if err := s.timed("flush", func() error {
			if _, err := f.WriteAt(small, 0); err != nil {
				return err
			}
			return syscall.Fdatasync(int(f.Fd()))
		}); err != nil {
			return 0, fmt.Errorf("failed to write durably to %s: %w", f.Name(), err)
		}
	}
	p50, _ := s.percentile("flush", 0.5)
	return p50, nil
}

// printRemoveFloor prints the flush floor and the least a durable Remove can take: a Stat's round
// trip and lookup plus one flush of its commit, against the reference's Remove p50 (views and
// layers), from one sequential table.
func printRemoveFloor(flush time.Duration, strata, reference *samples) {
	stat, _ := strata.percentile("Stat", 0.5)
	removes := newSamples()
	for _, op := range []string{"Remove view", "Remove layer"} {
		for _, v := range reference.ops[op] {
			removes.add("Remove", v)
		}
	}
	remove, _ := removes.percentile("Remove", 0.5)
	floor := stat + flush
	fmt.Printf("one flush p50 %s µs; a Remove needs at least Stat p50 + one flush = %s µs = %s x the reference's Remove p50 (%s µs)\n",
		micros(flush), micros(floor), ratio(float64(floor), float64(remove)), micros(remove))
}
