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
	warmups, warmupChains, warmupReads     int
	readRounds, readCalls                  int
	rounds, chains, depth                  int
	writeRounds, writeChains               int
	concurrentRounds, concurrentChains     int
	writeConcurrentRounds, writeConcChains int
	clients                                int
	scaleSmall, scaleLarge, statSamples    int
	statBatches, restarts, startups        int
}

var (
	fullPlan = plan{
		warmups: 3, warmupChains: 300, warmupReads: 20000,
		readRounds: 4, readCalls: 5000,
		rounds: 4, chains: 25, depth: 4,
		writeRounds: 4, writeChains: 10,
		concurrentRounds: 4, concurrentChains: 12,
		writeConcurrentRounds: 4, writeConcChains: 8,
		clients:    8,
		scaleSmall: 1000, scaleLarge: 100000, statSamples: 2000,
		statBatches: 4, restarts: 3, startups: 8,
	}
	quickPlan = plan{
		warmups: 1, warmupChains: 100, warmupReads: 20000,
		readRounds: 2, readCalls: 4000,
		rounds: 2, chains: 10, depth: 4,
		writeRounds: 2, writeChains: 5,
		concurrentRounds: 2, concurrentChains: 4,
		writeConcurrentRounds: 1, writeConcChains: 2,
		clients:    8,
		scaleSmall: 1000, scaleLarge: 10000, statSamples: 1000,
		statBatches: 2, restarts: 3, startups: 4,
	}
)

func main() {
	strataCmd := flag.String("strata", "", "Strata daemon command line (--root and --address are appended)")
	referenceCmd := flag.String("reference", "", "reference daemon command line (--root and --address are appended)")
	workdir := flag.String("workdir", "", "directory for the daemons' roots, sockets and logs")
	quick := flag.Bool("quick", false, "smaller phases and 10,000 instead of 100,000 snapshots for the scale phase")
	scale := flag.Int("scale", 0, "number of snapshots for the scale phase (overrides the plan)")
	warmups := flag.Int("warmups", 0, "how many times to run the warm-up before measuring (overrides the plan)")
	startups := flag.Int("startups", 0, "how many restarts on an empty root the startup phase times (overrides the plan)")
	phases := flag.String("phases", "startup,reads,seq,seqw,conc,concw,paced,pacedw,scale", "phases to run: startup (restarts on an empty root, before the warm-up), then after the warm-up reads (Stat and Mounts only, 1 and 8 clients), seq, seqw (sequential with writes, then the flush floor), conc, concw (concurrent with writes), paced, pacedw (concurrent at one fixed rate for both daemons), scale")
	pacedRateFlag := flag.Float64("paced-rate", 0, fmt.Sprintf("calls/s of the paced phases (default: %.1fx the reference's throughput in conc or concw when that ran, else %.0f for paced and %.0f for pacedw)", pacedShare, pacedDefault, pacedwDefault))
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
	selected := map[string]bool{}
	for _, phase := range strings.Split(*phases, ",") {
		selected[phase] = true
	}
	if *warmups > 0 {
		p.warmups = *warmups
	}
	if *startups > 0 {
		p.startups = *startups
	}
	if err := run(p, selected, *pacedRateFlag, *workdir, strata, reference); err != nil {
		fmt.Fprintf(os.Stderr, "load: %v\n", err)
		strata.stop()
		reference.stop()
		os.Exit(1)
	}
}

