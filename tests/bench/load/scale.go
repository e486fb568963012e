package main

import (
	"context"
	"fmt"
	"sort"
	"syscall"
	"time"
)

// settlePause follows a sync before each measurement on a filled root, so that neither daemon is
// measured while the kernel writes back the directories of a fill (its own or the other daemon's).
const settlePause = 2 * time.Second

// settle writes back every dirty page of the machine and waits a moment: the daemon that fills
// faster would otherwise have more of its fill's writeback land in its own measurement.
func settle() {
	syscall.Sync()
	time.Sleep(settlePause)
}

// startupPhase restarts both daemons on their (empty) roots, interleaved, and prints the medians of
// the time from exec to the first answered call and of the CPU time the daemon used until then
// (steadier than the time on a loaded machine).
func startupPhase(p plan, strata, reference *daemon) error {
	took := map[*daemon][]time.Duration{}
	cpu := map[*daemon][]time.Duration{}
	if err := alternateDaemons(strata, reference, p.startups, func(d *daemon, _ int) error {
		d.stop()
		settle()
		if err := d.start(); err != nil {
			return err
		}
		used, err := d.cpuTime()
		took[d] = append(took[d], d.startup)
		cpu[d] = append(cpu[d], used)
		return err
	}); err != nil {
		return err
	}
	s, r := median(took[strata]), median(took[reference])
	fmt.Printf("start-up on an empty root, median of %d restarts each (ms): strata %s, reference %s, ratio %s\n",
		p.startups, ms(s), ms(r), ratio(float64(s), float64(r)))
	fmt.Printf("  strata %s\n  reference %s\n", msList(took[strata]), msList(took[reference]))
	s, r = median(cpu[strata]), median(cpu[reference])
	fmt.Printf("daemon CPU time until then, median (ms): strata %s, reference %s, ratio %s\n", ms(s), ms(r), ratio(float64(s), float64(r)))
	return nil
}

// scaleResult is what the scale phase measured on one daemon.
type scaleResult struct {
	small, large    *samples
	fillRate        float64
	bestWalk        time.Duration
	rss, rssRestart int64
	restarts        []time.Duration
}

