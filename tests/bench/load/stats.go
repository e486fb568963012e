package main

import (
	"fmt"
	"sort"
	"sync"
	"time"
)

// samples collects the latencies of each operation of one daemon.
type samples struct {
	mu  sync.Mutex
	ops map[string][]time.Duration
}

func newSamples() *samples {
	return &samples{ops: map[string][]time.Duration{}}
}

func (s *samples) add(op string, d time.Duration) {
	s.mu.Lock()
	s.ops[op] = append(s.ops[op], d)
	s.mu.Unlock()
}

// timed runs call and records its latency under op when s is not nil.
func (s *samples) timed(op string, call func() error) error {
	began := time.Now()
	err := call()
	if s != nil && err == nil {
		s.add(op, time.Since(began))
	}
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// count is the number of calls recorded, over all operations.
func (s *samples) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, values := range s.ops {
		n += len(values)
	}
	return n
}

// cpuPerCall prints each daemon's CPU time per recorded call.
func cpuPerCall(strataCPU, referenceCPU time.Duration, strata, reference *samples) {
	s := float64(strataCPU) / float64(time.Microsecond) / float64(strata.count())
	r := float64(referenceCPU) / float64(time.Microsecond) / float64(reference.count())
	fmt.Printf("daemon CPU per call (µs): strata %.0f, reference %.0f, ratio %s\n", s, r, ratio(s, r))
}

func (s *samples) percentile(op string, p float64) (time.Duration, bool) {
	values := append([]time.Duration(nil), s.ops[op]...)
	if len(values) == 0 {
		return 0, false
	}
	sort.Slice(values, func(i, j int) bool { return values[i] < values[j] })
	index := int(p * float64(len(values)-1))
	return values[index], true
}

func micros(d time.Duration) string {
	return fmt.Sprintf("%.0f", float64(d)/float64(time.Microsecond))
}

func ratio(strata, reference float64) string {
	if reference == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", strata/reference)
}

// latencyTable prints p50 and p99 of each op in µs for both daemons and the ratios strata/reference.
func latencyTable(title string, ops []string, strata, reference *samples) {
	fmt.Printf("\n%s (µs)\n", title)
	fmt.Printf("| %-16s | %6s | %12s | %12s | %9s | %12s | %12s | %9s |\n",
		"op", "n", "strata p50", "ref p50", "p50 ratio", "strata p99", "ref p99", "p99 ratio")
	fmt.Printf("|%s|%s|%s|%s|%s|%s|%s|%s|\n", dashes(18), dashes(8), dashes(14), dashes(14), dashes(11), dashes(14), dashes(14), dashes(11))
	for _, op := range ops {
		s50, ok1 := strata.percentile(op, 0.50)
		r50, ok2 := reference.percentile(op, 0.50)
		if !ok1 || !ok2 {
			continue
		}
		s99, _ := strata.percentile(op, 0.99)
		r99, _ := reference.percentile(op, 0.99)
		fmt.Printf("| %-16s | %6d | %12s | %12s | %9s | %12s | %12s | %9s |\n", op, len(strata.ops[op]),
			micros(s50), micros(r50), ratio(float64(s50), float64(r50)),
			micros(s99), micros(r99), ratio(float64(s99), float64(r99)))
	}
}

func dashes(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '-'
	}
	return string(b)
}
