// Command load drives two snapshotter daemons, Strata and the reference
// (containerd's overlay snapshotter), with identical workloads through
// containerd's proxy client in the same run, alternating between them so that
// noise hits both, and prints per-operation latencies and the ratios
// strata/reference.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"
)

// plan sizes every phase; quick is for a look, full for the table in docs/PERFORMANCE.md.
type plan struct {
	warmupChains, warmupReads              int
	rounds, chains, depth                  int
	writeRounds, writeChains               int
	concurrentRounds, concurrentChains     int
	writeConcurrentRounds, writeConcChains int
	clients                                int
	scaleSmall, scaleLarge, statSamples    int
}

var (
	fullPlan = plan{
		warmupChains: 300, warmupReads: 20000,
		rounds: 4, chains: 25, depth: 4,
		writeRounds: 4, writeChains: 10,
		concurrentRounds: 3, concurrentChains: 8,
		writeConcurrentRounds: 2, writeConcChains: 4,
		clients:    8,
		scaleSmall: 1000, scaleLarge: 100000, statSamples: 2000,
	}
	quickPlan = plan{
		warmupChains: 100, warmupReads: 20000,
		rounds: 2, chains: 10, depth: 4,
		writeRounds: 2, writeChains: 5,
		concurrentRounds: 2, concurrentChains: 4,
		writeConcurrentRounds: 1, writeConcChains: 2,
		clients:    8,
		scaleSmall: 1000, scaleLarge: 10000, statSamples: 1000,
	}
)

func main() {
	strataCmd := flag.String("strata", "", "Strata daemon command line (--root and --address are appended)")
	referenceCmd := flag.String("reference", "", "reference daemon command line (--root and --address are appended)")
	workdir := flag.String("workdir", "", "directory for the daemons' roots, sockets and logs")
	quick := flag.Bool("quick", false, "smaller phases and 10,000 instead of 100,000 snapshots for the scale phase")
	scale := flag.Int("scale", 0, "number of snapshots for the scale phase (overrides the plan)")
	flag.Parse()
	if *strataCmd == "" || *referenceCmd == "" || *workdir == "" {
		fmt.Fprintln(os.Stderr, "usage: load -strata CMD -reference CMD -workdir DIR [-quick] [-scale N]")
		os.Exit(2)
	}
	p := fullPlan
	if *quick {
		p = quickPlan
	}
	if *scale > 0 {
		p.scaleLarge = *scale
	}
	strata := newDaemon("strata", strings.Fields(*strataCmd), *workdir)
	reference := newDaemon("reference", strings.Fields(*referenceCmd), *workdir)
	defer strata.stop()
	defer reference.stop()
	if err := run(p, strata, reference); err != nil {
		fmt.Fprintf(os.Stderr, "load: %v\n", err)
		strata.stop()
		reference.stop()
		os.Exit(1)
	}
}

