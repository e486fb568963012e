package main

import "time"

// backlog is how far behind its schedule a pacer lets its clients fall: a stall shorter than this
// (a busy core on a shared machine, a flush that all clients wait for) is made up for, a longer
// one loses calls. With 25 ms, Strata lost 8% of the calls at 0.4x its closed-loop throughput on
// a loaded machine.
const backlog = 100 * time.Millisecond

// pacer releases calls at a fixed aggregate rate to all the clients that share it: a token bucket
// that one goroutine fills on a schedule (the n-th token is due n/rate after the start) and that
// holds the tokens of one backlog, at least one per client, so that a daemon that cannot keep up
// gets fewer calls than the rate instead of a growing queue. A nil pacer releases every call at
// once.
type pacer struct {
	tokens chan struct{}
	done   chan struct{}
}

// startPacer starts releasing rate tokens per second to clients, the first one 1/rate from now.
func startPacer(rate float64, clients int) *pacer {
	burst := int(rate * backlog.Seconds())
	if burst < clients {
		burst = clients
	}
	p := &pacer{tokens: make(chan struct{}, burst), done: make(chan struct{})}
	go p.fill(rate)
	return p
}

func (p *pacer) fill(rate float64) {
	began := time.Now()
	ticker := time.NewTicker(time.Duration(float64(time.Second) / rate))
	defer ticker.Stop()
	// a late tick (a busy machine) is made up for by counting the tokens due since the start
	released := 0
	for {
		select {
		case <-p.done:
			return
		case <-ticker.C:
			for due := int(time.Since(began).Seconds() * rate); released < due; released++ {
				select {
				case p.tokens <- struct{}{}:
				default: // the bucket is full: no client was free for a whole backlog, this call is lost
				}
			}
		}
	}
}

// take waits for a token.
func (p *pacer) take() {
	if p != nil {
		<-p.tokens
	}
}

// stop ends the releases; p may be nil.
func (p *pacer) stop() {
	if p != nil {
		close(p.done)
	}
}
