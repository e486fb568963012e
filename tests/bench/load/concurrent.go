package main

import (
	"context"
	"fmt"
	"strings"
	"time"
)

const (
	// pacedShare of the reference's throughput in conc or concw is the paced phases' default rate:
	// below its saturation, so that its latencies are not queueing ones either.
	pacedShare = 0.8
	// pacedDefault and pacedwDefault are the paced phases' rates when conc or concw did not run:
	// about 0.8x the reference's throughput there in session 11's runs (3165 and 2685 calls/s).
	pacedDefault  = 2500.0
	pacedwDefault = 2000.0
	// keepUpShare of the rate is the least a daemon must achieve to count as keeping up with it.
	keepUpShare = 0.95
)

// pacing is the aggregate rate of the calls of a concurrent phase, and where it comes from; the
// zero value is a closed loop, each client making its next call as soon as the last returned.
type pacing struct {
	rate   float64
	source string
}

// pacedRate is the rate of paced (pacedw with write): fixed when not 0, else pacedShare of the
// reference's throughput in conc (concw) when that ran, else the default.
func pacedRate(fixed float64, closedRate map[bool]float64, write bool) pacing {
	if fixed > 0 {
		return pacing{fixed, "-paced-rate"}
	}
	if measured, ok := closedRate[write]; ok {
		return pacing{pacedShare * measured, fmt.Sprintf("%.1fx the reference's throughput in %s", pacedShare, phaseName("conc", write))}
	}
	if write {
		return pacing{pacedwDefault, "fixed default, concw did not run"}
	}
	return pacing{pacedDefault, "fixed default, conc did not run"}
}

// concurrentPhase runs p.clients clients, each with its own chains, on both daemons in alternating
// rounds; closed loops (conc, concw) or sharing one pacer (paced, pacedw), so that both daemons get
// the same offered load. It prints the latencies, each daemon's calls per second and CPU per call,
// and returns the calls per second. A paced daemon that did not keep up with the rate gets no table:
// its latencies would be those of a saturated daemon, not those at the common load.
func concurrentPhase(ctx context.Context, p plan, strata, reference *daemon, write bool, pace pacing) (map[*daemon]float64, error) {
	rounds, chains := p.concurrentRounds, p.concurrentChains
	what := "metadata only"
	if write {
		rounds, chains = p.writeConcurrentRounds, p.writeConcChains
		what = "each active snapshot mounted and written"
	}
	name := phaseName("conc", write)
	if pace.rate > 0 {
		name = phaseName("paced", write)
	}
	record := map[*daemon]*samples{strata: newSamples(), reference: newSamples()}
	cpu := map[*daemon]time.Duration{}
	achieved := map[*daemon]float64{}
	if err := alternateDaemons(strata, reference, rounds, func(d *daemon, r int) error {
		var gate *pacer
		if pace.rate > 0 {
			gate = startPacer(pace.rate, p.clients)
		}
		defer gate.stop()
		used, err := cpuDuring(d, func() error {
			perSecond, err := concurrent(ctx, d.sn, fmt.Sprintf("%s-r%d", name, r), p.clients, chains, p.depth, write, gate, record[d])
			achieved[d] += perSecond / float64(rounds)
			return err
		})
		cpu[d] += used
		return err
	}); err != nil {
		return nil, err
	}
	if pace.rate == 0 {
		latencyTable(fmt.Sprintf("%d concurrent clients, %s", p.clients, what), chainOps, record[strata], record[reference])
		fmt.Printf("throughput (calls/s): strata %.0f, reference %.0f, ratio %s\n", achieved[strata], achieved[reference], ratio(achieved[strata], achieved[reference]))
		cpuPerCall(cpu[strata], cpu[reference], record[strata], record[reference])
		return achieved, nil
	}
	title := fmt.Sprintf("%d concurrent clients paced at %.0f calls/s together (%s), %s", p.clients, pace.rate, pace.source, what)
	var behind []string
	for _, d := range []*daemon{strata, reference} {
		if achieved[d] < keepUpShare*pace.rate {
			behind = append(behind, d.name)
		}
	}
	if len(behind) == 0 {
		latencyTable(title, chainOps, record[strata], record[reference])
	} else {
		fmt.Printf("\n%s\nno table: %s could not keep up (achieved less than %.0f%% of the rate), so the daemons were not at the same load; lower -paced-rate\n",
			title, strings.Join(behind, " and "), 100*keepUpShare)
	}
	fmt.Printf("achieved (calls/s): strata %.0f, reference %.0f\n", achieved[strata], achieved[reference])
	cpuPerCall(cpu[strata], cpu[reference], record[strata], record[reference])
	return achieved, nil
}

// cpuDuring runs phase and returns the CPU time d used meanwhile.
func cpuDuring(d *daemon, phase func() error) (time.Duration, error) {
	before, err := d.cpuTime()
	if err != nil {
		return 0, err
	}
	if err := phase(); err != nil {
		return 0, err
	}
	after, err := d.cpuTime()
	return after - before, err
}