// scalePhase fills both daemons to p.scaleLarge active snapshots and a second daemon of each kind
// to p.scaleSmall, and measures Stat on the four side by side; then a full List, RSS and restarts of
// the large ones. Each measurement follows a sync and a pause and alternates between the daemons in
// batches, as the other phases do.
func scalePhase(ctx context.Context, p plan, workdir string, strata, reference *daemon) error {
	fmt.Printf("\nScale: %d and %d active snapshots (filled by 8 clients)\n", p.scaleSmall, p.scaleLarge)
	results := map[*daemon]*scaleResult{
		strata:    {small: newSamples(), large: newSamples()},
		reference: {small: newSamples(), large: newSamples()},
	}
	small := map[*daemon]*daemon{}
	for _, d := range []*daemon{strata, reference} {
		s := newDaemon(d.name+"-small", d.argv, workdir)
		defer s.stop()
		if err := s.start(); err != nil {
			return err
		}
		small[d] = s
	}
	if err := alternateDaemons(small[strata], small[reference], 1, func(d *daemon, _ int) error {
		return populate(ctx, d.sn, "scale", 0, p.scaleSmall)
	}); err != nil {
		return err
	}
	if err := alternateDaemons(strata, reference, 1, func(d *daemon, _ int) error {
		began := time.Now()
		if err := populate(ctx, d.sn, "scale", 0, p.scaleLarge); err != nil {
			return err
		}
		results[d].fillRate = float64(p.scaleLarge) / time.Since(began).Seconds()
		rss, err := d.rss()
		results[d].rss = rss
		return err
	}); err != nil {
		return err
	}
	if err := statBothSizes(ctx, p, strata, reference, small, results); err != nil {
		return err
	}
	if err := alternateDaemons(strata, reference, 3, func(d *daemon, round int) error {
		took, seen, err := walkAll(ctx, d.sn)
		if err != nil {
			return err
		}
		if seen < p.scaleLarge {
			return fmt.Errorf("walk saw %d snapshots, expected at least %d", seen, p.scaleLarge)
		}
		if round == 0 || took < results[d].bestWalk {
			results[d].bestWalk = took
		}
		return nil
	}); err != nil {
		return err
	}
	for _, d := range []*daemon{strata, reference} {
		rss, err := d.rss()
		if err != nil {
			return err
		}
		if rss > results[d].rss {
			results[d].rss = rss
		}
	}
	if err := alternateDaemons(strata, reference, p.restarts, func(d *daemon, _ int) error {
		d.stop()
		settle()
		if err := d.start(); err != nil {
			return err
		}
		results[d].restarts = append(results[d].restarts, d.startup)
		if _, _, err := walkAll(ctx, d.sn); err != nil {
			return err
		}
		rss, err := d.rss()
		results[d].rssRestart = rss
		return err
	}); err != nil {
		return err
	}
	fmt.Printf("Stat: %d samples at each size, on a daemon of each kind per size, in %d batches rotating among the four after a restart and %d Stats of warm-up each, a sync and a %s pause; RSS the larger of after the fill and after the Lists; restart: median of %d, each after a sync and a pause\n",
		p.statSamples, p.statBatches, p.warmupReads, settlePause, p.restarts)
	fmt.Println("| daemon | Stat p50 @small (µs) | Stat p50 @large (µs) | large/small | fill rate (Prepare/s) | full List (ms) | RSS (MiB) | restart to serving (ms) | RSS after restart (MiB) |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|")
	for _, d := range []*daemon{strata, reference} {
		r := results[d]
		small, _ := r.small.percentile("Stat", 0.5)
		large, _ := r.large.percentile("Stat", 0.5)
		fmt.Printf("| %s | %s | %s | %s | %.0f | %s | %.0f | %s | %.0f |\n", d.name, micros(small), micros(large),
			ratio(float64(large), float64(small)), r.fillRate, ms(r.bestWalk), float64(r.rss)/1024, ms(median(r.restarts)),
			float64(r.rssRestart)/1024)
	}
	fmt.Printf("restarts (ms): strata %s, reference %s\n", msList(results[strata].restarts), msList(results[reference].restarts))
	return nil
}

// statBothSizes stats random snapshots among the first n of each daemon, n its size, in
// p.statBatches batches that rotate among the four daemons, so that the machine's drift over the
// long fill of the large ones (its writeback, other load) lands on both sizes alike. The large
// daemons have served every phase before, the small ones only their fill, so all four are restarted
// and warmed alike first.
func statBothSizes(ctx context.Context, p plan, strata, reference *daemon, small map[*daemon]*daemon, results map[*daemon]*scaleResult) error {
	var all []*daemon
	size := map[*daemon]int{}
	into := map[*daemon]*samples{}
	for _, d := range []*daemon{strata, reference} {
		all = append(all, small[d], d)
		size[small[d]], into[small[d]] = p.scaleSmall, results[d].small
		size[d], into[d] = p.scaleLarge, results[d].large
	}
	if err := rotateDaemons(all, 1, func(d *daemon, _ int) error {
		d.stop()
		if err := d.start(); err != nil {
			return err
		}
		return statRandom(ctx, d.sn, "scale", size[d], p.warmupReads, -1, newSamples())
	}); err != nil {
		return err
	}
	settle()
	return rotateDaemons(all, p.statBatches, func(d *daemon, batch int) error {
		return statRandom(ctx, d.sn, "scale", size[d], p.statSamples/p.statBatches, int64(batch), into[d])
	})
}

func median(values []time.Duration) time.Duration {
	sorted := append([]time.Duration(nil), values...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	return sorted[len(sorted)/2]
}

func msList(values []time.Duration) string {
	out := ""
	for i, v := range values {
		if i > 0 {
			out += " "
		}
		out += ms(v)
	}
	return out
}