func run(p plan, strata, reference *daemon) error {
	ctx := context.Background()
	for _, d := range []*daemon{reference, strata} {
		if err := d.start(); err != nil {
			return err
		}
	}
	fmt.Printf("start-up on an empty root: strata %v, reference %v\n", ms(strata.startup), ms(reference.startup))

	// alternate runs phase on both daemons, swapping which goes first each round.
	alternate := func(rounds int, phase func(d *daemon, round int) error) error {
		for r := 0; r < rounds; r++ {
			order := []*daemon{strata, reference}
			if r%2 == 1 {
				order = []*daemon{reference, strata}
			}
			for _, d := range order {
				if err := phase(d, r); err != nil {
					return fmt.Errorf("%s: %w", d.name, err)
				}
			}
		}
		return nil
	}
	record := map[*daemon]*samples{}
	fresh := func() { record = map[*daemon]*samples{strata: newSamples(), reference: newSamples()} }

	fmt.Println("warming up both daemons (not recorded)")
	if err := alternate(1, func(d *daemon, r int) error {
		if err := sequential(ctx, d.sn, "warm", p.warmupChains, p.depth, false, nil); err != nil {
			return err
		}
		if _, err := concurrent(ctx, d.sn, "warm-c", p.clients, 2, p.depth, true, newSamples()); err != nil {
			return err
		}
		return readWarmup(ctx, d.sn, p.clients, p.warmupReads)
	}); err != nil {
		return err
	}

	fresh()
	if err := alternate(p.rounds, func(d *daemon, r int) error {
		return sequential(ctx, d.sn, fmt.Sprintf("seq-r%d", r), p.chains, p.depth, false, record[d])
	}); err != nil {
		return err
	}
	latencyTable("Sequential, one client, metadata only", chainOps, record[strata], record[reference])

	fresh()
	if err := alternate(p.writeRounds, func(d *daemon, r int) error {
		return sequential(ctx, d.sn, fmt.Sprintf("seqw-r%d", r), p.writeChains, p.depth, true, record[d])
	}); err != nil {
		return err
	}
	latencyTable("Sequential, one client, each active snapshot mounted and written (mount time not counted)", chainOps, record[strata], record[reference])

	for _, write := range []bool{false, true} {
		fresh()
		rounds, chains := p.concurrentRounds, p.concurrentChains
		if write {
			rounds, chains = p.writeConcurrentRounds, p.writeConcChains
		}
		rate := map[*daemon]float64{}
		if err := alternate(rounds, func(d *daemon, r int) error {
			perSecond, err := concurrent(ctx, d.sn, fmt.Sprintf("conc-%v-r%d", write, r), p.clients, chains, p.depth, write, record[d])
			rate[d] += perSecond / float64(rounds)
			return err
		}); err != nil {
			return err
		}
		title := fmt.Sprintf("%d concurrent clients, metadata only", p.clients)
		if write {
			title = fmt.Sprintf("%d concurrent clients, each active snapshot mounted and written", p.clients)
		}
		latencyTable(title, chainOps, record[strata], record[reference])
		fmt.Printf("throughput (calls/s): strata %.0f, reference %.0f, ratio %s\n", rate[strata], rate[reference], ratio(rate[strata], rate[reference]))
	}

	fmt.Printf("\nScale: %d and %d active snapshots (filled by 8 clients)\n", p.scaleSmall, p.scaleLarge)
	fmt.Println("| daemon | Stat p50 @small (µs) | Stat p50 @large (µs) | large/small | fill rate (Prepare/s) | full List (ms) | RSS (MiB) | restart to serving (ms) | RSS after restart (MiB) |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|")
	for _, d := range []*daemon{strata, reference} {
		if err := scalePhase(ctx, p, d); err != nil {
			return fmt.Errorf("%s: %w", d.name, err)
		}
	}
	return nil
}

func scalePhase(ctx context.Context, p plan, d *daemon) error {
	if err := populate(ctx, d.sn, "scale", 0, p.scaleSmall); err != nil {
		return err
	}
	small, err := statRandom(ctx, d.sn, "scale", p.scaleSmall, p.statSamples)
	if err != nil {
		return err
	}
	began := time.Now()
	if err := populate(ctx, d.sn, "scale", p.scaleSmall, p.scaleLarge); err != nil {
		return err
	}
	fillRate := float64(p.scaleLarge-p.scaleSmall) / time.Since(began).Seconds()
	large, err := statRandom(ctx, d.sn, "scale", p.scaleLarge, p.statSamples)
	if err != nil {
		return err
	}
	var best time.Duration
	for i := 0; i < 3; i++ {
		took, seen, err := walkAll(ctx, d.sn)
		if err != nil {
			return err
		}
		if seen < p.scaleLarge {
			return fmt.Errorf("walk saw %d snapshots, expected at least %d", seen, p.scaleLarge)
		}
		if i == 0 || took < best {
			best = took
		}
	}
	rss, err := d.rss()
	if err != nil {
		return err
	}
	d.stop()
	if err := d.start(); err != nil {
		return err
	}
	if _, _, err := walkAll(ctx, d.sn); err != nil {
		return err
	}
	rssAfter, err := d.rss()
	if err != nil {
		return err
	}
	fmt.Printf("| %s | %s | %s | %s | %.0f | %s | %.0f | %s | %.0f |\n", d.name, micros(small), micros(large),
		ratio(float64(large), float64(small)), fillRate, ms(best), float64(rss)/1024, ms(d.startup), float64(rssAfter)/1024)
	return nil
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.0f", float64(d)/float64(time.Millisecond))
}