// run starts both daemons and runs the selected phases; fixedRate, when not 0, is the paced phases'
// rate in calls per second, and workdir holds the flush floor's file.
func run(p plan, selected map[string]bool, fixedRate float64, workdir string, strata, reference *daemon) error {
	ctx := context.Background()
	for _, d := range []*daemon{reference, strata} {
		if err := d.start(); err != nil {
			return err
		}
	}
	fmt.Printf("first start-up on an empty root (ms): strata %v, reference %v\n", ms(strata.startup), ms(reference.startup))

	alternate := func(rounds int, phase func(d *daemon, round int) error) error {
		return alternateDaemons(strata, reference, rounds, phase)
	}
	if selected["startup"] {
		if err := startupPhase(p, strata, reference); err != nil {
			return err
		}
	}
	record := map[*daemon]*samples{}
	cpu := map[*daemon]time.Duration{}
	fresh := func() {
		record = map[*daemon]*samples{strata: newSamples(), reference: newSamples()}
		cpu = map[*daemon]time.Duration{}
	}

	if !anySelected(selected, "reads", "seq", "seqw", "conc", "concw", "paced", "pacedw", "scale") {
		return nil
	}
	fmt.Println("warming up both daemons (not recorded)")
	warmStart := time.Now()
	if err := alternate(p.warmups, func(d *daemon, r int) error {
		if err := sequential(ctx, d.sn, fmt.Sprintf("warm-r%d", r), p.warmupChains, p.depth, false, nil, nil); err != nil {
			return err
		}
		if _, err := concurrent(ctx, d.sn, fmt.Sprintf("warm-c-r%d", r), p.clients, 2, p.depth, true, nil, newSamples()); err != nil {
			return err
		}
		_, err := reads(ctx, d.sn, "warm-read", p.clients, p.warmupReads, newSamples())
		return err
	}); err != nil {
		return err
	}

	fmt.Printf("warmed up in %.1f s\n", time.Since(warmStart).Seconds())

	if selected["reads"] {
		for _, clients := range []int{1, p.clients} {
			fresh()
			rate := map[*daemon]float64{}
			if err := alternate(p.readRounds, func(d *daemon, r int) error {
				used, err := cpuDuring(d, func() error {
					perSecond, err := reads(ctx, d.sn, fmt.Sprintf("reads-%d-r%d", clients, r), clients, p.readCalls, record[d])
					rate[d] += perSecond / float64(p.readRounds)
					return err
				})
				cpu[d] += used
				return err
			}); err != nil {
				return err
			}
			latencyTable(fmt.Sprintf("Reads only, %d client(s) on one snapshot", clients), readOps, record[strata], record[reference])
			fmt.Printf("throughput (calls/s): strata %.0f, reference %.0f, ratio %s\n", rate[strata], rate[reference], ratio(rate[strata], rate[reference]))
			cpuPerCall(cpu[strata], cpu[reference], record[strata], record[reference])
		}
	}

	// the first sequential table's samples, for the flush floor
	var floorStrata, floorReference *samples
	for _, write := range []bool{false, true} {
		if !selected[phaseName("seq", write)] {
			continue
		}
		fresh()
		if floorStrata == nil {
			floorStrata, floorReference = record[strata], record[reference]
		}
		rounds, chains := p.rounds, p.chains
		title := "Sequential, one client, metadata only"
		if write {
			rounds, chains = p.writeRounds, p.writeChains
			title = "Sequential, one client, each active snapshot mounted and written (mount time not counted)"
		}
		if err := alternate(rounds, func(d *daemon, r int) error {
			return sequential(ctx, d.sn, fmt.Sprintf("seq-%v-r%d", write, r), chains, p.depth, write, nil, record[d])
		}); err != nil {
			return err
		}
		latencyTable(title, chainOps, record[strata], record[reference])
	}
	if floorStrata != nil {
		flush, err := flushFloor(workdir)
		if err != nil {
			return err
		}
		printRemoveFloor(flush, floorStrata, floorReference)
	}

	// the reference's throughput in conc and concw, by write, for the paced phases' default rate
	closedRate := map[bool]float64{}
	for _, write := range []bool{false, true} {
		if !selected[phaseName("conc", write)] {
			continue
		}
		achieved, err := concurrentPhase(ctx, p, strata, reference, write, pacing{})
		if err != nil {
			return err
		}
		closedRate[write] = achieved[reference]
	}
	for _, write := range []bool{false, true} {
		if !selected[phaseName("paced", write)] {
			continue
		}
		if _, err := concurrentPhase(ctx, p, strata, reference, write, pacedRate(fixedRate, closedRate, write)); err != nil {
			return err
		}
	}

	if !selected["scale"] {
		return nil
	}
	return scalePhase(ctx, p, workdir, strata, reference)
}

// alternateDaemons runs phase on both daemons, swapping which goes first each round, and lets each
// daemon finish its deferred work before the next phase.
func alternateDaemons(strata, reference *daemon, rounds int, phase func(d *daemon, round int) error) error {
	return rotateDaemons([]*daemon{strata, reference}, rounds, phase)
}

// rotateDaemons runs phase on every daemon each round, round r starting with daemons[r%len], and
// lets each daemon finish its deferred work before the next one's turn.
func rotateDaemons(daemons []*daemon, rounds int, phase func(d *daemon, round int) error) error {
	for r := 0; r < rounds; r++ {
		for i := range daemons {
			d := daemons[(r+i)%len(daemons)]
			if err := phase(d, r); err != nil {
				return fmt.Errorf("%s: %w", d.name, err)
			}
			if err := d.quiesce(); err != nil {
				return fmt.Errorf("%s: %w", d.name, err)
			}
		}
	}
	return nil
}

func anySelected(selected map[string]bool, phases ...string) bool {
	for _, phase := range phases {
		if selected[phase] {
			return true
		}
	}
	return false
}

// phaseName is the -phases name of a phase: with writes, it ends in w.
func phaseName(base string, write bool) string {
	if write {
		return base + "w"
	}
	return base
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.0f", float64(d)/float64(time.Millisecond))
}
